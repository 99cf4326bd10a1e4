"""Korean generating models: a faithful joint, and the card's independence assumption.

faithful: employed civilians are drawn occupation-first from the LLFS sub-major totals, then
  sex | major group (EAPS 2025), age band | sub-major and education group | sub-major (LLFS
  2024H1), and field of study | major group (LLFS 2024H1 field table, by Bayes). Active-duty
  rows follow the institution: enlisted are men aged 19-24, cadre by the 2023 strength, women
  7.4% of cadre. Everyone else fills the population (DT_1BPA001 2025) so that the sex x age and
  education marginals hold. Every Korean footprint should pass on it.
card_independence: the same people, but each employed person's occupation is drawn from an
  equal mixture of P(occupation | sex), P(occupation | education) and P(occupation | field):
  each factor acts on its own and no interaction is modelled, as the card describes. Active
  duty is assigned "from occupation alone": a random share of the employed, whatever their sex
  and age. Marginals stay right; the joints flatten.

Parameters that no footprint checks (district within province, housing, family type, the
job-seeker share, occupation strings within a sub-major) follow the real release's own counts
(references/ko_KR/values). Shapes the references do not give (ages within a band, enlisted and
cadre age profiles, the 사별/이혼 split) are stated where they are set.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from iaf.crosswalks import NOT_EMPLOYED, load_crosswalk
from iaf.frames import band_bounds
from iaf.references import load_reference
from iaf.schema import load_schema

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
    strings: dict[str, tuple[np.ndarray, np.ndarray]]  # sub-major -> occupation strings, probs
    seekers: dict[str, tuple[np.ndarray, np.ndarray]]  # former sub-major -> strings, probs
    seeker_share: float
    enlisted_ratio: float
    cadre: dict[str, float]  # class -> strength per enlisted
    branches: dict[str, tuple[np.ndarray, np.ndarray]]  # class -> branch labels, probs
    other: dict[str, tuple[np.ndarray, np.ndarray]]  # province/housing/family: labels, probs
    districts: dict[str, tuple[np.ndarray, np.ndarray]]


def _probs(values) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    return arr / arr.sum()


def _population() -> np.ndarray:
    data = load_reference(LOCALE, "pop_sex_age_2025").data
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
    data = load_reference(LOCALE, "occ_submajor_age_edu_llfs_2024h1").data
    wide = data.pivot_table(index="ksco", columns="measure", values="value", aggfunc="sum")
    return list(wide.index), {m: wide[m].to_numpy(float) for m in wide.columns}


def _release_values(column: str) -> tuple[np.ndarray, np.ndarray]:
    spec = load_schema(LOCALE).column(column)
    return np.array(spec.values, dtype=object), _probs(spec.counts)


def _by_sub(items: list[tuple[str, str, float]]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    grouped: dict[str, list[tuple[str, float]]] = {}
    for sub, value, n in items:
        grouped.setdefault(sub, []).append((value, n))
    return {sub: (np.array([v for v, _ in pairs], dtype=object), _probs([n for _, n in pairs]))
            for sub, pairs in grouped.items()}


def _occupation_strings() -> tuple[dict, dict, float]:
    """Release strings per KSCO sub-major, for the employed and for job-seekers (by their
    former occupation), weighted by the release's own counts; and the job-seekers' share of
    the people without employment."""
    spec = load_schema(LOCALE).column("occupation")
    crosswalk = load_crosswalk(LOCALE, "occupation_ksco7")
    strict, broad = crosswalk.mapping("strict"), crosswalk.mapping("broad")
    employed, seekers, idle = [], [], 0.0
    for value, n in zip(spec.values, spec.counts):
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
    data = load_reference(LOCALE, "field_occupation_llfs_2024h1").data
    employed = data[data.measure == "employed"].set_index("field")
    fields = list(employed.index)
    weight = _probs(employed["value"])
    published = np.full((len(fields), 9), np.nan)
    for cell in data[data.measure == "share_pct"].itertuples():
        published[fields.index(cell.field), int(cell.ksco_major) - 1] = cell.value / 100
    free = np.isnan(published)
    table = np.where(free, 0.0, published)
    remainder = 1 - table.sum(axis=1)
    target = _probs(graduates_by_major) - (weight[:, None] * table).sum(axis=0)
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
    eaps = load_reference(LOCALE, "occ_major_sex_eaps_2025").data
    by_sex = eaps.pivot_table(index="ksco_major", columns="sex", values="value", aggfunc="sum")
    female = (by_sex["여자"] / by_sex.sum(axis=1)).to_dict()
    graduates = llfs["edu_college_or_more"][majors]
    fields, field_weight, major_given_field = _field_table(graduates)
    marital = load_reference(LOCALE, "marital_by_age_2024").data
    by_band = marital.pivot_table(index="age_band", columns="marital_status", values="value")
    marital_by_age = np.stack([_probs(by_band.loc[_band_of(a, by_band.index), list(MARITAL)])
                               for a in AGES])
    edu = load_reference(LOCALE, "education_census2020_25plus").data.set_index("education_level")
    strength = load_reference(LOCALE, "military_strength_2019_2023").data
    y2023 = strength[strength.year == "2023"]
    totals = y2023[y2023.branch == "all"].set_index("class")["value"]
    branches = {CLASSES[c]: (np.array([BRANCHES[b] for b in g.branch], dtype=object),
                             _probs(g.value))
                for c, g in y2023[y2023.branch != "all"].groupby("class")}
    enlisted = load_reference(LOCALE, "military_enlisted_share_men_20_24").data["value"]
    adults = pop.sum()
    employed = by_sex.to_numpy().sum() * 1000
    other = {c: _release_values(c) for c in ("housing_type", "family_type")}
    provinces = load_reference(LOCALE, "province_registration_2024").data
    other["province"] = (provinces.province.to_numpy(dtype=object), _probs(provinces.value))
    return Inputs(
        pop=pop, employment_rate=employed / adults, marital=marital_by_age,
        edu7=_probs(edu.loc[list(EDU7), "value"]),
        subs=tuple(subs_all[i] for i in keep), sub_weight=_probs(llfs["total"][keep]),
        sub_age=sub_age[keep] / sub_age[keep].sum(axis=1, keepdims=True),
        sub_edu=sub_edu[keep] / sub_edu[keep].sum(axis=1, keepdims=True),
        female=female, fields=fields, field_weight=field_weight,
        major_given_field=major_given_field, strings=strings, seekers=seekers,
        seeker_share=seeker_share,
        enlisted_ratio=float((enlisted.min() + enlisted.max()) / 2),  # middle of 2019-2023
        cadre={CLASSES[c]: float(totals[c] / totals["병"]) for c in ("장교", "부사관")},
        branches=branches, other=other, districts=_districts(),
    )


def _band_of(age: int, bands) -> str:
    age = max(age, 20)  # 19-year-olds take the 20-24 pattern
    return next(b for b in bands if band_bounds(b)[0] <= age <= band_bounds(b)[1])


def _districts() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    spec = load_schema(LOCALE).column("district")
    values, counts = spec.values, spec.counts
    by_province: dict[str, list] = {}
    for value, n in zip(values, counts):
        by_province.setdefault(value.split("-", 1)[0], []).append((value, n))
    return {p: (np.array([v for v, _ in items], dtype=object), _probs([n for _, n in items]))
            for p, items in by_province.items()}


# --- drawing helpers ---------------------------------------------------------------------------

def _draw_rows(rng: np.random.Generator, groups: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """For each row, an index drawn from ``probs[group of the row]``."""
    out = np.zeros(len(groups), dtype=np.int64)
    for g in np.unique(groups):
        rows = np.flatnonzero(groups == g)
        out[rows] = rng.choice(probs.shape[1], size=rows.size, p=probs[g])
    return out


def _pick(rng: np.random.Generator, choices: tuple[np.ndarray, np.ndarray], size: int
          ) -> np.ndarray:
    labels, probs = choices
    return labels[rng.choice(len(labels), size=size, p=probs)]


@dataclass
class People:
    sex: np.ndarray  # 0 남자, 1 여자
    age: np.ndarray
    edu: np.ndarray  # index into EDU7
    field: np.ndarray  # bachelors_field label
    occupation: np.ndarray  # release occupation string
    employed: np.ndarray  # bool: civilian or military employment
    military: np.ndarray  # bool

    @staticmethod
    def concat(parts: list[People]) -> People:
        return People(*(np.concatenate([getattr(p, f) for p in parts])
                        for f in People.__dataclass_fields__))


def _ages_in_bands(rng, sex: np.ndarray, band: np.ndarray, pop: np.ndarray) -> np.ndarray:
    """A single age inside each row's LLFS age band, in proportion to the population."""
    age = np.zeros(len(sex), dtype=np.int64)
    for s in (0, 1):
        for b, (low, high) in enumerate(AGE5_BOUNDS):
            rows = np.flatnonzero((sex == s) & (band == b))
            ages = np.arange(low, high + 1)
            age[rows] = rng.choice(ages, size=rows.size, p=_probs(pop[s, ages - 19]))
    return age


def _edu_within(rng, groups: np.ndarray, edu7: np.ndarray) -> np.ndarray:
    """Split the LLFS education groups into the release's 7 levels by the census shares."""
    probs = np.zeros((len(EDU3), len(EDU7)))
    for g, levels in enumerate(EDU3.values()):
        probs[g, list(levels)] = edu7[list(levels)]
    return _draw_rows(rng, groups, probs / probs.sum(axis=1, keepdims=True))


def _edu_from(rng, levels: tuple[int, ...], edu7: np.ndarray, size: int) -> np.ndarray:
    return rng.choice(np.array(levels), size=size, p=_probs(edu7[list(levels)]))


def _fields(rng, inp: Inputs, edu: np.ndarray, major: np.ndarray | None = None) -> np.ndarray:
    """bachelors_field for graduates: by major group where given (Bayes on the field table),
    else by the field shares; everyone else is 해당없음."""
    field = np.full(len(edu), "해당없음", dtype=object)
    graduates = np.isin(edu, GRADUATE)
    labels = np.array(inp.fields, dtype=object)
    if major is None:
        field[graduates] = labels[rng.choice(len(labels), graduates.sum(), p=inp.field_weight)]
        return field
    given = inp.field_weight[:, None] * inp.major_given_field  # field x major
    given = (given / given.sum(axis=0, keepdims=True)).T  # major x field
    rows = np.flatnonzero(graduates)
    field[rows] = labels[_draw_rows(rng, major[rows], given)]
    return field


def _strings(rng, inp: Inputs, subs: np.ndarray) -> np.ndarray:
    out = np.empty(len(subs), dtype=object)
    for s in np.unique(subs):
        rows = np.flatnonzero(subs == s)
        out[rows] = _pick(rng, inp.strings[inp.subs[s]], rows.size)
    return out


# --- the faithful model ------------------------------------------------------------------------

def _military(rng, inp: Inputs, men_20_24: float) -> People:
    enlisted = round(inp.enlisted_ratio * men_20_24)
    sizes = {"병사": enlisted, **{c: round(enlisted * r) for c, r in inp.cadre.items()}}
    parts = []
    for cls, n in sizes.items():
        if cls == "병사":
            sex = np.zeros(n, dtype=np.int64)
            age = rng.choice(list(ENLISTED_AGES), size=n, p=_probs(list(ENLISTED_AGES.values())))
            edu = _edu_from(rng, STUDENT_LEVELS, inp.edu7, n)
        else:
            low, high = OFFICER_AGES if cls == "장교" else NCO_AGES
            sex = (rng.random(n) < CADRE_FEMALE).astype(np.int64)
            age = rng.integers(low, high + 1, size=n)
            edu = _edu_from(rng, (3, 4, 5, 6), inp.edu7, n)
        occupation = _pick(rng, inp.branches[cls], n) + f" {cls}"
        parts.append(People(sex, age, edu, _fields(rng, inp, edu), occupation.astype(object),
                            np.ones(n, bool), np.ones(n, bool)))
    return People.concat(parts)


def _employed(rng, inp: Inputs, n: int) -> People:
    sub = rng.choice(len(inp.subs), size=n, p=inp.sub_weight)
    major = np.array([int(s[0]) - 1 for s in inp.subs])[sub]
    female = np.array([inp.female[str(m + 1)] for m in range(9)])[major]
    sex = (rng.random(n) < female).astype(np.int64)
    age = _ages_in_bands(rng, sex, _draw_rows(rng, sub, inp.sub_age), inp.pop)
    edu = _edu_within(rng, _draw_rows(rng, sub, inp.sub_edu), inp.edu7)
    return People(sex, age, edu, _fields(rng, inp, edu, major), _strings(rng, inp, sub),
                  np.ones(n, bool), np.zeros(n, bool))


def _rest(rng, inp: Inputs, n: int, total: int, taken: People) -> People:
    """Everyone not employed, drawn so that sex x age and 25+ education reach their targets."""
    target = total * inp.pop / inp.pop.sum()
    seen = np.zeros_like(target)
    np.add.at(seen, (taken.sex, taken.age - 19), 1)
    residual = np.clip(target - seen, 0, None).ravel()
    cell = rng.choice(residual.size, size=n, p=residual / residual.sum())
    sex, age = cell // len(AGES), AGES[cell % len(AGES)]
    edu = np.zeros(n, dtype=np.int64)
    adults = age >= 25
    wanted = inp.edu7 * target[:, 6:].sum() - np.bincount(taken.edu[taken.age >= 25],
                                                          minlength=len(EDU7))
    edu[adults] = rng.choice(len(EDU7), size=adults.sum(), p=_probs(np.clip(wanted, 0, None)))
    edu[~adults] = _edu_from(rng, STUDENT_LEVELS, inp.edu7, (~adults).sum())
    seeking = np.flatnonzero(rng.random(n) < inp.seeker_share)
    occupation = np.full(n, "무직", dtype=object)
    occupation[seeking] = _former(rng, inp, sex[seeking], edu[seeking])
    return People(sex, age, edu, _fields(rng, inp, edu), occupation, np.zeros(n, bool),
                  np.zeros(n, bool))


def _former(rng, inp: Inputs, sex: np.ndarray, edu: np.ndarray) -> np.ndarray:
    """Job-seekers' former occupations: P(sub | sex, education) of the faithful joint, in
    which sex and education are independent given the occupation."""
    subs = [i for i, s in enumerate(inp.subs) if s in inp.seekers]
    female = np.array([inp.female[inp.subs[i][0]] for i in subs])
    edu3 = _edu3(edu)
    weights = np.stack([inp.sub_weight[subs] * (1 - female), inp.sub_weight[subs] * female])
    out = np.empty(len(sex), dtype=object)
    for s in (0, 1):
        for e in range(len(EDU3)):
            rows = np.flatnonzero((sex == s) & (edu3 == e))
            p = _probs(weights[s] * inp.sub_edu[subs, e])
            chosen = np.array(subs)[rng.choice(len(subs), size=rows.size, p=p)]
            for g in np.unique(chosen):
                at = rows[chosen == g]
                out[at] = _pick(rng, inp.seekers[inp.subs[g]], at.size)
    return out


def _edu3(edu: np.ndarray) -> np.ndarray:
    lookup = np.array([next(g for g, levels in enumerate(EDU3.values()) if e in levels)
                       for e in range(len(EDU7))])
    return lookup[edu]


def faithful_people(rows: int, rng: np.random.Generator) -> People:
    inp = inputs()
    men_20_24 = rows * inp.pop[0, 1:6].sum() / inp.pop.sum()
    military = _military(rng, inp, men_20_24)
    employed = _employed(rng, inp, round(rows * inp.employment_rate))
    taken = People.concat([military, employed])
    rest = _rest(rng, inp, rows - len(taken.sex), rows, taken)
    return People.concat([taken, rest])


# --- the card-independence model ---------------------------------------------------------------

def _factor_tables(inp: Inputs) -> dict[str, np.ndarray]:
    """P(sub-major | factor value) for each single factor, with no interactions."""
    major = np.array([int(s[0]) - 1 for s in inp.subs])
    within = inp.sub_weight / np.bincount(major, weights=inp.sub_weight)[major]  # P(sub|major)
    female = np.array([inp.female[str(m + 1)] for m in range(9)])
    by_major = np.bincount(major, weights=inp.sub_weight)
    major_given_sex = np.stack([by_major * (1 - female), by_major * female])
    major_given_sex /= major_given_sex.sum(axis=1, keepdims=True)
    sub_given_edu = (inp.sub_weight[:, None] * inp.sub_edu).T
    return {
        "sex": major_given_sex[:, major] * within,
        "edu": sub_given_edu / sub_given_edu.sum(axis=1, keepdims=True),
        "field": inp.major_given_field[:, major] * within,
    }


def card_independence_people(rows: int, rng: np.random.Generator) -> People:
    people = faithful_people(rows, rng)
    inp = inputs()
    employed = np.flatnonzero(people.employed)
    ranks = people.occupation[people.military].copy()
    military = rng.choice(employed, size=ranks.size, replace=False)
    civilian = np.setdiff1d(employed, military)
    tables = _factor_tables(inp)
    edu3 = _edu3(people.edu[civilian])
    field_index = {f: i for i, f in enumerate(inp.fields)}
    field = np.array([field_index.get(f, -1) for f in people.field[civilian]])
    graduate = field >= 0
    factor = rng.integers(0, np.where(graduate, 3, 2))  # 0 sex, 1 education, 2 field
    sub = np.zeros(len(civilian), dtype=np.int64)
    for k, (name, value) in enumerate((("sex", people.sex[civilian]), ("edu", edu3),
                                       ("field", field))):
        rows = np.flatnonzero(factor == k)
        sub[rows] = _draw_rows(rng, value[rows], tables[name])
    people.occupation[civilian] = _strings(rng, inp, sub)
    people.military[:] = False
    people.military[military] = True
    people.occupation[military] = rng.permutation(ranks)  # class and branch mix kept, not age
    return people


# --- columns -----------------------------------------------------------------------------------

def columns(people: People, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """The demographic columns of the release, rows shuffled."""
    inp = inputs()
    n = len(people.sex)
    marital_index = _draw_rows(rng, people.age - 19, inp.marital)
    marital = np.array(MARITAL, dtype=object)[marital_index]
    split = (marital == "사별·이혼")
    marital[split] = np.where(rng.random(split.sum()) < WIDOWED_SHARE, "사별", "이혼")
    province = _pick(rng, inp.other["province"], n)
    district = np.empty(n, dtype=object)
    for p in np.unique(province):
        rows = np.flatnonzero(province == p)
        district[rows] = _pick(rng, inp.districts[p], rows.size)
    out = {
        "sex": np.array(SEXES, dtype=object)[people.sex],
        "age": people.age.astype(np.int64),
        "marital_status": marital,
        "military_status": np.where(people.military, "현역", "비현역").astype(object),
        "family_type": _pick(rng, inp.other["family_type"], n),
        "housing_type": _pick(rng, inp.other["housing_type"], n),
        "education_level": np.array(EDU7, dtype=object)[people.edu],
        "bachelors_field": people.field,
        "occupation": people.occupation,
        "district": district,
        "province": province,
        "country": np.full(n, "대한민국", dtype=object),
    }
    order = rng.permutation(n)
    return {k: v[order] for k, v in out.items()}


def models() -> dict:
    """Model name -> function(rows, rng) -> the release's demographic columns."""
    return {name: (lambda rows, rng, people=people: columns(people(rows, rng), rng))
            for name, people in (("faithful", faithful_people),
                                 ("card-independence", card_independence_people))}
