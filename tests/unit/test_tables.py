"""Count tables: requests are planned once, regrouping conserves mass, axes come in the order
asked, and a table held as its cells answers exactly as the same table held dense."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iaf import tables
from iaf.errors import ReleaseError
from iaf.tables import ContingencyTable, plan_tables


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
    assert grouped.total + set_aside.total == table.total
    assert grouped.marginal(["o"]).counts.sum() == grouped.total


def test_marginal_orders_axes_as_asked():
    counts = np.arange(24).reshape(2, 3, 4)
    table = ContingencyTable(("a", "b", "c"), (("a0", "a1"), ("b0", "b1", "b2"),
                                               ("c0", "c1", "c2", "c3")), counts)
    swapped = table.marginal(["c", "a"])
    assert swapped.dims == ("c", "a")
    np.testing.assert_array_equal(swapped.counts, counts.sum(axis=1).T)




def random_table(data: st.DataObject) -> ContingencyTable:
    shape = data.draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    size = int(np.prod(shape))
    counts = np.array(data.draw(st.lists(st.integers(0, 3), min_size=size, max_size=size)))
    dims = [f"d{i}" for i in range(len(shape))]
    categories = [[f"{d}_{j}" for j in range(n)] for d, n in zip(dims, shape)]
    return ContingencyTable(dims, categories, counts.reshape(shape))


@given(st.data())
def test_a_table_held_as_cells_answers_as_the_dense_one(data):
    dense = random_table(data)
    codes, n = tables.nonzero_cells(dense.counts)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tables, "DENSE_CELLS", 0)  # every table built from cells stays cells
        # each cell given twice, half its count each time: repeats are summed
        sparse = ContingencyTable.from_cells(dense.dims, dense.categories,
                                             np.repeat(codes, 2, axis=1),
                                             np.stack([n // 2, n - n // 2], axis=1).ravel())
        assert sparse.sparse and not dense.sparse
        np.testing.assert_array_equal(sparse.counts, dense.counts)
        assert sparse.total == dense.total
        dims = list(dense.dims)
        order = data.draw(st.permutations(dims))[: data.draw(st.integers(1, len(dims)))]
        np.testing.assert_array_equal(sparse.marginal(order).counts,
                                      dense.marginal(order).counts)
        dim = data.draw(st.sampled_from(dims))
        mapping = {c: data.draw(st.sampled_from(["G1", "G2", None]))
                   for c in dense.categories[dims.index(dim)]}
        (grouped, aside), (expected, expected_aside) = (sparse.regroup(dim, mapping),
                                                        dense.regroup(dim, mapping))
        assert grouped.categories == expected.categories
        np.testing.assert_array_equal(grouped.counts, expected.counts)
        np.testing.assert_array_equal(aside.counts, expected_aside.counts)
        pd.testing.assert_frame_equal(sparse.frame(), dense.frame())


def test_a_table_too_large_to_hold_dense_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(tables, "MAX_CELLS", 100)
    monkeypatch.setattr(tables, "DENSE_CELLS", 10)
    table = ContingencyTable.from_cells(["job", "sex"], [[f"j{i}" for i in range(1000)],
                                                         ["F", "M"]],
                                        np.array([[5], [1]]), np.array([3]))
    assert table.sparse and table.total == 3
    assert table.marginal(["sex"]).counts.tolist() == [0, 3]
    with pytest.raises(ReleaseError, match="would have 2,000 cells.*1,000 distinct values of job"):
        table.counts  # noqa: B018 - densifying is what is refused
