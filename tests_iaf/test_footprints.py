"""The audit suite: one test per (locale, footprint), parametrised by the iaf pytest plugin.

    pytest tests_iaf --release PATH --locale ko_KR [--iaf-report verdicts.json]

Each footprint's data (disclosure, references, frame) lives in references/<locale>/, its
tolerances in expectations/<locale>/<footprint-id>.json; nothing here changes per footprint.
"""


def test_footprint(iaf_audit, iaf_footprint):
    iaf_audit.check(iaf_footprint)
