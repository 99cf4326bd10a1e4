"""report.md: the verdict table per release and, for every failing footprint, the text the
pytest failure gives."""

from __future__ import annotations

from collections.abc import Sequence

from iaf.report.document import comparison, summary
from iaf.report.text import comparison_table, failure_message, headline
from iaf.results import AuditResult, DiffResult, Verdict


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


def diff_markdown(result: DiffResult) -> str:
    lines = [f"# iaf diff: {result.locale}", "",
             f"Baseline: {result.baseline.get('label')} ({result.baseline.get('rows'):,} rows); "
             f"new: {result.new.get('label')} ({result.new.get('rows'):,} rows).", "",
             f"**{'Regressed' if result.regressed else 'No regression'}.** Drift is change "
             "between the releases, not by itself an infidelity.", "",
             "| footprint | kind | regression | what changed |", "|---|---|---|---|"]
    lines += [f"| {c.footprint or '(release)'} | {c.kind} | {'yes' if c.regression else ''} | "
              f"{c.text.replace('|', '/')} |" for c in result.changes]
    return "\n".join(lines) + "\n"
