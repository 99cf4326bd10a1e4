"""Helpers shared by the tests: generated releases (cached per process), and one footprint's
record on an in-memory table through the public API."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from iaf.catalogue import Catalogue
from iaf.results import Record
from iaf.runner import audit_table
from iaf.simulators.build import demographics, generate

SHIPPED = Catalogue.shipped()
TINY = Path(__file__).parent / "fixtures" / "catalogue"  # a one-locale catalogue for machinery


@lru_cache(maxsize=None)
def generated(rows: int, seed: int, model: str) -> pa.Table:
    return generate("ko_KR", rows, seed, model)


def demographic_table(locale: str, rows: int, seed: int, model: str) -> pa.Table:
    """Only the demographic columns of a generated release (fast for big sizes)."""
    return pa.table({k: pa.array(v) for k, v in demographics(locale, rows, seed, model).items()})


def records(table: pa.Table, locale: str = "ko_KR", ids: list[str] | None = None
            ) -> dict[str, Record]:
    return {r.footprint.id: r for r in audit_table(table, locale, ids).records}


def record(footprint_id: str, table: pa.Table, locale: str = "ko_KR") -> Record:
    return records(table, locale, [footprint_id])[footprint_id]


def write(path: Path, table: pa.Table) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    return path
