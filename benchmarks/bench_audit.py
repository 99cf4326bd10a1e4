"""Benchmark: time and peak memory of a whole audit of a 1M-row release in the real layout.

Generates (once, then reuses) a Korean release of 1,000,000 rows in 9 shards with all 26
columns, text columns weighing what the real release's do, then measures, each in a fresh
process so peak memory is its own:

  bare read   pyarrow reads the audited columns of every shard (the floor for any scan)
  gx import   `python -c "import great_expectations"` (the floor for any GX validation)
  scan        iaf loads the catalogue, opens the release, builds every table in one pass
  verdicts    `iaf audit RELEASE`: catalogue, scan, sha256 of the files, every footprint,
              noise floors and power, GX, the terminal table
  audit       `iaf audit RELEASE --report DIR`: the same, and report.json, report.md and
              report.html (its plots drawn by a child process meanwhile)

    python benchmarks/bench_audit.py [--rows 1000000] [--out bench-out]

Not a test: the figures depend on the machine. Targets (2 cores): the verdicts within 1.3x of
(bare read + GX import) measured in the same run, the plotted report within 2x, peak memory
under 0.5 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

COLUMNS = ["age", "bachelors_field", "education_level", "marital_status", "military_status",
           "occupation", "province", "sex"]  # what the Korean footprints read (checked below)
BARE = f"""
import sys, pyarrow.parquet as pq
from pathlib import Path
files = sorted(Path(sys.argv[1]).glob("data/*.parquet"))
print(sum(pq.read_table(f, columns={COLUMNS!r}).num_rows for f in files))
"""
GX = "import great_expectations"
SCAN = """
import sys
from iaf.catalogue import Catalogue
from iaf.release import open_release
from iaf.scan import scan
entry = Catalogue.shipped().locale("ko_KR")
requests = [f.scan_columns() for f in entry.footprints if not f.unevaluable]
release = open_release([sys.argv[1]], entry.schema, sorted({c for r in requests for c in r}))
print(scan(release, entry.schema, requests).get(["sex"]).total)
"""


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (GB) of one child process."""
    start = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0, 1):  # 1: the audit found failures, which is fine here
        sys.exit(f"{command} failed:\n{completed.stderr}")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, peak_kb / 1024 / 1024


def build(out: Path, rows: int) -> Path:
    release = out / f"ko_KR-{rows}"
    if not (release / "data").is_dir():
        from iaf.simulators.build import build_release  # noqa: PLC0415

        start = time.perf_counter()
        build_release("ko_KR", release, rows, seed=1, model="card-independence", shards=9,
                      text_chars=50)
        print(f"generated {rows:,} rows in {time.perf_counter() - start:.1f} s")
    size = sum(p.stat().st_size for p in (release / "data").glob("*.parquet"))
    print(f"release: {release} ({size / 1e9:.2f} GB on disk)")
    return release


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path("bench-out"))
    args = parser.parse_args()
    release = build(args.out, args.rows)
    python = sys.executable
    from iaf.catalogue import Catalogue  # noqa: PLC0415

    read = sorted({c for f in Catalogue.shipped().locale("ko_KR").footprints
                   if not f.unevaluable for c in f.scan_columns()})
    assert read == COLUMNS, f"update COLUMNS to {read}"
    runs = {
        "bare read": [python, "-c", BARE, str(release)],
        "gx import": [python, "-c", GX],
        "scan": [python, "-c", SCAN, str(release)],
        "verdicts": [python, "-m", "iaf.cli", "audit", str(release), "--quiet"],
        "audit": [python, "-m", "iaf.cli", "audit", str(release), "--quiet",
                  "--report", str(args.out / "report")],
    }
    results = {}
    for name, command in runs.items():
        # RUSAGE_CHILDREN keeps the largest child so far: measure each in its own process
        results[name] = json.loads(subprocess.run(
            [python, __file__, "--child", json.dumps(command)], capture_output=True, text=True,
            check=True).stdout)
        print(f"{name:10} {results[name][0]:6.2f} s   peak {results[name][1]:.2f} GB")
    floor = results["bare read"][0] + results["gx import"][0]
    print(f"scan / bare read: {results['scan'][0] / results['bare read'][0]:.2f}x")
    for name in ("verdicts", "audit"):
        print(f"{name} / (bare read + gx import): {results[name][0] / floor:.2f}x "
              f"({results[name][0]:.2f} s against {floor:.2f} s)")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(measure(json.loads(sys.argv[2]))))
    else:
        main()
