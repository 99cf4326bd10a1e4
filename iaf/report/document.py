"""The report document: the format of report.json, its one writer and its one reader.

Every consumer of a report (the HTML page, ``iaf diff`` reading an older release's report, the
pytest plugin's xdist merge, the renderers) goes through the types and functions here. The
format has a number (``FORMAT``), stamped in every report; ``read`` refuses a report of another
or no number, naming both, except the formats it knows how to upgrade (``UPGRADES``). The JSON
Schema shipped beside this module (``schema.json``) describes the same format, and the tests
validate every report they write against it.

Building a document only formats records: nothing is computed and nothing is read. JSON is
deterministic (keys sorted, floats to six significant digits), so the same release and
references give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, NotRequired, TypedDict, cast

from iaf import __version__
from iaf.errors import ReleaseError
from iaf.paths import printable
from iaf.report import inert
from iaf.report.checks import headline
from iaf.results import (
    AuditResult,
    Cell,
    Check,
    CountTable,
    DiffResult,
    Figure,
    Power,
    Record,
    Role,
    Verdict,
    ViewResult,
)

FORMAT = 3  # 1: iaf 0.2.0 (no "format" key); 2: formats, status, gate, unevaluable, files;
# 3: every worst cell in one shape (CellDoc)
STATUSES = ("complete", "partial", "error", "interrupted", "running")
Status = Literal["complete", "partial", "error", "interrupted", "running"]
VERDICTS = tuple(v.value for v in Verdict)
SCHEMA = Path(__file__).with_name("schema.json")
DIFF_SCHEMA = Path(__file__).with_name("diff-schema.json")  # diff.json's


class CheckDoc(TypedDict):
    metric: str  # the metric the suite's expectation checks
    observed: float | None  # its value on the release
    min: float | None  # the effective bounds: the suite's, widened by the noise band
    max: float | None
    suite_min: float | None  # the suite's own bounds (the drift it admits)
    suite_max: float | None
    noise_allowance: float  # how much the noise band widened the bound at this size
    success: bool
    why: str  # the suite's meta.why: why the tolerance has its value


class PowerDoc(TypedDict):
    power: float  # P(the counterfactual fails a check) at this size, best check
    metric: str  # the check that gives it
    needs_frame_rows: int | None  # frame rows that reach the power needed (None: never)


class BandDoc(TypedDict):
    sd: float  # sd of the metric over faithful releases of this size
    above: float  # how far above / below its ideal 99.9% of them reach
    below: float
    ideal: NotRequired[float]  # the metric on the reference itself, which they centre on (0.4+)


class CellDoc(TypedDict):
    where: str  # the row: a category, a conditioning group, or a rule checked
    outcome: str | None  # the column of a conditional cell: P(outcome | where)
    synthetic: float | None  # the release's share (or value) in the cell
    reference: float | None  # the reference's (or the rule's expected value)
    gap: float | None  # synthetic - reference
    weight: float | None  # the group's weight in the metric (its reference share)
    rows: int | None  # release rows behind the cell
    note: str  # what was found there (flattened ...) or what a rule rests on ("" if nothing)


class TableDoc(TypedDict):
    rows: list[str]  # a release-side count table, sparse: its labels ...
    columns: list[str]
    cells: str  # ... and its non-zero cells as "row,column,count" triples joined by ";"


class FigureDoc(TypedDict):
    kind: str  # shares | residuals | female_shares | interaction | age_profile
    rows: list[str]
    columns: list[str]
    values: list[list[float | None]]  # rows x columns; None where the reference has no cell
    lines: NotRequired[dict[str, float]]  # e.g. {"parity": 0.5}
    bands: NotRequired[dict[str, list[float | None]]]  # e.g. statutory ages per rank
    note: NotRequired[str]  # what the figure leaves out


VerdictName = Literal["pass", "fail", "inconclusive", "unevaluable"]


class ViewDoc(TypedDict):
    role: str  # primary | variant | frame | standardised | collapsed
    verdict: VerdictName
    metrics: dict[str, float | None]
    frame_rows: int  # release rows in the view's frame
    checks: list[CheckDoc]
    power: PowerDoc | None
    noise: dict[str, BandDoc]  # metric -> its noise band
    table: TableDoc | None  # the release-side table the metrics were computed on
    figure: FigureDoc | None
    unavailable: NotRequired[dict[str, str]]  # metric -> why it has no value here
    reason: NotRequired[str]  # why the view is inconclusive


class DisclosureDoc(TypedDict):
    id: str
    quote: str  # the card's sentence, verbatim
    source: str  # the card's URL
    revision: str
    card_anchored: bool  # False: no card text was found; the footprint is not card-anchored


class FrameDoc(TypedDict):
    text: str  # which release rows the reference describes
    rows: int  # release rows in the primary view's frame


class SourceDoc(TypedDict):
    """Where a reference's figures can be checked, from its manifest."""

    url: str
    retrieved: str  # the date they were retrieved
    licence: str
    evidence: str  # primary, or secondary: where the figures were seen


class RecordDoc(TypedDict):
    locale: str
    id: str
    kind: str  # marginal | direct_joint | rule_implied
    method: str | None
    attributes: list[str]  # the release columns involved, sorted
    verdict: VerdictName
    headline: str  # the key check as text, or the reason
    reason: NotRequired[str]  # why it is not a plain pass or fail; or why it failed
    metrics: dict[str, float | None]  # the primary view's metrics
    checks: list[CheckDoc]  # the primary view's checks
    power: PowerDoc | None
    cells: list[CellDoc]  # the primary view's worst cells, the worst first
    frame: FrameDoc
    reference: list[str]  # reference table ids
    reference_citations: dict[str, str]  # id -> publisher, table id, period (frame)
    reference_files: dict[str, str]  # id -> catalogue path (references/...)
    reference_sources: NotRequired[dict[str, SourceDoc]]  # id -> where to check it (format 3+)
    suite: str  # the GX suite's catalogue path (expectations/...)
    disclosure: DisclosureDoc
    views: dict[str, ViewDoc]  # view name -> view
    notes: list[str]
    mapping_dependent: NotRequired[bool]  # another crosswalk variant reaches another verdict
    frame_dependent: NotRequired[bool]  # another frame reaches another verdict
    survives_age_standardisation: NotRequired[bool]


class FileDoc(TypedDict):
    name: str  # path relative to the release root
    bytes: int
    rows: int
    sha256: str


class ReleaseDoc(TypedDict):
    locale: str
    label: str  # the release folder's name, or the demo's label
    rows: int
    catalogue: str  # "shipped" or the user's catalogue folder
    files: list[FileDoc]
    columns: list[str]  # every column of the files, audited or not
    values: dict[str, dict[str, int]]  # column -> value -> rows (for schema drift)
    revision: str  # the Hugging Face commit of a snapshot folder, or ""
    revision_note: str
    new_values: dict[str, dict[str, int]]  # values admitted outside a closed list
    attribute_tables: dict[str, TableDoc | None]  # footprint id -> raw joint (no reference)
    engine: NotRequired[str]  # the scan engine that counted it: arrow | spark (iaf 0.3+)


class GateDoc(TypedDict):
    strict: bool  # inconclusive footprints block
    excluded: list[str]  # footprint ids left out by the user (--exclude)
    selected: list[str]  # the only footprints run (--footprint); empty: all of them
    allow_partial: bool  # shards missing from an -of-N set were admitted
    allow_new_values: bool  # values outside closed value lists were admitted
    catalogue_digest: str  # sha256 over the catalogue's files (Catalogue.digest)
    baseline: str  # the last version's report the release was diffed against ("": none)
    command: NotRequired[str]  # the command that decided: audit or gate
    decision: str  # pass | fail | blocked (inconclusive under --strict) | untested (none settled)
    exit_code: int  # what the command exited with
    blocking: list[str]  # test ids that decided a non-pass (regressions marked so)
    regressed: NotRequired[list[str]]  # test ids that regressed against the baseline
    unevaluable: list[str]  # test ids no release could settle: listed, never blocking
    notes: list[str]  # e.g. that a first release was gated by its audit alone


class ErrorDoc(TypedDict):
    type: str  # the exception's type (IafError subclasses for input; others are bugs)
    exit_code: int
    message: str
    command: NotRequired[str]  # audit | gate | diff
    release: NotRequired[list[str]]  # the paths given (or "the embedded demo")
    locale: NotRequired[str]
    baseline: NotRequired[str]  # gate and diff: the last version's report or release


class ReportDoc(TypedDict):
    format: int  # FORMAT
    iaf_version: str
    status: str  # complete | partial | error | interrupted | running
    releases: list[ReleaseDoc]
    summary: dict[str, int]  # verdict -> footprints
    comparison: dict[str, Any]  # the cross-locale comparison (comparison())
    footprints: list[RecordDoc]
    gate: NotRequired[GateDoc]  # the options that decide the gate, and its decision
    not_run: NotRequired[list[str]]  # partial: test ids of the footprints not run
    error: NotRequired[ErrorDoc]  # error and interrupted: what stopped the run
    run: NotRequired[str]  # this run's id (a digest of the document), in every sibling
    files: NotRequired[dict[str, str]]  # sibling files written with it -> sha256


class DiffSideDoc(TypedDict):
    label: str  # the release's (its report's) label
    rows: int
    files: list[FileDoc]
    run: NotRequired[str]  # the baseline report's run id, when the baseline was a report


class OverviewDoc(TypedDict):
    footprint: str
    baseline: str  # its verdict in the baseline ("": it has none)
    new: str  # its verdict in the new release ("": it has none)
    change: str  # regression | improvement | ... | regression (moved) | not compared | "" (none)


class ChangeDoc(TypedDict):
    footprint: str  # "" for a change of the release as a whole (rows, files, values)
    kind: str  # transition | movement | drift | sampling | schema
    text: str
    regression: bool  # it decides the diff (exit 1) and blocks a gate
    details: dict[str, Any]  # the figures behind the text, by kind


class DiffDoc(TypedDict):
    format: int  # FORMAT, shared with report.json
    iaf_version: str
    status: str  # complete (a diff that stops leaves an error document, as report.json)
    locale: str
    regressed: bool
    regressed_footprints: list[str]
    overview: list[OverviewDoc]  # every footprint of either side, once
    baseline: DiffSideDoc
    new: DiffSideDoc
    changes: list[ChangeDoc]
    run: NotRequired[str]  # this run's id, in every sibling (a gate's: its report's)
    files: NotRequired[dict[str, str]]  # sibling files written with it -> sha256


def _number(value: float | None) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(f"{value:.6g}")


def clean(obj: Any) -> Any:
    """Plain JSON data with every float at six significant digits (what report.json holds),
    and text a UTF-8 file can hold (iaf.paths.printable: a path's undecodable bytes escaped)."""
    if isinstance(obj, dict):
        return {clean(str(k)): clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [clean(v) for v in obj]
    if isinstance(obj, float):
        return _number(obj)
    if isinstance(obj, str):
        return printable(obj)
    if hasattr(obj, "item"):  # numpy scalars
        return clean(obj.item())
    return obj


def catalogue_path(path: Path | None) -> str:
    """A catalogue file as ``references/...`` or ``expectations/...``, wherever it is installed."""
    if path is None:
        return ""
    parts = path.parts
    start = max((i for i, part in enumerate(parts) if part in ("references", "expectations")),
                default=len(parts) - 1)
    return "/".join(parts[start:])


def check_doc(check: Check) -> CheckDoc:
    return {"metric": check.metric, "observed": check.observed, "min": check.min,
            "max": check.max, "suite_min": check.suite_min, "suite_max": check.suite_max,
            "noise_allowance": check.noise, "success": check.success, "why": check.why}


def cell_doc(cell: Cell) -> CellDoc:
    return {"where": cell.where, "outcome": cell.outcome, "synthetic": cell.synthetic,
            "reference": cell.reference, "gap": cell.gap, "weight": cell.weight,
            "rows": cell.rows, "note": cell.note}


def _power(power: Power | None) -> PowerDoc | None:
    if power is None:
        return None
    return {"power": power.power, "metric": power.metric,
            "needs_frame_rows": power.needs_frame_rows}


def table_doc(table: CountTable | None) -> TableDoc | None:
    """A release-side table, sparse and compact: its labels, and the non-zero cells as one
    string of ``row,column,count`` triples (indices into the labels) joined by ``;``."""
    if table is None:
        return None
    cells = ";".join(f"{i},{j},{n}" for i, row in enumerate(table.counts)
                     for j, n in enumerate(row) if n)
    return {"rows": [inert.cut(r) for r in table.rows],
            "columns": [inert.cut(c) for c in table.columns], "cells": cells}


def _counts(values: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, int]]:
    """Rows per value of each column, a value longer than ``inert.MAX_CHARS`` cut (and its
    rows added to any other value it now reads as)."""
    out: dict[str, dict[str, int]] = {}
    for column, counts in values.items():
        kept = out.setdefault(column, {})
        for value, n in counts.items():
            key = inert.cut(value)
            kept[key] = kept.get(key, 0) + n
    return out


CELL = re.compile(r"(\d+),(\d+),(\d+)")


def table_from_doc(data: TableDoc) -> CountTable:
    """A release-side table read back; cells that are not ``row,column,count`` within the
    labels are a ``ReportFormatError``."""
    counts = [[0] * len(data["columns"]) for _ in data["rows"]]
    for cell in filter(None, data["cells"].split(";")):
        match = CELL.fullmatch(cell)
        i, j, n = map(int, match.groups()) if match else (-1, -1, 0)
        if not (0 <= i < len(counts) and 0 <= j < len(data["columns"])):
            raise ReportFormatError(f"Not a well-formed iaf report: a release-side table's cell "
                                    f"{cell[:40]!r} is not row,column,count within its labels")
        counts[i][j] = n
    return CountTable.of(data["rows"], data["columns"], counts)


def figure_doc(figure: Figure | None) -> FigureDoc | None:
    if figure is None:
        return None
    out: FigureDoc = {"kind": figure.kind, "rows": list(figure.rows),
                      "columns": list(figure.columns),
                      "values": [list(row) for row in figure.values]}
    if figure.lines:
        out["lines"] = dict(figure.lines)
    if figure.bands:
        out["bands"] = {k: list(v) for k, v in figure.bands.items()}
    if figure.note:
        out["note"] = figure.note
    return out


def _band(band: Mapping[str, float]) -> BandDoc:
    out: BandDoc = {"sd": band.get("sd", 0.0), "above": band.get("above", 0.0),
                    "below": band.get("below", 0.0)}
    if "ideal" in band:
        out["ideal"] = band["ideal"]
    return out


def _view(result: ViewResult) -> ViewDoc:
    out: ViewDoc = {
        "role": result.view.role.value, "verdict": result.verdict.value,
        "metrics": dict(result.view.metrics), "frame_rows": result.view.frame_rows,
        "checks": [check_doc(c) for c in result.checks], "power": _power(result.power),
        "noise": {m: _band(b) for m, b in result.view.noise.items()},
        "table": table_doc(result.view.table), "figure": figure_doc(result.view.figure)}
    if result.view.unavailable:
        out["unavailable"] = dict(result.view.unavailable)
    if result.view.inconclusive:
        out["reason"] = result.view.inconclusive
    return out


def record_doc(record: Record) -> RecordDoc:
    """One footprint's record as the report holds it."""
    fp = record.footprint
    primary = record.primary
    checks = [check_doc(c) for c in primary.checks] if primary else []
    out: RecordDoc = {
        "locale": fp.locale, "id": fp.id, "kind": fp.kind.value,
        "method": fp.method.value if fp.method else None,
        "attributes": sorted(fp.attributes), "verdict": record.verdict.value,
        "headline": headline(record.verdict.value, checks, record.reason),
        "metrics": dict(primary.view.metrics) if primary else {},
        "checks": checks, "power": _power(primary.power) if primary else None,
        "cells": [cell_doc(c) for c in primary.view.cells] if primary else [],
        "frame": {"text": fp.frame.text, "rows": primary.view.frame_rows if primary else 0},
        "reference": list(fp.references),
        "reference_citations": dict(record.citations),
        "reference_files": {r: catalogue_path(p) for r, p in record.files.items()},
        "reference_sources": cast(dict[str, SourceDoc], dict(record.sources)),
        "suite": catalogue_path(record.suite),
        "disclosure": {"id": fp.disclosure.id, "quote": fp.disclosure.quote,
                       "source": fp.disclosure.source, "revision": fp.disclosure.revision,
                       "card_anchored": fp.disclosure.anchored},
        "views": {v.view.name: _view(v) for v in record.views},
        "notes": list(record.notes),
    }
    if record.reason:
        out["reason"] = record.reason
    if len(record.views) > 1:
        out["mapping_dependent"] = record.mapping_dependent
        out["frame_dependent"] = record.frame_dependent
        if record.survives_standardisation is not None:
            out["survives_age_standardisation"] = record.survives_standardisation
    return cast(RecordDoc, clean(out))


def release_doc(result: AuditResult) -> ReleaseDoc:
    r = result.release
    return {"locale": r.locale, "label": r.label, "rows": r.rows, "catalogue": result.catalogue,
            "files": [{"name": f.name, "bytes": f.size, "rows": f.rows,
                       "sha256": result.sha256.get(f.name, "")} for f in r.files],
            "columns": list(r.columns), "values": _counts(result.values),
            "revision": inert.cut(r.revision), "revision_note": inert.cut(result.revision_note),
            "new_values": _counts(result.new_values), "engine": result.engine,
            "attribute_tables": {k: table_doc(t) for k, t in result.attribute_tables.items()}}


def summary(verdicts: Iterable[str]) -> dict[str, int]:
    """Footprints per verdict, every verdict named (zeros included)."""
    counts = Counter(verdicts)
    return {v: counts.get(v, 0) for v in VERDICTS}


COMPARED = ("flagged_cells", "cells", "flagged_share", "rho", "rho_vs_faithful",
            "dependence_lost", "kappa", "interaction_reproduced")


def _compared(result: ViewResult | None) -> dict[str, float] | None:
    if result is None or result.view.inconclusive:
        return None
    return {k: result.view.metrics[k] for k in COMPARED if k in result.view.metrics}


def comparison(records: Sequence[Record]) -> dict[str, Any]:
    """Cross-locale view: verdict counts per locale, and per occupation footprint the flagged
    cells (raw and as a share), the reference taxonomy and its cardinality, and rho (kappa for
    flattening), natively and after pooling into ISCO-08 major groups."""
    locales: dict[str, Counter[str]] = {}
    for r in records:
        counts = locales.setdefault(r.footprint.locale, Counter())
        counts["run"] += 1
        counts[r.verdict.value] += 1
    footprints = []
    for r in records:
        taxonomy = getattr(r.footprint.params, "taxonomy", None)
        if not taxonomy:
            continue
        collapsed = next((v for v in r.views if v.view.role == Role.COLLAPSED), None)
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


def build(results: Sequence[AuditResult], gate: GateDoc | None = None,
          status: Status = "complete", not_run: Sequence[str] = ()) -> ReportDoc:
    """The report of ``results`` (a list of audits, one per locale; rounded as report.json
    holds it), with the gate's options and decision when the caller decided one; ``not_run``
    lists the footprints a partial run left out."""
    records = [r for result in results for r in result.records]
    doc: dict[str, Any] = {
        "format": FORMAT, "iaf_version": __version__, "status": status,
        "releases": [release_doc(a) for a in results],
        "summary": summary(r.verdict.value for r in records),
        "comparison": comparison(records),
        "footprints": [record_doc(r) for r in records],
    }
    if gate is not None:
        doc["gate"] = gate
    if not_run:
        doc["not_run"] = list(not_run)
    return cast(ReportDoc, clean(doc))


def stopped(error: BaseException, status: Status, exit_code: int,
            gate: GateDoc | None = None) -> ReportDoc:
    """The report of a run that stopped before its verdicts: why, and with what exit code."""
    doc: ReportDoc = {"format": FORMAT, "iaf_version": __version__, "status": status,
                      "releases": [], "summary": summary(()),
                      "comparison": {"locales": {}, "footprints": []}, "footprints": [],
                      "error": {"type": type(error).__name__, "exit_code": exit_code,
                                "message": str(error) or type(error).__name__}}
    if gate is not None:
        doc["gate"] = gate
    return doc


def dumps(document: Mapping[str, Any]) -> str:
    return json.dumps(clean(document), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def run_id(document: Mapping[str, Any]) -> str:
    """The id every file of one run carries: a digest of the document's verdicts (so the
    same inputs give the same id, and the same bytes)."""
    content = {k: v for k, v in document.items() if k not in ("run", "files")}
    content["releases"] = [{k: v for k, v in r.items() if k != "engine"}  # what, not how
                           for r in content.get("releases", ())]
    return hashlib.sha256(dumps(content).encode("utf-8")).hexdigest()[:16]


def merge(documents: Sequence[Mapping[str, Any]], order: Sequence[tuple[str, str]]
          ) -> ReportDoc:
    """One report from partial ones (pytest-xdist workers): every footprint once, in the
    catalogue's ``order`` of (locale, id), each release once, the summary and the comparison's
    counts added up; partial when any part was."""
    rank = {key: i for i, key in enumerate(order)}

    def ranked(rows: Iterable[Any]) -> list[Any]:
        unique = {(r["locale"], r["id"]): r for r in rows}
        return sorted(unique.values(), key=lambda r: rank.get((r["locale"], r["id"]), 0))

    records = ranked(f for d in documents for f in d["footprints"])
    locales: dict[str, dict[str, int]] = {}
    for f in records:  # counted once: two workers may both hold a footprint's record
        total = locales.setdefault(f["locale"], dict.fromkeys(("run", *VERDICTS), 0))
        total["run"] += 1
        total[f["verdict"]] += 1
    releases: dict[str, dict[str, Any]] = {}
    for d in documents:  # one entry per release; each worker kept its footprints' raw tables
        for r in d["releases"]:
            entry = releases.setdefault(r["locale"], {**r, "attribute_tables": {}})
            entry["attribute_tables"].update(r.get("attribute_tables", {}))
    merged = {**documents[0], "releases": [releases[k] for k in sorted(releases)],
              "summary": summary(f["verdict"] for f in records), "footprints": records,
              "comparison": {"locales": dict(sorted(locales.items())), "footprints": ranked(
                  f for d in documents for f in d["comparison"]["footprints"])}}
    return cast(ReportDoc, merged)


class ReportFormatError(ReleaseError):
    """A file given as a report that is not one iaf can read (exit 2)."""


def _upgrade_1(document: dict[str, Any]) -> dict[str, Any]:
    """iaf 0.2.0's reports as format 2: no format number and no unevaluable verdict (a
    footprint without a reference was inconclusive with its reason; kept as it was recorded)."""
    releases = document.get("releases")
    if isinstance(releases, list) and not all(isinstance(r, dict) and "values" in r
                                              for r in releases):
        raise ReportFormatError("The report has no release-side tables: it was written by an "
                                "iaf older than `iaf diff`; audit the baseline release again")
    out = {**document, "format": 2}
    out["summary"] = {**summary(()), **document.get("summary", {})}
    return out


EXPECTED = re.compile(r"(-?\d+(?:\.\d+)?)(%?)")  # a format-2 rule's one expected value


def _cell_2(old: Any) -> Any:
    """A format-2 cell (each method had its own keys) in the one shape: given or category or
    check -> where, value -> synthetic, finding or basis -> note; a rule's expected value
    ("0", "25.5%") -> reference, its expected range ("5.5%-7.4%") -> the note."""
    if not isinstance(old, dict):
        return old  # the schema names it
    note = str(old.get("finding") or old.get("basis") or "")
    reference, expected = old.get("reference"), old.get("expected")
    if isinstance(expected, str):
        single = EXPECTED.fullmatch(expected)
        if single:
            reference = float(single[1]) / (100 if single[2] else 1)
        else:
            note = f"expected {expected}; {note}" if note else f"expected {expected}"
    where = next((old[k] for k in ("given", "category", "check") if k in old), "")
    return {"where": str(where), "outcome": old.get("outcome"),
            "synthetic": old.get("synthetic", old.get("value")), "reference": reference,
            "gap": old.get("gap"), "weight": old.get("weight"), "rows": old.get("rows"),
            "note": note}


def _upgrade_2(document: dict[str, Any]) -> dict[str, Any]:
    """iaf 0.3.0's reports as format 3: their worst cells in the one shape (``_cell_2``)."""
    footprints = document.get("footprints")
    if not isinstance(footprints, list):
        return {**document, "format": 3}  # the schema names it
    records = [{**r, "cells": [_cell_2(c) for c in r["cells"]]}
               if isinstance(r, dict) and isinstance(r.get("cells"), list) else r
               for r in footprints]
    return {**document, "format": 3, "footprints": records}


# format -> how a report of that format is read as the next one, up to FORMAT
UPGRADES = {1: _upgrade_1, 2: _upgrade_2}


def _format(document: dict[str, Any]) -> int | None:
    if "format" in document:
        value = document["format"]
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    return 1 if "iaf_version" in document else None


def read(path: Path, *, allow_partial: bool = False) -> ReportDoc:
    """A report.json, checked: its format known (older ones upgraded), its status complete
    (``allow_partial`` admits a partial one), and its shape the schema's. Anything else is a
    ``ReportFormatError`` naming the file and what is wrong."""
    try:  # iaf writes no NaN (a metric without a value is null): one is no figure to compare
        raw = json.loads(Path(path).read_text(encoding="utf-8"), parse_constant=_no_constant)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError,
            ValueError) as exc:
        raise ReportFormatError(f"Not a readable iaf report ({type(exc).__name__}: "
                                f"{str(exc)[:200]})", file=str(path)) from None
    if not isinstance(raw, dict):
        raise ReportFormatError("Not an iaf report: the file holds no JSON object",
                                file=str(path))
    if {"changes", "baseline", "new"} <= raw.keys():
        raise ReportFormatError("This is a diff (iaf diff's diff.json), not an audit report: "
                                "give the earlier version's report.json", file=str(path))
    number = _format(raw)
    if number is None or (number != FORMAT and number not in UPGRADES):
        raise ReportFormatError(
            f"Not a report this iaf can read: format {number if number is not None else 'none'}"
            f" (iaf {__version__} reads format {FORMAT} and upgrades "
            f"{', '.join(map(str, sorted(UPGRADES))) or 'none'})", file=str(path))
    try:
        document = _upgraded(raw, number)
    except ReportFormatError as error:
        raise ReportFormatError(str(error), file=str(path)) from None
    _check_status(document, path, allow_partial)
    problems = schema_problems(document)
    if problems:
        raise ReportFormatError(f"Not a well-formed iaf report ({len(problems)} problem(s); "
                                f"first: {problems[0]})", file=str(path))
    return cast(ReportDoc, document)


def _no_constant(name: str) -> float:
    if name == "NaN":
        raise ValueError("a NaN where iaf writes a number or null")
    return float(name)  # Infinity, -Infinity


def _upgraded(document: dict[str, Any], number: int) -> dict[str, Any]:
    """``document`` of format ``number`` read as the current format, one format at a time."""
    while number != FORMAT:
        document, number = UPGRADES[number](document), number + 1
    return document


def _check_status(document: dict[str, Any], path: Path, allow_partial: bool) -> None:
    status = document.get("status")
    if status == "complete" or (status == "partial" and allow_partial):
        return
    why = {"partial": "some footprints were not run (pass --allow-partial-baseline to compare "
                      "the ones that were)",
           "error": "the run stopped on an error and has no verdicts",
           "interrupted": "the run was interrupted and has no verdicts",
           "running": "the run never finished (killed, or still running)"}
    said = f"its status is {status!r}: {why.get(str(status), 'unknown status')}" \
        if status is not None else "it records no status, as every report iaf writes does"
    raise ReportFormatError(f"Not a complete iaf report: {said}", file=str(path))


def schema_problems(document: Any, schema: Path = SCHEMA) -> list[str]:
    """Where ``document`` departs from the shipped JSON Schema (report.json's, or
    DIFF_SCHEMA for diff.json; empty: it conforms)."""
    import jsonschema  # noqa: PLC0415 - only where a report is read

    validator = jsonschema.Draft202012Validator(json.loads(schema.read_text(encoding="utf-8")))
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:160]}"
            for e in errors]


def diff_document(result: DiffResult) -> DiffDoc:
    """diff.json: what changed between two releases, with the regression flag."""
    return cast(DiffDoc, clean({
        "format": FORMAT, "iaf_version": __version__, "status": "complete",
        "locale": result.locale, "regressed": result.regressed,
        "regressed_footprints": list(result.regressed_footprints),
        "overview": [{"footprint": f, "baseline": b, "new": n, "change": c}
                     for f, b, n, c in result.overview],
        "baseline": {**{k: result.baseline.get(k) for k in ("label", "rows", "files")},
                     **{k: result.baseline[k] for k in ("run",) if k in result.baseline}},
        "new": {k: result.new.get(k) for k in ("label", "rows", "files")},
        "changes": [{"footprint": c.footprint, "kind": c.kind, "text": c.text,
                     "regression": c.regression, "details": c.details}
                    for c in result.changes]}))


def diff_json(result: DiffResult, run: str = "") -> str:
    """diff.json's text; ``run``: the id of the set it belongs to (a gate's), when it is not
    the set's main file (which ReportFolder.write gives its run id)."""
    return dumps({**diff_document(result), **({"run": run} if run else {})})
