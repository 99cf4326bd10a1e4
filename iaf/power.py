"""Power: can a view tell a faithful release from the card's counterfactual at this size?

For each check, the counterfactual spread of its metric (iaf.noise: simulated from the
reference's independence version, or a declared minimum effect) gives the probability that
a counterfactual release of the audited size fails the check's effective bound. A view's power
is that of its best check. Below POWER_NEEDED a passing view is inconclusive: its pass would
not mean it could have failed. The rows needed follow from noise shrinking as 1/sqrt(N).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

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


def _needed(check: Check, mean: float, sd: float, rows: int) -> int | None:
    """Frame rows at which the counterfactual fails with POWER_NEEDED: the margin between its
    mean and the suite's bound must hold the noise band plus Z_POWER sd, both ~ 1/sqrt(N)."""
    if check.suite_max is not None and mean > check.suite_max:
        margin = mean - check.suite_max
    elif check.suite_min is not None and mean < check.suite_min:
        margin = check.suite_min - mean
    else:
        return None  # the suite's own bound admits the counterfactual: no size can tell
    return max(rows, math.ceil(rows * ((check.noise + Z_POWER * sd) / margin) ** 2))


def view_power(view: View, checks: Sequence[Check]) -> Power | None:
    """The best check's power against the counterfactual, or None if no check has one."""
    best: Power | None = None
    for check in checks:
        spread = view.counterfactual.get(check.metric)
        if not spread:
            continue
        power = _failing(spread["mean"], spread["sd"], check.min, check.max)
        needs = _needed(check, spread["mean"], spread["sd"], view.frame_rows)
        if best is None or power > best.power:
            best = Power(power, check.metric, needs)
    return best
