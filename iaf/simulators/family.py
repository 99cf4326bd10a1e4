"""Generating models for the rest of the family: en_US, en_SG, pt_BR, fr_FR, ja_JP, en_IN.

Only what a footprint checks is drawn from references; every other column takes its known
values at random (or a placeholder where none are known), and says so here rather than pretend.

faithful (US): state and sex of the employed from ACS 2018, occupation group | state, sex from
  ACS, and the detailed occupation | group, sex from CPS 2022 table 11 (employment x share of
  each sex), so both the state joint and the female shares by occupation hold.
card-independence (US): the same, but the occupation group | sex is national: occupation is
  independent of location given sex, as the card says (the references here give no state x
  education or age tables, so nothing of what those would imply is kept either).
faithful (SG, BR, FR): occupation group | sex from the locale's reference. The SG and IN cards
  make occupation independent of education, which no reference here can check; their
  card-independence model is therefore the faithful one (said in its docstring).
ja_JP, en_IN and the Hindi splits have no evaluable footprint: their models only fill every
  column with known values, so the schema and the inconclusive path are exercised.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from iaf.catalogue import NOT_EMPLOYED
from iaf.simulators import shipped
from iaf.metrics import normalise

EMPLOYED_SHARE = 0.6  # illustrative: no footprint checks the employment rate


@dataclass(frozen=True)
class Occupations:
    """P(group | stratum) and the release strings of each group (probabilities within)."""

    strata: tuple[tuple, ...]  # e.g. (sex,) or (state, sex)
    stratum_weight: np.ndarray
    groups: tuple[str, ...]
    group_given: np.ndarray  # strata x groups
    strings: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]  # (group, sex) -> strings, p



def _strings_by_group(locale: str, crosswalk_id: str) -> dict[str, list[str]]:
    mapping = shipped(locale).crosswalk(crosswalk_id).primary
    groups: dict[str, list[str]] = {}
    for value, group in mapping.items():
        if group not in ("", NOT_EMPLOYED):
            groups.setdefault(group, []).append(value)
    return groups


def _not_working(locale: str, crosswalk_id: str) -> list[str]:
    return sorted(v for v, g in shipped(locale).crosswalk(crosswalk_id).primary.items()
                  if g == NOT_EMPLOYED)


@lru_cache(maxsize=None)
def _by_sex(locale: str, table: str, group: str, crosswalk_id: str) -> Occupations:
    data = shipped(locale).table(table).data
    counts = data.pivot_table(index="sex", columns=group, values="value", aggfunc="sum",
                              fill_value=0.0)
    by_group = _strings_by_group(locale, crosswalk_id)
    counts = counts[[g for g in counts.columns if g in by_group]]
    strings = {(g, s): (np.array(by_group[g], dtype=object), normalise([1] * len(by_group[g])))
               for g in counts.columns for s in counts.index}
    return Occupations(tuple((s,) for s in counts.index), normalise(counts.sum(axis=1)),
                       tuple(counts.columns), counts.to_numpy() / counts.sum(axis=1).to_numpy()
                       [:, None], strings)


@lru_cache(maxsize=None)
def _united_states(independent_of_state: bool) -> Occupations:
    acs = shipped("en_US").table("acs_2018_state_sex_group").data
    counts = acs.pivot_table(index=["state", "sex"], columns="group", values="value",
                             aggfunc="sum", fill_value=0.0)
    given = counts.to_numpy().copy()
    if independent_of_state:  # each state takes its sex's national mix
        sexes = counts.index.get_level_values(1)
        for sex in set(sexes):
            rows = np.asarray(sexes == sex)
            given[rows] = given[rows].sum(axis=0)
    given = given / given.sum(axis=1, keepdims=True)
    cps = shipped("en_US").table("cps_2022_pct_women_detailed").data
    cps = cps.assign(size=pd.to_numeric(cps.total_employed),
                     women=pd.to_numeric(cps.value.replace("", np.nan)))
    titles = shipped("en_US").crosswalk("occupation_cps_title").mapping("strict")
    strings: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
    for group, rows in cps.groupby("group"):
        share = rows.women.fillna(rows.women.mean()).fillna(50) / 100  # suppressed: group mean
        for sex, p in (("Female", share), ("Male", 1 - share)):
            release = [(v, t) for v, t in titles.items() if t in set(rows.occupation)]
            weight = dict(zip(rows.occupation, rows["size"] * p))
            strings[(group, sex)] = (np.array([v for v, _ in release], dtype=object),
                                     normalise([weight[t] + 1e-9 for _, t in release]))
    return Occupations(tuple(counts.index), normalise(counts.sum(axis=1)), tuple(counts.columns),
                       given, strings)


def _pick(rng, labels: np.ndarray, probs: np.ndarray | None, size: int) -> np.ndarray:
    return labels[rng.choice(len(labels), size=size, p=probs)]


def _employed(rng, occ: Occupations, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Strata and occupation strings of ``n`` employed persons."""
    stratum = rng.choice(len(occ.strata), size=n, p=occ.stratum_weight)
    occupation = np.empty(n, dtype=object)
    for s in np.unique(stratum):
        rows = np.flatnonzero(stratum == s)
        groups = rng.choice(len(occ.groups), size=rows.size, p=occ.group_given[s])
        sex = occ.strata[s][-1]
        for g in np.unique(groups):
            at = rows[groups == g]
            labels, probs = occ.strings[(occ.groups[g], sex)]
            occupation[at] = _pick(rng, labels, probs, at.size)
    return stratum, occupation


def _fill(rng, locale: str, n: int, given: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Every demographic column: the given ones, else known values, else a placeholder."""
    out = {}
    for name, spec in shipped(locale).schema.columns.items():
        if spec.kind != "demographic":
            continue
        if name in given:
            out[name] = given[name]
        elif spec.dtype == "integer":
            out[name] = rng.integers(18, 91, size=n)
        else:
            values = spec.values or spec.known or (f"{name} (iaf placeholder)",)
            out[name] = _pick(rng, np.array(values, dtype=object), None, n)
    return out


def _occupation_model(locale: str, occ: Occupations, crosswalk_id: str, area: str | None):
    idle = _not_working(locale, crosswalk_id)

    def model(rows: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
        employed = round(rows * EMPLOYED_SHARE) if idle else rows  # no idle category: all work
        stratum, occupation = _employed(rng, occ, employed)
        sex = np.array([occ.strata[s][-1] for s in stratum], dtype=object)
        sexes = np.array(shipped(locale).schema.column("sex").values, dtype=object)
        given = {
            "sex": np.concatenate([sex, _pick(rng, sexes, None, rows - employed)]),
            "occupation": np.concatenate([occupation, _pick(rng, np.array(idle, dtype=object),
                                                            None, rows - employed)]),
        }
        if area:
            states = np.array([occ.strata[s][0] for s in stratum], dtype=object)
            all_states = np.array(sorted({s[0] for s in occ.strata}), dtype=object)
            given[area] = np.concatenate([states, _pick(rng, all_states, None, rows - employed)])
        columns = _fill(rng, locale, rows, given)
        order = rng.permutation(rows)
        return {k: v[order] for k, v in columns.items()}
    return model


def _listed_model(locale: str):
    """No evaluable footprint: every column from its known values (occupation from the full
    list of the release's strings where known, else en_IN's for the Hindi splits)."""
    def model(rows: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
        given = {}
        if not shipped(locale).schema.column("occupation").values:
            titles = shipped("en_IN").schema.column("occupation").values
            given["occupation"] = _pick(rng, np.array(titles, dtype=object), None, rows)
        if shipped(locale).schema.column("sex").values is None:
            given["sex"] = _pick(rng, np.array(["Male", "Female"], dtype=object), None, rows)
        return _fill(rng, locale, rows, given)
    return model


SIMPLE = {  # locale: (reference table, its group column, crosswalk)
    "en_SG": ("occ_isco08_sex_ilostat_2024", "isco08_major", "occupation_isco08"),
    "pt_BR": ("occ_isco08_sex_ilostat_2024", "isco08_major", "occupation_isco08"),
    "fr_FR": ("occ_pcs_sex_insee_2022", "pcs_group", "occupation_pcs"),
}
LISTED = ("ja_JP", "en_IN", "hi_Deva_IN", "hi_Latn_IN")


def models(locale: str) -> dict:
    """The models of one locale (only its references are loaded)."""
    if locale == "en_US":
        return {name: _occupation_model("en_US", _united_states(card), "occupation_cps_group",
                                        "state")
                for name, card in (("faithful", False), ("card-independence", True))}
    if locale in SIMPLE:
        table, group, crosswalk = SIMPLE[locale]
        model = _occupation_model(locale, _by_sex(locale, table, group, crosswalk), crosswalk,
                                  None)
        if locale == "en_SG":
            # the SG card's assumption (occupation independent of education) is not checkable
            # here, so its card-independence model draws occupation exactly as the faithful one
            return {"faithful": model, "card-independence": model}
        return {"faithful": model}
    if locale in LISTED:
        return {"listed": _listed_model(locale)}
    return {}
