"""Female share in male-dominated occupations: the flattening evaluator.

For occupation groups whose reference female share is below a threshold, kappa compares how
far the release's female shares sit from parity with how far the reference's do (metrics.
flattening). It is computed per crosswalk variant, crude and after direct age standardisation:
the release's shares within each group are re-weighted to the group's reference age structure,
so a verdict cannot be an artefact of the release's age mix.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from iaf import cache, metrics, noise
from iaf.catalogue import LoadedFootprint
from iaf.catalogue.params import (
    CrosswalkSpec,
    FlatteningParams,
    MappingSpec,
    SharesSpec,
    StandardisationSpec,
)
from iaf.evaluators.common import crosswalked, expressible, no_rows, per_variant
from iaf.frames import Mapped, age_groups
from iaf.results import Cell, CountTable, Evaluation, Figure, Role, View
from iaf.tables import ContingencyTable, Tables


def reference_shares(loaded: LoadedFootprint[FlatteningParams], spec: SharesSpec | None = None,
                     table_id: str = "") -> pd.DataFrame:
    """Per group: title, female share and employment weight, from the footprint's reference
    (or table ``table_id`` read by ``spec``). The reference gives either counts by sex (spec
    "sex") or each group's size and percent women (spec "percent_women"). A suppressed
    (blank) share is NaN: never below the threshold, so never male-dominated, while its
    employment still counts in the weights (each group's share of all employment)."""
    spec = spec or loaded.params.reference
    data = loaded.tables[table_id].data if table_id else loaded.reference().data
    if spec.percent_women:
        size = pd.to_numeric(data[spec.size]).to_numpy()
        return pd.DataFrame({"title": "", "share": data["value"].to_numpy() / 100,
                             "weight": size / size.sum()}, index=data[spec.group].to_numpy())
    counts = data.pivot_table(index=spec.group, columns=spec.sex, values="value", aggfunc="sum")
    titles = data.drop_duplicates(spec.group).set_index(spec.group)["title"]
    female = counts[loaded.params.female]
    total = counts.sum(axis=1)
    return pd.DataFrame({"title": titles.reindex(counts.index), "share": female / total,
                         "weight": total / total.sum()})


def age_standard(loaded: LoadedFootprint[FlatteningParams], spec: StandardisationSpec,
                 groups: list[str]) -> tuple[list[str], np.ndarray]:
    data = loaded.tables[spec.reference].data
    rows = data[data.measure.isin(spec.bands) & data.ksco.isin(groups)]
    matrix = rows.pivot_table(index="ksco", columns="measure", values="value", aggfunc="sum")
    matrix = matrix.reindex(index=groups, columns=list(spec.bands)).fillna(0.0)
    return list(spec.bands.values()), matrix.to_numpy(dtype=float)


def _shares(table: ContingencyTable, groups: list[str], female: str
            ) -> tuple[np.ndarray, np.ndarray]:
    """Female rows and all rows per group (last axis of the result's leading dims)."""
    occ = table.dims.index("occupation")
    sex = table.dims.index("sex")
    counts = np.moveaxis(table.counts, [occ, sex], [-2, -1])
    position = {g: i for i, g in enumerate(table.categories[occ])}
    picked = np.stack([counts[..., position[g], :] if g in position
                       else np.zeros(counts.shape[:-2] + counts.shape[-1:], dtype=np.int64)
                       for g in groups], axis=-2)
    sexes = list(table.categories[sex])
    women = picked[..., sexes.index(female)] if female in sexes else np.zeros(picked.shape[:-1])
    return women.astype(float), picked.sum(axis=-1).astype(float)


def group_bounds(loaded: LoadedFootprint[FlatteningParams]) -> tuple[float, float]:
    """The per-group kappa tolerance the suite declares (min_group_kappa, max_group_kappa)."""
    suite = loaded.suite.expectations if loaded.suite else ()
    low = next((e.min for e in suite if e.metric == "min_group_kappa"), None)
    high = next((e.max for e in suite if e.metric == "max_group_kappa"), None)
    return (-np.inf if low is None else low), (np.inf if high is None else high)


MISSING = "missing: no release rows (counted at parity)"
ABSENT_BY_CHANCE = "no release rows, as chance allows at this size (counted at parity)"
WITHIN = "within tolerance and noise"


def missing_beyond_chance(rows: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Groups without rows that a faithful release of this size has: a group's chance of no
    row is about exp(-expected rows), so with ln(groups / 0.001) expected rows or more a
    faithful release misses one such group in under 0.1% of releases (union bound), the
    coverage of the noise bands. Fewer expected rows: absent by chance, still at parity in
    kappa, whose band draws group sizes the same way."""
    return (rows == 0) & (expected >= np.log(len(expected) / 0.001))


def _findings(shares: np.ndarray, r: np.ndarray, rows: np.ndarray, missing: np.ndarray,
              bounds: tuple[float, float]) -> list[str]:
    """Per group, by direction: missing (beyond chance, ``missing``), crossed parity,
    flattened or exaggerated (beyond the per-group tolerance by more than the group's own
    sampling noise), or within tolerance."""
    share_noise = metrics.NOISE_Z * np.sqrt(r * (1 - r) / np.maximum(rows, 1))
    kappas = metrics.group_kappas(shares, r)
    out = []
    for s, ref, n, band, kappa, gone in zip(shares, r, rows, share_noise, kappas, missing):
        kappa_band = band / abs(ref - 0.5)
        if n == 0:
            out.append(MISSING if gone else ABSENT_BY_CHANCE)
        elif np.sign(s - 0.5) != np.sign(ref - 0.5) and abs(s - 0.5) > band:
            out.append("crossed parity")
        elif kappa < bounds[0] - kappa_band:
            out.append("flattened")
        elif kappa > bounds[1] + kappa_band:
            out.append("exaggerated")
        else:
            out.append(WITHIN)
    return out


def _counted(findings: list[str], shares: np.ndarray, r: np.ndarray, rows: np.ndarray
             ) -> dict[str, float]:
    """The view's counts of groups by finding, and of flagged cells."""
    flagged = float(metrics.flagged_groups(shares, r, rows))
    return {"groups_crossing_parity": float(findings.count("crossed parity")),
            "flattened_groups": float(findings.count("flattened")),
            "exaggerated_groups": float(findings.count("exaggerated")),
            "groups_outside_tolerance": float(sum(
                f not in (WITHIN, ABSENT_BY_CHANCE) for f in findings)),
            "flagged_cells": flagged, "cells": float(len(findings)),
            "flagged_share": flagged / len(findings)}


def _cells(groups, titles, synthetic, reference, sizes, findings) -> tuple[Cell, ...]:
    """Per group: its female shares, rows and finding, the largest gaps first."""
    cells = [Cell(f"{g} {t}".strip(), synthetic=float(s), reference=float(r), gap=float(s - r),
                  rows=int(n), note=f)
             for g, t, s, r, n, f in zip(groups, titles, synthetic, reference, sizes, findings)]
    return tuple(sorted(cells, key=lambda c: (-abs(c.gap or 0.0), c.where)))


def _figure(groups, titles, synthetic, reference) -> Figure:
    return Figure.of("female_shares", [f"{g} {t}".strip() for g, t in zip(groups, titles)],
                     ("synthetic", "reference"), np.stack([synthetic, reference], axis=1),
                     lines={"parity": 0.5})


def _score(r: np.ndarray, w: np.ndarray):
    def score(shares: np.ndarray) -> dict[str, np.ndarray]:
        kappas = metrics.group_kappas(shares, r)
        return {"kappa": metrics.flattening(shares, r, w), "min_group_kappa": kappas.min(axis=-1),
                "max_group_kappa": kappas.max(axis=-1)}
    return score


def _dominated(loaded: LoadedFootprint[FlatteningParams], mapping: MappingSpec | None = None
               ) -> pd.DataFrame:
    """The reference's male-dominated groups (female share below the threshold): of the
    footprint's reference, or of ``mapping``'s under its major groups."""
    params = loaded.params
    if mapping is None:
        ref = reference_shares(loaded)
    else:
        ref = reference_shares(loaded, mapping.shares, mapping.reference)
        if mapping.majors:
            ref = ref[[str(g).startswith(mapping.majors) for g in ref.index]]
    return ref[ref.share < params.threshold]


def evaluate(loaded: LoadedFootprint[FlatteningParams], tables: Tables) -> Evaluation:
    params = loaded.params
    all_dominated = _dominated(loaded)
    table = tables.get(loaded.footprint.scan_columns())

    def views(variant: str, role: Role, mapped: Mapped) -> Iterator[View]:
        yield from _views(loaded, all_dominated, None, variant, role, mapped)

    found = per_variant(loaded, table, views)
    if params.mapping and found and not found[0].inconclusive:
        found += _mapped(loaded, table, params.mapping)
    notes = [f"Male-dominated: reference female share below {params.threshold:.0%} "
             f"({params.threshold_basis}); {len(all_dominated)} groups in the reference; "
             "groups no release value maps to are the crosswalk's limit, left out and counted "
             "(unreachable_groups); groups the release could express but lacks count at parity."]
    if params.mapping:
        notes.append(f"Mapping variant {params.mapping.name}: {params.mapping.why}")
    return Evaluation(views=found, notes=tuple(notes))


def _mapped(loaded: LoadedFootprint[FlatteningParams], table: ContingencyTable, mapping: MappingSpec
            ) -> tuple[View, ...]:
    """The primary variant of the frame, mapped by ``mapping`` onto its reference's groups:
    a variant view (crude only; no age structure is published for those groups)."""
    variant = loaded.variants()[0][0]
    mapped = crosswalked(loaded, table, variant, mapping.crosswalk)
    return tuple(_views(loaded, _dominated(loaded, mapping), mapping.crosswalk, mapping.name,
                        Role.VARIANT, mapped, variant))


def _simulated(loaded: LoadedFootprint[FlatteningParams], score: noise.Score, r: np.ndarray,
               w: np.ndarray, frame: int) -> tuple[dict[str, noise.Band], noise.Alternatives]:
    """Noise bands and counterfactuals of the group shares at ``frame`` rows: a faithful
    release's groups take their reference share of the frame at random (w is each group's
    share of all employment), a group without rows sits at parity; the counterfactuals move
    the shares toward parity (or away) until each declared effect."""
    drawn = noise.drawn_sizes(np.append(w, 1 - w.sum()), frame)[:, :-1]
    faithful = noise.draw_shares(r, drawn, empty=0.5)
    bands = noise.bands(score, faithful, {m: 1.0 for m in score(r[None])})
    return bands, noise.at_effects(
        loaded.detect(), noise.flattened(r, np.full_like(r, 0.5)), score,
        lambda s: noise.draw_shares(s, drawn, empty=0.5, seed=noise.COUNTERFACTUAL_SEED))


def _views(loaded: LoadedFootprint[FlatteningParams], all_dominated: pd.DataFrame,
           spec: CrosswalkSpec | None, name: str, role: Role, mapped: Mapped, variant: str = ""
           ) -> Iterator[View]:
    """The crude view of ``mapped`` (and its age-standardised one, for the footprint's own
    crosswalk) against the male-dominated groups some release value reaches."""
    params = loaded.params
    per_group = group_bounds(loaded)
    inside, unreachable = expressible(loaded, variant or name, list(all_dominated.index),
                                      all_dominated.weight.to_numpy(), spec)
    dominated = all_dominated[inside]
    groups, titles = list(dominated.index), list(dominated.title)
    r, w = dominated.share.to_numpy(), dominated.weight.to_numpy()
    score = _score(r, w)
    standardisation = params.standardisation if spec is None else None
    bands, standard = (age_standard(loaded, standardisation, groups) if standardisation
                       else ([], None))
    women, rows = _shares(mapped.table.marginal(["occupation", "sex"]), groups, params.female)
    frame = mapped.table.total
    if not frame:
        yield no_rows(name, role, mapped)
        return
    # a group the release lacks is a gap of its whole distance from parity
    crude = np.where(rows > 0, women / np.maximum(rows, 1), 0.5)
    noise_bands, counterfactual = cache.remembered(lambda: _simulated(loaded, score, r, w, frame))
    missing = missing_beyond_chance(rows, w * frame)
    common = {"mapped_share": mapped.mapped_share, "male_dominated_groups": float(len(groups)),
              "male_dominated_groups_without_rows": float((rows == 0).sum()),
              "male_dominated_groups_missing": float(missing.sum()), **unreachable}
    table_ = CountTable.of(groups, ("women", "men"), np.stack([women, rows - women], 1))

    def judged(name: str, role_: Role, shares: np.ndarray) -> View:
        findings = _findings(shares, r, rows, missing, per_group)
        values = {**{k: float(v) for k, v in score(shares).items()}, **common,
                  **_counted(findings, shares, r, rows)}
        return View(name, role_, values, noise_bands,
                    _cells(groups, titles, shares, r, rows, findings), frame,
                    counterfactual=counterfactual, table=table_,
                    figure=_figure(groups, titles, shares, r))

    yield judged(name, role, crude)
    if standard is None:
        return
    ages = mapped.table.categories[mapped.table.dims.index("age")]
    banded, _ = mapped.table.regroup("age", age_groups(ages, bands), order=bands)
    by_age_w, by_age_n = _shares(banded.marginal(["age", "occupation", "sex"]), groups,
                                 params.female)
    with np.errstate(invalid="ignore"):
        standardised = metrics.standardised_shares(by_age_w.T, by_age_n.T, standard)
    standardised = np.where(rows > 0, np.nan_to_num(standardised, nan=0.5), 0.5)
    yield judged(f"{name}_age_standardised", Role.STANDARDISED, standardised)
