"""report.html and diff.html: self-contained, one section per footprint, a plot per view
figure, error reports readable."""

from __future__ import annotations

import json
import re
from html import escape

import pytest

from iaf.errors import ReleaseError
from iaf.report import build, dumps
from iaf.report.html import _linked, audit_html, diff_html
from iaf.report.outputs import status_document
from iaf.report.text import failure_message
from iaf.runner import audit_table
from tests.helpers import generated

# anything that could make a browser fetch: an attribute URL other than data: or an anchor,
# a script, a stylesheet link, a CSS url() or @import
# (a reference's address is a link to click, <a rel="noreferrer" href=...>: no fetch)
FETCHES = re.compile(r'(?:src|srcset|action)="(?!data:|#)|(?<!<a rel="noreferrer" )href="'
                     r'(?!data:|#)|<script|<link|url\((?!data:|#)|@import', re.I)


@pytest.fixture(scope="module")
def demo_document() -> dict:
    result = audit_table(generated(20_000, 7, "card-independence"), "ko_KR")
    return json.loads(dumps(build([result])))


def test_one_section_and_one_plot_per_footprint_with_a_figure(demo_document):
    page = audit_html(demo_document)
    for record in demo_document["footprints"]:
        assert f'id="ko_KR-{record["id"]}"' in page
    with_figure = [r for r in demo_document["footprints"]
                   if any(v["role"] == "primary" and v.get("figure")
                          for v in r["views"].values())]
    assert len(with_figure) >= 10
    assert page.count("<svg ") == len(with_figure) + 1  # and the overview
    assert 1 <= page.count("@font-face") <= 2  # the plot fonts, embedded once each
    assert page.count('class="badge fail"') >= demo_document["summary"]["fail"]


def test_the_page_loads_nothing(demo_document):
    assert not FETCHES.search(audit_html(demo_document))


def test_failures_show_their_checks_and_worst_cells(demo_document):
    page = audit_html(demo_document)
    section = page.split('id="ko_KR-occupation_x_sex"')[1].split("</section>")[0]
    assert "conditional_tvd" in section and "FAIL" in section and "Worst cells" in section
    assert "장치·기계 조작 및 조립 종사자" in section


def test_plots_never_share_an_id(demo_document):
    page = audit_html(demo_document)
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for target in re.findall(r'url\(#([^)]+)\)', page):
        assert target in ids


def test_the_same_document_gives_the_same_page(demo_document):
    assert audit_html(demo_document) == audit_html(json.loads(json.dumps(demo_document)))


def test_an_error_report_renders_its_error():
    error = ReleaseError("column 'sex' has value 'M'", file="data/train.parquet")
    page = audit_html(status_document("error", {"type": "ReleaseError", "exit_code": 2,
                                                "message": str(error), "command": "audit",
                                                "release": ["v2/"], "locale": "ko_KR"}))
    assert "release: v2/" in page and "locale: ko_KR" in page
    assert "column &#x27;sex&#x27; has value &#x27;M&#x27;" in page and "exit 2" in page


def test_a_diff_page_plots_what_moved():
    diff = {"locale": "ko_KR", "regressed": True,
            "baseline": {"label": "v1", "rows": 1000, "files": []},
            "new": {"label": "v2", "rows": 1200, "files": []},
            "changes": [{"footprint": "marginal_age", "kind": "movement", "regression": True,
                         "text": "tvd 0.01 -> 0.05",
                         "details": {"metric": "tvd", "baseline": 0.01, "new": 0.05,
                                     "band": 0.004}}]}
    page = diff_html(diff)
    assert "Regressed" in page and page.count("<svg ") == 1 and not FETCHES.search(page)


def test_each_reference_says_where_to_check_it(demo_document):
    """The page cited publisher, table and period only: the manifest's address, retrieval date,
    licence and evidence (primary or secondary) are what a reader checks a figure with."""
    record = next(r for r in demo_document["footprints"] if r["id"] == "occupation_x_sex")
    source = record["reference_sources"]["occ_major_sex_eaps_2025"]
    assert source["url"].startswith("https://kosis.kr/") and source["retrieved"]
    assert source["evidence"].startswith("secondary")
    page = audit_html(demo_document)
    anchor = 'id="ko_KR-source-occ_major_sex_eaps_2025"'
    assert page.count(anchor) == 1  # listed once, however many footprints cite it
    assert page.count('href="#ko_KR-source-occ_major_sex_eaps_2025"') >= 2
    entry = page[page.index(anchor):].split("</li>")[0]
    assert f'<a rel="noreferrer" href="{escape(source["url"])}">' in entry
    assert f"Licence: {escape(source['licence'])}" in entry and source["retrieved"] in entry
    assert f"source: {source['url']} (retrieved {source['retrieved']}" in \
        failure_message(record)  # report.md and pytest's failure message say it too


def test_a_manifest_address_with_a_name_or_a_second_address_links_each_address(demo_document):
    """ko_KR's manifests give "https://kosis.kr (2020 인구주택총조사 표본집계)" and "A ; B": the
    whole text was one href, a broken link."""
    document = json.loads(json.dumps(demo_document))  # the fixture is shared
    for record in document["footprints"]:
        source = record["reference_sources"].get("occ_major_sex_eaps_2025")
        if source:
            source["url"] = "https://kosis.kr (2020 인구주택총조사) ; https://a.example/t?x=1&y=2"
    page = audit_html(document)
    entry = page[page.index('id="ko_KR-source-occ_major_sex_eaps_2025"'):].split("</li>")[0]
    assert re.findall(r'href="([^"]+)"', entry) == ["https://kosis.kr",
                                                    "https://a.example/t?x=1&amp;y=2"]
    assert "</a> (2020 인구주택총조사) ; <a " in entry
    for text, address in (("<https://x.org>", "https://x.org"),
                          ("(see https://x.org.)", "https://x.org"),
                          ("https://w.org/wiki/A_(b), next", "https://w.org/wiki/A_(b)")):
        assert re.findall(r'href="([^"]+)"', _linked(text)) == [address], text


def test_power_is_shown_for_what_a_pass_rests_on_never_under_a_fail(demo_document):
    """"Power to catch the counterfactual: 0.07" under a fail read as doubt about the fail."""
    page = audit_html(demo_document)

    def section(record: dict) -> str:
        start = page.index(f'id="ko_KR-{record["id"]}"')
        return page[start:page.index("</details>", start)]

    with_power = [r for r in demo_document["footprints"] if r.get("power")]
    failed = [r for r in with_power if r["verdict"] == "fail"]
    others = [r for r in with_power if r["verdict"] != "fail"]
    assert failed and others
    assert not any("Power:" in section(r) for r in failed)
    assert all("Power: a release with the declared effect" in section(r) for r in others)


def test_badges_and_muted_text_keep_their_contrast():
    """The muted text (power, notes, files) and the inconclusive, unevaluable and pass badges
    were 3.3 to 4.4:1 on white, under WCAG AA's 4.5:1."""
    from iaf.report.html import STYLE  # noqa: PLC0415

    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    found = dict(re.findall(r"\.(pass|fail|inconclusive|unevaluable|error)\{background:(#\w{6})",
                            STYLE))
    found["muted"] = re.search(r"\.muted\{color:(#\w{6})", STYLE).group(1)
    assert len(found) == 6
    assert {name: round(1.05 / (luminance(c) + 0.05), 2) for name, c in found.items()
            if 1.05 / (luminance(c) + 0.05) < 4.5} == {}


def test_the_cross_locale_section_gives_each_footprint_as_the_terminal_does():
    """The terminal and report.md list each footprint's taxonomy and scores across locales;
    the page gave the counts and a plot only."""
    from iaf.report.html import _comparison  # noqa: PLC0415

    native = {"flagged_cells": 3, "cells": 18, "flagged_share": 1 / 6, "dependence_lost": 0.6,
              "rho_vs_faithful": 0.4}
    comparison = {"locales": {"ko_KR": {"run": 1, "fail": 1}, "fr_FR": {"run": 1, "pass": 1}},
                  "footprints": [{"locale": "ko_KR", "id": "occupation_x_sex", "verdict": "fail",
                                  "taxonomy": "KSCO-7 major groups", "cardinality": 9,
                                  "native": native, "isco08": None}]}
    page = "\n".join(_comparison(comparison))
    assert "KSCO-7 major groups (9)" in page
    assert "3/18 (17%) lost +0.60, rho/faithful 0.40" in page and "n/a" in page


def test_a_screen_reader_finds_each_footprint_by_its_heading_and_hears_its_values_in_korean(
        demo_document):
    """From an accessibility review: 26 "Worst cells" headings sat under "What the card says"
    with no footprint named; Korean categories were read by an English voice; the status
    column's header was empty; one-sided bounds read " … 0.02" ("dot dot dot")."""
    page = audit_html(demo_document)
    assert "<main>" in page and "<th></th>" not in page and "> … " not in page
    headings = re.findall(r"<h([1-4])>(.*?)</h\1>", page)
    ids = [text for level, text in headings if level == "3"]
    assert [r["id"] for r in demo_document["footprints"]] == \
        [i for i in ids if i not in ("What the card says", "References")]
    cells = page.split('id="ko_KR-occupation_x_sex-cells"')[1].split("</table>")[0]
    assert '<td lang="ko">8 장치·기계 조작 및 조립 종사자</td>' in cells
    # only what is written in the release's script: codes, numbers and English labels are not
    assert not re.search(r'<td lang="ko">[ -~]*</td>', page)
    assert '<td class="num">≤ ' in page


def test_a_link_to_a_folded_footprint_lands_inside_it_so_the_browser_unfolds_it(
        demo_document):
    """The summary table linked to the <details> element itself, which a browser scrolls to
    without opening; a target inside the folded part opens it."""
    page = audit_html(demo_document)
    passed = next(r for r in demo_document["footprints"] if r["verdict"] == "pass")
    anchor = f'<span class="anchor" id="ko_KR-{passed["id"]}"></span>'
    folded = page.split(anchor)[0].rsplit("<details", 1)[1]
    assert " open" not in folded.split(">")[0] and "</details>" not in folded
    assert folded.count("</summary>") == 1  # in the folded part, after the summary


def test_each_plot_is_described_by_its_finding_and_points_to_its_figures(demo_document):
    """Plots were labelled "occupation_x_sex: residuals": a screen reader heard nothing of
    what they show."""
    page = audit_html(demo_document)
    record = next(r for r in demo_document["footprints"] if r["id"] == "occupation_x_sex")
    svg = re.search(r'<svg role="img" aria-label="occupation_x_sex, residuals of view '
                    r'[^"]*" aria-describedby="([^"]+)"', page)
    assert svg and escape(record["headline"][:40]) in svg.group(0)
    assert f'<table id="{svg.group(1)}">' in page
    overview = re.search(r'aria-label="ko_KR: the key check of \d+ footprints, ([^"]+)" '
                         r'aria-describedby="ko_KR-footprints"', page)
    assert overview and f'{demo_document["summary"]["fail"]} fail' in overview.group(1)


def test_a_locale_s_values_carry_its_language_and_script():
    from iaf.report.html import _language  # noqa: PLC0415

    assert [_language(x) for x in ("ko_KR", "hi_Latn_IN", "hi_Deva_IN", "en_US", "ja_JP")] == \
        ["ko", "hi-Latn", "hi-Deva", "", "ja"]  # romanised Hindi read with a Latin voice
