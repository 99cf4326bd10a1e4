"""GX suites as declared: ``expectations/<locale>/<footprint-id>.json`` in Great Expectations'
own format, checked when the catalogue loads.

Each expectation names a metric the footprint's method produces and holds its tolerance, with
``meta.why`` saying why it has that value. A suite that checks a metric the method does not
produce, an expectation without the bound its type requires, a bound that is null, not a
number or inverted, and an empty suite for an evaluable footprint are all catalogue errors.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iaf.catalogue.footprints import REACH
from iaf.catalogue.problems import Problems

KWARGS = {"column", "min_value", "max_value"}
META = {"why", "detect", "detect_why"}
SUITE_KEYS = {"name", "expectations", "meta"}
BOUNDS = {  # expectation type -> the bounds it requires
    "expect_footprint_metric_at_most": ("max_value",),
    "expect_footprint_metric_at_least": ("min_value",),
    "expect_footprint_metric_between": ("min_value", "max_value"),
}


@dataclass(frozen=True)
class Expectation:
    type: str
    metric: str
    min: float | None
    max: float | None
    why: str
    detect: float | None = None  # the declared minimum effect the check must catch
    detect_why: str = ""


@dataclass(frozen=True)
class Suite:
    name: str
    path: Path
    expectations: tuple[Expectation, ...]
    meta: dict[str, Any]

    @property
    def metrics(self) -> tuple[str, ...]:
        return tuple(e.metric for e in self.expectations)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _expectation(raw: Any, key: str, metrics: tuple[str, ...], path: Path, problems: Problems
                 ) -> Expectation | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("kwargs"), dict):
        problems.add(path, key, "must be an object with type, kwargs and meta")
        return None
    kind, kwargs, meta = raw.get("type"), raw["kwargs"], raw.get("meta", {})
    before = len(problems.found)
    if not isinstance(meta, dict):
        problems.add(path, f"{key}.meta", f"must be an object with why (and detect), got "
                                          f"{meta!r:.80}")
        return None
    _unknown_keys(raw, key, path, problems)
    if not isinstance(kind, str) or kind not in BOUNDS:
        problems.add(path, f"{key}.type", f"must be one of {sorted(BOUNDS)}, got {kind!r:.80}")
        return None
    metric = kwargs.get("column")
    if not isinstance(metric, str) or metric not in metrics:
        problems.add(path, f"{key}.kwargs.column", f"metric {metric!r} is not produced by this "
                                                   f"footprint's method (it produces "
                                                   f"{', '.join(metrics)})")
    for bound in BOUNDS[kind]:
        if not _number(kwargs.get(bound)):
            problems.add(path, f"{key}.kwargs.{bound}",
                         f"{kind} needs a finite number here, got {kwargs.get(bound)!r}")
    extra = {"min_value", "max_value"} - set(BOUNDS[kind])
    for bound in sorted(extra & set(kwargs)):
        problems.add(path, f"{key}.kwargs.{bound}", f"{kind} takes no {bound}")
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    if _number(low) and _number(high) and low > high:
        problems.add(path, f"{key}.kwargs", f"inverted bounds: min_value {low} > max_value {high}")
    _unreachable(metric, low, high, f"{key}.kwargs", path, problems)
    _meta_problems(meta, low, high, f"{key}.meta", path, problems)
    if len(problems.found) > before:
        return None
    return Expectation(kind, metric, low, high, meta["why"], meta.get("detect"),
                       meta.get("detect_why", ""))


def _unreachable(metric: Any, low: Any, high: Any, key: str, path: Path,
                 problems: Problems) -> None:
    """A bound no value of the metric can meet (the check would fail every release), or
    bounds every value meets (it would pass every release)."""
    floor, ceiling = REACH.get(metric, (None, None)) if isinstance(metric, str) else (None, None)
    low_open = not _number(low) or (floor is not None and low <= floor)
    high_open = not _number(high) or (ceiling is not None and high >= ceiling)
    if low_open and high_open and (_number(low) or _number(high)):
        problems.add(path, key, f"{metric} is always within min_value {low}, max_value {high}: "
                                "the check passes every release")
    if _number(low) and ceiling is not None and low > ceiling:
        problems.add(path, f"{key}.min_value", f"{metric} is at most {ceiling}: min_value {low} "
                                               "fails every release")
    if _number(high) and floor is not None and high < floor:
        problems.add(path, f"{key}.max_value", f"{metric} is at least {floor}: max_value {high} "
                                               "fails every release")


def _unknown_keys(raw: dict[str, Any], key: str, path: Path, problems: Problems) -> None:
    """Keys an expectation, its kwargs or its meta do not take (a typo must not be ignored)."""
    for name in sorted(set(raw) - {"type", "kwargs", "meta"}):
        problems.add(path, f"{key}.{name}", "unknown key; an expectation takes type, kwargs, meta")
    for name in sorted(set(raw["kwargs"]) - KWARGS):
        problems.add(path, f"{key}.kwargs.{name}", f"unknown keyword argument; expectations take "
                                                   f"{', '.join(sorted(KWARGS))}")
    for name in sorted(set(raw.get("meta", {})) - META):
        problems.add(path, f"{key}.meta.{name}",
                     f"unknown key; meta takes {', '.join(sorted(META))}")


def _meta_problems(meta: dict[str, Any], low: Any, high: Any, key: str, path: Path,
                   problems: Problems) -> None:
    """The reason for a tolerance, and a declared minimum effect outside its bounds."""
    if not isinstance(meta.get("why"), str) or not meta["why"]:
        problems.add(path, f"{key}.why", "must say why the tolerance has its value")
    detect = meta.get("detect")
    if detect is None:
        return
    inside = _number(detect) and (not _number(low) or detect >= low) and \
        (not _number(high) or detect <= high)
    if not _number(detect) or inside:
        problems.add(path, f"{key}.detect", f"must be a finite number outside the bounds (a "
                                            f"release with this effect must fail), got "
                                            f"{detect!r}")
    if not isinstance(meta.get("detect_why"), str) or not meta["detect_why"]:
        problems.add(path, f"{key}.detect_why", "must say why this effect must be caught")


def load_suite(path: Path, name: str, metrics: tuple[str, ...], evaluable: bool,
               problems: Problems) -> Suite | None:
    raw = problems.read_json(path)
    if raw is None:  # noted
        return None
    for name in sorted(set(raw) - SUITE_KEYS):
        problems.add(path, name, f"unknown key; a suite takes {', '.join(sorted(SUITE_KEYS))}")
    entries = raw.get("expectations", [])
    if not isinstance(entries, list):
        problems.add(path, "expectations", f"must be a list, got {entries!r:.80}")
        return None
    if not isinstance(raw.get("meta", {}), dict):
        problems.add(path, "meta", f"must be an object, got {raw.get('meta')!r:.80}")
        return None
    if evaluable and not entries:
        problems.add(path, "expectations", "empty suite: an evaluable footprint needs at least "
                                           "one tolerance, or it could never fail")
    if not evaluable and entries:
        problems.add(path, "expectations", "the footprint is unevaluable; its suite must be empty")
    if raw.get("name") != name:
        problems.add(path, "name", f"must be {name!r}, got {raw.get('name')!r}")
    built = [_expectation(e, f"expectations[{i}]", metrics, path, problems)
             for i, e in enumerate(entries)]
    if any(e is None for e in built):
        return None
    return Suite(name, path, tuple(e for e in built if e), raw.get("meta", {}))
