"""The error-rate study's fast version: power at the effect holds empirically. At the size iaf
reports as sufficient for a declared effect, releases planted with exactly that effect fail at
least 95% of the time (the full study: benchmarks/error_rates.py, docs/error-rates.md)."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import error_rates  # noqa: E402

RELEASES = 20


@pytest.mark.slow
@pytest.mark.parametrize("fid, alternative", [
    ("marginal_sex", "tvd 0.02"),  # a folded distance: its sd at the effect is 1.66x the band's
    ("occupation_x_sex", "dependence_lost 0.2"),
    ("occupation_x_sex_x_age", "interaction_exaggerated 0.4"),
])
def test_releases_planted_at_the_effect_fail_where_iaf_says_it_can_tell(monkeypatch, fid,
                                                                          alternative):
    monkeypatch.setattr(error_rates, "POPULATION", 800_000)
    boundary, reported = error_rates.sufficient(fid, 20_000)
    assert reported >= 0.95
    rows = math.ceil(boundary * error_rates.MARGIN)
    make = error_rates._effect(fid, alternative)
    verdicts = [error_rates.audited(make(rows, np.random.default_rng(900 + seed)), [fid])[0]
                for seed in range(RELEASES)]
    failed = sum(r.verdict.value == "fail" for r in verdicts)
    # 17 of 20 or more: a power of 0.95 gives fewer 1.6% of the time
    assert failed >= RELEASES - 3, [r.verdict.value for r in verdicts]
