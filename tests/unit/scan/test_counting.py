"""Counting: every table equals a direct crosstab of the rows, however the rows arrive (one
batch, many small ones, weighted), and whether a table is held dense or as its cells."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iaf import tables
from iaf.catalogue import ColumnSpec, Dtype, LocaleSchema
from iaf.scan import counting
from iaf.scan.counting import Accumulator
from iaf.tables import ContingencyTable

SCHEMA = LocaleSchema("xx_XX", "train", "test", "", {
    "sex": ColumnSpec("sex", Dtype.STRING, values=("F", "M")),
    "job": ColumnSpec("job", Dtype.STRING),
    "age": ColumnSpec("age", Dtype.INTEGER, min=0, max=99),
})
REQUESTS = [("age", "job", "sex"), ("job",)]


def crosstab(table: pa.Table, dims: list[str]) -> dict[tuple, int]:
    return {k if isinstance(k, tuple) else (k,): int(v) for k, v in
            table.select(dims).to_pandas().value_counts().items()}


def cells(table: ContingencyTable) -> dict[tuple, int]:
    frame = table.frame()
    return {tuple(row[:-1]): int(row[-1]) for row in frame.itertuples(index=False)}


rows = st.lists(st.tuples(st.sampled_from(["F", "M"]), st.text("abcdef", min_size=1, max_size=2),
                          st.integers(0, 9)), min_size=1, max_size=200)


def release_table(drawn: list[tuple]) -> pa.Table:
    sex, job, age = zip(*drawn)
    return pa.table({"sex": list(sex), "job": list(job), "age": list(age)})


@given(rows, st.integers(1, 50), st.booleans())
def test_counts_equal_a_crosstab_however_rows_arrive(drawn, batch, held_as_cells):
    table = release_table(drawn)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(counting, "FLUSH_ROWS", 7)  # several flushes, and a switch mid-scan
        if held_as_cells:
            patch.setattr(counting, "DENSE_CELLS", 20)
            patch.setattr(tables, "DENSE_CELLS", 20)
        acc = Accumulator(SCHEMA, REQUESTS)
        for start in range(0, table.num_rows, batch):
            acc.add(table.slice(start, batch), "f")
        result = acc.result()
        for dims in (["age", "job", "sex"], ["job", "sex"], ["sex"]):
            assert cells(result.get(dims)) == crosstab(table, dims)
    assert result.rows == table.num_rows
    assert list(result.get(["job"]).categories[0]) == sorted(set(table["job"].to_pylist()))


@given(rows)
def test_weighted_rows_count_as_their_repeats(drawn):
    table = release_table(drawn)
    counts = table.group_by(["sex", "job", "age"]).aggregate([([], "count_all")])
    acc = Accumulator(SCHEMA, REQUESTS)
    acc.add(counts, "f", counts["count_all"].to_numpy())
    result = acc.result()
    assert result.rows == table.num_rows
    assert cells(result.get(["age", "job", "sex"])) == crosstab(table, ["age", "job", "sex"])


def test_a_table_of_a_column_with_many_values_is_held_as_cells():
    rng = np.random.default_rng(1)
    jobs = np.char.add("job", rng.integers(0, 100_000, 400_000).astype(str))
    table = pa.table({"sex": rng.choice(["F", "M"], jobs.size), "job": jobs,
                      "age": rng.integers(0, 100, jobs.size)})
    result = counting.tables_from_arrow(table, SCHEMA, REQUESTS)
    full = result.get(["age", "job", "sex"])
    assert full.sparse and full.total == 400_000
    expected = pd.Series(jobs).value_counts()
    by_job = result.get(["job"])
    assert dict(zip(by_job.categories[0], by_job.counts.tolist())) == expected.to_dict()
