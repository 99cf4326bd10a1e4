"""Marginal footprints: one release column's distribution against an official table (TVD and
the largest category gap), on the reference's frame (an age floor, age bands, a recode, or a
crosswalk onto the reference's groups of the employed, per variant). A reference category the
release lacks is a gap of its full share."""

from __future__ import annotations

import numpy as np
import pandas as pd

from iaf import cache, metrics, noise
from iaf.catalogue import LoadedFootprint
from iaf.catalogue.params import MarginalParams
from iaf.catalogue.references import filter_reference
from iaf.evaluators.common import gap_cells, no_rows, per_variant
from iaf.frames import (
    age_groups,
    apply_mapping,
    as_text,
    band_bounds,
    restrict_age,
)
from iaf.power import Z_POWER
from iaf.results import CountTable, Evaluation, Figure, Role, View
from iaf.tables import ContingencyTable, Tables


def reference_marginal(loaded: LoadedFootprint[MarginalParams]) -> dict[str, float]:
    """The reference's distribution of the column, on the footprint's frame and bands."""
    params, min_age = loaded.params, loaded.footprint.frame.min_age
    data: pd.DataFrame = filter_reference(loaded.reference().data, params.where)
    if "age_band" in data.columns and min_age is not None:
        data = data[[band_bounds(b)[0] >= min_age for b in data["age_band"]]]
    column = params.reference_column
    if params.bands:  # pool the reference's finer bands into the footprint's bands
        labels = {b: next(x for x in params.bands if band_bounds(x)[0] <= band_bounds(b)[0]
                          <= band_bounds(x)[1]) for b in data[column].unique()}
        data = data.assign(**{column: data[column].map(labels)})
    return data.groupby(column)["value"].sum().to_dict()


def _view(loaded: LoadedFootprint[MarginalParams], name: str, role: Role, syn: ContingencyTable,
          reference: dict, mapped_share: float) -> View | None:
    counts = dict(zip(as_text(syn.categories[0]), syn.counts.tolist()))
    categories = sorted(set(reference) | set(counts))
    synthetic = np.array([counts.get(c, 0) for c in categories], dtype=float)
    expected = np.array([reference.get(c, 0.0) for c in categories], dtype=float)
    n = int(synthetic.sum())
    if n == 0:
        return None
    comparison = metrics.compare(categories, synthetic, expected)
    def score(tables: np.ndarray) -> dict[str, np.ndarray]:
        distance, gap = metrics.marginal_distances(tables, expected)
        return {"tvd": distance, "max_abs_gap": gap}

    bands = cache.remembered(lambda: noise.bands(
        score, noise.draw_tables(expected[None, :], np.array([n]))[:, 0],
        {"tvd": 0.0, "max_abs_gap": 0.0}))
    return View(
        name=name, role=role,
        metrics={"tvd": comparison.distance, "mapped_share": mapped_share,
                 "max_abs_gap": max(abs(g.gap) for g in comparison.gaps)},
        noise=bands, cells=gap_cells(comparison), frame_rows=n,
        counterfactual=cache.remembered(lambda: _counterfactuals(loaded, score, expected, n)),
        table=CountTable.of(["all"], categories, [synthetic]),
        figure=Figure.of("shares", [loaded.titled(c) for c in categories],
                         ("synthetic", "reference"),
                         np.stack([synthetic / n, expected / expected.sum()], axis=1)),
    )


def _counterfactuals(loaded: LoadedFootprint[MarginalParams], score: noise.Score,
                     expected: np.ndarray, n: int) -> noise.Alternatives:
    """Per declared effect (a TVD): releases of ``n`` rows drawn from the reference shifted by
    that distance in each of the directions hardest to detect (noise.shifted), scored like the
    release; the counterfactual is the least favourable one, whose 5th percentile of the
    metric sits lowest (the declared effects are upper bounds' distances)."""
    out: noise.Alternatives = {}
    for metric, distance in loaded.detect().items():
        candidates = [noise.spreads(score, noise.draw_tables(
            q[None, :], np.array([n]), seed=noise.COUNTERFACTUAL_SEED)[:, 0], q)
            for q in noise.shifted(expected, distance)]
        out[f"{metric} {distance:g}"] = min(
            candidates, key=lambda c: c[metric]["mean"] - Z_POWER * c[metric]["sd"])
    return out


def evaluate(loaded: LoadedFootprint[MarginalParams], tables: Tables) -> Evaluation:
    fp, params = loaded.footprint, loaded.params
    column = params.column
    table = tables.get(fp.scan_columns())
    if column == "age":
        table = apply_mapping(table, "age", age_groups(table.categories[0], params.bands,
                                                       fp.frame.min_age))
    else:
        table = restrict_age(table, fp.frame.min_age)
    if params.recode:
        table = apply_mapping(table, column, loaded.crosswalks[params.recode].primary)
    reference = reference_marginal(loaded)
    if params.crosswalk is None:
        view = _view(loaded, "main", Role.PRIMARY, table.marginal([column]), reference, 1.0)
        if view is None:
            return Evaluation(inconclusive=f"no release rows in the frame ({fp.frame.text})")
        return Evaluation(views=(view,))

    def views(variant, role, mapped):
        view = _view(loaded, variant, role, mapped.table.marginal([column]), reference,
                     mapped.mapped_share)
        return [view or no_rows(variant, role, mapped)]

    return Evaluation(views=per_variant(loaded, table, views))
