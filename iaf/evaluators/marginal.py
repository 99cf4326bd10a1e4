"""Marginal footprints: one release column's distribution against an official table (TVD and
the largest category gap), on the reference's frame (an age floor, age bands, a recode)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from iaf import metrics
from iaf.catalogue import Bound
from iaf.evaluators.common import gap_cells
from iaf.frames import age_groups, apply_mapping, band_bounds, restrict_age
from iaf.results import Evaluation, View
from iaf.tables import Tables


def reference_marginal(bound: Bound) -> dict[str, float]:
    """The reference's distribution of the column, on the footprint's frame and bands."""
    params, min_age = bound.params, bound.footprint.frame.min_age
    data: pd.DataFrame = bound.reference().data
    if "age_band" in data.columns and min_age is not None:
        data = data[[band_bounds(b)[0] >= min_age for b in data["age_band"]]]
    column = params.reference_column
    if params.bands:  # pool the reference's finer bands into the footprint's bands
        labels = {b: next(x for x in params.bands if band_bounds(x)[0] <= band_bounds(b)[0]
                          <= band_bounds(x)[1]) for b in data[column].unique()}
        data = data.assign(**{column: data[column].map(labels)})
    return data.groupby(column)["value"].sum().to_dict()


def evaluate(bound: Bound, tables: Tables) -> Evaluation:
    fp, params = bound.footprint, bound.params
    column = params.column
    table = tables.get(fp.scan_columns())
    if column == "age":
        syn = apply_mapping(table, "age", age_groups(table.categories[0], params.bands,
                                                     fp.frame.min_age))
    else:
        syn = restrict_age(table, fp.frame.min_age).marginal([column])
    if params.crosswalk:
        syn = apply_mapping(syn, column, bound.crosswalks[params.crosswalk].primary)
    reference = reference_marginal(bound)
    categories = sorted(set(reference) | set(syn.categories[0]))
    counts = dict(zip(syn.categories[0], syn.counts.tolist()))
    synthetic = np.array([counts.get(c, 0) for c in categories], dtype=float)
    expected = np.array([reference.get(c, 0.0) for c in categories], dtype=float)
    n = int(synthetic.sum())
    if n == 0:
        return Evaluation(inconclusive=f"no release rows in the frame ({fp.frame.text})")
    comparison = metrics.compare(categories, synthetic, expected)
    view = View(
        name="main", role="primary",
        metrics={"tvd": comparison.distance,
                 "max_abs_gap": max(abs(g.gap) for g in comparison.gaps)},
        floors={"tvd": {"max": metrics.tvd_floor(expected, n)},
                "max_abs_gap": {"max": metrics.max_gap_floor(expected, n)}},
        cells=gap_cells(comparison), frame_rows=n,
    )
    return Evaluation(views=(view,))
