"""Run an audit: the catalogue loaded, one projected scan of a release, then every footprint
evaluated and validated into a record.

Both the pytest plugin and the CLI call this module, so they reach the same verdicts. A
footprint that cannot be evaluated becomes an ``inconclusive`` record with its reason; only
iaf's own errors are turned into records or exit codes, anything else surfaces as a bug. The
release files are hashed by a child process and GX is imported in another while the scan runs.
"""

from __future__ import annotations

import math
import os
import pickle
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from iaf import cache, gx
from iaf.catalogue import Catalogue, Dtype, Footprint, LoadedFootprint, LocaleSchema, Method
from iaf.checksums import Hashing
from iaf.errors import BadColumn, IafError, ReleaseError, UsageError
from iaf.evaluators import EVALUATORS
from iaf.power import POWER_NEEDED, view_power
from iaf.release import Release, ReleaseFile, check_table, given_twice, open_release
from iaf.results import (
    AuditResult,
    Check,
    CountTable,
    Evaluation,
    Record,
    Verdict,
    View,
    ViewResult,
)
from iaf.scan import DEFAULT_ENGINE, Progress, scan, tables_from_arrow
from iaf.tables import Tables

SHARED_WAIT = 3600  # seconds a pytest-xdist worker waits for another's scan


def validated(items: Sequence[tuple[LoadedFootprint[Any], Evaluation]]
              ) -> list[list[tuple[Check, ...]]]:
    """The checks of every view of every evaluation, validated in one GX run."""
    pairs = [(b.suite, v) for b, e in items for v in e.views if not v.inconclusive]
    flat = iter(gx.validate_views(pairs))  # type: ignore[arg-type]  # evaluable: has a suite
    return [[() if v.inconclusive else next(flat) for v in e.views] for _, e in items]


def _view_result(view: View, checks: tuple[Check, ...]) -> ViewResult:
    if view.inconclusive:
        return ViewResult(view, (), Verdict.INCONCLUSIVE)
    verdict = Verdict.PASS if all(c.success for c in checks) else Verdict.FAIL
    return ViewResult(view, checks, verdict, view_power(view, checks))


def _underpowered(result: ViewResult, release_rows: int) -> str:
    """Why a passing view cannot count as a pass (too little power), or ''."""
    power, rows = result.power, result.view.frame_rows
    if not result.checks:
        return "no check could be computed on this release: " + "; ".join(
            f"{m}: {why}" for m, why in result.view.unavailable.items())
    if power is None:
        return "no check of this footprint has a counterfactual to detect (catalogue defect)"
    if power.power >= POWER_NEEDED:
        return ""
    text = (f"at {rows:,} rows in the frame this footprint cannot tell a faithful release from "
            f"its counterfactual (power {power.power:.2f} on {power.metric}, "
            f"{POWER_NEEDED:.2f} needed)")
    if power.needs_frame_rows is None:
        return text + "; the suite's bound admits the counterfactual at any size"
    release = math.ceil(power.needs_frame_rows * release_rows / max(rows, 1))
    return (text + f"; needs about {power.needs_frame_rows:,} rows in the frame "
                   f"(about {release:,} release rows)")


def _gated(result: ViewResult, release_rows: int) -> ViewResult:
    """A passing view without the power to fail is inconclusive, with its reason."""
    if result.verdict is not Verdict.PASS:
        return result
    reason = _underpowered(result, release_rows)
    if not reason:
        return result
    return ViewResult(replace(result.view, inconclusive=reason), result.checks,
                      Verdict.INCONCLUSIVE, result.power)


def judge(loaded: LoadedFootprint[Any], evaluation: Evaluation, release_rows: int = 0,
          checks: list[tuple[Check, ...]] | None = None) -> Record:
    """Validate every view with the footprint's suite (unless ``checks`` are given) and gate
    passes on power; the primary view decides the verdict."""
    fp = loaded.footprint
    notes = (*evaluation.notes, *getattr(fp.params, "notes", ()))
    tables = [loaded.tables[r] for r in fp.references]
    cited: dict[str, Any] = {
        "citations": {t.id: t.citation() for t in tables}, "files": {t.id: t.path for t in tables},
        "sources": {t.id: t.source() for t in tables},
        "suite": loaded.suite.path if loaded.suite else None}
    if evaluation.unevaluable:
        return Record(fp, Verdict.UNEVALUABLE, evaluation.unevaluable, (), notes, **cited)
    if evaluation.inconclusive:
        return Record(fp, Verdict.INCONCLUSIVE, evaluation.inconclusive, (), notes, **cited)
    if checks is None:
        checks = validated([(loaded, evaluation)])[0]
    views = tuple(_gated(_view_result(v, c), release_rows)
                  for v, c in zip(evaluation.views, checks))
    primary = views[0]
    return Record(fp, primary.verdict, primary.view.inconclusive or _decided(primary), views,
                  notes, **cited)


def _bounds(check: Check) -> str:
    return " and ".join(part for part in (
        f">= {check.min:.4g}" if check.min is not None else "",
        f"<= {check.max:.4g}" if check.max is not None else "") if part)


def _decided(result: ViewResult) -> str:
    """Why a view passed or failed, in a sentence: every reader gets a reason."""
    if result.verdict is Verdict.FAIL:
        return "; ".join(f"{c.metric} {c.observed:.4g} outside {_bounds(c)}"
                         for c in result.checks if not c.success)
    power = (f"; power {result.power.power:.2f} on {result.power.metric} against its "
             "counterfactual" if result.power else "")
    return f"every check within its bounds ({', '.join(c.metric for c in result.checks)}){power}"


def evaluation(loaded: LoadedFootprint[Any], tables: Tables, catalogue_digest: str = ""
               ) -> Evaluation:
    """The footprint evaluated; with the digest of the catalogue ``loaded`` comes from, its
    simulations are cached (iaf.cache)."""
    fp = loaded.footprint
    if fp.unevaluable:
        return Evaluation(unevaluable=fp.unevaluable)
    if not catalogue_digest:
        return EVALUATORS[fp.method](loaded, tables)
    with cache.scope(catalogue_digest):
        return EVALUATORS[fp.method](loaded, tables)


@dataclass
class Audit:
    """A release opened and scanned once for a set of footprints; records made on demand (the
    pytest plugin asks for them one test at a time) and frozen into an ``AuditResult``."""

    release: Release
    loaded: tuple[LoadedFootprint[Any], ...]
    tables: Tables
    sha256: dict[str, str]
    catalogue: str
    evaluations: dict[str, Evaluation] = field(default_factory=dict)
    schema: LocaleSchema | None = None
    catalogue_digest: str = ""  # set: the simulations are cached (iaf.cache)
    _records: dict[str, Record] = field(default_factory=dict)

    @property
    def footprints(self) -> tuple[Footprint, ...]:
        return tuple(b.footprint for b in self.loaded)

    def record(self, footprint: Footprint) -> Record:
        if footprint.id not in self._records:
            loaded = next(b for b in self.loaded if b.footprint.id == footprint.id)
            if footprint.id not in self.evaluations:
                self.evaluations[footprint.id] = evaluation(loaded, self.tables,
                                                            self.catalogue_digest)
            self._records[footprint.id] = judge(loaded, self.evaluations[footprint.id],
                                                self.tables.rows)
        return self._records[footprint.id]

    def result(self, footprints: Sequence[Footprint] | None = None) -> AuditResult:
        """Every chosen footprint's record; those not judged yet are validated in one run."""
        chosen = self.footprints if footprints is None else footprints
        pending = [b for f in chosen if f.id not in self._records
                   for b in self.loaded if b.footprint.id == f.id]
        for b in pending:
            if b.footprint.id not in self.evaluations:
                self.evaluations[b.footprint.id] = evaluation(b, self.tables,
                                                              self.catalogue_digest)
        items = [(b, self.evaluations[b.footprint.id]) for b in pending]
        for (b, e), checks in zip(items, validated(items)):
            self._records[b.footprint.id] = judge(b, e, self.tables.rows, checks)
        scanned = set(self.tables.columns)
        return AuditResult(
            self.release, self.sha256, self.catalogue, tuple(self.record(f) for f in chosen),
            values=self._values(), new_values=self.tables.new_values,
            revision_note=self.schema.revision_note(self.release.revision) if self.schema else "",
            engine=self.tables.engine,
            attribute_tables={f.id: attribute_table(f, self.tables, self.schema) for f in chosen
                              if f.unevaluable and set(f.attributes) <= scanned})

    def _values(self) -> dict[str, dict[str, int]]:
        """Rows per value of every scanned string column (for schema drift)."""
        out = {}
        for column in self.tables.columns:
            if self.schema is not None and self.schema.column(column).dtype is not Dtype.STRING:
                continue
            table = self.tables.get([column])
            out[column] = {str(v): int(n) for v, n in zip(table.categories[0], table.counts)
                           if n}
        return out


def _digests(release: Release, hashing: Hashing) -> dict[str, str]:
    digests = hashing.result()
    sha256 = dict(zip((f.name for f in release.files), digests))
    seen: dict[str, str] = {}
    twins = []
    for file, digest in zip(release.files, digests):
        if digest in seen:
            twins.append(BadColumn(f"Two files of the release are byte-identical (the other is "
                                   f"{seen[digest]}): a shard copied twice", file=str(file.path)))
        seen.setdefault(digest, str(file.path))
    if twins:
        raise ReleaseError(problems=twins)
    return sha256


def _requests(loaded: Sequence[LoadedFootprint[Any]], available: Sequence[str] | None = None
              ) -> list[tuple[str, ...]]:
    """The tables the evaluable footprints read, and (for a later diff) the attributes of the
    unevaluable ones, where the release has those columns."""
    evaluable = [b.footprint.scan_columns() for b in loaded if not b.footprint.unevaluable]
    raw = [b.footprint.attributes for b in loaded if b.footprint.unevaluable
           and available is not None and set(b.footprint.attributes) <= set(available)]
    return evaluable + raw


def attribute_table(footprint: Footprint, tables: Tables, schema: LocaleSchema | None
                    ) -> CountTable:
    """The raw joint of a footprint's attributes: occupation (or the first attribute) within
    each combination of the others, integer columns (age) in ten-year bands so that the
    table is not too sparse to compare."""
    attributes = list(footprint.attributes)
    column = "occupation" if "occupation" in attributes else attributes[0]
    others = [a for a in attributes if a != column]
    table = tables.get([*others, column])
    for name in others:
        if schema is not None and schema.column(name).dtype is Dtype.INTEGER:
            values = table.categories[table.dims.index(name)]
            decades = {v: f"{v // 10 * 10}s" for v in values}
            table, _ = table.regroup(name, decades, order=sorted(set(decades.values())))
    counts = table.counts.reshape(-1, table.counts.shape[-1])
    names = [" ".join(str(table.categories[d][i]) for d, i in enumerate(combo))
             for combo in np.ndindex(*table.counts.shape[:-1])] if others else ["all"]
    return CountTable.of(names, table.categories[-1], counts)


def _listed(value: Any) -> list[Any]:
    """Paths or footprint ids as a list, one given alone a list of one (a string is not a
    list of its characters)."""
    return [value] if isinstance(value, (str, Path)) else list(value)


def prepare(paths: str | Path | Sequence[str | Path], locale: str,
            footprint_ids: str | list[str] | None = None,
            *, catalogue: Catalogue | None = None, on_progress: Progress | None = None,
            label: str = "", allow_partial: bool = False, eager: bool = False,
            allow_new_values: bool = False,
            on_evaluated: Callable[[str, Evaluation], None] | None = None,
            engine: str = DEFAULT_ENGINE) -> Audit:
    """Load the catalogue, open ``paths`` as a release of ``locale`` and scan it once for the
    selected footprints. The files are hashed and GX imported meanwhile (child processes); with
    ``eager``, every footprint is evaluated while they finish (the CLI audits them all),
    each handed to ``on_evaluated`` as it is (the CLI's plots are drawn meanwhile)."""
    catalogue = catalogue or Catalogue.shipped()
    entry = catalogue.locale(locale)
    paths = _listed(paths)
    loaded = tuple(entry.loaded[f.id] for f in entry.select(
        _listed(footprint_ids) if footprint_ids else None))
    columns = sorted({c for r in _requests(loaded) for c in r})
    raw = sorted({c for b in loaded if b.footprint.unevaluable for c in b.footprint.attributes})
    release = _open(catalogue, paths, entry.schema, columns, label=label,
                    allow_partial=allow_partial, optional=raw,
                    chosen=[b.footprint for b in loaded])
    requests = _requests(loaded, release.columns)
    if any(b.suite and b.suite.expectations for b in loaded):
        gx.start()  # seconds of imports in a child, overlapping the scan and evaluations
    digest = catalogue.digest()
    with Hashing([f.path for f in release.files]) as hashing:  # a child, on the other core
        tables = scan(release, entry.schema, requests, on_progress, allow_new_values, engine)
        evaluations = {}
        for done, b in enumerate(loaded if eager else (), start=1):
            evaluations[b.footprint.id] = evaluation(b, tables, digest)
            if on_evaluated:
                on_evaluated(b.footprint.id, evaluations[b.footprint.id])
            if on_progress:
                on_progress("evaluate", done, len(loaded))
        sha256 = _digests(release, hashing)
    return Audit(release, loaded, tables, sha256, catalogue.label, evaluations, entry.schema,
                 digest)


def _open(catalogue: Catalogue, paths: Sequence[str | Path], schema: LocaleSchema,
          columns: Sequence[str], chosen: Sequence[Footprint] = (), **options: Any) -> Release:
    """``open_release``; a refusal for missing columns names the locales whose schema has
    every column the files hold (the wrong locale, usually), else the ``chosen`` footprints
    (default: all) that read them."""
    try:
        return open_release(paths, schema, columns, **options)
    except ReleaseError as error:
        chosen = chosen or catalogue.locale(schema.locale).footprints
        raise _with_locale_hint(error, catalogue, schema.locale, chosen) from None


def _with_locale_hint(error: ReleaseError, catalogue: Catalogue, locale: str,
                      chosen: Sequence[Footprint]) -> ReleaseError:
    missing = [p for p in error.problems if p.message == "Required column missing"]
    if not missing or not missing[0].file:
        return error
    import pyarrow.parquet as pq  # noqa: PLC0415

    names = set(pq.read_schema(missing[0].file).names)
    likely = [other for other in catalogue.locales()
              if other != locale and set(catalogue.locale(other).schema.columns) >= names]
    if likely:
        return error.hinted(f"The files hold every column of {', '.join(likely)}: give "
                            f"--locale {likely[0]}? (the audit ran as {locale})")
    return error.hinted(_readers_hint(catalogue.locale(locale).schema, chosen, names,
                                      {p.column for p in missing if p.column}))


def _readers_hint(schema: LocaleSchema, chosen: Sequence[Footprint], names: set[str],
                  missing: set[str]) -> str:
    """Which of the ``chosen`` footprints read the missing columns (to leave out with
    --exclude), and the files' columns the schema does not name (a column renamed, say)."""
    readers = [f.id for f in chosen if missing & set(f.scan_columns())]
    unknown = sorted(names - set(schema.columns))
    renamed = (f"The files have columns the {schema.locale} schema does not name "
               f"({', '.join(unknown[:5])}): renamed? " if unknown else "")
    return (renamed + f"Footprints reading {', '.join(sorted(missing))}: {', '.join(readers)} "
            "(leave them out: --exclude on the command line, footprints= in Python, -k under "
            "pytest)") if readers else renamed.strip()


def check_release(paths: Sequence[str | Path], locale: str, catalogue: Catalogue) -> Release:
    """Open ``paths`` as a release of ``locale`` for every footprint (its files' footers only):
    what can be refused before a scan is refused now."""
    entry = catalogue.locale(locale)
    columns = sorted({c for r in _requests(tuple(entry.loaded.values())) for c in r})
    return _open(catalogue, paths, entry.schema, columns)


def shared_audit(folder: Path | None, paths: Sequence[str | Path], locale: str,
                 catalogue: Catalogue, label: str = "") -> Audit:
    """``prepare``'s audit, scanned once for several processes (pytest-xdist workers): the
    first to ask scans and leaves the release, its count tables and checksums in ``folder``;
    the others wait for them (or for the error the scan raised). Without a folder, a scan."""
    if folder is None:
        return prepare(paths, locale, catalogue=catalogue, label=label)
    folder.mkdir(parents=True, exist_ok=True)
    done, lock = folder / f"{locale}.pickle", folder / f"{locale}.lock"
    try:
        os.close(os.open(lock, os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return _resumed(done, locale, catalogue)
    try:
        audit = prepare(paths, locale, catalogue=catalogue, label=label)
        _leave(done, (audit.release, audit.tables, audit.sha256))
    except BaseException as error:  # the others must not wait for a scan that ended
        _leave(done, error if isinstance(error, IafError) else ReleaseError(
            f"the scan stopped in another pytest-xdist worker ({type(error).__name__})"))
        raise
    return audit


def _leave(done: Path, shared: object) -> None:
    temporary = done.with_suffix(".partial")
    temporary.write_bytes(pickle.dumps(shared))
    temporary.replace(done)


def _resumed(done: Path, locale: str, catalogue: Catalogue) -> Audit:
    """Another process's scan, read once it is there (within SHARED_WAIT seconds)."""
    deadline = time.monotonic() + SHARED_WAIT
    while not done.exists():
        if time.monotonic() > deadline:
            raise ReleaseError(f"another pytest-xdist worker did not finish scanning the "
                               f"release within {SHARED_WAIT:,} s", file=str(done))
        time.sleep(0.05)
    shared = pickle.loads(done.read_bytes())  # written by this run's own worker
    if isinstance(shared, IafError):
        raise shared
    release, tables, sha256 = shared
    entry = catalogue.locale(locale)
    return Audit(release, tuple(entry.loaded[f.id] for f in entry.footprints), tables, sha256,
                 catalogue.label, schema=entry.schema, catalogue_digest=catalogue.digest())


def audit(paths: str | Path | Sequence[str | Path], locale: str | None = None,
          footprints: str | list[str] | None = None, *, catalogue: Catalogue | None = None,
          on_progress: Progress | None = None, allow_partial: bool = False,
          allow_new_values: bool = False, engine: str = DEFAULT_ENGINE) -> AuditResult:
    """Audit the release at ``paths`` (a folder, a parquet file, several files, or a glob) as
    a release of ``locale`` (default: the catalogue's only locale, else ko_KR, as the command
    line's): every footprint of the catalogue (or those named), one record each. With
    ``allow_new_values``, values outside a closed set are admitted and reported; ``engine``
    counts the release (``"arrow"``, embedded; ``"spark"``, see iaf.scan.spark)."""
    catalogue = catalogue or Catalogue.shipped()
    locale = catalogue.default_locale() if locale is None else locale
    prepared = prepare(paths, locale, footprints, catalogue=catalogue, on_progress=on_progress,
                       allow_partial=allow_partial, eager=True,
                       allow_new_values=allow_new_values, engine=engine)
    return prepared.result()


def _arrow(table: Any) -> pa.Table:
    """A pyarrow Table, or a pandas DataFrame as one (its index left out)."""
    if isinstance(table, pa.Table):
        return table
    if type(table).__module__.startswith("pandas") and hasattr(table, "columns"):
        twice = given_twice([str(c) for c in table.columns], "<in-memory>")
        if twice:  # pyarrow would refuse them in its own words, naming every column
            raise ReleaseError(problems=twice)
        try:
            return pa.Table.from_pandas(table, preserve_index=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            named = re.search(r"for column (.+?) with type", str(exc))  # pyarrow's wording
            raise ReleaseError(f"The DataFrame cannot be read as a release ({exc})",
                               file="<in-memory>", column=named[1] if named else None) from None
    raise UsageError(f"audit_table takes a pyarrow Table or a pandas DataFrame, not "
                     f"{type(table).__name__}")


def audit_table(table: pa.Table | Any, locale: str | None = None,
                footprints: str | list[str] | None = None, *, catalogue: Catalogue | None = None,
                label: str = "<in-memory>", allow_new_values: bool = False) -> AuditResult:
    """The same audit on an in-memory table: a pyarrow Table or a pandas DataFrame (generated
    releases, notebooks, tests); ``locale`` as ``audit`` takes it."""
    table = _arrow(table)
    catalogue = catalogue or Catalogue.shipped()
    locale = catalogue.default_locale() if locale is None else locale
    entry = catalogue.locale(locale)
    loaded = tuple(entry.loaded[f.id] for f in entry.select(
        _listed(footprints) if footprints else None))
    # the identity check's id and text may be absent (demographic columns only: it says it
    # cannot look for copies); every other footprint's columns are required, as in files
    copies = [b for b in loaded if b.footprint.method is Method.IDENTITY]
    required = {c for r in _requests([b for b in loaded if b not in copies]) for c in r}
    optional = {c for b in loaded if b.footprint.unevaluable or b in copies
                for c in b.footprint.attributes}
    check_table(table, entry.schema, sorted(required), label, sorted(optional - required))
    tables = tables_from_arrow(table, entry.schema, _requests(loaded, table.column_names),
                               allow_new_values)
    release = Release(locale, label, (ReleaseFile(Path(label), label, 0, table.num_rows),),
                      tuple(table.column_names))
    return Audit(release, loaded, tables, {}, catalogue.label, schema=entry.schema,
                 catalogue_digest=catalogue.digest()).result()
