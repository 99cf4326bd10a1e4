"""Korean generating models: a faithful joint, and the card's independence assumption.

faithful: employed civilians are drawn occupation-first from the LLFS sub-major totals, then
  age band | sub-major and education group | sub-major (LLFS 2024H1), then sex | occupation
  leaf, education and age (ko_KR_sex: EAPS 2024's sex x education and sex x age interactions
  and MOEL 2025's segregation below the major group), and field of study | major group (LLFS
  2024H1 field table, by Bayes). Active-duty
  rows follow the institution: enlisted are men aged 19-24, cadre by the 2023 strength, women
  7.4% of cadre. Everyone else fills the population (DT_1BPA001 2025) so that the sex x age and
  education marginals hold. Every Korean footprint should pass on it.
card_independence: the same people, but each employed person's occupation is drawn from an
  equal mixture of P(occupation | sex), P(occupation | education) and P(occupation | field):
  each factor acts on its own and no interaction is modelled, as the card describes. Active
  duty is assigned "from occupation alone": a random share of the employed, whatever their sex
  and age. Marginals stay right; the joints flatten.
main-effects: the same people, each employed civilian's occupation re-drawn from a log-linear
  model with main effects of sex, age band, education group and field only, fitted to the
  faithful release's own two-way tables (main_effects_table): the card's generator taken at
  its word. The two-way footprints at the tables' own taxonomy pass; the three-way ones see
  it, and so do the views finer than the tables it was fitted to (GOMS's field x KECO group,
  sex at MOEL's leaves).

Parameters that no footprint checks (district within province, housing, family type, the
job-seeker share, occupation strings within a sub-major) follow the real release's own counts
(references/ko_KR/values). Shapes the references do not give (ages within a band, enlisted and
cadre age profiles, the 사별/이혼 split) are stated where they are set.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from iaf.metrics import normalise
from iaf.simulators.ko_KR_inputs import (
    AGE5_BOUNDS,
    AGES,
    CADRE_FEMALE,
    EDU3,
    EDU7,
    ENLISTED_AGES,
    GRADUATE,
    MARITAL,
    NCO_AGES,
    OFFICER_AGES,
    SEXES,
    STUDENT_LEVELS,
    WIDOWED_SHARE,
    Inputs,
    inputs,
)
from iaf.simulators.ko_KR_sex import sex_model

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


def _ages_in_bands(rng, band: np.ndarray, pop: np.ndarray) -> np.ndarray:
    """A single age inside each row's LLFS age band, in proportion to the population (both
    sexes: sex is drawn after age, by the sex model)."""
    age = np.zeros(len(band), dtype=np.int64)
    pooled = pop.sum(axis=0)
    for b, (low, high) in enumerate(AGE5_BOUNDS):
        rows = np.flatnonzero(band == b)
        ages = np.arange(low, high + 1)
        age[rows] = rng.choice(ages, size=rows.size, p=normalise(pooled[ages - 19]))
    return age


def _edu_within(rng, groups: np.ndarray, edu7: np.ndarray) -> np.ndarray:
    """Split the LLFS education groups into the release's 7 levels by the census shares."""
    probs = np.zeros((len(EDU3), len(EDU7)))
    for g, levels in enumerate(EDU3.values()):
        probs[g, list(levels)] = edu7[list(levels)]
    return _draw_rows(rng, groups, probs / probs.sum(axis=1, keepdims=True))


def _edu_from(rng, levels: tuple[int, ...], edu7: np.ndarray, size: int) -> np.ndarray:
    return rng.choice(np.array(levels), size=size, p=normalise(edu7[list(levels)]))


YOUNG_GRADUATES = (23, 34)  # the ages GOMS's cohort spans (the footprint's frame)


def _fields(rng, inp: Inputs, edu: np.ndarray, major: np.ndarray | None = None,
            occupation: np.ndarray | None = None, age: np.ndarray | None = None) -> np.ndarray:
    """bachelors_field for graduates: by major group where given (Bayes on the field table),
    for young graduates times GOMS's pattern within the major group (Inputs.field_lift); else
    by the field shares; everyone else is 해당없음."""
    field = np.full(len(edu), "해당없음", dtype=object)
    graduates = np.isin(edu, GRADUATE)
    labels = np.array(inp.fields, dtype=object)
    if major is None or occupation is None:
        field[graduates] = labels[rng.choice(len(labels), graduates.sum(), p=inp.field_weight)]
        return field
    given = (inp.field_weight[:, None] * inp.major_given_field).T  # major x field
    rows = np.flatnonzero(graduates)
    young = np.zeros(len(edu), bool) if age is None else \
        (age >= YOUNG_GRADUATES[0]) & (age <= YOUNG_GRADUATES[1])
    keys = np.array([f"{int(y)} {m} {o}" for y, m, o in
                     zip(young[rows], major[rows], occupation[rows])], dtype=object)
    for key in np.unique(keys):
        at = rows[keys == key]
        y, m, value = key.split(" ", 2)
        p = inp.field_lift[value] if y == "1" and value in inp.field_lift else given[int(m)]
        field[at] = labels[rng.choice(len(labels), size=at.size, p=p / p.sum())]
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
            age = rng.choice(list(ENLISTED_AGES), size=n, p=normalise(list(ENLISTED_AGES.values())))
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
    """Sub-major (LLFS), then education group, age band (both | sub-major, LLFS) and the
    occupation string, then sex | the string's MOEL leaf, education group and age
    (ko_KR_sex: EAPS's sex x education and sex x age interactions and MOEL's segregation below
    the major group, all held at once)."""
    sub = rng.choice(len(inp.subs), size=n, p=inp.sub_weight)
    major = np.array([int(s[0]) - 1 for s in inp.subs])[sub]
    edu3 = _draw_rows(rng, sub, inp.sub_edu)
    age = _ages_in_bands(rng, _draw_rows(rng, sub, inp.sub_age), inp.pop)
    strings = _strings(rng, inp, sub)
    sex = sex_model().draw(rng, strings, edu3, age)
    edu = _edu_within(rng, edu3, inp.edu7)
    occupation = _young_graduates(rng, inp, strings, major, sex, age, edu)
    return People(sex, age, edu, _fields(rng, inp, edu, major, occupation, age), occupation,
                  np.ones(n, bool), np.zeros(n, bool))


COLLEGE = (4, 5)  # 2-3-year college and 4-year university: GOMS's graduates
YOUNG = (22, 34)


def _young_graduates(rng, inp: Inputs, occupation: np.ndarray, major: np.ndarray,
                     sex: np.ndarray, age: np.ndarray, edu: np.ndarray) -> np.ndarray:
    """Young college and university graduates' strings redrawn within their major group so
    that sex and string associate as in GOMS 2019 (Inputs.sex_lift) while the young graduates'
    own mix of strings and of sexes in the group stays what it was (a 2 x strings table fitted
    to both margins from GOMS's pattern): the sex model's adult-wide pattern gives way to the
    young graduates' without moving them between sub-majors. Everyone else keeps theirs."""
    young = np.isin(edu, COLLEGE) & (age >= YOUNG[0]) & (age <= YOUNG[1])
    out = occupation.copy()
    for m in np.unique(major[young]):
        labels, _, lift = inp.sex_lift[str(m + 1)]
        at = young & (major == m)
        index = {v: i for i, v in enumerate(labels)}
        mix = np.bincount([index[v] for v in occupation[at]], minlength=len(labels)) + 1e-9
        women = float(sex[at].mean())
        if women in (0.0, 1.0):  # one sex only: keeping the mix keeps every string
            continue
        joint = mix[None, :] * lift
        for _ in range(50):
            joint *= (np.array([1 - women, women]) * mix.sum() / joint.sum(axis=1))[:, None]
            joint *= mix / joint.sum(axis=0)
        for s in (0, 1):
            rows = np.flatnonzero(at & (sex == s))
            if rows.size:
                out[rows] = labels[rng.choice(len(labels), size=rows.size,
                                              p=joint[s] / joint[s].sum())]
    return out


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
    edu[adults] = rng.choice(len(EDU7), size=adults.sum(), p=normalise(np.clip(wanted, 0, None)))
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
            p = normalise(weights[s] * inp.sub_edu[subs, e])
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
        at = np.flatnonzero(factor == k)
        sub[at] = _draw_rows(rng, value[at], tables[name])
    people.occupation[civilian] = _strings(rng, inp, sub)
    people.military[:] = False
    people.military[military] = True
    people.occupation[military] = rng.permutation(ranks)  # class and branch mix kept, not age
    return people


# --- the main-effects model --------------------------------------------------------------------

def _levels(people: People, rows: np.ndarray, inp: Inputs) -> np.ndarray:
    """Per row: its sex, age band, education group and field (graduates) or none, as codes."""
    band = np.searchsorted([high for _, high in AGE5_BOUNDS], people.age[rows])
    field_index = {f: i for i, f in enumerate(inp.fields)}
    field = np.array([field_index.get(f, len(inp.fields)) for f in people.field[rows]])
    return np.stack([people.sex[rows], band, _edu3(people.edu[rows]), field], axis=1)


def main_effects_table(levels: np.ndarray, sub: np.ndarray, subs: int, iterations: int = 60
                       ) -> tuple[np.ndarray, np.ndarray]:
    """P(sub-major | cell) of the log-linear model with main effects of each factor only,
    fitted (iterative proportional fitting) to reproduce every two-way table of sub-major and
    factor in the data; returns the cells (unique level rows) and the cell x sub table."""
    cells, cell_of = np.unique(levels, axis=0, return_inverse=True)
    cell_of = cell_of.ravel()
    n = np.bincount(cell_of, minlength=len(cells)).astype(float)
    p = np.full((len(cells), subs), 1.0 / subs)
    for _ in range(iterations):
        for factor in range(levels.shape[1]):
            level = cells[:, factor]
            target = np.zeros((level.max() + 1, subs))
            np.add.at(target, (levels[:, factor], sub), 1.0)
            model = np.zeros_like(target)
            np.add.at(model, level, n[:, None] * p)
            ratio = np.divide(target, model, out=np.zeros_like(target), where=model > 0)
            p = p * ratio[level]
            p = p / np.where(p.sum(axis=1, keepdims=True) > 0, p.sum(axis=1, keepdims=True), 1)
    return cells, p


def main_effects_people(rows: int, rng: np.random.Generator) -> People:
    """The faithful people, their civilian occupations re-drawn from a model with main effects
    of sex, age, education and field only, fitted to the faithful release's own two-way tables:
    the generator the card describes, which the two-way footprints at those tables' own
    taxonomy pass."""
    people = faithful_people(rows, rng)
    inp = inputs()
    civilian = np.flatnonzero(people.employed & ~people.military)
    code = {v: i for i, s in enumerate(inp.subs) for v in inp.strings[s][0]}
    sub = np.array([code[o] for o in people.occupation[civilian]])
    levels = _levels(people, civilian, inp)
    cells, table = main_effects_table(levels, sub, len(inp.subs))
    cell_of = {tuple(c): i for i, c in enumerate(cells)}
    drawn = _draw_rows(rng, np.array([cell_of[tuple(x)] for x in levels]), table)
    people.occupation[civilian] = _strings(rng, inp, drawn)
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
                                 ("card-independence", card_independence_people),
                                 ("main-effects", main_effects_people))}
