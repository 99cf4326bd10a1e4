"""The iaf pytest plugin (entry point ``pytest11``): the audit suite's options and glue.

Tests that request the ``iaf_footprint`` fixture (tests_iaf/) are parametrised per (locale,
footprint) with ids ``<locale>/<footprint-id>`` and markers per locale and kind (declared
only then). A release is opened at collection, and a baseline read or opened (an unusable one
is a usage error, exit 4); a release is scanned once per session, on first use (under
pytest-xdist by one worker, the others reading its count tables). A failing footprint fails its
test with a message readable on its own; an inconclusive one is skipped with its reason
(failed under --iaf-strict); an unevaluable one is skipped; values the scan
finds unusable make the first test an error naming them and stop the run (exit 2).
Glue only, and light: nothing heavier than pytest is imported until a test asks for a footprint,
and installing iaf never changes another project's pytest run (xdist hooks are optional).
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from iaf.paths import default_locale, locales_in, suite_root

KIND_MARKERS = {
    "marginal": "footprints checking a marginal the dataset card claims",
    "direct_joint": "footprints comparing a joint with an official joint table",
    "rule_implied": "footprints checking a joint against institutional rules",
}
EXIT_UNUSABLE = 2  # iaf.errors.EXIT_UNUSABLE_INPUT, without importing iaf.errors here
_SESSION = pytest.StashKey["AuditSession"]()
_SHARED = pytest.StashKey[Path]()


def _option(config: pytest.Config, name: str) -> Any:
    """A command-line option, else its ini setting (``iaf_release``, ``iaf_locale`` ...); an
    empty value given (a CI variable that was not set) is a usage error, not the default."""
    value = config.getoption(name)
    if value == "" or isinstance(value, list) and "" in value:
        raise pytest.UsageError(f"--{name.replace('_', '-')} is empty (a variable that was "
                                "not set?)")
    if value:
        return value
    ini = config.getini(name)
    return ini or None


class AuditSession:
    """The session's audits (one per locale, opened lazily), the records evaluated so far in
    test order, and the report document they make."""

    def __init__(self, config: pytest.Config) -> None:
        """Options checked at start-up with the standard library only (no audit is loaded).
        The report paths first: from then on they say ``running``, or why the run stopped."""
        from iaf.errors import IafError  # noqa: PLC0415
        from iaf.report.outputs import check_file  # noqa: PLC0415

        self.config = config
        report, html = _option(config, "iaf_report"), _option(config, "iaf_html")
        try:
            self.report_path = check_file(report) if report else None
            self.html_path = check_file(html) if html else None
        except IafError as error:
            raise pytest.UsageError(str(error)) from None
        workerinput = getattr(config, "workerinput", {})
        self.shared = Path(workerinput["iaf_shared"]) if "iaf_shared" in workerinput else None
        self.final: Any = None  # the document written at the end (and summarised)
        self.exitstatus: int | None = None  # pytest's, once the session has finished
        self.marked = False  # the report paths say running: this run writes them
        self.said = False  # the report says why the run stopped (a usage error)
        self.interrupted = False  # while the report was written
        self._catalogue: Any = None
        self.audits: dict[str, Any] = {}
        self.records: dict[str, Any] = {}
        self.diffs: dict[str, Any] = {}
        self.unusable: Any = None  # the IafError that made the input unusable, if any
        self.worker_documents: list[dict] = []  # xdist: the workers' documents, on the controller
        with self.saying():
            self._read_options()

    def _read_options(self) -> None:
        config = self.config
        releases = _option(config, "iaf_release") or []
        self.releases = [Path(p) for p in (releases.split() if isinstance(releases, str)
                                           else releases)]
        root = _option(config, "iaf_catalogue")
        self.catalogue_root = Path(root) if root else suite_root()
        if not self.catalogue_root.is_dir():
            raise pytest.UsageError(f"Catalogue folder does not exist: {root}")
        known = locales_in(self.catalogue_root)
        if not known:
            raise pytest.UsageError(f"{self.catalogue_root}: declares no locale (a catalogue has "
                                    "references/<locale>/schema.json; iaf init writes one)")
        text = _option(config, "iaf_locale") or default_locale(self.catalogue_root)
        self.locales = list(known) if text == "all" else text.split(",")
        unknown = [name for name in self.locales if name not in known]
        if unknown:
            raise pytest.UsageError(f"Unknown locale {unknown[0]!r}. Valid: {', '.join(known)}")
        if self.releases and len(self.locales) > 1:
            raise pytest.UsageError("A release has one locale: give a single --locale with "
                                    "--release")
        self.strict = bool(_option(config, "iaf_strict"))
        baseline = _option(config, "iaf_baseline")
        self.baseline = Path(baseline) if baseline else None
        self.allow_partial = bool(_option(config, "iaf_allow_partial_baseline"))
        self.base: Any = None  # a baseline report, read at collection

    @contextmanager
    def saying(self) -> Iterator[None]:
        """A usage error raised inside is said in the report too (then raised: exit 4)."""
        try:
            yield
        except pytest.UsageError as error:
            if not hasattr(self.config, "workerinput") and not self.said:
                self.said = True
                self.stop("error", {"type": "UsageError", "exit_code": 4,
                                    "message": str(error)})
            raise

    def mark(self) -> None:
        """Once iaf's tests are to run (not for --help, --co, or another project's tests), the
        report paths say ``running``: no earlier run's verdicts survive this one."""
        if not self.marked and not hasattr(self.config, "workerinput"):
            self.stop("running")
            self.marked = True

    @property
    def catalogue(self) -> Any:
        if self._catalogue is None:
            from iaf.catalogue import Catalogue  # noqa: PLC0415 - heavy, only for the audit

            self._catalogue = Catalogue(self.catalogue_root)
        return self._catalogue

    def footprints(self) -> list:
        from iaf.errors import IafError  # noqa: PLC0415

        try:
            return [fp for locale in self.locales
                    for fp in self.catalogue.locale(locale).footprints]
        except IafError as error:
            raise pytest.UsageError(f"iaf: {error}") from None

    def check_catalogue(self) -> None:
        """A user's catalogue loaded for every locale asked: its defects are a usage error
        listing them (the shipped one loads on first use)."""
        from iaf.errors import IafError  # noqa: PLC0415

        try:
            for locale in self.locales:
                self.catalogue.locale(locale)
        except IafError as error:
            raise pytest.UsageError(f"iaf: {error}") from None

    def check_release(self) -> None:
        """The release opened (its files' footers: cheap): an unusable one is a usage error."""
        from iaf.runner import check_release  # noqa: PLC0415

        with _usage("unusable input"):
            for locale in self.locales:
                check_release(self.releases, locale, self.catalogue)

    def check_baseline(self) -> None:
        """The baseline read (a report, kept) or opened (a release, audited on first use): an
        unusable one is a usage error naming the file and, refused as partial, the option that
        admits it under pytest."""
        from iaf import compare  # noqa: PLC0415
        from iaf.runner import check_release  # noqa: PLC0415

        assert self.baseline is not None
        with _usage("unusable baseline"):
            if self.baseline.suffix == ".json" and not self.baseline.is_dir():
                self.base = compare.baseline(self.baseline, self.locales[0],
                                             allow_partial=self.allow_partial)
            else:
                for locale in self.locales:
                    check_release([self.baseline], locale, self.catalogue)

    def paths(self, locale: str) -> tuple[list[Path], str]:
        if self.releases:
            return self.releases, ""
        from iaf.simulators.demo import demo_label, demo_release  # noqa: PLC0415

        return [demo_release(locale)], demo_label(locale)

    def audit(self, locale: str) -> Any:
        """The locale's audit: scanned here, or read from the worker that scanned it."""
        if locale not in self.audits:
            from iaf.runner import shared_audit  # noqa: PLC0415

            paths, label = self.paths(locale)
            self.audits[locale] = shared_audit(self.shared, paths, locale, self.catalogue, label)
        return self.audits[locale]

    def stop(self, status: str, error: dict | None = None) -> None:
        """The report paths say ``status`` (running, error, interrupted) until the run's
        document replaces them; a page of an earlier run is removed. A file there that iaf
        did not write is left as it is: a usage error."""
        from iaf.errors import IafError  # noqa: PLC0415
        from iaf.report.document import dumps  # noqa: PLC0415
        from iaf.report.outputs import not_iafs, status_document, write_atomic  # noqa: PLC0415

        foreign = not_iafs(p for p in (self.html_path, self.report_path) if p)
        if foreign:
            self.said = True  # nothing can be said there
            raise pytest.UsageError(f"{foreign[0]} is not a report iaf wrote, and this run would "
                                    "replace it: give the --iaf-* option another path")
        try:
            if self.html_path:
                self.html_path.unlink(missing_ok=True)
            if self.report_path:
                write_atomic(self.report_path, dumps(status_document(status, error)))
        except (IafError, OSError) as error:
            self.said = True
            raise pytest.UsageError(f"iaf: the report cannot be written: {error}") from None

    def prepared(self, footprint: Any, request: pytest.FixtureRequest) -> Any:
        """The footprint's audit, or a setup error naming the unusable input (the run stops)."""
        __tracebackhide__ = True
        from iaf.errors import IafError  # noqa: PLC0415
        from iaf.report import inert  # noqa: PLC0415

        if self.unusable is None:
            try:
                return self.audit(footprint.locale)
            except IafError as error:
                self.unusable = error
        request.session.shouldstop = "iaf: unusable input (the first test's error says why)"
        pytest.fail(f"iaf: unusable input: {inert.terminal(self.unusable, 20_000)}",
                    pytrace=False)

    def check(self, footprint: Any) -> Any:
        """Evaluate ``footprint`` and fail, skip or pass its test accordingly."""
        __tracebackhide__ = True
        from iaf.errors import SuiteError  # noqa: PLC0415
        from iaf.report import text  # noqa: PLC0415
        from iaf.report.document import record_doc  # noqa: PLC0415
        from iaf.results import Verdict  # noqa: PLC0415

        try:
            record = self.audit(footprint.locale).record(footprint)
        except SuiteError as error:
            pytest.fail(f"{footprint.test_id}: the audit's suite is broken: {error}",
                        pytrace=False)
        self.records[footprint.test_id] = record
        if record.verdict is Verdict.FAIL:
            message = text.failure_message(record_doc(record), str(self.catalogue.root))
            pytest.fail(self._styled(message), pytrace=False)
        if record.verdict is Verdict.UNEVALUABLE:  # no release could settle it: never blocks
            pytest.skip(f"{footprint.test_id} unevaluable: {record.reason}")
        if record.verdict is Verdict.INCONCLUSIVE:
            message = f"{footprint.test_id} inconclusive: {record.reason}"
            if self.strict:
                pytest.fail(message + " (--iaf-strict)", pytrace=False)
            pytest.skip(message)
        return record

    def _styled(self, message: str) -> str:
        """The failure text as much as ``--tb`` asks: its first line for line and no, the
        checks without the cells for short, everything otherwise."""
        style = self.config.getoption("tbstyle", "auto")
        if style in ("line", "no"):
            return message.splitlines()[0]
        if style == "short":
            return message.split("\n  Worst cells:")[0]
        return message

    def regression(self, footprint: Any) -> None:
        """Fail the footprint's regression test if the new release regressed against the
        baseline (verdict or metric beyond noise); drift is shown, not failed."""
        __tracebackhide__ = True
        from iaf import compare  # noqa: PLC0415
        from iaf.errors import IafError  # noqa: PLC0415

        locale = footprint.locale
        if locale not in self.diffs:
            assert self.baseline is not None  # the test exists only with a baseline
            unusable = None
            try:
                base = self.base or compare.baseline(self.baseline, locale, self.catalogue)
                fresh = compare.as_read([self.audit(locale).result()])
                self.diffs[locale] = compare.compare(base, fresh, locale)
            except IafError as error:  # a baseline release the scan cannot read
                unusable = error
            if unusable is not None:  # failed here, not in the handler: no chained traceback
                pytest.fail(f"iaf: unusable baseline: {unusable}", pytrace=False)
        # the comparison judged the footprint: its record is the report's, even where its
        # own test was deselected (-k regression left report.json saying running)
        if footprint.test_id not in self.records:
            self.records[footprint.test_id] = self.audit(locale).record(footprint)
        changes = [c for c in self.diffs[locale].changes if c.footprint == footprint.id]
        if any(c.regression for c in changes):
            lines = [f"{footprint.test_id} REGRESSED against {self.baseline}:"]
            lines += [f"  {'REGRESSION ' if c.regression else ''}{c.kind}: {c.text}"
                      for c in changes]
            pytest.fail("\n".join(lines), pytrace=False)

    def document(self) -> dict | None:
        """This process's records as a report document (None when none was evaluated)."""
        if not self.records:
            return None
        from iaf.report import document  # noqa: PLC0415

        by_locale: dict[str, list] = {}
        for record in self.records.values():
            by_locale.setdefault(record.footprint.locale, []).append(record.footprint)
        results = [self.audits[locale].result(fps) for locale, fps in by_locale.items()]
        return json.loads(document.dumps(document.build(results)))

    def finish(self, interrupted: bool) -> dict | None:
        """The run's one document: the workers' (or this process's) merged, ``partial`` with
        the footprints not run, or the error that made the input unusable."""
        from iaf.report import document  # noqa: PLC0415

        if self.unusable is not None or any(d.get("status") == "error"
                                            for d in self.worker_documents):
            return self._error_document()
        own = self.document()
        parts = [*self.worker_documents, *([own] if own else [])]
        if not parts:
            return None
        order = [(fp.locale, fp.id) for fp in self.footprints()]
        merged: dict[str, Any] = dict(document.merge(parts, order))
        ran = {(f["locale"], f["id"]) for f in merged["footprints"]}
        not_run = [f"{locale}/{fid}" for locale, fid in order if (locale, fid) not in ran]
        if not_run or interrupted:
            merged["status"] = "partial"
            merged["not_run"] = not_run
        return merged

    def _error_document(self) -> dict:
        from iaf.report.outputs import status_document  # noqa: PLC0415

        error = self.unusable
        found = [d for d in self.worker_documents if d.get("status") == "error"]
        stopped = found[0]["error"] if found else {
            "type": type(error).__name__, "exit_code": error.exit_code, "message": str(error)}
        return status_document("error", stopped)

    def write(self, document: dict) -> None:
        """The document to --iaf-report (JSON, last, naming the page's checksum) and
        --iaf-html, whichever are asked."""
        import hashlib  # noqa: PLC0415

        from iaf.report.document import dumps, run_id  # noqa: PLC0415
        from iaf.report.html import audit_html  # noqa: PLC0415
        from iaf.report.outputs import write_atomic  # noqa: PLC0415

        document = {**document, "run": run_id(document)} if document.get("footprints") \
            else document
        files = {}
        if self.html_path:
            page = audit_html(json.loads(dumps(document)))
            write_atomic(self.html_path, page)
            files[self.html_path.name] = hashlib.sha256(page.encode("utf-8")).hexdigest()
        if self.report_path:
            write_atomic(self.report_path, dumps({**document, "files": files} if files
                                                 else document))


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("iaf", "Independence-Assumption Footprint audit")
    group.addoption("--iaf-release", action="append", default=[], metavar="PATH",
                    dest="iaf_release",
                    help="release to audit: a parquet file or folder (repeatable); "
                         "default: the embedded demo release")
    group.addoption("--iaf-locale", dest="iaf_locale", default=None,
                    help="locale(s) of the release, comma-separated, or 'all' (default: the "
                         "catalogue's only locale, else ko_KR)")
    group.addoption("--iaf-catalogue", dest="iaf_catalogue", metavar="DIR",
                    help="use the catalogue in DIR instead of the shipped one")
    group.addoption("--iaf-report", dest="iaf_report", metavar="PATH",
                    help="write the verdicts as JSON to the file PATH (its folders made)")
    group.addoption("--iaf-html", dest="iaf_html", metavar="PATH",
                    help="write the verdicts as a self-contained HTML page to the file PATH "
                         "(its folders made)")
    group.addoption("--iaf-strict", action="store_true", dest="iaf_strict",
                    help="an inconclusive footprint fails instead of being skipped")
    group.addoption("--iaf-baseline", dest="iaf_baseline", metavar="PATH",
                    help="the previous release (or its report.json): adds one regression test "
                         "per footprint, <locale>/<footprint-id>/regression")
    group.addoption("--iaf-allow-partial-baseline", action="store_true",
                    dest="iaf_allow_partial_baseline",
                    help="admit a partial baseline report (some footprints not run) and compare "
                         "the footprints it has")
    parser.addini("iaf_release", "release to audit (paths separated by spaces)")
    parser.addini("iaf_locale", "locale(s) of the release (default: the catalogue's only "
                               "locale, else ko_KR)")
    parser.addini("iaf_report", "write the verdicts as JSON to this path")
    parser.addini("iaf_html", "write the verdicts as a self-contained HTML page to this path")
    parser.addini("iaf_baseline", "the previous release or its report.json (regression tests)")
    parser.addini("iaf_catalogue", "use the catalogue in this folder instead of the shipped one")
    parser.addini("iaf_strict", "an inconclusive footprint fails instead of being skipped",
                  type="bool", default=False)
    parser.addini("iaf_allow_partial_baseline", "admit a partial baseline report",
                  type="bool", default=False)


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_SESSION] = AuditSession(config)


def pytest_unconfigure(config: pytest.Config) -> None:
    """A run that made no document (a usage error, an interrupt, no footprint collected)
    leaves its report saying why, never ``running`` nor an earlier run's verdicts."""
    state = config.stash.get(_SESSION, None)
    if state is None or not state.marked or state.final is not None or state.said:
        return
    code = state.exitstatus
    if state.interrupted or code in (pytest.ExitCode.INTERRUPTED, None):
        status, code, why = ("interrupted", int(pytest.ExitCode.INTERRUPTED),
                             "the run was interrupted before its report was written")
    else:
        status, why = "error", (f"pytest ended (exit {code}) before any footprint's verdict "
                                "was recorded")
    try:
        state.stop(status, {"type": "Stopped", "exit_code": code, "message": why})
    except pytest.UsageError:  # the path cannot be written now: pytest's exit code says it
        pass


@pytest.hookimpl(optionalhook=True)  # an xdist hook: without xdist it must not be validated
def pytest_configure_node(node: Any) -> None:
    """xdist (controller): every worker gets the path of a folder where the first to scan a
    release leaves its count tables for the others (made only if an audit runs; removed at
    the end of the session)."""
    config = node.config
    if _SHARED not in config.stash:
        import shutil  # noqa: PLC0415
        import tempfile  # noqa: PLC0415
        import uuid  # noqa: PLC0415

        folder = Path(tempfile.gettempdir()) / f"iaf-xdist-{uuid.uuid4().hex}"
        config.stash[_SHARED] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
    node.workerinput["iaf_shared"] = str(config.stash[_SHARED])


@pytest.hookimpl(tryfirst=True)  # before xdist starts its workers
def pytest_sessionstart(session: pytest.Session) -> None:
    """xdist (controller): it collects nothing, and a worker's usage error reached it as an
    INTERNALERROR (exit 3); the inputs an --iaf-* option names are checked here first."""
    config = session.config
    if hasattr(config, "workerinput") or config.getoption("dist", "no") == "no":
        return
    state = _session(config)
    with state.saying():
        state.mark()  # the workers run iaf's tests (xdist runs no --co nor --help)
        if _option(config, "iaf_catalogue"):
            state.check_catalogue()
        if state.releases:
            state.check_release()
        if state.baseline is not None:
            state.check_baseline()


def pytest_collection(session: pytest.Session) -> None:
    """A user's catalogue is loaded before collection, so that its defects end the run with
    their list (a usage error, exit 4) instead of a collection error; the shipped one loads
    on first use."""
    if _option(session.config, "iaf_catalogue"):
        state = _session(session.config)
        with state.saying():
            state.check_catalogue()


@pytest.hookimpl(tryfirst=True)  # before -k deselects: a selection of none still marks
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> None:
    """The inputs the tests will read are checked now, so that an unusable one fails
    collection, ``--collect-only`` included (a usage error, exit 4)."""
    state = _session(config)
    asked = {name for item in items for name in getattr(item, "fixturenames", ())}
    with state.saying():
        if asked & {"iaf_footprint", "iaf_regression"} and not config.option.collectonly:
            state.mark()
        if state.releases and "iaf_footprint" in asked:
            state.check_release()
        if "iaf_regression" in asked:
            state.check_baseline()


@contextmanager
def _usage(what: str) -> Iterator[None]:
    """An ``IafError`` raised inside as a usage error (exit 4) saying ``what`` is unusable."""
    from iaf.errors import IafError  # noqa: PLC0415
    from iaf.report import inert  # noqa: PLC0415

    try:
        yield
    except IafError as error:
        # a partial baseline's refusal names the CLI's option: pytest's is prefixed
        text = inert.terminal(error, 20_000).replace("--allow-partial-baseline",
                                                     "--iaf-allow-partial-baseline")
        raise pytest.UsageError(f"iaf: {what}: {text}") from None


def _session(config: pytest.Config) -> AuditSession:
    return config.stash[_SESSION]


def _declare_markers(config: pytest.Config, catalogue_root: Path) -> None:
    """The kinds and the catalogue's locales as markers, declared only when a test asks for a
    footprint (before its marks are made, so --strict-markers accepts them): another project's
    run never gets them."""
    declared = {line.split(":")[0].split("(")[0].strip() for line in config.getini("markers")}
    texts = {**KIND_MARKERS, **{locale: f"footprints of the {locale} locale"
                                for locale in locales_in(catalogue_root)}}
    for name, text in texts.items():
        if name not in declared:
            config.addinivalue_line("markers", f"{name}: {text}")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    for name, suffix in (("iaf_footprint", ""), ("iaf_regression", "/regression")):
        if name not in metafunc.fixturenames:
            continue
        session = _session(metafunc.config)
        _declare_markers(metafunc.config, session.catalogue_root)
        footprints = session.footprints() if suffix == "" or session.baseline else []
        params = [pytest.param(fp, id=fp.test_id + suffix,
                               marks=[getattr(pytest.mark, fp.locale),
                                      getattr(pytest.mark, fp.kind.value)])
                  for fp in footprints]
        metafunc.parametrize(name, params, indirect=name == "iaf_footprint")


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makeitem(collector: pytest.Collector, name: str, obj: object
                              ) -> list | None:
    """Without --iaf-baseline a regression test is not collected at all."""
    if (inspect.isfunction(obj) and "iaf_regression" in inspect.signature(obj).parameters
            and not _session(collector.config).baseline):
        return []
    return None


@pytest.fixture(scope="session")
def iaf_audit(pytestconfig: pytest.Config) -> AuditSession:
    """The session's audits: ``iaf_audit.check(iaf_footprint)`` runs one footprint's test."""
    return _session(pytestconfig)


@pytest.fixture
def iaf_footprint(request: pytest.FixtureRequest, iaf_audit: AuditSession) -> Any:
    """The test's footprint, its release scanned (in setup: unusable input is a setup error
    naming it, in junit too)."""
    iaf_audit.prepared(request.param, request)
    return request.param


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    callspec = getattr(item, "callspec", None)
    params = callspec.params if callspec else {}
    if "iaf_footprint" in params and (call.when == "call" or
                                      (call.when == "setup" and report.skipped)):
        _properties(item, report, _verdict(item.config, params["iaf_footprint"]))
    if "iaf_regression" in params and call.when == "call":
        _properties(item, report, _regression(item.config, params["iaf_regression"]))
    return report


def _properties(item: pytest.Item, report: pytest.TestReport,
                entries: list[tuple[str, str]]) -> None:
    # on the item: junit writes the properties of the teardown report, made from it
    for entry in entries:
        item.user_properties.append(entry)
        report.user_properties.append(entry)


def _verdict(config: pytest.Config, footprint: Any) -> list[tuple[str, str]]:
    """A footprint test's junit properties: its verdict and key metric."""
    record = _session(config).records.get(footprint.test_id)
    if not record:
        return []
    from iaf.report.checks import headline  # noqa: PLC0415
    from iaf.report.document import check_doc  # noqa: PLC0415

    checks = [check_doc(c) for c in record.primary.checks] if record.primary else []
    return [("iaf_verdict", record.verdict.value),
            ("iaf_key_metric", headline(record.verdict.value, checks, record.reason))]


def _regression(config: pytest.Config, footprint: Any) -> list[tuple[str, str]]:
    """A regression test's junit properties: whether it regressed, its verdict on both
    sides, and how many regression findings the diff has of it (drift is shown, not counted,
    as the diff's closing line counts them)."""
    diff = _session(config).diffs.get(footprint.locale)
    if diff is None:
        return []
    changes = [c for c in diff.changes if c.footprint == footprint.id]
    before, after = next(((b, n) for f, b, n, _ in diff.overview if f == footprint.id),
                         ("", ""))
    return [("iaf_regressed", "yes" if any(c.regression for c in changes) else "no"),
            ("iaf_transition", f"{before or '-'} -> {after or '-'}"),
            ("iaf_findings", str(sum(c.regression for c in changes)))]  # as the diff's line


def pytest_report_collectionfinish(config: pytest.Config, start_path: Path,
                                   items: list[pytest.Item]) -> list[str]:
    session = config.stash.get(_SESSION, None)
    if session is None or not any("iaf_footprint" in getattr(item, "fixturenames", ())
                                  for item in items):
        return []
    release = " ".join(map(str, session.releases)) or "the embedded demo"
    return [f"iaf: {release}, locale {','.join(session.locales)}, "
            f"catalogue {session.catalogue.label}"]


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The run's report: under pytest-xdist each worker hands its document to the controller
    (``workeroutput``), which merges them; partial when footprints were not run (-x, -k,
    --lf, deselection, an interrupt); an error document when the input was unusable (exit 2)."""
    state = session.config.stash.get(_SESSION, None)
    if not state:
        return
    worker = getattr(session.config, "workeroutput", None)
    if worker is not None:  # an xdist worker: the controller writes
        document = state._error_document() if state.unusable else state.document()
        if document:
            worker["iaf_document"] = json.dumps(document)
        return
    state.exitstatus = int(exitstatus)
    final = state.finish(interrupted=exitstatus == pytest.ExitCode.INTERRUPTED)
    if final is None:
        return
    if final["status"] == "error":
        session.exitstatus = EXIT_UNUSABLE
    if state.report_path or state.html_path:
        from iaf.errors import IafError  # noqa: PLC0415

        try:
            state.write(final)
        except KeyboardInterrupt:
            state.interrupted = True  # said at unconfigure
            raise
        except IafError as error:  # e.g. the disk filled up during the run
            reporter = session.config.pluginmanager.get_plugin("terminalreporter")
            if reporter is not None:
                reporter.write_line(f"iaf: the report could not be written: {error}", red=True)
            session.exitstatus = EXIT_UNUSABLE
    state.final = final  # only now: an interrupt while writing is said at unconfigure


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int,
                            config: pytest.Config) -> None:
    session = config.stash.get(_SESSION, None)
    if session is None or not session.final or not session.final.get("footprints"):
        return
    document = session.final
    from iaf.report import text  # noqa: PLC0415

    terminalreporter.write_sep("=", "iaf verdicts")
    terminalreporter.write_line(text.verdict_table(document["footprints"]))
    line = text.totals(document["summary"])
    if document["status"] == "partial":
        line += f" (partial: {len(document['not_run'])} footprint(s) not run)"
    terminalreporter.write_line(line)
    for path in (session.report_path, session.html_path):
        if path:
            terminalreporter.write_line(f"iaf report: {path}")


@pytest.hookimpl(optionalhook=True)  # an xdist hook: without xdist it must not be validated
def pytest_testnodedown(node: Any, error: Any) -> None:
    """xdist (controller): keep what a finished worker sends."""
    document = getattr(node, "workeroutput", {}).get("iaf_document")
    if document:
        node.config.stash[_SESSION].worker_documents.append(json.loads(document))
