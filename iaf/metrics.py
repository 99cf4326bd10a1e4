"""Effect sizes for comparing a synthetic table with a reference.

Pure functions on arrays: no files, no printing. With N in the millions a chi-square p-value
says nothing, so every check is an effect size against a tolerance. The table metrics accept
leading batch axes (``synthetic[..., X, Y]``), so that iaf.noise can score thousands of
simulated releases at once with the very code that scores the release.

Nothing vanishes: a group of X the reference has but the release lacks counts as a gap of its
full weight (per-row distance 1), never as a row left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

NOISE_Z = 3.29  # the standard normal 99.95% quantile: per-cell noise bounds (two-sided 99.9%)


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


def shares(counts: np.ndarray) -> np.ndarray:
    """Counts normalised along the last axis (all zeros where a row is empty); batched."""
    counts = np.asarray(counts, dtype=float)
    totals = counts.sum(axis=-1, keepdims=True)
    return np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)


def marginal_distances(synthetic: np.ndarray, reference: np.ndarray
                       ) -> tuple[np.ndarray, np.ndarray]:
    """(TVD, largest category gap) of synthetic counts ``[..., K]`` against reference weights."""
    gaps = np.abs(shares(synthetic) - normalise(reference))
    return 0.5 * gaps.sum(axis=-1), gaps.max(axis=-1)


def independent_rows(synthetic: np.ndarray, strata: np.ndarray | None = None) -> np.ndarray:
    """What each row of P_syn(Y|X) would be had Y been independent of X within its stratum:
    the synthetic distribution of Y pooled over the rows of the same stratum (default: one
    stratum, the synthetic marginal of Y). Batched over leading axes."""
    syn = np.asarray(synthetic, dtype=float)
    strata = np.zeros(syn.shape[-2], dtype=int) if strata is None else np.asarray(strata)
    out = np.zeros_like(syn)
    for stratum in np.unique(strata):
        rows = strata == stratum
        pooled = syn[..., rows, :].sum(axis=-2, keepdims=True)
        out[..., rows, :] = shares(pooled)
    return out


def _row_weights(reference: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
    ref = np.asarray(reference, dtype=float)
    w = np.nansum(ref, axis=-1) if weights is None else np.asarray(weights, dtype=float)
    if w.sum() <= 0:
        raise ValueError("the reference has no mass")
    return w / w.sum()


def conditional_distances(synthetic: np.ndarray, reference: np.ndarray,
                          weights: np.ndarray | None = None, strata: np.ndarray | None = None
                          ) -> tuple[np.ndarray, np.ndarray]:
    """(D, D_indep) of synthetic counts ``[..., X, Y]`` against the reference X x Y table.

    D = sum_x w_x TVD(P_syn(Y|x), P_ref(Y|x)); D_indep is the same for the release with Y made
    independent of X (within strata), the same X marginal kept. A row of X without release
    rows has distance 1 in both: the whole of that group is missing."""
    syn = np.asarray(synthetic, dtype=float)
    r_rows = shares(reference)
    w = _row_weights(reference, weights)
    missing = syn.sum(axis=-1) == 0
    per_row = np.where(missing, 1.0, 0.5 * np.abs(shares(syn) - r_rows).sum(axis=-1))
    indep = np.where(missing, 1.0,
                     0.5 * np.abs(independent_rows(syn, strata) - r_rows).sum(axis=-1))
    return (w * per_row).sum(axis=-1), (w * indep).sum(axis=-1)


def recovery(distance: np.ndarray, independent: np.ndarray) -> np.ndarray:
    """rho = 1 - D / D_indep: 1 faithful, 0 no more than independence (NaN if D_indep = 0)."""
    d, d0 = np.asarray(distance, dtype=float), np.asarray(independent, dtype=float)
    return np.where(d0 > 0, 1.0 - d / np.where(d0 > 0, d0, 1.0), np.nan)


@dataclass(frozen=True)
class Dependence:
    """Weighted conditional TVD of P(Y|X) and how much of the reference dependence survives."""

    distance: float  # D = sum_x w_x TVD(P_syn(Y|x), P_ref(Y|x))
    independent: float  # D_indep: the same distance had the release Y independent of X
    rho: float  # 1 - D / D_indep: 1 faithful, 0 no more than independence
    missing: int  # groups of X with reference mass and no release rows

    @staticmethod
    def of(synthetic: np.ndarray, reference: np.ndarray, weights: np.ndarray | None = None,
           strata: np.ndarray | None = None) -> Dependence:
        """``synthetic`` and ``reference`` are X x Y weights; weights default to the reference
        marginal of X. With ``strata``, independence means Y independent of X within each
        stratum (e.g. occupation independent of state given sex)."""
        syn, ref = np.asarray(synthetic, dtype=float), np.asarray(reference, dtype=float)
        if syn.shape != ref.shape or syn.ndim != 2:
            raise ValueError(
                f"expected two X x Y tables of one shape, got {syn.shape}, {ref.shape}")
        d, d0 = conditional_distances(syn, ref, weights, strata)
        missing = int(((syn.sum(axis=1) == 0) & (_row_weights(ref, weights) > 0)).sum())
        return Dependence(float(d), float(d0), float(recovery(d, d0)), missing)


def partial_distances(synthetic: np.ndarray, reference: np.ndarray, weights: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray]:
    """(D, D_indep) on the cells a reference publishes (NaN elsewhere): summed absolute gaps
    per row, weighted; D_indep replaces P_syn(y|x) by the synthetic marginal P_syn(y). A row
    without release rows counts its whole published mass as the gap."""
    syn = np.asarray(synthetic, dtype=float)
    ref = np.asarray(reference, dtype=float)
    published = ~np.isnan(ref)
    r = np.where(published, ref, 0.0)
    w = np.asarray(weights, dtype=float) / np.sum(weights)
    missing = syn.sum(axis=-1) == 0
    marginal = shares(syn.sum(axis=-2, keepdims=True))
    gap = np.where(published, np.abs(shares(syn) - r), 0.0).sum(axis=-1)
    gap0 = np.where(published, np.abs(marginal - r), 0.0).sum(axis=-1)
    full = r.sum(axis=-1)
    return ((w * np.where(missing, full, gap)).sum(axis=-1),
            (w * np.where(missing, full, gap0)).sum(axis=-1))


@dataclass(frozen=True)
class PartialDependence:
    """Dependence on the cells a reference publishes (NaN elsewhere), e.g. top-3 per row."""

    distance: float
    independent: float
    rho: float
    coverage: float  # reference mass on the published cells, weighted over x

    @staticmethod
    def of(synthetic: np.ndarray, reference: np.ndarray, weights: np.ndarray
           ) -> PartialDependence:
        d, d0 = partial_distances(synthetic, reference, weights)
        w = np.asarray(weights, dtype=float) / np.sum(weights)
        coverage = float((w * np.nansum(np.asarray(reference, dtype=float), axis=1)).sum())
        return PartialDependence(float(d), float(d0), float(recovery(d, d0)), coverage)


FLAG_LOSS = 0.25  # a cell is flagged when the release loses over a quarter of its dependence


def flagged_cells(synthetic: np.ndarray, reference: np.ndarray,
                  strata: np.ndarray | None = None) -> tuple[int, int]:
    """(flagged, total) cells of P(Y|X): a cell is flagged when |s - r| exceeds FLAG_LOSS of the
    cell's own departure from independence (see independent_rows) and its sampling noise (the
    NOISE_Z normal bound for the row's size). A binary Y counts one cell per row; a row the
    release lacks is flagged whole."""
    syn = np.asarray(synthetic, dtype=float)
    ref = shares(reference)
    sizes = syn.sum(axis=1, keepdims=True)
    noise = NOISE_Z * np.sqrt(ref * (1 - ref) / np.maximum(sizes, 1))
    gap = np.abs(shares(syn) - ref)
    departure = np.abs(ref - independent_rows(syn, strata))
    flagged = ((gap > FLAG_LOSS * departure) & (gap > noise)) | (sizes == 0)
    columns = [ref.shape[1] - 1] if ref.shape[1] == 2 else list(range(ref.shape[1]))
    return int(flagged[:, columns].sum()), len(columns) * ref.shape[0]


def flagged_groups(synthetic_share: np.ndarray, reference_share: np.ndarray, sizes: np.ndarray
                   ) -> int:
    """Groups whose share loses more than FLAG_LOSS of its distance from parity, beyond noise."""
    s, r = np.asarray(synthetic_share, float), np.asarray(reference_share, float)
    noise = NOISE_Z * np.sqrt(r * (1 - r) / np.maximum(np.asarray(sizes, float), 1))
    gap = np.abs(s - r)
    return int(((gap > FLAG_LOSS * np.abs(r - 0.5)) & (gap > noise)).sum())


def group_kappas(synthetic_share: np.ndarray, reference_share: np.ndarray) -> np.ndarray:
    """Signed kappa per group: (s_g - 1/2) / (r_g - 1/2). 1 faithful; between 0 and 1 pulled
    toward parity (flattened); above 1 pushed away from it (exaggerated); below 0 the group
    crossed parity. Batched over leading axes of ``synthetic_share``."""
    r = np.asarray(reference_share, float)
    return (np.asarray(synthetic_share, float) - 0.5) / (r - 0.5)


def flattening(synthetic_share: np.ndarray, reference_share: np.ndarray, weights: np.ndarray
               ) -> np.ndarray:
    """Signed kappa = weighted mean of (s_g - 1/2) sign(r_g - 1/2) over weighted mean
    |r_g - 1/2|. Below 1 the release pulls the groups' shares toward parity; a group that
    crosses parity counts against it (kappa is not symmetric about parity). Batched."""
    s, r = np.asarray(synthetic_share, float), np.asarray(reference_share, float)
    w = normalise(weights)
    denominator = float((w * np.abs(r - 0.5)).sum())
    if denominator == 0:
        raise ValueError("every reference share is exactly 1/2: flattening is undefined")
    return (w * (s - 0.5) * np.sign(r - 0.5)).sum(axis=-1) / denominator


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


def variation_reproduced(synthetic: np.ndarray, reference: np.ndarray, strata: np.ndarray | None,
                         weights: np.ndarray | None = None) -> np.ndarray:
    """Share of the reference's variation of P(Y|X) around its stratum's pooled distribution
    that the release reproduces: the weighted regression slope of the synthetic deviations on
    the reference ones. 1 faithful; 0 when Y is independent of X within strata. Batched."""
    ref = np.asarray(reference, dtype=float)
    w = _row_weights(ref, weights)[:, None]
    r_dev = shares(ref) - independent_rows(ref, strata)
    s_dev = shares(synthetic) - independent_rows(synthetic, strata)
    denominator = float((w * r_dev ** 2).sum())
    if denominator == 0:
        return np.full(np.shape(synthetic)[:-2], np.nan)
    return (w * s_dev * r_dev).sum(axis=(-2, -1)) / denominator


def no_interaction_fit(table: np.ndarray, iterations: int = 100, tolerance: float = 1e-5
                       ) -> np.ndarray:
    """The best fit of an A x B x C count table with every two-way margin and no three-way
    term (iterative proportional fitting from a flat start, until every margin holds to
    ``tolerance`` relative); batched over leading axes."""
    t = np.asarray(table, dtype=float)
    fit = np.ones_like(t) * t.sum(axis=(-3, -2, -1), keepdims=True) / np.prod(t.shape[-3:])
    targets = [t.sum(axis=axis, keepdims=True) for axis in (-1, -2, -3)]
    for _ in range(iterations):
        worst = 0.0
        for axis, target in zip((-1, -2, -3), targets):
            current = fit.sum(axis=axis, keepdims=True)
            ratio = np.divide(target, current, out=np.zeros_like(current), where=current > 0)
            worst = max(worst, float(np.abs(np.where(current > 0, ratio - 1, 0)).max()))
            fit = fit * ratio
        if worst < tolerance:
            break
    return fit


def interaction(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(strength, departure): the TVD between a three-way table and its no-interaction fit,
    and the cell-by-cell departure (shares) that the two-way margins cannot produce."""
    t = np.asarray(table, dtype=float)
    total = t.sum(axis=(-3, -2, -1), keepdims=True)
    departure = (t - no_interaction_fit(t)) / np.where(total > 0, total, 1.0)
    return 0.5 * np.abs(departure).sum(axis=(-3, -2, -1)), departure


def interaction_reproduced(synthetic: np.ndarray, departure: np.ndarray) -> np.ndarray:
    """Share of the reference's three-way interaction the release reproduces: the regression
    slope of the release's departures from its own no-interaction fit on the reference's
    (``departure``, from ``interaction(reference)``: computed once, as the search for a
    declared effect scores dozens of tables). 1 faithful; 0 for a release made with two-way
    effects only (noise is uncorrelated with the reference's pattern, so it does not bias the
    slope). Batched over ``synthetic``."""
    _, syn = interaction(synthetic)
    return (syn * departure).sum(axis=(-3, -2, -1)) / float((departure ** 2).sum())
