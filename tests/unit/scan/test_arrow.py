"""The embedded engine reads files: counts equal a direct crosstab, a file of thousands of row
groups counts the same (and costs little more), hive keys become columns, and a file that
cannot be read is named with its column."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from iaf.errors import ReleaseError
from iaf.release import open_release
from iaf.scan import arrow, scan, tables_from_arrow
from iaf.tables import ContingencyTable
from tests.helpers import SHIPPED, write

SCHEMA = SHIPPED.locale("ko_KR").schema
REQUESTS = [("age", "occupation", "sex"), ("education_level", "occupation"), ("province",)]
COLUMNS = ["age", "occupation", "sex", "education_level", "province"]


def crosstab(table: pa.Table, dims: list[str]) -> pd.Series:
    return table.select(dims).to_pandas().value_counts().sort_index()


def as_series(table: ContingencyTable) -> pd.Series:
    frame = table.frame()
    index = pd.MultiIndex.from_frame(frame[list(table.dims)])
    return pd.Series(frame["n"].to_numpy(), index=index).sort_index()


def test_scan_counts_equal_a_direct_crosstab(release_dir, small_table):
    release = open_release([release_dir], SCHEMA, COLUMNS)
    tables = scan(release, SCHEMA, REQUESTS)
    assert tables.engine == "arrow"
    for dims in (["age", "occupation", "sex"], ["occupation", "education_level"], ["sex"],
                 ["province"]):
        pd.testing.assert_series_equal(as_series(tables.get(dims)), crosstab(small_table, dims),
                                       check_names=False, check_dtype=False,
                                       check_index_type=False)


def test_scan_and_in_memory_aggregation_agree(release_dir, small_table):
    release = open_release([release_dir], SCHEMA, ["sex", "age"])
    scanned = scan(release, SCHEMA, [("sex", "age")]).get(["age", "sex"])
    memory = tables_from_arrow(small_table, SCHEMA, [("sex", "age")]).get(["age", "sex"])
    np.testing.assert_array_equal(scanned.counts, memory.counts)
    assert scanned.total == small_table.num_rows


def test_progress_is_reported_up_to_the_row_count(release_dir):
    release = open_release([release_dir], SCHEMA, ["sex"])
    seen = []
    scan(release, SCHEMA, [("sex",)],
         on_progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert seen[-1] == ("scan", release.rows, release.rows)


def scan_time(path: Path) -> tuple[float, dict]:
    release = open_release([path], SCHEMA, COLUMNS)
    start = time.perf_counter()
    tables = scan(release, SCHEMA, REQUESTS)
    return time.perf_counter() - start, {d: as_series(tables.get(list(d))) for d in REQUESTS}


def test_thousands_of_row_groups_count_the_same_for_little_more(tmp_path, small_table):
    few, many = tmp_path / "few.parquet", tmp_path / "many.parquet"
    pq.write_table(small_table.select(COLUMNS), few)
    pq.write_table(small_table.select(COLUMNS), many, row_group_size=5)  # 4,000 row groups
    assert pq.ParquetFile(many).metadata.num_row_groups == 4_000
    (fast, expected), (slow, got) = scan_time(few), scan_time(many)
    for dims in REQUESTS:
        pd.testing.assert_series_equal(got[dims], expected[dims])
    bare = time.perf_counter()
    pq.read_table(many)  # pyarrow's own cost of the row groups, the floor
    bare = time.perf_counter() - bare
    assert slow < 3 * bare + 0.5, (slow, bare, fast)  # was 18 ms per row group (72 s here)


def test_hive_keys_are_columns_of_their_files(tmp_path, small_table):
    for province in ("서울", "부산"):
        rows = small_table.filter(pa.compute.equal(small_table["province"], province))
        write(tmp_path / "pop" / f"province={province}" / "part-0.parquet",
              rows.drop_columns(["province"]))
    release = open_release([tmp_path / "pop"], SCHEMA, ["province", "sex"])
    assert "province" in release.columns
    got = scan(release, SCHEMA, [("province", "sex")]).get(["province", "sex"])
    kept = small_table.filter(pa.compute.is_in(small_table["province"],
                                               pa.array(["서울", "부산"])))
    pd.testing.assert_series_equal(as_series(got), crosstab(kept, ["province", "sex"]),
                                   check_names=False, check_dtype=False,
                                   check_index_type=False)


def corrupt_indices(path: Path, column: str) -> None:
    """Overwrite the end of ``column``'s last data page (its dictionary indices) with ones:
    indices past a dictionary whose size is not a power of two."""
    meta = pq.ParquetFile(path).metadata.row_group(0)
    chunk = next(meta.column(i) for i in range(meta.num_columns)
                 if meta.column(i).path_in_schema == column)
    end = chunk.dictionary_page_offset + chunk.total_compressed_size
    data = bytearray(path.read_bytes())
    data[end - 40:end] = b"\xff" * 40
    path.write_bytes(bytes(data))


def test_a_corrupt_dictionary_page_names_the_file_and_column(tmp_path, small_table):
    path = tmp_path / "x.parquet"
    pq.write_table(small_table.select(COLUMNS), path, compression="NONE")
    corrupt_indices(path, "education_level")  # 7 values: indices up to 7 are past them
    release = open_release([path], SCHEMA, COLUMNS)
    with pytest.raises(ReleaseError) as info:
        scan(release, SCHEMA, REQUESTS)
    assert info.value.column == "education_level"
    assert info.value.file and info.value.file.endswith("x.parquet")


def test_an_unreadable_page_names_the_file_and_its_column(tmp_path, small_table, monkeypatch):
    path = write(tmp_path / "x.parquet", small_table.select(COLUMNS))
    original = pq.read_table

    def failing(source, columns=None, **kwargs):
        if columns == ["sex"]:
            raise pa.ArrowInvalid("Unexpected end of stream")
        return original(source, columns=columns, **kwargs)

    monkeypatch.setattr(pq, "read_table", failing)
    error = arrow._unreadable(open_release([path], SCHEMA, COLUMNS).files[0], COLUMNS,
                              pa.ArrowInvalid("Unexpected end of stream"))
    assert (error.column, "Cannot read the file's data" in str(error)) == ("sex", True)


def test_the_reader_thread_stops_when_the_counting_fails(release_dir):
    release = open_release([release_dir], SCHEMA, ["sex"])
    source = arrow._batches(release, ["sex"], ["sex"], [])
    reader = arrow.ReadAhead(source)
    with pytest.raises(RuntimeError, match="counting failed"):
        with reader as batches:
            next(batches)
            raise RuntimeError("counting failed")
    assert not reader._thread.is_alive()
