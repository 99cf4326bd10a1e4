"""Run an audit: one projected scan of a release, then every footprint evaluated and validated.

Both the pytest plugin and the CLI call this module, so they reach the same verdicts. A
footprint that cannot be evaluated becomes an ``inconclusive`` record with its reason; only
iaf's own errors are turned into records or exit codes, anything else surfaces as a bug.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from iaf import gx
from iaf.evaluation import Evaluation, View
from iaf.evaluators import EVALUATORS
from iaf.footprints import Footprint, select
from iaf.release import Release, open_release
from iaf.schema import load_schema
from iaf.tables import Progress, Tables, scan


class Verdict(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    INCONCLUSIVE = "inconclusive"


@dataclass(frozen=True)
class ViewResult:
    view: View
    checks: tuple[gx.Check, ...]
    verdict: Verdict


@dataclass(frozen=True)
class Record:
    """The outcome of one (locale, footprint): verdict, reason, and every view's checks."""

    footprint: Footprint
    verdict: Verdict
    reason: str = ""
    views: tuple[ViewResult, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def primary(self) -> ViewResult | None:
        return self.views[0] if self.views else None

    @property
    def mapping_dependent(self) -> bool:
        """Another crosswalk variant reaches a different verdict than the primary one."""
        return any(v.view.role == "variant" and v.verdict != self.verdict for v in self.views)

    @property
    def survives_standardisation(self) -> bool | None:
        standardised = [v for v in self.views if v.view.role == "standardised"]
        if not standardised:
            return None
        return standardised[0].verdict == self.verdict


def _view_result(suite: gx.Suite, view: View) -> ViewResult:
    if view.inconclusive:
        return ViewResult(view, (), Verdict.INCONCLUSIVE)
    checks = gx.validate(suite, view)
    return ViewResult(view, checks, Verdict.PASS if all(c.success for c in checks)
                      else Verdict.FAIL)


def judge(footprint: Footprint, evaluation: Evaluation) -> Record:
    """Validate every view with the footprint's suite; the primary view decides the verdict."""
    if evaluation.inconclusive:
        return Record(footprint, Verdict.INCONCLUSIVE, evaluation.inconclusive,
                      notes=evaluation.notes)
    suite = gx.load_suite(footprint.locale, footprint.id)
    views = tuple(_view_result(suite, v) for v in evaluation.views)
    primary = views[0]
    return Record(footprint, primary.verdict, primary.view.inconclusive, views, evaluation.notes)


def evaluate_footprint(footprint: Footprint, tables: Tables) -> Record:
    if footprint.unevaluable:
        return Record(footprint, Verdict.INCONCLUSIVE, footprint.unevaluable)
    return judge(footprint, EVALUATORS[footprint.method](footprint, tables))


@dataclass
class Audit:
    """A release opened and scanned once for a set of footprints; records made on demand."""

    release: Release
    footprints: tuple[Footprint, ...]
    tables: Tables
    _records: dict[str, Record] = field(default_factory=dict)

    def record(self, footprint: Footprint) -> Record:
        if footprint.id not in self._records:
            self._records[footprint.id] = evaluate_footprint(footprint, self.tables)
        return self._records[footprint.id]

    def records(self) -> list[Record]:
        return [self.record(f) for f in self.footprints]


def open_audit(
    paths: Sequence[str | Path],
    locale: str,
    footprint_ids: list[str] | None = None,
    on_progress: Progress | None = None,
    label: str = "",
) -> Audit:
    """Open and scan ``paths`` as a release of ``locale`` for the selected footprints."""
    schema = load_schema(locale)
    footprints = select(locale, footprint_ids)
    requests = [f.scan_columns() for f in footprints]
    columns = sorted({c for r in requests for c in r})
    release = open_release(paths, schema, columns, label=label)
    return Audit(release, footprints, scan(release, schema, requests, on_progress))
