"""iaf.report.plots: every figure kind draws, Korean and Japanese labels have glyphs, bytes
repeat."""

from __future__ import annotations

import re

import matplotlib.colors
import pytest

from iaf.report import plots

LABELS = ["8 장치·기계 조작 및 조립 종사자", "建設業（従業者30人以上）", "Managers"]
FIGURES = {
    "shares": {"kind": "shares", "rows": LABELS, "columns": ["synthetic", "reference"],
               "values": [[0.2, 0.25], [0.5, 0.45], [0.3, 0.3]]},
    "residuals": {"kind": "residuals", "rows": LABELS, "columns": ["여자", "男性"],
                  "values": [[0.1, None], [-0.05, 0.02], [0.0, 0.01]]},
    "female_shares": {"kind": "female_shares", "rows": LABELS,
                      "columns": ["synthetic", "reference"],
                      "values": [[0.3, 0.1], [0.4, 0.2], [0.5, 0.12]], "lines": {"parity": 0.5}},
    "interaction": {"kind": "interaction", "rows": ["a", "b", "c"],
                    "columns": ["reference", "synthetic"],
                    "values": [[0.01, 0.0], [-0.02, 0.001], [0.005, -0.001]]},
    "age_profile": {"kind": "age_profile", "rows": ["병사", "장교"], "columns": ["19", "25", "40"],
                    "values": [[10, 5, 3], [0, 4, 6]],
                    "bands": {"병사": [18, 30], "장교": [20, None]}},
}


@pytest.mark.parametrize("kind", sorted(FIGURES))
def test_each_kind_draws_an_svg_whose_text_uses_the_embedded_fonts(kind):
    # pytest turns warnings into errors: a label without a glyph in the fonts would fail here
    svg = plots.view_svg(FIGURES[kind])
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    # report.html embeds both (matplotlib < 3.9 writes the shorthand "font: 9px 'NanumGothic', ...")
    assert re.search(r"font(-family)?: [^;]*'NanumGothic', 'IPAexGothic'", svg)
    assert len(re.findall(r"<path", svg)) > 5
    assert not re.search(r'="[^"]*\d\.\d\d', svg)  # coordinates to a tenth of a pixel


def test_rounding_never_touches_the_text_drawn():
    svg = plots.render(plots.overview, [{"id": "occupation_x_sex", "verdict": "fail",
                                         "metric": "tvd", "observed": 0.08328, "min": None,
                                         "max": 0.03248, "suite_min": None, "suite_max": 0.02}])
    assert ">fail: tvd 0.08328<" in svg and ">occupation_x_sex<" in svg


def test_the_overview_says_each_verdict_in_words():
    """Pass and inconclusive bars differed by colour alone (grey and green, alike to a reader
    with deuteranopia): each bar's label starts with its verdict."""
    rows = [{"id": fid, "verdict": verdict, "metric": "tvd", "observed": 0.01, "min": None,
             "max": 0.03, "suite_min": None, "suite_max": 0.02}
            for fid, verdict in (("a", "pass"), ("b", "inconclusive"))]
    svg = plots.render(plots.overview, rows)
    assert ">pass: tvd 0.01<" in svg and ">inconclusive: tvd 0.01<" in svg


def test_no_overview_label_is_crossed_by_the_bound_line():
    """A short bar's label ran across the dashed line at 1 (a browser draws text about 12%
    wider than matplotlib measures it, so no gap sized here is safe): every label starts
    past the line."""
    rows = [{"id": "a", "verdict": "pass", "metric": "tvd", "observed": 0.006, "min": None,
             "max": 0.03, "suite_min": None, "suite_max": 0.02},
            {"id": "b", "verdict": "fail", "metric": "tvd", "observed": 0.09, "min": None,
             "max": 0.03, "suite_min": None, "suite_max": 0.02}]
    with matplotlib.rc_context(plots.STYLE):
        figure = plots.overview(rows)
    starts = {t.get_text().split(":")[0]: t.get_position()[0] for t in figure.axes[0].texts}
    assert starts["pass"] > 1.0 and starts["fail"] > 3.0 - 1e-9


def test_the_user_s_matplotlib_settings_do_not_change_the_bytes():
    """A matplotlibrc (MPLCONFIGDIR) with another face colour and font size changed
    report.html's bytes: the same inputs must give the same report on any machine."""
    plain = plots.view_svg(FIGURES["shares"])
    with matplotlib.rc_context({"axes.facecolor": "yellow", "font.size": 20.0,
                                "lines.linewidth": 5.0, "xtick.labelsize": 20.0}):
        assert plots.view_svg(FIGURES["shares"]) == plain


def test_cjk_labels_need_the_shipped_fonts():
    plots.view_svg(FIGURES["shares"])
    from matplotlib import font_manager
    names = {f.name for f in font_manager.fontManager.ttflist}
    assert {"NanumGothic", "IPAexGothic"} <= names


def test_the_same_data_gives_the_same_bytes():
    assert plots.view_svg(FIGURES["residuals"]) == plots.view_svg(FIGURES["residuals"])
    assert "<dc:date>" not in plots.view_svg(FIGURES["residuals"])


def test_comparison_and_moved_draw():
    footprints = [{"locale": "ko_KR", "id": "occupation_x_sex",
                   "native": {"dependence_lost": 0.6}, "isco08": {"dependence_lost": 0.5}},
                  {"locale": "fr_FR", "id": "occupation_x_sex",
                   "native": {"dependence_lost": 0.01}, "isco08": None}]
    assert "<svg" in plots.render(plots.comparison, footprints)
    changes = [{"footprint": "occupation_x_sex", "kind": "drift", "regression": False,
                "details": {"distance": 0.2, "band": 0.01}},
               {"footprint": "marginal_age", "kind": "movement", "regression": True,
                "details": {"metric": "tvd", "baseline": 0.01, "new": 0.05, "band": 0.004}}]
    assert "<svg" in plots.render(plots.moved, changes)
    legend = plots.moved(changes).legends[0]  # its swatches were both the default blue
    assert [matplotlib.colors.to_hex(h.get_facecolor()) for h in legend.legend_handles[:2]] == [
        matplotlib.colors.to_hex(plots.BAD), matplotlib.colors.to_hex(plots.DRIFT)]


def test_a_bound_with_no_ideal_inside_it_is_in_or_out():
    """rows >= 1000 with 100,000 observed was drawn at 100 (the cap, past the bound) though it
    passes; an upper bound below a metric's floor read a fail as well inside."""
    count = {"metric": "rows", "observed": 100_000, "min": 1000, "max": None,
             "suite_min": 1000, "suite_max": None}
    assert plots.tolerance_used(count) == 0.0
    assert plots.tolerance_used({**count, "observed": 10}) == 2.0
    slope = {"metric": "dependence_lost", "observed": -0.2, "min": None, "max": -0.5,
             "suite_min": None, "suite_max": -0.5}
    assert plots.tolerance_used(slope) == 2.0


@pytest.mark.parametrize("row, used", [
    ({"metric": "tvd", "observed": 0.01, "min": None, "max": 0.04, "suite_min": None,
      "suite_max": 0.02}, 0.25),  # from the floor 0 to the bound
    ({"metric": "rho", "observed": 0.6, "min": 0.8, "max": None, "suite_min": 0.9,
      "suite_max": None}, 2.0),  # from the ceiling 1: a fail
    ({"metric": "kappa", "observed": 1.1, "min": 0.8, "max": 1.2, "suite_min": 0.9,
      "suite_max": 1.1}, 0.5),  # from the middle of two bounds
])
def test_the_overview_puts_every_check_on_one_scale(row, used):
    """Each row had its own axis around its value and bounds: every pass sat at the same spot
    whether it used 2% or 49% of its tolerance."""
    assert plots.tolerance_used({**row, "verdict": "pass"}) == pytest.approx(used)
    assert plots.tolerance_used(row, "suite") < 1  # the suite's own bound lies inside


def test_a_wide_residual_map_turns_so_its_long_labels_read_down_the_page():
    """3 education levels x 24 occupations: the occupations were slanted columns whose names
    overlapped, and the cell figures ran together."""
    columns = [f"{i:02d} a long occupation title, number {i}" for i in range(24)]
    data = {"rows": ["low", "middle", "high"], "columns": columns,
            "values": [[0.01 * ((i + j) % 5 - 2) for j in range(24)] for i in range(3)]}
    ax = plots.residuals(data).axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == columns
    assert len(ax.texts) == 72  # each cell's figure, now that a cell is wide enough
