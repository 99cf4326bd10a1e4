"""report.html and diff.html: one self-contained page per audit (or diff), read in a minute.

Rendered from the report document (what report.json holds), so ``iaf audit``, the pytest
plugin (whose xdist controller holds only documents) and ``iaf diff`` draw the same page. It
opens with the verdict counts, what the release may be used for and the gate's decision; per
locale, one overview figure (every footprint's key check as the share of its tolerance used,
coloured by verdict), the card's sentences quoted once, each footprint's detail folded
(``<details>``, failures open), and the references cited, each once. The page loads
nothing and runs nothing: styles are inline, plots are inline SVG (their ids prefixed per plot,
matplotlib's page-wide style dropped) whose text uses the plot fonts embedded once, subset to
the page's characters (``iaf.report.fonts``).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from itertools import zip_longest
from typing import Any

from iaf.report import inert
from iaf.report.checks import METRIC_NAMES, cell_columns, cell_text, key_check
from iaf.report.document import VERDICTS
from iaf.report.text import (
    command,
    comparison_tables,
    decision_label,
    fitness,
    gate_conditions,
    next_step,
    unevaluable_clause,
    worst_cell,
)

# text and badge colours keep WCAG AA contrast (4.5:1) with white text or background
STYLE = """
body{font-family:NanumGothic,IPAexGothic,system-ui,-apple-system,"Segoe UI",sans-serif;
margin:0 auto;max-width:1100px;padding:1rem;color:#212529;line-height:1.4;
overflow-wrap:break-word}
pre{white-space:pre-wrap}
h1{margin:.2rem 0}h2{border-bottom:2px solid #dee2e6;padding-bottom:.2rem;margin-top:1.6rem}
h4{margin:.8rem 0 .2rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.85rem;display:block;overflow-x:auto}
@media print{table{display:table;font-size:.75rem}}
@media print{details::details-content{content-visibility:visible;display:block}}
td,th{border:1px solid #dee2e6;padding:.2rem .45rem;text-align:left;vertical-align:top}
th{background:#f1f3f5}td.num{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;border-radius:.3rem;padding:0 .45rem;font-weight:600;color:#fff}
.pass{background:#237032}.fail{background:#c92a2a}.inconclusive{background:#6c757d}
.unevaluable{background:#4263eb}.error{background:#b35c00}
.totals .badge{font-size:1.05rem;margin-right:.3rem}
details.footprint{border:1px solid #dee2e6;border-radius:.4rem;padding:.2rem .8rem;margin:.6rem 0}
details.footprint>summary{cursor:pointer;font-weight:600;padding:.2rem 0}
summary h3{display:inline;font-size:1rem;margin:0}.anchor{display:block;scroll-margin-top:3rem}
details.verdict-fail{border-left:6px solid #c92a2a}
details.verdict-pass{border-left:6px solid #237032}
details.verdict-inconclusive{border-left:6px solid #6c757d}
details.verdict-unevaluable{border-left:6px solid #4263eb}
blockquote{margin:.4rem 0;padding:.2rem .8rem;border-left:3px solid #adb5bd;color:#495057}
figure{margin:.5rem 0}figure svg{max-width:100%;height:auto}
@media screen and (max-width:640px){figure.plot{overflow-x:auto}
figure.plot svg{max-width:none}table[id$="-checks"] td:last-child{min-width:15rem}}
figure svg text{font-family:NanumGothic,IPAexGothic,"DejaVu Sans",sans-serif}
figcaption{font-size:.8rem;color:#495057}.muted{color:#6c757d;font-size:.85rem}
.ok{color:#237032;font-weight:600}.bad{color:#c92a2a;font-weight:600}
"""
CAPTIONS = {
    "shares": "Share per category: reference (blue) and synthetic (orange).",
    "residuals": "Synthetic minus reference conditional share, in points: red where the "
                 "release has too much, blue too little; grey where the reference "
                 "publishes no cell.",
    "female_shares": "Female share per male-dominated group: the arrow runs from the "
                     "reference to the release; the dashed line is parity.",
    "interaction": "Each cell's departure from its own no-interaction fit. On the diagonal "
                   "the release keeps the reference's interaction; on the dashed zero line "
                   "it has none.",
    "age_profile": "Active-duty rows per age and rank; green: the ages the law allows, red "
                   "bars: rows outside them.",
}
OVERVIEW = ("Every footprint's key check on one scale: the share of its tolerance used, from "
            "0 at the metric's ideal to 1 at the bound that decides it at this size (the "
            "suite's bound widened by sampling noise; the tick marks the suite's own). Beyond "
            "1 is a fail; bars are capped at 3, the value written beside them.")


def _plots() -> Any:
    """iaf.report.plots, imported when a plot is drawn here (it imports matplotlib)."""
    from iaf.report import plots  # noqa: PLC0415

    return plots


def _page(title: str, body: Iterable[str]) -> str:
    from iaf.report.fonts import font_faces  # noqa: PLC0415 - fontTools, only for a page

    text = "\n".join(body)
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(title)}</title>\n<style>{font_faces(text)}\n{STYLE}</style>\n"
            f"</head>\n<body>\n<main>\n{text}\n</main>\n</body>\n</html>\n")


def _text(value: object, limit: int = inert.PROSE_CHARS) -> str:
    """A string a release or catalogue controls, as page text: cut, control characters shown
    escaped, HTML escaped."""
    return escape(inert.line(value, limit))


def _rows(n: int) -> str:
    return f"{n:,} row" + ("" if n == 1 else "s")


def _kind(record: dict) -> str:
    """'direct_joint, conditional'; a method named as its kind is said once."""
    method = record["method"] or ""
    return record["kind"] if method in ("", record["kind"]) else f"{record['kind']}, {method}"


def _metric(metric: str) -> str:
    """A check's metric: its name and, where that differs, its key in report.json."""
    name = METRIC_NAMES.get(metric, metric)
    return escape(name) if name == metric else f"{escape(name)} <code>{escape(metric)}</code>"


def _badge(verdict: str) -> str:
    return f'<span class="badge {escape(verdict)}">{escape(verdict)}</span>'


def _table(heads: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[bool] = (),
           ident: str = "", lang: Sequence[Sequence[str]] = ()) -> str:
    """An HTML table of already-escaped cells; ``lang``, per row and cell, the language of a
    cell that holds a release's own value (a Korean category) in this English page."""
    head = "".join(f'<th scope="col">{h}</th>' for h in heads)
    body = "".join("<tr>" + "".join(
        f"<td{_attributes(i, numeric, langs)}>{c}</td>" for i, c in enumerate(row))
        + "</tr>" for row, langs in zip_longest(rows, lang, fillvalue=()))
    named = f' id="{escape(ident)}"' if ident else ""
    return f"<table{named}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _attributes(column: int, numeric: Sequence[bool], langs: Sequence[str]) -> str:
    number = ' class="num"' if column < len(numeric) and numeric[column] else ""
    language = langs[column] if column < len(langs) else ""
    return number + (f' lang="{escape(language)}"' if language else "")


def _written_in(text: str, language: str) -> str:
    """``language`` where ``text`` is written in another script than English's (a Korean
    category), else '' (a code, a number, an English label)."""
    return language if any(ord(ch) > 0x2FF for ch in text) else ""


def _language(locale: str) -> str:
    """The language of a locale's values, as HTML's lang names it ('ko' for ko_KR, 'hi-Latn'
    for hi_Latn_IN: romanised Hindi is not read with a Devanagari voice); '' for English, the
    page's own."""
    language, *rest = locale.split("_")
    script = [p for p in rest if len(p) == 4 and p.isalpha()][:1]
    return "" if language.lower() == "en" else "-".join([language.lower(), *script])


_XML_HEAD = re.compile(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<!--.*?-->|<style.*?</style>", re.S)
_REFERENCES = re.compile(r'(id="|url\(#|href="#)([^")]+)')
_FAMILY = re.compile(r"font-family: [^;\"]*;? ?")
_SHORTHAND = re.compile(r"font: ([\d.]+px) [^;\"]*")  # matplotlib < 3.9 writes "font: 9px 'A', 'B'"
_WRAPPED = re.compile(r"<g> (<path [^>]*/>) </g>")  # a group around one path says nothing


def _inline(svg: str, key: str, label: str, described_by: str = "") -> str:
    """A standalone SVG as an element of the page: no prolog, no page-wide style, every id
    (and every reference to one) prefixed with a short digest of ``key`` so that plots never
    share an id."""
    prefix = "f" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:6]
    body = _WRAPPED.sub(r"\1", _XML_HEAD.sub("", svg).strip())
    # the page's style sets the family once for every plot
    body = _FAMILY.sub("", _SHORTHAND.sub(r"font-size: \1", body))
    body = _REFERENCES.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}", body)
    described = f'aria-describedby="{escape(described_by)}" ' if described_by else ""
    return body.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" {described}', 1)


def _figure(svg: str, key: str, label: str, caption: str, described_by: str = "") -> str:
    """A plot with its caption; a screen reader hears ``label`` (what the plot shows, in
    words) and is pointed to ``described_by``, the table holding its figures."""
    return (f'<figure class="plot">{_inline(svg, key, label, described_by)}'
            f"<figcaption>{escape(caption)}</figcaption></figure>")


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.4g}"


def _range(low: float | None, high: float | None) -> str:
    """Bounds as read aloud: '≥ 0.85', '≤ 0.02' or '0.5 … 1.2'."""
    if low is None:
        return "" if high is None else f"≤ {_number(high)}"
    return f"≥ {_number(low)}" if high is None else f"{_number(low)} … {_number(high)}"


def _checks(checks: Sequence[dict], ident: str) -> str:
    rows = [(f'<span class="{"ok" if c["success"] else "bad"}">'
             f'{"ok" if c["success"] else "FAIL"}</span>',
             _metric(c["metric"]), _number(c["observed"]),
             _range(c["suite_min"], c["suite_max"]),
             _number(c["noise_allowance"]), _range(c["min"], c["max"]),
             _text(c["why"])) for c in checks]
    return _table(("result", "check", "observed", "suite bounds", "noise allowance",
                   "bounds at this size", "why this tolerance"), rows,
                  (False, False, True, True, True, True), ident)


def _cells(cells: Sequence[dict], ident: str, language: str, limit: int = 12) -> str:
    columns = cell_columns(cells[:limit])
    texts = [[cell_text(k, c.get(k)) for k, _ in columns] for c in cells[:limit]]
    langs = [[_written_in(t, language) if k in ("where", "outcome") else ""
              for (k, _), t in zip(columns, row)] for row in texts]
    shown = "" if len(cells) <= limit else f'<p class="muted">{limit} of {len(cells)} shown</p>'
    return _table([escape(h) for _, h in columns], [[_text(t, 120) for t in row] for row in texts],
                  (), ident, langs) + shown


def _plot(record: dict, svgs: Mapping[str, str], described_by: str) -> str:
    views = record["views"]  # by name in report.json: the primary is found by its role
    name = next((n for n, v in views.items() if v["role"] == "primary"), next(iter(views), ""))
    figure = views[name].get("figure") if name else None
    if not figure:
        return ""
    caption = f"{CAPTIONS[figure['kind']]} View: {name}."
    if figure.get("note"):
        caption += f" Shown: {figure['note']}."
    key = f"{record['locale']}/{record['id']}"
    svg = svgs.get(key) or _plots().view_svg(figure)
    label = f"{record['id']}, {figure['kind'].replace('_', ' ')} of view {name}: " \
            f"{inert.line(record['headline'], 300)}"
    return _figure(svg, key.replace("/", "-"), label, caption, described_by)


def _power(power: dict | None, verdict: str) -> str:
    """What a pass rests on: the chance that a release with the declared effect (the
    counterfactual) fails at this size. A fail rests on its checks alone, so it shows none
    (a low figure under a fail read as doubt about the fail)."""
    if not power or verdict == "fail":
        return ""
    needs = power.get("needs_frame_rows")
    return (f'<p class="muted">Power: a release with the declared effect (the counterfactual) '
            f'would fail at this size with probability {power["power"]:.2f} '
            f'({escape(power["metric"])})'
            + (f"; about {needs:,.0f} frame rows reach 0.95" if needs else "") + ".</p>")


def _views(record: dict) -> list[str]:
    if len(record["views"]) <= 1:
        return []
    rows = [(escape(n), escape(v["role"]), _badge(v["verdict"]))
            for n, v in record["views"].items()]
    flags = ", ".join(f"{k.replace('_', ' ')}: {'yes' if record[k] else 'no'}"
                      for k in ("mapping_dependent", "frame_dependent",
                                "survives_age_standardisation") if k in record)
    return ["<h4>Views</h4>", _table(("view", "role", "verdict"), rows),
            f'<p class="muted">{escape(flags)}</p>']


def _source_anchor(locale: str, ref: str) -> str:
    return f"{locale}-source-{ref}"


def _sources(records: Sequence[dict]) -> list[str]:
    """Each reference table the footprints cite, once: its citation, its address as a link (a
    click, never a fetch), the retrieval date, licence, how the figures were seen, the file."""
    seen: dict[str, dict] = {}
    for record in records:
        for ref in record["reference_citations"]:
            seen.setdefault(ref, record)
    items = []
    for ref, record in sorted(seen.items()):
        checked = ""
        source = record.get("reference_sources", {}).get(ref)  # older reports lack it
        if source:
            checked = (f"; {_linked(source['url'])}, retrieved {escape(source['retrieved'])}. "
                       f'<span class="muted">Licence: {escape(source["licence"])}. '
                       f'{escape(source["evidence"])}.</span>')
        items.append(f'<li id="{escape(_source_anchor(record["locale"], ref))}"><code>'
                     f'{escape(ref)}</code>: {escape(record["reference_citations"][ref])}'
                     f'{checked} <span class="muted">File: '
                     f'{escape(record["reference_files"].get(ref, ""))}</span></li>')
    return ["<h3>References</h3>", "<ul>", *items, "</ul>"] if items else []


# a web address runs to a space, a quote or an angle bracket; a sentence's closing punctuation
# and an unmatched closing parenthesis after it are not its own (_address)
_ADDRESS = re.compile(r"https?://[^\s<>\"']+")


def _address(found: str) -> str:
    """A matched address without the punctuation that closes the sentence around it: trailing
    '.,:;!?', and a ')' the address did not open ("(see https://x.org.)")."""
    while True:
        trimmed = found.rstrip(".,:;!?")
        if trimmed.endswith(")") and trimmed.count(")") > trimmed.count("("):
            trimmed = trimmed[:-1]
        if trimmed == found:
            return found
        found = trimmed


def _linked(text: str) -> str:
    """A manifest's ``url`` as page text, each web address in it a link (a manifest may give
    two addresses, or one with the table's name after it)."""
    out, at = [], 0
    for match in _ADDRESS.finditer(text):
        address = _address(match.group())
        out += [escape(text[at:match.start()]),
                f'<a rel="noreferrer" href="{escape(address)}">{escape(address)}</a>']
        at = match.start() + len(address)
    return "".join([*out, escape(text[at:])])


def _footprint(record: dict, svgs: Mapping[str, str]) -> str:
    anchor = f'{record["locale"]}-{record["id"]}'
    disclosure = f'{record["locale"]}-disclosure-{record["disclosure"]["id"]}'
    opened = " open" if record["verdict"] == "fail" else ""
    tables = {"cells": f"{anchor}-cells" if record["cells"] else "",
              "checks": f"{anchor}-checks" if record["checks"] else ""}
    # the anchor inside the folded part: following a link to it unfolds a closed footprint
    parts = [f'<details class="footprint verdict-{escape(record["verdict"])}"{opened}>',
             f'<summary><h3>{escape(record["id"])}</h3> {_badge(record["verdict"])} '
             f'<span class="muted">{_text(record["headline"], 300)}</span></summary>',
             f'<span class="anchor" id="{escape(anchor)}"></span>',
             f'<p class="muted">{escape(_kind(record))}; '
             f'card sentence: <a href="#{escape(disclosure)}">'
             f'{escape(record["disclosure"]["id"])}</a></p>']
    if record.get("reason") and record["headline"] != record["reason"]:
        parts.append(f'<p>{_text(record["reason"])}</p>')
    if record["verdict"] == "fail":  # as report.md and pytest's message say it
        if worst_cell(record):
            parts.append(f"<p>{escape(worst_cell(record))}.</p>")
        parts.append(f"<p><strong>Next:</strong> {escape(next_step(record))}.</p>")
    for ref, citation in record["reference_citations"].items():
        parts.append(f"<p>Reference <code>{escape(ref)}</code>: {escape(citation)} (<a href="
                     f'"#{escape(_source_anchor(record["locale"], ref))}">where to check '
                     f"{escape(ref)}</a>)</p>")
    parts.append(f'<p>Frame: {escape(record["frame"]["text"])} '
                 f'(N = {_rows(record["frame"]["rows"])})</p>')
    parts.append(_plot(record, svgs, tables["cells"] or tables["checks"]))
    if record["checks"]:
        parts.append(_checks(record["checks"], tables["checks"]))
    parts.append(_power(record.get("power"), record["verdict"]))
    if record["cells"]:
        parts += ["<h4>Worst cells</h4>",
                  _cells(record["cells"], tables["cells"], _language(record["locale"]))]
    parts += _views(record)
    parts += [f'<p class="muted">Note: {_text(n)}</p>' for n in record["notes"]]
    parts.append(f'<p class="muted">Tolerances and their reasons: '
                 f'{escape(record["suite"])}</p></details>')
    return "\n".join(p for p in parts if p)


def _disclosures(locale: str, records: Sequence[dict]) -> list[str]:
    """Each card sentence the locale's footprints rest on, quoted once."""
    seen: dict[str, dict] = {}
    for r in records:
        seen.setdefault(r["disclosure"]["id"], r["disclosure"])
    out = ["<h3>What the card says</h3>"]
    for did, d in seen.items():
        anchored = "" if d["card_anchored"] else " (no card text found: not card-anchored)"
        out.append(f'<blockquote id="{escape(locale)}-disclosure-{escape(did)}">'
                   f'“{escape(d["quote"])}”<br><span class="muted">{escape(did)}: '
                   f'{escape(d["source"])}, {escape(d["revision"])}{anchored}</span>'
                   "</blockquote>")
    return out


def overview_figure(records: Sequence[dict]) -> dict | None:
    """The overview plot's data: each footprint's key check (the first check of one without
    a verdict of its own), or None when no footprint has a check."""
    rows = []
    for r in records:
        check = key_check(r["verdict"], r["checks"]) or (r["checks"][0] if r["checks"] else None)
        if check is not None and check["observed"] is not None:
            rows.append({"id": r["id"], "verdict": r["verdict"], **check})
    return {"kind": "overview", "rows": rows} if rows else None


def _overview(locale: str, records: Sequence[dict], svgs: Mapping[str, str]) -> str:
    figure = overview_figure(records)
    if figure is None:
        return ""
    svg = svgs.get(f"{locale}/@overview") or _plots().view_svg(figure)
    counts = Counter(row["verdict"] for row in figure["rows"])
    label = (f"{locale}: the key check of {len(figure['rows'])} footprints, "
             + ", ".join(f"{counts[v]} {v}" for v in VERDICTS if counts[v]))
    return _figure(svg, f"{locale}-overview", label, OVERVIEW, f"{locale}-footprints")


def _release(release: dict, records: Sequence[dict], svgs: Mapping[str, str]) -> list[str]:
    locale = release["locale"]
    files = ", ".join(inert.cut(f["name"], 120) for f in release["files"])
    revision = release.get("revision")
    counts = ", ".join(f"{sum(r['verdict'] == v for r in records)} {v}" for v in VERDICTS)
    out = [f'<section class="release" id="{escape(locale)}">',
           f'<h2>{escape(locale)}: {escape(inert.cut(release["label"], 200))}</h2>',
           f'<p>{_rows(release["rows"])} in {len(release["files"])} file(s); catalogue '
           f'{escape(release["catalogue"])}'
           + (f"; revision {escape(str(revision))}" if revision else "")
           + f'. {escape(counts)}.</p>',
           f'<details><summary class="muted">files</summary><p class="muted">{escape(files)}'
           "</p></details>"]
    if release.get("revision_note"):
        out.append(f'<p class="muted">{escape(release["revision_note"])}.</p>')
    out += _disclosures(locale, records)
    out.append(_overview(locale, records, svgs))
    rows = [(f'<a href="#{escape(r["locale"])}-{escape(r["id"])}">{escape(r["id"])}</a>',
             escape(r["kind"]), _badge(r["verdict"]), _text(r["headline"]))
            for r in records]
    out.append(_table(("footprint", "kind", "verdict", "key metric / reason"), rows,
                      ident=f"{locale}-footprints"))
    out += [_footprint(r, svgs) for r in records]
    out += _sources(records)
    out.append("</section>")
    return out


def _comparison(comparison: dict) -> list[str]:
    counts, (heads, *footprints) = comparison_tables(comparison)  # as the terminal's
    out = ['<section id="comparison"><h2>Cross-locale comparison</h2>',
           _table(counts[0], [[escape(c) for c in row] for row in counts[1:]],
                  (False, True, True, True, True, True))]
    if footprints:  # the verdict as a badge
        out.append(_table(heads, [[_badge(c) if i == 2 else escape(c) for i, c in enumerate(row)]
                                  for row in footprints], ident="comparison-footprints"))
    if any((f.get("native") or {}).get("dependence_lost") is not None
           for f in comparison["footprints"]):
        plots = _plots()
        out.append(_figure(plots.render(plots.comparison, comparison["footprints"]),
                           "comparison", "cross-locale dependence lost, per footprint",
                           "Share of the reference's dependence each release loses, in its "
                           "native taxonomy and pooled into ISCO-08 major groups.",
                           "comparison-footprints" if footprints else ""))
    return out + ["</section>"]


def _stopped(document: dict) -> str:
    """The page of a run without verdicts: under way, or stopped (and why, on what)."""
    status = document["status"]
    if status == "running":
        return _page("iaf: running", ["<h1>iaf</h1>", f"<p>{_badge('inconclusive')} A run is "
                                      "writing this report, or was killed before it could."
                                      "</p>"])
    error = document["error"]
    what = ", ".join(f"{k}: {escape(inert.line(', '.join(v) if isinstance(v, list) else v))}"
                     for k, v in error.items() if k in ("command", "release", "locale",
                                                         "baseline"))
    ended = "was interrupted" if status == "interrupted" else "stopped"
    message = inert.line_breaks(inert.cut(error["message"], 20_000))
    return _page(f"iaf: {status}", [
        "<h1>iaf</h1>",
        f"<p>{_badge('error')} The run {ended} before any verdict (exit "
        f"{error['exit_code']}, {escape(error['type'])}).</p>",
        f"<p>{what}</p>" if what else "", f"<pre>{escape(message)}</pre>"])


def _header(document: dict) -> list[str]:
    totals = " ".join(f'<span class="badge {v}">{document["summary"].get(v, 0)} {v}</span>'
                      for v in VERDICTS)
    out = [f"<h1>iaf {escape(command(document))}</h1>", f'<p class="totals">{totals}</p>']
    uses = fitness(document["footprints"], document.get("gate", {}).get("regressed", ()))
    if uses:
        out.append("<ul>" + "".join(
            f"<li>{escape(lead)}:<ul>" + "".join(f"<li>{_text(j)}</li>" for j in joints)
            + "</ul></li>" for lead, joints in uses) + "</ul>")
    gate = document.get("gate")
    if gate:
        blocking = ", ".join(gate["blocking"])
        look = {"pass": "pass", "fail": "fail"}.get(gate["decision"], "inconclusive")
        out.append(f'<p>{decision_label(gate)}: <span class="badge {look}">'
                   f'{escape(gate["decision"])}</span> '
                   f'(exit {gate["exit_code"]}{", strict" if gate["strict"] else ""})'
                   + (f": {escape(blocking)}" if blocking else "")
                   + f"{unevaluable_clause(gate)}.</p>")
        out += [f"<p>{escape(note)}.</p>" for note in gate["notes"]]
        if gate["baseline"]:
            out.append('<p>Against the baseline: <a href="diff.html">diff.html</a>.</p>')
        under = gate_conditions(gate)
        if under:
            out.append(f"<p>Decided with: {escape('; '.join(under))}.</p>")
    if document.get("status") == "partial":
        out.append(f'<p class="bad">Partial: {len(document.get("not_run", []))} footprint(s) '
                   "were not run.</p>")
    run = f'; run {escape(document["run"])}' if "run" in document else ""
    out.append(f'<p class="muted">iaf {escape(document["iaf_version"])}; report format '
               f'{document.get("format", 1)}{run}.</p>')
    return out


def audit_html(document: dict, svgs: Mapping[str, str] | None = None) -> str:
    """report.html of an audit's report document (or of a run that stopped); ``svgs`` holds
    plots drawn ahead (drawing.Drawing): the primary views' by "locale/id", the overview by
    "locale/@overview"; any other is drawn here."""
    if document.get("status") in ("error", "interrupted", "running"):
        return _stopped(document)
    body = _header(document)
    for release in document["releases"]:
        records = [r for r in document["footprints"] if r["locale"] == release["locale"]]
        body += _release(release, records, svgs or {})
    if len(document["releases"]) > 1:
        body += _comparison(document["comparison"])
    locales = ", ".join(r["locale"] for r in document["releases"])
    return _page(f"iaf {command(document)}: {locales}", body)


def diff_html(document: dict) -> str:
    """diff.html of a diff document: what changed between two releases, and a plot of what
    moved beyond noise."""
    base, new = document["baseline"], document["new"]
    verdict = "fail" if document["regressed"] else "pass"
    body = [f'<h1>iaf diff: {escape(document["locale"])}</h1>',
            f'<p>{_badge(verdict)} {"Regressed" if document["regressed"] else "No regression"}'
            f'. Baseline {_text(base["label"])} ({_rows(base["rows"])}'
            + (f', report run {escape(base["run"])}' if "run" in base else "") + '); new '
            f'{_text(new["label"])} ({_rows(new["rows"])}). Drift is change between the '
            "releases, not by itself an infidelity.</p>"]
    changes = document["changes"]
    if any(c["kind"] in ("drift", "movement") for c in changes):
        plots = _plots()
        moved = sum(c["kind"] in ("drift", "movement") for c in changes)
        body.append(_figure(plots.render(plots.moved, changes), "moved",
                            f"what moved: {moved} drift(s) and metric movement(s)",
                            "Each drift and metric movement, in units of the noise two "
                            "faithful releases of these sizes differ by.", "changes"))
    overview = [(escape(o["footprint"]), _badge(o["baseline"]) if o["baseline"] else "-",
                 _badge(o["new"]) if o["new"] else "-", escape(o.get("change", "")))
                for o in document.get("overview", [])]
    if overview:
        body += ["<h2>Every footprint</h2>",
                 _table(("footprint", "baseline", "new", "change"), overview)]
    rows = [(escape(c["footprint"] or "(release)"), escape(c["kind"]),
             '<span class="bad">yes</span>' if c["regression"] else "", _text(c["text"]))
            for c in changes]
    body += ["<h2>What changed</h2>", _table(("footprint", "kind", "regression",
                                               "what changed"), rows, ident="changes")
             if rows else "<p>No change beyond noise.</p>"]
    if "run" in document:
        body.append(f'<p class="muted">iaf {escape(document["iaf_version"])}; run '
                    f'{escape(document["run"])}.</p>')
    return _page(f"iaf diff: {document['locale']}", body)
