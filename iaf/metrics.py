"""Effect sizes for comparing a synthetic table with a reference, and their noise floors.

Pure functions on arrays: no files, no printing. With N in the millions a chi-square p-value
says nothing, so every check is an effect size against a tolerance, and no tolerance may sit
below what sampling noise alone produces for a faithful release of the audited size (the
``*_floor`` functions simulate exactly that, with an explicit seed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

FLOOR_DRAWS = 2000
FLOOR_QUANTILE = 0.999
NOISE_Z = 3.29  # the standard normal quantile of FLOOR_QUANTILE, for per-cell noise bounds
FLOOR_SEED = 20260420  # the Korean release's publication date; any fixed seed would do


@dataclass(frozen=True)
class Gap:
    category: str
    synthetic: float
    reference: float

    @property
    def gap(self) -> float:
        return self.synthetic - self.reference


@dataclass(frozen=True)
class Comparison:
    """A distance and the per-category shares behind it, largest gap first."""

    distance: float
    gaps: tuple[Gap, ...]


def normalise(weights: Sequence[float] | np.ndarray) -> np.ndarray:
    arr = np.asarray(weights, dtype=float)
    if arr.ndim != 1:
        raise ValueError(f"expected a 1-d array of weights, got shape {arr.shape}")
    if (arr < 0).any() or not np.isfinite(arr).all():
        raise ValueError("weights must be finite and non-negative")
    total = arr.sum()
    if total <= 0:
        raise ValueError("weights sum to zero")
    return arr / total


def tvd(p: Sequence[float] | np.ndarray, q: Sequence[float] | np.ndarray) -> float:
    """Total variation distance between two distributions given as (unnormalised) weights."""
    a, b = normalise(p), normalise(q)
    if a.shape != b.shape:
        raise ValueError(f"shape mismatch: {a.shape} vs {b.shape}")
    return float(0.5 * np.abs(a - b).sum())


def compare(categories: Sequence[str], synthetic: np.ndarray, reference: np.ndarray) -> Comparison:
    """TVD with the per-category shares, sorted by absolute gap (ties by category)."""
    s, r = normalise(synthetic), normalise(reference)
    gaps = [Gap(str(c), float(a), float(b)) for c, a, b in zip(categories, s, r)]
    gaps.sort(key=lambda g: (-abs(g.gap), g.category))
    return Comparison(distance=float(0.5 * np.abs(s - r).sum()), gaps=tuple(gaps))


def _rows(table: np.ndarray) -> np.ndarray:
    table = np.asarray(table, dtype=float)
    totals = table.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(totals > 0, table / np.where(totals > 0, totals, 1), 0.0)


def independent_rows(synthetic: np.ndarray, strata: np.ndarray | None = None) -> np.ndarray:
    """What each row of P_syn(Y|X) would be had Y been independent of X within its stratum:
    the synthetic distribution of Y pooled over the rows of the same stratum (default: one
    stratum, the synthetic marginal of Y)."""
    syn = np.asarray(synthetic, dtype=float)
    strata = np.zeros(len(syn), dtype=int) if strata is None else np.asarray(strata)
    out = np.zeros_like(syn)
    for stratum in np.unique(strata):
        rows = strata == stratum
        pooled = syn[rows].sum(axis=0)
        out[rows] = pooled / pooled.sum() if pooled.sum() > 0 else 0.0
    return out


@dataclass(frozen=True)
class Dependence:
    """Weighted conditional TVD of P(Y|X) and how much of the reference dependence survives."""

    distance: float  # D = sum_x w_x TVD(P_syn(Y|x), P_ref(Y|x))
    independent: float  # D_indep: the same distance had the release Y independent of X
    rho: float  # 1 - D / D_indep: 1 faithful, 0 no more than independence

    @staticmethod
    def of(synthetic: np.ndarray, reference: np.ndarray, weights: np.ndarray | None = None,
           strata: np.ndarray | None = None) -> Dependence:
        """``synthetic`` and ``reference`` are X x Y weights; rows of X with no synthetic mass
        are left out (the caller reports them as unmapped). Weights default to the reference
        marginal of X. With ``strata``, independence means Y independent of X within each
        stratum (e.g. occupation independent of state given sex)."""
        syn = np.asarray(synthetic, dtype=float)
        ref = np.asarray(reference, dtype=float)
        if syn.shape != ref.shape or syn.ndim != 2:
            raise ValueError(f"expected two X x Y tables of one shape, got {syn.shape}, {ref.shape}")
        w = ref.sum(axis=1) if weights is None else np.asarray(weights, dtype=float)
        present = syn.sum(axis=1) > 0
        if not present.any() or w[present].sum() <= 0:
            raise ValueError("no row of X has both synthetic and reference mass")
        w = np.where(present, w, 0.0) / w[present].sum()
        s_rows, r_rows = _rows(syn), _rows(ref)
        per_row = 0.5 * np.abs(s_rows - r_rows).sum(axis=1)
        indep_row = 0.5 * np.abs(independent_rows(syn, strata) - r_rows).sum(axis=1)
        d, d0 = float((w * per_row).sum()), float((w * indep_row).sum())
        rho = 1.0 - d / d0 if d0 > 0 else float("nan")
        return Dependence(distance=d, independent=d0, rho=rho)


@dataclass(frozen=True)
class PartialDependence:
    """Dependence on the cells a reference publishes (NaN elsewhere), e.g. top-3 per row."""

    distance: float  # sum_x w_x sum_{published y} |P_syn(y|x) - P_ref(y|x)|
    independent: float  # the same with P_syn(y|x) replaced by the synthetic marginal P_syn(y)
    rho: float
    coverage: float  # reference mass on the published cells, weighted over x

    @staticmethod
    def of(synthetic: np.ndarray, reference: np.ndarray, weights: np.ndarray
           ) -> PartialDependence:
        syn = np.asarray(synthetic, dtype=float)
        ref = np.asarray(reference, dtype=float)
        published = ~np.isnan(ref)
        present = syn.sum(axis=1) > 0
        w = np.where(present, np.asarray(weights, dtype=float), 0.0)
        if w.sum() <= 0:
            raise ValueError("no row of X has both synthetic and reference mass")
        w = w / w.sum()
        s_rows = _rows(syn)
        marginal = syn.sum(axis=0) / syn.sum()
        r = np.where(published, ref, 0.0)
        d = float((w * np.where(published, np.abs(s_rows - r), 0.0).sum(axis=1)).sum())
        d0 = float((w * np.where(published, np.abs(marginal[None, :] - r), 0.0).sum(axis=1)).sum())
        return PartialDependence(
            distance=d, independent=d0, rho=1.0 - d / d0 if d0 > 0 else float("nan"),
            coverage=float((w * r.sum(axis=1)).sum()),
        )


def partial_dependence_floor(reference: np.ndarray, row_sizes: np.ndarray, weights: np.ndarray,
                             seed: int | None = None) -> tuple[float, float]:
    """(upper floor of D, lower floor of rho) for a faithful release; the unpublished mass of
    each row is spread evenly over its unpublished cells."""
    ref = np.asarray(reference, dtype=float)
    published = ~np.isnan(ref)
    rest = np.clip(1.0 - np.where(published, ref, 0.0).sum(axis=1), 0.0, None)
    spread = rest / np.maximum((~published).sum(axis=1), 1)
    full = np.where(published, ref, spread[:, None])
    full = full / full.sum(axis=1, keepdims=True)
    rng = _rng(seed)
    sizes = np.asarray(row_sizes, dtype=np.int64)
    ds, rhos = [], []
    for _ in range(FLOOR_DRAWS // 4):
        sample = np.stack([rng.multinomial(n, p) for n, p in zip(sizes, full)])
        dep = PartialDependence.of(sample, ref, weights)
        ds.append(dep.distance)
        rhos.append(dep.rho)
    return float(np.quantile(ds, FLOOR_QUANTILE)), float(np.quantile(rhos, 1 - FLOOR_QUANTILE))


FLAG_LOSS = 0.25  # a cell is flagged when the release loses over a quarter of its dependence


def flagged_cells(synthetic: np.ndarray, reference: np.ndarray,
                  strata: np.ndarray | None = None) -> tuple[int, int]:
    """(flagged, total) cells of P(Y|X): a cell is flagged when |s - r| exceeds FLAG_LOSS of the
    cell's own departure from independence (see independent_rows) and its sampling noise (the
    FLOOR_QUANTILE normal bound for the row's size). A binary Y counts one cell per row."""
    syn = np.asarray(synthetic, dtype=float)
    ref = _rows(reference)
    sizes = syn.sum(axis=1, keepdims=True)
    present = sizes[:, 0] > 0
    s_rows = _rows(syn)
    noise = NOISE_Z * np.sqrt(ref * (1 - ref) / np.maximum(sizes, 1))
    gap = np.abs(s_rows - ref)
    departure = np.abs(ref - independent_rows(syn, strata))
    flagged = (gap > FLAG_LOSS * departure) & (gap > noise)
    columns = [ref.shape[1] - 1] if ref.shape[1] == 2 else list(range(ref.shape[1]))
    flagged, present = flagged[:, columns], np.repeat(present[:, None], len(columns), axis=1)
    return int((flagged & present).sum()), int(present.sum())


def flagged_groups(synthetic_share: np.ndarray, reference_share: np.ndarray, sizes: np.ndarray
                   ) -> int:
    """Groups whose share loses more than FLAG_LOSS of its distance from parity, beyond noise."""
    s, r = np.asarray(synthetic_share, float), np.asarray(reference_share, float)
    noise = NOISE_Z * np.sqrt(r * (1 - r) / np.maximum(np.asarray(sizes, float), 1))
    gap = np.abs(s - r)
    return int(((gap > FLAG_LOSS * np.abs(r - 0.5)) & (gap > noise)).sum())


def flattening(synthetic_share: np.ndarray, reference_share: np.ndarray, weights: np.ndarray
               ) -> float:
    """kappa = weighted mean |s_g - 1/2| over weighted mean |r_g - 1/2|.

    Below 1 the release pulls the groups' shares toward parity; 1 is faithful."""
    s, r = np.asarray(synthetic_share, float), np.asarray(reference_share, float)
    w = normalise(weights)
    denominator = float((w * np.abs(r - 0.5)).sum())
    if denominator == 0:
        raise ValueError("every reference share is exactly 1/2: flattening is undefined")
    return float((w * np.abs(s - 0.5)).sum()) / denominator


def standardised_shares(events: np.ndarray, totals: np.ndarray, standard: np.ndarray
                        ) -> np.ndarray:
    """Direct standardisation: per group g, sum_a standard[g,a] * events[g,a] / totals[g,a].

    ``standard`` is the reference age structure of each group; ages where the release has no
    rows of the group are dropped and the standard renormalised over the rest."""
    events, totals = np.asarray(events, float), np.asarray(totals, float)
    std = np.where(totals > 0, np.asarray(standard, float), 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = np.where(totals > 0, events / np.where(totals > 0, totals, 1), 0.0)
        return (std * rates).sum(axis=1) / std.sum(axis=1)


# --- noise floors -----------------------------------------------------------------------------

def _rng(seed: int | None) -> np.random.Generator:
    return np.random.default_rng(FLOOR_SEED if seed is None else seed)


def tvd_floor(reference: np.ndarray, n: int, seed: int | None = None) -> float:
    """The TVD a faithful sample of ``n`` rows exceeds with probability 1 - FLOOR_QUANTILE."""
    p = normalise(reference)
    draws = _rng(seed).multinomial(n, p, size=FLOOR_DRAWS) / n
    return float(np.quantile(0.5 * np.abs(draws - p).sum(axis=1), FLOOR_QUANTILE))


def max_gap_floor(reference: np.ndarray, n: int, seed: int | None = None) -> float:
    """The largest single-category gap a faithful sample of ``n`` rows exceeds by chance."""
    p = normalise(reference)
    draws = _rng(seed).multinomial(n, p, size=FLOOR_DRAWS) / n
    return float(np.quantile(np.abs(draws - p).max(axis=1), FLOOR_QUANTILE))


def variation_reproduced(synthetic: np.ndarray, reference: np.ndarray, strata: np.ndarray,
                         weights: np.ndarray | None = None) -> float:
    """Share of the reference's variation of P(Y|X) around its stratum's pooled distribution
    that the release reproduces: the weighted regression slope of the synthetic deviations on
    the reference ones. 1 faithful; 0 when Y is independent of X within strata."""
    ref = np.asarray(reference, dtype=float)
    syn = np.asarray(synthetic, dtype=float)
    w = ref.sum(axis=1) if weights is None else np.asarray(weights, dtype=float)
    w = w / w.sum()
    r_dev = _rows(ref) - independent_rows(ref, strata)
    s_dev = _rows(syn) - independent_rows(syn, strata)
    denominator = float((w[:, None] * r_dev ** 2).sum())
    if denominator == 0:
        return float("nan")
    return float((w[:, None] * s_dev * r_dev).sum()) / denominator


def dependence_floor(reference: np.ndarray, row_sizes: np.ndarray, seed: int | None = None,
                     strata: np.ndarray | None = None) -> tuple[float, float]:
    """(upper floor of D, lower floor of rho) for a faithful release with these row sizes."""
    ref = _rows(reference)
    rng = _rng(seed)
    sizes = np.asarray(row_sizes, dtype=np.int64)
    ds, rhos = [], []
    for _ in range(FLOOR_DRAWS // 4):  # each draw is a whole table; a quarter is plenty
        sample = np.stack([rng.multinomial(n, p) if n else np.zeros_like(p, dtype=np.int64)
                           for n, p in zip(sizes, ref)])
        dep = Dependence.of(sample, reference, strata=strata)
        ds.append(dep.distance)
        rhos.append(dep.rho)
    return float(np.quantile(ds, FLOOR_QUANTILE)), float(np.quantile(rhos, 1 - FLOOR_QUANTILE))


def variation_floor(reference: np.ndarray, row_sizes: np.ndarray, strata: np.ndarray,
                    seed: int | None = None) -> float:
    """Lower floor of variation_reproduced for a faithful release with these row sizes."""
    ref = _rows(reference)
    rng = _rng(seed)
    sizes = np.asarray(row_sizes, dtype=np.int64)
    values = [variation_reproduced(np.stack([rng.multinomial(n, p) for n, p in zip(sizes, ref)]),
                                   reference, strata) for _ in range(FLOOR_DRAWS // 4)]
    return float(np.quantile(values, 1 - FLOOR_QUANTILE))


def share_floor(p: float, n: int, seed: int | None = None) -> float:
    """Half-width of the band a faithful binomial share of ``n`` rows stays within."""
    if n <= 0:
        return 1.0
    draws = _rng(seed).binomial(n, p, size=FLOOR_DRAWS) / n
    return float(np.quantile(np.abs(draws - p), FLOOR_QUANTILE))


def flattening_floor(reference_share: np.ndarray, sizes: np.ndarray, weights: np.ndarray,
                     seed: int | None = None) -> tuple[float, float]:
    """(lower, upper) kappa a faithful release with these group sizes stays within."""
    r = np.asarray(reference_share, float)
    n = np.asarray(sizes, dtype=np.int64)
    draws = _rng(seed).binomial(n, r, size=(FLOOR_DRAWS, len(r))) / np.maximum(n, 1)
    kappas = np.array([flattening(d, r, weights) for d in draws])
    return (float(np.quantile(kappas, 1 - FLOOR_QUANTILE)),
            float(np.quantile(kappas, FLOOR_QUANTILE)))
