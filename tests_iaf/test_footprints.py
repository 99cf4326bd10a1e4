"""The audit suite: one test per (locale, footprint), parametrised by the iaf pytest plugin.

    pytest tests_iaf --release PATH --locale ko_KR [--iaf-report verdicts.json]
    pytest tests_iaf --release NEW --iaf-baseline OLD   # adds <locale>/<id>/regression tests

Each footprint's data (disclosure, references, frame) lives in references/<locale>/, its
tolerances in expectations/<locale>/<footprint-id>.json; nothing here changes per footprint.
"""


def test_footprint(iaf_audit, iaf_footprint):
    iaf_audit.check(iaf_footprint)


def test_regression(iaf_audit, iaf_regression):
    iaf_audit.regression(iaf_regression)
