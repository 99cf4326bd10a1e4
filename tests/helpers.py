"""Helpers shared by the tests: generated Korean releases, cached per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from iaf.simulate import generate


@lru_cache(maxsize=None)
def generated(rows: int, seed: int, model: str) -> pa.Table:
    return generate("ko_KR", rows, seed, model)


def write(path: Path, table: pa.Table) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    return path
