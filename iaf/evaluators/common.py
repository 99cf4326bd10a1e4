"""What the evaluators share: the per-variant driver, the frame's crosswalk, capped cells."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from iaf import metrics
from iaf.catalogue import LoadedFootprint
from iaf.catalogue.crosswalks import NOT_EMPLOYED
from iaf.catalogue.params import CrosswalkSpec
from iaf.frames import Mapped, apply_crosswalk, apply_mapping
from iaf.results import Cell, Figure, Role, View
from iaf.tables import ContingencyTable

MAX_CELLS_SHOWN = 12
MAX_FIGURE_ROWS, MAX_FIGURE_COLUMNS = 30, 24  # a heatmap a reader can still read
NO_ROWS = "no release rows in the frame"

ViewsOf = Callable[[str, Role, Mapped], Iterable[View]]


def gap_cells(comparison: metrics.Comparison) -> tuple[Cell, ...]:
    return tuple(Cell(g.category, synthetic=g.synthetic, reference=g.reference, gap=g.gap)
                 for g in comparison.gaps[:MAX_CELLS_SHOWN])


def worst_cells(loaded: LoadedFootprint[Any], cells: list[Cell]) -> tuple[Cell, ...]:
    """Conditional cells sorted by weighted absolute gap (ties by label), capped, with code
    titles (a cell without a weight weighs 1)."""
    def weighted(c: Cell) -> tuple[float, str, str]:
        return -abs(c.gap or 0.0) * (1.0 if c.weight is None else c.weight), c.where, \
            c.outcome or ""
    return tuple(replace(c, where=loaded.titled(c.where),
                         outcome=None if c.outcome is None else loaded.titled(c.outcome))
                 for c in sorted(cells, key=weighted)[:MAX_CELLS_SHOWN])


def residual_figure(loaded: LoadedFootprint[Any], given: Sequence[str], outcomes: Sequence[str],
                    synthetic: np.ndarray, reference: np.ndarray, weights: np.ndarray) -> Figure:
    """Synthetic minus reference P(outcome | given) (NaN: unpublished), the groups and outcomes
    that carry the most weighted mismatch when there are more than a heatmap can show; a
    binary outcome is one column (its second category)."""
    residual = metrics.shares(synthetic) - reference
    weighted = np.nan_to_num(np.abs(residual)) * (weights / weights.sum())[:, None]
    columns = [1] if len(outcomes) == 2 else _largest(weighted.sum(axis=0), MAX_FIGURE_COLUMNS)
    rows = _largest(weighted[:, columns].sum(axis=1), MAX_FIGURE_ROWS)
    note = (f"the {len(rows)} of {len(given)} groups and {len(columns)} of {len(outcomes)} "
            "outcomes with the largest weighted mismatch"
            if len(rows) < len(given) or len(columns) < len(outcomes) - (len(outcomes) == 2)
            else "")
    return Figure.of("residuals", [loaded.titled(str(given[i])) for i in rows],
                     [loaded.titled(str(outcomes[j])) for j in columns],
                     residual[np.ix_(rows, columns)], note=note)


def _largest(scores: np.ndarray, limit: int) -> list[int]:
    """Indices of the ``limit`` largest scores, in their original order."""
    if len(scores) <= limit:
        return list(range(len(scores)))
    return sorted(np.argsort(-scores, kind="stable")[:limit].tolist())


def crosswalked(loaded: LoadedFootprint[Any], table: ContingencyTable, variant: str,
                spec: CrosswalkSpec | None = None) -> Mapped:
    """The table after the footprint's crosswalk (or ``spec``'s; its variant ``variant``), on
    the frame."""
    spec = spec or loaded.params.crosswalk
    crosswalk = loaded.crosswalks[spec.id]
    return apply_crosswalk(table, crosswalk, crosswalk.variant_for(variant), spec.level,
                           spec.exclude)


def reachable(loaded: LoadedFootprint[Any], variant: str, spec: CrosswalkSpec | None = None
              ) -> set[str]:
    """The reference groups some release value maps to under ``variant`` (the groups the
    release can express at all; the others are the crosswalk's limit, not the release's)."""
    spec = spec or loaded.params.crosswalk
    targets = loaded.mapping(spec.id, variant).values()
    return {t[:spec.level] if spec.level else t for t in targets} - set(spec.exclude)


def expressible(loaded: LoadedFootprint[Any], variant: str, groups: Sequence[str],
                weights: np.ndarray, spec: CrosswalkSpec | None = None
                ) -> tuple[np.ndarray, dict[str, float]]:
    """Which reference ``groups`` some release value maps to under ``variant``, and what the
    others (the crosswalk's limit, not the release's: left out, never scored as missing) count
    for: ``unreachable_groups`` and their share of the reference's ``weights``."""
    inside = np.isin(np.asarray(groups, dtype=object), list(reachable(loaded, variant, spec)))
    weights = np.asarray(weights, dtype=float)
    return inside, {"unreachable_groups": float((~inside).sum()),
                    "unreachable_weight": float(weights[~inside].sum() / weights.sum())}


def too_little_mapped(loaded: LoadedFootprint[Any], share: float) -> str:
    minimum = loaded.footprint.min_mapped_share
    if minimum is not None and share < minimum:
        return (f"only {share:.1%} of the frame maps to the reference taxonomy "
                f"(minimum {minimum:.0%}); the verdict would rest on the unmapped rest")
    return ""


def recoded(loaded: LoadedFootprint[Any], table: ContingencyTable, variant: str
            ) -> ContingencyTable:
    """The table with the footprint's recode applied (its variant for this view); a value the
    recode sends to NOT_EMPLOYED leaves the frame."""
    spec = loaded.params.recode
    if not spec:
        return table
    mapping = {k: (None if v == NOT_EMPLOYED else v)
               for k, v in loaded.mapping(spec.id, variant).items()}
    return apply_mapping(table, spec.column, mapping)


def no_rows(name: str, role: Role, mapped: Mapped, reason: str = NO_ROWS) -> View:
    """An inconclusive view: the frame holds no release rows."""
    return View(name, role, {"mapped_share": mapped.mapped_share}, inconclusive=reason)


def per_variant(loaded: LoadedFootprint[Any], table: ContingencyTable, views_of: ViewsOf
                ) -> tuple[View, ...]:
    """Every crosswalk variant of ``table``, primary first: a variant whose mapped share is
    below the footprint's minimum is an inconclusive view; the others are ``views_of``'s."""
    views: list[View] = []
    for variant, role in loaded.variants():
        mapped = crosswalked(loaded, table, variant)
        # an empty frame has nothing unmapped: it is said as such by views_of (no_rows)
        reason = too_little_mapped(loaded, mapped.mapped_share) \
            if mapped.mapped + mapped.unmapped else ""
        if reason:
            views.append(View(variant, role, {"mapped_share": mapped.mapped_share},
                              inconclusive=reason))
        else:
            views.extend(views_of(variant, role, mapped))
    return tuple(views)


def vintage_views(loaded: LoadedFootprint[Any], table: ContingencyTable, views_of: ViewsOf
                  ) -> tuple[View, ...]:
    """The primary variant judged again against each other edition of the reference (a frame
    view each, so a verdict that changes with the edition is reported frame-dependent); none
    when the primary variant is itself inconclusive for too little mapped mass."""
    if not getattr(loaded.params, "vintages", ()):
        return ()
    variant, role = loaded.variants()[0]
    mapped = crosswalked(loaded, table, variant)
    if mapped.mapped + mapped.unmapped and too_little_mapped(loaded, mapped.mapped_share):
        return ()
    return tuple(views_of(variant, role, mapped))
