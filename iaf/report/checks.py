"""How a record's checks and cells read, in every output: metric names, bounds as text, the key
check (the one the headline shows) and cell values. Works on the document's check dicts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from iaf.results import key_index
from iaf.results import violation as bound_violation

METRIC_NAMES = {
    "tvd": "total variation distance",
    "max_abs_gap": "largest category gap",
    "conditional_tvd": "weighted conditional TVD",
    "conditional_gap": "weighted conditional gap (published cells)",
    "rho": "dependence recovery rho",
    "kappa": "flattening kappa",
    "dependence_lost": "share of the reference's dependence lost",
    "interaction_reproduced": "share of the reference's interaction reproduced",
    "mapped_share": "mapped share of the frame",
    "status_mismatch_share": "share of rows where military_status disagrees with occupation",
    "enlisted_not_male_share": "share of enlisted who are not men",
    "outside_age_limits_share": "share of active duty outside the statutory ages",
    "enlisted_share_band_gap": "enlisted per man aged 20-24, distance outside the official band",
    "cadre_female_share_band_gap": "female share of cadre, distance outside the official band",
    "rank_composition_tvd": "rank composition TVD",
}
# a worst cell's keys (CellDoc's) in the order a table shows them; the shares shown in points
CELL_KEYS = ("where", "outcome", "synthetic", "reference", "gap", "weight", "rows", "note")
SHARE_KEYS = ("synthetic", "reference", "gap", "weight")
UNDECIDED = ("inconclusive", "unevaluable")  # verdicts whose headline is their reason
Check = Mapping[str, Any]  # a CheckDoc


def metric_name(metric: str) -> str:
    return METRIC_NAMES.get(metric, metric.replace("_", " "))


def violation(check: Check) -> float:
    """How far outside its bounds the observed value is, relative to the bound (0 inside, and
    for a value not observed)."""
    observed = check["observed"]
    return 0.0 if observed is None else bound_violation(observed, check["min"], check["max"])


def key_check(verdict: str, checks: Sequence[Check]) -> Check | None:
    """The check that matters most (iaf.results.key_index, as Record.key_check picks it);
    none for a footprint without a verdict of its own."""
    if verdict in UNDECIDED:
        return None
    at = key_index([(c["success"], bool(c["suite_max"] or c["suite_min"]), violation(c))
                    for c in checks])
    return None if at is None else checks[at]


def bound_text(check: Check) -> str:
    parts = []
    if check["min"] is not None:
        parts.append(f">= {check['min']:.4g}")
    if check["max"] is not None:
        parts.append(f"<= {check['max']:.4g}")
    noise = check["noise_allowance"]
    note = f", suite bound widened by {noise:.2g} of noise at this size" if noise else ""
    return " and ".join(parts) + note


def observed_text(check: Check) -> str:
    return "n/a" if check["observed"] is None else f"{check['observed']:.4g}"


def headline(verdict: str, checks: Sequence[Check], reason: str = "") -> str:
    """The key check as ``metric value (tolerance bounds)``, or the reason where there is no
    verdict (the bounds say what the value must be, never that it is within them)."""
    check = key_check(verdict, checks)
    if check is None:
        return reason
    return f"{check['metric']} {observed_text(check)} (tolerance {bound_text(check)})"


def cell_columns(cells: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(key, heading) of the columns a table of ``cells`` shows: every key some cell fills
    (a column empty in every cell says nothing), shares headed in percent."""
    keys = [k for k in CELL_KEYS if any(c.get(k) not in (None, "") for c in cells)]
    return [(k, f"{k} %" if k in SHARE_KEYS else k) for k in keys]


def cell_text(key: str, value: Any) -> str:
    """A cell's value as text: shares in points, row counts with separators, nothing for
    None."""
    if value is None:
        return ""
    if isinstance(value, float) and key in SHARE_KEYS:
        return f"{value * 100:+.2f}" if key == "gap" else f"{value * 100:.2f}"
    if isinstance(value, (int, float)) and key == "rows":
        return f"{int(value):,}"
    return str(value)
