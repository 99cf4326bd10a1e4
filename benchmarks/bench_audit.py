"""Benchmark: time and peak memory of whole audits from 1M to 100M rows, each against a bare read
of the same columns measured in the same run.

Generates Korean releases with the simulator (streamed, in bounded memory), then measures, each
in fresh processes, the best of ``--repeat`` runs:

  bare read   pyarrow streams the audited columns of every shard (to_batches: the floor for any
              scan), the identity check's uuid and persona text included
  gx import   `python -c "import great_expectations"` (the floor for any GX validation)
  scan        iaf loads the catalogue, opens the release, counts every table in one pass
  audit cold  `iaf audit RELEASE` with an empty cache (IAF_CACHE_DIR a new folder each run):
              catalogue, scan, sha256 of the files, every footprint, noise bands and power
              simulated, GX, the terminal table
  audit       the same once the cache holds this size's simulations (a second audit)
  report      (1M only) the audit with --report: report.json, report.md and report.html
  bare read -i, audit -i
              the bare read and the warm audit without the identity check
              (`--exclude identity`: the uuid and persona text are then not read)
  spark       `iaf audit RELEASE --engine spark` in Spark's local mode (--spark-sizes), the cache
              warm

Peak memory is that of the whole process tree (the audit, its GX and hashing children, Spark's
JVM): the largest sum of their proportional set sizes (PSS: shared libraries counted once),
sampled every 50 ms. CPU is the tree's user + system seconds. The load average (1 min) before
each run is recorded: the machine may be shared.

The 1M release is in the real layout (9 shards, text columns weighing what the real release's
do: 1.8 GB); larger ones have one shard per million rows and short template text, so that 100M
rows fit on disk (27.1 GB). Generated releases are deleted at the end unless --keep.

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
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import sys, pyarrow.parquet as pq
from pathlib import Path
rows, columns = 0, sys.argv[2].split(",")
for path in sorted(Path(sys.argv[1]).glob("data/*.parquet")):
    for batch in pq.ParquetFile(path).iter_batches(batch_size=1 << 17, columns=columns):
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


def _tree(pid: int) -> list[int]:
    """``pid`` and every process it started, still running."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:  # a process that ends while it is looked at is no longer in the tree
            tasks = list(Path(f"/proc/{current}/task").glob("*/children"))
        except OSError:
            continue
        for task in tasks:
            try:
                pending += [int(c) for c in task.read_text().split()]
            except OSError:
                pass
    return found


def _pss(pids: list[int]) -> int:
    """The summed proportional set size (kB) of ``pids``."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except (OSError, ValueError):
            pass
    return total


def measure(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Wall and CPU seconds and peak memory (GB, the tree's PSS) of one run of ``command``."""
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        peak = 0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _pss(_tree(process.pid)))
            time.sleep(0.05)
        elapsed = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        process.returncode = code
        # 1: an audit found failures, which is fine here; for any other run it is a crash
        if code not in ((0, 1) if "iaf.cli" in command else (0,)):
            errors.seek(0)
            sys.exit(f"{command} failed ({code}):\n{errors.read().decode()}")
    return {"seconds": elapsed, "cpu": usage.ru_utime + usage.ru_stime,
            "peak_gb": peak / 1024 / 1024, "load": load}


def best(command: list[str], repeat: int, cache: Path | None) -> dict[str, float]:
    """The fastest of ``repeat`` runs; ``cache``: the simulations' cache folder (None: a new
    empty one each run)."""
    runs = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="bench-cache-") as empty:
            env = {**os.environ, "IAF_CACHE_DIR": str(cache or empty)}
            runs.append(measure(command, env))
    return min(runs, key=lambda r: r["seconds"])


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


def audited_columns(identity: bool = True) -> list[str]:
    """What the Korean audit reads: every footprint's columns (with ``identity``, the identity
    check's uuid and persona text included), the bare read's projection."""
    from iaf.catalogue import Catalogue  # noqa: PLC0415

    return sorted({c for f in Catalogue.shipped().locale("ko_KR").footprints
                   if identity or f.id != "identity"
                   for c in (f.attributes if f.unevaluable else f.scan_columns())})


def runs_for(rows: int, release: Path, spark: bool, out: Path
             ) -> dict[str, tuple[list[str], bool]]:
    """Each run's command, and whether it reads a warm cache."""
    python, audit = sys.executable, [sys.executable, "-m", "iaf.cli", "audit", str(release),
                                     "--quiet"]
    runs = {"bare read": ([python, "-c", BARE, str(release), ",".join(audited_columns())], True),
            "scan": ([python, "-c", SCAN, str(release)], True),
            "audit cold": (audit, False), "audit": (audit, True),
            # without the identity check, the one footprint that reads the text
            "bare read -i": ([python, "-c", BARE, str(release),
                              ",".join(audited_columns(identity=False))], True),
            "audit -i": ([*audit, "--exclude", "identity"], True)}
    if rows == MILLION:
        runs["gx import"] = ([python, "-c", GX], True)
        runs["report"] = ([*audit, "--report", str(out / "report")], True)
    if spark:
        runs["spark"] = ([*audit, "--engine", "spark"], True)
    return runs


def summary(results: dict[int, dict[str, dict[str, float]]]) -> list[str]:
    """The ratios the targets are stated in."""
    lines = []
    one = {k: v["seconds"] for k, v in results.get(MILLION, {}).items()}
    if "gx import" in one:
        floor = one["bare read"] + one["gx import"]
        for name in ("audit cold", "audit", "report", "spark"):
            if name in one:
                lines.append(f"1M {name} / (bare read + gx import): {one[name] / floor:.2f}x "
                             f"({one[name]:.2f} s against {floor:.2f} s)")
    for rows, runs in results.items():
        found = {k: v["seconds"] for k, v in runs.items()}
        lines.append(f"{label(rows)} scan / bare read: {found['scan'] / found['bare read']:.2f}x")
        for suffix in ("", " -i"):
            if one and rows != MILLION and f"audit{suffix}" in found:
                extra = (found[f"audit{suffix}"] - one[f"audit{suffix}"]) / \
                    found[f"bare read{suffix}"]
                lines.append(f"{label(rows)} (audit{suffix} - 1M audit{suffix}) / "
                             f"bare read{suffix}: {extra:.2f}x")
        if "spark" in found:
            lines.append(f"{label(rows)} spark audit / audit: "
                         f"{found['spark'] / found['audit']:.2f}x")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1M,10M,100M")
    parser.add_argument("--spark-sizes", default="1M,10M")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("bench-out"))
    parser.add_argument("--keep", action="store_true", help="keep the generated releases")
    args = parser.parse_args()
    print(f"audited columns (the bare read's): {', '.join(audited_columns())}", flush=True)
    spark = set(sizes(args.spark_sizes))
    load = os.getloadavg()
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
          f"({os.cpu_count()} cores)", flush=True)
    results: dict[int, dict[str, dict[str, float]]] = {}
    cache = args.out.resolve() / "cache"
    for rows in sorted(set(sizes(args.sizes)) | spark):
        release = build(args.out, rows)
        results[rows] = {}
        for name, (command, warm) in runs_for(rows, release, rows in spark, args.out).items():
            if warm and name.startswith("audit"):
                measure(command, {**os.environ, "IAF_CACHE_DIR": str(cache)})  # fills it
            found = results[rows][name] = best(command, args.repeat, cache if warm else None)
            print(f"{label(rows):>5} {name:12} {found['seconds']:8.2f} s  cpu {found['cpu']:7.2f} s"
                  f"  peak {found['peak_gb']:.2f} GB  load {found['load']:.2f}", flush=True)
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
    main()
