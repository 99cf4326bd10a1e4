"""The reusable GitHub Action: its gate step, run as GitHub would run it (bash, the inputs as
environment, an output file), decides with iaf's exit code and always leaves the reports; the
example workflow passes only inputs the action declares."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from iaf.simulators.build import build_release

ROOT = Path(__file__).resolve().parents[2]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
WORKFLOW = yaml.safe_load((ROOT / "examples/github-actions/iaf-gate.yml").read_text("utf-8"))


def gate_step(tmp_path: Path, **inputs: str) -> tuple[subprocess.CompletedProcess, str]:
    step = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "gate")
    values = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    values |= inputs
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
           "GITHUB_OUTPUT": str(tmp_path / "github-output"),
           "GITHUB_STEP_SUMMARY": str(tmp_path / "step-summary")}
    for name, value in step["env"].items():  # ${{ inputs.x }} -> the input's value
        env[name] = values[value.removeprefix("${{ inputs.").removesuffix(" }}")]
    done = subprocess.run(["bash", "-e", "-c", step["run"]], env=env, cwd=tmp_path,
                          capture_output=True, text=True)
    return done, (tmp_path / "github-output").read_text(encoding="utf-8")


def test_the_reports_are_uploaded_under_a_name_a_matrix_can_vary():
    # upload-artifact v4 refuses a name used twice in a workflow run: a matrix over locales
    # failed on its second job with the fixed "iaf-report"
    upload = next(s for s in ACTION["runs"]["steps"]
                  if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["name"] == "${{ inputs.artifact-name }}"
    assert ACTION["inputs"]["artifact-name"]["default"] == "iaf-report"


def test_the_example_workflow_uses_only_declared_inputs():
    uses = next(s for s in WORKFLOW["jobs"]["gate"]["steps"] if "iaf" in s.get("uses", ""))
    assert set(uses["with"]) <= set(ACTION["inputs"])
    assert {n for n, spec in ACTION["inputs"].items() if spec.get("required")} <= \
        set(uses["with"])


@pytest.mark.slow
def test_the_gate_step_records_the_exit_code_and_keeps_the_reports(tmp_path):
    build_release("ko_KR", tmp_path / "rel", 40_000, 1, "card-independence")
    done, output = gate_step(tmp_path, release="rel", locale="ko_KR",
                             args="--footprint marginal_age --footprint occupation_x_sex")
    assert done.returncode == 0  # the step succeeds; the decision step fails the job
    assert output == "exit-code=1\n"
    gate = json.loads((tmp_path / "iaf-out" / "report.json").read_text("utf-8"))["gate"]
    assert gate["decision"] == "fail" and gate["strict"]
    # the job's page shows report.md
    assert (tmp_path / "step-summary").read_text("utf-8") == \
        (tmp_path / "iaf-out" / "report.md").read_text("utf-8")


def test_unusable_input_exits_2_with_an_error_report(tmp_path):
    done, output = gate_step(tmp_path, release="missing", locale="ko_KR")
    assert output == "exit-code=2\n" and "Traceback" not in done.stderr
    document = json.loads((tmp_path / "iaf-out" / "report.json").read_text("utf-8"))
    assert document["status"] == "error" and document["error"]["command"] == "gate"


@pytest.mark.parametrize(("version", "installed"), [("", "ACTION_PATH"),
                                                    ("==0.3.0", "pytest-iaf==0.3.0")])
def test_the_install_step_takes_the_actions_own_files_unless_a_version_is_asked(
        tmp_path, version, installed):
    # before pytest-iaf is on the package index, and pinned to the ref the action is used at
    step = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "install")
    (tmp_path / "python").write_text('#!/bin/sh\necho "$@"\n')  # a python that says what it ran
    (tmp_path / "python").chmod(0o755)
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}",
           "GITHUB_ACTION_PATH": "ACTION_PATH", "IAF_VERSION": version}
    done = subprocess.run(["bash", "-e", "-c", step["run"]], env=env, capture_output=True,
                          text=True, check=True)
    assert done.stdout == f"-m pip install {installed}\n"


def test_the_args_input_is_split_on_spaces_and_never_globbed(tmp_path):
    """$IAF_ARGS was expanded unquoted: `--exclude id*` became the names of files in the
    working folder that match it."""
    step = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "gate")
    (tmp_path / "iaf").write_text('#!/bin/sh\nprintf "%s\\n" "$@" > said\n')  # says its args
    (tmp_path / "iaf").chmod(0o755)
    (tmp_path / "identity-notes.txt").write_text("a file the pattern matches")
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}", "IAF_RELEASE": "rel",
           "IAF_LOCALE": "ko_KR", "IAF_BASELINE": "", "IAF_OUT": "out",
           "IAF_ARGS": "--exclude id*  --exclude\nmarginal_sex\n",  # a YAML block: lines
           "GITHUB_OUTPUT": str(tmp_path / "github-output")}
    subprocess.run(["bash", "-e", "-c", step["run"]], env=env, cwd=tmp_path, check=True)
    said = (tmp_path / "said").read_text().split("\n")[:-1]
    assert said == ["gate", "rel", "--locale", "ko_KR", "--out", "out", "--quiet", "--exclude", "id*",
                    "--exclude", "marginal_sex"]
