"""Great Expectations: iaf's custom expectations and the validation of a view against a suite.

Each footprint's suite (loaded and checked by the catalogue) names metrics of a one-row frame
of derived metrics and holds their tolerances. At validation a tolerance is widened to the
metric's noise floor at the audited size when the floor is looser: no tolerance may be tighter
than what a faithful release of that size produces by chance.

GX results come back out of order and a failing metric can hide its exception, so results are
mapped back by a check id kept in each expectation's meta, and any exception is an error.
Great Expectations takes seconds to import, holding the interpreter's lock all the while: an
audit starts it in a child process (``start``), where the import runs on another core beside
the scan and the evaluations instead of taking turns with them, and the child validates for
it (one line of JSON each way). Without a child, or once it has ended, GX is imported here on
first use. Either way one function (``_outcomes``) decides every check.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import subprocess
import sys
import traceback
import warnings
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from iaf.errors import SuiteError
from iaf.results import Check, View

if TYPE_CHECKING:  # numpy, pandas and the catalogue load on use: the child starts before them
    from iaf.catalogue import Expectation, Suite

Outcomes = dict[str, tuple[bool, bool, str]]  # check id -> (success, raised, its message)
_CHILD = "from iaf.gx import serve; serve()"


class Child:
    """A child interpreter that imports GX at once, then validates each request it is sent
    (``outcomes``); it ends when this process closes its input or exits."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, start_new_session=True)  # no terminal ^C

    def outcomes(self, row: dict[str, Any], specs: list[dict[str, Any]]) -> Outcomes | None:
        """The child's outcomes (None: it has ended); an error it met is raised here."""
        assert self.process.stdin is not None and self.process.stdout is not None
        if self.process.stdin.closed:
            return None
        try:
            self.process.stdin.write(json.dumps([row, specs], default=_plain) + "\n")
            self.process.stdin.flush()
        except OSError:  # a broken pipe: the child has ended
            return None
        line = self.process.stdout.readline()
        if not line:
            return None
        answer = json.loads(line)
        if "error" in answer:
            raise RuntimeError(f"Great Expectations failed in its child process:\n"
                               f"{answer['error']}")
        return {k: (bool(v[0]), bool(v[1]), str(v[2])) for k, v in answer["outcomes"].items()}

    def close(self) -> None:
        """End the child: killed, since it holds nothing to keep (its clean exit, GX's
        modules torn down, took 0.24 s that every audit waited for at exit, and an interrupt
        in that wait printed a traceback)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                pipe.close()
            except OSError:  # what was left to write has nobody to read it
                pass


_CHILDREN: list[Child] = []


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python value it holds (what the frame makes of either)."""
    import numpy as np  # noqa: PLC0415 - loaded by then (see the imports)

    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not a metric value")


def start() -> None:
    """Start the GX child (once per process; it ends with this process)."""
    if not _CHILDREN:
        _CHILDREN.append(Child())
        atexit.register(_CHILDREN[0].close)


def serve() -> None:
    """The child's loop: import GX, then answer each request line with its outcomes or the
    error met (stdout is the protocol's: anything GX prints goes to stderr)."""
    protocol = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    _without_spark()
    try:
        _import()
        for line in sys.stdin:
            try:
                answer: dict[str, Any] = {"outcomes": _outcomes(*json.loads(line))}
            except Exception:  # noqa: BLE001 - handed to the parent, which raises it
                answer = {"error": traceback.format_exc()}
            protocol.write(json.dumps(answer) + "\n")
            protocol.flush()
    except (KeyboardInterrupt, BrokenPipeError):
        pass


def _without_spark() -> None:
    """Keep the child from importing pyspark: GX imports it wherever it is installed
    (pytest-iaf[spark]) and runs without it (an ImportError leaves its Spark engine
    unavailable), and the child only validates pandas frames. Its import is 0.3-0.9 s shorter
    and 30 MB smaller."""
    sys.modules.setdefault("pyspark", None)  # type: ignore[arg-type] # None: import fails


@lru_cache(maxsize=None)
def _import() -> tuple[Any, Any, Any]:
    """Import GX once, define the custom expectations, and make one ephemeral batch source.

    Everything GX is taken from this one import (callers must not re-import GX), so the
    custom expectations stay registered with the classes that use them."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    # GX 1.x imports the stdlib's deprecated sre_* modules: not ours to fix, not an error. A
    # lasting, narrow filter rather than catch_warnings, which is not thread-safe (the import
    # runs on a thread while the main thread works).
    warnings.filterwarnings("ignore", r"module 'sre_\w+' is deprecated", DeprecationWarning)
    # GX imports pyspark where it is installed (pytest-iaf[spark]), which warns about pandas 3
    warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)
    import great_expectations as gx  # noqa: PLC0415 - heavy import, deferred on purpose
    from great_expectations.data_context.types.base import (  # noqa: PLC0415
        ProgressBarsConfig,
    )
    from great_expectations.expectations.expectation_configuration import (  # noqa: PLC0415
        ExpectationConfiguration,
    )

    class ExpectFootprintMetricAtMost(gx.expectations.ExpectColumnMaxToBeBetween):
        """A footprint metric (one-row frame) is at most its tolerance."""

    class ExpectFootprintMetricAtLeast(gx.expectations.ExpectColumnMinToBeBetween):
        """A footprint metric (one-row frame) is at least its tolerance."""

    class ExpectFootprintMetricBetween(gx.expectations.ExpectColumnMaxToBeBetween):
        """A footprint metric (one-row frame) lies within a band."""

    # GX sets this logger to INFO and logs a line per ephemeral context: noise in a
    # footprint's failure text
    logging.getLogger("great_expectations.data_context.types.base").setLevel(logging.WARNING)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batches = (context.data_sources.add_pandas("iaf").add_dataframe_asset("metrics")
               .add_batch_definition_whole_dataframe("view"))
    return gx, batches, ExpectationConfiguration


def _bounds(expectation: Expectation, noise: dict[str, float]) -> tuple[Any, Any, float]:
    """The suite's bounds widened by the metric's noise band at the audited size.

    The suite's tolerance is the drift it admits; a faithful release of a drifted population
    sits within that drift plus sampling noise (the triangle inequality for the distances,
    their first-order form for rho and kappa), so the noise band is added, not maxed."""
    low, high = expectation.min, expectation.max
    below, above = noise.get("below", 0.0), noise.get("above", 0.0)
    return (None if low is None else low - below, None if high is None else high + above,
            max(below if low is not None else 0.0, above if high is not None else 0.0))


def validate(suite: Suite, view: View) -> tuple[Check, ...]:
    """Validate one view's metrics against its suite (see validate_views)."""
    return validate_views([(suite, view)])[0]


Effective = dict[str, tuple[int, "Suite", "Expectation", Any, Any, float]]  # check id -> its bounds


def _expectations(pairs: Sequence[tuple[Suite, View]]
                  ) -> tuple[dict[str, float], Effective, list[dict[str, Any]]]:
    """The one row of every view's metrics, each check's effective bounds by its id, and the
    GX expectations as data (type, kwargs, and meta carrying the id)."""
    row: dict[str, float] = {}
    effective: Effective = {}
    expectations = []
    for at, (suite, view) in enumerate(pairs):
        missing = [m for m in suite.metrics
                   if m not in view.metrics and m not in view.unavailable]
        if missing:
            raise SuiteError(f"suite checks metric(s) {missing} that the evaluator does not "
                             f"produce (it produces {sorted(view.metrics)})",
                             file=str(suite.path))
        for index, raw in enumerate(suite.expectations):
            if raw.metric in view.unavailable:
                continue
            column = f"{at}:{raw.metric}"
            row[column] = view.metrics[raw.metric]
            low, high, widened = _bounds(raw, view.noise.get(raw.metric, {}))
            kwargs = {"column": column, **{k: v for k, v in (("min_value", low),
                                                             ("max_value", high))
                                           if v is not None}}
            check_id = f"{at}:{index}:{raw.metric}"
            effective[check_id] = (at, suite, raw, low, high, widened)
            expectations.append({"type": raw.type, "kwargs": kwargs,
                                 "meta": {"why": raw.why, "check": check_id}})
    return row, effective, expectations


def _outcomes(row: dict[str, Any], expectations: list[dict[str, Any]]) -> Outcomes:
    """GX's verdict on every expectation of the one-row frame, by check id."""
    import pandas as pd  # noqa: PLC0415 - loaded by then (see the imports)

    gx, batches, configuration = _import()
    batch = batches.get_batch(batch_parameters={"dataframe": pd.DataFrame([row])})
    suite = gx.ExpectationSuite(name="iaf", expectations=[
        configuration(**e).to_domain_obj() for e in expectations])
    return {r.expectation_config.meta["check"]: (
        bool(r.success), bool(r.exception_info and _raised(r.exception_info)),
        _message(r.exception_info) if r.exception_info else "")
        for r in batch.validate(suite).results}


def validate_views(pairs: Sequence[tuple[Suite, View]]) -> list[tuple[Check, ...]]:
    """Validate every (suite, view) pair in one GX run (in the child when one was started):
    one row holds every view's metrics under ``<pair>:<metric>`` columns, and each result is
    mapped back by the check id kept in its expectation's meta. One Check per expectation, in
    suite order; expectations whose metric the view could not compute (``view.unavailable``)
    are left out (the record names them)."""
    checks: list[list[Check]] = [[] for _ in pairs]
    row, effective, expectations = _expectations(pairs)
    if not expectations:
        return [tuple(c) for c in checks]
    found = _CHILDREN[0].outcomes(row, expectations) if _CHILDREN else None
    if found is None:
        found = _outcomes(row, expectations)
    if set(found) != set(effective):
        raise SuiteError(f"GX returned results for {sorted(found)}, expected "
                         f"{sorted(effective)}", file=str(pairs[0][0].path))
    for check_id, (at, suite, raw, low, high, widened) in effective.items():
        success, raised, message = found[check_id]
        if raised:
            raise SuiteError(f"GX raised while checking {raw.metric}: {message}",
                             file=str(suite.path))
        checks[at].append(Check(
            metric=raw.metric, observed=float(pairs[at][1].metrics[raw.metric]), min=low,
            max=high, suite_min=raw.min, suite_max=raw.max, noise=widened,
            success=success, why=raw.why))
    return [tuple(c) for c in checks]


def _raised(info: dict[str, Any]) -> bool:
    if "raised_exception" in info:
        return bool(info["raised_exception"])
    return any(v.get("raised_exception") for v in info.values() if isinstance(v, dict))


def _message(info: dict[str, Any]) -> str:
    if "exception_message" in info:
        return str(info["exception_message"])
    return "; ".join(str(v.get("exception_message")) for v in info.values() if isinstance(v, dict))
