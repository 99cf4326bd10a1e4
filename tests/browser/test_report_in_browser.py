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


def top(page, width: int) -> bytes:
    """A screenshot of the page's top 16,000 px (GPU textures' limit): the two demos run to
    60,000 px on a phone, which Chromium failed to capture whole under load."""
    height = min(page.evaluate("document.documentElement.scrollHeight"), 16_000)
    return page.screenshot(full_page=True,
                           clip={"x": 0, "y": 0, "width": width, "height": height})


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


def test_every_plot_shows_ink_with_the_embedded_fonts(browser, report):
    document = json.loads((report / "report.json").read_text(encoding="utf-8"))
    page, _ = opened(browser, report / "report.html")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    plots = page.locator("figure.plot svg")
    primary = sum(any(v["role"] == "primary" and v.get("figure") for v in r["views"].values())
                  for r in document["footprints"])
    assert plots.count() == primary + 2 + 1  # + an overview per locale + the comparison
    for i in range(plots.count()):
        plot = plots.nth(i)
        plot.scroll_into_view_if_needed()
        assert inked(plot.screenshot()) > 0.02, plot.get_attribute("aria-label")
    assert page.evaluate("document.fonts.check('12px NanumGothic', '직업')")
    assert page.evaluate("document.fonts.check('12px IPAexGothic', '製造業')")
    page.close()


@pytest.mark.parametrize("width, name", [(1200, "desktop"), (390, "phone")])
def test_the_page_reads_at_desktop_and_phone_widths(browser, report, width, name):
    """A reader sees the totals and the overview first; nothing is wider than the screen;
    the screenshots are kept (IAF_ARTEFACTS) for a person to look at."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto((report / "report.html").as_uri(), wait_until="load")
    assert page.locator("p.totals .badge").count() == 4
    assert page.locator("figure.plot svg").first.is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{overflow} px wider than a {width} px screen"
    folder = Path(os.environ.get("IAF_ARTEFACTS") or report)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"report-{name}.png").write_bytes(top(page, width))
    first_screen = page.screenshot()
    assert inked(first_screen) > 0.05
    page.close()


def test_plot_text_stays_legible_on_a_phone(browser, report):
    """Plots keep their drawn size on a narrow screen and scroll sideways in their figure:
    scaled to a 390 px screen, the overview's labels were about 5 px tall."""
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto((report / "report.html").as_uri(), wait_until="load")
    heights = page.evaluate("""[...document.querySelector('figure.plot svg')
        .querySelectorAll('text')].map(t => t.getBoundingClientRect().height)
        .filter(h => h > 0).sort((a, b) => a - b)""")
    assert heights and heights[len(heights) // 2] >= 9, heights[:5]
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    page.close()


def test_the_page_is_not_blank_and_a_blank_page_would_fail(browser, report, tmp_path):
    document = json.loads((report / "report.json").read_text(encoding="utf-8"))
    page, _ = opened(browser, report / "report.html")
    assert page.locator("details.footprint").count() == len(document["footprints"])
    assert inked(top(page, 1200)) > 0.05
    page.close()
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><html><body></body></html>", encoding="utf-8")
    page, _ = opened(browser, blank)
    assert inked(page.screenshot(full_page=True)) < 0.001
    page.close()


def test_following_a_summary_link_unfolds_a_folded_footprint(browser, report):
    """Links from the summary table to a passing (folded) footprint scrolled to its closed
    box and showed nothing of it (a stranger's review)."""
    document = json.loads((report / "report.json").read_text(encoding="utf-8"))
    passed = next(r for r in document["footprints"] if r["verdict"] == "pass")
    page, _ = opened(browser, report / "report.html")
    box = page.locator(f"details:has(#{passed['locale']}-{passed['id']})")
    assert not box.evaluate("d => d.open")
    page.locator(f"a[href='#{passed['locale']}-{passed['id']}']").first.click()
    page.wait_for_function(
        f"document.getElementById('{passed['locale']}-{passed['id']}').closest('details').open")
    assert box.evaluate("d => d.open")
    page.close()
