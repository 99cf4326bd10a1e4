"""Sampling noise at the audited size: simulated releases drawn from the reference (faithful)
and from the card's counterfactual, scored by the same batched metrics as the release.

A metric's *noise band* is how far sampling alone moves it from its ideal value (its value on
the reference itself) in 99.9% of faithful releases of the audited size; GX bounds are widened
by exactly that (noise and drift combined by the triangle inequality, see iaf.gx). The
*counterfactuals* are named alternatives to the faithful release (the reference made
independent, or moved by a suite's declared minimum effect), each simulated at the audited size
and scored like the release: their spreads (mean and sd of every metric) say whether the
footprint can tell them apart at this size (iaf.power). A declared effect is never given the
faithful release's sd: distances and rho sit at a boundary when faithful, so a faithful sd is a
folded one, and at the effect they vary up to 1.66 times more. Quantiles come from the mean,
sd and skewness of DRAWS draws (Cornish-Fisher), which are stable across seeds where a 99.9%
empirical quantile of a few hundred draws is not. Every draw is a pure function of its inputs
and an explicit seed (cacheable by footprint, frame size and seed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from iaf.metrics import normalise

DRAWS = 2000
SEED = 20260420  # the Korean release's publication date; any fixed seed would do
Z = 3.09  # one-sided 99.9% normal quantile

COUNTERFACTUAL_SEED = SEED + 1  # counterfactual draws: other numbers than the faithful ones
EXAGGERATION_LIMIT = -3.0  # how far past the reference (away from the counterfactual) effects go

Band = dict[str, float]  # "below", "above", "sd", "mean" (the faithful mean) and "ideal"
Spread = dict[str, float]  # "mean", "sd", and "population" (the metric on what was drawn from)
Alternatives = dict[str, dict[str, Spread]]  # counterfactual name -> metric -> its spread
Score = Callable[[np.ndarray], Mapping[str, np.ndarray]]


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


def band(samples: np.ndarray, ideal: float, z: float = Z) -> Band:
    """How far below and above ``ideal`` 99.9% of faithful releases reach (the ``z`` normal
    quantile, skew corrected), and their sd."""
    values = np.asarray(samples, dtype=float)
    values = values[np.isfinite(values)]
    if not values.size:
        return {"below": 0.0, "above": 0.0, "sd": 0.0, "mean": ideal, "ideal": ideal}
    mean, sd = float(values.mean()), float(values.std())
    skew = float(np.clip(((values - mean) ** 3).mean() / sd ** 3, -2.0, 2.0)) if sd > 0 else 0.0
    high, low = mean + _tail(z, skew) * sd, mean - _tail(z, -skew) * sd
    return {"below": max(0.0, ideal - low), "above": max(0.0, high - ideal), "sd": sd,
            "mean": mean, "ideal": ideal}


def spread(samples: np.ndarray) -> Spread:
    values = np.asarray(samples, dtype=float)
    values = values[np.isfinite(values)]
    return {"mean": float(values.mean()), "sd": float(values.std())} if values.size else {}


def bands(score: Callable[[np.ndarray], Mapping[str, np.ndarray]], faithful: np.ndarray,
          ideal: Mapping[str, float]) -> dict[str, Band]:
    """The noise band of every metric ``score`` gives on the faithful draws."""
    return {m: band(v, ideal[m]) for m, v in score(faithful).items() if m in ideal}


def spreads(score: Score, counterfactual: np.ndarray, population: np.ndarray | None = None
            ) -> dict[str, Spread]:
    """Mean and sd of every metric over the counterfactual draws; with ``population`` (the
    table they are drawn from, one draw's shape), also the metric's value on it, which the
    mean approaches as noise shrinks (iaf.power extrapolates the rows needed with it)."""
    out = {m: s for m, v in score(counterfactual).items() if (s := spread(v))}
    if population is not None:
        for m, v in score(np.asarray(population)[None]).items():
            if m in out and np.isfinite(v[0]):
                out[m]["population"] = float(v[0])
    return out


def effect(move: Callable[[float], np.ndarray], value: Callable[[np.ndarray], float],
           target: float) -> float:
    """The step t at which the reference moved by ``move(t)`` (0: the reference, 1: the
    counterfactual, below 0: past the reference, away from it; above 1: past the
    counterfactual, the pattern reversed) has the population value ``target`` of a metric:
    bisection between the reference and the counterfactual when the target lies between their
    values (rho falls both ways from 1), else beyond the one it lies past. A target no step
    reaches gives the nearest end."""
    seen: dict[float, float] = {}

    def at(t: float) -> float:  # each step scored once (the ends are asked for again)
        if t not in seen:
            seen[t] = value(move(t))
        return seen[t]

    start, end = at(0.0), at(1.0)
    if min(start, end) <= target <= max(start, end):
        low, high = 0.0, 1.0
    elif (target - end) * (end - start) > 0:
        low, high = 1.0, 1.0 - EXAGGERATION_LIMIT
    else:
        low, high = EXAGGERATION_LIMIT, 0.0
    f_low, f_high = at(low) - target, at(high) - target
    if f_low * f_high > 0:
        return low if abs(f_low) < abs(f_high) else high
    for _ in range(40):
        mid = (low + high) / 2
        f_mid = at(mid) - target
        if (f_mid > 0) == (f_low > 0):
            low, f_low = mid, f_mid
        else:
            high = mid
    return (low + high) / 2


def at_effects(detect: Mapping[str, float], move: Callable[[float], np.ndarray], score: Score,
               draw: Callable[[np.ndarray], np.ndarray], own: str = "") -> Alternatives:
    """One counterfactual per declared minimum effect (metric -> value): the reference moved
    until the metric's population value is the effect (``effect``), drawn at the audited size
    (``draw``) and scored like the release. Effects that reach the same move share draws.
    ``own`` names the method's own counterfactual (``move(1)``, e.g. independence), added when
    no declared effect moves toward it (a suite may declare only an exaggeration)."""
    out: Alternatives = {}
    scored: dict[float, dict[str, Spread]] = {}
    for metric, target in detect.items():
        def value(table: np.ndarray, metric: str = metric) -> float:
            return float(np.asarray(score(table[None])[metric])[0])
        t = round(effect(move, value, target), 9)
        if t not in scored:
            scored[t] = spreads(score, draw(move(t)), move(t))
        out[f"{metric} {target:g}"] = scored[t]
    if own and not any(t > 0 for t in scored):
        out[own] = spreads(score, draw(move(1.0)), move(1.0))
    return out


def flattened(reference: np.ndarray, independent: np.ndarray) -> Callable[[float], np.ndarray]:
    """The move of a table toward its counterfactual ``independent`` (same shape): t = 1 is the
    counterfactual, t < 0 exaggerates the reference's departure from it (cells kept >= 0)."""
    ref, ind = np.asarray(reference, float), np.asarray(independent, float)
    return lambda t: np.clip(ref + t * (ind - ref), 0.0, None)


def shifted(p: np.ndarray, distance: float) -> list[np.ndarray]:
    """Distributions at TVD ``distance`` from ``p`` in the directions hardest to tell from p by
    a sampled TVD: mass moved proportionally between two halves of the categories (no category
    left at its own value, where its noise would fold and add to the distance), both ways,
    and between the two largest categories, both ways. A marginal's declared effect is judged
    at the least favourable of them (its 5th percentile lowest)."""
    p = normalise(p)
    order = np.argsort(-p, kind="stable")
    up, halves = np.zeros(len(p), bool), [0.0, 0.0]
    for k in order:  # greedy halves by mass: each category to the lighter half so far
        up[k] = halves[0] <= halves[1]
        halves[0 if up[k] else 1] += p[k]
    out = []
    for side in (up, ~up):
        if p[~side].sum() > distance and p[side].sum() > 0:
            out.append(np.where(side, p * (1 + distance / p[side].sum()),
                                p * (1 - distance / p[~side].sum())))
    for a, b in ((order[0], order[1]), (order[1], order[0])) if len(p) > 1 else ():
        if p[a] >= distance:
            q = p.copy()
            q[a] -= distance
            q[b] += distance
            out.append(q)
    return out


def proportion(detect: Mapping[str, float], rows: Mapping[str, int]) -> Alternatives:
    """Counterfactuals of shares of rows: a declared share p over n rows has sd
    sqrt(p(1-p)/n), exactly the binomial a release at that share draws."""
    return {f"{m} {p:g}": {m: {"mean": p, "population": p,
                               "sd": float(np.sqrt(p * (1 - p) / rows[m])) if rows[m] else np.inf}}
            for m, p in detect.items() if m in rows}
