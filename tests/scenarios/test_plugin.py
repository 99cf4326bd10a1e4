"""End to end through pytest (pytester): the audit suite on the demo, on a release with a planted
shift, on unusable input; ids, markers, --iaf-strict and a byte-stable JSON report."""

from __future__ import annotations

import hashlib
import json
import re

import numpy as np
import pyarrow as pa
import pytest

from iaf.cli import main
from iaf.gx import _import
from iaf.paths import audit_suite_dir
from iaf.simulators.build import write_release
from tests.helpers import SHIPPED, generated

SUITE = str(audit_suite_dir())
KOREAN = SHIPPED.locale("ko_KR").footprints
N_KO = len(KOREAN)  # footprints of the demo's locale
N_ALL = sum(len(SHIPPED.locale(locale).footprints) for locale in SHIPPED.locales())
N_MARGINAL = sum(f.kind.value == "marginal" for f in KOREAN)
N_JOINT = sum(f.kind.value == "direct_joint" for f in KOREAN)
N_US = len(SHIPPED.locale("en_US").footprints)


@pytest.fixture(autouse=True, scope="module")
def heavy_libraries_imported_once():
    """pytester's in-process runs drop modules first imported during a run. GX keeps a registry
    of expectation classes across its modules, and matplotlib checks isinstance against classes
    it imports lazily (a re-imported matplotlib.artist makes its own Figure look foreign), and
    fontTools.subset re-imported by a later run leaves the font tables in use without its
    methods (report.html's subsetting fails: no closure_glyphs), so all are imported once,
    before any run."""
    _import()
    import matplotlib.artist  # noqa: F401, PLC0415

    from iaf.report import fonts, plots  # noqa: F401, PLC0415


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest(SUITE, "-p", "no:cacheprovider", "-rfs", *args)


@pytest.fixture(scope="module")
def one_locale(tmp_path_factory) -> tuple[str, str]:
    """A small release and the one-locale catalogue iaf init makes of it (gb_county)."""
    root = tmp_path_factory.mktemp("one-locale")
    assert main(["simulate", str(root / "rel"), "--rows", "2000"]) == 0
    assert main(["init", str(root / "rel"), str(root / "cat"), "--locale", "gb_county"]) == 0
    return str(root / "rel"), str(root / "cat")


def test_ids_and_markers(pytester):
    result = run(pytester, "--collect-only", "-q")
    result.stdout.fnmatch_lines(["*test_footprint[[]ko_KR/marginal_sex[]]*",
                                 "*test_footprint[[]ko_KR/military_x_age[]]*"])
    joints = run(pytester, "--collect-only", "-q", "-m", "direct_joint and ko_KR")
    joints.stdout.fnmatch_lines([f"*{N_JOINT}/{N_KO} tests collected ({N_KO - N_JOINT} "
                                 "deselected)*"])


def test_the_markers_are_declared_for_the_suite_only(pytester):
    # in subprocesses: pytest.mark caches the markers it has seen declared across in-process runs
    pytester.makepyfile(mine="import pytest\n\n@pytest.mark.marginal\ndef test_mine():\n"
                             "    pass\n")
    alone, result = (pytester.runpytest_subprocess("mine.py", "-p", "no:cacheprovider",
                                                   "--strict-markers", *plugin)
                     for plugin in (("-p", "no:iaf"), ()))
    assert result.ret == alone.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*'marginal' not found in `markers` configuration option*"])
    suite = pytester.runpytest_subprocess(SUITE, "-p", "no:cacheprovider", "--collect-only",
                                          "-q", "--strict-markers", "--locale", "all")
    assert suite.ret == pytest.ExitCode.OK
    suite.stdout.fnmatch_lines([f"*{N_ALL} tests collected*"])


def test_a_user_catalogues_locales_are_markers_too(pytester, one_locale):
    release, catalogue = one_locale
    result = run(pytester, "--collect-only", "-q", "--strict-markers", "--release", release,
                 "--iaf-catalogue", catalogue, "--locale", "gb_county")
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["*test_footprint[[]gb_county/marginal_sex[]]*",
                                 "*9 tests collected*"])


def test_a_one_locale_catalogue_needs_no_locale(pytester, one_locale):
    release, catalogue = one_locale
    result = run(pytester, "--release", release, "--iaf-catalogue", catalogue)
    result.assert_outcomes(skipped=9)  # iaf init's footprints: unevaluable until referenced
    result.stdout.fnmatch_lines(["*locale gb_county, catalogue*",
                                 "*gb_county/marginal_sex unevaluable: *"])


def test_every_locale_is_parametrised_with_its_markers(pytester):
    result = run(pytester, "--collect-only", "-q", "--locale", "all")
    result.stdout.fnmatch_lines(["*test_footprint[[]en_US/occupation_x_state[]]*",
                                 "*test_footprint[[]ja_JP/industry_x_sex[]]*",
                                 f"*{N_ALL} tests collected*"])
    us = run(pytester, "--collect-only", "-q", "--locale", "all", "-m", "en_US")
    us.stdout.fnmatch_lines([f"*{N_US}/{N_ALL} tests collected ({N_ALL - N_US} deselected)*"])


def test_the_demo_passes_or_cannot_yet_judge_every_marginal_footprint(pytester):
    result = run(pytester, "-m", "marginal")
    # marginal_sex: at 40,000 rows a 2-point shift of the sex split cannot be told from noise
    result.assert_outcomes(passed=5, skipped=2, deselected=N_KO - N_MARGINAL)
    result.stdout.fnmatch_lines(["*ko_KR/marginal_housing_type unevaluable: No official*"])


def test_strict_mode_fails_an_inconclusive_footprint_but_not_an_unevaluable_one(pytester):
    result = run(pytester, "-m", "marginal", "--iaf-strict")
    # marginal_sex (too few rows) fails; housing (no reference anywhere) stays a skip
    result.assert_outcomes(passed=5, failed=1, skipped=1, deselected=N_KO - N_MARGINAL)


def test_the_demo_shows_the_cards_assumption_failing_the_joints(pytester):
    result = run(pytester, "-m", "not marginal")
    # identity passes (no copies); sex x major has no reference
    result.assert_outcomes(passed=1, failed=N_KO - N_MARGINAL - 2, skipped=1)
    result.stdout.fnmatch_lines([
        "*ko_KR/female_share_male_dominated FAIL: *",
        '*Disclosure: "For example, when assigning detailed occupations*',
        "*file: */references/ko_KR/tables/occ_major_sex_eaps_2025.csv",
        "*FAIL kappa = 0.5*, tolerance >= 0.8* and <= 1.1*",
        "*Worst cells:*",
        "*7 기능원 및 관련 기능 종사자*flattened*",
        "*Views: strict fail, strict_age_standardised fail, broad fail*mapping-dependent: no; "
        "frame-dependent: no",
        "*Next: *",
    ])


def planted(rows: int = 40_000) -> pa.Table:
    """A faithful release with 8 points of the 20+ population moved from 50-54 to 60-64
    (civilians only, so no military rule is touched)."""
    table = generated(rows, 5, "faithful")
    age = table["age"].to_numpy().copy()
    civilian = (table["military_status"].to_numpy(zero_copy_only=False) == "비현역")
    source = np.flatnonzero(civilian & (age >= 50) & (age <= 54))
    moved = source[: round(0.08 * (age >= 20).sum())]
    age[moved] += 10
    return table.set_column(table.schema.get_field_index("age"), "age", pa.array(age))


def test_a_planted_shift_fails_exactly_that_footprint(pytester, tmp_path):
    write_release(planted(), tmp_path / "shifted", "train", shards=2)
    result = run(pytester, "--release", str(tmp_path / "shifted"))
    outcomes = result.parseoutcomes()  # the rest pass or are too small to tell (skipped)
    assert outcomes["failed"] == 1 and outcomes["passed"] + outcomes["skipped"] == N_KO - 1
    result.stdout.fnmatch_lines(["*FAILED*test_footprint[[]ko_KR/marginal_age[]]*"])
    text = result.stdout.str()
    assert re.search(r"ko_KR/marginal_age FAIL: ", text)
    assert re.search(r"FAIL tvd = 0\.08\d+, tolerance <= 0\.0\d+, suite bound widened", text)
    cells = text[text.index("Worst cells"):].splitlines()[2:4]  # after the header line
    assert sorted(line.split()[0] for line in cells) == ["50-54", "60-64"]


def test_an_unknown_category_stops_the_run_with_exit_code_2(pytester, tmp_path, small_table):
    occupation = small_table["occupation"].to_pylist()
    occupation[:3] = ["우주비행사"] * 3
    bad = small_table.set_column(small_table.schema.get_field_index("occupation"), "occupation",
                                 pa.array(occupation))
    write_release(bad, tmp_path / "bad", "train", shards=1)
    page, junit = tmp_path / "verdicts.html", tmp_path / "junit.xml"
    result = run(pytester, "--release", str(tmp_path / "bad"), "--iaf-html", str(page),
                 f"--junitxml={junit}")
    assert "우주비행사" in page.read_text(encoding="utf-8")  # the error page, not a stale one
    assert result.ret == 2
    result.assert_outcomes(errors=1)  # the first test names the input; the run stops there
    result.stdout.fnmatch_lines(["*outside the declared value set*", "*column: occupation*",
                                 "*'우주비행사' (3 rows)*"])
    assert "_pytest.outcomes.Exit" not in result.stdout.str()
    text = junit.read_text(encoding="utf-8")
    assert 'errors="1"' in text and "iaf: unusable input" in text and "우주비행사" in text


def test_an_unusable_release_path_fails_collection(pytester, tmp_path):
    result = run(pytester, "--co", "--release", str(tmp_path / "nope"))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: iaf: unusable input: Release path does not exist*"])
    assert "_pytest.outcomes.Exit" not in result.stdout.str() + result.stderr.str()


def test_a_selection_writes_a_partial_report_that_diff_refuses(pytester, tmp_path, capsys):
    report = tmp_path / "report.json"
    run(pytester, "-m", "marginal", "--iaf-report", str(report))
    document = json.loads(report.read_text(encoding="utf-8"))
    assert document["status"] == "partial" and len(document["not_run"]) == N_KO - N_MARGINAL
    assert "ko_KR/occupation_x_sex" in document["not_run"]
    assert main(["diff", str(report), str(tmp_path), "--locale", "ko_KR"]) == 2
    refused = capsys.readouterr().err
    assert "its status is 'partial'" in refused and "--allow-partial-baseline" in refused
    # the flag it names admits the baseline: what stops the diff now is the new side (no files)
    assert main(["diff", str(report), str(tmp_path), "--locale", "ko_KR",
                 "--allow-partial-baseline"]) == 2
    assert "status" not in capsys.readouterr().err


@pytest.mark.parametrize(("name", "said"), [
    ("gone.json", "Baseline report does not exist"),
    ("gone", "Release path does not exist"),
    ("notes.json", "Not a report this iaf can read: format none*"),
    ("notes.txt", "Not a readable parquet file*")])
def test_an_unusable_baseline_is_a_usage_error_naming_it(pytester, tmp_path, name, said):
    baseline = tmp_path / name
    if name.startswith("notes"):
        baseline.write_text('{"rows": 3}', encoding="utf-8")
    result = run(pytester, "-m", "marginal", "--iaf-baseline", str(baseline))
    assert result.ret == pytest.ExitCode.USAGE_ERROR  # before any test, not 1 as a regression
    result.stderr.fnmatch_lines([f"ERROR: iaf: unusable baseline: {said}",
                                 f"  file: {baseline}"])
    assert "During handling" not in result.stdout.str() + result.stderr.str()


def test_a_partial_baseline_names_the_pytest_option_that_admits_it(pytester, tmp_path):
    report = tmp_path / "report.json"
    run(pytester, "-m", "marginal", "--iaf-report", str(report))
    refused = run(pytester, "-m", "marginal", "--iaf-baseline", str(report))
    assert refused.ret == pytest.ExitCode.USAGE_ERROR
    refused.stderr.fnmatch_lines(["*its status is 'partial'*(pass --iaf-allow-partial-baseline "
                                  "to compare the ones that were)", f"  file: {report}"])
    admitted = run(pytester, "-m", "marginal", "--iaf-baseline", str(report),
                   "--iaf-allow-partial-baseline")
    admitted.assert_outcomes(passed=5 + N_MARGINAL, skipped=2,
                             deselected=2 * (N_KO - N_MARGINAL))


def test_tb_line_gives_one_line_per_failure(pytester):
    result = run(pytester, "-k", "occupation_x_sex and not goms and not major and not educ",
                 "--tb=line")
    text = result.stdout.str()
    assert "ko_KR/occupation_x_sex FAIL: share of the reference's dependence lost is" in text
    assert "Worst cells" not in text


def test_an_unknown_locale_is_a_usage_error(pytester):
    result = run(pytester, "--locale", "xx_XX")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*Unknown locale 'xx_XX'. Valid: de_DE, en_GB, en_IN*"])


def test_a_release_with_several_locales_is_a_usage_error(pytester, tmp_path):
    result = run(pytester, "--release", str(tmp_path), "--locale", "ko_KR,en_US")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*A release has one locale*"])


def test_the_report_is_complete_and_byte_stable(pytester, tmp_path):
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    first, second = tmp_path / "a" / "report.json", tmp_path / "b" / "report.json"
    run(pytester, "--iaf-report", str(first), "--iaf-html", str(tmp_path / "a" / "page.html"))
    run(pytester, "--iaf-report", str(second), "--iaf-html", str(tmp_path / "b" / "page.html"))
    assert first.read_bytes() == second.read_bytes()  # the report names its page, not a path
    page = (tmp_path / "a" / "page.html").read_bytes()
    assert page == (tmp_path / "b" / "page.html").read_bytes()
    assert page.decode("utf-8").count('class="footprint') == N_KO
    document = json.loads(first.read_text(encoding="utf-8"))
    assert document["status"] == "complete" and "not_run" not in document
    assert document["files"] == {"page.html": hashlib.sha256(page).hexdigest()}
    assert document["summary"] == {"pass": 6, "fail": N_KO - 9, "inconclusive": 1,
                                   "unevaluable": 2}
    release = document["releases"][0]
    assert release["rows"] == 40_000 and len(release["files"]) == 3
    assert {"name", "bytes", "rows", "sha256"} <= set(release["files"][0])
    record = {r["id"]: r for r in document["footprints"]}["female_share_male_dominated"]
    assert {"locale", "id", "kind", "attributes", "verdict", "metrics", "reference",
            "disclosure"} <= set(record)
    assert record["attributes"] == sorted(record["attributes"])
    assert set(record["views"]) == {"strict", "broad", "strict_age_standardised",
                                    "broad_age_standardised", "moel_leaf"}
    assert record["mapping_dependent"] is False
    assert record["survives_age_standardisation"] is True


def test_junit_carries_each_verdict_and_key_metric(pytester, tmp_path):
    junit = tmp_path / "junit.xml"
    run(pytester, "-m", "marginal", f"--junitxml={junit}")
    text = junit.read_text(encoding="utf-8")
    assert '<property name="iaf_verdict" value="pass"' in text
    assert '<property name="iaf_key_metric" value="tvd ' in text


def test_junit_carries_each_regression_tests_outcome(pytester, tmp_path):
    """A regression test had no properties: whether it regressed was only in a failure's
    text, and a pass said nothing."""
    baseline, junit = tmp_path / "base.json", tmp_path / "junit.xml"
    run(pytester, "-k", "marginal_age", f"--iaf-report={baseline}")
    run(pytester, "-k", "marginal_age", f"--iaf-baseline={baseline}", f"--junitxml={junit}",
        "--iaf-allow-partial-baseline")
    text = junit.read_text(encoding="utf-8")
    case = text[text.index('name="test_regression'):]
    assert '<property name="iaf_regressed" value="no"' in case
    assert '<property name="iaf_transition" value="pass -&gt; pass"' in case
    assert '<property name="iaf_findings" value="0"' in case


@pytest.mark.parametrize("option, said", [
    ("--iaf-release", "iaf: unusable input: Release path does not exist"),
    ("--iaf-baseline", "iaf: unusable baseline: Baseline report does not exist"),
])
def test_an_unusable_input_under_xdist_is_a_usage_error_too(pytester, tmp_path, option, said):
    # the controller collects nothing: a worker's usage error reached it as an INTERNALERROR
    result = pytester.runpytest_subprocess(SUITE, "-p", "no:cacheprovider", "-n", "2",
                                           option, str(tmp_path / "nope" / "report.json"))
    assert result.ret == 4
    result.stderr.fnmatch_lines([f"ERROR: {said}"])
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()


@pytest.mark.slow
def test_xdist_workers_give_the_full_report(pytester, tmp_path):
    (tmp_path / "serial").mkdir(), (tmp_path / "parallel").mkdir()
    serial, parallel = tmp_path / "serial" / "r.json", tmp_path / "parallel" / "r.json"
    run(pytester, "--iaf-report", str(serial), "--iaf-html", str(serial.with_suffix(".html")))
    result = pytester.runpytest_subprocess(SUITE, "-p", "no:cacheprovider", "-n", "2",
                                           "--iaf-report", str(parallel),
                                           "--iaf-html", str(parallel.with_suffix(".html")))
    result.stdout.fnmatch_lines(["*2 workers*", "*= iaf verdicts =*", "*female_share_male*",
                                 f"*iaf report: {parallel}"])
    assert parallel.read_bytes() == serial.read_bytes()
    # another process draws the same plots: the page is byte-identical too
    assert parallel.with_suffix(".html").read_bytes() == serial.with_suffix(".html").read_bytes()
    assert len(json.loads(parallel.read_text(encoding="utf-8"))["footprints"]) == N_KO


def test_a_report_folder_gone_by_the_end_is_a_clear_error_not_a_crash(pytester, tmp_path):
    folder = tmp_path / "gone"
    folder.mkdir()
    pytester.makepyfile(remover=f"""
import shutil

def pytest_sessionfinish(session):
    shutil.rmtree({str(folder)!r}, ignore_errors=True)
""")
    pytester.syspathinsert()
    result = run(pytester, "-m", "marginal", "-p", "remover",
                 "--iaf-html", str(folder / "page.html"))
    assert result.ret == 2
    result.stdout.fnmatch_lines(["*iaf: the report could not be written: cannot write*"])
    assert "INTERNALERROR" not in result.stdout.str()


def test_regression_tests_alone_write_the_verdicts_they_compared(pytester, tmp_path):
    """`-k regression` with --iaf-report left report.json saying `running` after a finished
    run (a stranger's review): the regression tests judge every footprint they compare, and
    the report holds those records."""
    baseline, report = tmp_path / "base.json", tmp_path / "new.json"
    run(pytester, "-k", "marginal_age", f"--iaf-report={baseline}")
    run(pytester, "-k", "marginal_age and regression", f"--iaf-baseline={baseline}",
        f"--iaf-report={report}", "--iaf-allow-partial-baseline")
    document = json.loads(report.read_text(encoding="utf-8"))
    assert document["status"] == "partial"
    assert [f["id"] for f in document["footprints"]] == ["marginal_age"]
    assert "ko_KR/marginal_age" not in document["not_run"] and len(document["not_run"]) == \
        N_KO - 1


def test_merged_worker_documents_count_a_footprint_once():
    """Two xdist workers may both hold a footprint's record (its test on one, its regression
    test on the other): the per-locale counts are of footprints, not of documents."""
    from iaf.report.document import merge  # noqa: PLC0415

    def part(verdict: str) -> dict:
        return {"releases": [{"locale": "ko_KR"}], "footprints": [
            {"locale": "ko_KR", "id": "a", "verdict": verdict}],
            "comparison": {"locales": {"ko_KR": {"run": 1, verdict: 1}}, "footprints": []}}

    merged = merge([part("pass"), part("pass")], [("ko_KR", "a")])
    assert merged["comparison"]["locales"]["ko_KR"]["run"] == 1
    assert merged["summary"]["pass"] == 1


@pytest.mark.parametrize("option", ["--iaf-locale", "--iaf-release", "--iaf-report"])
def test_an_empty_option_is_a_usage_error_not_the_default(pytester, option):
    """`--iaf-locale ''` ran ko_KR and `--iaf-release ''` the current folder."""
    result = run(pytester, option, "")
    assert result.ret == 4
    result.stderr.fnmatch_lines([f"ERROR: {option} is empty (a variable that was not set?)"])


def _earlier_run(folder):
    """A complete report and page of an earlier run, which this one must not leave behind."""
    (folder / "v.json").write_text(json.dumps({"format": 3, "iaf_version": "0.3.0",
                                               "status": "complete", "footprints": []}),
                                   encoding="utf-8")
    (folder / "v.html").write_text("<html><title>iaf audit</title>", encoding="utf-8")
    return ["--iaf-report", str(folder / "v.json"), "--iaf-html", str(folder / "v.html")]


@pytest.mark.parametrize("args, said", [
    (["--co", "--release", "nope"], "Release path does not exist"),
    (["--locale", "xx_XX"], "Unknown locale 'xx_XX'"),
    (["-k", "no_such_footprint"], "pytest ended (exit 5) before any footprint's verdict")])
def test_a_run_that_makes_no_document_says_why_not_an_earlier_verdict(pytester, tmp_path, args,
                                                                       said):
    """`--iaf-release=/nonexistent --iaf-report=v.json` exited 4 and left the earlier run's
    complete v.json, verdicts and all, which CI would read (an environment review)."""
    result = run(pytester, *args, *_earlier_run(tmp_path))
    assert result.ret != 0
    report = json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))
    assert report["status"] == "error" and said in report["error"]["message"]
    assert not (tmp_path / "v.html").exists()


@pytest.mark.parametrize("args", [["--co"], ["--help"], ["--markers"]])
def test_a_run_of_no_iaf_test_leaves_the_report_paths_alone(pytester, tmp_path, args):
    """A code review: --help and --markers rewrote --iaf-report as interrupted and deleted
    the --iaf-html page; a project with iaf_report in its ini would lose it to any run."""
    options = _earlier_run(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    run(pytester, *args, *options)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_report_path_holding_another_file_is_a_usage_error_and_kept(pytester, tmp_path):
    (tmp_path / "mine.html").write_text("<h1>my page</h1>", encoding="utf-8")
    result = run(pytester, "--iaf-html", str(tmp_path / "mine.html"))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*mine.html is not a report iaf wrote*"])
    assert (tmp_path / "mine.html").read_text(encoding="utf-8") == "<h1>my page</h1>"


@pytest.mark.slow  # xdist's workers start in subprocesses
def test_under_xdist_an_unusable_input_is_said_in_the_report_too(pytester, tmp_path):
    result = pytester.runpytest_subprocess(SUITE, "-p", "no:cacheprovider", "-n", "2",
                                           "--iaf-release", str(tmp_path / "nope"),
                                           *_earlier_run(tmp_path))
    assert result.ret == 4
    report = json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))
    assert report["status"] == "error"
    assert "Release path does not exist" in report["error"]["message"]
