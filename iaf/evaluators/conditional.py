"""Direct-joint evaluator: P(outcome | given) against an official joint table.

One view per crosswalk variant, plus, when the footprint names a ``collapse`` crosswalk, the
primary variant re-evaluated after pooling both sides into a common taxonomy (ISCO-08 major
groups), so that locales with reference taxonomies of different cardinality can be compared;
and one frame view per other published edition of the reference (``vintages``), named after
its table.
Each view reports the weighted conditional TVD, dependence recovery rho, and flagged cells: a
cell is flagged when the release loses more than a quarter of the cell's own departure from
independence, beyond sampling noise (metrics.flagged_cells). Raw flag counts grow with the
taxonomy's cardinality; the flagged share and rho do not.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from iaf import cache, metrics, noise
from iaf.catalogue import LoadedFootprint
from iaf.catalogue.params import Axis, CollapseSpec, ConditionalParams
from iaf.catalogue.references import filter_reference
from iaf.evaluators.common import (
    NO_ROWS,
    expressible,
    no_rows,
    per_variant,
    recoded,
    residual_figure,
    vintage_views,
    worst_cells,
)
from iaf.frames import Mapped, aligned, reference_matrix, restrict_age
from iaf.results import Cell, CountTable, Evaluation, Role, View
from iaf.tables import Tables


def _cells(loaded: LoadedFootprint[ConditionalParams], synthetic: np.ndarray, matrix: pd.DataFrame
           ) -> tuple[Cell, ...]:
    reference = matrix.to_numpy(dtype=float)
    s_rows = metrics.shares(synthetic)
    r_rows = reference / reference.sum(axis=1, keepdims=True)
    weights = reference.sum(axis=1) / reference.sum()
    columns: range | list[int] = range(len(matrix.columns))
    if len(matrix.columns) == 2:  # a binary outcome: one share per group says it all
        columns = [1]
    cells = [Cell(" ".join(g) if isinstance(g, tuple) else str(g),
                  outcome=str(matrix.columns[j]), synthetic=float(s_rows[i, j]),
                  reference=float(r_rows[i, j]), gap=float(s_rows[i, j] - r_rows[i, j]),
                  weight=float(weights[i]))
             for i, g in enumerate(matrix.index) for j in columns]
    return worst_cells(loaded, cells)


def scorer(reference: np.ndarray, strata: np.ndarray | None, variation: bool):
    """The dependence metrics of batched X x Y tables against ``reference``."""
    def score(tables: np.ndarray) -> dict[str, np.ndarray]:
        d, d0 = metrics.conditional_distances(tables, reference, strata=strata)
        reproduced = metrics.variation_reproduced(tables, reference, strata)
        out = {"conditional_tvd": d, "rho": metrics.recovery(d, d0),
               "dependence_lost": 1.0 - reproduced, "dependence_exaggerated": reproduced - 1.0}
        if variation:
            out["area_variation_reproduced"] = reproduced
            out["area_variation_exaggerated"] = reproduced - 1.0
        return out
    return score


def dependence_view(loaded: LoadedFootprint[Any], name: str, role: Role, synthetic: np.ndarray,
                    matrix: pd.DataFrame, extra: dict[str, float],
                    strata: np.ndarray | None = None, variation: bool = False) -> View:
    """Metrics, noise bands, counterfactual spreads and cells of a synthetic X x Y table
    against the reference matrix. ``strata`` makes independence mean independence within
    strata of X (metrics.Dependence); ``variation`` adds area_variation_reproduced. Faithful
    and counterfactual releases take the frame's size split at random by the reference's
    group sizes (noise.drawn_sizes), the same splits for both."""
    reference = matrix.to_numpy(dtype=float)
    given = [" ".join(g) if isinstance(g, tuple) else g for g in matrix.index]
    score = scorer(reference, strata, variation)
    observed = {k: float(v) for k, v in score(synthetic).items()}
    dep = metrics.Dependence.of(synthetic, reference, strata=strata)
    flagged, cells = metrics.flagged_cells(synthetic, reference, strata)
    sizes = noise.drawn_sizes(reference.sum(axis=1), int(synthetic.sum()))
    ideal = {k: float(v[0]) for k, v in score(reference[None]).items()}
    bands = cache.remembered(lambda: noise.bands(score, noise.draw_tables(reference, sizes),
                                                 ideal))
    # comparable across locales at any size: rho against what a faithful release of this
    # size reaches, and (scored above) the share of the reference's dependence lost (signed,
    # unbiased by noise, blind to the outcome's margin in the frame)
    faithful = bands["rho"]["mean"]  # 0 when the frame is too small to show any dependence
    comparable = {"rho_vs_faithful": observed["rho"] / faithful if faithful else float("nan")}
    return View(
        name=name, role=role,
        metrics={**observed, **comparable, "independence_tvd": dep.independent,
                 "flagged_cells": float(flagged), "cells": float(cells),
                 "flagged_share": flagged / cells, "missing_groups": float(dep.missing),
                 **extra},
        noise=bands, cells=_cells(loaded, synthetic, matrix), frame_rows=int(synthetic.sum()),
        table=CountTable.of(given, matrix.columns, synthetic),
        figure=residual_figure(loaded, given, list(matrix.columns), synthetic,
                               metrics.shares(reference), reference.sum(axis=1)),
        counterfactual=cache.remembered(lambda: counterfactuals(
            loaded, score, reference,
            metrics.independent_rows(reference, strata) * reference.sum(axis=1, keepdims=True),
            own_margin(reference, synthetic), int(synthetic.sum()))),
    )


def own_margin(reference: np.ndarray, synthetic: np.ndarray) -> np.ndarray:
    """The release's rows per given group the reference has (the reference's own margin when
    the release has none there)."""
    margin = np.where(reference.sum(axis=1) > 0, synthetic.sum(axis=1), 0.0)
    return margin if margin.sum() > 0 else reference.sum(axis=1)


def counterfactuals(loaded: LoadedFootprint[Any], score: noise.Score, reference: np.ndarray,
                    independent: np.ndarray, margin: np.ndarray, rows: int
                    ) -> noise.Alternatives:
    """The suite's declared minimum effects (the card's own counterfactual may keep part of the
    dependence): the reference flattened toward ``independent`` (X x Y, the same row sizes)
    until each effect is reached, or pushed past itself for an exaggeration; and
    ``independent`` itself unless an effect flattens. Each is the release with the effect: its
    P(outcome | given) on ``margin`` (the release's own rows per given group), reached and
    simulated there at ``rows``. The margin sets the release's pooled outcome, which
    independence and the dependence metrics are measured from, and each group's noise: at the
    reference's margin the counterfactual is another release (GOMS's field view, whose release
    spreads over the fields otherwise, claimed power 0.965 where 90% of releases planted with
    its effect failed; issue 19)."""
    sizes = noise.drawn_sizes(margin, rows)
    moved = noise.flattened(reference, independent)

    def move(t: float) -> np.ndarray:
        return margin[:, None] * metrics.shares(moved(t))

    def draw(table: np.ndarray) -> np.ndarray:
        return noise.draw_tables(table, sizes, seed=noise.COUNTERFACTUAL_SEED)

    return noise.at_effects(loaded.detect(), move, score, draw, own="independence")


def collapse(loaded: LoadedFootprint[Any], spec: CollapseSpec, synthetic: np.ndarray,
             matrix: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Pool the occupation side of both tables into the common taxonomy (``spec``)."""
    pooled = loaded.crosswalks[spec.id].mapping("all")
    frame = pd.DataFrame(synthetic, index=matrix.index, columns=matrix.columns)
    if spec.dim is Axis.GIVEN:
        return (frame.groupby(matrix.index.map(pooled)).sum().to_numpy(),
                matrix.groupby(matrix.index.map(pooled)).sum())
    return (frame.T.groupby(matrix.columns.map(pooled)).sum().T.to_numpy(),
            matrix.T.groupby(matrix.columns.map(pooled)).sum().T)


def reachable_groups(loaded: LoadedFootprint[ConditionalParams], variant: str, matrix: pd.DataFrame
                     ) -> tuple[pd.DataFrame, dict[str, float]]:
    """The reference's groups of X some release value can reach, when the crosswalk maps X
    (common.expressible); a group the release could express but lacks still counts as
    missing."""
    if loaded.params.crosswalk.column != loaded.params.given:
        return matrix, {"unreachable_groups": 0.0, "unreachable_weight": 0.0}
    inside, unreachable = expressible(loaded, variant, list(matrix.index),
                                      matrix.to_numpy().sum(axis=1))
    return matrix[inside], unreachable


def _strata(given: pd.Index, level: int | None) -> np.ndarray | None:
    """Groups of the given categories by their codes' first ``level`` characters (None: one
    stratum, plain independence)."""
    if level is None:
        return None
    return np.asarray(pd.factorize(given.astype(str).str[:level])[0])


def _matrix(loaded: LoadedFootprint[ConditionalParams], table_id: str) -> pd.DataFrame:
    spec = loaded.params.reference
    return reference_matrix(filter_reference(loaded.tables[table_id].data, spec.where),
                            spec.given, spec.outcome)


def evaluate(loaded: LoadedFootprint[ConditionalParams], tables: Tables) -> Evaluation:
    params = loaded.params
    matrix = _matrix(loaded, loaded.footprint.references[0])
    frame = loaded.footprint.frame
    table = restrict_age(tables.get(loaded.footprint.scan_columns()), frame.min_age, frame.max_age,
                         loaded.footprint.attributes)

    def views(variant: str, role: Role, mapped: Mapped, against: pd.DataFrame = matrix,
              name: str = "") -> Iterator[View]:
        framed = recoded(loaded, mapped.table, variant)
        groups, unreachable = reachable_groups(loaded, variant, against)
        synthetic, outside = aligned(framed, params.given, params.outcome, groups)
        if not synthetic.sum():
            yield no_rows(name or variant, role, mapped, NO_ROWS if not outside else
                          f"none of the frame's {outside:,} release rows has a {params.given} "
                          f"and {params.outcome} the reference gives (it gives "
                          f"{', '.join(map(repr, list(groups.index)[:3]))}, ...)")
            return
        extra = {"mapped_share": mapped.mapped_share, "unmatched_rows": float(outside),
                 **unreachable}
        yield dependence_view(loaded, name or variant, role, synthetic, groups, extra,
                              _strata(groups.index, params.within_level))
        if role == Role.PRIMARY and params.collapse:
            pooled, pooled_matrix = collapse(loaded, params.collapse, synthetic, groups)
            yield dependence_view(loaded, f"{variant}_{params.collapse.level}",
                                  Role.COLLAPSED, pooled, pooled_matrix, extra)

    def vintage(variant: str, role: Role, mapped: Mapped) -> Iterator[View]:
        for table_id in params.vintages:  # the primary variant against each other edition
            yield from views(variant, Role.FRAME, mapped, _matrix(loaded, table_id),
                             table_id)

    found = per_variant(loaded, table, views) + vintage_views(loaded, table, vintage)
    return Evaluation(views=found, notes=_unmatched(found[0], params) if found else ())


def _unmatched(primary: View, params: ConditionalParams) -> tuple[str, ...]:
    """Said, not only counted: frame rows whose categories the reference lacks are left out
    (a partial table's design, or a spelling apart that ``iaf catalogue check`` names)."""
    left = primary.metrics.get("unmatched_rows", 0.0)
    if not left:
        return ()
    share = left / (left + primary.frame_rows) if primary.frame_rows else 1.0
    return (f"{left:,.0f} frame rows ({share:.1%}) fall in {params.given} x {params.outcome} "
            "categories the reference does not give and are left out of the comparison (iaf "
            "catalogue check names the values)",)
