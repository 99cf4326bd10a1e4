"""Frame alignment: put the synthetic rows on the reference's population frame and categories.

Three moves, all on contingency tables and all mass-conserving (what leaves is counted):
an age floor or age bands, a crosswalk (with its variant and a code level), and reference
tables pivoted to the same categories.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from iaf.catalogue import NOT_EMPLOYED, UNMAPPED, Crosswalk
from iaf.catalogue.crosswalks import band_bounds
from iaf.tables import ContingencyTable

UNMAPPED_GROUP = "<unmapped>"
EXCLUDED_GROUP = "<excluded>"


def age_groups(ages: Sequence[int], bands: Sequence[str], min_age: int | None = None
               ) -> dict[int, str | None]:
    """Map single ages to band labels; ages below ``min_age`` or in no band map to None."""
    bounds = [(band, *band_bounds(band)) for band in bands]
    out: dict[int, str | None] = {}
    for age in ages:
        inside = [b for b, low, high in bounds if low <= age <= high]
        out[age] = inside[0] if inside and (min_age is None or age >= min_age) else None
    return out


def restrict_age(table: ContingencyTable, min_age: int | None, max_age: int | None = None,
                 attributes: Sequence[str] = ()) -> ContingencyTable:
    """Keep rows aged ``min_age`` to ``max_age`` (either open); the age dimension is summed out
    unless it is one of the footprint's ``attributes`` (age as a given, an outcome or a
    factor keeps its ages)."""
    if "age" not in table.dims:
        return table
    ages = [a for a in table.categories[table.dims.index("age")]
            if (min_age is None or a >= min_age) and (max_age is None or a <= max_age)]
    if "age" in attributes:
        framed, _ = table.regroup("age", {a: a for a in ages}, order=ages)
        return framed
    framed, _ = table.regroup("age", dict.fromkeys(ages, "in"), order=["in"])
    return framed.marginal([d for d in table.dims if d != "age"])


@dataclass(frozen=True)
class Mapped:
    """A table after a crosswalk, with the mass the crosswalk could not place."""

    table: ContingencyTable
    mapped: int  # rows with a target, including those outside the reference frame
    unmapped: int

    @property
    def mapped_share(self) -> float:
        total = self.mapped + self.unmapped
        return self.mapped / total if total else 0.0


def apply_crosswalk(table: ContingencyTable, crosswalk: Crosswalk, variant: str,
                    level: int | None = None, exclude: Sequence[str] = ()) -> Mapped:
    """Map ``table``'s crosswalk column to reference groups.

    Rows whose target is NOT_EMPLOYED leave the frame; rows with no target (or a value the
    crosswalk does not list, in an open schema) are unmapped; groups in ``exclude`` (after
    truncating codes to ``level`` characters) are mapped but outside the frame."""
    targets = crosswalk.mapping(variant)
    column = crosswalk.column

    def group(value: str) -> str | None:
        target = targets.get(value, UNMAPPED)
        if target == NOT_EMPLOYED:
            return None
        if target == UNMAPPED:
            return UNMAPPED_GROUP
        code = target[:level] if level else target
        return EXCLUDED_GROUP if code in exclude else code

    axis = table.dims.index(column)
    regrouped, _ = table.regroup(column, {v: group(v) for v in table.categories[axis]})
    by_group = dict(zip(regrouped.categories[axis],
                        regrouped.marginal([column]).counts.tolist()))
    unmapped, excluded = by_group.get(UNMAPPED_GROUP, 0), by_group.get(EXCLUDED_GROUP, 0)
    keep = {g: g for g in regrouped.categories[axis] if g not in (UNMAPPED_GROUP, EXCLUDED_GROUP)}
    final, _ = regrouped.regroup(column, keep)
    return Mapped(final, mapped=final.total + excluded, unmapped=unmapped)


def apply_mapping(table: ContingencyTable, column: str, mapping: Mapping[Any, str | None]
                  ) -> ContingencyTable:
    regrouped, _ = table.regroup(column, mapping)
    return regrouped


def reference_matrix(rows: pd.DataFrame, given: str, outcome: str,
                     given_order: Sequence[str] | None = None) -> pd.DataFrame:
    """Pivot reference rows to a given x outcome matrix of summed values."""
    matrix = rows.pivot_table(index=given, columns=outcome, values="value", aggfunc="sum",
                              fill_value=0.0)
    if given_order is not None:
        matrix = matrix.reindex(given_order, fill_value=0.0)
    return matrix.sort_index(axis=1)


def as_text(categories: Sequence[Any]) -> list[str]:
    """A release column's categories as a reference names them: its CSV is read as text, so an
    integer column's values (region coded 1-6) are matched by their text, as the CSV writes
    them."""
    return [str(c) for c in categories]


def aligned(table: ContingencyTable, given: str, outcome: str, matrix: pd.DataFrame
            ) -> tuple[np.ndarray, int]:
    """The synthetic given x outcome counts on the reference matrix's categories.

    Returns the counts and the synthetic rows whose categories the reference lacks."""
    counts = table.marginal([given, outcome])
    frame = pd.DataFrame(counts.counts, index=as_text(counts.categories[0]),
                         columns=as_text(counts.categories[1]))
    inside = frame.reindex(index=matrix.index, columns=matrix.columns, fill_value=0)
    return inside.to_numpy(dtype=float), int(frame.to_numpy().sum() - inside.to_numpy().sum())
