"""The iaf pytest plugin (entry point ``pytest11``): the audit suite's options and glue.

Tests that request the ``footprint`` fixture (tests_iaf/) are parametrised per (locale,
footprint) with ids ``<locale>/<footprint-id>`` and markers per locale and kind. The release is
opened and scanned once per locale, on first use. A failing footprint fails its test with a
message readable on its own; an inconclusive one is skipped with its reason (failed under
--iaf-strict); unusable input stops the run with exit code 2. Glue only: the audit itself is
iaf.audit, the text iaf.report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from iaf.audit import Audit, Record, Verdict, open_audit
from iaf.errors import IafError, SuiteError
from iaf.footprints import Footprint, load_footprints
from iaf.schema import check_locale, known_locales

KIND_MARKERS = {
    "marginal": "footprints checking a marginal the dataset card claims",
    "direct_joint": "footprints comparing a joint with an official joint table",
    "rule_implied": "footprints checking a joint against institutional rules",
}
_SESSION = pytest.StashKey["AuditSession"]()


class AuditSession:
    """One audit per locale, opened lazily; the records evaluated so far, in test order."""

    def __init__(self, config: pytest.Config) -> None:
        self.releases = [Path(p) for p in config.getoption("release")]
        text = config.getoption("locale")
        self.locales = list(known_locales()) if text == "all" else text.split(",")
        self.strict = config.getoption("iaf_strict")
        self.report_path = config.getoption("iaf_report")
        self.audits: dict[str, Audit] = {}
        self.records: dict[str, Record] = {}

    def audit(self, locale: str) -> Audit:
        if locale not in self.audits:
            from iaf.demo import demo_label, demo_release  # noqa: PLC0415

            try:
                if self.releases:
                    self.audits[locale] = open_audit(self.releases, locale)
                else:
                    self.audits[locale] = open_audit([demo_release(locale)], locale,
                                                     label=demo_label(locale))
            except IafError as error:
                pytest.exit(f"iaf: unusable input: {error}", returncode=error.exit_code)
        return self.audits[locale]

    def check(self, footprint: Footprint) -> Record:
        """Evaluate ``footprint`` and fail, skip or pass its test accordingly."""
        __tracebackhide__ = True
        from iaf.report import failure_message  # noqa: PLC0415

        try:
            record = self.audit(footprint.locale).record(footprint)
        except SuiteError as error:
            pytest.fail(f"{footprint.test_id}: the audit's suite is broken: {error}",
                        pytrace=False)
        self.records[footprint.test_id] = record
        if record.verdict is Verdict.FAIL:
            pytest.fail(failure_message(record), pytrace=False)
        if record.verdict is Verdict.INCONCLUSIVE:
            message = f"{footprint.test_id} inconclusive: {record.reason}"
            if self.strict:
                pytest.fail(message + " (--iaf-strict)", pytrace=False)
            pytest.skip(message)
        return record


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("iaf", "Independence-Assumption Footprint audit")
    group.addoption("--release", action="append", default=[], metavar="PATH",
                    help="release to audit: a parquet file or folder (repeatable); "
                         "default: the embedded demo release")
    group.addoption("--locale", default="ko_KR",
                    help="locale(s) of the release, comma-separated, or 'all' (default ko_KR)")
    group.addoption("--iaf-report", metavar="PATH", help="write the verdicts as JSON to PATH")
    group.addoption("--iaf-strict", action="store_true",
                    help="an inconclusive footprint fails instead of being skipped")


def pytest_configure(config: pytest.Config) -> None:
    for kind, text in KIND_MARKERS.items():
        config.addinivalue_line("markers", f"{kind}: {text}")
    for locale in known_locales():
        config.addinivalue_line("markers", f"{locale}: footprints of the {locale} locale")
    session = AuditSession(config)
    try:
        for locale in session.locales:
            check_locale(locale)
    except IafError as error:
        raise pytest.UsageError(str(error)) from None
    if session.releases and len(session.locales) > 1:
        raise pytest.UsageError("A release has one locale: give a single --locale with --release")
    config.stash[_SESSION] = session


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "footprint" not in metafunc.fixturenames:
        return
    session = metafunc.config.stash[_SESSION]
    params = [pytest.param(fp, id=fp.test_id,
                           marks=[getattr(pytest.mark, fp.locale), getattr(pytest.mark, fp.kind)])
              for locale in session.locales for fp in load_footprints(locale)]
    metafunc.parametrize("footprint", params)


@pytest.fixture(scope="session")
def iaf_audit(pytestconfig: pytest.Config) -> AuditSession:
    """The session's audits: ``iaf_audit.check(footprint)`` runs one footprint's test."""
    return pytestconfig.stash[_SESSION]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    footprint = getattr(item, "callspec", None) and item.callspec.params.get("footprint")
    if call.when == "call" or (call.when == "setup" and report.skipped):
        session = item.config.stash[_SESSION]
        record = session.records.get(footprint.test_id) if footprint else None
        if record:
            report.user_properties.append(("iaf_verdict", record.verdict.value))
    return report


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
    if session.report_path:
        terminalreporter.write_line(f"iaf report: {session.report_path}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    state = session.config.stash.get(_SESSION, None)
    if not state or not state.report_path or not state.records:
        return
    from iaf import report  # noqa: PLC0415

    audits = [state.audits[locale] for locale in state.locales if locale in state.audits]
    Path(state.report_path).write_text(report.to_json(audits, list(state.records.values())),
                                       encoding="utf-8")
