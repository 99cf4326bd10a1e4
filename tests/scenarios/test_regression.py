"""Regression testing a new release against the last: faithful pairs of other seeds and sizes
change nothing beyond noise; the card-independence model regresses the joints; drift shows where
no reference exists; new category values are admitted and reported; a report.json baseline
gives what the baseline release gives; pytest gets one regression test per footprint."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from iaf import compare
from iaf.cli import main
from iaf.errors import ReleaseError
from iaf.paths import audit_suite_dir
from iaf.report.document import DIFF_SCHEMA, diff_json, read, schema_problems
from iaf.simulators.build import build_release, generate, write_release
from iaf.simulators.demo import demo_release
from tests.helpers import SHIPPED


def release(tmp: Path, name: str, rows: int, seed: int, model: str = "faithful",
            locale: str = "ko_KR") -> Path:
    build_release(locale, tmp / name, rows, seed, model)
    return tmp / name


@pytest.mark.slow
@pytest.mark.parametrize("seeds", [(1, 2), (3, 4), (5, 6)])
def test_two_faithful_releases_differ_by_nothing_beyond_noise(tmp_path, seeds):
    old = release(tmp_path, "old", 200_000, seeds[0])
    new = release(tmp_path, "new", 300_000, seeds[1])
    result = compare.diff(old, new, "ko_KR")
    assert not result.regressed
    assert not [c for c in result.changes if c.kind in ("drift", "movement")], \
        [c.text for c in result.changes if c.kind != "schema"]
    # the larger release may settle what the smaller could not tell: reported, not a regression
    assert all(c.details["baseline"] == "inconclusive" or c.details["new"] == "inconclusive"
               for c in result.changes if c.kind == "transition")


@pytest.mark.slow
def test_faithful_to_card_independence_regresses_the_joints(tmp_path, capsys):
    old = release(tmp_path, "old", 60_000, 1)
    new = release(tmp_path, "new", 60_000, 2, "card-independence")
    assert main(["diff", str(old), str(new), "--report", str(tmp_path / "out")]) == 1
    out = capsys.readouterr().out
    for fid in ("occupation_x_sex", "occupation_x_education", "military_x_age",
                "female_share_male_dominated"):
        assert f"{fid}" in out and "REGRESSION" in out
    document = json.loads((tmp_path / "out" / "diff.json").read_text(encoding="utf-8"))
    regressed = {c["footprint"] for c in document["changes"] if c["regression"]}
    assert {"occupation_x_sex", "military_x_age"} <= regressed
    assert "Drift is change" in (tmp_path / "out" / "diff.md").read_text(encoding="utf-8")
    page = (tmp_path / "out" / "diff.html").read_text(encoding="utf-8")
    assert "Regressed" in page and page.count("<svg ") == 1  # what moved, plotted
    assert document["regressed_footprints"] == sorted(regressed)
    assert f"REGRESSED: {len(regressed)} footprint(s) regressed" in out
    overview = re.search(r"^footprint +baseline +new +change$", out, re.M)
    assert overview and overview.start() < out.index("REGRESSION")  # the overview first


@pytest.mark.slow
def test_a_report_baseline_gives_what_the_baseline_release_gives(tmp_path):
    old = release(tmp_path, "old", 40_000, 1)
    new = release(tmp_path, "new", 40_000, 2, "card-independence")
    assert main(["audit", str(old), "--quiet", "--report", str(tmp_path / "rep")]) in (0, 1)
    from_release = compare.diff(old, new, "ko_KR")
    from_report = compare.diff(tmp_path / "rep" / "report.json", new, "ko_KR")
    # the same findings, byte for byte; only the provenance differs: a report baseline names
    # the run it was read from, a release audited by the diff has none
    run = read(tmp_path / "rep" / "report.json")["run"]
    assert from_report.baseline.pop("run") == run and "run" not in from_release.baseline
    assert diff_json(from_release) == diff_json(from_report)


FORMAT_2 = Path(__file__).parents[1] / "fixtures" / "reports" / "format2" / "report.json"


@pytest.mark.slow
def test_diff_reads_a_report_the_previous_release_of_iaf_wrote(tmp_path, capsys):
    """iaf 0.3.0's report (format 2) of seven footprints of the ko_KR demo, against the same
    demo now: read, nothing regressed or drifted, and its worst cells read as what this iaf
    writes for them (a rule's expected share was text to a tenth of a point)."""
    demo = str(demo_release("ko_KR"))
    assert main(["diff", str(FORMAT_2), demo, "--report", str(tmp_path / "diff")]) == 0
    assert "no regression; 0 footprint(s) drifted beyond noise" in capsys.readouterr().out
    old = read(FORMAT_2)["footprints"]
    chosen = [a for r in old for a in ("--footprint", r["id"])]
    assert main(["audit", demo, "--quiet", *chosen, "--report", str(tmp_path / "new")]) == 1
    new = read(tmp_path / "new" / "report.json")["footprints"]
    assert [(r["id"], r["verdict"]) for r in old] == [(r["id"], r["verdict"]) for r in new]
    for before, now in zip(old, new):
        assert [(c["where"], c["outcome"], c["rows"], c["note"]) for c in before["cells"]] == \
            [(c["where"], c["outcome"], c["rows"], c["note"]) for c in now["cells"]]
        for key, within in (("synthetic", 1e-6), ("gap", 1e-6), ("reference", 5e-4)):
            assert [c[key] for c in before["cells"]] == pytest.approx(
                [c[key] for c in now["cells"]], abs=within)


def test_drift_shows_where_no_official_table_exists(tmp_path):
    """ja_JP: a new version whose occupation is drawn independently of sex shows as drift of the
    release-side table (release against release: drift needs no official table), and where the
    official partial table judges it, as the dependence the new version lost."""
    table = generate("ja_JP", 40_000, 1, "faithful")
    occupation = np.array(table["occupation"].to_pylist(), dtype=object)
    values = sorted(set(occupation))
    women = np.array(table["sex"].to_pylist()) == "女"
    rng = np.random.default_rng(0)
    occupation[women] = rng.choice(values[: len(values) // 2], size=women.sum())
    occupation[~women] = rng.choice(values[len(values) // 2:], size=(~women).sum())
    old = table.set_column(table.schema.get_field_index("occupation"), "occupation",
                           pa.array(occupation.tolist()))
    new = old.set_column(old.schema.get_field_index("occupation"), "occupation",
                         pa.array(rng.permutation(occupation).tolist()))
    write_release(old, tmp_path / "old", "train")
    write_release(new, tmp_path / "new", "train")
    result = compare.diff(tmp_path / "old", tmp_path / "new", "ja_JP")
    drifted = {c.footprint for c in result.changes if c.kind == "drift"}
    assert "industry_x_sex" in drifted
    assert "occupation_x_sex_x_age" in drifted  # no table judges it: drift alone shows it
    moved = [c for c in result.changes if c.regression]
    assert [(c.footprint, c.details["metric"]) for c in moved] == [
        ("industry_x_sex", "dependence_lost")]


@pytest.mark.slow
def test_a_new_category_value_is_reported_and_audit_still_refuses_it(tmp_path, capsys):
    table = generate("ko_KR", 40_000, 1, "faithful")
    occupation = table["occupation"].to_pylist()
    for i in range(0, len(occupation), 200):  # 0.5% of rows
        occupation[i] = "우주비행사"
    write_release(table, tmp_path / "old", "train")
    write_release(table.set_column(table.schema.get_field_index("occupation"), "occupation",
                                   pa.array(occupation)), tmp_path / "new", "train")
    assert main(["audit", str(tmp_path / "new"), "--quiet"]) == 2
    assert "우주비행사" in capsys.readouterr().err
    result = compare.diff(tmp_path / "old", tmp_path / "new", "ko_KR")
    outside = [c for c in result.changes if "outside the declared value list" in c.text]
    assert outside and outside[0].details["outside_declared"] == {"우주비행사": 200}
    assert main(["audit", str(tmp_path / "new"), "--quiet", "--allow-new-values",
                 "--footprint", "occupation_x_sex"]) in (0, 1)


@pytest.mark.slow
def test_pytest_adds_one_regression_test_per_footprint(pytester, tmp_path):
    old = release(tmp_path, "old", 40_000, 1)
    new = release(tmp_path, "new", 40_000, 2, "card-independence")
    result = pytester.runpytest(str(audit_suite_dir()), "-p", "no:cacheprovider", "--release",
                                str(new), "--iaf-baseline", str(old), "-k", "regression")
    result.stdout.fnmatch_lines(["*ko_KR/occupation_x_sex/regression*",
                                 "*ko_KR/occupation_x_sex REGRESSED against*",
                                 "*REGRESSION transition: pass -> fail*"])
    outcomes = result.parseoutcomes()
    assert outcomes["failed"] >= 4 and outcomes["failed"] + outcomes["passed"] == len(
        SHIPPED.locale("ko_KR").footprints)


def test_an_unreadable_baseline_report_exits_2(tmp_path, capsys):
    bad = tmp_path / "report.json"
    bad.write_text('{"iaf_version": "0.2.0", "status": "error"}', encoding="utf-8")
    assert main(["diff", str(bad), str(tmp_path)]) == 2
    assert "Not a complete iaf report: its status is 'error'" in capsys.readouterr().err
    bad.write_text('{"status": "complete"}', encoding="utf-8")
    assert main(["diff", str(bad), str(tmp_path)]) == 2
    assert "Not a report this iaf can read: format none" in capsys.readouterr().err
    bad.write_text('{"format": 3}', encoding="utf-8")
    assert main(["diff", str(bad), str(tmp_path)]) == 2
    assert "it records no status, as every report iaf writes does" in capsys.readouterr().err
    # the folder holding a report, given for the report
    assert main(["diff", str(tmp_path), str(tmp_path)]) == 2
    said = capsys.readouterr().err  # of the folder given: a gate's --baseline too
    assert f"this folder: it holds a report, which is given by its file ({bad})" in said
    assert "release folder" not in said


def test_a_baseline_report_is_checked_before_the_release_is_scanned(tmp_path, capsys):
    new = release(tmp_path, "new", 2_000, 2)
    gate = ["gate", str(new), "--locale", "ko_KR", "--out", str(tmp_path / "out")]
    assert main([*gate, "--baseline", str(tmp_path / "nope" / "report.json")]) == 2
    said = capsys.readouterr().err
    assert "Baseline report does not exist" in said and "scanned" not in said
    # a diff.json in its place is named for what it is
    (tmp_path / "diff.json").write_text('{"baseline": {}, "new": {}, "changes": []}', "utf-8")
    assert main([*gate, "--baseline", str(tmp_path / "diff.json")]) == 2
    said = capsys.readouterr().err
    assert "This is a diff (iaf diff's diff.json), not an audit report" in said
    assert "scanned" not in said


def test_diff_wants_a_release_as_its_new_side(tmp_path, capsys):
    (tmp_path / "report.json").write_text("{}", encoding="utf-8")
    report = str(tmp_path / "report.json")
    assert main(["diff", report, report]) == 2
    assert "The new side must be a release (parquet files), not a report" in \
        capsys.readouterr().err


def test_diff_takes_the_baseline_reports_locale_unless_told(tmp_path, capsys):
    assert compare.only_locale({"releases": [{"locale": "en_US"}]}) == "en_US"
    assert compare.only_locale({"releases": [{"locale": "en_US"}, {"locale": "ko_KR"}]}) is None
    en_us = release(tmp_path, "en_us", 2_000, 1, locale="en_US")
    assert main(["audit", str(en_us), "--locale", "en_US", "--quiet", "--footprint",
                 "occupation_x_sex", "--report", str(tmp_path / "old")]) in (0, 1, 4)
    assert main(["diff", str(tmp_path / "old" / "report.json"), str(en_us)]) == 0
    assert "en_US" in capsys.readouterr().out
    # so does the Python API (it assumed ko_KR and refused the release's columns), and it
    # refuses a report as the new side as the command does (it said "not a parquet file")
    report = str(tmp_path / "old" / "report.json")
    assert compare.diff(report, str(en_us)).locale == "en_US"
    with pytest.raises(ReleaseError, match="The new side must be a release"):
        compare.diff(report, report)
    # so does a gate (it ran as ko_KR and refused the en_US release's columns)
    assert main(["gate", str(en_us), "--baseline", str(tmp_path / "old" / "report.json"),
                 "--quiet", "--footprint", "occupation_x_sex",
                 "--out", str(tmp_path / "gated")]) in (0, 1, 4)
    assert json.loads((tmp_path / "gated" / "report.json").read_text())["releases"][0][
        "locale"] == "en_US"
    # told another locale: the release's columns say which it is
    assert main(["diff", str(tmp_path / "old" / "report.json"), str(en_us),
                 "--locale", "ko_KR"]) == 2
    assert "give --locale en_US?" in capsys.readouterr().err
    # a release of the locale told, against a report of another: the report says what it holds
    ko_kr = release(tmp_path, "ko_kr", 2_000, 1)
    assert main(["diff", str(tmp_path / "old" / "report.json"), str(ko_kr),
                 "--locale", "ko_KR"]) == 2
    assert "The baseline has no ko_KR release (it holds en_US)" in capsys.readouterr().err
    # a baseline release of another locale than the default gets the same hint
    assert main(["diff", str(en_us), str(ko_kr)]) == 2
    assert "give --locale en_US?" in capsys.readouterr().err


def test_a_selection_on_either_side_is_not_a_new_or_gone_footprint(tmp_path, capsys):
    new = release(tmp_path, "new", 2_000, 1)
    assert main(["audit", str(new), "--quiet", "--footprint", "occupation_x_sex",
                 "--footprint", "marginal_age", "--report", str(tmp_path / "old")]) in (0, 1, 4)
    baseline = str(tmp_path / "old" / "report.json")
    assert main(["diff", baseline, str(new)]) == 0
    diffed = capsys.readouterr().out
    assert re.search(r"^identity +- +\w+ +not compared$", diffed, re.M)
    assert "footprint new" not in diffed
    assert main(["gate", str(new), "--locale", "ko_KR", "--baseline", baseline, "--footprint",
                 "ko_KR/occupation_x_sex", "--out", str(tmp_path / "gated")]) in (0, 1, 4)
    assert main(["diff", baseline, str(new), "--report", str(tmp_path / "diffed")]) == 0
    run = json.loads((tmp_path / "diffed" / "diff.json").read_text())["run"]
    assert all(run in p.read_text("utf-8") for p in (tmp_path / "diffed").iterdir())
    overview = json.loads((tmp_path / "gated" / "diff.json").read_text())["overview"]
    assert {o["footprint"]: o["change"] for o in overview} == {
        "marginal_age": "not compared", "occupation_x_sex": ""}
    # excluded by both runs: in neither's records, and still listed (it vanished from the diff)
    assert main(["audit", str(new), "--quiet", "--exclude", "identity", "--report",
                 str(tmp_path / "old_x")]) in (0, 1, 4)
    assert main(["gate", str(new), "--baseline", str(tmp_path / "old_x" / "report.json"),
                 "--exclude", "identity", "--out", str(tmp_path / "gated_x")]) in (0, 1, 4)
    diffed = json.loads((tmp_path / "gated_x" / "diff.json").read_text())
    assert schema_problems(diffed, DIFF_SCHEMA) == []
    assert {"footprint": "identity", "baseline": "", "new": "",
            "change": "not compared"} in diffed["overview"]
    assert "not compared: both audits left it out" in (tmp_path / "gated_x" / "diff.md"
                                                        ).read_text("utf-8")


def test_diff_says_its_progress_on_stderr_unless_quiet(tmp_path, capsys):
    """A diff audits one or two releases, and said nothing for as long as that took; its
    --quiet was refused, as audit and gate take it."""
    new = release(tmp_path, "new", 2_000, 1)
    assert main(["diff", str(new), str(new)]) == 0
    err = capsys.readouterr().err
    assert "scanned baseline release: 2,000 rows" in err
    assert "evaluated new release: 19 footprints" in err
    assert main(["diff", str(new), str(new), "--quiet"]) == 0
    assert capsys.readouterr().err == ""
