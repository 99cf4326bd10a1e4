"""The plugin's manners: light to import, prefixed options, namespaced fixture, no footprints
for projects that do not ask for them."""

from __future__ import annotations

import subprocess
import sys

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
    result.stderr.fnmatch_lines(["*Unknown locale 'xx_XX'. Valid: en_IN*"])


def test_an_unusable_report_path_is_a_usage_error(pytester, tmp_path):
    pytester.makepyfile("def test_x():\n    pass\n")
    result = pytester.runpytest("--iaf-report", str(tmp_path / "no" / "such" / "r.json"),
                                "-p", "no:cacheprovider")
    assert result.ret == 4
    result.stderr.fnmatch_lines(["*the folder does not exist*"])
