"""What the Korean generating models draw from: reference tables turned into probabilities.

Every figure comes from references/ko_KR (tables and the release's own value counts); the
shapes no reference gives (ages within a band, enlisted and cadre age profiles, the 사별/이혼
split) are named constants here, each with its reason.
"""


from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from iaf.catalogue import NOT_EMPLOYED
from iaf.frames import band_bounds
from iaf.metrics import normalise
from iaf.simulators import shipped

LOCALE = "ko_KR"
SEXES = ("남자", "여자")
AGES = np.arange(19, 100)
EDU7 = ("무학", "초등학교", "중학교", "고등학교", "2~3년제 전문대학", "4년제 대학교", "대학원")
EDU3 = {"edu_middle_or_less": (0, 1, 2), "edu_high_school": (3,), "edu_college_or_more": (4, 5, 6)}
GRADUATE = (5, 6)  # 4-year and graduate degrees carry a bachelors_field
STUDENT_LEVELS = (3, 4, 5)  # education levels used for people under 25 outside employment
AGE5 = ("age_15_29", "age_30_39", "age_40_49", "age_50_59", "age_60_plus")
AGE5_BOUNDS = ((19, 29), (30, 39), (40, 49), (50, 59), (60, 99))
MARITAL = ("미혼", "배우자있음", "사별·이혼")
# No age-specific split of 사별 vs 이혼 was found; the 2020 census 15+ ratio (7.2 : 5.8) is used.
WIDOWED_SHARE = 7.2 / (7.2 + 5.8)
# Illustrative enlisted ages: examination at 19, enlistment at 19-22, 18-21 months of service.
ENLISTED_AGES = {19: 0.10, 20: 0.25, 21: 0.30, 22: 0.20, 23: 0.10, 24: 0.05}
OFFICER_AGES = (22, 56)  # 소위 appointed from 20-22; 대령 retires at 56
NCO_AGES = (20, 55)  # 하사 appointed from 18-20; 원사 retires at 55
CADRE_FEMALE = 0.074  # 2020 white paper: 7.4% of officers and NCOs
BRANCHES = {"army": "육군", "navy": "해군", "air_force": "공군", "marines": "해병대"}
CLASSES = {"장교": "장교", "부사관": "부사관", "병": "병사"}


@dataclass(frozen=True)
class Inputs:
    pop: np.ndarray  # sex x age weights, ages 19..99
    employment_rate: float  # civilian employed per adult
    marital: np.ndarray  # age x 3 marital probabilities
    edu7: np.ndarray  # census 25+ distribution over EDU7
    subs: tuple[str, ...]  # LLFS sub-majors that the release can express
    sub_weight: np.ndarray
    sub_age: np.ndarray  # sub x 5 age bands
    sub_edu: np.ndarray  # sub x 3 education groups
    female: dict[str, float]  # major -> female share
    fields: tuple[str, ...]  # release bachelors_field labels with a reference row
    field_weight: np.ndarray
    major_given_field: np.ndarray  # field x major (majors = "1".."9")
    field_lift: dict[str, np.ndarray]  # occupation string -> P(field | its KECO) (GOMS)
    sex_lift: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]  # major -> strings, p, lift
    strings: dict[str, tuple[np.ndarray, np.ndarray]]  # sub-major -> occupation strings, probs
    seekers: dict[str, tuple[np.ndarray, np.ndarray]]  # former sub-major -> strings, probs
    seeker_share: float
    enlisted_ratio: float
    cadre: dict[str, float]  # class -> strength per enlisted
    branches: dict[str, tuple[np.ndarray, np.ndarray]]  # class -> branch labels, probs
    other: dict[str, tuple[np.ndarray, np.ndarray]]  # province/housing/family: labels, probs
    districts: dict[str, tuple[np.ndarray, np.ndarray]]



def _population() -> np.ndarray:
    data = shipped(LOCALE).table("pop_sex_age_2025").data
    pop = np.zeros((2, len(AGES)))
    for row in data.itertuples():
        low, high = band_bounds(row.age_band)
        span = 5 if high != np.inf else 1
        for age in range(low, min(int(high) if high != np.inf else low, 99) + 1):
            if 19 <= age <= 99:
                pop[SEXES.index(row.sex), age - 19] += row.value / span
    return pop


def _llfs() -> tuple[list[str], dict[str, np.ndarray]]:
    """KSCO codes (majors and sub-majors) and, per LLFS measure, their employed counts."""
    data = shipped(LOCALE).table("occ_submajor_age_edu_llfs_2024h1").data
    wide = data.pivot_table(index="ksco", columns="measure", values="value", aggfunc="sum")
    return list(wide.index), {m: wide[m].to_numpy(float) for m in wide.columns}


def _value_counts(column: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The release's own values of a closed column and their row counts (values/<column>.csv)."""
    spec = shipped(LOCALE).schema.column(column)
    return spec.values or (), spec.counts or ()


def _release_values(column: str) -> tuple[np.ndarray, np.ndarray]:
    values, counts = _value_counts(column)
    return np.array(values, dtype=object), normalise(counts)


def _by_sub(items: list[tuple[str, str, int]]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    grouped: dict[str, list[tuple[str, float]]] = {}
    for sub, value, n in items:
        grouped.setdefault(sub, []).append((value, n))
    return {sub: (np.array([v for v, _ in pairs], dtype=object), normalise([n for _, n in pairs]))
            for sub, pairs in grouped.items()}


def _occupation_strings() -> tuple[dict, dict, float]:
    """Release strings per KSCO sub-major, for the employed and for job-seekers (by their
    former occupation), weighted by the release's own counts; and the job-seekers' share of
    the people without employment."""
    crosswalk = shipped(LOCALE).crosswalk("occupation_ksco7")
    strict, broad = crosswalk.mapping("strict"), crosswalk.mapping("broad")
    employed, seekers, idle = [], [], 0.0
    for value, n in zip(*_value_counts("occupation")):
        code = broad[value]
        if code == NOT_EMPLOYED:
            idle += n
        elif strict[value] == NOT_EMPLOYED:
            seekers.append((code[:2], value, n))
        elif not code.startswith("A"):
            employed.append((code[:2], value, n))
    seeker_rows = sum(n for _, _, n in seekers)
    return _by_sub(employed), _by_sub(seekers), seeker_rows / (seeker_rows + idle)


def _field_table(graduates_by_major: np.ndarray) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """P(major | field) per release field label.

    The reference publishes the top 3 cells of each KOSTAT field. The unpublished cells are
    filled by iterative proportional fitting so that, over all fields, the majors add up to the
    LLFS distribution of employed graduates (the published cells already do, to 0.1 point);
    the KOSTAT fields are then pooled into the release's labels, weighted by their sizes."""
    data = shipped(LOCALE).table("field_occupation_llfs_2024h1").data
    employed = data[data.measure == "employed"].set_index("field")
    fields = list(employed.index)
    weight = normalise(employed["value"])
    published = np.full((len(fields), 9), np.nan)
    for cell in data[data.measure == "share_pct"].itertuples():
        published[fields.index(cell.field), int(cell.ksco_major) - 1] = cell.value / 100
    free = np.isnan(published)
    table = np.where(free, 0.0, published)
    remainder = 1 - table.sum(axis=1)
    target = normalise(graduates_by_major) - (weight[:, None] * table).sum(axis=0)
    fill = free * np.clip(target, 1e-9, None)[None, :]
    for _ in range(200):
        fill *= remainder[:, None] / fill.sum(axis=1, keepdims=True)
        column = (weight[:, None] * fill).sum(axis=0)
        fill *= np.where(column > 0, np.clip(target, 0, None) / np.where(column > 0, column, 1), 0)
    fill *= remainder[:, None] / fill.sum(axis=1, keepdims=True)
    table += fill
    labels = sorted(employed.bachelors_field.unique())
    pooled = np.stack([(weight[:, None] * table)[employed.bachelors_field.to_numpy() == label]
                       .sum(axis=0) for label in labels])
    label_weight = pooled.sum(axis=1)
    return tuple(labels), label_weight / label_weight.sum(), pooled / label_weight[:, None]


@lru_cache(maxsize=1)
def inputs() -> Inputs:
    pop = _population()
    subs_all, llfs = _llfs()
    strings, seekers, seeker_share = _occupation_strings()
    keep = [i for i, s in enumerate(subs_all) if len(s) == 2 and s in strings]
    majors = [i for i, s in enumerate(subs_all) if len(s) == 1]
    sub_age = np.stack([llfs[a] for a in AGE5], axis=1)
    sub_edu = np.stack([llfs[e] for e in EDU3], axis=1)
    eaps = shipped(LOCALE).table("occ_major_sex_eaps_2025").data
    by_sex = eaps.pivot_table(index="ksco_major", columns="sex", values="value", aggfunc="sum")
    female = (by_sex["여자"] / by_sex.sum(axis=1)).to_dict()
    graduates = llfs["edu_college_or_more"][majors]
    fields, field_weight, major_given_field = _field_table(graduates)
    marital = shipped(LOCALE).table("marital_by_age_2024").data
    by_band = marital.pivot_table(index="age_band", columns="marital_status", values="value")
    marital_by_age = np.stack([
        normalise(by_band.loc[_band_of(int(a), by_band.index), list(MARITAL)]) for a in AGES])
    edu = shipped(LOCALE).table("education_census2020_25plus").data.set_index("education_level")
    strength = shipped(LOCALE).table("military_strength_2019_2023").data
    y2023 = strength[strength.year == "2023"]
    totals = y2023[y2023.branch == "all"].set_index("class")["value"]
    branches = {CLASSES[c]: (np.array([BRANCHES[b] for b in g.branch], dtype=object),
                             normalise(g.value))
                for c, g in y2023[y2023.branch != "all"].groupby("class")}
    enlisted = shipped(LOCALE).table("military_enlisted_share_men_20_24").data["value"]
    adults = pop.sum()
    employed = by_sex.to_numpy().sum() * 1000
    other = {c: _release_values(c) for c in ("housing_type", "family_type")}
    provinces = shipped(LOCALE).table("province_registration_2024").data
    other["province"] = (provinces.province.to_numpy(dtype=object), normalise(provinces.value))
    return Inputs(
        pop=pop, employment_rate=employed / adults, marital=marital_by_age,
        edu7=normalise(edu.loc[list(EDU7), "value"]),
        subs=tuple(subs_all[i] for i in keep), sub_weight=normalise(llfs["total"][keep]),
        sub_age=sub_age[keep] / sub_age[keep].sum(axis=1, keepdims=True),
        sub_edu=sub_edu[keep] / sub_edu[keep].sum(axis=1, keepdims=True),
        female=female, fields=fields,
        field_weight=field_weight,
        major_given_field=major_given_field, field_lift=_field_lift(fields, field_weight, strings),
        sex_lift=_sex_lift(tuple(subs_all[i] for i in keep), normalise(llfs["total"][keep]),
                           strings),
        strings=strings, seekers=seekers,
        seeker_share=seeker_share,
        enlisted_ratio=float((enlisted.min() + enlisted.max()) / 2),  # middle of 2019-2023
        cadre={CLASSES[c]: float(totals[c] / totals["병"]) for c in ("장교", "부사관")},
        branches=branches, other=other, districts=_districts(),
    )


def _field_lift(fields: Sequence[str], field_weight: np.ndarray, strings: dict
                ) -> dict[str, np.ndarray]:
    """Per occupation string, P(release field | the string's KECO-2018 group) among young
    graduates: GOMS 2019's P(field group | KECO group), each group shared among its release
    fields by their LLFS weights. GOMS is the only source of the young graduates' field x
    occupation joint; the LLFS field table counts graduates of all ages."""
    goms = shipped(LOCALE).table("goms_field_keco_2017_2019").data
    table = goms[goms.edition == "2019"].pivot_table(index="keco_major", columns="field",
                                                      values="value", aggfunc="sum").fillna(0.0)
    given_keco = table.div(table.sum(axis=1), axis=0)  # P(field group | KECO)
    group = shipped(LOCALE).crosswalk("field_goms6").primary
    keco = shipped(LOCALE).crosswalk("occupation_keco2018").primary
    groups = np.array([group[f] for f in fields])
    within = field_weight / np.array([field_weight[groups == g].sum() for g in groups])
    lift = {}
    for labels, _ in strings.values():
        for v in labels:
            if keco.get(v) in given_keco.index:
                lift[v] = given_keco.loc[keco[v]].reindex(groups).fillna(0.0).to_numpy() \
                    * within + 1e-12
    return lift


def _sex_lift(subs: Sequence[str], weights: np.ndarray, strings: dict
              ) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per KSCO major group: its occupation strings, P(string | major group), and per sex
    (0 남자, 1 여자) GOMS 2019's P(sex | the string's KECO group) over its average in the major
    group. Drawing young graduates' strings by P(string | major) x lift keeps the major group's
    mix and puts women and men where GOMS has them within it (nurses and engineers are both
    KSCO 2)."""
    goms = shipped(LOCALE).table("goms_sex_keco_2017_2019").data
    counts = goms[goms.edition == "2019"].pivot_table(index="keco_major", columns="sex",
                                                       values="value", aggfunc="sum")
    given = counts[["남자", "여자"]].div(counts.sum(axis=1), axis=0)  # P(sex | KECO)
    keco = shipped(LOCALE).crosswalk("occupation_keco2018").primary
    out = {}
    for major in sorted({s[0] for s in subs}):
        labels, probs = [], []
        for sub, w in zip(subs, weights):
            if sub[0] == major:
                values, p = strings[sub]
                labels += list(values)
                probs += list(w * np.asarray(p))
        base = normalise(probs)
        q = np.array([given.loc[keco[v]].to_numpy() if keco.get(v) in given.index
                      else np.array([0.5, 0.5]) for v in labels]).T  # 2 x strings
        lift = q / (q * base).sum(axis=1, keepdims=True)
        out[major] = (np.array(labels, dtype=object), base, lift)
    return out


def _band_of(age: int, bands) -> str:
    age = max(age, 20)  # 19-year-olds take the 20-24 pattern
    return next(b for b in bands if band_bounds(b)[0] <= age <= band_bounds(b)[1])


def _districts() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    values, counts = _value_counts("district")
    by_province: dict[str, list] = {}
    for value, n in zip(values, counts):
        by_province.setdefault(value.split("-", 1)[0], []).append((value, n))
    return {p: (np.array([v for v, _ in items], dtype=object), normalise([n for _, n in items]))
            for p, items in by_province.items()}
