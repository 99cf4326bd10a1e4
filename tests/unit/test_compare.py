"""iaf diff's reading of changes: every transition named (a new fail is a regression whatever
it was before, with the new reason), rare values that sampling makes appear or vanish told
apart from real schema changes, and regressions counted by footprint."""

from __future__ import annotations

import pytest

from iaf.compare import schema_changes, transition, transitions
from iaf.results import Change, DiffResult


@pytest.mark.parametrize("before, after, word", [
    ("pass", "fail", "regression"), ("inconclusive", "fail", "regression"),
    ("unevaluable", "fail", "regression"), ("fail", "pass", "improvement"),
    ("inconclusive", "pass", "now settled"), ("pass", "inconclusive", "no longer settled"),
    ("pass", "pass", ""),
])
def test_every_transition_is_named(before, after, word):
    assert transition(before, after) == word


def test_a_new_fail_quotes_its_new_reason_not_the_old_one():
    old = {"verdict": "inconclusive", "reason": "needs about 50,000 rows"}
    new = {"verdict": "fail", "reason": "tvd 0.08 outside <= 0.03"}
    (change,) = transitions("marginal_age", old, new)
    assert change.regression and "tvd 0.08" in change.text and "50,000" not in change.text


def release(rows: int, values: dict[str, int]) -> dict:
    return {"rows": rows, "columns": ["occupation"], "values": {"occupation": values},
            "files": [], "revision": "", "new_values": {}}


def test_rare_values_are_sampling_and_common_ones_are_changes():
    old = release(100_000, {"a": 50_000, "b": 49_990, "rare": 5, "gone": 5})
    new = release(100_000, {"a": 50_000, "b": 49_990, "rare2": 4, "new": 6_000})
    changes = {c.kind: c for c in schema_changes(old, new)}
    by_kind = [c.kind for c in schema_changes(old, new)]
    assert by_kind.count("sampling") == 2  # rare2 appeared, rare and gone vanished
    assert "new" in changes["schema"].text and "6,000 rows" in changes["schema"].text
    assert "as sampling makes them" in changes["sampling"].text


def test_regressions_are_counted_by_footprint():
    changes = (Change("a", "transition", "", True), Change("a", "movement", "", True),
               Change("b", "drift", ""), Change("", "schema", "", True))
    result = DiffResult("ko_KR", {}, {}, changes)
    assert result.regressed_footprints == ("(release)", "a")
