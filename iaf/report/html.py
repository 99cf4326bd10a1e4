"""report.html: one self-contained page per audit (or diff) for people to read.

Rendered from the report document (what report.json holds), so ``iaf audit``, the pytest
plugin (whose xdist controller holds only documents) and ``iaf diff`` draw the same page. The
page loads nothing: styles are inline, plots are SVG images in ``data:`` URIs (each its own
document, so the ids matplotlib writes never collide), and there is no script.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping, Sequence
from html import escape

from iaf.report import inert
from iaf.report.checks import METRIC_NAMES, SHARE_KEYS, cell_text
from iaf.report.document import VERDICTS

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK KR","Apple SD Gothic Neo",
"Malgun Gothic",sans-serif;margin:0 auto;max-width:1100px;padding:1rem 1.5rem;color:#212529}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #dee2e6;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.85rem}
td,th{border:1px solid #dee2e6;padding:.2rem .45rem;text-align:left;vertical-align:top}
th{background:#f1f3f5}td.num{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;border-radius:.3rem;padding:0 .45rem;font-weight:600;color:#fff}
.pass{background:#2b8a3e}.fail{background:#c92a2a}.inconclusive{background:#868e96}.unevaluable{background:#5c7cfa}
.error{background:#e67700}
section.footprint{border:1px solid #dee2e6;border-radius:.4rem;padding:.3rem 1rem;margin:1rem 0}
section.footprint.verdict-fail{border-left:6px solid #c92a2a}
section.footprint.verdict-pass{border-left:6px solid #2b8a3e}
section.footprint.verdict-inconclusive{border-left:6px solid #868e96}
section.footprint.verdict-unevaluable{border-left:6px solid #5c7cfa}
blockquote{margin:.4rem 0;padding:.2rem .8rem;border-left:3px solid #adb5bd;color:#495057}
figure{margin:.5rem 0}figure img{max-width:100%;height:auto}
figcaption{font-size:.8rem;color:#495057}.muted{color:#868e96;font-size:.85rem}
.ok{color:#2b8a3e;font-weight:600}.bad{color:#c92a2a;font-weight:600}
"""


def _plots():
    """iaf.report.plots, imported when a plot is drawn here (it imports matplotlib)."""
    from iaf.report import plots  # noqa: PLC0415

    return plots


def _page(title: str, body: Iterable[str]) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def _badge(verdict: str) -> str:
    return f'<span class="badge {escape(verdict)}">{escape(verdict)}</span>'


def _table(heads: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[bool] = ()
           ) -> str:
    """An HTML table of already-escaped cells."""
    head = "".join(f"<th>{h}</th>" for h in heads)
    body = "".join("<tr>" + "".join(
        f'<td class="num">{c}</td>' if i < len(numeric) and numeric[i] else f"<td>{c}</td>"
        for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _image(svg: str, alt: str, caption: str) -> str:
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (f'<figure class="plot"><img src="data:image/svg+xml;base64,{data}" '
            f'alt="{escape(alt)}"><figcaption>{escape(caption)}</figcaption></figure>')


def _number(value) -> str:
    return "" if value is None else f"{value:.4g}"


def _checks(checks: Sequence[dict]) -> str:
    rows = [(f'<span class="{"ok" if c["success"] else "bad"}">'
             f'{"ok" if c["success"] else "FAIL"}</span>',
             escape(METRIC_NAMES.get(c["metric"], c["metric"])) + f' <code>{escape(c["metric"])}'
             "</code>", _number(c["observed"]),
             f'{_number(c["suite_min"])} … {_number(c["suite_max"])}',
             _number(c["noise_allowance"]), f'{_number(c["min"])} … {_number(c["max"])}',
             escape(c["why"])) for c in checks]
    return _table(("", "check", "observed", "suite bounds", "noise allowance",
                   "bounds at this size", "why this tolerance"), rows,
                  (False, False, True, True, True, True))


def _cells(cells: Sequence[dict], limit: int = 12) -> str:
    keys = list(cells[0])
    heads = [escape(f"{k} %" if k in SHARE_KEYS else k) for k in keys]
    rows = [[escape(cell_text(k, c.get(k, ""))) for k in keys] for c in cells[:limit]]
    shown = "" if len(cells) <= limit else f'<p class="muted">{limit} of {len(cells)} shown</p>'
    return _table(heads, rows) + shown


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


def _figure(record: dict, svgs: Mapping[str, str]) -> str:
    views = record["views"]  # by name in report.json: the primary is found by its role
    name = next((n for n, v in views.items() if v["role"] == "primary"), next(iter(views), ""))
    figure = views[name].get("figure") if name else None
    if not figure:
        return ""
    caption = f"{CAPTIONS[figure['kind']]} View: {name}."
    if figure.get("note"):
        caption += f" Shown: {figure['note']}."
    svg = svgs.get(f"{record['locale']}/{record['id']}") or _plots().view_svg(figure)
    return _image(svg, f"{record['id']}: {figure['kind']}", caption)


def _power(power: dict | None) -> str:
    if not power:
        return ""
    needs = power.get("needs_frame_rows")
    return (f'<p class="muted">Power to catch the counterfactual: {power["power"]:.2f} '
            f'({escape(power["metric"])})'
            + (f"; about {needs:,.0f} frame rows reach 0.95" if needs else "") + ".</p>")


def _footprint(record: dict, svgs: Mapping[str, str]) -> str:
    anchor = f'{record["locale"]}-{record["id"]}'
    d = record["disclosure"]
    parts = [f'<section class="footprint verdict-{escape(record["verdict"])}" '
             f'id="{escape(anchor)}">',
             f'<h3>{escape(record["id"])} {_badge(record["verdict"])} '
             f'<span class="muted">{escape(record["kind"])}, '
             f'{escape(record["method"] or "")}</span></h3>',
             f'<p><strong>{escape(record.get("headline") or record.get("reason", ""))}'
             "</strong></p>",
             f'<blockquote>“{escape(d["quote"])}”<br><span class="muted">'
             f'{escape(d["source"])}, {escape(d["revision"])}</span></blockquote>']
    for ref, citation in record["reference_citations"].items():
        parts.append(f"<p>Reference <code>{escape(ref)}</code>: {escape(citation)} "
                     f'<span class="muted">({escape(record["reference_files"].get(ref, ""))})'
                     "</span></p>")
    parts.append(f'<p>Frame: {escape(record["frame"]["text"])} '
                 f'(N = {record["frame"]["rows"]:,} rows)</p>')
    if record.get("reason") and record.get("headline") != record["reason"]:
        parts.append(f'<p>Reason: {escape(record["reason"])}</p>')
    parts.append(_figure(record, svgs))
    if record["checks"]:
        parts.append(_checks(record["checks"]))
    parts.append(_power(record.get("power")))
    if record["cells"]:
        parts += ["<h4>Worst cells</h4>", _cells(record["cells"])]
    if len(record["views"]) > 1:
        rows = [(escape(n), escape(v["role"]), _badge(v["verdict"]))
                for n, v in record["views"].items()]
        flags = ", ".join(f"{k.replace('_', ' ')}: {'yes' if record[k] else 'no'}"
                          for k in ("mapping_dependent", "frame_dependent",
                                    "survives_age_standardisation") if k in record)
        parts += ["<h4>Views</h4>", _table(("view", "role", "verdict"), rows),
                  f'<p class="muted">{escape(flags)}</p>']
    parts += [f'<p class="muted">Note: {escape(n)}</p>' for n in record["notes"]]
    parts.append(f'<p class="muted">Tolerances and their reasons: '
                 f'{escape(record["suite"])}</p></section>')
    return "\n".join(p for p in parts if p)


def _release(release: dict, records: Sequence[dict], svgs: Mapping[str, str]) -> list[str]:
    files = ", ".join(f["name"] for f in release["files"])
    revision = release.get("revision")
    out = [f'<section class="release" id="{escape(release["locale"])}">',
           f'<h2>{escape(release["locale"])}: {escape(release["label"])}</h2>',
           f'<p>{release["rows"]:,} rows in {len(release["files"])} file(s): {escape(files)}. '
           f'Catalogue: {escape(release["catalogue"])}.'
           + (f" Revision: {escape(str(revision))}." if revision else "") + "</p>"]
    if release.get("revision_note"):
        out.append(f'<p class="muted">{escape(release["revision_note"])}.</p>')
    rows = [(f'<a href="#{escape(r["locale"])}-{escape(r["id"])}">{escape(r["id"])}</a>',
             escape(r["kind"]), _badge(r["verdict"]),
             escape(r.get("headline") or r.get("reason", ""))) for r in records]
    out.append(_table(("footprint", "kind", "verdict", "key metric / reason"), rows))
    out += [_footprint(r, svgs) for r in records]
    out.append("</section>")
    return out


def _comparison(comparison: dict) -> list[str]:
    rows = [(escape(k), *(str(c.get(v, 0)) for v in ("run", *VERDICTS)))
            for k, c in comparison["locales"].items()]
    out = ['<section id="comparison"><h2>Cross-locale comparison</h2>',
           _table(("locale", "run", *VERDICTS), rows,
                  (False, True, True, True, True))]
    if any((f.get("native") or {}).get("dependence_lost") is not None
           for f in comparison["footprints"]):
        plots = _plots()
        out.append(_image(plots.render(plots.comparison, comparison["footprints"]),
                          "cross-locale dependence lost",
                          "Share of the reference's dependence each release loses, in its "
                          "native taxonomy and pooled into ISCO-08 major groups."))
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
                     for k, v in error.items() if k in ("command", "release", "locale"))
    ended = "was interrupted" if status == "interrupted" else "stopped"
    message = inert.line_breaks(inert.cut(error["message"], 20_000))
    return _page(f"iaf: {status}", [
        "<h1>iaf</h1>",
        f"<p>{_badge('error')} The run {ended} before any verdict (exit "
        f"{error['exit_code']}, {escape(error['type'])}).</p>",
        f"<p>{what}</p>" if what else "", f"<pre>{escape(message)}</pre>"])


def audit_html(document: dict, svgs: Mapping[str, str] | None = None) -> str:
    """report.html of an audit's report document (or of an error report); ``svgs`` holds the
    primary views' plots by "locale/id" when they were drawn ahead (drawing.Drawing), else they
    are drawn here."""
    if document.get("status") in ("error", "interrupted", "running"):
        return _stopped(document)
    totals = ", ".join(f"{document['summary'].get(v, 0)} {v}"
                       for v in VERDICTS)
    body = ["<h1>iaf audit</h1>",
            f'<p>iaf {escape(document["iaf_version"])}; {escape(totals)}.</p>']
    for release in document["releases"]:
        records = [r for r in document["footprints"] if r["locale"] == release["locale"]]
        body += _release(release, records, svgs or {})
    if len(document["releases"]) > 1:
        body += _comparison(document["comparison"])
    locales = ", ".join(r["locale"] for r in document["releases"])
    return _page(f"iaf audit: {locales}", body)


def diff_html(document: dict) -> str:
    """diff.html of a diff document: what changed between two releases, and a plot of what
    moved beyond noise."""
    base, new = document["baseline"], document["new"]
    verdict = "fail" if document["regressed"] else "pass"
    body = [f'<h1>iaf diff: {escape(document["locale"])}</h1>',
            f'<p>{_badge(verdict)} {"Regressed" if document["regressed"] else "No regression"}'
            f'. Baseline {escape(str(base["label"]))} ({base["rows"]:,} rows); new '
            f'{escape(str(new["label"]))} ({new["rows"]:,} rows). Drift is change between the '
            "releases, not by itself an infidelity.</p>"]
    changes = document["changes"]
    if any(c["kind"] in ("drift", "movement") for c in changes):
        plots = _plots()
        body.append(_image(plots.render(plots.moved, changes), "what moved",
                           "Each drift and metric movement, in units of the noise two "
                           "faithful releases of these sizes differ by."))
    rows = [(escape(c["footprint"] or "(release)"), escape(c["kind"]),
             '<span class="bad">yes</span>' if c["regression"] else "", escape(c["text"]))
            for c in changes]
    body.append(_table(("footprint", "kind", "regression", "what changed"), rows)
                if rows else "<p>No change beyond noise.</p>")
    return _page(f"iaf diff: {document['locale']}", body)
