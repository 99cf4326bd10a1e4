"""Planted infidelities of Korean releases, for the error-rate study and its test.

Most plants are importance weights over the rows of a large faithful population: a release of
n rows drawn with them (with replacement) is an independent sample of the planted joint, with
exactly the noise a release of that joint has. The targets are the counterfactuals iaf's power
is computed against (iaf.noise), built from the footprint's own reference as iaf builds them:
the reference's P(outcome | given) flattened a fraction t toward independence (t < 0:
exaggerated), a three-way reference moved toward its no-interaction fit, a reference marginal
shifted by a TVD between halves of its categories, male-dominated groups' shares moved toward
parity. A weight is target / population for the row's cell, so the given attribute keeps the
population's distribution and the rest of the row comes along. Copies and the within-major
shift change a drawn release's rows instead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np
import pandas as pd

from iaf import metrics, noise
from iaf.catalogue import NOT_EMPLOYED, Catalogue
from iaf.evaluators import conditional, flattening, interaction, partial_conditional
from iaf.evaluators.marginal import reference_marginal
from iaf.frames import age_groups

Columns = dict[str, np.ndarray]
Weights = Callable[[Columns], np.ndarray]
ENTRY = Catalogue.shipped().locale("ko_KR")
WOMAN, MAN = "여자", "남자"
ILO_BANDS = ("15-24", "25-54", "55-64", "65+")
AGE5 = ("20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64",
        "65-69", "70-74", "75-79", "80-84", "85+")


@lru_cache(maxsize=None)
def _mapping(crosswalk: str) -> dict[str, str]:
    found = ENTRY.crosswalk(crosswalk)
    return dict(found.mapping(found.variants[0]))


def mapped(columns: Columns, column: str, crosswalk: str) -> np.ndarray:
    """``column`` through a crosswalk's primary variant (NOT_EMPLOYED and unmapped as "")."""
    table = _mapping(crosswalk)
    values, inverse = np.unique(columns[column].astype(str), return_inverse=True)
    out = np.array([table.get(v, "") for v in values], dtype=object)[inverse]
    return np.where(out == NOT_EMPLOYED, "", out)


def major(columns: Columns) -> np.ndarray:
    return np.array([c[:1] for c in mapped(columns, "occupation", "occupation_ksco7")])


def employed(columns: Columns) -> np.ndarray:
    """Employed civilians (the strict frame of the occupation footprints)."""
    return np.isin(major(columns), list("123456789"))


def age_bands(columns: Columns, bands: tuple[str, ...]) -> np.ndarray:
    table = age_groups(np.unique(columns["age"]).tolist(), bands)
    return np.array([table[a] or "" for a in columns["age"]], dtype=object)


def _frames(c: Columns) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per footprint: its frame's rows, and each row's given and outcome in the reference's
    labels."""
    emp = employed(c)
    age = c["age"]
    goms = mapped(c, "education_level", "education_goms") == "graduate"
    field = c["bachelors_field"] != "해당없음"
    keco = mapped(c, "occupation", "occupation_keco2018")
    keco_frame = keco != ""  # KECO's group 군인 takes the military in, as iaf's frame does
    edu3 = mapped(c, "education_level", "education_llfs3")
    sub = np.array([x[:2] for x in mapped(c, "occupation", "occupation_ksco7")])
    return {
        "occupation_x_sex": (emp, major(c), c["sex"]),
        "female_share_male_dominated": (emp, major(c), c["sex"]),
        "occupation_x_sex_goms": (keco_frame & goms & (age >= 22) & (age <= 34), keco,
                                  c["sex"]),
        "occupation_x_education": (emp, edu3, sub),
        "major_x_occupation_goms": (keco_frame & field & (age >= 23) & (age <= 34),
                                    mapped(c, "bachelors_field", "field_goms6"), keco),
        "occupation_x_sex_minor": (emp, mapped(c, "occupation", "occupation_moel_leaf"),
                                   c["sex"]),
        "major_x_occupation": (emp & field, c["bachelors_field"], major(c)),
    }


def _cells(rows: np.ndarray, given: np.ndarray, outcome: np.ndarray,
           target: pd.DataFrame) -> np.ndarray:
    """Weights making P(outcome | given) on ``rows`` the ``target`` (given x outcome shares);
    rows outside the frame, or in a given the target lacks, keep weight 1."""
    frame = pd.crosstab(given[rows], outcome[rows])
    population = frame.div(frame.sum(axis=1), axis=0)
    ratio = (target / population).reindex(index=population.index, columns=population.columns)
    ratio = ratio.where(population > 0).fillna(0.0)
    known = np.isin(given, list(target.index)) & rows
    weights = np.ones(len(given))
    lookup = ratio.stack()
    weights[known] = lookup.reindex(pd.MultiIndex.from_arrays(
        [given[known], outcome[known]])).fillna(0.0).to_numpy()
    return weights


def _population_counts(given: np.ndarray, labels: list[str]) -> np.ndarray:
    """Rows per reference label of the given attribute (what a release's margin weighs)."""
    counts = pd.Series(given).value_counts()
    return counts.reindex(labels).fillna(0.0).to_numpy(float)


def _conditional_target(fid: str, metric: str, value: float, c: Columns) -> pd.DataFrame:
    """iaf's counterfactual of a conditional footprint, its reference flattened toward
    independence (or past itself), by the step at which the population's own margin with the
    moved P(outcome | given) has ``metric`` at ``value``, as iaf's counterfactual is reached.
    Reweighting reaches only the cells the population has, so the move keeps to them (a
    target with mass elsewhere planted occupation_x_education at rho 0.803 for 0.8)."""
    loaded = ENTRY.loaded[fid]
    matrix = conditional._matrix(loaded, loaded.footprint.references[0])
    labels = [str(i) for i in matrix.index]
    reference = matrix.to_numpy(float)
    strata = conditional._strata(matrix.index, loaded.params.within_level)
    independent = metrics.independent_rows(reference, strata) * reference.sum(axis=1,
                                                                               keepdims=True)
    move = noise.flattened(reference, independent)
    rows, given, outcome = _frames(c)[fid]
    seen = pd.crosstab(given[rows], outcome[rows]).reindex(
        index=labels, columns=matrix.columns, fill_value=0).to_numpy() > 0
    margin = _population_counts(given[rows], labels)[:, None]
    score = conditional.scorer(reference, strata, False)

    def reached(s: float) -> np.ndarray:
        return metrics.shares(move(s) * seen)

    t = noise.effect(lambda s: margin * reached(s),
                     lambda table: float(score(table[None])[metric][0]), value)
    return pd.DataFrame(reached(t), index=labels, columns=matrix.columns)


def _interaction_target(fid: str, second: Callable[[Columns], np.ndarray], metric: str,
                        value: float) -> Weights:
    """The three-way reference moved toward its no-interaction fit (or past itself, or past the
    fit) by the step at which, on the population's own sex x ``second`` margin, ``metric`` is
    ``value``."""
    loaded = ENTRY.loaded[fid]
    firsts, seconds, outcomes, cube = interaction.reference_cube(loaded)
    move = noise.flattened(cube, metrics.no_interaction_fit(cube))
    shift = 1.0 if metric == "interaction_exaggerated" else 0.0  # exaggerated = reproduced - 1
    labels = [f"{a}|{b}" for a in firsts for b in seconds]

    def weights(c: Columns) -> np.ndarray:
        cell = np.char.add(c["sex"].astype(str), np.char.add("|", second(c).astype(str)))
        cell = cell.astype(object)
        rows = employed(c)
        margin = _population_counts(cell[rows], labels)[:, None]

        def table(t: float) -> np.ndarray:
            return (margin * metrics.shares(move(t).reshape(-1, len(outcomes)))).reshape(
                cube.shape)
        t = noise.effect(table, lambda x: float(metrics.interaction_reproduced(x, cube)) - shift,
                         value)
        target = pd.DataFrame(metrics.shares(move(t).reshape(-1, len(outcomes))),
                              columns=outcomes, index=labels)
        return _cells(rows, cell, major(c), target)
    return weights


def _marginal_target(fid: str, distance: float) -> Weights:
    loaded = ENTRY.loaded[fid]
    reference = reference_marginal(loaded)
    target = pd.Series(noise.shifted(np.array(list(reference.values())), distance)[0],
                       index=list(reference))

    def weights(c: Columns) -> np.ndarray:
        rows, values = _marginal_values(fid, c)
        population = pd.Series(values[rows]).value_counts(normalize=True)
        ratio = (target / population).fillna(0.0)
        out = np.ones(len(values))
        out[rows] = ratio.reindex(values[rows]).fillna(0.0).to_numpy()
        return out
    return weights


def _marginal_values(fid: str, c: Columns) -> tuple[np.ndarray, np.ndarray]:
    adults = c["age"] >= 20
    return {
        "marginal_sex": (adults, c["sex"]), "marginal_province": (c["age"] > 0, c["province"]),
        "marginal_age": (adults, age_bands(c, AGE5)),
        "marginal_marital_status": (adults, mapped(c, "marital_status", "marital_status_3")),
        "marginal_education_level": (c["age"] >= 25, c["education_level"]),
        "marginal_occupation": (employed(c), major(c)),
    }[fid]


def _parity_target(t: float) -> Weights:
    """Male-dominated groups' reference shares moved a fraction ``t`` toward parity."""
    loaded = ENTRY.loaded["female_share_male_dominated"]
    shares = flattening.reference_shares(loaded).share
    dominated = shares[shares < loaded.params.threshold]
    women = dominated + t * (0.5 - dominated)
    target = pd.DataFrame({MAN: 1 - women, WOMAN: women})
    target.index = [str(i) for i in target.index]

    def weights(c: Columns) -> np.ndarray:
        rows, given, outcome = _frames(c)["female_share_male_dominated"]
        return _cells(rows, given, outcome, target)
    return weights


def effect(fid: str, metric: str, value: float) -> Weights:
    """Weights that plant ``fid``'s declared effect exactly: ``metric`` at ``value`` in
    population terms, reached as iaf's counterfactual reaches it."""
    if fid.startswith("marginal_"):
        return _marginal_target(fid, value)
    if fid == "female_share_male_dominated":  # kappa is linear: 1 - t
        return _parity_target(1.0 - value)
    if fid == "occupation_x_sex_x_education":
        return _interaction_target(fid, lambda c: mapped(c, "education_level",
                                                         "education_llfs3"), metric, value)
    if fid == "occupation_x_sex_x_age":
        return _interaction_target(fid, lambda c: age_bands(c, ILO_BANDS), metric, value)
    if fid == "major_x_occupation":
        return _partial(value)
    def weights(c: Columns) -> np.ndarray:
        return _cells(*_frames(c)[fid], _conditional_target(fid, metric, value, c))
    return weights


def _partial(rho: float) -> Weights:
    """The population's own P(major | field) flattened toward its pooled major groups until
    its rho on the published top-3 cells is ``rho`` (the partial reference publishes too few
    cells to move it instead)."""
    fields, majors, reference, field_weights = partial_conditional.field_reference(
        ENTRY.loaded["major_x_occupation"])

    def weights(c: Columns) -> np.ndarray:
        rows, given, outcome = _frames(c)["major_x_occupation"]
        frame = pd.crosstab(given[rows], outcome[rows]).reindex(index=fields, columns=majors,
                                                               fill_value=0)
        counts = frame.to_numpy(float)
        pooled = (counts.sum(axis=0, keepdims=True) / counts.sum()
                  * counts.sum(axis=1, keepdims=True))
        move = noise.flattened(counts, pooled)
        t = noise.effect(move, lambda table: metrics.PartialDependence.of(
            table, reference, field_weights).rho, rho)
        target = pd.DataFrame(metrics.shares(move(t)), index=fields, columns=majors)
        return _cells(rows, given, outcome, target)
    return weights


def copies(share: float, keep_ids: bool) -> Callable[[Columns, np.random.Generator], Columns]:
    """A ``share`` of rows replaced by exact copies of other rows (their uuids too, or not)."""
    def plant(columns: Columns, rng: np.random.Generator) -> Columns:
        n = len(columns["age"])
        rows = rng.choice(n, size=max(1, round(share * n)), replace=False)
        take = np.arange(n)
        take[rows] = rng.choice(n, size=rows.size)
        out = {name: values[take] for name, values in columns.items()}
        if not keep_ids:
            out["uuid"] = columns["uuid"]
        return out
    return plant


def within_major_shift(columns: Columns, rng: np.random.Generator) -> Columns:
    """KSCO sub-major 24 (health and welfare professionals) made 10% women at ages 35+,
    compensated inside major group 2 at the same ages (ILO's bands cut at 35, 55, 65): major 2's
    share of women, overall and by age band, stays; only what lies below it moves."""
    sex = columns["sex"].copy()
    sub = np.array([x[:2] for x in mapped(columns, "occupation", "occupation_ksco7")])
    age, emp, group = columns["age"], employed(columns), major(columns)
    for low, high in ((35, 54), (55, 64), (65, 99)):
        ages = emp & (age >= low) & (age <= high)
        health, others = ages & (sub == "24"), ages & (sub != "24") & (group == "2")
        women = np.flatnonzero(health & (sex == WOMAN))
        men = np.flatnonzero(others & (sex != WOMAN))
        flip = min(max(0, women.size - round(0.1 * health.sum())), men.size)
        sex[rng.choice(women, flip, replace=False)] = MAN
        sex[rng.choice(men, flip, replace=False)] = WOMAN
    return {**columns, "sex": sex}
