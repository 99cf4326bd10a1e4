"""Benchmark: time and peak memory of a whole audit of a 1M-row release in the real layout.

Generates (once, then reuses) a Korean release of 1,000,000 rows in 9 shards with all 26
columns, text columns weighing what the real release's do, then measures, each in a fresh
process so peak memory is its own:

  bare read   pyarrow reads the audited columns of every shard (the floor for any scan)
  scan        iaf opens the release and builds every table in one projected pass
  audit       `iaf audit RELEASE --report DIR`: scan, every footprint, GX, JSON + Markdown

    python benchmarks/bench_audit.py [--rows 1000000] [--out bench-out]

Not a test: the figures depend on the machine. Targets (2 cores): audit < 15 s and < 1.5 GB,
scan within 2x of the bare read.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

BARE = """
import sys, pyarrow.parquet as pq
from iaf.footprints import load_footprints
from iaf.release import resolve_files
columns = sorted({c for f in load_footprints("ko_KR") for c in f.scan_columns()})
root, files = resolve_files([sys.argv[1]], "train")
print(sum(pq.read_table(f, columns=columns).num_rows for f in files))
"""
SCAN = """
import sys
from iaf.audit import open_audit
print(open_audit([sys.argv[1]], "ko_KR").release.rows)
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
        from iaf.simulate import build_release  # noqa: PLC0415

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
    runs = {
        "bare read": [python, "-c", BARE, str(release)],
        "scan": [python, "-c", SCAN, str(release)],
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
    ratio = results["scan"][0] / results["bare read"][0]
    print(f"scan / bare read: {ratio:.2f}x")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(measure(json.loads(sys.argv[2]))))
    else:
        main()
