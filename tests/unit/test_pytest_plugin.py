"""The plugin's manners: light to import, prefixed options, namespaced fixture, no footprints
for projects that do not ask for them."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("pandas", "pyarrow", "great_expectations", "numpy")


def test_importing_the_plugin_imports_nothing_heavy():
    probe = (f"import iaf.pytest_plugin, sys; print([m for m in {HEAVY!r} "
             "if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_a_foreign_project_keeps_its_own_locale_option_and_footprint_fixture(pytester):
    pytester.makeconftest("""
import pytest

def pytest_addoption(parser):
    parser.addoption("--locale", default="fr")

@pytest.fixture
def footprint():
    return "a carbon footprint"
""")
    pytester.makepyfile("""
def test_mine(footprint, request):
    assert footprint == "a carbon footprint"
    assert request.config.getoption("--locale") == "de"
""")
    result = pytester.runpytest("--locale", "de", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_an_unknown_iaf_locale_is_a_usage_error_before_collection(pytester):
    pytester.makepyfile("def test_x():\n    pass\n")
    result = pytester.runpytest("--iaf-locale", "xx_XX", "-p", "no:cacheprovider")
    assert result.ret == 4
    result.stderr.fnmatch_lines(["*Unknown locale 'xx_XX'. Valid: de_DE, en_GB, en_IN*"])


def test_a_missing_or_empty_catalogue_folder_is_named_not_an_unknown_locale(pytester):
    """It said "Unknown locale 'ko_KR'. Valid: " (an empty list), where the CLI names the path."""
    pytester.makepyfile("def test_x():\n    pass\n")
    result = pytester.runpytest("--iaf-catalogue", "nope", "-p", "no:cacheprovider")
    assert result.ret == 4
    result.stderr.fnmatch_lines(["*Catalogue folder does not exist: nope*"])
    (pytester.path / "empty" / "references").mkdir(parents=True)
    result = pytester.runpytest("--iaf-catalogue", "empty", "-p", "no:cacheprovider")
    assert result.ret == 4
    result.stderr.fnmatch_lines(["*empty: declares no locale*"])


@pytest.mark.parametrize(("path", "said"), [
    ("out/", "*this is a folder; give a file path, such as FOLDER/report.json*"),
    ("a-file/r.json", "*this is a file, where a folder is needed*"),
    ("a-file/deeper/r.json", "*this is a file, where a folder is needed*"),
    ("a" * 300 + ".json", "*cannot write here (File name too long)*")])  # INTERNALERROR, 3
def test_an_unusable_report_path_is_a_usage_error(pytester, path, said):
    pytester.makepyfile("def test_x():\n    pass\n")
    (pytester.path / "a-file").write_text("", encoding="utf-8")
    result = pytester.runpytest("--iaf-report", path, "-p", "no:cacheprovider")
    assert result.ret == 4
    result.stderr.fnmatch_lines([said])
    assert not (pytester.path / "out").exists()  # not written as a file named out


def test_a_report_paths_folders_are_made_as_the_command_lines_are(pytester):
    pytester.makepyfile("def test_x():\n    pass\n")
    result = pytester.runpytest("--iaf-report", "no/such/r.json", "-p", "no:cacheprovider")
    assert result.ret == 0 and (pytester.path / "no" / "such").is_dir()


def test_a_broken_user_catalogue_is_a_usage_error_listing_its_problems(pytester, tmp_path):
    from iaf.catalogue import Catalogue  # noqa: PLC0415
    from iaf.paths import audit_suite_dir  # noqa: PLC0415

    Catalogue.shipped().export(tmp_path / "mine")
    (tmp_path / "mine" / "expectations" / "ko_KR" / "marginal_sex.json").write_text(
        "{bad", encoding="utf-8")
    result = pytester.runpytest(str(audit_suite_dir()), "-p", "no:cacheprovider",
                                "--iaf-catalogue", str(tmp_path / "mine"))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*expectations/ko_KR/marginal_sex.json: invalid JSON*"])
    assert "Traceback" not in result.stdout.str() + result.stderr.str()


def test_every_option_is_also_read_from_the_ini_file(pytester, tmp_path):
    """`iaf_strict = true` in pytest.ini was an unknown option, warned about and ignored: a CI
    gate meant to be strict passed with inconclusive footprints."""
    from iaf.catalogue import Catalogue  # noqa: PLC0415
    from iaf.paths import audit_suite_dir  # noqa: PLC0415

    args = [str(audit_suite_dir()), "-p", "no:cacheprovider", "-k", "marginal_sex"]
    ini = pytester.makeini("[pytest]\niaf_strict = true\n")
    result = pytester.runpytest(*args, "-c", str(ini))
    assert result.parseoutcomes() == {"failed": 1, "deselected": 18}  # inconclusive: fails
    assert "Unknown config option" not in result.stdout.str()
    Catalogue.shipped().export(tmp_path / "mine")
    (tmp_path / "mine" / "expectations" / "ko_KR" / "marginal_sex.json").write_text(
        "{bad", encoding="utf-8")
    ini = pytester.makeini(f"[pytest]\niaf_catalogue = {tmp_path / 'mine'}\n")
    result = pytester.runpytest(*args, "-c", str(ini))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
