"""Terminal text, rendered from report documents: the verdict table, a footprint's failure text
(what pytest prints), the cross-locale comparison and a diff's changes. Cells are aligned by
display width (Korean and Japanese characters take two columns) and long reasons wrap, never
cut mid-sentence; every string a release or catalogue controls is made inert."""

from __future__ import annotations

import shutil
import textwrap
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from iaf.report import inert
from iaf.report.checks import (
    bound_text,
    cell_columns,
    cell_text,
    key_check,
    metric_name,
    observed_text,
)
from iaf.report.document import VERDICTS, RecordDoc
from iaf.results import DiffResult

CELL_CHARS = 70  # a worst cell's label is cut here (the full label is in report.json)
MIN_REASON_WIDTH = 40


def display_width(text: str) -> int:
    """Terminal columns of ``text``: East Asian wide and full-width characters take two, so
    Korean and Japanese cells line up."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows of text cells padded to common display widths, two spaces apart."""
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(v + " " * (w - display_width(v)) for v, w in zip(row, widths)).rstrip()
            for row in rows]


def _wrapped(rows: Sequence[Sequence[str]], width: int) -> list[str]:
    """Rows aligned, the last column wrapped to ``width`` with its continuation lines indented
    under it, so a reason is never cut."""
    lead = [row[:-1] for row in rows]
    lines = aligned([[*r, ""] for r in lead])
    indent = max(display_width(line) for line in lines) + 2
    out = []
    for line, row in zip(lines, rows):
        room = max(MIN_REASON_WIDTH, width - indent)
        parts = textwrap.wrap(row[-1], room) or [""]
        out.append((line.ljust(indent - 2 + len(line) - display_width(line)) + "  "
                    + parts[0]).rstrip())
        out += [" " * indent + part for part in parts[1:]]
    return out


def verdict_table(records: Sequence[RecordDoc], width: int | None = None) -> str:
    """One line per footprint (reasons wrapped to the terminal's ``width``)."""
    heads = ("locale", "footprint", "kind", "verdict", "key metric / reason")
    rows = [(r["locale"], inert.line(r["id"]), r["kind"], r["verdict"],
             inert.line(r["headline"])) for r in records]
    width = width or shutil.get_terminal_size((160, 24)).columns
    return "\n".join(_wrapped([heads, *rows], width))


def totals(summary: Mapping[str, int]) -> str:
    """In the verdicts' order whatever the mapping's (report.json's keys are sorted)."""
    return ", ".join(f"{summary.get(v, 0)} {v}" for v in VERDICTS)


FITNESS = (("regressed", "Worse than the last version (regressed against the baseline) for"),
           ("fail", "Do not rely on the release for"),
           ("inconclusive", "Not settled at this size"),
           ("unevaluable", "Not checked (no reference to check against) for"),
           ("pass", "Within tolerance"))


def fitness(records: Sequence[RecordDoc], regressed: Sequence[str] = ()
            ) -> list[tuple[str, list[str]]]:
    """What a reader may use the release for, per verdict: a lead ("Do not rely on the
    release for") and the attribute combinations (occupation x sex) that regressed against
    the baseline (``regressed``: "locale/id"s, listed there only), failed, were not settled,
    could not be checked (unevaluable: named, since nothing vouches for them) or passed, each
    with its footprints."""
    out, several = [], len({r["locale"] for r in records}) > 1

    def group(record: RecordDoc) -> str:
        worse = f"{record['locale']}/{record['id']}" in regressed
        return "regressed" if worse and record["verdict"] != "fail" else record["verdict"]

    for verdict, lead in FITNESS:
        joints: dict[str, list[str]] = {}
        for r in records:
            if group(r) == verdict:
                name = f"{r['locale']}/{r['id']}" if several else r["id"]
                attributes = r["attributes"]
                joint = (" x ".join(attributes) if len(attributes) <= 4 else
                         f"{len(attributes)} columns together")  # identity: the whole row
                joints.setdefault(joint, []).append(name)
        if joints:
            out.append((lead, [f"{joint} ({', '.join(ids)})" for joint, ids in joints.items()]))
    return out


def cell_table(cells: Sequence[Mapping[str, Any]], limit: int = 8) -> str:
    if not cells:
        return "    (no cells)"
    columns = cell_columns(cells[:limit])
    rows = [[inert.line(cell_text(k, c.get(k)), CELL_CHARS) for k, _ in columns]
            for c in cells[:limit]]
    more = [f"    ({len(cells) - limit} more in report.json)"] if len(cells) > limit else []
    return "\n".join(["    " + line for line in aligned([[h for _, h in columns], *rows])]
                     + more)


def check_lines(checks: Sequence[Mapping[str, Any]]) -> str:
    return "\n".join(
        f"    {'ok  ' if c['success'] else 'FAIL'} {c['metric']} = "
        f"{'n/a' if c['observed'] is None else format(c['observed'], '.4g')}, tolerance "
        f"{bound_text(c)}\n         why: {inert.prose(c['why'])}" for c in checks)


def next_step(record: Mapping[str, Any]) -> str:
    """What a reader of a failed footprint does next."""
    if record["kind"] == "marginal":
        return ("read the worst cells against the reference: the release's distribution of "
                "this column departs from the official one by more than the tolerance")
    if record["kind"] == "rule_implied":
        return "read the violations against the rule's basis"
    return ("read the worst cells against the disclosure; if the generator treated these "
            "attributes as independent, the joint must be modelled, not the tolerance loosened")


def worst_cell(record: Mapping[str, Any]) -> str:
    """The cell that weighs most in a failure, as a sentence: an outcome's share in a group
    ('' where the cells are not such shares): a reader sees what is wrong before the tables."""
    c = (record.get("cells") or [{}])[0]
    if c.get("outcome") is None or c.get("synthetic") is None or c.get("reference") is None:
        return ""
    return (f"Worst cell: among {inert.line(c['where'], CELL_CHARS)}, "
            f"{inert.line(c['outcome'], CELL_CHARS)} are {c['synthetic'] * 100:.1f}% in the "
            f"release and {c['reference'] * 100:.1f}% in the reference")


def key_sentence(record: Mapping[str, Any]) -> str:
    """The key check as a sentence ("share of ... lost is 0.5649, tolerance <= 0.1889"), or
    the reason where there is none (raw: each output makes it inert)."""
    check = key_check(record["verdict"], record["checks"])
    if check is None:
        return str(record.get("reason", ""))
    return (f"{metric_name(check['metric'])} is {observed_text(check)}, tolerance "
            f"{bound_text(check)}")


def views_line(record: Mapping[str, Any]) -> str:
    """The verdict of each view and what the verdict depends on ('' for one view; raw)."""
    if len(record["views"]) <= 1:
        return ""
    views = ", ".join(f"{n} {v['verdict']}" for n, v in record["views"].items())
    return (f"Views: {views}; mapping-dependent: "
            f"{'yes' if record.get('mapping_dependent') else 'no'}; frame-dependent: "
            f"{'yes' if record.get('frame_dependent') else 'no'}")


def failure_message(record: RecordDoc, root: str = "") -> str:
    """What a reader needs to understand a footprint's verdict without the code; catalogue
    paths are under ``root`` when it is given (pytest), relative otherwise."""
    def where(path: str) -> str:
        return f"{root.rstrip('/')}/{path}" if root and path else path

    lines = [f"{record['locale']}/{record['id']} {record['verdict'].upper()}: "
             f"{inert.prose(key_sentence(record))}"]
    if cell := worst_cell(record):
        lines.append(f"  {cell}")
    d = record["disclosure"]
    lines.append(f"  Disclosure: \"{inert.prose(d['quote'])}\"\n    "
                 f"({inert.line(d['source'])}, {inert.line(d['revision'])})")
    for ref, citation in record["reference_citations"].items():
        lines.append(f"  Reference: {ref}: {inert.prose(citation)}\n    file: "
                     f"{where(record['reference_files'].get(ref, ''))}")
        source = record.get("reference_sources", {}).get(ref)
        if source:
            lines.append(f"    source: {inert.line(source['url'])} (retrieved "
                         f"{inert.line(source['retrieved'])}; licence: "
                         f"{inert.line(source['licence'])}; "
                         f"{inert.prose(source['evidence'])})")
    if record["checks"]:
        lines.append(f"  Frame: {inert.prose(record['frame']['text'])} "
                     f"(N = {record['frame']['rows']:,} rows)")
        lines.append("  Checks:\n" + check_lines(record["checks"]))
        lines.append("  Worst cells:\n" + cell_table(record["cells"]))
    if views := views_line(record):
        lines.append(f"  {inert.line(views)}")
    lines.extend(f"  Note: {inert.prose(n)}" for n in record["notes"])
    lines.append(f"  Next: {next_step(record)}. Tolerances and their reasons: "
                 f"{where(record['suite'])}")
    return "\n".join(lines)


def score(summary: Mapping[str, float] | None) -> str:
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


def comparison_tables(comparison: Mapping[str, Any]
                      ) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """The cross-locale comparison as two tables of text cells, heads first (every output
    renders these): the verdicts per locale, and the occupation footprints compared."""
    counts: list[tuple[str, ...]] = [("locale", "run", *VERDICTS)]
    counts += [(locale, *(str(c.get(k, 0)) for k in counts[0][1:]))
               for locale, c in comparison["locales"].items()]
    heads = ("locale", "footprint", "verdict", "taxonomy (cells)",
             "native: flagged, dependence lost, rho", "ISCO-08 pooled: the same")
    rows = [(f["locale"], f["id"], f["verdict"], f"{f['taxonomy']} ({f['cardinality']})",
             score(f["native"]), score(f["isco08"]) if f["isco08"] else "n/a")
            for f in comparison["footprints"]]
    return counts, [heads, *rows]


def comparison_table(comparison: Mapping[str, Any]) -> str:
    counts, footprints = comparison_tables(comparison)
    return "\n".join([*aligned(counts), "", *aligned(footprints)])


def diff_overview(result: DiffResult) -> str:
    """Every footprint, old verdict -> new verdict, and what the change is."""
    rows = [(fid, before or "-", after or "-", change)
            for fid, before, after, change in result.overview]
    return "\n".join(aligned([("footprint", "baseline", "new", "change"), *rows]))


def diff_table(result: DiffResult) -> str:
    """The overview, then every change (regressions marked)."""
    lines = [diff_overview(result), ""] if result.overview else []
    if not result.changes:
        return "\n".join([*lines, "no change beyond noise"])
    width = max(len(c.footprint or "(release)") for c in result.changes)
    lines += [f"{(c.footprint or '(release)'):{width}}  {c.kind:10}  "
              f"{'REGRESSION ' if c.regression else ''}{inert.terminal(c.text)}"
              for c in result.changes]
    return "\n".join(lines)


def command(document: Mapping[str, Any]) -> str:
    """The command a report's pages are titled by: its gate record's, else audit."""
    return str(document.get("gate", {}).get("command", "audit"))


def decision_label(gate: Mapping[str, Any]) -> str:
    """What a gate record's decision is called: an audit's is not a gate's (an audit's pass
    under inconclusive footprints is a gate's block)."""
    return "Gate" if gate.get("command") == "gate" else "Audit decision"


def unevaluable_clause(gate: Mapping[str, Any]) -> str:
    """The gate line's note of the unevaluable footprints ('' when there are none)."""
    count = len(gate["unevaluable"])
    if not count:
        return ""
    # beside footprints that decided, they are not the cause; where none was settled they are
    # part of why nothing was tested, and "not blocking" read wrong beside "blocked"
    aside = ", not blocking" if gate["blocking"] or gate["decision"] == "pass" else ""
    return f"; {count} unevaluable (no release could settle them{aside})"


def gate_conditions(gate: Mapping[str, Any]) -> list[str]:
    """What the decision was taken under besides the verdicts, as phrases (none: every
    footprint, no baseline, nothing admitted)."""
    said = [(gate["selected"], f"only {', '.join(gate['selected'])} audited (--footprint)"),
            (gate["excluded"], f"{', '.join(gate['excluded'])} left out (--exclude)"),
            (gate["baseline"], f"diffed against {gate['baseline']}"),
            (gate["allow_partial"], "missing shards admitted (--allow-partial)"),
            (gate["allow_new_values"], "new values admitted (--allow-new-values)")]
    return [text for given, text in said if given]


def diff_summary(result: DiffResult) -> str:
    """The diff's outcome in one line: footprints that regressed, and what moved."""
    regressed = result.regressed_footprints
    checks = sum(c.regression for c in result.changes)
    drifted = sum(c.kind == "drift" for c in result.changes)
    head = (f"REGRESSED: {len(regressed)} footprint(s) regressed ({', '.join(regressed)}), "
            f"{checks} finding(s) in all" if regressed else "no regression")
    skipped = sum(change == "not compared" for *_, change in result.overview)
    left_out = f"; {skipped} footprint(s) not compared (left out by a selection)" if skipped else ""
    return f"{head}; {drifted} footprint(s) drifted beyond noise{left_out}"
