"""The CI recipe's script on generated releases: its exit code is the gate, and the reports
are always there for CI to keep (complete, or an error report)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from iaf.simulators.build import build_release

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "iaf-gate.sh"


def gate(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True, env=env)


@pytest.mark.slow
def test_the_gate_fails_a_flattened_release_and_keeps_the_report(tmp_path):
    build_release("ko_KR", tmp_path / "rel", 40_000, 1, "card-independence")
    done = gate(str(tmp_path / "rel"), "ko_KR", str(tmp_path / "out"))
    assert done.returncode == 1
    assert json.loads((tmp_path / "out" / "report.json").read_text())["status"] == "complete"


@pytest.mark.slow
def test_the_gate_diffs_against_a_baseline_report(tmp_path):
    build_release("ko_KR", tmp_path / "v1", 40_000, 1, "faithful")
    build_release("ko_KR", tmp_path / "v2", 40_000, 2, "card-independence")
    assert gate(str(tmp_path / "v1"), "ko_KR", str(tmp_path / "base")).returncode in (0, 1)
    done = gate(str(tmp_path / "v2"), "ko_KR", str(tmp_path / "out"),
                str(tmp_path / "base" / "report.json"), "--exclude", "marginal_housing_type")
    assert done.returncode == 1
    assert "REGRESSED" in done.stdout
    assert (tmp_path / "out" / "diff" / "diff.json").exists()


def test_unusable_input_exits_2_with_an_error_report(tmp_path):
    done = gate(str(tmp_path / "missing"), "ko_KR", str(tmp_path / "out"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    document = json.loads((tmp_path / "out" / "report.json").read_text())
    assert document["status"] == "error"
