"""report.html opened the way a reader's browser opens it: headless Chromium (Debian's, driven
by playwright, which downloads nothing here). No request may leave the file, every plot must
decode and show ink, and the page's screenshot must not be blank.

Skipped when no chromium is installed, unless IAF_BROWSER=required (as in .ci/run)."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest

from iaf.cli import main

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM and os.environ.get("IAF_BROWSER") != "required":
    pytest.skip("no chromium installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
Image = pytest.importorskip("PIL.Image")


def inked(png: bytes) -> float:
    """Share of a screenshot's pixels that are not (near) white."""
    grey = Image.open(io.BytesIO(png)).convert("L")
    histogram = grey.histogram()
    return 1 - sum(histogram[245:]) / sum(histogram)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """The Korean and Japanese demos, audited with --report (a cross-locale page)."""
    folder = tmp_path_factory.mktemp("report")
    assert main(["audit", "--quiet", "--locale", "ko_KR,ja_JP", "--report", str(folder)]) == 1
    return folder


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        yield browser
        browser.close()


def opened(browser, path: Path):
    """A page with ``path`` loaded, and every URL it asked for (the others are refused)."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    asked: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        asked.append(url)
        request_route.continue_() if url == path.as_uri() else request_route.abort()

    page.route("**/*", route)
    page.goto(path.as_uri(), wait_until="load")
    return page, asked


def test_no_request_leaves_the_file(browser, report):
    page, asked = opened(browser, report / "report.html")
    assert asked == [(report / "report.html").as_uri()]
    page.close()


def test_every_plot_decodes_and_shows_ink(browser, report):
    document = json.loads((report / "report.json").read_text(encoding="utf-8"))
    page, _ = opened(browser, report / "report.html")
    plots = page.locator("figure.plot img")
    expected = sum(any(v["role"] == "primary" and v.get("figure") for v in r["views"].values())
                   for r in document["footprints"]) + 1  # + the cross-locale comparison
    assert plots.count() == expected
    for i in range(plots.count()):
        plot = plots.nth(i)
        plot.scroll_into_view_if_needed()
        assert plot.evaluate("img => img.complete && img.naturalWidth > 0"), i
        assert inked(plot.screenshot()) > 0.02, plot.get_attribute("alt")
    page.close()


def test_the_page_is_not_blank_and_a_blank_page_would_fail(browser, report, tmp_path):
    document = json.loads((report / "report.json").read_text(encoding="utf-8"))
    page, _ = opened(browser, report / "report.html")
    assert page.locator("section.footprint").count() == len(document["footprints"])
    assert inked(page.screenshot(full_page=True)) > 0.05
    page.close()
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><html><body></body></html>", encoding="utf-8")
    page, _ = opened(browser, blank)
    assert inked(page.screenshot(full_page=True)) < 0.001
    page.close()
