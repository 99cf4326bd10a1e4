"""The report document: what report.json holds, built from audit results.

Everything here only formats records; nothing is computed and nothing is read. JSON is
deterministic: keys sorted, floats to six significant digits, so the same release and
references give the same bytes.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from iaf import __version__
from iaf.report.text import headline
from iaf.results import (
    AuditResult,
    Check,
    CountTable,
    DiffResult,
    Figure,
    Power,
    Record,
    Verdict,
    ViewResult,
)


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


VERDICTS = tuple(v.value for v in Verdict)


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
    return {"locales": {k: {v: c.get(v, 0) for v in ("run", *VERDICTS)}
                        for k, c in sorted(locales.items())},
            "footprints": footprints}


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


def diff_json(result: DiffResult) -> str:
    """diff.json: what changed between two releases, with the regression flag."""
    return dumps({"locale": result.locale, "regressed": result.regressed,
                  "baseline": {k: result.baseline.get(k) for k in ("label", "rows", "files")},
                  "new": {k: result.new.get(k) for k in ("label", "rows", "files")},
                  "changes": [{"footprint": c.footprint, "kind": c.kind, "text": c.text,
                               "regression": c.regression, "details": c.details}
                              for c in result.changes]})
