"""The closed set of result types: views, checks, records, and the audit result.

An evaluator turns one footprint into views (one per crosswalk variant, age-standardised or
pooled version), each a small dict of metrics with their noise floors and the cells behind
them. The GX suite turns each view into checks; the footprint's record carries the verdict, the
views, and everything a renderer needs (citations, the files used), so that reports do no I/O
but writing themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: the result types import nothing heavy
    from iaf.catalogue import Footprint
    from iaf.release import Release


class Verdict(StrEnum):
    """A footprint's outcome. ``inconclusive``: this release cannot settle it (too few rows,
    too little mapped mass); ``unevaluable``: no release could (no usable reference yet)."""

    PASS = "pass"
    FAIL = "fail"
    INCONCLUSIVE = "inconclusive"
    UNEVALUABLE = "unevaluable"


class Role(StrEnum):
    """What a view is to its footprint (report.json writes the value)."""

    PRIMARY = "primary"
    VARIANT = "variant"  # another mapping of the release's categories
    FRAME = "frame"  # another frame (e.g. job-seekers counted as employed)
    STANDARDISED = "standardised"
    COLLAPSED = "collapsed"


@dataclass(frozen=True)
class CountTable:
    """A release-side table as a view compares it (after frame and crosswalk): counts of
    ``columns`` within each of ``rows``. What a later diff compares release with release."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]

    @staticmethod
    def of(rows: Iterable[Any], columns: Iterable[Any], counts: Iterable[Iterable[Any]]
           ) -> CountTable:
        return CountTable(tuple(map(str, rows)), tuple(map(str, columns)),
                          tuple(tuple(int(n) for n in row) for row in counts))


@dataclass(frozen=True)
class Figure:
    """What a plot of a view draws, computed by its evaluator and drawn by ``iaf.report.plots``:
    ``values`` is a ``rows`` x ``columns`` matrix (None where the reference publishes nothing).

    kinds: ``shares`` (per category, synthetic and reference), ``residuals`` (synthetic minus
    reference conditional shares), ``female_shares`` (per group, with ``lines["parity"]``),
    ``interaction`` (per cell, reference and synthetic departures from their no-interaction
    fits), ``age_profile`` (active-duty rows per rank and age, ``bands`` the statutory ages).
    """

    kind: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    values: tuple[tuple[float | None, ...], ...]
    lines: dict[str, float] = field(default_factory=dict)
    bands: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    note: str = ""

    @staticmethod
    def of(kind: str, rows: Iterable[Any], columns: Iterable[Any],
           values: Iterable[Iterable[Any]], **extra: Any) -> Figure:
        def number(v: Any) -> float | None:
            return None if v is None or v != v else float(v)  # NaN -> None
        return Figure(kind, tuple(map(str, rows)), tuple(map(str, columns)),
                      tuple(tuple(number(v) for v in row) for row in values), **extra)


@dataclass(frozen=True)
class Cell:
    """One cell behind a view's metrics, as the report lists it (the worst first). Every method
    fills the fields it has and leaves the others empty: a marginal its categories' shares, a
    conditional P(outcome | group), a rule its checks (``where`` the rule, ``note`` its basis)."""

    where: str  # the row: a category, a conditioning group, or a rule checked
    outcome: str | None = None  # the column of a conditional cell: P(outcome | where)
    synthetic: float | None = None  # the release's share (or value) in the cell
    reference: float | None = None  # the reference's (or the rule's expected value)
    gap: float | None = None  # synthetic - reference
    weight: float | None = None  # the group's weight in the metric (its reference share)
    rows: int | None = None  # release rows behind the cell
    note: str = ""  # what was found there (flattened ...) or what a rule rests on


@dataclass(frozen=True)
class View:
    name: str
    role: Role
    metrics: dict[str, float]
    noise: dict[str, dict[str, float]] = field(default_factory=dict)  # metric -> noise.Band
    cells: tuple[Cell, ...] = ()
    frame_rows: int = 0
    inconclusive: str = ""
    # counterfactual name -> metric -> its spread (noise.Alternatives)
    counterfactual: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)  # metric -> why it has no value
    table: CountTable | None = None  # the release-side table the metrics were computed on
    figure: Figure | None = None  # what a plot of this view draws


@dataclass(frozen=True)
class Evaluation:
    views: tuple[View, ...] = ()
    notes: tuple[str, ...] = ()
    inconclusive: str = ""  # why this release cannot settle the footprint
    unevaluable: str = ""  # why no release could (the catalogue declares no usable reference)

    @property
    def figure(self) -> Figure | None:
        """The primary view's figure (what report.html plots), if it has one."""
        primary = next((v for v in self.views if v.role == Role.PRIMARY), None)
        return primary.figure if primary else None


@dataclass(frozen=True)
class Check:
    metric: str
    observed: float
    min: float | None  # effective bounds: the suite's, widened by the noise band
    max: float | None
    suite_min: float | None
    suite_max: float | None
    noise: float  # how much the noise band widened the bound at this size
    success: bool
    why: str

    @property
    def violation(self) -> float:
        """How far outside its bounds the observed value is, relative to the bound (0 inside)."""
        return violation(self.observed, self.min, self.max)


def violation(observed: float, low: float | None, high: float | None) -> float:
    """How far outside ``low``-``high`` the observed value is, relative to the bound it
    passes (0 inside): a check's, or a report document's check's."""
    worst = 0.0
    for bound, outside in ((low, (low or 0) - observed), (high, observed - (high or 0))):
        if bound is not None and outside > 0:
            worst = max(worst, outside / max(abs(bound), 1e-9))
    return worst


def key_index(checks: Sequence[tuple[bool, bool, float]]) -> int | None:
    """Which of a view's checks, given as (success, has a non-zero suite bound, violation),
    matters most (the one a headline shows): the most violated failure, relative to its
    bound, else the first. A zero bound (a count that must be 0) has no scale to compare
    violations with, so a failure with a scaled bound is shown before it."""
    failed = [i for i, (success, _, _) in enumerate(checks) if not success]
    scaled = [i for i in failed if checks[i][1]]
    if failed:
        return max(scaled or failed, key=lambda i: checks[i][2])
    return 0 if checks else None


@dataclass(frozen=True)
class Power:
    """Whether the view can tell a faithful release from the counterfactual at this size."""

    power: float  # P(some check fails | counterfactual of this size): the hardest one's
    metric: str  # the check that gives it
    needs_frame_rows: int | None  # about how many frame rows reach POWER_NEEDED (None: never)


@dataclass(frozen=True)
class ViewResult:
    view: View
    checks: tuple[Check, ...]
    verdict: Verdict
    power: Power | None = None


@dataclass(frozen=True, repr=False)
class Record:
    """The outcome of one (locale, footprint), with the provenance of what it was judged on."""

    footprint: Footprint
    verdict: Verdict
    reason: str = ""
    views: tuple[ViewResult, ...] = ()
    notes: tuple[str, ...] = ()
    citations: dict[str, str] = field(default_factory=dict)  # reference id -> citation
    files: dict[str, Path] = field(default_factory=dict)  # reference id -> the file read
    suite: Path | None = None  # the GX suite that judged it
    sources: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> Reference.source()

    @property
    def primary(self) -> ViewResult | None:
        return self.views[0] if self.views else None

    @property
    def key_check(self) -> Check | None:
        """The primary view's check that matters most (``key_index``); none for a record
        without a verdict of its own (inconclusive, unevaluable)."""
        if self.verdict in (Verdict.INCONCLUSIVE, Verdict.UNEVALUABLE) or not self.primary:
            return None
        checks = self.primary.checks
        at = key_index([(c.success, bool(c.suite_max or c.suite_min), c.violation)
                        for c in checks])
        return None if at is None else checks[at]

    def __repr__(self) -> str:
        return f"<Record {self.footprint.test_id}: {self.verdict.value}: {self.reason[:120]}>"

    @property
    def mapping_dependent(self) -> bool:
        """Another crosswalk variant reaches a different verdict than the primary one."""
        return any(v.view.role == Role.VARIANT and v.verdict != self.verdict
                   for v in self.views)

    @property
    def frame_dependent(self) -> bool:
        """A variant of the frame (not of the mapping) reaches a different verdict."""
        return any(v.view.role == Role.FRAME and v.verdict != self.verdict
                   for v in self.views)

    @property
    def survives_standardisation(self) -> bool | None:
        standardised = [v for v in self.views if v.view.role == Role.STANDARDISED]
        if not standardised:
            return None
        return standardised[0].verdict == self.verdict


@dataclass(frozen=True, repr=False)
class AuditResult:
    """One release audited: the release, its files' checksums, the catalogue, every record,
    and what a later diff needs of the release itself (its columns' values with row counts,
    the values outside a closed set that were admitted, each footprint's raw attribute table
    for footprints without a view)."""

    release: Release
    sha256: dict[str, str]  # release file name -> sha256
    catalogue: str  # "shipped" or the user's catalogue folder
    records: tuple[Record, ...]
    values: dict[str, dict[str, int]] = field(default_factory=dict)  # column -> value -> rows
    new_values: dict[str, dict[str, int]] = field(default_factory=dict)  # outside closed sets
    revision_note: str = ""  # the snapshot's revision against the schema's (Schema.revision_note)
    engine: str = "arrow"  # the scan engine that counted the release (iaf.scan.ENGINES)
    attribute_tables: dict[str, CountTable] = field(default_factory=dict)  # footprint id ->

    def rows(self) -> list[dict[str, Any]]:
        """One plain row per footprint: locale, footprint, kind, verdict, its key check
        (``Record.key_check``: metric, observed value, effective bounds as ``lower`` and
        ``upper``, not to hide a DataFrame's min and max; None where the verdict has none)
        and reason."""
        return [{"locale": r.footprint.locale, "footprint": r.footprint.id,
                 "kind": r.footprint.kind.value, "verdict": r.verdict.value,
                 "metric": key.metric if key else None,
                 "observed": key.observed if key else None,
                 "lower": key.min if key else None, "upper": key.max if key else None,
                 "reason": r.reason} for r in self.records for key in [r.key_check]]

    def __repr__(self) -> str:
        """Totals and one line per footprint (what a notebook shows), not a dump."""
        counts = ", ".join(f"{sum(r.verdict is v for r in self.records)} {v.value}"
                           for v in Verdict)
        head = (f"<AuditResult {self.release.locale}, {self.release.label} "
                f"({self.release.rows:,} rows): {counts}>")
        width = max((len(r.footprint.id) for r in self.records), default=0)
        lines = [f"  {r.footprint.id:{width}}  {r.verdict.value:12}  {r.reason[:100]}"
                 + ("…" if len(r.reason) > 100 else "") for r in self.records]
        return "\n".join([head, *lines])

    def to_frame(self) -> Any:
        """``rows()`` as a pandas DataFrame (a notebook can sort or filter on the key check)."""
        import pandas as pd  # noqa: PLC0415

        return pd.DataFrame(self.rows())


@dataclass(frozen=True)
class Change:
    """One finding of a diff; ``regression`` marks what fails the gate."""

    footprint: str  # a footprint id, or "" for the release itself
    kind: str  # transition | movement | drift | schema | sampling (expected, not a change)
    text: str
    regression: bool = False
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, repr=False)
class DiffResult:
    """A new release against the last (``iaf.diff``): every change found, the regressions
    marked, and an overview of every footprint's verdict on both sides."""

    locale: str
    baseline: dict[str, Any]  # the baseline's release entry (label, rows, files ...)
    new: dict[str, Any]
    changes: tuple[Change, ...]
    # (footprint, baseline verdict, new verdict, change: a transition's name, new, gone,
    # not compared or '')
    overview: tuple[tuple[str, str, str, str], ...] = ()

    @property
    def regressed(self) -> bool:
        """Anything regressed: what fails a gate (and makes `iaf diff` exit 1)."""
        return any(c.regression for c in self.changes)

    def __repr__(self) -> str:
        """The outcome and the regressions (what a notebook shows), not the releases' dump."""
        outcome = ("regressed: " + ", ".join(self.regressed_footprints) if self.regressed
                   else "no regression")
        head = (f"<DiffResult {self.locale}, {self.baseline.get('label')} -> "
                f"{self.new.get('label')}: {len(self.changes)} change(s), {outcome}>")
        return "\n".join([head, *(f"  REGRESSION {c.footprint or '(release)'}: {c.text[:100]}"
                                   for c in self.changes if c.regression)])

    def to_frame(self) -> Any:
        """The overview as a pandas DataFrame: footprint, baseline and new verdicts, change."""
        import pandas as pd  # noqa: PLC0415

        return pd.DataFrame(self.overview, columns=["footprint", "baseline", "new", "change"])

    @property
    def regressed_footprints(self) -> tuple[str, ...]:
        """The footprints with at least one regression (the release's own: '(release)')."""
        return tuple(sorted({c.footprint or "(release)" for c in self.changes
                             if c.regression}))
