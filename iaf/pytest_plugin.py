"""The iaf pytest plugin (entry point ``pytest11``): the audit suite's options and glue.

Tests that request the ``iaf_footprint`` fixture (tests_iaf/) are parametrised per (locale,
footprint) with ids ``<locale>/<footprint-id>`` and markers per locale and kind. The release is
opened and scanned once per locale, on first use. A failing footprint fails its test with a
message readable on its own; an inconclusive one is skipped with its reason (failed under
--iaf-strict); unusable input stops the run with exit code 2. Glue only, and light: nothing
heavier than pytest is imported until a test asks for a footprint.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

import pytest

from iaf.paths import locales_in, suite_root

KIND_MARKERS = {
    "marginal": "footprints checking a marginal the dataset card claims",
    "direct_joint": "footprints comparing a joint with an official joint table",
    "rule_implied": "footprints checking a joint against institutional rules",
}
DEFAULT_LOCALE = "ko_KR"
_SESSION = pytest.StashKey["AuditSession"]()


def _option(config: pytest.Config, name: str) -> Any:
    """A command-line option, else its ini setting (``iaf_release``, ``iaf_locale`` ...)."""
    value = config.getoption(name)
    if value:
        return value
    ini = config.getini(name)
    return ini or None


class AuditSession:
    """One audit per locale, opened lazily; the records evaluated so far, in test order."""

    def __init__(self, config: pytest.Config) -> None:
        """Options checked at start-up with the standard library only (no audit is loaded)."""
        from iaf.errors import IafError  # noqa: PLC0415
        from iaf.report.outputs import check_file  # noqa: PLC0415

        releases = _option(config, "iaf_release") or []
        self.releases = [Path(p) for p in (releases.split() if isinstance(releases, str)
                                           else releases)]
        root = config.getoption("iaf_catalogue")
        self.catalogue_root = Path(root) if root else suite_root()
        known = locales_in(self.catalogue_root)
        text = _option(config, "iaf_locale") or DEFAULT_LOCALE
        self.locales = list(known) if text == "all" else text.split(",")
        unknown = [name for name in self.locales if name not in known]
        if unknown:
            raise pytest.UsageError(f"Unknown locale {unknown[0]!r}. Valid: {', '.join(known)}")
        if self.releases and len(self.locales) > 1:
            raise pytest.UsageError("A release has one locale: give a single --locale with "
                                    "--release")
        self.strict = config.getoption("iaf_strict")
        report, html = _option(config, "iaf_report"), _option(config, "iaf_html")
        try:
            self.report_path = check_file(Path(report)) if report else None
            self.html_path = check_file(Path(html)) if html else None
        except IafError as error:
            raise pytest.UsageError(str(error)) from None
        baseline = _option(config, "iaf_baseline")
        self.baseline = Path(baseline) if baseline else None
        self._catalogue: Any = None
        self.audits: dict[str, Any] = {}
        self.records: dict[str, Any] = {}
        self.diffs: dict[str, Any] = {}
        self.worker_documents: list[str] = []  # xdist: the workers' reports, on the controller

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
            pytest.exit(f"iaf: {error}", returncode=error.exit_code)

    def audit(self, locale: str) -> Any:
        if locale not in self.audits:
            from iaf.errors import IafError  # noqa: PLC0415
            from iaf.report.outputs import error_document  # noqa: PLC0415
            from iaf.runner import prepare  # noqa: PLC0415
            from iaf.simulators.demo import demo_label, demo_release  # noqa: PLC0415

            try:
                if self.releases:
                    self.audits[locale] = prepare(self.releases, locale,
                                                  catalogue=self.catalogue)
                else:
                    self.audits[locale] = prepare([demo_release(locale)], locale,
                                                  catalogue=self.catalogue,
                                                  label=demo_label(locale))
            except IafError as error:
                self.write(json.loads(error_document(error)))
                pytest.exit(f"iaf: unusable input: {error}", returncode=error.exit_code)
        return self.audits[locale]

    def write(self, document: dict) -> None:
        """The report document to --iaf-report (JSON) and --iaf-html, whichever are asked."""
        from iaf import report  # noqa: PLC0415
        from iaf.report.outputs import write_atomic  # noqa: PLC0415

        if self.report_path:
            write_atomic(self.report_path, report.dumps(document))
        if self.html_path:
            from iaf.report.html import audit_html  # noqa: PLC0415

            write_atomic(self.html_path, audit_html(json.loads(report.dumps(document))))

    def check(self, footprint: Any) -> Any:
        """Evaluate ``footprint`` and fail, skip or pass its test accordingly."""
        __tracebackhide__ = True
        from iaf.errors import SuiteError  # noqa: PLC0415
        from iaf.report import failure_message  # noqa: PLC0415
        from iaf.results import Verdict  # noqa: PLC0415

        try:
            record = self.audit(footprint.locale).record(footprint)
        except SuiteError as error:
            pytest.fail(f"{footprint.test_id}: the audit's suite is broken: {error}",
                        pytrace=False)
        self.records[footprint.test_id] = record
        if record.verdict is Verdict.FAIL:
            pytest.fail(failure_message(record), pytrace=False)
        if record.verdict is Verdict.UNEVALUABLE:  # no release could settle it: never blocks
            pytest.skip(f"{footprint.test_id} unevaluable: {record.reason}")
        if record.verdict is Verdict.INCONCLUSIVE:
            message = f"{footprint.test_id} inconclusive: {record.reason}"
            if self.strict:
                pytest.fail(message + " (--iaf-strict)", pytrace=False)
            pytest.skip(message)
        return record

    def regression(self, footprint: Any) -> None:
        """Fail the footprint's regression test if the new release regressed against the
        baseline (verdict or metric beyond noise); drift is shown, not failed."""
        __tracebackhide__ = True
        from iaf import compare
        from iaf.errors import IafError  # noqa: PLC0415
        locale = footprint.locale
        if locale not in self.diffs:
            try:
                assert self.baseline is not None  # the test exists only with a baseline
                base = compare.baseline(self.baseline, locale, self.catalogue)
                fresh = compare.as_read([self.audit(locale).result()])
                self.diffs[locale] = compare.compare(base, fresh, locale)
            except IafError as error:
                pytest.exit(f"iaf: unusable baseline: {error}", returncode=error.exit_code)
        changes = [c for c in self.diffs[locale].changes if c.footprint == footprint.id]
        failed = [c for c in changes if c.regression]
        if failed:
            lines = [f"{footprint.test_id} REGRESSED against {self.baseline}:"]
            lines += [f"  {c.kind}: {c.text}" for c in changes]
            pytest.fail("\n".join(lines), pytrace=False)

    def results(self) -> list:
        by_locale: dict[str, list] = {}
        for record in self.records.values():
            by_locale.setdefault(record.footprint.locale, []).append(record.footprint)
        return [self.audits[locale].result(fps) for locale, fps in by_locale.items()]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("iaf", "Independence-Assumption Footprint audit")
    group.addoption("--iaf-release", action="append", default=[], metavar="PATH",
                    dest="iaf_release",
                    help="release to audit: a parquet file or folder (repeatable); "
                         "default: the embedded demo release")
    group.addoption("--iaf-locale", dest="iaf_locale", default=None,
                    help="locale(s) of the release, comma-separated, or 'all' (default ko_KR)")
    group.addoption("--iaf-catalogue", dest="iaf_catalogue", metavar="DIR",
                    help="use the catalogue in DIR instead of the shipped one")
    group.addoption("--iaf-report", dest="iaf_report", metavar="PATH",
                    help="write the verdicts as JSON to PATH")
    group.addoption("--iaf-html", dest="iaf_html", metavar="PATH",
                    help="write the verdicts as a self-contained HTML page to PATH")
    group.addoption("--iaf-strict", action="store_true", dest="iaf_strict",
                    help="an inconclusive footprint fails instead of being skipped")
    group.addoption("--iaf-baseline", dest="iaf_baseline", metavar="PATH",
                    help="the previous release (or its report.json): adds one regression test "
                         "per footprint, <locale>/<footprint-id>/regression")
    parser.addini("iaf_release", "release to audit (paths separated by spaces)")
    parser.addini("iaf_locale", "locale(s) of the release (default ko_KR)")
    parser.addini("iaf_report", "write the verdicts as JSON to this path")
    parser.addini("iaf_html", "write the verdicts as a self-contained HTML page to this path")
    parser.addini("iaf_baseline", "the previous release or its report.json (regression tests)")


def pytest_configure(config: pytest.Config) -> None:
    for kind, text in KIND_MARKERS.items():
        config.addinivalue_line("markers", f"{kind}: {text}")
    for locale in locales_in(suite_root()):
        config.addinivalue_line("markers", f"{locale}: footprints of the {locale} locale")
    config.stash[_SESSION] = AuditSession(config)


def pytest_collection(session: pytest.Session) -> None:
    """A user's catalogue is loaded before collection, so that its defects end the run with
    their list (exit 3) instead of a collection error; the shipped one loads on first use."""
    state = session.config.stash[_SESSION]
    if session.config.getoption("iaf_catalogue"):
        from iaf.errors import IafError  # noqa: PLC0415

        try:
            for locale in state.locales:
                state.catalogue.locale(locale)
        except IafError as error:
            pytest.exit(f"iaf: {error}", returncode=error.exit_code)


def _session(config: pytest.Config) -> AuditSession:
    return config.stash[_SESSION]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    for name, suffix in (("iaf_footprint", ""), ("iaf_regression", "/regression")):
        if name not in metafunc.fixturenames:
            continue
        session = _session(metafunc.config)
        footprints = session.footprints() if suffix == "" or session.baseline else []
        params = [pytest.param(fp, id=fp.test_id + suffix,
                               marks=[getattr(pytest.mark, fp.locale),
                                      getattr(pytest.mark, fp.kind.value)])
                  for fp in footprints]
        metafunc.parametrize(name, params)


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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    callspec = getattr(item, "callspec", None)
    footprint = callspec.params.get("iaf_footprint") if callspec else None
    if footprint and (call.when == "call" or (call.when == "setup" and report.skipped)):
        record = _session(item.config).records.get(footprint.test_id)
        if record:
            from iaf.report import headline  # noqa: PLC0415

            # on the item: junit writes the properties of the teardown report, made from it
            for entry in (("iaf_verdict", record.verdict.value),
                          ("iaf_key_metric", headline(record))):
                item.user_properties.append(entry)
                report.user_properties.append(entry)
    return report


def pytest_report_collectionfinish(config: pytest.Config, start_path: Path,
                                   items: list[pytest.Item]) -> list[str]:
    session = config.stash.get(_SESSION, None)
    if session is None or not session.records and not session.audits and not any(
            "iaf_footprint" in getattr(item, "fixturenames", ()) for item in items):
        return []
    release = " ".join(map(str, session.releases)) or "the embedded demo"
    return [f"iaf: {release}, locale {','.join(session.locales)}, "
            f"catalogue {session.catalogue.label}"]


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    session = config.stash.get(_SESSION, None)
    if not session or not session.records:
        return
    from iaf import report  # noqa: PLC0415

    records = list(session.records.values())
    terminalreporter.write_sep("=", "iaf verdicts")
    terminalreporter.write_line(report.verdict_table(records))
    counts = report.summary(records)
    terminalreporter.write_line(", ".join(f"{n} {v}" for v, n in counts.items()))
    for path in (session.report_path, session.html_path):
        if path:
            terminalreporter.write_line(f"iaf report: {path}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write the report; under pytest-xdist each worker hands its records' document to the
    controller (``workeroutput``), which merges them into the one report."""
    state = session.config.stash.get(_SESSION, None)
    if not state or not (state.report_path or state.html_path):
        return
    from iaf import report  # noqa: PLC0415

    worker = getattr(session.config, "workeroutput", None)
    if worker is not None:  # an xdist worker: the controller writes
        if state.records:
            worker["iaf_document"] = report.dumps(report.document(state.results()))
        return
    documents = [json.loads(d) for d in state.worker_documents]
    if state.records:
        from iaf.compare import as_read  # noqa: PLC0415

        documents.append(as_read(state.results()))
    if documents:
        state.write(merged(documents, state.footprints()))


def pytest_testnodedown(node: Any, error: Any) -> None:
    """xdist (controller): keep what a finished worker sends."""
    document = getattr(node, "workeroutput", {}).get("iaf_document")
    if document:
        node.config.stash[_SESSION].worker_documents.append(document)


def merged(documents: list[dict], order: list) -> dict:
    """One report from the workers' partial ones: every footprint once, in catalogue order,
    each release once, the summary and the comparison's counts added up."""
    rank = {(fp.locale, fp.id): i for i, fp in enumerate(order)}

    def ranked(rows: list[dict]) -> list[dict]:
        unique = {(r["locale"], r["id"]): r for r in rows}
        return sorted(unique.values(), key=lambda r: rank.get((r["locale"], r["id"]), 0))

    verdicts = ("pass", "fail", "inconclusive", "unevaluable")
    records = ranked([f for d in documents for f in d["footprints"]])
    locales: dict[str, dict[str, int]] = {}
    for d in documents:
        for locale, counts in d["comparison"]["locales"].items():
            total = locales.setdefault(locale, dict.fromkeys(("run", *verdicts), 0))
            for key, n in counts.items():
                total[key] += n
    releases: dict[str, dict] = {}
    for d in documents:  # one entry per release; each worker kept its footprints' raw tables
        for r in d["releases"]:
            entry = releases.setdefault(r["locale"], {**r, "attribute_tables": {}})
            entry["attribute_tables"].update(r.get("attribute_tables", {}))
    return {**documents[0], "releases": [releases[k] for k in sorted(releases)],
            "summary": {v: sum(f["verdict"] == v for f in records) for v in verdicts},
            "footprints": records,
            "comparison": {"locales": dict(sorted(locales.items())), "footprints": ranked(
                [f for d in documents for f in d["comparison"]["footprints"]])}}
