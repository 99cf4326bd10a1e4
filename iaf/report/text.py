"""Terminal text: the verdict table, a footprint's failure text, cells and checks, aligned by
display width (Korean and Japanese cells count two columns)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from iaf.results import Check, DiffResult, Record, Verdict

METRIC_NAMES = {
    "tvd": "total variation distance",
    "max_abs_gap": "largest category gap",
    "conditional_tvd": "weighted conditional TVD",
    "conditional_gap": "weighted conditional gap (published cells)",
    "rho": "dependence recovery rho",
    "kappa": "flattening kappa",
    "mapped_share": "mapped share of the frame",
    "status_mismatch_share": "share of rows where military_status disagrees with occupation",
    "enlisted_not_male_share": "share of enlisted who are not men",
    "outside_age_limits_share": "share of active duty outside the statutory ages",
    "enlisted_share_band_gap": "enlisted per man aged 20-24, distance outside the official band",
    "cadre_female_share_band_gap": "female share of cadre, distance outside the official band",
    "rank_composition_tvd": "rank composition TVD",
}
SHARE_KEYS = ("synthetic", "reference", "gap", "value", "weight")
MAX_TEXT = 70


def cell_text(key: str, value: Any) -> str:
    if isinstance(value, float) and key in SHARE_KEYS:
        return f"{value * 100:+.2f}" if key == "gap" else f"{value * 100:.2f}"
    if isinstance(value, (int, float)) and key == "rows":
        return f"{int(value):,}"
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def display_width(text: str) -> int:
    """Terminal columns of ``text``: East Asian wide and full-width characters take two, so
    Korean and Japanese cells line up."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows of text cells padded to common display widths, two spaces apart."""
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(v + " " * (w - display_width(v)) for v, w in zip(row, widths)).rstrip()
            for row in rows]


def cell_table(cells: Sequence[dict], limit: int = 8) -> str:
    if not cells:
        return "    (no cells)"
    keys = list(cells[0])
    heads = [f"{k} %" if k in SHARE_KEYS else k for k in keys]
    rows = [[cell_text(k, c.get(k, "")) for k in keys] for c in cells[:limit]]
    return "\n".join("    " + line for line in aligned([heads, *rows]))


def _bound(check: Check) -> str:
    parts = []
    if check.min is not None:
        parts.append(f">= {check.min:.4g}")
    if check.max is not None:
        parts.append(f"<= {check.max:.4g}")
    note = f" (suite bound widened by {check.noise:.2g} of noise at this size)" \
        if check.noise else ""
    return " and ".join(parts) + note


def check_lines(checks: Sequence[Check]) -> str:
    return "\n".join(
        f"    {'ok  ' if c.success else 'FAIL'} {c.metric} = {c.observed:.4g}, tolerance "
        f"{_bound(c)}\n         why: {c.why}" for c in checks)


def _key_check(record: Record) -> Check | None:
    """The check that matters most: the most violated one (relative to its bound), else the
    first."""
    primary = record.primary
    if record.verdict in (Verdict.INCONCLUSIVE, Verdict.UNEVALUABLE) or not primary \
            or not primary.checks:
        return None
    failed = [c for c in primary.checks if not c.success]
    # a zero bound (a count that must be 0) has no scale to compare violations with: such
    # checks are named in the checks list, and the headline shows a scaled one when it can
    scaled = [c for c in failed if (c.suite_max or c.suite_min)]
    return max(scaled or failed, key=lambda c: c.violation) if failed else primary.checks[0]


def headline(record: Record) -> str:
    check = _key_check(record)
    if check is None:
        return record.reason
    return f"{check.metric} {check.observed:.4g} ({_bound(check)})"


def failure_message(record: Record) -> str:
    fp = record.footprint
    check = _key_check(record)
    what = (f"{METRIC_NAMES.get(check.metric, check.metric)} is {check.observed:.4g}, "
            f"tolerance {_bound(check)}" if check else record.reason)
    lines = [f"{fp.test_id} {record.verdict.value.upper()}: {what}"]
    d = fp.disclosure
    lines.append(f"  Disclosure: \"{d.quote}\"\n    ({d.source}, {d.revision})")
    for ref, citation in record.citations.items():
        lines.append(f"  Reference: {ref}: {citation}\n    file: {record.files[ref]}")
    primary = record.primary
    if primary:
        lines.append(f"  Frame: {fp.frame.text} (N = {primary.view.frame_rows:,} rows)")
        lines.append("  Checks:\n" + check_lines(primary.checks))
        lines.append("  Worst cells:\n" + cell_table(primary.view.cells))
    if len(record.views) > 1:
        views = ", ".join(f"{v.view.name} {v.verdict.value}" for v in record.views)
        lines.append(f"  Views: {views}; mapping-dependent: "
                     f"{'yes' if record.mapping_dependent else 'no'}; frame-dependent: "
                     f"{'yes' if record.frame_dependent else 'no'}")
    lines.extend(f"  Note: {n}" for n in record.notes)
    lines.append("  Next: read the worst cells against the disclosure; if the generator treated "
                 "these attributes as independent, the joint must be modelled, not the tolerance "
                 f"loosened. Tolerances and their reasons: {record.suite}")
    return "\n".join(lines)


def verdict_table(records: Sequence[Record]) -> str:
    rows = [(r.footprint.locale, r.footprint.id, r.footprint.kind.value, r.verdict.value,
             headline(r)) for r in records]
    heads = ("locale", "footprint", "kind", "verdict", "key metric / reason")
    shown = [(*row[:-1], row[-1] if len(row[-1]) <= 100 else row[-1][:99] + "…")
             for row in rows]
    return "\n".join(aligned([heads, *shown]))


def _cell(summary: dict | None) -> str:
    if not summary:
        return "-"
    score = (f"lost {summary['dependence_lost']:+.2f}, rho/faithful "
             f"{summary['rho_vs_faithful']:.2f}" if "dependence_lost" in summary
             else f"rho {summary['rho']:.2f}" if "rho" in summary
             else f"kappa {summary['kappa']:.2f}" if "kappa" in summary
             else f"interaction kept {summary['interaction_reproduced']:.2f}"
             if "interaction_reproduced" in summary else "")
    flags = (f"{summary['flagged_cells']:.0f}/{summary['cells']:.0f} "
             f"({summary['flagged_share']:.0%})" if "cells" in summary else "")
    return f"{flags} {score}".strip()


def comparison_table(document: dict) -> str:
    lines = ["locale      run  pass  fail  inconclusive  unevaluable"]
    for locale, c in document["locales"].items():
        lines.append(f"{locale:10}  {c['run']:>3}  {c['pass']:>4}  {c['fail']:>4}  "
                     f"{c['inconclusive']:>12}  {c.get('unevaluable', 0):>11}")
    heads = ("locale", "footprint", "verdict", "taxonomy (cells)",
             "native: flagged, dependence lost, rho", "ISCO-08 pooled: the same")
    rows = [(f["locale"], f["id"], f["verdict"], f"{f['taxonomy']} ({f['cardinality']})",
             _cell(f["native"]), _cell(f["isco08"]) if f["isco08"] else "n/a")
            for f in document["footprints"]]
    return "\n".join([*lines, "", *aligned([heads, *rows])])


def diff_table(result: DiffResult) -> str:
    if not result.changes:
        return "no change beyond noise"
    width = max(len(c.footprint or "(release)") for c in result.changes)
    return "\n".join(f"{(c.footprint or '(release)'):{width}}  {c.kind:10}  "
                     f"{'REGRESSION ' if c.regression else ''}{c.text}" for c in result.changes)
