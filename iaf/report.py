"""Render audit results: JSON verdicts, a Markdown summary, a terminal table, failure text.

Everything here only formats records; nothing is computed and nothing is read. JSON is
deterministic: keys sorted, floats to six significant digits, so the same release and
references give the same bytes.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from iaf import __version__
from iaf.results import AuditResult, Check, CountTable, Figure, Power, Record, Verdict, ViewResult

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


def _number(value: float) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(f"{value:.6g}")


def _clean(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    if isinstance(obj, float):
        return _number(obj)
    if hasattr(obj, "item"):  # numpy scalars
        return _clean(obj.item())
    return obj


def catalogue_path(path: Path | None) -> str:
    """A catalogue file as ``references/...`` or ``expectations/...``, wherever it is installed."""
    if path is None:
        return ""
    parts = path.parts
    start = max((i for i, part in enumerate(parts) if part in ("references", "expectations")),
                default=len(parts) - 1)
    return "/".join(parts[start:])


def _check_dict(check: Check) -> dict:
    return {"metric": check.metric, "observed": check.observed, "min": check.min,
            "max": check.max, "suite_min": check.suite_min, "suite_max": check.suite_max,
            "noise_allowance": check.noise, "success": check.success, "why": check.why}


def _power_dict(power: Power | None) -> dict | None:
    if power is None:
        return None
    return {"power": power.power, "metric": power.metric,
            "needs_frame_rows": power.needs_frame_rows}


def table_dict(table: CountTable | None) -> dict | None:
    """A release-side table, sparse and compact: its labels, and the non-zero cells as one
    string of ``row,column,count`` triples (indices into the labels) joined by ``;``."""
    if table is None:
        return None
    cells = ";".join(f"{i},{j},{n}" for i, row in enumerate(table.counts)
                     for j, n in enumerate(row) if n)
    return {"rows": list(table.rows), "columns": list(table.columns), "cells": cells}


def table_from_dict(data: dict) -> CountTable:
    counts = [[0] * len(data["columns"]) for _ in data["rows"]]
    for cell in filter(None, data["cells"].split(";")):
        i, j, n = map(int, cell.split(","))
        counts[i][j] = n
    return CountTable.of(data["rows"], data["columns"], counts)


def figure_dict(figure: Figure | None) -> dict | None:
    if figure is None:
        return None
    out: dict[str, Any] = {"kind": figure.kind, "rows": list(figure.rows),
                           "columns": list(figure.columns),
                           "values": [list(row) for row in figure.values]}
    if figure.lines:
        out["lines"] = figure.lines
    if figure.bands:
        out["bands"] = {k: list(v) for k, v in figure.bands.items()}
    if figure.note:
        out["note"] = figure.note
    return out


def _view_dict(result: ViewResult) -> dict:
    out = {"role": result.view.role, "verdict": result.verdict.value,
           "metrics": result.view.metrics, "frame_rows": result.view.frame_rows,
           "checks": [_check_dict(c) for c in result.checks],
           "power": _power_dict(result.power),
           "noise": {m: {"sd": b.get("sd", 0.0), "above": b.get("above", 0.0),
                         "below": b.get("below", 0.0)} for m, b in result.view.noise.items()},
           "table": table_dict(result.view.table), "figure": figure_dict(result.view.figure)}
    if result.view.unavailable:
        out["unavailable"] = result.view.unavailable
    if result.view.inconclusive:
        out["reason"] = result.view.inconclusive
    return out


def record_dict(record: Record) -> dict:
    fp = record.footprint
    primary = record.primary
    out: dict[str, Any] = {
        "locale": fp.locale,
        "id": fp.id,
        "kind": fp.kind.value,
        "method": fp.method.value if fp.method else None,
        "attributes": sorted(fp.attributes),
        "verdict": record.verdict.value,
        "headline": headline(record),
        "metrics": primary.view.metrics if primary else {},
        "checks": [_check_dict(c) for c in primary.checks] if primary else [],
        "power": _power_dict(primary.power) if primary else None,
        "cells": list(primary.view.cells) if primary else [],
        "frame": {"text": fp.frame.text, "rows": primary.view.frame_rows if primary else 0},
        "reference": list(fp.references),
        "reference_citations": dict(record.citations),
        "reference_files": {r: catalogue_path(p) for r, p in record.files.items()},
        "suite": catalogue_path(record.suite),
        "disclosure": {"id": fp.disclosure.id, "quote": fp.disclosure.quote,
                       "source": fp.disclosure.source, "revision": fp.disclosure.revision,
                       "card_anchored": fp.disclosure.anchored},
        "views": {v.view.name: _view_dict(v) for v in record.views},
        "notes": list(record.notes),
    }
    if record.reason:
        out["reason"] = record.reason
    if len(record.views) > 1:
        out["mapping_dependent"] = record.mapping_dependent
        out["frame_dependent"] = record.frame_dependent
        if record.survives_standardisation is not None:
            out["survives_age_standardisation"] = record.survives_standardisation
    return out


def release_dict(result: AuditResult) -> dict:
    r = result.release
    return {"locale": r.locale, "label": r.label, "rows": r.rows, "catalogue": result.catalogue,
            "files": [{"name": f.name, "bytes": f.size, "rows": f.rows,
                       "sha256": result.sha256.get(f.name, "")} for f in r.files],
            "columns": list(r.columns), "values": result.values, "revision": r.revision,
            "revision_note": result.revision_note,
            "new_values": result.new_values,
            "attribute_tables": {k: table_dict(t) for k, t in result.attribute_tables.items()}}


def summary(records: Iterable[Record]) -> dict[str, int]:
    counts = Counter(r.verdict.value for r in records)
    return {v.value: counts.get(v.value, 0) for v in Verdict}


COMPARED = ("flagged_cells", "cells", "flagged_share", "rho", "rho_vs_faithful",
            "dependence_lost", "kappa", "interaction_reproduced")


def _compared(result: ViewResult | None) -> dict | None:
    if result is None or result.view.inconclusive:
        return None
    return {k: result.view.metrics[k] for k in COMPARED if k in result.view.metrics}


def comparison(records: Sequence[Record]) -> dict:
    """Cross-locale view: verdict counts per locale, and per occupation footprint the flagged
    cells (raw and as a share), the reference taxonomy and its cardinality, and rho (kappa for
    flattening), natively and after pooling into ISCO-08 major groups."""
    locales: dict[str, Counter] = {}
    for r in records:
        counts = locales.setdefault(r.footprint.locale, Counter())
        counts["run"] += 1
        counts[r.verdict.value] += 1
    footprints = []
    for r in records:
        taxonomy = getattr(r.footprint.params, "taxonomy", None)
        if not taxonomy:
            continue
        collapsed = next((v for v in r.views if v.view.role == "collapsed"), None)
        footprints.append({
            "locale": r.footprint.locale, "id": r.footprint.id, "verdict": r.verdict.value,
            "taxonomy": taxonomy.name, "cardinality": taxonomy.cardinality,
            "native": _compared(r.primary),
            "isco08": _compared(collapsed),
            "isco08_note": "" if collapsed else (
                r.footprint.params.no_collapse
                or "not pooled: no common-taxonomy view for this footprint"),
        })
    return {"locales": {k: {v: c.get(v, 0) for v in ("run", "pass", "fail", "inconclusive")}
                        for k, c in sorted(locales.items())},
            "footprints": footprints}


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
    lines = ["locale      run  pass  fail  inconclusive"]
    for locale, c in document["locales"].items():
        lines.append(f"{locale:10}  {c['run']:>3}  {c['pass']:>4}  {c['fail']:>4}  "
                     f"{c['inconclusive']:>12}")
    heads = ("locale", "footprint", "verdict", "taxonomy (cells)",
             "native: flagged, dependence lost, rho", "ISCO-08 pooled: the same")
    rows = [(f["locale"], f["id"], f["verdict"], f"{f['taxonomy']} ({f['cardinality']})",
             _cell(f["native"]), _cell(f["isco08"]) if f["isco08"] else "n/a")
            for f in document["footprints"]]
    return "\n".join([*lines, "", *aligned([heads, *rows])])


def to_json(results: Sequence[AuditResult]) -> str:
    """Every record of ``results``, with the releases they were judged on."""
    return dumps(document(results))


def dumps(document_: dict) -> str:
    return json.dumps(_clean(document_), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def document(results: Sequence[AuditResult]) -> dict:
    """The report as plain data (what report.json holds, before rounding)."""
    records = [r for result in results for r in result.records]
    return {
        "iaf_version": __version__,
        "status": "complete",
        "releases": [release_dict(a) for a in results],
        "summary": summary(records),
        "comparison": comparison(records),
        "footprints": [record_dict(r) for r in records],
    }


# --- text --------------------------------------------------------------------------------------

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
    if record.verdict is Verdict.INCONCLUSIVE or not primary or not primary.checks:
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


def to_markdown(results: Sequence[AuditResult]) -> str:
    out = ["# iaf audit", ""]
    for result in results:
        r = result.release
        out += [f"## {r.locale}: {r.label} ({r.rows:,} rows, {len(r.files)} files)", ""]
        if result.revision_note:
            out += [f"Revision: {result.revision_note}.", ""]
        out += ["| footprint | kind | verdict | key metric / reason |", "|---|---|---|---|"]
        for record in result.records:
            text = headline(record).replace("|", "/")
            out.append(f"| {record.footprint.id} | {record.footprint.kind.value} | "
                       f"{record.verdict.value} | {text} |")
        out.append("")
        for record in result.records:  # the detail the pytest message gives, tables capped
            if record.verdict is Verdict.FAIL:
                out += [f"### {record.footprint.test_id}: fail", "", "```",
                        failure_message(record), "```", ""]
    records = [rec for result in results for rec in result.records]
    out.append("Totals: " + ", ".join(f"{k} {v}" for k, v in summary(records).items()))
    if len(results) > 1:
        out += ["", "## Cross-locale comparison", "", "```",
                comparison_table(comparison(records)), "```"]
    return "\n".join(out) + "\n"
