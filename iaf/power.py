"""Power: can a view tell a faithful release from the card's counterfactual at this size?

A view carries one or more counterfactuals (iaf.noise: the reference made independent, or
moved by each of its suite's declared minimum effects, both ways where the sign means
something), each simulated at the audited size and scored on every metric. Against one
counterfactual, a check's power is the probability that such a release falls outside the
check's effective bounds; the counterfactual is caught with the power of the best check. A
view's power is that against its hardest counterfactual: a pass means the view could have
failed against every one. Below POWER_NEEDED a passing view is inconclusive. The rows needed
follow from noise shrinking as 1/sqrt(N), with the sd simulated at the effect.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from iaf.results import Check, Power, View

POWER_NEEDED = 0.95
Z_POWER = 1.645  # the normal quantile of POWER_NEEDED


def _phi(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def _failing(mean: float, sd: float, low: float | None, high: float | None) -> float:
    """P(a normal(mean, sd) metric falls outside [low, high])."""
    if sd <= 0 or not math.isfinite(sd):
        outside = (low is not None and mean < low) or (high is not None and mean > high)
        return float(outside) if sd <= 0 else 0.0
    p = 0.0
    if low is not None:
        p += _phi((low - mean) / sd)
    if high is not None:
        p += 1.0 - _phi((high - mean) / sd)
    return min(p, 1.0)


def _needed(check: Check, spread: Mapping[str, float], rows: int) -> int | None:
    """Frame rows at which the counterfactual fails with POWER_NEEDED. Its mean sits at the
    metric's population value plus a sampling bias (a distance's folded noise), and the margin
    between that value and the suite's bound must hold the noise band and Z_POWER sd less the
    bias: all three shrink as 1/sqrt(N). (With the mean in place of the population value the
    bias would be counted as if it stayed: measured, 8-10% too few rows.)"""
    mean, sd = spread["mean"], spread["sd"]
    value = spread.get("population", mean)
    if check.suite_max is not None and value > check.suite_max:
        margin, bias = value - check.suite_max, mean - value
    elif check.suite_min is not None and value < check.suite_min:
        margin, bias = check.suite_min - value, value - mean
    else:
        return None  # the suite's own bound admits the counterfactual: no size can tell
    return max(rows, math.ceil(rows * (max(check.noise + Z_POWER * sd - bias, 0.0) / margin) ** 2))


def _caught(spreads: Mapping[str, Mapping[str, float]], checks: Sequence[Check], rows: int
            ) -> Power | None:
    """One counterfactual against the checks: the best check's power, and the fewest rows
    at which some check reaches POWER_NEEDED (None: no check ever does)."""
    best: Power | None = None
    needs = [n for c in checks if (s := spreads.get(c.metric))
             and (n := _needed(c, s, rows)) is not None]
    for check in checks:
        spread = spreads.get(check.metric)
        if not spread:
            continue
        power = _failing(spread["mean"], spread["sd"], check.min, check.max)
        if best is None or power > best.power:
            best = Power(power, check.metric, min(needs) if needs else None)
    return best


def view_power(view: View, checks: Sequence[Check]) -> Power | None:
    """The power against the hardest of the view's counterfactuals (None if no check can see
    any); the rows needed are those that catch every counterfactual (None: one never is)."""
    caught = [p for spreads in view.counterfactual.values()
              if (p := _caught(spreads, checks, view.frame_rows)) is not None]
    if not caught:
        return None
    weakest = min(caught, key=lambda p: p.power)
    needs = None if any(p.needs_frame_rows is None for p in caught) else \
        max(p.needs_frame_rows for p in caught)  # type: ignore[type-var]
    return Power(weakest.power, weakest.metric, needs)
