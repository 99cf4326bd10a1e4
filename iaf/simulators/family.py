"""Generating models for the rest of the family: en_US, en_SG, pt_BR, fr_FR, ja_JP, en_IN.

Only what a footprint checks is drawn from references; every other column takes its known
values at random (or a placeholder where none are known), and says so here rather than pretend.

faithful (US): state and sex of the employed from ACS 2018, occupation group | state, sex from
  ACS, and the detailed occupation | group, sex from CPS 2022 table 11 (employment x share of
  each sex), so both the state joint and the female shares by occupation hold.
card-independence (US): the same, but the occupation group | sex is national: occupation is
  independent of location given sex, as the card says (the references here give no state x
  education or age tables, so nothing of what those would imply is kept either).
Both US models draw education_level given the detailed occupation (bachelor's or not, ACS 2021
  via NCSES table 10998; the levels within each group are illustrative), as the card conditions
  occupation on education.
faithful (SG, BR, FR, IN): occupation group | sex from the locale's reference. India's titles
  the NCO-2015 concordance does not place (about a quarter) are drawn too, at their share of the
  titles and independent of sex, so the mapped share is what a title-uniform release gives.
  Where the education crosswalk is known (SG, en_IN, hi_Latn_IN), education_level | sex,
  occupation group from the newest occupation x sex x education table (ILO levels; a group
  the table lacks, and India's unplaced titles, take the level mix of their sex), each level's
  release strings equally likely.
card-independence (SG, en_IN, hi_Latn_IN): the card's sentence, occupation independent of
  education given sex (its district and age are not modelled): education | sex only. Where the
  education values are unknown (hi_Deva_IN) the card-independence model is the faithful one.
sex-independent (SG, BR, FR, IN): the counterfactual of occupation x sex: each sex takes the
  pooled occupation mix (education | sex, group as the faithful model).
faithful (JP): each sex's employed split into the two JSIC divisions LFS 2024 publishes by sex
  and the rest, from the same table; industry strings uniform within each; sex-independent
  pools the sexes' splits, and card-independence is the faithful one (education, the card's
  condition, is not checkable here).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from iaf.catalogue import NOT_EMPLOYED
from iaf.metrics import normalise
from iaf.simulators import shipped

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


def _mapped_to(locale: str, crosswalk_id: str, target: str) -> list[str]:
    """The release strings the crosswalk's primary variant sends to ``target``."""
    return sorted(v for v, g in shipped(locale).crosswalk(crosswalk_id).primary.items()
                  if g == target)


def _uniform(sexes, weights, groups, given: np.ndarray, by_group: dict[str, list[str]]
             ) -> Occupations:
    """P(group | sex) as ``given``; within a group, each of its strings equally likely."""
    strings = {(g, s): (np.array(by_group[g], dtype=object), normalise([1] * len(by_group[g])))
               for g in groups for s in sexes}
    return Occupations(tuple((s,) for s in sexes), normalise(weights), tuple(groups), given,
                       strings)


@lru_cache(maxsize=None)
def _by_sex(locale: str, table: str, group: str, crosswalk_id: str,
            independent: bool = False) -> Occupations:
    data = shipped(locale).table(table).data
    counts = data.pivot_table(index="sex", columns=group, values="value", aggfunc="sum",
                              fill_value=0.0)
    by_group = _strings_by_group(locale, crosswalk_id)
    counts = counts[[g for g in counts.columns if g in by_group]]
    given = counts.to_numpy() / counts.sum(axis=1).to_numpy()[:, None]
    if independent:  # every sex takes the pooled mix
        given[:] = counts.sum(axis=0).to_numpy() / counts.to_numpy().sum()
    groups = list(counts.columns)
    unmapped = _mapped_to(locale, crosswalk_id, "")
    if unmapped:  # drawn at their share of the working titles, the same for every sex
        share = len(unmapped) / (len(unmapped) + sum(len(v) for v in by_group.values()))
        given = np.hstack([given * (1 - share), np.full((len(given), 1), share)])
        groups.append("")
        by_group = {**by_group, "": unmapped}
    return _uniform(counts.index, counts.sum(axis=1), groups, given, by_group)


@lru_cache(maxsize=None)
def _japan(independent: bool) -> Occupations:
    data = shipped("ja_JP").table("industry_sex_lfs_2024").data
    counts = data.pivot_table(index="sex", columns="industry", values="value", aggfunc="sum")
    total = counts.pop("総数")
    counts["other"] = total - counts.sum(axis=1)
    given = counts.to_numpy() / total.to_numpy()[:, None]
    if independent:
        given[:] = counts.sum(axis=0).to_numpy() / total.sum()
    by_group = _strings_by_group("ja_JP", "occupation_jsic")
    strings_of = {g: by_group[g] for g in counts.columns if g != "other"}
    strings_of["other"] = sorted(v for g, vs in by_group.items() if g not in strings_of
                                 for v in vs)
    return _uniform(counts.index, total, counts.columns, given, strings_of)


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


# illustrative split of each NCSES attainment group into the release's levels: no footprint
# checks it (only bachelor's or not is compared)
LEVELS_US = {"bachelors_or_higher": {"bachelors": 0.62, "graduate": 0.38},
             "no_bachelors": {"less_than_9th": 0.03, "9th_12th_no_diploma": 0.06,
                              "high_school": 0.42, "some_college": 0.31, "associates": 0.18}}


@lru_cache(maxsize=None)
def _bachelors_share_us() -> tuple[dict[str, float], float]:
    """P(bachelor's or higher | release occupation) from ACS 2021 (NCSES 10998), and the
    employed's overall share for occupations without an ACS row."""
    data = shipped("en_US").table("acs_2021_occupation_bachelors").data
    counts = data.pivot_table(index="occupation", columns="education", values="value",
                              aggfunc="sum")
    share = (counts["bachelors_or_higher"] / counts.sum(axis=1)).to_dict()
    overall = float(counts["bachelors_or_higher"].sum() / counts.to_numpy().sum())
    titles = shipped("en_US").crosswalk("occupation_acs_title").primary
    return {v: share[t] for v, t in titles.items() if t in share}, overall


def _education_us(rng, occupation: np.ndarray) -> np.ndarray:
    """education_level of employed persons by their occupation's bachelor's share."""
    share, overall = _bachelors_share_us()
    p = np.array([share.get(o, overall) for o in occupation])
    graduate = rng.random(len(occupation)) < p
    out = np.empty(len(occupation), dtype=object)
    for group, mask in (("bachelors_or_higher", graduate), ("no_bachelors", ~graduate)):
        levels = LEVELS_US[group]
        out[mask] = _pick(rng, np.array(list(levels), dtype=object), normalise(list(
            levels.values())), int(mask.sum()))
    return out


THREE_WAY = "occ_isco08_sex_edu_ilostat_2024"
EDUCATION = ("en_SG", "en_IN", "hi_Latn_IN")  # locales whose education strings map to a table


@lru_cache(maxsize=None)
def _levels(locale: str, pooled: bool) -> dict[tuple[str, str], np.ndarray]:
    """P(ILO education level | sex, occupation group) from the three-way table, or | sex only
    (``pooled``, the card's independence; also the fallback key (sex, ""))."""
    data = shipped(locale).table(THREE_WAY).data
    levels = sorted(data.education.unique())
    by = ["sex"] if pooled else ["sex", "isco08_major"]
    counts = data.pivot_table(index=by, columns="education", values="value", aggfunc="sum",
                              fill_value=0.0)[levels]
    out = {(k if isinstance(k, tuple) else (k, "")): normalise(row.to_numpy())
           for k, row in counts.iterrows()}
    fallback = data.pivot_table(index="sex", columns="education", values="value",
                                aggfunc="sum")[levels]
    out.update({(sex, ""): normalise(row.to_numpy()) for sex, row in fallback.iterrows()})
    return out


def _education(rng, locale: str, sex: np.ndarray, occupation: np.ndarray, pooled: bool
               ) -> np.ndarray:
    """education_level strings of employed persons by their sex and occupation group."""
    group_of = shipped(locale).crosswalk("occupation_isco08").primary
    levels = sorted(shipped(locale).table(THREE_WAY).data.education.unique())
    strings = {lv: np.array(_mapped_to(locale, "education_ilo", lv), dtype=object)
               for lv in levels}
    given = _levels(locale, pooled)
    key = np.array([f"{s}|{'' if pooled else group_of.get(o, '')}"
                    for s, o in zip(sex, occupation)], dtype=object)
    out = np.empty(len(sex), dtype=object)
    for k in np.unique(key):
        rows = np.flatnonzero(key == k)
        s, g = k.split("|")
        level = rng.choice(len(levels), size=rows.size, p=given.get((s, g), given[(s, "")]))
        for i in np.unique(level):
            at = rows[level == i]
            out[at] = _pick(rng, strings[levels[i]], None, at.size)
    return out


def _occupation_model(locale: str, occ: Occupations, crosswalk_id: str, area: str | None,
                      education: str = ""):
    """``education``: "joint" draws education_level | sex, group; "by_sex" | sex only."""
    idle = _mapped_to(locale, crosswalk_id, NOT_EMPLOYED)

    def model(rows: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
        employed = round(rows * EMPLOYED_SHARE) if idle else rows  # no idle category: all work
        stratum, occupation = _employed(rng, occ, employed)
        sex = np.array([occ.strata[s][-1] for s in stratum], dtype=object)
        sexes = np.array(sorted({s[-1] for s in occ.strata}), dtype=object)
        given = {
            "sex": np.concatenate([sex, _pick(rng, sexes, None, rows - employed)]),
            "occupation": np.concatenate([occupation, _pick(rng, np.array(idle, dtype=object),
                                                            None, rows - employed)]),
        }
        if locale == "en_US":  # the card conditions occupation on education: keep the joint
            levels = np.array(shipped(locale).schema.column("education_level").known,
                              dtype=object)
            given["education_level"] = np.concatenate([_education_us(rng, occupation),
                                                       _pick(rng, levels, None, rows - employed)])
        if education:
            levels = np.array(shipped(locale).schema.column("education_level").known,
                              dtype=object)
            given["education_level"] = np.concatenate([
                _education(rng, locale, sex, occupation, education == "by_sex"),
                _pick(rng, levels, None, rows - employed)])
        if area:
            states = np.array([occ.strata[s][0] for s in stratum], dtype=object)
            all_states = np.array(sorted({s[0] for s in occ.strata}), dtype=object)
            given[area] = np.concatenate([states, _pick(rng, all_states, None, rows - employed)])
        columns = _fill(rng, locale, rows, given)
        order = rng.permutation(rows)
        return {k: v[order] for k, v in columns.items()}
    return model


ILOSTAT = ("occ_isco08_sex_ilostat_2024", "isco08_major", "occupation_isco08")
SIMPLE = {  # locale: (reference table, its group column, crosswalk)
    "en_SG": ILOSTAT, "pt_BR": ILOSTAT, "en_IN": ILOSTAT, "hi_Deva_IN": ILOSTAT,
    "hi_Latn_IN": ILOSTAT, "fr_FR": ("occ_pcs_sex_insee_2022", "pcs_group", "occupation_pcs"),
}
# where no education crosswalk exists the card's independence (occupation of education) is not
# checkable: card-independence draws as the faithful model does
CARD_IS_FAITHFUL = ("hi_Deva_IN",)


def models(locale: str) -> dict:
    """The models of one locale (only its references are loaded)."""
    if locale == "en_US":
        return {name: _occupation_model("en_US", _united_states(card), "occupation_cps_group",
                                        "state")
                for name, card in (("faithful", False), ("card-independence", True))}
    if locale in SIMPLE:
        table, group, crosswalk = SIMPLE[locale]
        joint = "joint" if locale in EDUCATION else ""
        model, independent = (
            _occupation_model(locale, _by_sex(locale, table, group, crosswalk, flat), crosswalk,
                              None, joint) for flat in (False, True))
        card = {"card-independence": model} if locale in CARD_IS_FAITHFUL else {}
        if joint:
            card = {"card-independence": _occupation_model(
                locale, _by_sex(locale, table, group, crosswalk), crosswalk, None, "by_sex")}
        return {"faithful": model, "sex-independent": independent, **card}
    if locale == "ja_JP":
        model, independent = (_occupation_model("ja_JP", _japan(flat), "occupation_jsic", None)
                              for flat in (False, True))
        return {"faithful": model, "sex-independent": independent, "card-independence": model}
    return {}
