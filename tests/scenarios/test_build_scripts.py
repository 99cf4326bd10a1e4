"""Every reference is rebuildable: the build scripts, run in order on a clean copy of the
repository's tracked files and the shared reference folder, reproduce every shipped file byte
for byte, and a shipped extract whose bytes no longer match its manifest stops the build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("IAF_SHARED") or REPO.parent / "shared")
# in the order they depend on each other: value lists, crosswalks, then the tables some
# crosswalks derive (cps_2022_isco08_sex reads cps_title_isco08), and the report schema
BUILDS = ("build_schemas_intl", "build_crosswalks_ko", "build_crosswalks_intl",
          "build_crosswalks_education", "build_references_ko", "build_references_intl",
          "build_references_vintages", "build_locales_de_gb", "build_report_schema")
BUILT = ("references", "iaf/report/schema.json", "iaf/report/diff-schema.json")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (SHARED / "reference-data").is_dir(),
                       reason=f"no shared reference folder at {SHARED} (set IAF_SHARED)"),
    pytest.mark.skipif(not (REPO / ".git").exists(), reason="not a git checkout"),
]


def _tracked() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True)
    return [p for p in out.stdout.decode().split("\0") if p and (REPO / p).is_file()]


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    """The tracked files as they stand (a clean checkout of this working tree)."""
    root = tmp_path_factory.mktemp("checkout")
    for name in _tracked():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / name, root / name)
    return root


def build(root: Path, script: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root), "IAF_SHARED": str(SHARED)}
    return subprocess.run([sys.executable, f"scripts/{script}.py"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)


def _files(root: Path) -> dict[str, bytes]:
    found = {}
    for part in BUILT:
        paths = [root / part] if (root / part).is_file() else (root / part).rglob("*")
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts:
                found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def test_every_build_script_reproduces_the_shipped_files(clean):
    before = _files(clean)
    for script in BUILDS:
        done = build(clean, script)
        assert done.returncode == 0, f"{script}: {done.stderr[-2000:]}"
    after = _files(clean)
    assert sorted(after) == sorted(before), "a build wrote a file that is not shipped, or lost one"
    changed = [name for name in before if after[name] != before[name]]
    assert not changed, (f"rebuilt files differ from the shipped ones: {changed[:10]}; run the "
                         "build scripts and commit their output")


def test_an_extract_that_does_not_match_its_manifest_stops_the_build(clean, tmp_path):
    root = Path(shutil.copytree(clean, tmp_path / "broken"))
    extract = root / "references" / "en_US" / "sources" / "census2018_occupation_codes.csv"
    extract.write_text(extract.read_text().replace("Chief executives", "Chief execs"))
    done = build(root, "build_crosswalks_intl")
    assert done.returncode != 0
    assert "census2018_occupation_codes.csv: sha256" in done.stderr
    assert "Traceback" not in done.stderr
