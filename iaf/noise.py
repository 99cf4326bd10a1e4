"""Sampling noise at the audited size: simulated releases drawn from the reference (faithful)
and from the card's counterfactual, scored by the same batched metrics as the release.

A metric's *noise band* is how far sampling alone moves it from its ideal value (its value on
the reference itself) in 99.9% of faithful releases of the audited size; GX bounds are widened
by exactly that (noise and drift combined by the triangle inequality, see iaf.gx). The
*counterfactual spread* (mean and sd of the metric over counterfactual releases) says whether
the footprint can tell the two apart at this size (iaf.power). Quantiles come from the mean,
sd and skewness of DRAWS draws (Cornish-Fisher), which are stable across seeds where a 99.9%
empirical quantile of a few hundred draws is not. Seeds are fixed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

DRAWS = 2000
SEED = 20260420  # the Korean release's publication date; any fixed seed would do
Z = 3.09  # one-sided 99.9% normal quantile

Band = dict[str, float]  # "below", "above", "sd", and "mean" (the faithful mean)
Spread = dict[str, float]  # "mean", "sd"


def rng(seed: int | None = None) -> np.random.Generator:
    return np.random.default_rng(SEED if seed is None else seed)


def drawn_sizes(weights: np.ndarray, total: int, draws: int = DRAWS) -> np.ndarray:
    """``draws`` x groups: ``total`` rows split multinomially by ``weights``, the group sizes of
    faithful releases of this size. They are random, as a release's are: in a frame with fewer
    rows than groups, which groups a release misses is chance, and the conditional metrics
    count a missing group whole (expected sizes there made bands too narrow: faithful 100-row
    US releases failed occupation_x_education). From the reference, never from the release."""
    w = np.asarray(weights, dtype=float)
    return rng(SEED + 2).multinomial(total, w / w.sum(), size=draws)


def draw_tables(probs: np.ndarray, row_sizes: np.ndarray, seed: int | None = None,
                draws: int = DRAWS) -> np.ndarray:
    """``draws`` X x Y count tables, row x a multinomial of ``row_sizes[x]`` over ``probs[x]``;
    ``row_sizes`` is one size per row, or one per draw and row (drawn_sizes)."""
    generator = rng(seed)
    p = np.asarray(probs, dtype=float)
    p = p / np.where(p.sum(axis=1, keepdims=True) > 0, p.sum(axis=1, keepdims=True), 1)
    n = np.broadcast_to(np.asarray(row_sizes, dtype=np.int64), (draws, len(p)))
    out = np.zeros((draws, *p.shape), dtype=np.int64)
    for x in range(len(p)):
        if n[:, x].any() and p[x].sum() > 0:
            out[:, x] = generator.multinomial(n[:, x], p[x])
    return out


def draw_shares(p: np.ndarray, n: np.ndarray, empty: float, seed: int | None = None,
                draws: int = DRAWS) -> np.ndarray:
    """``draws`` x groups binomial shares of ``n[..., g]`` rows (one size per group, or one per
    draw and group) at probability ``p[g]``; a group without rows takes ``empty``."""
    n = np.asarray(n, dtype=np.int64)
    k = rng(seed).binomial(n, np.asarray(p, float), size=(draws, len(p)))
    return np.where(n > 0, k / np.maximum(n, 1), empty)


def _tail(z: float, skew: float) -> float:
    """The Cornish-Fisher quantile in sd units: z corrected for the draws' skewness (distances
    are right-skewed, a sum of folded normals; plain mean + z sd would under-cover)."""
    return z + (z * z - 1.0) * skew / 6.0


def band(samples: np.ndarray, ideal: float) -> Band:
    """How far below and above ``ideal`` 99.9% of faithful releases reach, and their sd."""
    values = np.asarray(samples, dtype=float)
    values = values[np.isfinite(values)]
    if not values.size:
        return {"below": 0.0, "above": 0.0, "sd": 0.0, "mean": ideal}
    mean, sd = float(values.mean()), float(values.std())
    skew = float(np.clip(((values - mean) ** 3).mean() / sd ** 3, -2.0, 2.0)) if sd > 0 else 0.0
    high, low = mean + _tail(Z, skew) * sd, mean - _tail(Z, -skew) * sd
    return {"below": max(0.0, ideal - low), "above": max(0.0, high - ideal), "sd": sd,
            "mean": mean}


def spread(samples: np.ndarray) -> Spread:
    values = np.asarray(samples, dtype=float)
    values = values[np.isfinite(values)]
    return {"mean": float(values.mean()), "sd": float(values.std())} if values.size else {}


def bands(score: Callable[[np.ndarray], Mapping[str, np.ndarray]], faithful: np.ndarray,
          ideal: Mapping[str, float]) -> dict[str, Band]:
    """The noise band of every metric ``score`` gives on the faithful draws."""
    return {m: band(v, ideal[m]) for m, v in score(faithful).items() if m in ideal}


def spreads(score: Callable[[np.ndarray], Mapping[str, np.ndarray]], counterfactual: np.ndarray
            ) -> dict[str, Spread]:
    return {m: s for m, v in score(counterfactual).items() if (s := spread(v))}


def declared(detect: Mapping[str, float], noise: Mapping[str, Band]) -> dict[str, Spread]:
    """Counterfactual spreads for declared minimum effects: the effect, with the faithful sd."""
    return {m: {"mean": d, "sd": noise[m]["sd"]} for m, d in detect.items() if m in noise}


def proportion(detect: Mapping[str, float], rows: Mapping[str, int]) -> dict[str, Spread]:
    """Counterfactual spreads of shares: a declared share p over n rows has sd sqrt(p(1-p)/n)."""
    return {m: {"mean": p, "sd": float(np.sqrt(p * (1 - p) / rows[m])) if rows[m] else np.inf}
            for m, p in detect.items() if m in rows}
