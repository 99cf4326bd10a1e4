"""Evaluators: one function per footprint method, from scanned tables to derived metrics.

Each frame-aligns the synthetic table, applies the crosswalks and compares it with the
reference. ``EVALUATORS`` maps a footprint's ``method`` to its function; the flattening and
military-rule evaluators live in their own modules.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from iaf import metrics
from iaf.crosswalks import load_crosswalk
from iaf.dependence import conditional
from iaf.evaluation import (
    Evaluation,
    View,
    employed,
    gap_cells,
    unusable,
    variants,
    worst_cells,
)
from iaf.flattening import flattening
from iaf.footprints import Footprint
from iaf.frames import (
    age_groups,
    apply_mapping,
    band_bounds,
    restrict_age,
)
from iaf.location import location
from iaf.references import load_reference
from iaf.rules import military_rules
from iaf.tables import Tables

# --- marginal ----------------------------------------------------------------------------------

def _reference_marginal(fp: Footprint) -> dict[str, float]:
    ref = load_reference(fp.locale, fp.references[0])
    data = ref.data
    if "age_band" in data.columns and fp.frame.min_age is not None:
        data = data[[band_bounds(b)[0] >= fp.frame.min_age for b in data["age_band"]]]
    column = fp.params["reference_column"]
    bands = fp.params.get("bands")
    if bands:  # pool the reference's finer bands into the footprint's bands
        labels = {b: next(x for x in bands if band_bounds(x)[0] <= band_bounds(b)[0]
                          <= band_bounds(x)[1]) for b in data[column].unique()}
        data = data.assign(**{column: data[column].map(labels)})
    return data.groupby(column)["value"].sum().to_dict()


def marginal(fp: Footprint, tables: Tables) -> Evaluation:
    column = fp.params["column"]
    table = tables.get(fp.scan_columns())
    if column == "age":
        syn = apply_mapping(table, "age", age_groups(table.categories[0], fp.params["bands"],
                                                     fp.frame.min_age))
    else:
        syn = restrict_age(table, fp.frame.min_age).marginal([column])
    if "crosswalk" in fp.params:
        syn = apply_mapping(syn, column, load_crosswalk(fp.locale, fp.params["crosswalk"]).primary)
    reference = _reference_marginal(fp)
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


# --- direct joint: partial conditional (published cells only) ----------------------------------

def _field_reference(fp: Footprint):
    """Per release field: weight and P(major | field) on the cells published for every
    reference field pooled into it (NaN where a pooled field leaves the cell unpublished)."""
    data = load_reference(fp.locale, fp.references[0]).data
    employed = data[data.measure == "employed"].set_index("field")
    shares = data[data.measure == "share_pct"]
    fields = sorted(employed["bachelors_field"].unique())
    majors = sorted(shares["ksco_major"].unique())
    ref = np.full((len(fields), len(majors)), np.nan)
    weights = np.zeros(len(fields))
    for i, f in enumerate(fields):
        parts = employed[employed.bachelors_field == f]
        n = parts["value"]
        weights[i] = n.sum()
        for j, m in enumerate(majors):
            cell = shares[(shares.bachelors_field == f) & (shares.ksco_major == m)]
            if len(cell) == len(parts):  # published for every pooled field
                pct = cell.set_index("field")["value"].reindex(parts.index)
                ref[i, j] = float((pct * n).sum() / n.sum()) / 100.0
    return fields, majors, ref, weights


def partial_conditional(fp: Footprint, tables: Tables) -> Evaluation:
    fields, majors, reference, weights = _field_reference(fp)
    table = tables.get(fp.scan_columns())
    views = []
    for variant, role in variants(fp):
        mapped = employed(fp, table, variant)
        graduates = apply_mapping(mapped.table, fp.params["given"],
                                  {f: f for f in fields})
        counts = graduates.marginal([fp.params["given"], fp.params["outcome"]])
        frame = {(g, o): n for g, row in zip(counts.categories[0], counts.counts)
                 for o, n in zip(counts.categories[1], row)}
        all_majors = sorted(set(counts.categories[1]) | set(majors))
        synthetic = np.array([[frame.get((f, m), 0) for m in all_majors] for f in fields], float)
        ref = np.array([[reference[i, majors.index(m)] if m in majors else np.nan
                         for m in all_majors] for i in range(len(fields))])
        failed = unusable(fp, variant, role, mapped.mapped_share, synthetic.sum(),
                          "no employed graduates with a field of study in the release")
        if failed:
            views.append(failed)
            continue
        dep = metrics.PartialDependence.of(synthetic, ref, weights)
        if dep.coverage < fp.params["min_coverage"]:
            views.append(View(variant, role, {"coverage": dep.coverage}, inconclusive=(
                f"the reference publishes only {dep.coverage:.0%} of the frame's mass "
                f"(minimum {fp.params['min_coverage']:.0%})")))
            continue
        d_floor, rho_floor = metrics.partial_dependence_floor(ref, synthetic.sum(axis=1), weights)
        s_rows = synthetic / np.maximum(synthetic.sum(axis=1, keepdims=True), 1)
        w = weights / weights.sum()
        cells = [{"given": f, "outcome": m, "synthetic": float(s_rows[i, j]),
                  "reference": float(ref[i, j]), "gap": float(s_rows[i, j] - ref[i, j]),
                  "weight": float(w[i])}
                 for i, f in enumerate(fields) for j, m in enumerate(all_majors)
                 if not np.isnan(ref[i, j])]
        views.append(View(
            name=variant, role=role,
            metrics={"conditional_gap": dep.distance, "independence_gap": dep.independent,
                     "rho": dep.rho, "coverage": dep.coverage,
                     "mapped_share": mapped.mapped_share},
            floors={"conditional_gap": {"max": d_floor}, "rho": {"min": rho_floor}},
            cells=worst_cells(fp, cells), frame_rows=int(synthetic.sum()),
        ))
    notes = ("Partial joint: only the top-3 occupation groups per field are published; "
             "the reference frame includes 2-3-year college graduates.",)
    return Evaluation(views=tuple(views), notes=notes)


EVALUATORS: dict[str, Callable[[Footprint, Tables], Evaluation]] = {
    "marginal": marginal,
    "conditional": conditional,
    "partial_conditional": partial_conditional,
    "flattening": flattening,
    "location": location,
    "military_rules": military_rules,
}
