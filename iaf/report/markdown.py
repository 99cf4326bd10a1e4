"""report.md and diff.md, rendered from report documents: the verdict table per release and,
for every failing footprint, what the pytest failure says, as paragraphs and tables a page
wraps (a fenced block ran 5,000 px wide on GitHub). Every string a release or a catalogue
controls is escaped (``inert.markdown``), and no absolute path of the auditor's machine
appears."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from iaf import __version__
from iaf.report import inert
from iaf.report.checks import bound_text, cell_columns, cell_text, observed_text
from iaf.report.document import CellDoc, RecordDoc, ReportDoc
from iaf.report.text import (
    CELL_CHARS,
    command,
    comparison_tables,
    decision_label,
    diff_summary,
    fitness,
    gate_conditions,
    key_sentence,
    next_step,
    totals,
    unevaluable_clause,
    views_line,
    worst_cell,
)
from iaf.results import DiffResult


def _release(document: ReportDoc, index: int) -> list[str]:
    r = document["releases"][index]
    engine = f", counted by the {inert.markdown(r['engine'])} engine" if "engine" in r else ""
    out = [f"## {r['locale']}: {inert.markdown(r['label'])} ({r['rows']:,} rows, "
           f"{len(r['files'])} files{engine})", ""]
    if r["revision_note"]:
        out += [f"Revision: {inert.markdown(r['revision_note'])}.", ""]
    out += ["| footprint | kind | verdict | key metric / reason |", "|---|---|---|---|"]
    records = [f for f in document["footprints"] if f["locale"] == r["locale"]]
    out += [f"| {inert.cell(f['id'])} | {f['kind']} | {f['verdict']} | "
            f"{inert.cell(f['headline'], inert.PROSE_CHARS)} |" for f in records]
    out.append("")
    for record in records:  # what the pytest message says, as Markdown a page can wrap
        if record["verdict"] == "fail":
            out += _failure(record)
    return out


def _failure(record: RecordDoc) -> list[str]:
    """A failing footprint: what failed, the card's sentence, the references, the checks and
    worst cells as tables (8 cells: the rest in report.json), and what to do next."""
    md = inert.markdown
    d, cell, views = record["disclosure"], worst_cell(record), views_line(record)
    out = [f"### {record['locale']}/{md(record['id'])}: fail", "",
           md(f"{key_sentence(record)}.", inert.PROSE_CHARS), *(["", f"{md(cell)}."] * bool(cell)),
           "", f"> {md(d['quote'], inert.PROSE_CHARS)}", ">",
           f"> {md(d['source'])}, {md(d['revision'])}", ""]
    for ref, citation in record["reference_citations"].items():
        source = record.get("reference_sources", {}).get(ref)
        seen = (f"; {md(source['url'])}, retrieved {md(source['retrieved'])}, licence: "
                f"{md(source['licence'])}; {md(source['evidence'], inert.PROSE_CHARS)}"
                if source else "")
        out.append(f"- Reference `{ref}`: {md(citation, inert.PROSE_CHARS)} (file "
                   f"{md(record['reference_files'].get(ref, ''))}{seen})")
    out += ["", f"Frame: {md(record['frame']['text'], inert.PROSE_CHARS)} "
                f"(N = {record['frame']['rows']:,} rows).", ""]
    if record["checks"]:
        out += _table(("result", "check", "observed", "tolerance", "why this tolerance"), [
            ("ok" if c["success"] else "FAIL", inert.cell(c["metric"]), observed_text(c),
             inert.cell(bound_text(c)), inert.cell(c["why"], inert.PROSE_CHARS))
            for c in record["checks"]])
        out += ["", *_cells(record["cells"])]
    out += [f"{md(views)}.", ""] if views else []
    out += [f"Note: {md(n, inert.PROSE_CHARS)}" for n in record["notes"]]
    return [*out, *([""] if record["notes"] else []),
            f"**Next:** {md(next_step(record), inert.PROSE_CHARS)}. Tolerances and their "
            f"reasons: {md(record['suite'])}.", ""]


def _cells(cells: Sequence[CellDoc], limit: int = 8) -> list[str]:
    if not cells:
        return []
    columns = cell_columns(cells[:limit])
    rows = [[inert.cell(cell_text(k, c.get(k)), CELL_CHARS) for k, _ in columns]
            for c in cells[:limit]]
    more = [f"({len(cells) - limit} more in report.json)", ""] if len(cells) > limit else []
    return ["Worst cells:", "", *_table([h for _, h in columns], rows), "", *more]


def _table(heads: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A GFM table of already-escaped cells."""
    return [f"| {' | '.join(heads)} |", "|" + "---|" * len(heads),
            *(f"| {' | '.join(row)} |" for row in rows)]


def to_markdown(document: ReportDoc) -> str:
    """report.md: as report.html opens, the totals, what the release may be used for and the
    decision first, then each release, then the cross-locale comparison."""
    out = [f"# iaf {command(document)}", ""]
    if "run" in document:
        out += [f"Run {document['run']} (iaf {document['iaf_version']}).", ""]
    out += ["Totals: " + totals(document["summary"]), ""]
    regressed = document.get("gate", {}).get("regressed", ())
    for lead, joints in fitness(document["footprints"], regressed):  # a joint a line
        out += [f"- {lead}:", *(f"  - {inert.markdown(joint)}" for joint in joints)]
    out += [""] if out[-1] != "" else []
    out += _decision(document)
    for index in range(len(document["releases"])):
        out += _release(document, index)
    if len(document["releases"]) > 1:
        out += ["## Cross-locale comparison", "", *_comparison(document["comparison"])]
    return "\n".join(out).rstrip("\n") + "\n"


def _decision(document: ReportDoc) -> list[str]:
    gate = document.get("gate")
    if not gate:
        return []
    blocking = ": " + ", ".join(map(inert.markdown, gate["blocking"])) if gate["blocking"] else ""
    under = gate_conditions(gate)
    return [f"{decision_label(gate)}: **{gate['decision']}** (exit {gate['exit_code']}"
            f"{', strict' if gate['strict'] else ''}){blocking}{unevaluable_clause(gate)}.",
            *(f"{inert.markdown(note)}." for note in gate["notes"]),
            *([f"Decided with: {inert.markdown('; '.join(under))}."] if under else []), ""]


def _comparison(comparison: dict) -> list[str]:
    """The verdicts per locale, and the occupation footprints compared, as tables."""
    counts, footprints = comparison_tables(comparison)
    out = _table(counts[0], counts[1:])
    if len(footprints) > 1:
        out += ["", *_table(footprints[0], [[inert.cell(c) for c in r] for r in footprints[1:]])]
    return [*out, ""]


def diff_markdown(result: DiffResult, run: str = "") -> str:
    """diff.md; ``run``: the id of the set it belongs to."""
    def label(side: dict) -> str:
        run = f", report run {side['run']}" if "run" in side else ""
        return f"{inert.markdown(side.get('label'))} ({side.get('rows') or 0:,} rows{run})"

    lines = [f"# iaf diff: {result.locale}", "",
             *([f"Run {run} (iaf {__version__}).", ""] if run else []),
             f"Baseline: {label(result.baseline)}; new: {label(result.new)}.", "",
             f"**{inert.markdown(diff_summary(result))}.** Drift is change between the "
             "releases, not by itself an infidelity.", "",
             "| footprint | baseline | new | change |", "|---|---|---|---|"]
    lines += [f"| {inert.cell(fid)} | {before or '-'} | {after or '-'} | {change} |"
              for fid, before, after, change in result.overview]
    lines += ["", "| footprint | kind | regression | what changed |", "|---|---|---|---|"]
    lines += [f"| {inert.cell(c.footprint or '(release)')} | {c.kind} | "
              f"{'yes' if c.regression else ''} | {inert.cell(c.text)} |"
              for c in result.changes]
    return "\n".join(lines) + "\n"
