"""iaf diff's reading of changes: every transition named (a new fail is a regression whatever
it was before, with the new reason), rare values that sampling makes appear or vanish told
apart from real schema changes, a metric's movement counted only where its table moved beyond
two-sample noise, and regressions counted by footprint."""

from __future__ import annotations

import pytest

from iaf.compare import compare, schema_changes, transition, transitions
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


def judged(verdict: str, citation: str = "", suite_max: float | None = 0.02) -> dict:
    checks = [{"metric": "conditional_tvd", "suite_min": None, "suite_max": suite_max}]
    return {"verdict": verdict, "reason": "", "checks": checks if citation else [],
            "reference_citations": {"ref": citation} if citation else {}}


@pytest.mark.parametrize("old, new, redefined", [
    (judged("pass", "EAPS 2025"), judged("fail", "EAPS 2025"), False),
    (judged("unevaluable"), judged("fail", "EAPS 2025"), True),  # a reference was added
    (judged("pass", "EAPS 2024"), judged("fail", "EAPS 2025"), True),  # another edition
    (judged("pass", "EAPS 2025"), judged("fail", "EAPS 2025", suite_max=0.01), True),
])
def test_a_change_of_what_a_footprint_is_judged_against_is_said(old, new, redefined):
    (change,) = transitions("occupation_x_sex", old, new)
    assert change.regression  # a new fail stays a regression: the gate must see it
    assert change.details["redefined"] is redefined
    assert ("may be the catalogue's" in change.text) is redefined


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


def test_among_many_rare_values_eight_rows_on_one_side_are_sampling():
    """Two faithful 200k releases: about 150 rare strings each appeared and vanished, and 8
    rows against none was called a schema change (the rate was read off the 8 rows seen). All
    the rows of a value on one side, at equal sizes, is 0.5 ** rows: over 300 values it takes
    about 19 rows to be a change."""
    old = release(200_000, {"a": 199_000, **{f"o{i}": 4 + i % 5 for i in range(150)}})
    new = release(200_000, {"a": 198_970, **{f"n{i}": 4 + i % 5 for i in range(150)},
                            "real": 30})
    changes = schema_changes(old, new)
    assert [c.kind for c in changes] == ["schema", "sampling", "sampling"]
    assert changes[0].text.startswith("occupation: 1 value(s) appeared: 'real' (30 rows)")


def document(observed: float, counts: tuple[int, int, int, int]) -> dict:
    """A one-footprint report whose primary view checks ``observed`` (noise sd 0.001) on a 2 x 2
    release-side table of ``counts``."""
    cells = ";".join(f"{i // 2},{i % 2},{n}" for i, n in enumerate(counts))
    view = {"role": "primary", "noise": {"tvd": {"sd": 0.001, "above": 0.003, "below": 0.0}},
            "checks": [{"metric": "tvd", "observed": observed, "suite_min": None,
                        "suite_max": 0.05}],
            "table": {"rows": ["r1", "r2"], "columns": ["c1", "c2"], "cells": cells}}
    record = {"locale": "ko_KR", "id": "f", "verdict": "pass", "views": {"all": view}}
    return {"releases": [{**release(sum(counts), {}), "locale": "ko_KR"}],
            "footprints": [record]}


@pytest.mark.parametrize("new_counts, kinds", [
    ((5_000, 5_000, 5_000, 5_000), set()),  # the same table: the metric's move is noise
    ((9_000, 1_000, 5_000, 5_000), {"movement", "drift"}),
])
def test_a_movement_needs_the_table_behind_it_to_move(new_counts, kinds):
    old = document(0.010, (5_000, 5_000, 5_000, 5_000))
    changes = compare(old, document(0.030, new_counts), "ko_KR").changes
    assert {c.kind for c in changes if c.kind in ("movement", "drift")} == kinds


def test_a_regression_by_movement_alone_is_named_in_the_overview():
    """Same verdict on both sides, a metric moved worse beyond noise: the closing line counted
    it regressed while the overview's change column was empty."""
    old = document(0.010, (5_000, 5_000, 5_000, 5_000))
    result = compare(old, document(0.030, (9_000, 1_000, 5_000, 5_000)), "ko_KR")
    assert result.regressed_footprints == ("f",)
    assert result.overview == (("f", "pass", "pass", "regression (moved)"),)


def test_a_diff_records_the_run_of_the_baseline_report_it_was_made_against():
    """diff.json named the baseline's label, rows and files, not which audit of it: a
    regression test must say what it compared with."""
    from iaf.report.document import diff_document  # noqa: PLC0415
    from iaf.report.markdown import diff_markdown  # noqa: PLC0415

    old = {**document(0.010, (5_000, 5_000, 5_000, 5_000)), "run": "0123456789abcdef"}
    result = compare(old, document(0.010, (5_000, 5_000, 5_000, 5_000)), "ko_KR")
    assert diff_document(result)["baseline"]["run"] == "0123456789abcdef"
    assert "report run 0123456789abcdef" in diff_markdown(result)
    assert "run" not in diff_document(compare(document(0.01, (5, 5, 5, 5)), document(
        0.01, (5, 5, 5, 5)), "ko_KR"))["baseline"]  # a release audited now has none


def with_footprints(ids: list[str], gate: dict | None = None) -> dict:
    """A report of ``ids`` (all passing), and the selection its gate record holds."""
    doc = document(0.010, (5_000, 5_000, 5_000, 5_000))
    doc["footprints"] = [{**doc["footprints"][0], "id": i} for i in ids]
    return {**doc, "gate": gate} if gate is not None else doc


@pytest.mark.parametrize("baseline_gate, new_selection, words", [
    (None, None, {"a": "", "b": "new"}),  # the catalogue gained b
    ({"selected": ["a"], "excluded": []}, None, {"a": "", "b": "not compared"}),
    ({"selected": ["ko_KR/a"], "excluded": []}, None, {"a": "", "b": "not compared"}),
    ({"selected": [], "excluded": ["b"]}, None, {"a": "", "b": "not compared"}),
    ({"selected": [], "excluded": ["c"]}, None, {"a": "", "b": "new"}),
])
def test_a_footprint_a_baseline_left_out_is_not_called_new(baseline_gate, new_selection, words):
    result = compare(with_footprints(["a"], baseline_gate), with_footprints(["a", "b"]),
                     "ko_KR", new_selection)
    assert {f: word for f, _, _, word in result.overview} == words
    (b,) = [c for c in result.changes if c.footprint == "b"]
    assert b.text.startswith("not compared" if words["b"] == "not compared" else "footprint new")
    assert not result.regressed


@pytest.mark.parametrize("new_selection, word", [
    (None, "gone"), ({"selected": ["a"], "excluded": []}, "not compared"),
    ({"selected": [], "excluded": ["ko_KR/b"]}, "not compared"),
])
def test_a_footprint_the_new_run_left_out_is_not_called_gone(new_selection, word):
    result = compare(with_footprints(["a", "b"]), with_footprints(["a"]), "ko_KR", new_selection)
    assert dict((f, w) for f, _, _, w in result.overview)["b"] == word


def signed(observed: float, counts: tuple[int, int, int, int], ideal: float | None) -> dict:
    """``document``, its check a signed metric bounded above only, whose ideal is 0."""
    doc = document(observed, counts)
    view = doc["footprints"][0]["views"]["all"]
    view["checks"][0]["metric"] = "dependence_exaggerated"
    view["noise"] = {"dependence_exaggerated": {
        "sd": 0.001, "above": 0.003, "below": 0.003, **({} if ideal is None else {"ideal": ideal})}}
    return doc


@pytest.mark.parametrize("old, new, ideal, moved", [
    (-0.5, 0.001, 0.0, False),  # dependence lost, then reproduced: it reached its ideal
    (-0.5, 0.04, 0.0, True),  # past its ideal toward the bound by more than noise
    (0.0, 0.04, 0.0, True),
    (-0.5, 0.001, None, True),  # a report of iaf 0.3 records no ideal: as before
])
def test_a_one_sided_metric_moving_to_its_ideal_is_not_worse(old, new, ideal, moved):
    old_counts, new_counts = (5_000, 5_000, 5_000, 5_000), (9_000, 1_000, 5_000, 5_000)
    changes = compare(signed(old, old_counts, None), signed(new, new_counts, ideal),
                      "ko_KR").changes
    assert any(c.kind == "movement" for c in changes) is moved


def test_files_are_matched_by_their_bytes_not_their_names():
    def files(*named: tuple[str, str]) -> dict:
        return {"files": [{"name": n, "sha256": s} for n, s in named]}

    folder = files(("data/train-0.parquet", "a"), ("data/train-1.parquet", "b"))
    assert schema_changes(folder, files(("train-1.parquet", "b"), ("train-0.parquet", "a"))) == []
    (change,) = schema_changes(folder, files(("train-0.parquet", "a"), ("train-1.parquet", "c")))
    assert change.text == "files: 2 -> 2, 1 byte-identical"


@pytest.mark.parametrize("baseline_gate, regressed", [
    (None, ("b",)),  # new in the catalogue: a fail is a regression, as after unevaluable
    ({"selected": ["a"], "excluded": []}, ()),  # left out: said, not counted
])
def test_a_fail_the_baseline_has_no_verdict_for(baseline_gate, regressed):
    new = with_footprints(["a", "b"])
    new["footprints"][1] = {**new["footprints"][1], "verdict": "fail", "reason": "tvd 0.08"}
    result = compare(with_footprints(["a"], baseline_gate), new, "ko_KR")
    assert result.regressed_footprints == regressed
    (b,) = [c for c in result.changes if c.footprint == "b"]
    assert b.regression == bool(regressed)
    assert b.text.endswith("new in this version; it fails (tvd 0.08)" if regressed else
                           "it fails in this version")


def test_tables_with_no_category_in_common_are_not_compared():
    old, new = document(0.010, (5_000,) * 4), document(0.030, (9_000, 1_000, 5_000, 5_000))
    new["footprints"][0]["views"]["all"]["table"]["rows"] = ["25-54", "55+"]  # re-banded
    (change,) = compare(old, new, "ko_KR").changes
    assert change.kind == "schema" and "no category in common" in change.text


def test_a_diff_result_shows_its_outcome_not_the_releases():
    """Its repr dumped both releases' entries, 401,607 characters in a notebook."""
    from iaf.results import Change, DiffResult  # noqa: PLC0415

    side = {"label": "v1", "rows": 10, "values": {"occupation": {str(i): i for i in range(9999)}}}
    result = DiffResult("ko_KR", side, {**side, "label": "v2"}, (
        Change("occupation_x_sex", "transition", "pass -> fail", regression=True),
        Change("", "schema", "rows 10 -> 10")), (("occupation_x_sex", "pass", "fail",
                                                    "regression"),))
    assert repr(result) == ("<DiffResult ko_KR, v1 -> v2: 2 change(s), regressed: "
                            "occupation_x_sex>\n  REGRESSION occupation_x_sex: pass -> fail")
    assert result.to_frame().to_dict("records") == [
        {"footprint": "occupation_x_sex", "baseline": "pass", "new": "fail",
         "change": "regression"}]


def test_a_movement_where_faithful_releases_never_differ_says_so():
    """A count that must be 0 has a noise band of 0: the text read "beyond the 0 two faithful
    releases of these sizes differ by" (a stranger's review)."""
    old = document(0.010, (5_000, 5_000, 5_000, 5_000))
    new = document(0.030, (9_000, 1_000, 5_000, 5_000))
    for doc in (old, new):
        doc["footprints"][0]["views"]["all"]["noise"]["tvd"] = {"sd": 0.0}
    moved = [c for c in compare(old, new, "ko_KR").changes if c.kind == "movement"]
    assert moved and moved[0].text.endswith(
        "worse by 0.02, where two faithful releases of these sizes never differ")


def test_the_closing_line_names_the_footprints_apart_from_the_count_of_findings():
    from iaf.report.text import diff_summary  # noqa: PLC0415

    changes = (Change("a", "transition", "", True), Change("a", "movement", "", True),
               Change("b", "drift", ""))
    said = diff_summary(DiffResult("ko_KR", {}, {}, changes))
    assert said.startswith("REGRESSED: 1 footprint(s) regressed (a), 2 finding(s) in all;")


def test_the_overview_keeps_the_catalogues_order_as_the_audit_table_does():
    old, new = (document(0.010, (5_000, 5_000, 5_000, 5_000)) for _ in range(2))
    for doc in (old, new):
        first = doc["footprints"][0]
        doc["footprints"] = [{**first, "id": "zeta"}, {**first, "id": "alpha"}]
    assert [row[0] for row in compare(old, new, "ko_KR").overview] == ["zeta", "alpha"]


def test_a_refused_side_of_a_diff_is_named_with_its_paths(tmp_path):
    """`iaf diff a.parquet b.parquet v2/` took b.parquet as the new release's and said only
    that a shard was missing (a stranger's review)."""
    from iaf.compare import diff  # noqa: PLC0415
    from iaf.errors import ReleaseError  # noqa: PLC0415

    with pytest.raises(ReleaseError) as info:
        diff(tmp_path / "old", [tmp_path / "b.parquet"], "ko_KR")
    assert info.value.hint == f"This is the baseline: {tmp_path / 'old'}"
    from tests.helpers import generated, write  # noqa: PLC0415

    write(tmp_path / "old" / "data" / "train-00000-of-00001.parquet", generated(2_000, 1, "faithful"))
    with pytest.raises(ReleaseError) as info:
        diff(tmp_path / "old", [tmp_path / "b.parquet", tmp_path / "old"], "ko_KR")
    assert info.value.hint == (f"This is the new release: {tmp_path / 'b.parquet'}, "
                               f"{tmp_path / 'old'} (every path after the first, the baseline)")


def test_a_drift_names_its_rows_by_the_titles_the_figure_shows():
    """Drift lines named bare codes ("most in 8 (0.094)"): the report's figure has the titles."""
    import numpy as np  # noqa: PLC0415

    from iaf.compare import _titles, drifts  # noqa: PLC0415
    from iaf.results import CountTable  # noqa: PLC0415

    record = {"views": {"strict": {"role": "primary", "figure": {
        "rows": ["1 관리자", "8 장치·기계 조작 및 조립 종사자", "none"]}}}}
    titles = _titles(record)
    assert titles == {"1": "1 관리자", "8": "8 장치·기계 조작 및 조립 종사자"}
    a = CountTable.of(["1", "8"], ["남자", "여자"], np.array([[900, 100], [500, 500]]))
    b = CountTable.of(["1", "8"], ["남자", "여자"], np.array([[500, 500], [900, 100]]))
    (found,) = drifts(a, b, "occupation_x_sex", titles=titles)
    assert "most in 1 관리자 (" in found.text and "8 장치·기계 조작 및 조립 종사자 (" in found.text
    assert _titles({"views": {}}) == {}
