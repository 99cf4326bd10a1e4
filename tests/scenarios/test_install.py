"""A stranger's install: the sdist and wheel build and pass `twine check`, carry the whole
catalogue, and the README's first command, copied as written into a fresh folder, installs the
wheel without extras and audits the demo; afterwards an unrelated project's pytest passes in
that environment, and the packed audit suite runs with `pytest --pyargs iaf`.

The wheel is found through PIP_FIND_LINKS (it is not on the package index yet); its
dependencies come from the index, as a user's would."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from iaf import __version__

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(out),
                    str(ROOT)], check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The README's first command, run as written in an empty folder."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.findall(r"```sh\n(.*?)\n```", readme, re.S)[1]  # [0] is `pip install`
    assert command.startswith("python3.11 -m venv .venv") and "pip install pytest-iaf" in command
    folder = tmp_path_factory.mktemp("stranger")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    env["PIP_FIND_LINKS"] = str(dist)
    done = subprocess.run(["bash", "-c", command], cwd=folder, env=env, capture_output=True,
                          text=True)
    return folder, done


def test_the_distributions_pass_twine_check_and_carry_the_catalogue(dist):
    names = sorted(p.name for p in dist.iterdir())
    assert names == [f"pytest_iaf-{__version__}-py3-none-any.whl",
                     f"pytest_iaf-{__version__}.tar.gz"]
    subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *map(str,
                    dist.iterdir())], check=True, capture_output=True)
    wheel = zipfile.ZipFile(next(dist.glob("*.whl"))).namelist()
    for name in ("iaf/_suite/references/ko_KR/footprints.json",
                 "iaf/_suite/references/ko_KR/tables/occ_major_sex_eaps_2025.manifest.json",
                 "iaf/_suite/expectations/ko_KR/occupation_x_sex.json",
                 "iaf/_suite/tests_iaf/test_footprints.py", "iaf/report/schema.json",
                 "iaf/report/diff-schema.json",
                 "iaf/py.typed", f"pytest_iaf-{__version__}.dist-info/licenses/LICENSE"):
        assert name in wheel, name


def test_the_readme_command_audits_the_demo(installed):
    folder, done = installed
    assert done.returncode == 1, done.stderr[-2000:]  # the demo's joints fail: the point
    assert "occupation_x_sex" in done.stdout and "Traceback" not in done.stderr
    version = subprocess.run([str(folder / ".venv/bin/iaf"), "--version"], capture_output=True,
                             text=True)
    assert version.stdout.strip() == f"iaf {__version__}"


def test_an_unrelated_projects_pytest_still_passes(installed, tmp_path):
    folder, _ = installed
    project = tmp_path / "project"
    project.mkdir()
    (project / "test_mine.py").write_text(
        "def test_a():\n    assert 1\n\n\ndef test_b():\n    assert 2\n\n\n"
        "def test_c():\n    assert 3\n", encoding="utf-8")
    done = subprocess.run([str(folder / ".venv/bin/python"), "-m", "pytest", "-q",
                           "-p", "no:cacheprovider"], cwd=project, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 passed" in done.stdout and "INTERNALERROR" not in done.stdout + done.stderr


def test_the_packed_audit_suite_runs_with_pyargs(installed, tmp_path):
    folder, _ = installed
    done = subprocess.run([str(folder / ".venv/bin/python"), "-m", "pytest", "--pyargs", "iaf",
                           "-q", "-p", "no:cacheprovider"], cwd=tmp_path, capture_output=True,
                          text=True)
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr  # failures, not a crash
    assert "iaf verdicts" in done.stdout and "INTERNALERROR" not in done.stdout
    assert "/_suite/references/ko_KR/tables/" in done.stdout  # failure text names the files
