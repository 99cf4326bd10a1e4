"""Reading reports of the formats iaf knows: iaf 0.3.0's format 2 and iaf 0.2.0's format 1
(reports they wrote, stored) are read as the current format with their worst cells in the one
shape, format 1 through format 2, and another format is refused naming both."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iaf.report import document
from iaf.report.checks import CELL_KEYS
from iaf.report.document import CellDoc, ReportFormatError, read, schema_problems

REPORTS = Path(__file__).parents[2] / "fixtures" / "reports"
FORMAT_2 = REPORTS / "format2" / "report.json"
# iaf 0.2.0 (commit 01e5a88, the release's last) on six footprints of that day's ko_KR demo
FORMAT_1 = REPORTS / "format1" / "report.json"


def cells_of(doc: document.ReportDoc) -> dict[str, list[CellDoc]]:
    return {r["id"]: r["cells"] for r in doc["footprints"]}


def test_the_tables_show_every_cell_key():
    assert set(CELL_KEYS) == set(CellDoc.__annotations__)


def test_a_format_2_report_is_read_as_the_current_format_with_cells_in_one_shape():
    raw = json.loads(FORMAT_2.read_text(encoding="utf-8"))
    doc = read(FORMAT_2)
    assert raw["format"] == 2 and doc["format"] == document.FORMAT == 3
    assert schema_problems(doc) == []
    cells = cells_of(doc)
    assert all(list(c) == list(CellDoc.__annotations__) for rows in cells.values() for c in rows)
    # only the cells changed, and none was dropped
    assert {**doc, "format": 2, "footprints": [{**r, "cells": []} for r in doc["footprints"]]} \
        == {**raw, "footprints": [{**r, "cells": []} for r in raw["footprints"]]}
    assert {k: len(v) for k, v in cells.items()} == {r["id"]: len(r["cells"])
                                                      for r in raw["footprints"]}


def test_each_methods_format_2_cells_keep_what_they_said():
    cells = cells_of(read(FORMAT_2))
    assert cells["marginal_age"][0] == {  # category -> where
        "where": "30-34", "outcome": None, "synthetic": 0.0860563, "reference": 0.0831106,
        "gap": 0.00294569, "weight": None, "rows": None, "note": ""}
    conditional = cells["occupation_x_sex"][0]  # given -> where
    assert (conditional["where"], conditional["outcome"], conditional["weight"]) == (
        "8 장치·기계 조작 및 조립 종사자", "여자", 0.102263)
    flattening = cells["female_share_male_dominated"][0]  # finding -> note
    assert (flattening["where"], flattening["rows"], flattening["note"]) == (
        "8 장치·기계 조작 및 조립 종사자", 2593, "flattened")
    military = {c["where"]: c for c in cells["military_x_age"]}  # check -> where, value
    rule = military["병사 who are not 남자"]
    assert (rule["synthetic"], rule["reference"], rule["rows"]) == (0.418033, 0.0, 102)
    assert rule["note"].startswith("병역법 (Military Service Act)")  # basis -> note
    assert military["share of active duty who are 병사"]["reference"] == pytest.approx(0.602)
    band = military["enlisted per man aged 20-24"]  # a range expected: in the note
    assert band["reference"] is None
    assert band["note"] == "expected 18.6%-20.5%; MND 운영병력 병 / KOSTAT men 20-24, 2019-2023"


def test_an_identity_cell_of_format_2_reads_as_a_rule():
    assert document._cell_2({"check": "persona: row 3 repeats row 1", "rows": 1}) == {
        "where": "persona: row 3 repeats row 1", "outcome": None, "synthetic": None,
        "reference": None, "gap": None, "weight": None, "rows": 1, "note": ""}


def test_a_format_1_report_iaf_0_2_0_wrote_is_read_through_format_2():
    raw = json.loads(FORMAT_1.read_text(encoding="utf-8"))
    assert "format" not in raw and raw["iaf_version"] == "0.2.0"
    assert "unevaluable" not in raw["summary"]  # iaf 0.2.0 had no such verdict
    doc = read(FORMAT_1)
    assert doc["format"] == 3 and schema_problems(doc) == []
    assert doc["summary"] == {**raw["summary"], "unevaluable": 0}
    assert [(r["id"], r["verdict"]) for r in doc["footprints"]] == \
        [(r["id"], r["verdict"]) for r in raw["footprints"]]
    cells = cells_of(doc)
    assert all(list(c) == list(CellDoc.__annotations__) for rows in cells.values() for c in rows)
    assert {k: len(v) for k, v in cells.items()} == {r["id"]: len(r["cells"])
                                                      for r in raw["footprints"]}
    first = raw["footprints"][0]["cells"][0]  # a marginal's category -> where
    assert cells["marginal_age"][0] == {
        "where": first["category"], "outcome": None, "synthetic": first["synthetic"],
        "reference": first["reference"], "gap": first["gap"], "weight": None, "rows": None,
        "note": ""}


def test_a_format_this_iaf_does_not_know_is_refused_naming_both(tmp_path):
    raw = json.loads(FORMAT_2.read_text(encoding="utf-8"))
    future = tmp_path / "report.json"
    future.write_text(json.dumps({**raw, "format": 4}), encoding="utf-8")
    with pytest.raises(ReportFormatError, match="format 4 .*reads format 3 and upgrades 1, 2"):
        read(future)


def test_diff_json_has_a_schema_of_its_own_and_conforms_to_it():
    """diff.json had no schema: a CI step reading it had only the code to go by."""
    from iaf.results import Change, DiffResult  # noqa: PLC0415

    side = {"label": "v1", "rows": 10, "files": [{"name": "a.parquet", "bytes": 5, "rows": 10,
                                                  "sha256": "0" * 64}]}
    result = DiffResult("ko_KR", {**side, "run": "abc"}, side, (
        Change("occupation_x_sex", "transition", "pass -> fail", regression=True,
               details={"baseline": "pass", "new": "fail"}),
        Change("", "schema", "rows 10 -> 10")), (("occupation_x_sex", "pass", "fail",
                                                    "regression"),))
    written = json.loads(document.diff_json(result, run="r1"))
    assert schema_problems(written, document.DIFF_SCHEMA) == []
    del written["changes"][0]["regression"]
    written["overview"][0]["new"] = 3
    assert len(schema_problems(written, document.DIFF_SCHEMA)) == 2
    assert schema_problems(written) != []  # report.json's schema is another document's


def test_a_record_s_key_check_is_the_one_its_report_shows():
    """to_frame() had no key metric: a notebook could not sort footprints by how far they
    fail. Record.key_check and the report's headline pick by one rule (results.key_index)."""
    from iaf.report.checks import key_check  # noqa: PLC0415
    from iaf.runner import audit_table  # noqa: PLC0415
    from tests.helpers import generated  # noqa: PLC0415

    result = audit_table(generated(20_000, 3, "card-independence"), "ko_KR")
    frame = result.to_frame()
    shown = 0
    for record, row in zip(result.records, result.rows()):
        doc = document.record_doc(record)
        key = key_check(doc["verdict"], doc["checks"])
        assert row["metric"] == (key["metric"] if key else None)  # the document rounds:
        assert row["observed"] == (pytest.approx(key["observed"], rel=1e-5) if key else None)
        shown += key is not None
    assert shown >= 10 and frame["metric"].notna().sum() == frame["observed"].notna().sum() \
        == shown


def test_the_key_check_is_the_most_violated_failure_with_a_scale():
    from iaf.results import key_index  # noqa: PLC0415

    assert key_index([]) is None
    assert key_index([(True, True, 0.0), (True, True, 0.0)]) == 0
    assert key_index([(True, True, 0.0), (False, True, 0.2), (False, True, 0.9)]) == 2
    # a zero bound (a count that must be 0) has no scale: a scaled failure goes first
    assert key_index([(False, False, 5.0), (False, True, 0.1)]) == 1
    assert key_index([(True, True, 0.0), (False, False, 5.0)]) == 1
