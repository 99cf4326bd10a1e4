"""Direct-joint evaluator: P(outcome | given) against an official joint table.

One view per crosswalk variant, plus, when the footprint names a ``collapse`` crosswalk, the
primary variant re-evaluated after pooling both sides into a common taxonomy (ISCO-08 major
groups), so that locales with reference taxonomies of different cardinality can be compared.
Each view reports the weighted conditional TVD, dependence recovery rho, and flagged cells: a
cell is flagged when the release loses more than a quarter of the cell's own departure from
independence, beyond sampling noise (metrics.flagged_cells). Raw flag counts grow with the
taxonomy's cardinality; the flagged share and rho do not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from iaf import metrics
from iaf.crosswalks import load_crosswalk
from iaf.evaluation import (
    Evaluation,
    View,
    employed,
    unusable,
    variants,
    worst_cells,
)
from iaf.footprints import Footprint
from iaf.frames import aligned, apply_mapping, filter_reference, reference_matrix
from iaf.references import load_reference
from iaf.tables import ContingencyTable, Tables


def _cells(fp: Footprint, synthetic: np.ndarray, matrix: pd.DataFrame) -> tuple[dict, ...]:
    reference = matrix.to_numpy(dtype=float)
    s_rows = synthetic / np.maximum(synthetic.sum(axis=1, keepdims=True), 1)
    r_rows = reference / reference.sum(axis=1, keepdims=True)
    weights = reference.sum(axis=1) / reference.sum()
    columns = range(len(matrix.columns))
    if len(matrix.columns) == 2:  # a binary outcome: one share per group says it all
        columns = [1]
    cells = [{"given": " ".join(g) if isinstance(g, tuple) else str(g),
              "outcome": str(matrix.columns[j]),
              "synthetic": float(s_rows[i, j]), "reference": float(r_rows[i, j]),
              "gap": float(s_rows[i, j] - r_rows[i, j]), "weight": float(weights[i])}
             for i, g in enumerate(matrix.index) for j in columns]
    return worst_cells(fp, cells)


def dependence_view(fp: Footprint, name: str, role: str, synthetic: np.ndarray,
                    matrix: pd.DataFrame, extra: dict[str, float],
                    strata: np.ndarray | None = None,
                    extra_floors: dict[str, dict[str, float]] | None = None) -> View:
    """Metrics, floors and cells of a synthetic X x Y table against the reference matrix;
    ``strata`` makes independence mean independence within strata of X (metrics.Dependence)."""
    reference = matrix.to_numpy(dtype=float)
    dep = metrics.Dependence.of(synthetic, reference, strata=strata)
    d_floor, rho_floor = metrics.dependence_floor(reference, synthetic.sum(axis=1),
                                                  strata=strata)
    flagged, cells = metrics.flagged_cells(synthetic, reference, strata)
    return View(
        name=name, role=role,
        metrics={"conditional_tvd": dep.distance, "independence_tvd": dep.independent,
                 "rho": dep.rho, "flagged_cells": float(flagged), "cells": float(cells),
                 "flagged_share": flagged / cells, **extra},
        floors={"conditional_tvd": {"max": d_floor}, "rho": {"min": rho_floor},
                **(extra_floors or {})},
        cells=_cells(fp, synthetic, matrix), frame_rows=int(synthetic.sum()),
    )


def _synthetic(fp: Footprint, table: ContingencyTable, variant: str, matrix: pd.DataFrame):
    mapped = employed(fp, table, variant)
    framed = mapped.table
    if "recode" in fp.params:
        spec = fp.params["recode"]
        framed = apply_mapping(framed, spec["column"],
                               load_crosswalk(fp.locale, spec["id"]).mapping("all"))
    synthetic, outside = aligned(framed, fp.params["given"], fp.params["outcome"], matrix)
    return synthetic, mapped.mapped_share, outside


def collapse(fp: Footprint, synthetic: np.ndarray, matrix: pd.DataFrame
             ) -> tuple[np.ndarray, pd.DataFrame]:
    """Pool the occupation side of both tables into the common taxonomy."""
    spec = fp.params["collapse"]
    pooled = load_crosswalk(fp.locale, spec["id"]).mapping("all")
    frame = pd.DataFrame(synthetic, index=matrix.index, columns=matrix.columns)
    if spec["dim"] == "given":
        return (frame.groupby(matrix.index.map(pooled)).sum().to_numpy(),
                matrix.groupby(matrix.index.map(pooled)).sum())
    return (frame.T.groupby(matrix.columns.map(pooled)).sum().T.to_numpy(),
            matrix.T.groupby(matrix.columns.map(pooled)).sum().T)


def conditional(fp: Footprint, tables: Tables) -> Evaluation:
    spec = fp.params["reference"]
    ref = load_reference(fp.locale, fp.references[0])
    matrix = reference_matrix(filter_reference(ref, spec.get("where", {})), spec["given"],
                              spec["outcome"])
    table = tables.get(fp.scan_columns())
    views = []
    for variant, role in variants(fp):
        synthetic, share, outside = _synthetic(fp, table, variant, matrix)
        failed = unusable(fp, variant, role, share, synthetic.sum())
        if failed:
            views.append(failed)
            continue
        extra = {"mapped_share": share, "unmatched_rows": float(outside)}
        views.append(dependence_view(fp, variant, role, synthetic, matrix, extra))
        if role == "primary" and "collapse" in fp.params:
            pooled, pooled_matrix = collapse(fp, synthetic, matrix)
            views.append(dependence_view(fp, f"{variant}_{fp.params['collapse']['level']}",
                                         "collapsed", pooled, pooled_matrix, extra))
    return Evaluation(views=tuple(views))
