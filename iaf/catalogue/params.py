"""Typed footprint parameters: one frozen type per evaluation method, parsed and checked once.

``parse(cls, raw, where, problems)`` builds a params object from the JSON of a footprint and
notes every unknown key, missing key and wrongly typed value, so that a typo in a catalogue is
an error naming the file and key at load time, never a ``KeyError`` halfway through an audit.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar, Union

from iaf.catalogue.problems import Problems

# field metadata: which fields name a column, of the release or of the footprint's reference
# tables; the catalogue checks each at load (Catalogue._columns)
RELEASE = {"column": "release"}
REFERENCE = {"column": "reference"}


def named_columns(params: Any) -> list[tuple[str, str, str]]:
    """(key, side, column) for every field of ``params`` (nested too) that names a column;
    the keys of a ``where`` filter name reference columns."""
    found: list[tuple[str, str, str]] = []
    if not dataclasses.is_dataclass(params):
        return found
    for spec in dataclasses.fields(params):
        value, side = getattr(params, spec.name), spec.metadata.get("column")
        if side and isinstance(value, str):
            found.append((spec.name, side, value))
        elif side and isinstance(value, dict):
            found += [(f"{spec.name}.{k}", side, k) for k in value]
        elif dataclasses.is_dataclass(value):
            found += [(f"{spec.name}.{k}", s, c) for k, s, c in named_columns(value)]
    return found


class Axis(str, Enum):
    GIVEN = "given"
    OUTCOME = "outcome"


@dataclass(frozen=True)
class CrosswalkSpec:
    """Which crosswalk maps the release column, truncated to ``level`` code characters, with
    codes in ``exclude`` mapped but outside the frame; ``variant`` fixes one variant."""

    id: str
    column: str = field(default="occupation", metadata=RELEASE)
    level: int | None = None
    exclude: tuple[str, ...] = ()
    variant: str | None = None


@dataclass(frozen=True)
class CollapseSpec:
    """Pool one axis of both tables into a common taxonomy (e.g. ISCO-08 major groups)."""

    id: str
    dim: Axis
    level: str


@dataclass(frozen=True)
class Taxonomy:
    name: str
    cardinality: int


@dataclass(frozen=True)
class RecodeSpec:
    column: str = field(metadata=RELEASE)
    id: str


@dataclass(frozen=True)
class MatrixSpec:
    """Which reference columns give the X x Y matrix, and a row filter (see frames)."""

    given: str = field(metadata=REFERENCE)
    outcome: str = field(metadata=REFERENCE)
    where: dict[str, Any] = field(default_factory=dict, metadata=REFERENCE)


@dataclass(frozen=True)
class SharesSpec:
    """Female shares per group: counts by ``sex``, or a group ``size`` and ``percent_women``."""

    group: str = field(metadata=REFERENCE)
    sex: str | None = field(default=None, metadata=REFERENCE)
    size: str | None = field(default=None, metadata=REFERENCE)
    percent_women: str | None = field(default=None, metadata=REFERENCE)


@dataclass(frozen=True)
class MappingSpec:
    """Another defensible mapping of a flattening footprint's occupations, judged as a variant
    view: ``crosswalk`` onto the groups of table ``reference`` (female shares by ``shares``),
    keeping only the groups whose codes start with one of ``majors`` (all when empty)."""

    name: str
    crosswalk: CrosswalkSpec
    reference: str
    shares: SharesSpec
    majors: tuple[str, ...] = ()
    why: str = ""


@dataclass(frozen=True)
class StandardisationSpec:
    reference: str
    bands: dict[str, str]  # reference measure -> age band label


@dataclass(frozen=True)
class AreaSpec:
    area: str = field(metadata=REFERENCE)
    sex: str = field(metadata=REFERENCE)
    group: str = field(metadata=REFERENCE)


@dataclass(frozen=True)
class Comparable:
    """What the cross-locale comparison needs: the taxonomy, and why there is no pooled view;
    ``notes`` are declared facts a reader of the footprint's result should see."""

    taxonomy: Taxonomy | None = None
    no_collapse: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class MarginalParams:
    """One column's distribution: ``recode`` maps its values (a one-variant crosswalk);
    ``crosswalk`` maps them per variant onto the reference's groups and frame (employed);
    ``where`` keeps the reference rows the release can have (see references.filter_reference)."""

    column: str = field(metadata=RELEASE)
    reference_column: str = field(metadata=REFERENCE)
    bands: tuple[str, ...] = ()
    recode: str | None = None
    crosswalk: CrosswalkSpec | None = None
    where: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class ConditionalParams(Comparable):
    """``vintages``: other published editions of the reference table (same columns), each
    judged as a frame view, so a verdict that turns on which edition was used says so.
    ``within_level``: independence means the outcome independent of the given category within
    groups of its codes' first ``within_level`` characters (1: within KSCO major groups), so rho
    and dependence_lost measure what lies below those groups."""

    given: str = field(metadata=RELEASE)
    outcome: str = field(metadata=RELEASE)
    reference: MatrixSpec
    crosswalk: CrosswalkSpec
    code_titles: str | None = None
    recode: RecodeSpec | None = None
    collapse: CollapseSpec | None = None
    vintages: tuple[str, ...] = ()
    within_level: int | None = None


@dataclass(frozen=True)
class PartialSpec:
    """How a partial table is laid out: rows of ``parts`` (the reference's own groups, pooled
    into the release's ``given`` values), a ``measure`` column telling each row's group
    ``size`` from an ``outcome`` cell's ``share`` (in percent)."""

    given: str = field(metadata=REFERENCE)
    outcome: str = field(metadata=REFERENCE)
    part: str = field(metadata=REFERENCE)
    measure: str = field(default="measure", metadata=REFERENCE)
    size: str = "employed"
    share: str = "share_pct"


@dataclass(frozen=True, kw_only=True)
class PartialConditionalParams(Comparable):
    given: str = field(metadata=RELEASE)
    outcome: str = field(metadata=RELEASE)
    reference: PartialSpec
    crosswalk: CrosswalkSpec
    min_coverage: float = 0.5
    code_titles: str | None = None


@dataclass(frozen=True, kw_only=True)
class FlatteningParams(Comparable):
    female: str
    threshold: float = 0.25
    threshold_basis: str
    reference: SharesSpec
    crosswalk: CrosswalkSpec
    standardisation: StandardisationSpec | None = None
    scan_columns: tuple[str, ...] = ()
    mapping: MappingSpec | None = None


@dataclass(frozen=True, kw_only=True)
class LocationParams(Comparable):
    area: str = field(metadata=RELEASE)
    sex: str = field(metadata=RELEASE)
    reference: AreaSpec
    crosswalk: CrosswalkSpec
    collapse: CollapseSpec | None = None


@dataclass(frozen=True)
class TripleSpec:
    """Which reference columns hold the two factors and the outcome of a three-way table."""

    first: str = field(metadata=REFERENCE)
    second: str = field(metadata=REFERENCE)
    outcome: str = field(metadata=REFERENCE)


@dataclass(frozen=True, kw_only=True)
class InteractionParams(Comparable):
    """Two release factors acting on an outcome together: ``first`` and ``second`` (release
    columns; ``recode`` maps the second onto the reference's groups: an integer one, age,
    through a crosswalk of intervals), the outcome mapped by ``crosswalk``; ``reference``
    names the three-way table's columns; ``vintages`` other editions of it, each judged as a
    frame view."""

    first: str = field(metadata=RELEASE)
    second: str = field(metadata=RELEASE)
    outcome: str = field(default="occupation", metadata=RELEASE)
    reference: TripleSpec
    crosswalk: CrosswalkSpec
    recode: RecodeSpec | None = None
    code_titles: str | None = None
    vintages: tuple[str, ...] = ()


@dataclass(frozen=True)
class IdentityParams:
    """Rows that repeat: of ``id_column``, and of the footprint's other columns together (the
    persona); ``why`` says why those columns are what a persona is read as."""

    id_column: str = field(metadata=RELEASE)
    why: str = ""


@dataclass(frozen=True)
class MilitaryParams:
    crosswalk: CrosswalkSpec
    classes: dict[str, str]  # crosswalk code -> class (장교/부사관/병사)
    strength_classes: dict[str, str]  # class label in the strength table -> class
    active: str
    male: str
    female: str
    composition_year: str
    enlisted: str  # the class the draft supplies (병사)
    cadre: tuple[str, ...]  # the career classes (장교, 부사관)
    cadre_measure: str  # the word the women table uses for cadre (간부)
    draft_ages: str  # the ages the enlisted are compared with, an interval: 20-24


T = TypeVar("T")


def _convert(kind: Any, value: Any, key: str, report: list[tuple[str, str]]) -> Any:
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        return _convert(next(a for a in args if a is not type(None)), value, key, report)
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        if not isinstance(value, dict):
            report.append((key, f"must be an object, got {value!r}"))
            return None
        return _build(kind, value, key, report)
    if isinstance(kind, type) and issubclass(kind, Enum):
        try:
            return kind(value)
        except ValueError:
            report.append((key, f"must be one of {[e.value for e in kind]}, got {value!r}"))
            return None
    if origin is tuple:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            report.append((key, f"must be a list of strings, got {value!r}"))
            return ()
        return tuple(value)
    if origin is dict:
        if not isinstance(value, dict):
            report.append((key, f"must be an object, got {value!r}"))
            return {}
        if args and args[1] is str and not all(isinstance(v, str) for v in value.values()):
            report.append((key, "every value must be a string"))
        return dict(value)
    if kind is Any:
        return value
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kind) or isinstance(value, bool) is not (kind is bool):
        report.append((key, f"must be {kind.__name__}, got {value!r}"))
    return value


def _build(cls: type[T], raw: dict[str, Any], prefix: str, report: list[tuple[str, str]]) -> T:
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    for key in sorted(set(raw) - set(fields)):
        report.append((f"{prefix}.{key}", f"unknown key; {cls.__name__} takes "
                                          f"{', '.join(sorted(fields))}"))
    values = {}
    for name, spec in fields.items():
        key = f"{prefix}.{name}"
        if name in raw:
            values[name] = _convert(hints[name], raw[name], key, report)
        elif spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING:
            report.append((key, "missing"))
            values[name] = None
    return cls(**values)


def parse(cls: type[T], raw: Any, where: Path, prefix: str, problems: Problems) -> T | None:
    """``raw`` as a ``cls``; every defect is noted in ``problems`` (then None is returned)."""
    if not isinstance(raw, dict):
        problems.add(where, prefix, f"must be an object, got {raw!r}")
        return None
    report: list[tuple[str, str]] = []
    built = _build(cls, raw, prefix, report)
    for key, message in report:
        problems.add(where, key, message)
    return None if report else built
