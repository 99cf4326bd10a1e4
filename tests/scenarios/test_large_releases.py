"""Releases shaped unlike the demos: an open column of 100,000 values (counted as its cells,
not refused: it was "would have 200,000,000 cells"), and a file of thousands of row groups
(audited within 2x of the same rows in a few row groups: it was 18 ms per row group)."""

from __future__ import annotations

import time

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from iaf.results import Verdict
from iaf.runner import audit
from iaf.simulators.build import generate
from tests.helpers import demographic_table


def with_values(table: pa.Table, column: str, prefix: str, distinct: int, seed: int
                ) -> pa.Table:
    """Half the rows of ``column`` given one of ``distinct`` new values."""
    rng = np.random.default_rng(seed)
    values = np.array(table[column].to_pylist(), dtype=object)
    pick = rng.random(values.size) < 0.5
    values[pick] = np.char.add(prefix, rng.integers(0, distinct, pick.sum()).astype(str))
    return table.set_column(table.schema.get_field_index(column), column,
                            pa.array(values.tolist(), pa.string()))


def test_an_open_column_of_100k_values_is_audited(tmp_path):
    table = demographic_table("en_SG", 150_000, 3, "faithful")
    table = with_values(table, "occupation", "job ", 100_000, 1)
    table = with_values(table, "education_level", "level ", 1_000, 2)
    pq.write_table(table, tmp_path / "release.parquet")
    result = audit([tmp_path / "release.parquet"], "en_SG")
    assert {r.verdict for r in result.records} == {Verdict.INCONCLUSIVE}
    assert all("maps to the reference taxonomy" in r.reason for r in result.records)
    assert sum(result.values["occupation"].values()) == 150_000


@pytest.mark.slow
def test_thousands_of_row_groups_audit_within_twice_a_few(tmp_path):
    table = generate("ko_KR", 300_000, 5, "faithful")  # every column: identity reads the text
    seconds = {}
    for name, group in (("few", 1 << 20), ("many", 30), ("few again", 1 << 20)):
        pq.write_table(table, tmp_path / f"{name}.parquet", row_group_size=group)
        start = time.perf_counter()
        audit([tmp_path / f"{name}.parquet"], "ko_KR")
        seconds[name] = time.perf_counter() - start
    assert pq.ParquetFile(tmp_path / "many.parquet").metadata.num_row_groups == 10_000
    few = min(seconds["few"], seconds["few again"])  # the first also warms the caches
    assert seconds["many"] < 2 * few, seconds
