"""iaf's scan against DuckDB's GROUP BY GROUPING SETS, counting the same tables of a release.

    pip install duckdb
    python benchmarks/bench_duckdb.py RELEASE [--repeat 2]

RELEASE is a Korean release in the Hugging Face layout (benchmarks/bench_audit.py --keep
leaves them). Both count every contingency table the Korean footprints need except the
identity check's, which hashes whole rows and has no count table; the identity check is timed
apart, as the scan with and without it. Each run is a fresh process; the best of --repeat is
printed with its peak resident memory. Then the identity check's hashes of each id and text
column alone, in CPU nanoseconds a row over the batches the scan reads (held in memory, so
the read is not timed): iaf's (``value_hashes``, a batch at a time) against DuckDB's
``hash()`` in one query over the same batches, on one thread. Not a test: DuckDB is not a
dependency of iaf.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

RUN = """
import resource, sys, time
from iaf.catalogue import Catalogue
from iaf.tables import plan_tables
mode, release = sys.argv[1], sys.argv[2]
entry = Catalogue.shipped().locale("ko_KR")
requests = [f.scan_columns() if not f.unevaluable else f.attributes for f in entry.footprints
            if mode == "iaf with identity" or f.method.value != "identity"]
start = time.perf_counter()
if mode.startswith("iaf"):
    from iaf.release import open_release
    from iaf.scan import scan
    opened = open_release([release], entry.schema, sorted({c for r in requests for c in r}))
    scan(opened, entry.schema, requests)
else:
    import duckdb
    plan = plan_tables(requests)
    connection = duckdb.connect()
    connection.execute("SET threads=2")
    connection.execute("SET enable_progress_bar=false")
    sets = ", ".join("(" + ", ".join(p) + ")" for p in plan)
    columns = ", ".join(sorted({c for p in plan for c in p}))
    connection.execute(f"SELECT {columns}, count(*) FROM read_parquet('{release}/data/*.parquet')"
                       f" GROUP BY GROUPING SETS ({sets})").to_arrow_table()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
print(f"{time.perf_counter() - start:.2f} {peak:.2f}")
"""
MODES = ("iaf", "duckdb", "iaf with identity")
HASH = """
import glob, sys, time
import duckdb, pyarrow as pa, pyarrow.parquet as pq
from iaf.duplicates import value_hashes
column, release = sys.argv[1], sys.argv[2]
batches = [b for f in sorted(glob.glob(f"{release}/data/*.parquet"))
           for b in pq.ParquetFile(f).iter_batches(batch_size=1 << 15, columns=[column])]
rows = sum(b.num_rows for b in batches)
start = time.process_time()
for batch in batches:
    value_hashes(batch.column(0))
own = time.process_time() - start
connection = duckdb.connect(config={"threads": 1})
stream = pa.RecordBatchReader.from_batches(batches[0].schema, batches)
start = time.process_time()
connection.sql(f"SELECT hash({column}) FROM stream").to_arrow_table()
print(f"{own / rows * 1e9:.0f} {(time.process_time() - start) / rows * 1e9:.0f}")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("release")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    for mode in MODES:
        runs = [subprocess.run([sys.executable, "-c", RUN, mode, args.release], check=True,
                               capture_output=True, text=True).stdout.splitlines()[-1].split()
                for _ in range(args.repeat)]
        seconds, peak = min(runs, key=lambda r: float(r[0]))
        print(f"{mode:18} {float(seconds):6.2f} s  peak {float(peak):.2f} GB")
    for column in ("uuid", "persona"):
        own, duck = subprocess.run([sys.executable, "-c", HASH, column, args.release], check=True,
                                   capture_output=True, text=True).stdout.split()
        print(f"hash of {column:8}   iaf {own} ns a row, DuckDB {duck} ns a row (CPU)")


if __name__ == "__main__":
    main()
