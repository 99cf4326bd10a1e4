"""Benchmark: time and peak memory of whole audits from 1M to 100M rows, each against a bare read
of the same columns measured in the same run.

Generates Korean releases with the simulator (streamed, in bounded memory), then measures, each
in a fresh process so peak memory is its own, the best of ``--repeat`` runs:

  bare read   pyarrow streams the audited columns of every shard (to_batches: the floor for any
              scan)
  gx import   `python -c "import great_expectations"` (the floor for any GX validation)
  scan        iaf loads the catalogue, opens the release, counts every table in one pass
  audit       `iaf audit RELEASE`: catalogue, scan, sha256 of the files, every footprint, noise
              floors and power, GX, the terminal table
  report      (1M only) the same with --report: report.json, report.md and report.html
  spark       `iaf audit RELEASE --engine spark` in Spark's local mode (--spark-sizes; its peak
              is the Python process's, the JVM's own memory is not counted)

The 1M release is in the real layout (9 shards, text columns weighing what the real release's
do: 1.8 GB); larger ones have one shard per million rows and short template text, so that 100M
rows fit on disk (about 19 GB). Generated releases are deleted at the end unless --keep.

    python benchmarks/bench_audit.py [--sizes 1M,10M,100M] [--spark-sizes 1M,10M]
                                     [--repeat 2] [--out bench-out] [--keep]

Not a test: the figures depend on the machine and its load (reported beside them). Targets
(issue 22, 2 cores): the 1M audit within 1.15x of (bare read + GX import), peak under 0.5 GB;
the 100M audit within (the 1M audit) + 1.0x (its bare read), peak under 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

COLUMNS = ["age", "bachelors_field", "education_level", "housing_type", "marital_status",
           "military_status", "occupation", "province", "sex"]  # what the audit reads
BARE = f"""
import sys, pyarrow.parquet as pq
from pathlib import Path
rows = 0
for path in sorted(Path(sys.argv[1]).glob("data/*.parquet")):
    for batch in pq.ParquetFile(path).iter_batches(batch_size=1 << 17, columns={COLUMNS!r}):
        rows += batch.num_rows
print(rows)
"""
GX = "import great_expectations"
SCAN = """
import sys
from iaf.catalogue import Catalogue
from iaf.release import open_release
from iaf.scan import scan
entry = Catalogue.shipped().locale("ko_KR")
requests = [f.scan_columns() if not f.unevaluable else f.attributes for f in entry.footprints]
release = open_release([sys.argv[1]], entry.schema, sorted({c for r in requests for c in r}))
print(scan(release, entry.schema, requests).rows)
"""
MILLION = 1_000_000


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (GB) of one child process."""
    start = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0, 1):  # 1: the audit found failures, which is fine here
        sys.exit(f"{command} failed:\n{completed.stderr}")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, peak_kb / 1024 / 1024


def best(command: list[str], repeat: int) -> tuple[float, float]:
    """The fastest of ``repeat`` runs (and its peak), each in its own measuring process
    (RUSAGE_CHILDREN keeps the largest child so far)."""
    runs = [json.loads(subprocess.run([sys.executable, __file__, "--child", json.dumps(command)],
                                      capture_output=True, text=True, check=True).stdout)
            for _ in range(repeat)]
    return tuple(min(runs))  # type: ignore[return-value]


def build(out: Path, rows: int) -> Path:
    from iaf.simulators.build import build_release  # noqa: PLC0415

    release = out / f"ko_KR-{rows}"
    if not (release / "data").is_dir():
        start = time.perf_counter()
        real = rows <= MILLION  # the real layout; larger: a shard per million, short text
        build_release("ko_KR", release, rows, seed=1, model="card-independence",
                      shards=9 if real else rows // MILLION, text_chars=50 if real else 0)
        print(f"generated {rows:,} rows in {time.perf_counter() - start:.0f} s", flush=True)
    size = sum(p.stat().st_size for p in (release / "data").glob("*.parquet"))
    print(f"release: {release} ({size / 1e9:.2f} GB on disk)", flush=True)
    return release


def label(rows: int) -> str:
    return f"{rows // MILLION}M" if rows % MILLION == 0 else f"{rows:,}"


def sizes(text: str) -> list[int]:
    return [int(float(s.rstrip("Mm")) * MILLION) if s[-1] in "Mm" else int(s)
            for s in text.split(",") if s]


def runs_for(rows: int, release: Path, spark: bool, out: Path) -> dict[str, list[str]]:
    python, audit = sys.executable, [sys.executable, "-m", "iaf.cli", "audit", str(release),
                                     "--quiet"]
    runs = {"bare read": [python, "-c", BARE, str(release)],
            "scan": [python, "-c", SCAN, str(release)], "audit": audit}
    if rows == MILLION:
        runs["gx import"] = [python, "-c", GX]
        runs["report"] = [*audit, "--report", str(out / "report")]
    if spark:
        runs["spark"] = [*audit, "--engine", "spark"]
    return runs


def summary(results: dict[int, dict[str, list[float]]]) -> list[str]:
    """The ratios the targets are stated in."""
    lines = []
    one = results.get(MILLION)
    if one and "gx import" in one:
        floor = one["bare read"][0] + one["gx import"][0]
        for name in ("audit", "report", "spark"):
            if name in one:
                lines.append(f"1M {name} / (bare read + gx import): {one[name][0] / floor:.2f}x "
                             f"({one[name][0]:.2f} s against {floor:.2f} s)")
    for rows, found in results.items():
        lines.append(f"{label(rows)} scan / bare read: "
                     f"{found['scan'][0] / found['bare read'][0]:.2f}x")
        if one and rows != MILLION:
            extra = (found["audit"][0] - one["audit"][0]) / found["bare read"][0]
            lines.append(f"{label(rows)} (audit - 1M audit) / bare read: {extra:.2f}x")
        if "spark" in found:
            lines.append(f"{label(rows)} spark audit / audit: "
                         f"{found['spark'][0] / found['audit'][0]:.2f}x")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1M,10M,100M")
    parser.add_argument("--spark-sizes", default="1M,10M")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("bench-out"))
    parser.add_argument("--keep", action="store_true", help="keep the generated releases")
    args = parser.parse_args()
    from iaf.catalogue import Catalogue  # noqa: PLC0415

    read = sorted({c for f in Catalogue.shipped().locale("ko_KR").footprints
                   for c in (f.attributes if f.unevaluable else f.scan_columns())})
    assert read == COLUMNS, f"update COLUMNS to {read}"
    spark = set(sizes(args.spark_sizes))
    load = os.getloadavg()
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
          f"({os.cpu_count()} cores)", flush=True)
    results: dict[int, dict[str, list[float]]] = {}
    for rows in sorted(set(sizes(args.sizes)) | spark):
        release = build(args.out, rows)
        results[rows] = {}
        for name, command in runs_for(rows, release, rows in spark, args.out).items():
            results[rows][name] = list(best(command, args.repeat))
            seconds, peak = results[rows][name]
            print(f"{label(rows):>5} {name:10} {seconds:8.2f} s   peak {peak:.2f} GB", flush=True)
        if not args.keep:
            shutil.rmtree(release)
    lines = summary(results)
    print("\n".join(lines))
    end = os.getloadavg()
    print(f"load average at end: {end[0]:.2f} {end[1]:.2f} {end[2]:.2f}")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.json").write_text(json.dumps(
        {"load_start": load, "load_end": end, "results": {label(r): v for r, v in
                                                            results.items()},
         "summary": lines}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(measure(json.loads(sys.argv[2]))))
    else:
        main()
