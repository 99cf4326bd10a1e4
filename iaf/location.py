"""Occupation by location: P(occupation group | area, sex) against an official area table.

For a card that treats occupation as independent of location given sex (and education and
age), the question is how much of the real variation of occupations between areas the release
keeps. Independence here means within sex: rho compares the release with what it would score
had each area taken its sex's national occupation mix, and ``area_variation_reproduced`` is the
share of the areas' real deviations from their sex's national mix that the release reproduces.
A release that generated occupation independently of location keeps only the part that area
differences in education, age and sex imply.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from iaf import metrics
from iaf.dependence import collapse, dependence_view
from iaf.evaluation import Evaluation, employed, unusable, variants
from iaf.footprints import Footprint
from iaf.references import load_reference
from iaf.tables import Tables


def _reference(fp: Footprint) -> pd.DataFrame:
    spec = fp.params["reference"]
    data = load_reference(fp.locale, fp.references[0]).data
    return data.pivot_table(index=[spec["area"], spec["sex"]], columns=spec["group"],
                            values="value", aggfunc="sum", fill_value=0.0).sort_index()


def location(fp: Footprint, tables: Tables) -> Evaluation:
    matrix = _reference(fp)
    area, sex = fp.params["area"], fp.params["sex"]
    strata = np.array(pd.factorize(matrix.index.get_level_values(1))[0])
    table = tables.get(fp.scan_columns())
    views = []
    for variant, role in variants(fp):
        mapped = employed(fp, table, variant)
        counts = mapped.table.marginal([area, sex, "occupation"])
        frame = pd.DataFrame(
            counts.counts.reshape(-1, counts.counts.shape[2]),
            index=pd.MultiIndex.from_product(counts.categories[:2]),
            columns=list(counts.categories[2]))
        synthetic = frame.reindex(index=matrix.index, columns=matrix.columns,
                                  fill_value=0).to_numpy(dtype=float)
        failed = unusable(fp, variant, role, mapped.mapped_share, synthetic.sum())
        if failed:
            views.append(failed)
            continue
        reference = matrix.to_numpy(dtype=float)
        extra = {"area_variation_reproduced": metrics.variation_reproduced(synthetic, reference,
                                                                           strata),
                 "mapped_share": mapped.mapped_share}
        floors = {"area_variation_reproduced": {"min": metrics.variation_floor(
            reference, synthetic.sum(axis=1), strata)}}
        views.append(dependence_view(fp, variant, role, synthetic, matrix, extra, strata,
                                     floors))
        if role == "primary" and "collapse" in fp.params:
            pooled, pooled_matrix = collapse(fp, synthetic, matrix)
            pooled_extra = {**extra, "area_variation_reproduced": metrics.variation_reproduced(
                pooled, pooled_matrix.to_numpy(dtype=float), strata)}
            views.append(dependence_view(fp, f"{variant}_{fp.params['collapse']['level']}",
                                         "collapsed", pooled, pooled_matrix, pooled_extra,
                                         strata))
    return Evaluation(views=tuple(views))
