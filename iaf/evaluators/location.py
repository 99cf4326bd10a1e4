"""Occupation by location: P(occupation group | area, sex) against an official area table.

The outcome is the column the footprint's crosswalk maps (occupation in the family); ``area``
and ``sex`` name any two release columns, so the same test reads any sentence "O independent
of X given Y" (iaf.catalogue.recipe).

For a card that treats occupation as independent of location given sex (and education and
age), the question is how much of the real variation of occupations between areas the release
keeps. Independence here means within sex: rho compares the release with what it would score
had each area taken its sex's national occupation mix, and ``area_variation_reproduced`` is the
share of the areas' real deviations from their sex's national mix that the release reproduces.
A release that generated occupation independently of location keeps only the part that area
differences in education, age and sex imply.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from iaf.catalogue import LoadedFootprint
from iaf.catalogue.params import LocationParams
from iaf.evaluators.common import no_rows, per_variant
from iaf.evaluators.conditional import collapse, dependence_view
from iaf.frames import Mapped, as_text
from iaf.results import Evaluation, Role, View
from iaf.tables import Tables


def reference_matrix(loaded: LoadedFootprint[LocationParams]) -> pd.DataFrame:
    spec = loaded.params.reference
    return loaded.reference().data.pivot_table(
        index=[spec.area, spec.sex], columns=spec.group, values="value", aggfunc="sum",
        fill_value=0.0).sort_index()


def evaluate(loaded: LoadedFootprint[LocationParams], tables: Tables) -> Evaluation:
    params = loaded.params
    matrix = reference_matrix(loaded)
    strata = np.array(pd.factorize(matrix.index.get_level_values(1))[0])
    table = tables.get(loaded.footprint.scan_columns())

    def views(variant: str, role: Role, mapped: Mapped) -> Iterator[View]:
        counts = mapped.table.marginal([params.area, params.sex, params.crosswalk.column])
        text = [as_text(axis) for axis in counts.categories]
        frame = pd.DataFrame(counts.counts.reshape(-1, counts.counts.shape[2]),
                             index=pd.MultiIndex.from_product(text[:2]), columns=text[2])
        synthetic = frame.reindex(index=matrix.index, columns=matrix.columns,
                                  fill_value=0).to_numpy(dtype=float)
        if not synthetic.sum():
            yield no_rows(variant, role, mapped)
            return
        extra = {"mapped_share": mapped.mapped_share}
        yield dependence_view(loaded, variant, role, synthetic, matrix, extra, strata, True)
        if role == Role.PRIMARY and params.collapse:
            pooled, pooled_matrix = collapse(loaded, params.collapse, synthetic, matrix)
            yield dependence_view(loaded, f"{variant}_{params.collapse.level}",
                                  Role.COLLAPSED, pooled, pooled_matrix, extra, strata,
                                  True)

    return Evaluation(views=per_variant(loaded, table, views))
