"""report.md and diff.md, rendered from report documents: the verdict table per release and,
for every failing footprint, the text the pytest failure gives. Every string a release or a
catalogue controls is escaped (``inert.markdown``), failure text sits in fences nothing inside
can close, and no absolute path of the auditor's machine appears."""

from __future__ import annotations

from iaf import __version__
from iaf.report import inert
from iaf.report.document import ReportDoc
from iaf.report.text import (
    command,
    comparison_table,
    decision_label,
    diff_summary,
    failure_message,
    fitness,
    gate_conditions,
    totals,
    unevaluable_clause,
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
    out += [f"| {inert.markdown(f['id'])} | {f['kind']} | {f['verdict']} | "
            f"{inert.markdown(f['headline'], inert.PROSE_CHARS)} |" for f in records]
    out.append("")
    for record in records:  # the detail the pytest message gives, tables capped
        if record["verdict"] == "fail":
            out += [f"### {record['locale']}/{inert.markdown(record['id'])}: fail", "",
                    inert.fence(failure_message(record)), ""]
    return out


def to_markdown(document: ReportDoc) -> str:
    out = [f"# iaf {command(document)}", ""]
    if "run" in document:
        out += [f"Run {document['run']} (iaf {document['iaf_version']}).", ""]
    for lead, joints in fitness(document["footprints"], document.get("gate", {}).get("regressed", ())):  # a joint a line
        out += [f"- {lead}:", *(f"  - {inert.markdown(joint)}" for joint in joints)]
    out += [""] if out[-1] != "" else []
    for index in range(len(document["releases"])):
        out += _release(document, index)
    out.append("Totals: " + totals(document["summary"]))
    gate = document.get("gate")
    if gate:
        blocking = (": " + ", ".join(map(inert.markdown, gate["blocking"]))
                    if gate["blocking"] else "")
        out += ["", f"{decision_label(gate)}: **{gate['decision']}** (exit {gate['exit_code']}"
                    f"{', strict' if gate['strict'] else ''}){blocking}"
                    f"{unevaluable_clause(gate)}.",
                *(f"{inert.markdown(note)}." for note in gate["notes"])]
        under = gate_conditions(gate)
        out += [f"Decided with: {inert.markdown('; '.join(under))}."] if under else []
    if len(document["releases"]) > 1:
        out += ["", "## Cross-locale comparison", "",
                inert.fence(comparison_table(document["comparison"]))]
    return "\n".join(out) + "\n"


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
    lines += [f"| {inert.markdown(fid)} | {before or '-'} | {after or '-'} | {change} |"
              for fid, before, after, change in result.overview]
    lines += ["", "| footprint | kind | regression | what changed |", "|---|---|---|---|"]
    lines += [f"| {inert.markdown(c.footprint or '(release)')} | {c.kind} | "
              f"{'yes' if c.regression else ''} | {inert.markdown(c.text)} |"
              for c in result.changes]
    return "\n".join(lines) + "\n"
