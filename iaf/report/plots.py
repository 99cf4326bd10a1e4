"""Plots of a report, drawn with matplotlib as standalone SVG.

Each function takes the plain data of a report document (a view's ``figure``, the overview of
every footprint's key check, the cross-locale comparison, a diff's changes) and returns SVG
text, the same bytes for the same data (no date, a fixed id salt, coordinates to 0.1 px).
Text stays text, laid out with the fonts koreanize-matplotlib (NanumGothic) and
japanize-matplotlib (IPAexGothic) ship, which report.html embeds, subset to its characters
(``iaf.report.fonts``): a page a quarter of the size of one with every glyph drawn as a path
in every plot. The fonts are registered from those packages' files without importing them,
since importing either restyles every later matplotlib figure.
"""

from __future__ import annotations

import importlib.util
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.ticker
import numpy as np
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from iaf.catalogue.footprints import REACH

FONTS = (("koreanize_matplotlib", "fonts/NanumGothic.ttf"),
         ("japanize_matplotlib", "fonts/ipaexg.ttf"))
FAMILIES = ["NanumGothic", "IPAexGothic", "DejaVu Sans"]  # Hangul, kana and kanji, the rest
STYLE: dict[Any, Any] = {"font.family": FAMILIES, "font.size": 9, "svg.fonttype": "none",
         "svg.hashsalt": "iaf", "axes.spines.top": False, "axes.spines.right": False}
SYNTHETIC, REFERENCE, BAD, DRIFT = "#d9480f", "#1c7ed6", "#c92a2a", "#fab005"
VERDICT_COLOURS = {"pass": "#237032", "fail": BAD, "inconclusive": "#6c757d",
                   "unevaluable": "#4263eb"}  # as the badges
WIDTH = 7.5  # inches
_registered = False


def _register_fonts() -> None:
    global _registered
    if _registered:
        return
    for font in font_files().values():
        font_manager.fontManager.addfont(str(font))
    _registered = True


def _new(height: float, width: float = WIDTH) -> Figure:
    return Figure(figsize=(min(width, WIDTH), max(1.6, height)), layout="constrained")


def _legend(figure: Figure, handles: Sequence[Any] | None = None) -> None:
    """One legend above the plot, where it covers nothing (of ``handles``, else the labelled
    artists)."""
    figure.legend(handles=handles, loc="outside upper right", ncols=4, frameon=False)


def font_files() -> dict[str, Path]:
    """family -> the font file the plots are laid out with (and report.html embeds)."""
    found = {}
    for (package, name), family in zip(FONTS, FAMILIES):
        spec = importlib.util.find_spec(package)
        if spec and spec.origin and (Path(spec.origin).parent / name).exists():
            found[family] = Path(spec.origin).parent / name
    return found


_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_PRECISION = re.compile(r"(\d+\.\d)\d+")
_ATTRIBUTE = re.compile(r'="[^"]*"')
_GROUP_ID = re.compile(r'<g id="[^"]*"')  # groups are never referenced: their ids are bytes


def _svg(figure: Figure) -> str:
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    text = _GROUP_ID.sub("<g", _METADATA.sub("", out.getvalue()))
    # coordinates (attribute values, never the text drawn) to a tenth of a pixel: finer
    # than any screen
    text = _ATTRIBUTE.sub(lambda m: _PRECISION.sub(r"\1", m.group()), text)
    return re.sub(r"\s*\n\s*", " ", text)


def render(draw, *args) -> str:
    """``draw(figure, *args)`` on a new figure in iaf's style, as SVG text: matplotlib's own
    defaults under STYLE, whatever the user's matplotlibrc says (it changed the bytes)."""
    _register_fonts()
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(STYLE)
        figure = draw(*args)
        return _svg(figure)


def _matrix(data: dict) -> np.ndarray:
    return np.array([[np.nan if v is None else v for v in row] for row in data["values"]],
                    dtype=float).reshape(len(data["rows"]), len(data["columns"]))


def shares(data: dict) -> Figure:
    """Synthetic and reference share per category, side by side."""
    values, labels = _matrix(data), data["rows"]
    figure = _new(0.25 * len(labels) + 0.9)
    ax = figure.subplots()
    y = np.arange(len(labels))
    ax.barh(y - 0.2, values[:, 1] * 100, 0.4, color=REFERENCE, label="reference")
    ax.barh(y + 0.2, values[:, 0] * 100, 0.4, color=SYNTHETIC, label="synthetic")
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel("share of the frame (%)")
    _legend(figure)
    return figure


def residuals(data: dict) -> Figure:
    """Synthetic minus reference conditional share, per group and outcome (grey: unpublished)."""
    values = _matrix(data) * 100
    rows, columns = data["rows"], data["columns"]
    if len(columns) > len(rows):  # the longer list reads down the page, not slanted across it
        values, rows, columns = values.T, columns, rows
    label = max(map(len, rows))  # room for the group labels, then about 0.45 in a column
    width = min(2.2 + 0.09 * label + 0.45 * len(columns), WIDTH)
    figure = _new(0.28 * len(rows) + 1.6 + 0.05 * max(map(len, columns)), width)
    ax = figure.subplots()
    limit = max(float(np.nanmax(np.abs(values))) if np.isfinite(values).any() else 0.0, 1.0)
    colours = matplotlib.colormaps["RdBu_r"].with_extremes(bad="#dee2e6")
    image = ax.imshow(np.ma.masked_invalid(values), cmap=colours, vmin=-limit, vmax=limit,
                      aspect="auto")
    ax.set_yticks(range(len(rows)), rows)
    ax.set_xticks(range(len(columns)), columns, rotation=60, ha="right",
                  rotation_mode="anchor")
    cell = (width - 1.6 - 0.09 * label) / len(columns)  # inches; a figure needs 0.35
    if values.size <= 120 and cell >= 0.35:
        for (i, j), v in np.ndenumerate(values):
            if np.isfinite(v):
                ax.text(j, i, f"{v:+.1f}", ha="center", va="center", fontsize=7,
                        color="white" if abs(v) > limit * 0.6 else "black")
    figure.colorbar(image, ax=ax, label="synthetic − reference\n(points)", shrink=0.8)
    return figure


def female_shares(data: dict) -> Figure:
    """Female share per group: reference, synthetic, and the parity line they are pulled to."""
    values, labels = _matrix(data) * 100, data["rows"]
    figure = _new(0.35 * len(labels) + 1.0)
    ax = figure.subplots()
    y = np.arange(len(labels))
    for i, (syn, ref) in enumerate(values):
        ax.annotate("", (syn, i), (ref, i), arrowprops={"arrowstyle": "->", "color": "#868e96"})
    ax.scatter(values[:, 1], y, color=REFERENCE, label="reference", zorder=3)
    ax.scatter(values[:, 0], y, color=SYNTHETIC, label="synthetic", zorder=3)
    parity = data.get("lines", {}).get("parity", 0.5) * 100
    ax.axvline(parity, color="black", linestyle="--", linewidth=1, label="parity")
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("women among the employed in the group (%)")
    _legend(figure)
    return figure


def interaction(data: dict) -> Figure:
    """Each cell's departure from its no-interaction fit: the reference's against the
    release's. The diagonal keeps the interaction; the horizontal zero line loses it."""
    values = _matrix(data) * 100
    figure = _new(3.6)
    ax = figure.subplots()
    ax.scatter(values[:, 0], values[:, 1], s=14, color=SYNTHETIC)
    limit = max(float(np.nanmax(np.abs(values))), 0.01) * 1.1
    ax.plot([-limit, limit], [-limit, limit], color="black", linewidth=1, label="kept")
    ax.axhline(0, color="#868e96", linestyle="--", linewidth=1, label="lost")
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-limit, limit)
    ax.set_xlabel("reference departure from its no-interaction fit (points)")
    ax.set_ylabel("synthetic departure (points)")
    _legend(figure)
    return figure


def age_profile(data: dict) -> Figure:
    """Active-duty rows per age, one panel per rank, the statutory ages shaded; rows outside
    them in red."""
    values, ranks = _matrix(data), data["rows"]
    ages = np.array([float(a) for a in data["columns"]])
    figure = _new(1.3 * len(ranks) + 0.6)
    axes = np.atleast_1d(figure.subplots(len(ranks), 1, sharex=True))
    for ax, rank, counts in zip(axes, ranks, values):
        low, high = data.get("bands", {}).get(rank, (None, None))
        low = ages.min() if low is None else low
        high = ages.max() if high is None else high
        ax.axvspan(low - 0.5, high + 0.5, color="#d3f9d8", label="statutory ages")
        inside = (ages >= low) & (ages <= high)
        edges = np.append(ages - 0.5, ages[-1] + 0.5)  # one outline per colour, not a bar per age
        ax.stairs(np.where(inside, counts, 0), edges, fill=True, color=REFERENCE, label="within")
        ax.stairs(np.where(inside, 0, counts), edges, fill=True, color=BAD, label="outside")
        ax.set_ylabel(rank, rotation=0, ha="right", va="center")
    handles, labels = axes[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside upper right", ncols=3, frameon=False)
    axes[-1].set_xlabel("age (rows of the release on active duty)")
    return figure


def comparison(footprints: Sequence[dict]) -> Figure:
    """Share of the reference's dependence each locale's release loses, natively and pooled
    into ISCO-08 major groups (0: all kept, 1: independence)."""
    shown = [f for f in footprints if (f.get("native") or {}).get("dependence_lost") is not None]
    labels = [f"{f['locale']} {f['id']}" for f in shown]
    figure = _new(0.3 * len(labels) + 1.0)
    ax = figure.subplots()
    y = np.arange(len(labels))
    native = [f["native"]["dependence_lost"] for f in shown]
    pooled = [(f.get("isco08") or {}).get("dependence_lost", np.nan) for f in shown]
    ax.barh(y - 0.2, native, 0.4, color=SYNTHETIC, label="native taxonomy")
    ax.barh(y + 0.2, pooled, 0.4, color=REFERENCE, label="ISCO-08 major groups")
    ax.axvline(0, color="black", linewidth=0.8)
    ax.axvline(1, color="black", linestyle="--", linewidth=0.8)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel("dependence lost (0 = the reference's, 1 = independence)")
    _legend(figure)
    return figure


def moved(changes: Sequence[dict]) -> Figure:
    """Each drift and metric movement of a diff, in units of its two-release noise band."""
    shown = [c for c in changes if c["kind"] in ("drift", "movement")]
    labels, ratios, regressions = [], [], []
    for c in shown:
        d = c["details"]
        size = d["distance"] if c["kind"] == "drift" else abs(d["new"] - d["baseline"])
        labels.append(f"{c['footprint']} {d.get('metric', 'table')}")
        ratios.append(size / d["band"] if d["band"] else np.inf)
        regressions.append(c["regression"])
    figure = _new(0.3 * len(labels) + 1.0)
    ax = figure.subplots()
    y = np.arange(len(labels))
    ax.barh(y, np.minimum(ratios, 50), color=[BAD if r else DRIFT for r in regressions])
    noise = ax.axvline(1, color="black", linestyle="--", linewidth=1, label="noise of two releases")
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel("change / its noise band (red: a regression; capped at 50)")
    # patches, not empty bars: those carry no colour into a legend (both swatches were blue)
    _legend(figure, [Patch(color=BAD, label="a regression"),
                     Patch(color=DRIFT, label="drift or movement (not a regression)"), noise])
    return figure


def tolerance_used(row: dict, bound: str = "") -> float:
    """How far a check's observed value (or, given ``bound`` "suite", its suite's own bound)
    has gone from the metric's ideal toward the bound that decides it: 0 at the ideal, 1 at
    the bound (noise allowance included), above 1 outside. Two bounds: from their middle. One
    upper bound: from the metric's floor (0 for distances and shares). One lower bound: from
    its ceiling (1 for rho, shares and the reproduced metrics). A bound with no ideal on its
    inside (a count at least 1,000) has no scale: 0 inside, 2 outside."""
    low, high = row["min"], row["max"]
    value = row["observed"] if not bound else (row["suite_min"] if low is not None and high is
                                               None else row["suite_max"])
    if value is None:
        return float("nan")
    if low is not None and high is not None:
        half = (high - low) / 2
        if not half:  # a point: at it, or outside
            return 0.0 if value == low else 2.0
        return abs(value - (low + high) / 2) / half
    floor, ceiling = REACH.get(row["metric"], (None, None))
    anchor, edge = ((floor or 0.0), high) if high is not None else \
        ((1.0 if ceiling is None else ceiling), low)
    inside = value <= edge if high is not None else value >= edge
    if (edge - anchor) * (1 if high is not None else -1) <= 0:  # no ideal on the inside
        return 0.0 if inside else 2.0  # (rows >= 1000: more is no better, nor worse)
    return max(0.0, (value - anchor) / (edge - anchor))


def overview(rows: Sequence[dict]) -> Figure:
    """Every footprint's key check on one scale, the share of its tolerance used: 0 at the
    metric's ideal, 1 at the bound that decides it (the suite's, widened by this size's noise;
    the tick marks the suite's own), beyond 1 a fail. Capped at 3, the value written."""
    figure = _new(0.3 * len(rows) + 1.0)
    ax = figure.subplots()
    y = np.arange(len(rows))
    used = np.array([tolerance_used(r) for r in rows])
    shown = np.minimum(used, 3.0)
    colours = [VERDICT_COLOURS[r["verdict"]] for r in rows]
    ax.barh(y, shown, 0.6, color=colours)
    suite = [tolerance_used(r, "suite") for r in rows]
    (ticks,) = ax.plot(suite, y, "|", color="black", markersize=9,
                       label="the suite's own bound")
    bound = ax.axvline(1, color="black", linestyle="--", linewidth=1,
                       label="the bound at this size")
    for i, r in enumerate(rows):  # past the bar, the tick and the bound line, which it must
        # not cover (nor be crossed by: a browser draws the text wider than measured here)
        ax.text(np.nanmax([shown[i], min(suite[i], 3.0), 1.0]) + 0.04, i,
                f"{r['verdict']}: {r['metric']} {r['observed']:.4g}", va="center",
                fontsize=7)  # the verdict in words: not by colour alone
    ax.set_yticks(y, [r["id"] for r in rows], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, max(1.6, float(np.nanmax(shown)) + 0.9))
    ax.set_xlabel("share of the tolerance used (0: the ideal; 1: the bound; capped at 3)")
    _legend(figure, [*(Patch(color=VERDICT_COLOURS[v], label=v)
                       for v in ("pass", "fail", "inconclusive")), bound, ticks])
    return figure


KINDS = {"shares": shares, "residuals": residuals, "female_shares": female_shares,
         "interaction": interaction, "age_profile": age_profile,
         "overview": lambda figure: overview(figure["rows"])}


def view_svg(figure: dict) -> str:
    """A view's figure (as report.json holds it) as SVG."""
    return render(KINDS[figure["kind"]], figure)
