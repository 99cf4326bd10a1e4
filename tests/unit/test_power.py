"""Power: the probability that a counterfactual release fails a check, and the rows needed."""

from __future__ import annotations

import pytest

from iaf.power import POWER_NEEDED, view_power
from iaf.results import Check, View


def check(observed: float = 0.0, noise: float = 0.01) -> Check:
    return Check("tvd", observed, None, 0.02 + noise, None, 0.02, noise, True, "test")


def view(mean: float, sd: float, rows: int = 10_000, **others: dict) -> View:
    return View("v", "primary", {"tvd": 0.0}, frame_rows=rows,
                counterfactual={"effect": {"tvd": {"mean": mean, "sd": sd}}, **others})


def test_a_counterfactual_far_beyond_the_bound_is_caught():
    power = view_power(view(0.10, 0.01), [check()])
    assert power is not None and power.power > 0.999 and power.needs_frame_rows == 10_000


def test_a_counterfactual_at_the_bound_is_not_and_the_rows_needed_follow():
    power = view_power(view(0.03, 0.01), [check()])
    assert power is not None and power.power == pytest.approx(0.5, abs=0.01)
    # margin 0.01 must hold noise 0.01 + 1.645 sd 0.01: (0.02645 / 0.01)^2 = 7x the rows
    assert power.needs_frame_rows == pytest.approx(10_000 * 2.645 ** 2, rel=0.01)
    assert power.power < POWER_NEEDED


def test_a_counterfactual_the_suite_admits_can_never_be_caught():
    power = view_power(view(0.015, 0.001), [check()])
    assert power is not None and power.power < 0.01 and power.needs_frame_rows is None


def test_no_counterfactual_means_no_power():
    assert view_power(View("v", "primary", {"tvd": 0.0}), [check()]) is None


def test_the_view_is_as_strong_as_its_hardest_counterfactual():
    """Two declared effects (e.g. a loss and an exaggeration): a pass must be able to fail
    against each, so the power is the weaker one's and the rows needed the larger."""
    both = view(0.10, 0.01, other={"tvd": {"mean": 0.03, "sd": 0.01}})
    power = view_power(both, [check()])
    assert power is not None and power.power == pytest.approx(0.5, abs=0.01)
    assert power.needs_frame_rows == pytest.approx(10_000 * 2.645 ** 2, rel=0.01)
    never = view(0.10, 0.01, other={"tvd": {"mean": 0.015, "sd": 0.001}})
    assert view_power(never, [check()]).needs_frame_rows is None


def test_a_bias_that_shrinks_with_size_is_not_counted_as_margin():
    """A distance's mean sits above its population value by folded noise, which shrinks as
    1/sqrt(N): the rows needed extrapolate from the population value."""
    biased = view(0.035, 0.01, effect={"tvd": {"mean": 0.035, "sd": 0.01, "population": 0.03}})
    plain = view(0.03, 0.01)
    needs = view_power(biased, [check()]).needs_frame_rows
    assert needs == pytest.approx(10_000 * ((0.01 + 0.01645 - 0.005) / 0.01) ** 2, rel=0.01)
    assert needs < view_power(plain, [check()]).needs_frame_rows
