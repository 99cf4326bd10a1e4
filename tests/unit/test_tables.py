"""The one-scan aggregation: counts equal a direct crosstab, tables are planned once, regrouping
conserves mass, and open columns grow their codebook."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iaf.catalogue import ColumnSpec, Dtype, LocaleSchema
from iaf.errors import ReleaseError
from iaf.release import open_release
from iaf.tables import ContingencyTable, plan_tables, scan, tables_from_arrow
from tests.helpers import SHIPPED


def crosstab(table: pa.Table, dims: list[str]) -> pd.Series:
    return table.select(dims).to_pandas().value_counts().sort_index()


def as_series(table: ContingencyTable) -> pd.Series:
    frame = table.frame()
    index = pd.MultiIndex.from_frame(frame[list(table.dims)])
    return pd.Series(frame["n"].to_numpy(), index=index).sort_index()


def test_scan_counts_equal_a_direct_crosstab(release_dir, small_table):
    schema = SHIPPED.locale("ko_KR").schema
    requests = [("age", "occupation", "sex"), ("education_level", "occupation"), ("province",)]
    release = open_release([release_dir], schema, ["age", "occupation", "sex",
                                                   "education_level", "province"])
    tables = scan(release, schema, requests)
    for dims in (["age", "occupation", "sex"], ["occupation", "education_level"], ["sex"],
                 ["province"]):
        got = as_series(tables.get(dims))
        want = crosstab(small_table, dims)
        pd.testing.assert_series_equal(got, want, check_names=False, check_dtype=False,
                                       check_index_type=False)


def test_scan_and_in_memory_aggregation_agree(release_dir, small_table):
    schema = SHIPPED.locale("ko_KR").schema
    release = open_release([release_dir], schema, ["sex", "age"])
    scanned = scan(release, schema, [("sex", "age")]).get(["age", "sex"])
    memory = tables_from_arrow(small_table, schema, [("sex", "age")]).get(["age", "sex"])
    np.testing.assert_array_equal(scanned.counts, memory.counts)
    assert scanned.total == small_table.num_rows


def test_progress_is_reported_up_to_the_row_count(release_dir):
    schema = SHIPPED.locale("ko_KR").schema
    release = open_release([release_dir], schema, ["sex"])
    seen = []
    scan(release, schema, [("sex",)],
         on_progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert seen[-1] == ("scan", release.rows, release.rows)


def test_subset_requests_are_answered_from_one_table():
    planned = plan_tables([("sex",), ("age", "sex"), ("occupation", "sex"),
                           ("age", "occupation", "sex"), ("province",)])
    assert planned == [("age", "occupation", "sex"), ("province",)]


@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("xyz")), min_size=1,
                max_size=60),
       st.dictionaries(st.sampled_from("abc"), st.sampled_from(["G1", "G2", None])))
def test_regroup_conserves_mass(rows, mapping):
    letters, others = list("abc"), list("xyz")
    counts = np.zeros((3, 3), dtype=np.int64)
    for a, b in rows:
        counts[letters.index(a), others.index(b)] += 1
    table = ContingencyTable(("l", "o"), (tuple(letters), tuple(others)), counts)
    grouped, set_aside = table.regroup("l", mapping)
    assert grouped.total + set_aside.sum() == table.total
    assert grouped.marginal(["o"]).counts.sum() == grouped.total


def test_marginal_orders_axes_as_asked():
    counts = np.arange(24).reshape(2, 3, 4)
    table = ContingencyTable(("a", "b", "c"), (("a0", "a1"), ("b0", "b1", "b2"),
                                               ("c0", "c1", "c2", "c3")), counts)
    swapped = table.marginal(["c", "a"])
    assert swapped.dims == ("c", "a")
    np.testing.assert_array_equal(swapped.counts, counts.sum(axis=1).T)


def test_an_open_column_grows_its_codebook():
    schema = LocaleSchema("xx_XX", "train", "test", "", {
        "sex": ColumnSpec("sex", Dtype.STRING, values=("F", "M")),
        "job": ColumnSpec("job", Dtype.STRING),  # open: no value list
    })
    table = pa.table({"sex": ["F", "M", "F"], "job": ["b", "a", "b"]})
    result = tables_from_arrow(table, schema, [("job", "sex")]).get(["job", "sex"])
    assert result.categories[0] == ("a", "b")
    assert result.counts.tolist() == [[0, 1], [2, 0]]


def test_a_closed_column_refuses_unknown_values_whatever_the_encoding():
    schema = LocaleSchema("xx_XX", "train", "test", "",
                          {"sex": ColumnSpec("sex", Dtype.STRING, values=("F", "M"))})
    plain = pa.table({"sex": pa.array(["F", "X"])})
    encoded = pa.table({"sex": pa.array(["F", "X"]).dictionary_encode()})
    for table in (plain, encoded):
        with pytest.raises(ReleaseError, match="outside the declared value set"):
            tables_from_arrow(table, schema, [("sex",)])
