"""The faithful Korean model's sex of the employed: P(woman | occupation leaf, education, age).

A logit-additive model (iterative proportional fitting on the model's own employed) that holds
three official tables at once:

- EAPS 2024 KSCO major x sex x education (ILOSTAT): the sex x education interaction;
- EAPS 2024 KSCO major x sex x age in ILO's bands 15-24, 25-54, 55-64, 65+ (ILOSTAT): the sex
  x age interaction (women's share of managers and professionals falls with age, of farmers
  and elementary workers rises);
- MOEL 2025 leaf x sex (DT_118N_PAYM41): segregation below the major group (nurses 92% women,
  engineers 9-14%, both KSCO 2), its within-major pattern only. MOEL counts wage workers, and
  the self-employed move major groups' shares (sales: MOEL 39% women, EAPS 53%; farming 13%
  and 37%), so each major group's leaves are shifted on the logit scale to the group's EAPS
  share before they are fitted.

Ages enter in AGE8 cells, the intersections of the LLFS bands the model draws ages in and
ILO's bands; a leaf MOEL does not publish keeps its major group's pattern.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from iaf.catalogue import NOT_EMPLOYED
from iaf.simulators import shipped
from iaf.simulators.ko_KR_inputs import AGE5_BOUNDS, AGES, EDU3, LOCALE, Inputs, inputs

AGE8_BOUNDS = ((19, 24), (25, 29), (30, 39), (40, 49), (50, 54), (55, 59), (60, 64), (65, 99))
IN_ILO = np.array([0, 1, 1, 1, 1, 2, 2, 3])  # AGE8 cell -> ILO band
ILO_BANDS = ("15-24", "25-54", "55-64", "65+")
ITERATIONS = 200


@dataclass(frozen=True)
class SexModel:
    leaf_of: dict[str, int]  # occupation string -> leaf index
    female: np.ndarray  # leaf x EDU3 x AGE8 -> P(woman)

    def draw(self, rng: np.random.Generator, strings: np.ndarray, edu3: np.ndarray,
             age: np.ndarray) -> np.ndarray:
        """Sex per employed row (0 남자, 1 여자) from its string, education group and age."""
        values, inverse = np.unique(strings, return_inverse=True)
        leaf = np.array([self.leaf_of[v] for v in values])[inverse]
        p = self.female[leaf, edu3, age8(age)]
        return (rng.random(len(strings)) < p).astype(np.int64)


def age8(age: np.ndarray) -> np.ndarray:
    return np.searchsorted([high for _, high in AGE8_BOUNDS], np.asarray(age))


def _age8_given_band(pop: np.ndarray) -> np.ndarray:
    """P(AGE8 cell | LLFS age band) from the pooled population of single ages."""
    pooled = pop.sum(axis=0)
    out = np.zeros((len(AGE5_BOUNDS), len(AGE8_BOUNDS)))
    for b, (low, high) in enumerate(AGE5_BOUNDS):
        for k, (lo8, hi8) in enumerate(AGE8_BOUNDS):
            ages = (AGES >= max(low, lo8)) & (AGES <= min(high, hi8))
            out[b, k] = pooled[ages].sum()
    return out / out.sum(axis=1, keepdims=True)


def _leaves(inp: Inputs) -> tuple[list[str], dict[str, int]]:
    """Every employed civilian string's MOEL leaf (occupation_moel_leaf), indexed."""
    mapping = shipped(LOCALE).crosswalk("occupation_moel_leaf").mapping("broad")
    strings = [v for labels, _ in inp.strings.values() for v in labels]
    leaves = sorted({mapping[v] for v in strings if mapping.get(v, NOT_EMPLOYED) != NOT_EMPLOYED})
    index = {leaf: i for i, leaf in enumerate(leaves)}
    return leaves, {v: index[mapping[v]] for v in strings if mapping.get(v) in index}


def _cells(inp: Inputs, leaves: list[str], leaf_of: dict[str, int]) -> np.ndarray:
    """The model's employed civilians by leaf x EDU3 x AGE8 (expected shares): sub-major,
    then string, education group and age band independently given the sub-major."""
    by_band = _age8_given_band(inp.pop)
    cells = np.zeros((len(leaves), len(EDU3), len(AGE8_BOUNDS)))
    for s, sub in enumerate(inp.subs):
        labels, probs = inp.strings[sub]
        leaf = np.bincount([leaf_of[v] for v in labels], weights=probs, minlength=len(leaves))
        age = inp.sub_age[s] @ by_band
        cells += inp.sub_weight[s] * leaf[:, None, None] * np.outer(inp.sub_edu[s], age)[None]
    return cells


def _shares(table_id: str, index: str, column: str, labels) -> np.ndarray:
    """Female share per (KSCO major, ``column`` value) of a three-way EAPS table."""
    data = shipped(LOCALE).table(table_id).data
    cube = data.pivot_table(index=[index, column], columns="sex", values="value",
                            aggfunc="sum").fillna(0.0)
    share = (cube["여자"] / cube.sum(axis=1)).fillna(0.5)
    return np.array([[share.get((str(m), c), 0.5) for c in labels] for m in range(1, 10)])


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def _shifted(shares: np.ndarray, weights: np.ndarray, target: float) -> np.ndarray:
    """``shares`` moved by one shift on the logit scale until their weighted mean is
    ``target``: the pattern kept, its level set."""
    low, high = -10.0, 10.0
    for _ in range(60):
        mid = (low + high) / 2
        moved = 1 / (1 + np.exp(-(_logit(shares) + mid)))
        low, high = (mid, high) if np.average(moved, weights=weights) < target else (low, mid)
    return 1 / (1 + np.exp(-(_logit(shares) + (low + high) / 2)))


def _by_major(shares: np.ndarray, weights: np.ndarray, major: np.ndarray, target: np.ndarray
              ) -> np.ndarray:
    """Each major group's ``shares`` (NaN: none) shifted to its ``target`` share."""
    out = np.full(len(shares), np.nan)
    for m in np.unique(major):
        at = (major == m) & np.isfinite(shares) & (weights > 0)
        if at.any():
            out[at] = _shifted(shares[at], weights[at], target[m])
    return out


def _levelled(shares: np.ndarray, weights: np.ndarray, target: np.ndarray) -> np.ndarray:
    """A major x category table of shares, each major group's row shifted to its target."""
    return np.stack([_shifted(shares[m], weights[m], target[m]) if weights[m].sum() > 0
                     else shares[m] for m in range(len(shares))])


def _moel(leaves: list[str]) -> np.ndarray:
    """MOEL's female share per leaf (NaN: a leaf MOEL does not publish)."""
    data = shipped(LOCALE).table("occ_minor_sex_moel_2025").data
    counts = data.pivot_table(index="ksco_leaf", columns="sex", values="value", aggfunc="sum")
    moel = (counts["여자"] / counts.sum(axis=1)).to_dict()
    return np.array([moel.get(leaf, np.nan) for leaf in leaves])


def _eaps_2025() -> np.ndarray:
    """Female share per KSCO major group, EAPS 2025 (occupation_x_sex's reference)."""
    data = shipped(LOCALE).table("occ_major_sex_eaps_2025").data
    counts = data.pivot_table(index="ksco_major", columns="sex", values="value", aggfunc="sum")
    return np.array([counts.loc[str(m), "여자"] / counts.loc[str(m)].sum() for m in range(1, 10)])


def _scale(female: np.ndarray, male: np.ndarray, groups: np.ndarray, target: np.ndarray
           ) -> None:
    """One IPF step: each group's female share to its target (NaN: left alone), in place."""
    f = np.bincount(groups, female, minlength=len(target))
    m = np.bincount(groups, male, minlength=len(target))
    ok = np.isfinite(target) & (f > 0) & (m > 0)
    n = f + m
    female *= np.where(ok, target * n / np.where(f > 0, f, 1), 1.0)[groups]
    male *= np.where(ok, (1 - target) * n / np.where(m > 0, m, 1), 1.0)[groups]


@lru_cache(maxsize=1)
def sex_model() -> SexModel:
    inp = inputs()
    leaves, leaf_of = _leaves(inp)
    cells = _cells(inp, leaves, leaf_of)
    major = np.array([int(leaf[0]) - 1 for leaf in leaves])
    target = _eaps_2025()  # every pattern's level: the major groups' shares occupation_x_sex checks
    edu_weight = np.stack([np.bincount(major, cells[:, e].sum(axis=1), minlength=9)
                           for e in range(len(EDU3))], axis=1)
    ilo = np.stack([cells.sum(axis=1)[:, IN_ILO == a].sum(axis=1)
                    for a in range(len(ILO_BANDS))], axis=1)
    age_weight = np.stack([np.bincount(major, ilo[:, a], minlength=9)
                           for a in range(len(ILO_BANDS))], axis=1)
    by_edu = _levelled(_shares("occ_major_sex_edu_eaps_2024", "ksco_major", "education", EDU3),
                       edu_weight, target)
    by_age = _levelled(_shares("occ_major_sex_age_eaps_2024", "ksco_major", "age_band",
                               ILO_BANDS), age_weight, target)
    by_leaf = _by_major(_moel(leaves), cells.sum(axis=(1, 2)), major, target)
    shape = cells.shape
    leaf_i, edu_i, age_i = (np.broadcast_to(a, shape).ravel() for a in np.ix_(
        range(shape[0]), range(shape[1]), range(shape[2])))
    margins = ((major[leaf_i] * len(EDU3) + edu_i, by_edu.ravel()),
               (major[leaf_i] * len(ILO_BANDS) + IN_ILO[age_i], by_age.ravel()),
               (leaf_i, by_leaf))
    n = cells.ravel()
    female, male = n / 2, n / 2
    for _ in range(ITERATIONS):
        for groups, target in margins:
            _scale(female, male, groups, target)
            total = female + male
            female *= np.divide(n, total, out=np.zeros_like(n), where=total > 0)
            male *= np.divide(n, total, out=np.zeros_like(n), where=total > 0)
    share = np.divide(female, n, out=np.full_like(n, 0.5), where=n > 0)
    return SexModel(leaf_of, share.reshape(shape))
