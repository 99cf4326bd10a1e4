"""The catalogue: the shipped one is complete and consistent; every defect of a catalogue is a
SuiteError naming the file and the key, all listed at once, exit 3 from the CLI, no traceback;
and a user's catalogue replaces the shipped one."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from iaf.catalogue import Catalogue
from iaf.catalogue.problems import Problems
from iaf.catalogue.references import REQUIRED_FIELDS
from iaf.catalogue.schema import write_schema_manifest
from iaf.cli import main
from iaf.errors import SuiteError
from iaf.results import Verdict
from iaf.runner import audit_table
from tests.helpers import SHIPPED, TINY, generated

FOOTPRINTS = [fp for locale in SHIPPED.locales() for fp in SHIPPED.locale(locale).footprints]
LOCALE = "references/xx_XX"


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A copy of the one-locale test catalogue, to break."""
    return Path(shutil.copytree(TINY, tmp_path / "catalogue"))


def edit_json(path: Path, change: Callable[[dict], None]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def problems(root: Path) -> list[tuple[str, str]]:
    with pytest.raises(SuiteError) as info:
        Catalogue(root).locale("xx_XX")
    return [(p.file, p.key) for p in info.value.problems]


def footprint(data: dict, fid: str) -> dict:
    return next(f for f in data["footprints"] if f["id"] == fid)


def suite_bound(key: str, value: object) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        data["expectations"][0]["kwargs"][key] = value
    return change


DEFECTS = {
    # defect: (file to edit, change, file named, key named)
    "unknown method": (f"{LOCALE}/footprints.json",
                       lambda d: footprint(d, "marginal_sex").update(method="magic"),
                       f"{LOCALE}/footprints.json", "footprints['marginal_sex'].method"),
    "unknown parameter key": (f"{LOCALE}/footprints.json",
                              lambda d: footprint(d, "marginal_sex")["params"].update(colum="x"),
                              f"{LOCALE}/footprints.json",
                              "footprints['marginal_sex'].params.colum"),
    "missing parameter": (f"{LOCALE}/footprints.json",
                          lambda d: footprint(d, "occupation_x_sex")["params"].pop("given"),
                          f"{LOCALE}/footprints.json",
                          "footprints['occupation_x_sex'].params.given"),
    "wrongly typed parameter": (f"{LOCALE}/footprints.json",
                                lambda d: footprint(d, "occupation_x_sex")["params"]["crosswalk"]
                                .update(level="one"), f"{LOCALE}/footprints.json",
                                "footprints['occupation_x_sex'].params.crosswalk.level"),
    "missing reference": (f"{LOCALE}/footprints.json",
                          lambda d: footprint(d, "marginal_sex").update(references=["nope"]),
                          f"{LOCALE}/tables/nope.manifest.json", ""),
    "missing crosswalk": (f"{LOCALE}/footprints.json",
                          lambda d: footprint(d, "occupation_x_sex")["params"]["crosswalk"]
                          .update(id="nope"), f"{LOCALE}/crosswalks/nope.manifest.json", ""),
    "suite metric the method does not produce": (
        "expectations/xx_XX/marginal_sex.json", suite_bound("column", "kappa"),
        "expectations/xx_XX/marginal_sex.json", "expectations[0].kwargs.column"),
    "empty suite": ("expectations/xx_XX/marginal_sex.json",
                    lambda d: d.update(expectations=[]),
                    "expectations/xx_XX/marginal_sex.json", "expectations"),
    "bound missing": ("expectations/xx_XX/marginal_sex.json", lambda d: d["expectations"][0]
                      ["kwargs"].pop("max_value"), "expectations/xx_XX/marginal_sex.json",
                      "expectations[0].kwargs.max_value"),
    "bound null": ("expectations/xx_XX/marginal_sex.json", suite_bound("max_value", None),
                   "expectations/xx_XX/marginal_sex.json", "expectations[0].kwargs.max_value"),
    "bound not a number": ("expectations/xx_XX/marginal_sex.json",
                           suite_bound("max_value", "0.05"),
                           "expectations/xx_XX/marginal_sex.json",
                           "expectations[0].kwargs.max_value"),
    "inverted bounds": ("expectations/xx_XX/marginal_sex.json", lambda d: d["expectations"][0]
                        .update(type="expect_footprint_metric_between",
                                kwargs={"column": "tvd", "min_value": 0.5, "max_value": 0.1}),
                        "expectations/xx_XX/marginal_sex.json", "expectations[0].kwargs"),
    "a bound no value can meet (tvd is at least 0)": (
        "expectations/xx_XX/marginal_sex.json", suite_bound("max_value", -0.1),
        "expectations/xx_XX/marginal_sex.json", "expectations[0].kwargs.max_value"),
    "a bound every value meets (tvd is at most 1)": (
        "expectations/xx_XX/marginal_sex.json", lambda d: d["expectations"][0].update(
            kwargs={"column": "tvd", "max_value": 1.0}, meta={"why": "test", "detect": 1.5,
                                                              "detect_why": "test"}),
        "expectations/xx_XX/marginal_sex.json", "expectations[0].kwargs"),
    "no declared effect for a method without a counterfactual": (
        "expectations/xx_XX/marginal_sex.json",
        lambda d: d["expectations"][0]["meta"].pop("detect"),
        "expectations/xx_XX/marginal_sex.json", "expectations"),
    "a declared effect inside the bounds": (
        "expectations/xx_XX/marginal_sex.json",
        lambda d: d["expectations"][0]["meta"].update(detect=0.01),
        "expectations/xx_XX/marginal_sex.json", "expectations[0].meta.detect"),
    "a footprint id with a newline": (f"{LOCALE}/footprints.json",
                                      lambda d: footprint(d, "marginal_sex").update(
                                          id="marginal\nsex"), f"{LOCALE}/footprints.json",
                                      "footprints['marginal\\nsex'].id"),
    "attributes null": (f"{LOCALE}/footprints.json",
                        lambda d: footprint(d, "marginal_sex").update(attributes=None),
                        f"{LOCALE}/footprints.json", "footprints['marginal_sex'].attributes"),
    "a reference id that leaves the folder": (
        f"{LOCALE}/footprints.json",
        lambda d: footprint(d, "marginal_sex").update(references=["../../../etc/hostname"]),
        f"{LOCALE}/footprints.json", "footprints['marginal_sex'].references"),
    "an unknown footprints.json key": (f"{LOCALE}/footprints.json", lambda d: d.update(extra=1),
                                       f"{LOCALE}/footprints.json", "extra"),
    "an unknown suite keyword argument": (
        "expectations/xx_XX/marginal_sex.json", suite_bound("mostly", 0.9),
        "expectations/xx_XX/marginal_sex.json", "expectations[0].kwargs.mostly"),
    "suite meta that is not an object": (
        "expectations/xx_XX/marginal_sex.json",
        lambda d: d["expectations"][0].update(meta="because"),
        "expectations/xx_XX/marginal_sex.json", "expectations[0].meta"),
    "no reason for a tolerance": ("expectations/xx_XX/marginal_sex.json",
                                  lambda d: d["expectations"][0].update(meta={}),
                                  "expectations/xx_XX/marginal_sex.json",
                                  "expectations[0].meta.why"),
}


@pytest.mark.parametrize("defect", DEFECTS)
def test_each_defect_names_its_file_and_key(defect, tiny):
    path, change, file, key = DEFECTS[defect]
    edit_json(tiny / path, change)
    assert (file, key) in problems(tiny)


@pytest.mark.parametrize("name", ["references/xx_XX/footprints.json",
                                  "expectations/xx_XX/marginal_sex.json",
                                  "references/xx_XX/tables/pop_sex.manifest.json"])
def test_invalid_json_anywhere_is_named(name, tiny):
    (tiny / name).write_text("{not json", encoding="utf-8")
    assert (name, "") in problems(tiny)


@pytest.mark.parametrize("content, key", [("[]", ""), ("{}", "footprints"),
                                          ('{"disclosures": [], "footprints": []}',
                                           "footprints"), ("null", "")])
def test_a_catalogue_without_footprints_is_broken_not_green(content, key, tiny, capsys):
    """An emptied footprints file could never fail an audit: it is a broken catalogue."""
    (tiny / f"{LOCALE}/footprints.json").write_text(content, encoding="utf-8")
    assert (f"{LOCALE}/footprints.json", key) in problems(tiny)
    assert main(["audit", "--catalogue", str(tiny), "--locale", "xx_XX", "--strict",
                 "--quiet"]) == 3


def test_no_file_outside_the_catalogue_is_read_or_hashed(tiny, tmp_path):
    outside = tmp_path / "secret.csv"
    outside.write_text("sex,value\nM,1\n", encoding="utf-8")
    manifest = tiny / f"{LOCALE}/tables/pop_sex.manifest.json"
    edit_json(manifest, lambda d: d.update(data_file="../../../../secret.csv"))
    linked = tiny / f"{LOCALE}/tables/group_sex.csv"
    linked.unlink()
    linked.symlink_to(outside)
    with pytest.raises(SuiteError) as info:
        Catalogue(tiny).locale("xx_XX")
    text = str(info.value)
    assert text.count("leads outside the catalogue folder") == 2
    assert hashlib.sha256(outside.read_bytes()).hexdigest() not in text


def test_a_suite_file_that_is_missing_is_named(tiny):
    (tiny / "expectations/xx_XX/occupation_x_sex.json").unlink()
    assert ("expectations/xx_XX/occupation_x_sex.json", "") in problems(tiny)


def test_every_problem_is_listed_at_once(tiny):
    edit_json(tiny / f"{LOCALE}/footprints.json",
              lambda d: footprint(d, "marginal_sex").update(method="magic"))
    edit_json(tiny / "expectations/xx_XX/occupation_x_sex.json", suite_bound("min_value", None))
    assert len(problems(tiny)) == 2


def refused_table(tiny: Path, name: str, text: str, refused: bool = True
                  ) -> list[tuple[str, str]]:
    """A reference table rewritten (its manifest's checksum updated, as an author would): the
    (key, message) of each problem the catalogue then finds in it (none, and the catalogue
    loads, when not ``refused``)."""
    table = tiny / f"{LOCALE}/tables/{name}.csv"
    table.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(table.read_bytes()).hexdigest()
    edit_json(table.with_suffix(".manifest.json"), lambda d: d.update(sha256=digest))
    if not refused:
        Catalogue(tiny).locale("xx_XX")
        return []
    with pytest.raises(SuiteError) as info:
        Catalogue(tiny).locale("xx_XX")
    return [(p.key, p.message) for p in info.value.problems if p.file.endswith(f"{name}.csv")]


def test_every_bad_figure_of_a_reference_is_named(tiny, capsys):
    """A negative figure crashed the noise simulation (exit 70), and a repeated row summed
    silently: each is a catalogue problem, all listed, with the file's row number."""
    assert refused_table(tiny, "pop_sex", "sex,value\nF,-5\nM,abc\nM,500\nF,7\n") == [("value", "not a number: 'abc' (row 3)"), ("value", "negative: '-5' (row 2)"),
                    ("value", "repeats an earlier row's sex: '500' (row 4)"),
                    ("value", "repeats an earlier row's sex: '7' (row 5)")]
    assert main(["audit", "--catalogue", str(tiny), "--quiet"]) == 3


@pytest.mark.parametrize("data, message", [
    ("sex,value\nF,inf\nM,500\n", "not a finite number: 'inf' (row 2)"),  # exit 70 before
    ("sex,Value\nF,500\nM,500\n", "no 'value' column, which footprint 'marginal_sex' reads "
                                   "(the columns: sex, Value)")])  # a KeyError, exit 70
def test_figures_an_audit_would_crash_on_are_the_catalogue_s_problem(tiny, data, message):
    assert refused_table(tiny, "pop_sex", data) == [("value", message)]


def test_a_blank_figure_is_refused_where_it_would_count_as_zero(tiny):
    """A suppressed (blank) cell read by a conditional footprint was pivoted as 0: a faithful
    release then differed from a table that never said 0. Only a flattening reference of
    percent women leaves a blank share out (the shipped en_US CPS table has 203)."""
    [(_, said)] = refused_table(tiny, "group_sex",
                                "group,sex,value\nA,F,100\nA,M,\nB,F,400\nB,M,100\n")
    assert said.startswith("1 blank (suppressed) value(s), row(s) 3: footprint "
                           "'occupation_x_sex' (conditional) would count a blank as 0")
    assert Catalogue.shipped().locale("en_US").table("cps_2022_pct_women_detailed") \
        .data["value"].isna().sum() == 203  # allowed: read by flattening as percent women


def test_a_blank_figure_in_rows_the_footprint_filters_out_is_not_its_problem(tiny):
    """A table of two years, the footprint reading 2024's (reference.where): blanks in 2020's
    rows are never summed, and the published file must not need editing."""
    text = ("group,sex,year,value\nA,F,2024,100\nA,M,2024,400\nB,F,2024,400\nB,M,2024,100\n"
            "A,F,2020,\nA,M,2020,\n")
    edit_json(tiny / f"{LOCALE}/footprints.json", lambda d: footprint(d, "occupation_x_sex")
              ["params"]["reference"].update(where={"year": "2024"}))
    assert refused_table(tiny, "group_sex", text.replace(",2024,100\nA,M", ",2024,\nA,M")) == [
        ("value", "1 blank (suppressed) value(s), row(s) 2: footprint 'occupation_x_sex' "
                  "(conditional) would count a blank as 0; give every figure, or leave the "
                  "suppressed rows out of the table")]
    refused_table(tiny, "group_sex", text, refused=False)


def rewritten(tiny: Path, name: str, data: bytes) -> None:
    """A crosswalk file replaced, its manifest's checksum updated (as an author would)."""
    path = tiny / f"{LOCALE}/crosswalks/{name}.csv"
    path.write_bytes(data)
    edit_json(path.with_suffix(".manifest.json"),
              lambda d: d.update(sha256=hashlib.sha256(data).hexdigest()))


@pytest.mark.parametrize("data, message", [
    (b"release_value,strict,note\nbuilder,A,\nnurse,B,\nbuilder,B,\nnone,NOT_EMPLOYED,\n",
     "'builder' is given again (row 4)"),  # the later row would have won
    (b"release_value,strict,note\nbuilder,A,\nnone,NOT_EMPLOYED,\n",
     "lacks 1 value(s) of occupation's value list: 'nurse' (give each a row; an empty "
     "target counts it unmapped)"),  # nurses unmapped unseen
])
def test_a_crosswalk_names_each_release_value_once(tiny, data, message):
    locale = tiny / LOCALE  # occupation made a closed column, as the docs say to (a str path)
    (locale / "values" / "occupation.csv").write_text("value\nbuilder\nnurse\nnone\n", "utf-8")
    edit_json(locale / "schema.json",
              lambda d: d["columns"]["occupation"].update(values="values/occupation.csv"))
    write_schema_manifest(str(locale))
    rewritten(tiny, "occupation_group", data)
    with pytest.raises(SuiteError) as info:
        Catalogue(tiny).locale("xx_XX")
    assert [(p.key, p.message) for p in info.value.problems] == [("release_value", message)]


def test_a_row_short_of_a_comma_is_refused_not_read_as_a_blank_cell(tiny):
    """`M500` for `M,500` was read as a category 'M500' with a blank (suppressed) figure, and
    a crosswalk row short of its target as an unmapped value: both silently."""
    assert refused_table(tiny, "pop_sex", "sex,value\nF,500\nM500\n") == [
        ("", "1 row(s) have another number of fields than the header's 2 (a comma missing or "
             "one too many): line 3 has 1")]
    rewritten(tiny, "occupation_group",
              b"release_value,strict,note\nbuilder,A,\nnurse,B\nnone,NOT_EMPLOYED,,x\n")
    with pytest.raises(SuiteError) as info:
        Catalogue(tiny).locale("xx_XX")
    assert "line 3 has 2, line 4 has 4" in next(
        p.message for p in info.value.problems if p.file.endswith("occupation_group.csv"))


def test_a_crosswalk_saved_by_excel_reads_as_any_other(tiny):
    original = (tiny / f"{LOCALE}/crosswalks/occupation_group.csv").read_bytes()
    rewritten(tiny, "occupation_group", b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n"))
    assert Catalogue(tiny).locale("xx_XX").crosswalk("occupation_group").mapping("strict") == {
        "builder": "A", "nurse": "B", "none": "NOT_EMPLOYED"}


def test_a_value_list_and_json_saved_with_a_bom_read_as_any_other(tiny):
    """A value list saved by Excel said "a value list needs a value column ('value')" of a
    header that visibly was value; a JSON file with a BOM was "invalid JSON"."""
    locale = tiny / LOCALE
    values = locale / "values" / "sex.csv"
    values.write_bytes(b"\xef\xbb\xbf" + values.read_bytes())
    footprints = locale / "footprints.json"
    footprints.write_bytes(b"\xef\xbb\xbf" + footprints.read_bytes())
    write_schema_manifest(locale)
    assert Catalogue(tiny).locale("xx_XX").schema.column("sex").values == ("F", "M")


def test_a_folder_that_is_not_yet_a_catalogue_is_broken_not_unknown(tmp_path, capsys):
    """An empty references/ said "Unknown locale 'ko_KR'. Valid: " (exit 2) and passed the
    check; a locale folder without its schema.json was an unknown locale too."""
    (tmp_path / "references").mkdir()
    assert main(["catalogue", "check", str(tmp_path)]) == 3
    assert main(["audit", "--catalogue", str(tmp_path), "--quiet"]) == 3
    assert "references/ declares no locale" in capsys.readouterr().err
    (tmp_path / "references" / "gb_county").mkdir()
    assert main(["audit", "--catalogue", str(tmp_path), "--locale", "gb_county", "--quiet"]) == 3
    assert "gb_county/schema.json: a locale folder without its schema.json" in \
        capsys.readouterr().err


def test_an_inverted_range_is_the_catalogue_s_fault_not_the_release_s(tiny):
    locale = tiny / LOCALE
    edit_json(locale / "schema.json", lambda d: d["columns"]["age"].update(min=80, max=20))
    write_schema_manifest(locale)
    assert (f"{LOCALE}/schema.json", "columns.age") in problems(tiny)


def test_the_frame_key_employed_of_older_catalogues_is_refused_saying_what_instead(tiny):
    """No evaluator read it: the crosswalk takes the employed, the frame's text says whom the
    reference counts; the one problem names the file, the footprint and the key."""
    edit_json(tiny / f"{LOCALE}/footprints.json",
              lambda d: footprint(d, "occupation_x_sex")["frame"].update(employed=True))
    with pytest.raises(SuiteError) as info:
        Catalogue(tiny).locale("xx_XX")
    [problem] = info.value.problems
    assert (problem.file, problem.key) == (f"{LOCALE}/footprints.json",
                                           "footprints['occupation_x_sex'].frame.employed")
    assert "remove it" in problem.message and "NOT_EMPLOYED" in problem.message


def test_a_value_appended_to_a_value_list_is_refused(tiny):
    values = tiny / f"{LOCALE}/values/sex.csv"
    values.write_text(values.read_text(encoding="utf-8") + "X,0\n", encoding="utf-8")
    assert (f"{LOCALE}/values/sex.csv", "schema.manifest.json: values/sex.csv") in problems(tiny)


def test_a_changed_schema_is_refused(tiny):
    edit_json(tiny / f"{LOCALE}/schema.json", lambda d: d["columns"].pop("age"))
    assert (f"{LOCALE}/schema.json", "schema.manifest.json: schema.json") in problems(tiny)


def test_a_changed_figure_is_refused(tiny):
    table = tiny / f"{LOCALE}/tables/pop_sex.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("500", "501", 1),
                     encoding="utf-8")
    assert (f"{LOCALE}/tables/pop_sex.csv", "sha256") in problems(tiny)


def test_a_checksum_refusal_says_where_the_new_sha256_goes(tiny):
    """Following the message (the file's sha256 written where it says) is what an author
    does after reviewing a change, and the catalogue then loads."""
    for relative, manifest, entry in (("tables/pop_sex.csv", "tables/pop_sex.manifest.json",
                                       "sha256"),
                                      ("values/sex.csv", "schema.manifest.json", "values/sex.csv")):
        path = tiny / f"{LOCALE}/{relative}"
        path.write_text(path.read_text(encoding="utf-8").replace("500", "501", 1)
                        + ("X,0\n" if relative.startswith("values") else ""), encoding="utf-8")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        with pytest.raises(SuiteError) as info:
            Catalogue(tiny).locale("xx_XX")
        said = next(p.message for p in info.value.problems if p.file.endswith(relative))
        assert digest in said and f'into {Path(manifest).name} as "{entry}"' in said
        edit_json(tiny / f"{LOCALE}/{manifest}", lambda d: d.update({entry: digest}))
    Catalogue(tiny).locale("xx_XX")


def test_a_manifest_without_provenance_is_refused(tiny):
    edit_json(tiny / f"{LOCALE}/tables/pop_sex.manifest.json", lambda d: d.pop("url"))
    assert (f"{LOCALE}/tables/pop_sex.manifest.json", "url") in problems(tiny)


def test_the_cli_exits_3_naming_the_problem_without_a_traceback(tiny, capsys):
    edit_json(tiny / "expectations/xx_XX/marginal_sex.json", suite_bound("max_value", None))
    code = main(["audit", "anywhere", "--locale", "xx_XX", "--catalogue", str(tiny)])
    err = capsys.readouterr().err
    assert code == 3
    assert "expectations/xx_XX/marginal_sex.json: expectations[0].kwargs.max_value" in err
    assert "Traceback" not in err


def test_a_folder_that_is_no_catalogue_exits_3(tmp_path, capsys):
    assert main(["audit", "--catalogue", str(tmp_path)]) == 3
    assert "not a catalogue" in capsys.readouterr().err


def test_export_writes_a_catalogue_that_loads_and_refuses_a_full_folder(tmp_path, capsys):
    target = tmp_path / "mine"
    assert main(["catalogue", "export", str(target)]) == 0
    exported = Catalogue(target)
    assert exported.locales() == SHIPPED.locales()
    assert [f.id for f in exported.locale("ko_KR").footprints] == \
        [f.id for f in SHIPPED.locale("ko_KR").footprints]
    assert main(["catalogue", "export", str(target)]) == 2
    assert "not empty" in capsys.readouterr().err


def test_a_user_catalogue_that_tightens_a_tolerance_turns_the_verdict(tmp_path):
    """0.7% of a faithful 200k-row release turned male: a sex TVD near 0.007, inside the shipped
    0.01 (plus 0.0036 of noise at this size), outside a publisher's 0.001 (plus the same
    noise)."""
    table = generated(200_000, 3, "faithful")
    sex = table["sex"].to_numpy(zero_copy_only=False).copy()
    women = np.flatnonzero(sex == "여자")
    sex[women[: round(0.007 * len(sex))]] = "남자"
    table = table.set_column(table.schema.get_field_index("sex"), "sex", pa.array(sex))
    target = tmp_path / "mine"
    SHIPPED.export(target)
    edit_json(target / "expectations/ko_KR/marginal_sex.json", suite_bound("max_value", 0.001))
    shipped = audit_table(table, "ko_KR", ["marginal_sex"]).records[0]
    tightened = audit_table(table, "ko_KR", ["marginal_sex"], catalogue=Catalogue(target))
    assert shipped.verdict is Verdict.PASS
    assert tightened.records[0].verdict is Verdict.FAIL
    assert tightened.catalogue == str(target.resolve())


# --- the shipped catalogue ---------------------------------------------------------------------

def test_every_shipped_reference_has_a_complete_manifest():
    for locale in SHIPPED.locales():
        for loaded in SHIPPED.locale(locale).loaded.values():
            for reference in loaded.tables.values():
                assert not [f for f in REQUIRED_FIELDS if not reference.manifest.get(f)]
                assert len(reference.data) > 0 and reference.path.is_file()


@pytest.mark.parametrize("fp", FOOTPRINTS, ids=lambda f: f.test_id)
def test_every_footprint_is_anchored_and_has_its_data(fp):
    loaded = SHIPPED.locale(fp.locale).loaded[fp.id]
    assert fp.disclosure.quote and fp.disclosure.source.startswith("https://")
    if fp.unevaluable:
        assert len(fp.unevaluable) > 40  # an inconclusive footprint says plainly why
    assert loaded.suite is not None
    assert bool(loaded.suite.expectations) != bool(fp.unevaluable)


def test_occupation_crosswalk_variants():
    crosswalk = SHIPPED.locale("ko_KR").crosswalk("occupation_ksco7")
    strict, broad = crosswalk.mapping("strict"), crosswalk.mapping("broad")
    assert len(strict) == 2120
    assert strict["건물 청소원"] == broad["건물 청소원"] == "94111"
    # job-seekers: not employed (strict), their former occupation (broad)
    assert strict["전직 건물 청소원, 현재 구직중"] == "NOT_EMPLOYED"
    assert broad["전직 건물 청소원, 현재 구직중"] == "94111"
    assert strict["무직"] == broad["무직"] == "NOT_EMPLOYED"
    # the military rule: no KSCO title, class codes by inference
    assert strict["육군 병사"] == "A09" and strict["해군 장교"] == "A01"
    assert strict["공군 부사관"] == "A02"
    # middle-dot glyph variants map in both (a glyph, not a mapping choice)
    assert strict["농약·비료 기술자 및 연구원"] == broad["농약·비료 기술자 및 연구원"] == "23213"
    assert not [v for v, t in strict.items() if t == ""]
    assert not [v for v, t in broad.items() if t == ""]
    # the variants differ in the frame only: job-seekers
    assert {v for v in strict if strict[v] != broad[v]} == \
        {v for v in strict if v.startswith("전직 ")}


def test_a_recode_with_its_own_variants_adds_views_one_crosswalk_at_a_time():
    loaded = SHIPPED.locale("ko_KR").loaded["major_x_occupation_goms"]
    assert loaded.variants() == [("strict", "primary"), ("broad", "variant"),
                                ("jobseekers", "frame"), ("service_social", "variant")]
    assert loaded.mapping("field_goms6", "broad")["서비스"] == "인문·예체능"  # its primary
    assert loaded.mapping("field_goms6", "service_social")["서비스"] == "사회"
    assert loaded.mapping("occupation_keco2018", "service_social") == \
        loaded.mapping("occupation_keco2018", "strict")


def test_a_problem_noted_by_several_footprints_is_listed_once(tmp_path):
    """A crosswalk three footprints read, missing a value, is noted by each: the audit listed
    the one problem three times where `iaf catalogue check` said 1. (Noted here by hand, as
    three footprints' loads note it.)"""
    problems_ = Problems(tmp_path)
    for _ in range(3):
        problems_.add(tmp_path / "crosswalks" / "occ.csv", "release_value", "lacks 'Clerks'")
    with pytest.raises(SuiteError) as info:
        problems_.raise_if_any()
    assert len(info.value.problems) == 1 and "1 problem(s)" in str(info.value)


@pytest.mark.parametrize("data, message", [
    # an audit crashed on each (exit 70) or blamed the release, and `catalogue check` passed it
    ("sex,value\n", "no rows: a reference table holds at least one figure"),
    ("sex,value\nF ,500\nM,500\n", "'F ' (row 2) has white space around it"),
    ("sex,value\ne\u0301,500\nM,500\n", "'e\u0301' (row 2) is not in Unicode NFC"),
])
def test_a_reference_s_categories_are_spelled_as_a_release_spells_them(tiny, data, message):
    """From a hostile-input review: a header-only table crashed the audit (KeyError); '남자 '
    or a decomposed '남자' was another category, and a faithful release failed."""
    found = refused_table(tiny, "pop_sex", data)
    assert len(found) == 1 and found[0][1].startswith(message)


def rewritten_values(tiny: Path, text: str) -> None:
    """values/sex.csv replaced, the schema manifest's checksum updated (as an author would)."""
    path = tiny / f"{LOCALE}/values/sex.csv"
    path.write_text(text, encoding="utf-8")
    edit_json(tiny / f"{LOCALE}/schema.manifest.json", lambda d: d.update(
        {"values/sex.csv": hashlib.sha256(path.read_bytes()).hexdigest()}))


@pytest.mark.parametrize("text, message", [
    ("value,count\nF,500\nM,500\nF,1\n", "value(s) listed twice: 'F'"),  # a wrong verdict
    ("value,count\n", "no values: a closed column needs its list"),  # the release blamed
    ("value,count\nF,500\nM ,500\n", "'M ' (row 3) has white space around it"),
])
def test_a_value_list_is_refused_where_it_would_blame_the_release(tiny, text, message):
    rewritten_values(tiny, text)
    with pytest.raises(SuiteError) as info:
        Catalogue(tiny).locale("xx_XX")
    assert [p.message for p in info.value.problems if p.file.endswith("sex.csv")] == [message]


def test_a_band_label_that_is_no_interval_is_the_catalogue_s_problem(tmp_path, capsys):
    """'40 - 44' for '40-44' in ko_KR's population table: `catalogue check` passed it and the
    audit ended with exit 70 (ValueError); a band outside the footprint's bands: StopIteration."""
    root = SHIPPED.export(tmp_path / "cat", ["ko_KR"])
    table = root / "references/ko_KR/tables/pop_sex_age_2025.csv"
    text = table.read_text(encoding="utf-8")
    assert ",40-44," in text
    table.write_text(text.replace(",40-44,", ",40 - 44,", 1).replace(",85+,", ",85-89,", 1),
                     encoding="utf-8")
    edit_json(table.with_suffix(".manifest.json"),
              lambda d: d.update(sha256=hashlib.sha256(table.read_bytes()).hexdigest()))
    assert main(["catalogue", "check", str(root), "--locale", "ko_KR"]) == 3
    said = capsys.readouterr().out
    assert "age_band: not an interval of integers (20-24, 85+ or 19): '40 - 44'" in said
    assert "'85-89'" not in said  # inside 85+, the footprint's own last band
    assert main(["audit", "--catalogue", str(root), "--quiet"]) == 3
    # a label spanning two of the footprint's bands would be counted in the first
    table.write_text(text.replace(",20-24,", ",20-29,"), encoding="utf-8")
    edit_json(table.with_suffix(".manifest.json"),
              lambda d: d.update(sha256=hashlib.sha256(table.read_bytes()).hexdigest()))
    assert main(["catalogue", "check", str(root), "--locale", "ko_KR"]) == 3
    assert "'20-29' lie(s) in none of footprint 'marginal_age''s bands" in \
        capsys.readouterr().out
    # the footprint's own band that is no interval: a problem, not a crash (exit 70)
    table.write_text(text, encoding="utf-8")
    edit_json(table.with_suffix(".manifest.json"),
              lambda d: d.update(sha256=hashlib.sha256(table.read_bytes()).hexdigest()))
    edit_json(root / "references/ko_KR/footprints.json", lambda d: footprint(
        d, "marginal_age")["params"]["bands"].__setitem__(0, "twenties-20-24"))
    assert main(["catalogue", "check", str(root), "--locale", "ko_KR"]) == 3
    assert "params.bands: not an interval of integers: 'twenties-20-24'" in \
        capsys.readouterr().out


@pytest.mark.parametrize("change, key", [(lambda d: d.update(locale="en_US"), "locale"),
                                         (lambda d: d.update(split=""), "split")])
def test_a_schema_of_another_locale_or_without_a_split_is_refused(tiny, change, key):
    """A schema.json copied from en_US's folder into xx_XX's, or with an empty split, loaded
    (a hostile-input review)."""
    path = tiny / f"{LOCALE}/schema.json"
    edit_json(path, change)
    edit_json(tiny / f"{LOCALE}/schema.manifest.json", lambda d: d.update(
        {"schema.json": hashlib.sha256(path.read_bytes()).hexdigest()}))
    assert (f"{LOCALE}/schema.json", key) in problems(tiny)


@pytest.mark.parametrize("frame", [{"min_age": 200}, {"min_age": 50, "max_age": 30},
                                   {"max_age": -1}])
def test_a_frame_no_release_row_can_fall_in_is_refused(tiny, frame):
    """min_age 200 (the schema's ages are 0-120) loaded, and every audit called the footprint
    inconclusive for want of rows, as if the release lacked them (a hostile-input review)."""
    edit_json(tiny / f"{LOCALE}/footprints.json",
              lambda d: footprint(d, "marginal_sex")["frame"].update(frame))
    assert (f"{LOCALE}/footprints.json", "footprints['marginal_sex'].frame") in problems(tiny)


def test_a_frame_inside_the_schema_s_ages_loads(tiny):
    edit_json(tiny / f"{LOCALE}/footprints.json",
              lambda d: footprint(d, "marginal_sex")["frame"].update(min_age=120, max_age=120))
    assert Catalogue(tiny).locale("xx_XX").loaded["marginal_sex"].footprint.frame.min_age == 120
