"""Properties of the metrics: TVD, dependence recovery, flattening, standardisation, floors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from iaf import metrics

weights = st.lists(st.integers(0, 1000), min_size=2, max_size=12).filter(lambda w: sum(w) > 0)


def same_size(n: int):
    return st.lists(st.integers(0, 1000), min_size=n, max_size=n).filter(lambda w: sum(w) > 0)


@st.composite
def pairs(draw, k: int = 2):
    n = draw(st.integers(2, 12))
    return [draw(same_size(n)) for _ in range(k)]


@given(pairs())
def test_tvd_is_symmetric_and_bounded(pq):
    p, q = pq
    d = metrics.tvd(p, q)
    assert 0.0 <= d <= 1.0
    assert d == pytest.approx(metrics.tvd(q, p))


@given(pairs())
def test_tvd_is_zero_exactly_for_equal_distributions(pq):
    p, q = pq
    same = np.allclose(np.array(p) / sum(p), np.array(q) / sum(q))
    assert (metrics.tvd(p, q) < 1e-12) == same


@given(pairs(3))
def test_tvd_triangle_inequality(pqr):
    p, q, r = pqr
    assert metrics.tvd(p, r) <= metrics.tvd(p, q) + metrics.tvd(q, r) + 1e-12


@given(pairs(), st.randoms(use_true_random=False), st.integers(1, 50))
def test_tvd_ignores_category_order_and_count_scale(pq, rnd, scale):
    p, q = pq
    order = list(range(len(p)))
    rnd.shuffle(order)
    shuffled = metrics.tvd([p[i] for i in order], [q[i] for i in order])
    assert shuffled == pytest.approx(metrics.tvd(p, q))
    assert metrics.tvd([x * scale for x in p], q) == pytest.approx(metrics.tvd(p, q))


@pytest.mark.parametrize("bad", [[0, 0], [1, -1], [np.nan, 1]])
def test_tvd_refuses_unusable_weights(bad):
    with pytest.raises(ValueError):
        metrics.tvd(bad, [1, 1])


def test_compare_sorts_gaps_and_reports_shares():
    result = metrics.compare(["a", "b", "c"], np.array([50, 30, 20]), np.array([20, 30, 50]))
    assert result.distance == pytest.approx(0.3)
    assert [g.category for g in result.gaps] == ["a", "c", "b"]
    assert result.gaps[0].gap == pytest.approx(0.3)


tables = arrays(np.int64, st.tuples(st.integers(2, 5), st.integers(2, 6)),
                elements=st.integers(1, 500))


@given(tables)
def test_dependence_of_a_faithful_release_is_one(table):
    dep = metrics.Dependence.of(table * 3, table)
    assume(dep.independent > 1e-9)
    assert dep.distance == pytest.approx(0.0, abs=1e-12)
    assert dep.rho == pytest.approx(1.0)


@given(tables)
def test_dependence_of_an_independent_release_is_zero(table):
    marginal = table.sum(axis=0)
    independent = np.tile(marginal, (table.shape[0], 1)) * table.sum(axis=1)[:, None]
    dep = metrics.Dependence.of(independent, table)
    assume(dep.independent > 1e-9)
    assert dep.rho == pytest.approx(0.0, abs=1e-9)


def test_dependence_halfway():
    reference = np.array([[90, 10], [10, 90]])
    halfway = np.array([[70, 30], [30, 70]])  # half of the way to the 50/50 marginal
    dep = metrics.Dependence.of(halfway, reference)
    assert dep.rho == pytest.approx(0.5)
    assert dep.distance == pytest.approx(0.2)


def test_partial_dependence_uses_published_cells_only():
    reference = np.array([[0.6, np.nan, 0.1], [0.1, 0.5, np.nan]])
    synthetic = np.array([[60, 30, 10], [10, 50, 40]])
    dep = metrics.PartialDependence.of(synthetic, reference, np.array([1, 1]))
    assert dep.distance == pytest.approx(0.0)
    assert dep.rho == pytest.approx(1.0)
    assert dep.coverage == pytest.approx((0.7 + 0.6) / 2)


shares = st.lists(st.floats(0.01, 0.49), min_size=1, max_size=6)


@given(shares)
def test_flattening_is_one_when_shares_equal_the_reference(r):
    r = np.array(r)
    assert metrics.flattening(r, r, np.ones_like(r)) == pytest.approx(1.0)


@given(shares, st.floats(0.05, 0.95))
def test_flattening_is_below_one_when_shares_move_toward_parity(r, t):
    r = np.array(r)
    toward = r + t * (0.5 - r)
    assert metrics.flattening(toward, r, np.ones_like(r)) == pytest.approx(1 - t)


@given(shares, st.randoms(use_true_random=False))
def test_flattening_ignores_group_order(r, rnd):
    r = np.array(r)
    s = np.clip(r + 0.1, 0, 1)
    w = np.arange(1, len(r) + 1, dtype=float)
    order = list(range(len(r)))
    rnd.shuffle(order)
    assert metrics.flattening(s[order], r[order], w[order]) == pytest.approx(
        metrics.flattening(s, r, w))


def test_standardisation_reweights_to_the_reference_age_structure():
    # one group, two ages: women 10% among the young, 30% among the old
    events = np.array([[10, 30]])
    totals = np.array([[100, 100]])
    assert metrics.standardised_shares(events, totals, np.array([[0.75, 0.25]]))[0] == \
        pytest.approx(0.15)
    assert metrics.standardised_shares(events, totals, np.array([[0.0, 1.0]]))[0] == \
        pytest.approx(0.30)


def test_standardisation_drops_ages_without_rows():
    result = metrics.standardised_shares(np.array([[5, 0]]), np.array([[10, 0]]),
                                         np.array([[0.5, 0.5]]))
    assert result[0] == pytest.approx(0.5)
