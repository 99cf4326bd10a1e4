"""iaf diff: a new release of one locale against the last (regression, movement, drift).

(Named ``compare``, not ``diff``: ``iaf.diff`` is the API function this module defines.)

Both sides are reports (the baseline's ``report.json``, or the baseline release audited now),
so a publisher keeps last version's report and never needs its parquet files again. Per
footprint: verdict transitions (pass -> fail is a regression), release-vs-release drift of
each footprint's release-side table (after frame and crosswalk) against a two-sample noise band,
and metric movement beyond the noise of two faithful releases of the two sizes (a metric that
worsens beyond it is a regression even when both verdicts agree) where that table drifted too:
the metrics' bands are drawn at the reference, and a release away from it varies more than they
say (measured: up to 2.3 times, issue 19), while the permutation band is exact for any two
samples of one population, so a table that did not move cannot carry a real movement. Drift is
change, not infidelity: it works where no official reference exists (the old release is the
reference) and is reported, not failed. Schema drift: columns, values that appeared or
vanished, rows, files, checksums.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from statistics import NormalDist
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from iaf import noise
from iaf.errors import ReleaseError, UsageError
from iaf.report import document as report_document
from iaf.report.document import ReportDoc, table_from_doc
from iaf.results import Change, CountTable, DiffResult

if TYPE_CHECKING:
    from iaf.catalogue import Catalogue
    from iaf.scan import Progress

DRIFT_DRAWS = 400
# Two faithful releases show drift or a movement somewhere in at most one pair in PAIR_RATE's
# inverse: half the rate for drift, half for movements (which need drift besides), each shared
# among its tests (the union bound), so a locale with more footprints or checks has stricter
# bands on each.
PAIR_RATE = 0.05
# A value in one release only is sampling's unless a pair of faithful releases puts all its
# rows on one side more rarely than this, over all the column's values that changed
SAMPLING_ALPHA = 1 / 1000
# A distance (TVD, a gap, rho = 1 - D/D0) has its ideal at a bound, so its noise band, drawn at
# the reference, is folded: the sd of |x| there is sqrt(1 - 2/pi) of x's. A release away from the
# reference (every real one, by drift) moves with x's full sd, up to this factor more: measured,
# faithful 200k releases' rho varies 1.6-2.0 times the band's sd.
FOLDED = 1 / math.sqrt(1 - 2 / math.pi)


def _release(document: ReportDoc, locale: str, where: str) -> Mapping[str, Any]:
    found = [r for r in document.get("releases", ()) if r.get("locale") == locale]
    if not found:
        held = sorted({str(r.get("locale")) for r in document.get("releases", ())})
        raise ReleaseError(f"The {where} has no {locale} release (it holds "
                           f"{', '.join(held) or 'none'})")
    return found[0]


def _primary(record: Mapping[str, Any]) -> Mapping[str, Any] | None:
    views = record.get("views") or {}
    return next((v for v in views.values() if v.get("role") == "primary"), None)


def _worse(check: Mapping[str, Any], old: float, new: float, ideal: float | None) -> float:
    """How much ``new`` is worse than ``old`` with respect to the check's suite bounds. A bound
    on one side counts only that side of the metric's ideal: dependence_exaggerated rising from
    -0.56 (dependence lost) to 0 moved to its ideal, not toward its upper bound."""
    low, high = check.get("suite_min"), check.get("suite_max")
    if low is not None and high is not None:
        middle = (low + high) / 2
        return float(abs(new - middle) - abs(old - middle))
    if ideal is not None:
        side = max if high is not None else min
        old, new = side(old, ideal), side(new, ideal)
    return float(new - old if high is not None else old - new)


def _release_sd(band: dict[str, float]) -> float:
    """The sd with which a release's metric moves: the band's, unfolded for one-sided bands."""
    sd = band.get("sd", 0.0)
    return sd * FOLDED if not band.get("above") or not band.get("below") else sd


def quantile(tests: int) -> float:
    """The one-sided normal quantile of each of ``tests`` tests sharing half of PAIR_RATE."""
    return NormalDist().inv_cdf(1 - PAIR_RATE / 2 / max(tests, 1))


def movements(fid: str, old: Mapping[str, Any], new: Mapping[str, Any], z: float = noise.Z
              ) -> list[Change]:
    """Checked metrics of the primary views that worsened beyond the noise of the two sizes
    (``z`` sds of their difference)."""
    old_view, new_view = _primary(old), _primary(new)
    if not old_view or not new_view:
        return []
    old_checks = {c["metric"]: c for c in old_view.get("checks", ())}
    out = []
    for check in new_view.get("checks", ()):
        metric = check["metric"]
        before = old_checks.get(metric)
        if before is None or before["observed"] is None or check["observed"] is None:
            continue
        bands = [v.get("noise", {}).get(metric, {}) for v in (old_view, new_view)]
        band = z * math.sqrt(sum(_release_sd(b) ** 2 for b in bands))
        # the new report's ideal (a report of iaf 0.3 or earlier does not record one)
        ideal = bands[1].get("ideal", bands[0].get("ideal"))
        worse = _worse(check, before["observed"], check["observed"], ideal)
        if worse > band:
            out.append(Change(fid, "movement", (
                f"{metric} {before['observed']:.4g} -> {check['observed']:.4g}: worse by "
                f"{worse:.3g}, " + (f"beyond the {band:.3g} two faithful releases of these "
                                    "sizes differ by" if band > 0 else
                                    "where two faithful releases of these sizes never differ")
                ), regression=True, details={
                    "metric": metric, "baseline": before["observed"],
                    "new": check["observed"], "band": band}))
    return out


def _aligned(a: CountTable, b: CountTable) -> tuple[list[str], np.ndarray, np.ndarray]:
    rows = sorted(set(a.rows) | set(b.rows))
    columns = sorted(set(a.columns) | set(b.columns))
    out = []
    for table in (a, b):
        frame = np.zeros((len(rows), len(columns)))
        r, c = [rows.index(x) for x in table.rows], [columns.index(x) for x in table.columns]
        frame[np.ix_(r, c)] = np.asarray(table.counts, dtype=float).reshape(len(r), len(c))
        out.append(frame)
    return rows, out[0], out[1]


def _row_distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """TVD of each row of two count tables; a row empty in one of them is 1 (it vanished)."""
    sa, sb = a.sum(axis=-1, keepdims=True), b.sum(axis=-1, keepdims=True)
    pa_ = np.divide(a, sa, out=np.zeros_like(a), where=sa > 0)
    pb_ = np.divide(b, sb, out=np.zeros_like(b), where=sb > 0)
    return np.where((sa[..., 0] > 0) & (sb[..., 0] > 0), 0.5 * np.abs(pa_ - pb_).sum(axis=-1),
                    1.0)


def drift(a: CountTable, b: CountTable, z: float = noise.Z
          ) -> tuple[float, float, list[tuple[str, float]]]:
    """(distance, two-sample band at the ``z`` quantile, rows that moved most) between two
    releases' tables.

    The band is a permutation band: the pooled rows split at random into each side's row sizes
    (two samples of one population, exactly exchangeable; drawing both from the pooled shares
    instead would understate the noise of sparse tables), scored the same way. It conditions
    on the row sizes, so it judges each row's distribution; a row (category) present on one
    side only is schema drift (values appeared or vanished), counted alike in both."""
    rows, x, y = _aligned(a, b)
    pooled = x + y
    weights = pooled.sum(axis=1) / max(pooled.sum(), 1)
    per_row = _row_distances(x, y)
    observed = float((weights * per_row).sum())
    generator = noise.rng()
    draws = np.zeros(DRIFT_DRAWS)
    for i, p in enumerate(pooled.astype(np.int64)):  # row by row: 22 x 2,120 stays small
        na, nb = int(x[i].sum()), int(y[i].sum())
        if not na or not nb:  # empty on one side whatever the split: distance 1 in both
            draws += weights[i]
            continue
        da = generator.multivariate_hypergeometric(p, na, size=DRIFT_DRAWS, method="marginals")
        draws += weights[i] * 0.5 * np.abs(da / na - (p - da) / nb).sum(axis=1)
    moved = sorted(zip(rows, per_row * weights), key=lambda r: (-r[1], r[0]))[:5]
    return observed, noise.band(draws, 0.0, z)["above"], [(r, float(v)) for r, v in moved]


def _table(record: Mapping[str, Any], release: Mapping[str, Any]) -> CountTable | None:
    view = _primary(record)
    data = (view or {}).get("table") or release.get("attribute_tables", {}).get(record["id"])
    return table_from_doc(data) if data else None


def _titles(record: Mapping[str, Any]) -> dict[str, str]:
    """A table's row codes with the titles its figure shows them by ('8' -> '8 장치·기계 조작
    및 조립 종사자'), where the primary view's figure gives them."""
    figure = (_primary(record) or {}).get("figure") or {}
    return {label.split(" ", 1)[0]: label for label in figure.get("rows", ())
            if isinstance(label, str) and " " in label}


def drifts(a: CountTable, b: CountTable, fid: str, z: float = noise.Z,
           titles: Mapping[str, str] | None = None) -> list[Change]:
    """The drift of a footprint's table between two releases, its rows that moved most named
    by their ``titles`` where given (a bare code says little)."""
    distance, band, moved = drift(a, b, z)
    if distance <= band:
        return []
    shown = ", ".join(f"{(titles or {}).get(row, row)} ({share:.3f})"
                      for row, share in moved[:3])
    return [Change(fid, "drift", (
        f"release-side table moved by {distance:.3g} (two-sample noise {band:.3g}); most in "
        f"{shown}. Drift is change between the releases, not by itself an infidelity"),
        details={"distance": distance, "band": band, "rows": moved})]


def _moved(fid: str, old: tuple[Mapping[str, Any], Mapping[str, Any]],
           new: tuple[Mapping[str, Any], Mapping[str, Any]], checks: int, footprints: int
           ) -> list[Change]:
    """A footprint's movements and drift: movements only where its table drifted (or where a
    report too old to keep the table cannot say)."""
    a, b = _table(*old), _table(*new)
    if a is None or b is None:
        return movements(fid, old[0], new[0], quantile(checks))
    if not set(a.rows) & set(b.rows) or not set(a.columns) & set(b.columns):
        # e.g. a report of an older iaf that banded ages otherwise: its metrics differ too
        return [Change(fid, "schema", "not compared: the two reports count it in tables with "
                                      "no category in common (its definition changed)")]
    drift_found = drifts(a, b, fid, quantile(footprints), _titles(new[0]))
    moved = movements(fid, old[0], new[0], quantile(checks)) if drift_found else []
    return moved + drift_found


TRANSITIONS = {  # (baseline, new) -> what the change is; a new fail is a regression
    ("pass", "fail"): "regression", ("inconclusive", "fail"): "regression",
    ("unevaluable", "fail"): "regression", ("fail", "pass"): "improvement",
    ("inconclusive", "pass"): "now settled", ("unevaluable", "pass"): "now settled",
    ("pass", "inconclusive"): "no longer settled", ("fail", "inconclusive"): "no longer settled",
}


def transition(before: str, after: str) -> str:
    """The name of a verdict's change between releases ('' when it did not change)."""
    if before == after:
        return ""
    return TRANSITIONS.get((before, after), "changed")


def _judged_against(record: Mapping[str, Any]) -> tuple[Any, ...]:
    """What a report says a footprint was judged against: its references (as cited) and its
    suite's bounds; an unevaluable footprint has neither."""
    bounds = sorted((c["metric"], c.get("suite_min"), c.get("suite_max"))
                    for c in record.get("checks", ()))
    return record.get("reference_citations") or {}, bounds


def _named(selection: Mapping[str, Any] | None, key: str, locale: str) -> set[str]:
    """The footprint ids a selection names under ``key`` ("selected" or "excluded"), bare."""
    return {i.removeprefix(f"{locale}/") for i in (selection or {}).get(key) or ()}


def left_out(selection: Mapping[str, Any] | None, locale: str) -> Callable[[str], bool]:
    """Whether a run's --footprint / --exclude left a footprint out (``selection``: a report's
    gate record, or anything with its "selected" and "excluded" ids, bare or ``ko_KR/...``)."""
    selected, excluded = _named(selection, "selected", locale), _named(selection, "excluded",
                                                                       locale)
    return lambda fid: fid in excluded or (bool(selected) and fid not in selected)


def transitions(fid: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None,
                unselected: str = "") -> list[Change]:
    """How a footprint's verdict changed; one that a side lacks is new or gone, unless that
    side's run left it out (``unselected``: "baseline", "new" or "both"). A new footprint that
    fails is a regression, as after an unevaluable one; one the baseline left out is not
    compared, its fail said but not counted (the gate's audit fails it all the same)."""
    fails = new is not None and new["verdict"] == "fail"
    if unselected:
        side = {"baseline": "the baseline's audit", "new": "this version's audit",
                "both": "both audits"}[unselected]
        return [Change(fid, "schema", f"not compared: {side} left it out (--footprint or "
                                      f"--exclude){'; it fails in this version' if fails else ''}")]
    if old is None or new is None:
        text = f"footprint {'new' if old is None else 'gone'} in this version"
        if new is None or not fails:
            return [Change(fid, "schema", text)]
        return [Change(fid, "transition", f"{text}; it fails ({new.get('reason')})",
                       regression=True, details={"baseline": "", "new": "fail",
                                                 "transition": "regression", "redefined": False})]
    before, after = old["verdict"], new["verdict"]
    word = transition(before, after)
    if not word:
        return []
    reason = new.get("reason") or ""  # why it is what it is now
    # a regression is marked as one by every output (REGRESSION, a column, the flag): not
    # said twice
    text = (f"{before} -> {after}" if word == "regression" else f"{word}: {before} -> {after}"
            ) + (f" ({reason})" if reason else "")
    redefined = _judged_against(old) != _judged_against(new)
    if redefined:  # a catalogue change (a new reference, other bounds), not only the release's
        text += ("; the two reports judged it against different references or suite bounds, "
                 "so the change may be the catalogue's rather than the release's")
    return [Change(fid, "transition", text, regression=word == "regression",
                   details={"baseline": before, "new": after, "transition": word,
                            "redefined": redefined})]


def _most(values: dict[str, int]) -> tuple[dict[str, int], str]:
    """Values by rows, most first, and the first five as text."""
    top = dict(sorted(values.items(), key=lambda kv: (-kv[1], kv[0])))
    return top, ", ".join(f"{v!r} ({n:,} rows)" for v, n in list(top.items())[:5])


def _by_chance(rows: int, total: int, other_total: int, tested: int) -> bool:
    """Whether sampling explains ``rows`` rows of a value in a release of ``total`` rows and
    none in the other's ``other_total``: at one rate shared by both, each of its rows falls on
    this side with probability total / (total + other_total), all of them with that to the
    power ``rows``; over the ``tested`` values of the column (the union bound), more often
    than SAMPLING_ALPHA. (Reading the rate off the ``rows`` seen ignored their own noise, and
    called 8 rows against none a change at 1 in 150 values.)"""
    return (total / (total + other_total)) ** rows * tested > SAMPLING_ALPHA


def _value_changes(column: str, before: Mapping[str, int], after: Mapping[str, int],
                   old_rows: int, new_rows: int) -> list[Change]:
    """Values that appeared or vanished, the ones sampling explains apart from the rest."""
    appeared = {v: n for v, n in after.items() if v not in before}
    vanished = {v: n for v, n in before.items() if v not in after}
    out, tested = [], len(appeared) + len(vanished)
    for label, values, (total, other) in (("appeared", appeared, (new_rows, old_rows)),
                                          ("vanished", vanished, (old_rows, new_rows))):
        rare = {v: n for v, n in values.items() if _by_chance(n, total, other, tested)}
        real = {v: n for v, n in values.items() if v not in rare}
        if real:
            top, shown = _most(real)
            out.append(Change("", "schema", f"{column}: {len(real)} value(s) {label}: {shown}",
                              details={label: top}))
        if rare:
            top, shown = _most(rare)
            out.append(Change("", "sampling", (
                f"{column}: {len(rare)} rare value(s) {label}, as sampling makes them at these "
                f"sizes (among the {tested:,} values that changed, two faithful releases "
                f"split a value's rows this unevenly more often than once in "
                f"{1 / SAMPLING_ALPHA:,.0f}; not a change): {shown}"),
                details={f"{label}_by_sampling": top}))
    return out


def schema_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    out = []
    for name in sorted(set(old.get("columns", ())) ^ set(new.get("columns", ()))):
        added = name in new.get("columns", ())
        out.append(Change("", "schema", f"column {name} {'added' if added else 'removed'}"))
    for column in sorted(set(old.get("values", {})) & set(new.get("values", {}))):
        out += _value_changes(column, old["values"][column], new["values"][column],
                              old.get("rows") or 1, new.get("rows") or 1)
    for column, values in sorted(new.get("new_values", {}).items()):
        top, shown = _most(values)
        out.append(Change("", "schema", f"{column}: {len(values)} value(s) outside the declared "
                                        f"value list, unmapped by the crosswalks: {shown}",
                          details={"outside_declared": top}))
    if old.get("revision") != new.get("revision"):
        out.append(Change("", "schema", f"revision {old.get('revision') or 'unknown'} -> "
                                        f"{new.get('revision') or 'unknown'}"))
    if old.get("rows") != new.get("rows"):
        out.append(Change("", "schema", f"rows {old.get('rows'):,} -> {new.get('rows'):,}"))
    # files are matched by their bytes: the same release given as a folder, a glob or
    # file names names its files differently
    old_files = Counter(f["sha256"] for f in old.get("files", ()))
    new_files = Counter(f["sha256"] for f in new.get("files", ()))
    if old_files != new_files:
        same = sum((old_files & new_files).values())
        out.append(Change("", "schema", f"files: {old_files.total()} -> {new_files.total()}, "
                                        f"{same} byte-identical"))
    return out


def compare(baseline: ReportDoc, new: ReportDoc, locale: str,
            new_selection: Mapping[str, Any] | None = None) -> DiffResult:
    """Compare two report documents (iaf.report.document, or a read report.json); a footprint
    that one side's selection left out is not compared (the baseline's selection is in its gate
    record; ``new_selection``, as gate records hold it, is the new side's)."""
    old_release = _release(baseline, locale, "baseline")
    new_release = _release(new, locale, "new release")
    old_records = {r["id"]: r for r in baseline["footprints"] if r["locale"] == locale}
    new_records = {r["id"]: r for r in new["footprints"] if r["locale"] == locale}
    old_left_out = left_out(baseline.get("gate"), locale)
    new_left_out = left_out(new_selection or new.get("gate"), locale)
    changes = schema_changes(old_release, new_release)
    both = sorted(set(old_records) & set(new_records))
    checks = sum(len((_primary(new_records[f]) or {}).get("checks", ())) for f in both)
    overview = []
    # a footprint both runs excluded is in neither's records, and still said (not compared)
    excluded = (_named(baseline.get("gate"), "excluded", locale)
                | _named(new_selection or new.get("gate"), "excluded", locale))
    both_out = {f for f in excluded if old_left_out(f) and new_left_out(f)}
    # in the catalogue's order, as the audit lists them (the new report's, then the rest)
    for fid in dict.fromkeys([*new_records, *old_records, *sorted(both_out)]):
        old, fresh = old_records.get(fid), new_records.get(fid)
        unselected = ("both" if old is None and fresh is None else
                      "baseline" if old is None and old_left_out(fid) else
                      "new" if fresh is None and new_left_out(fid) else "")
        found = transitions(fid, old, fresh, unselected)
        if old is not None and fresh is not None:
            found += _moved(fid, (old, old_release), (fresh, new_release), checks, len(both))
        changes += found
        before = old["verdict"] if old is not None else ""
        after = fresh["verdict"] if fresh is not None else ""
        word = ("not compared" if unselected else transition(before, after) if before and after
                else "new" if after else "gone")
        if not word and any(c.regression for c in found):  # same verdict, a metric moved worse
            word = "regression (moved)"
        overview.append((fid, before, after, word))
    # the baseline report's run id, when it is a report: which audit the diff was made against
    read_from = {"run": baseline["run"]} if "run" in baseline else {}
    return DiffResult(locale, {**old_release, **read_from}, dict(new_release), tuple(changes),
                      tuple(overview))


def _paths(value: str | Path | Sequence[str | Path]) -> list[Path]:
    return [Path(value)] if isinstance(value, (str, Path)) else [Path(v) for v in value]


def is_report(paths: Sequence[Path]) -> bool:
    return len(paths) == 1 and paths[0].is_file() and paths[0].suffix == ".json"


def as_read(results: Sequence[Any]) -> ReportDoc:
    """Audit results as a report document reads back from report.json (rounded alike), so a
    release audited now compares exactly as its saved report would."""
    return cast(ReportDoc, json.loads(report_document.dumps(report_document.build(results))))


def audited(paths: Sequence[Path], locale: str, catalogue: Catalogue | None = None, *,
            allow_partial: bool = False, on_progress: Progress | None = None) -> ReportDoc:
    """A release audited now (new values admitted: they are drift; missing -of-N shards only
    with ``allow_partial``), as report.json reads."""
    from iaf.runner import audit  # noqa: PLC0415

    return as_read([audit(paths, locale, catalogue=catalogue, allow_new_values=True,
                          allow_partial=allow_partial, on_progress=on_progress)])


def baseline(value: str | Path | Sequence[str | Path], locale: str,
             catalogue: Catalogue | None = None, *, allow_partial: bool = False,
             partial_shards: bool = False, on_progress: Progress | None = None) -> ReportDoc:
    """The baseline as a report document: its report.json read (a partial one only with
    ``allow_partial``), or the release audited now (missing shards only with
    ``partial_shards``)."""
    paths = _paths(value)
    if len(paths) == 1 and paths[0].suffix == ".json" and not paths[0].exists():
        raise ReleaseError("Baseline report does not exist", file=str(paths[0]))
    if is_report(paths):
        return report_document.read(paths[0], allow_partial=allow_partial)
    return audited(paths, locale, catalogue, allow_partial=partial_shards,
                   on_progress=on_progress)


@contextmanager
def side(name: str, paths: str | Path | Sequence[str | Path]) -> Iterator[None]:
    """A release refused inside names the side of the comparison it is (``name``: the
    baseline, the new release) and its paths: `iaf diff a.parquet b.parquet v2/` takes
    b.parquet as the new release's."""
    try:
        yield
    except ReleaseError as error:
        given = ", ".join(str(p) for p in _paths(paths))
        said = f"This is {name}: {given}" + (" (every path after the first, the baseline)"
                                              if name == "the new release" else "")
        raise error.hinted(said) from None


def only_locale(document: ReportDoc) -> str | None:
    """The one locale a report holds (None: several)."""
    locales = {r["locale"] for r in document["releases"]}
    return locales.pop() if len(locales) == 1 else None


def diff(old: str | Path | Sequence[str | Path], new: str | Path | Sequence[str | Path],
         locale: str | None = None, *, catalogue: Catalogue | None = None,
         allow_partial: bool = False) -> DiffResult:
    """Compare release ``new`` with ``old`` (a release, or its report.json; a partial report
    only with ``allow_partial``) as releases of ``locale`` (default: a baseline report's own,
    else the catalogue's only locale, else ko_KR)."""
    from iaf.catalogue import Catalogue  # noqa: PLC0415

    catalogue = catalogue or Catalogue.shipped()
    check_new_side(_paths(new))
    told = catalogue.check_locale(locale) if locale else None
    with side("the baseline", old):
        base = baseline(old, told or catalogue.default_locale(), catalogue,
                        allow_partial=allow_partial)
    locale = run_locale(catalogue, told, base, old)
    with side("the new release", new):
        fresh = audited(_paths(new), locale, catalogue)
    return compare(base, fresh, locale)


def run_locale(catalogue: Catalogue, told: str | None, base: ReportDoc | None,
               given: object) -> str:
    """The locale a diff or gate runs as: as told; else the baseline report's own (a release
    baseline was audited as told), else the catalogue's default, as an audit's."""
    recorded = only_locale(base) if base is not None and not told else None
    if recorded and recorded not in catalogue.locales():
        raise UsageError(f"The baseline report {given} audited locale {recorded!r}, which the "
                         f"{catalogue.label} catalogue lacks: give the catalogue it was audited "
                         "with (--catalogue DIR)")
    return catalogue.check_locale(told or recorded or catalogue.default_locale())


def check_new_side(paths: Sequence[Path]) -> None:
    """The new side of a diff is a release: a report there is refused, saying why."""
    if is_report(list(paths)):
        raise ReleaseError("The new side must be a release (parquet files), not a report: a "
                           "diff audits the new release now, against a baseline release or its "
                           "report.json", file=str(paths[0]))
