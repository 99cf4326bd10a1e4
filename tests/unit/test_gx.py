"""The GX layer: custom expectations validate one-row metric frames, results are mapped back by
id whatever their order, noise floors widen bounds (and say so), exceptions are errors; the
child process that imports GX beside the scan validates the same, and one that ended is
replaced by validating here."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from iaf import gx
from iaf.catalogue import Expectation, Suite
from iaf.errors import SuiteError
from iaf.gx import validate
from iaf.results import View


def suite(*expectations: Expectation) -> Suite:
    return Suite("test/suite", Path("test.json"), tuple(expectations), {})


def most(column: str, value: float) -> Expectation:
    return Expectation("expect_footprint_metric_at_most", column, None, value,
                       f"{column} test bound")


def least(column: str, value: float) -> Expectation:
    return Expectation("expect_footprint_metric_at_least", column, value, None,
                       f"{column} test bound")


def between(column: str, low: float, high: float) -> Expectation:
    return Expectation("expect_footprint_metric_between", column, low, high, "band")


def test_checks_come_back_in_suite_order_with_their_verdicts():
    checks = validate(suite(most("a", 1.0), least("b", 0.5), most("c", 0.1), between("d", 0, 1)),
                      View("v", "primary", {"a": 0.5, "b": 0.4, "c": 0.05, "d": 2.0}))
    assert [(c.metric, c.success) for c in checks] == [("a", True), ("b", False), ("c", True),
                                                       ("d", False)]
    assert checks[1].why == "b test bound"


def test_the_noise_band_is_added_to_the_drift_the_suite_admits():
    """Noise and drift combine (0.02 of drift + 0.01 of noise), not max(0.02, 0.01)."""
    view = View("v", "primary", {"tvd": 0.025, "rho": 0.76},
                noise={"tvd": {"above": 0.01, "below": 0.0}, "rho": {"below": 0.05}})
    tvd, rho = validate(suite(most("tvd", 0.02), least("rho", 0.8)), view)
    assert tvd.success and tvd.noise == 0.01 and tvd.max == pytest.approx(0.03)
    assert tvd.suite_max == 0.02
    assert rho.success and rho.min == pytest.approx(0.75) and rho.noise == 0.05


def test_a_metric_the_view_could_not_compute_is_left_out_not_failed():
    view = View("v", "primary", {"a": 0.5}, unavailable={"b": "no rows"})
    (check,) = validate(suite(most("a", 1.0), most("b", 0.1)), view)
    assert check.metric == "a"


def test_a_metric_the_evaluator_does_not_produce_is_a_suite_error():
    with pytest.raises(SuiteError, match="does not produce"):
        validate(suite(most("missing", 1.0)), View("v", "primary", {"tvd": 0.1}))


def test_an_exception_inside_gx_is_an_error_not_a_pass():
    with pytest.raises(SuiteError, match="GX raised while checking tvd"):
        validate(suite(most("tvd", 0.02)), View("v", "primary", {"tvd": "not a number"}))


PAIRS = [(suite(most("a", 1.0), least("b", 0.5)), View("v", "primary", {"a": 0.5, "b": 0.4})),
         (suite(most("tvd", 0.02)), View("w", "primary", {"tvd": np.float64(0.01)}))]


@pytest.fixture
def child(monkeypatch):
    started = gx.Child()
    monkeypatch.setattr(gx, "_CHILDREN", [started])
    yield started
    started.close()


@pytest.mark.slow  # a child interpreter imports GX (seconds)
def test_the_child_validates_as_this_process_does(child):
    row, _, expectations = gx._expectations(PAIRS)
    assert child.outcomes(row, expectations) == gx._outcomes(row, expectations)
    checks = gx.validate_views(PAIRS)
    assert [[c.success for c in view] for view in checks] == [[True, False], [True]]
    with pytest.raises(SuiteError, match="GX raised while checking tvd"):
        validate(suite(most("tvd", 0.02)), View("v", "primary", {"tvd": "not a number"}))


def test_a_child_that_ended_is_replaced_by_validating_here(child):
    child.process.kill()
    child.process.wait()
    assert [[c.success for c in view] for view in gx.validate_views(PAIRS)] == [[True, False],
                                                                                 [True]]
    child.close()
    assert child.outcomes({}, []) is None


@pytest.mark.slow  # a child interpreter imports GX (seconds)
@pytest.mark.skipif(importlib.util.find_spec("pyspark") is None, reason="pyspark not installed")
def test_the_child_imports_gx_without_pyspark():
    # GX would import pyspark where it is installed: 0.3-0.9 s and 30 MB for nothing the
    # child validates. The child's own loop, with no request: it imports GX and ends
    script = ("import sys; from iaf.gx import serve; serve(); "
              "print('loaded:', sorted(m for m in sys.modules if m.startswith('pyspark.')))")
    child = subprocess.run([sys.executable, "-c", script], input="", capture_output=True,
                           text=True, check=True)
    assert "loaded: []" in child.stderr.splitlines()  # the child's stdout is its stderr


def test_the_child_starts_before_numpy_and_pandas_load():
    """`from iaf import gx` loaded numpy, pandas and the catalogue (0.35 s) before the audit
    could start GX's child, whose seconds of imports decide how soon a warm audit ends."""
    probe = ("import sys, iaf.gx; print([m for m in ('numpy', 'pandas', 'pyarrow', "
             "'iaf.catalogue') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"

