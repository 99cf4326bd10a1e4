"""Direct joint on a partial table: P(outcome | given) where the reference publishes only some
cells (e.g. KOSTAT's top-3 occupation groups per field of study; the table's layout is the
footprint's ``reference`` params). Only published cells are compared,
weighted by the reference's group sizes; the coverage of the published cells is reported, and
below the footprint's minimum the view is inconclusive."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from iaf import cache, metrics, noise
from iaf.catalogue import LoadedFootprint
from iaf.catalogue.params import PartialConditionalParams
from iaf.evaluators.common import no_rows, per_variant, residual_figure, worst_cells
from iaf.evaluators.conditional import counterfactuals
from iaf.frames import Mapped, apply_mapping
from iaf.results import Cell, CountTable, Evaluation, Role, View
from iaf.tables import Tables


def field_reference(loaded: LoadedFootprint[PartialConditionalParams]
                    ) -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
    """Per release group: weight and P(outcome | group) on the cells published for every
    reference part pooled into it (NaN where a pooled part leaves the cell unpublished)."""
    spec = loaded.params.reference
    data = loaded.reference().data
    sizes = data[data[spec.measure] == spec.size].set_index(spec.part)
    shares = data[data[spec.measure] == spec.share]
    groups = sorted(sizes[spec.given].unique())
    outcomes = sorted(shares[spec.outcome].unique())
    ref = np.full((len(groups), len(outcomes)), np.nan)
    weights = np.zeros(len(groups))
    for i, g in enumerate(groups):
        parts = sizes[sizes[spec.given] == g]
        n = parts["value"]
        weights[i] = n.sum()
        for j, o in enumerate(outcomes):
            cell = shares[(shares[spec.given] == g) & (shares[spec.outcome] == o)]
            if len(cell) == len(parts):  # published for every pooled part
                pct = cell.set_index(spec.part)["value"].reindex(parts.index)
                ref[i, j] = float((pct * n).sum() / n.sum()) / 100.0
    return groups, outcomes, ref, weights


def _noise(loaded: LoadedFootprint[PartialConditionalParams], reference: np.ndarray,
           weights: np.ndarray, rows: int) -> tuple[dict[str, noise.Band], noise.Alternatives]:
    """Noise bands (faithful) and counterfactual spreads (occupation independent of field) at
    ``rows`` frame rows; the unpublished mass of each field is spread evenly over its
    unpublished cells, which the metric never reads."""
    published = ~np.isnan(reference)
    rest = np.clip(1.0 - np.where(published, reference, 0.0).sum(axis=1), 0.0, None)
    spread = rest / np.maximum((~published).sum(axis=1), 1)
    full = np.where(published, reference, spread[:, None])
    sizes = noise.drawn_sizes(weights, rows)
    independent = np.repeat((weights / weights.sum()) @ metrics.shares(full)[None], len(full), 0)

    def score(tables: np.ndarray) -> dict[str, np.ndarray]:
        d, d0 = metrics.partial_distances(tables, reference, weights)
        return {"conditional_gap": d, "rho": metrics.recovery(d, d0)}

    bands = noise.bands(score, noise.draw_tables(full, sizes), {"conditional_gap": 0.0, "rho": 1.0})
    return bands, counterfactuals(loaded, score, full * weights[:, None],
                                  independent * weights[:, None], weights, rows)


def evaluate(loaded: LoadedFootprint[PartialConditionalParams], tables: Tables) -> Evaluation:
    params = loaded.params
    fields, majors, reference, weights = field_reference(loaded)
    table = tables.get(loaded.footprint.scan_columns())

    def views(variant: str, role: Role, mapped: Mapped) -> Iterator[View]:
        graduates = apply_mapping(mapped.table, params.given, {f: f for f in fields})
        counts = graduates.marginal([params.given, params.outcome])
        frame = {(g, o): n for g, row in zip(counts.categories[0], counts.counts)
                 for o, n in zip(counts.categories[1], row)}
        all_majors = sorted(set(counts.categories[1]) | set(majors))
        synthetic = np.array([[frame.get((f, m), 0) for m in all_majors] for f in fields], float)
        ref = np.array([[reference[i, majors.index(m)] if m in majors else np.nan
                         for m in all_majors] for i in range(len(fields))])
        if not synthetic.sum():
            yield no_rows(variant, role, mapped,
                          "no employed graduates with a field of study in the release")
            return
        dep = metrics.PartialDependence.of(synthetic, ref, weights)
        if dep.coverage < params.min_coverage:
            yield View(variant, role, {"coverage": dep.coverage}, inconclusive=(
                f"the reference publishes only {dep.coverage:.0%} of the frame's mass "
                f"(minimum {params.min_coverage:.0%})"))
            return
        bands, spreads = cache.remembered(lambda: _noise(loaded, ref, weights,
                                                         int(synthetic.sum())))
        s_rows = metrics.shares(synthetic)
        w = weights / weights.sum()
        cells = [Cell(f, outcome=m, synthetic=float(s_rows[i, j]), reference=float(ref[i, j]),
                      gap=float(s_rows[i, j] - ref[i, j]), weight=float(w[i]))
                 for i, f in enumerate(fields) for j, m in enumerate(all_majors)
                 if not np.isnan(ref[i, j])]
        yield View(
            name=variant, role=role,
            metrics={"conditional_gap": dep.distance, "independence_gap": dep.independent,
                     "rho": dep.rho, "coverage": dep.coverage,
                     "mapped_share": mapped.mapped_share},
            noise=bands, cells=worst_cells(loaded, cells), frame_rows=int(synthetic.sum()),
            counterfactual=spreads, table=CountTable.of(fields, all_majors, synthetic),
            figure=residual_figure(loaded, fields, all_majors, synthetic, ref, weights),
        )

    return Evaluation(views=per_variant(loaded, table, views))
