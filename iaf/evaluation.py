"""What an evaluator returns: views of derived metrics with their noise floors and cells.

A footprint is evaluated into one ``View`` per way of computing it (the crosswalk's variants,
an age-standardised version), each a small dict of metrics plus the noise floors of those
metrics at the audited size and the cells behind them. Verdicts are not decided here: the GX
suite does that (gx.py). Also the helpers every evaluator shares.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from iaf import metrics
from iaf.crosswalks import load_crosswalk
from iaf.footprints import Footprint
from iaf.frames import Mapped, apply_crosswalk
from iaf.references import load_reference
from iaf.tables import ContingencyTable

MAX_CELLS_SHOWN = 12


@dataclass(frozen=True)
class View:
    name: str
    role: str  # "primary" | "variant" | "standardised"
    metrics: dict[str, float]
    floors: dict[str, dict[str, float]] = field(default_factory=dict)  # metric -> {"min"|"max"}
    cells: tuple[dict, ...] = ()
    frame_rows: int = 0
    inconclusive: str = ""


@dataclass(frozen=True)
class Evaluation:
    views: tuple[View, ...] = ()
    notes: tuple[str, ...] = ()
    inconclusive: str = ""


def gap_cells(comparison: metrics.Comparison, label: str = "category") -> tuple[dict, ...]:
    return tuple({label: g.category, "synthetic": g.synthetic, "reference": g.reference,
                  "gap": g.gap} for g in comparison.gaps[:MAX_CELLS_SHOWN])


def worst_cells(fp: Footprint, cells: list[dict]) -> tuple[dict, ...]:
    """Cells sorted by weighted absolute gap (ties by label), capped, with code titles."""
    cells = sorted(cells, key=lambda c: (-abs(c["gap"]) * c["weight"], c["given"], c["outcome"]))
    return tuple({**c, "given": titled(fp, c["given"]), "outcome": titled(fp, c["outcome"])}
                 for c in cells[:MAX_CELLS_SHOWN])


def variants(fp: Footprint) -> list[tuple[str, str]]:
    """(variant, role) pairs of the footprint's occupation crosswalk; primary first."""
    spec = fp.params.get("crosswalk")
    if not spec:
        return [("all", "primary")]
    names = load_crosswalk(fp.locale, spec["id"]).variants
    return [(v, "primary" if i == 0 else "variant") for i, v in enumerate(names)]


def employed(fp: Footprint, table: ContingencyTable, variant: str) -> Mapped:
    spec = fp.params["crosswalk"]
    return apply_crosswalk(table, fp.locale, spec["id"], variant, spec.get("level"),
                           spec.get("exclude", ()))


@lru_cache(maxsize=None)
def _titles(locale: str, table_id: str) -> dict[str, str]:
    data = load_reference(locale, table_id).data
    return dict(zip(data["code"], data["title"]))


def titled(fp: Footprint, code: str) -> str:
    """'4' -> '4 서비스 종사자' when the footprint names a code list (params.code_titles)."""
    table_id = fp.params.get("code_titles")
    title = _titles(fp.locale, table_id).get(code) if table_id else None
    return f"{code} {title}" if title else code


def unusable(fp: Footprint, name: str, role: str, mapped_share: float, rows: float,
             empty: str = "no release rows in the frame") -> View | None:
    """An inconclusive view when too little maps or nothing is in the frame, else None."""
    reason = too_little_mapped(fp, mapped_share) or ("" if rows else empty)
    if not reason:
        return None
    return View(name, role, {"mapped_share": mapped_share}, inconclusive=reason)


def too_little_mapped(fp: Footprint, share: float) -> str:
    if fp.min_mapped_share is not None and share < fp.min_mapped_share:
        return (f"only {share:.1%} of the frame maps to the reference taxonomy "
                f"(minimum {fp.min_mapped_share:.0%}); the verdict would rest on the unmapped rest")
    return ""
