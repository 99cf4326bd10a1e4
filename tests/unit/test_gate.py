"""The gate: verdicts (and regressions) decided into one decision and exit code, recorded with
the options that decided it; `iaf gate` writes one folder of artefacts."""

from __future__ import annotations

import json

import pytest

from iaf.cli import main
from iaf.gate import NOTHING_TESTED, GateOptions, decide, sentence
from iaf.report.document import schema_problems
from iaf.report.text import gate_conditions
from iaf.simulators.build import build_release


def records(*verdicts: str) -> list[dict]:
    return [{"locale": "ko_KR", "id": f"f{i}", "verdict": v} for i, v in enumerate(verdicts)]


@pytest.mark.parametrize("verdicts, strict, decision, code", [
    (("pass", "unevaluable"), True, "pass", 0),
    (("pass", "inconclusive"), False, "pass", 0),
    (("pass", "inconclusive", "unevaluable"), True, "blocked", 4),
    (("fail", "inconclusive"), True, "fail", 1),
    (("unevaluable", "unevaluable"), True, "blocked", 4),  # nothing tested: not a pass
    (("unevaluable",), False, "untested", 0),  # the audit alone says so, and exits 0
    (("inconclusive", "unevaluable"), False, "untested", 0),  # was a green "pass"
    (("inconclusive",), True, "blocked", 4),
])
def test_fail_beats_blocked_beats_pass_and_unevaluable_never_blocks(verdicts, strict,
                                                                    decision, code):
    gate = decide(records(*verdicts), GateOptions(strict=strict))  # type: ignore[arg-type]
    assert (gate["decision"], gate["exit_code"]) == (decision, code)
    assert gate["unevaluable"] == [f"ko_KR/f{i}" for i, v in enumerate(verdicts)
                                   if v == "unevaluable"]


def test_a_gate_that_tested_nothing_says_so():
    gate = decide(records("unevaluable"), GateOptions(strict=True))  # type: ignore[arg-type]
    assert sentence(gate).startswith("audit decision: blocked (exit 4): nothing was evaluated; 1 "
                                     "unevaluable (no release could settle them):")
    assert "not blocking" not in sentence(gate)  # beside "blocked", it read as a contradiction
    assert "not blocking" in sentence(decide(records("pass", "unevaluable"),
                                             GateOptions(strict=True)))  # type: ignore[arg-type]
    assert "no footprint passed or failed" in sentence(gate)
    assert gate["notes"] == [NOTHING_TESTED]
    audit = decide(records("inconclusive", "unevaluable"), GateOptions())  # type: ignore
    assert sentence(audit).startswith("audit decision: untested; 1 unevaluable")
    assert audit["notes"] == [NOTHING_TESTED]


def test_an_audits_pass_is_not_called_a_gates_and_says_what_a_gate_would_block():
    """An audit's report said "Gate: pass" where iaf gate on the same release blocks (a
    stranger's review): an audit's decision is called so, and names the inconclusive
    footprints a gate would block on."""
    audit = decide(records("pass", "inconclusive"), GateOptions())  # type: ignore[arg-type]
    assert sentence(audit).startswith("audit decision: pass")
    assert audit["notes"] == ["not strict: 1 footprint(s) this release is too small to settle "
                              "would block iaf gate and --strict (ko_KR/f1)"]
    gate = decide(records("pass", "inconclusive"),  # type: ignore[arg-type]
                  GateOptions(strict=True, command="gate"))
    assert sentence(gate).startswith("gate: blocked (exit 4)") and not gate["notes"]


def test_a_regression_fails_the_gate_whatever_the_verdicts():
    gate = decide(records("pass"), GateOptions(strict=True), regressed=["f0"])  # type: ignore
    assert gate["decision"] == "fail" and gate["blocking"] == ["f0 (regressed)"]
    both = decide(records("fail"), GateOptions(strict=True), regressed=["ko_KR/f0"])  # type: ignore
    assert both["blocking"] == ["ko_KR/f0"]  # was named twice, plain and "(regressed)"


def test_what_a_gate_was_decided_with_is_said():
    plain = decide(records("pass"), GateOptions(strict=True))  # type: ignore[arg-type]
    assert gate_conditions(plain) == []
    options = GateOptions(excluded=("ko_KR/identity",), baseline="v1/report.json",
                          allow_new_values=True)
    assert gate_conditions(decide(records("pass"), options)) == [  # type: ignore[arg-type]
        "ko_KR/identity left out (--exclude)", "diffed against v1/report.json",
        "new values admitted (--allow-new-values)"]


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    root = tmp_path_factory.mktemp("gate")
    build_release("ko_KR", root / "small", 10_000, 10, "faithful", 1)
    build_release("ko_KR", root / "v1", 60_000, 11, "faithful", 1)
    build_release("ko_KR", root / "v2", 60_000, 12, "card-independence", 1)
    return root


CHOSEN = ["--footprint", "marginal_age", "--footprint", "marginal_housing_type",
          "--footprint", "female_share_male_dominated"]


def test_a_first_release_is_gated_by_its_audit_alone(releases, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["gate", str(releases / "v1"), "--locale", "ko_KR", "--out", str(out),
                 "--quiet", *CHOSEN]) == 0
    said = capsys.readouterr().out
    assert "gate: pass" in said and "first release: no baseline" in said
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    gate = document["gate"]
    assert gate["strict"] and gate["decision"] == "pass" and gate["exit_code"] == 0
    assert gate["unevaluable"] == ["ko_KR/marginal_housing_type"]
    assert gate["selected"] == ["ko_KR/marginal_age", "ko_KR/marginal_housing_type",
                                "ko_KR/female_share_male_dominated"]  # as blocking names them
    assert "decided with: only ko_KR/marginal_age" in said  # the terminal says so
    assert "Decided with: only ko_KR/marginal_age" in (out / "report.md").read_text("utf-8")
    assert "Decided with: only ko_KR/marginal_age" in (out / "report.html").read_text("utf-8")
    assert len(gate["catalogue_digest"]) == 64 and gate["baseline"] == ""
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.json", "report.md"]
    assert schema_problems(document) == []


def test_a_release_that_fails_or_regresses_fails_the_gate(releases, tmp_path, capsys):
    first = tmp_path / "first"
    assert main(["gate", str(releases / "v1"), "--locale", "ko_KR", "--out", str(first),
                 "--quiet", *CHOSEN]) == 0
    out = tmp_path / "second"
    assert main(["gate", str(releases / "v2"), "--locale", "ko_KR", "--out", str(out),
                 "--baseline", str(first / "report.json"), "--quiet", *CHOSEN]) == 1
    gate = json.loads((out / "report.json").read_text(encoding="utf-8"))["gate"]
    assert gate["decision"] == "fail"
    said = capsys.readouterr().out  # the diff's closing line, as iaf diff and diff.md end
    assert "REGRESSED: 1 footprint(s) regressed" in said and "REGRESSION regression" not in said
    assert "ko_KR/female_share_male_dominated" in gate["blocking"]  # failed and regressed:
    assert "ko_KR/female_share_male_dominated (regressed)" not in gate["blocking"]  # once
    assert gate["baseline"] == str(first / "report.json")
    assert gate["command"] == "gate"  # its pages said "iaf audit"
    assert (out / "report.html").read_text(encoding="utf-8").count("<h1>iaf gate</h1>") == 1
    assert (out / "report.md").read_text(encoding="utf-8").startswith("# iaf gate\n")
    names = sorted(p.name for p in out.iterdir())
    assert names == ["diff.html", "diff.json", "diff.md", "report.html", "report.json",
                     "report.md"]
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert set(document["files"]) == set(names) - {"report.json"}  # the set written by this run
    assert all(document["run"] in (out / n).read_text("utf-8") for n in names)  # as docs say
    # the same folder again, without a baseline: no diff of the earlier run is left beside it
    # (the action uploads the whole folder), nor after a run that stops on bad input
    assert main(["gate", str(releases / "v1"), "--locale", "ko_KR", "--out", str(out),
                 "--quiet", *CHOSEN]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.json", "report.md"]
    assert main(["gate", str(releases / "v2"), "--locale", "ko_KR", "--out", str(out),
                 "--baseline", str(first / "report.json"), "--quiet", *CHOSEN]) == 1
    assert main(["gate", str(tmp_path / "missing"), "--locale", "ko_KR", "--out", str(out),
                 "--quiet", *CHOSEN]) == 2
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.json"]


def test_a_small_release_is_blocked_not_failed(releases, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["gate", str(releases / "small"), "--locale", "ko_KR", "--out", str(out),
                 "--quiet", "--footprint", "marginal_sex"]) == 4
    # two locales for one release: said so (it was "Unknown locale 'ko_KR,en_US'")
    assert main(["gate", str(releases / "small"), "--locale", "ko_KR,en_US", "--out",
                 str(out)]) == 2
    assert "A release has one locale" in capsys.readouterr().err
    # a gate is always strict: an audit's --strict carried over is accepted, not refused
    assert main(["gate", str(releases / "small"), "--locale", "ko_KR", "--out", str(out),
                 "--quiet", "--footprint", "marginal_sex", "--strict"]) == 4
    said = capsys.readouterr().out
    assert "gate: blocked (exit 4)" in said and "too small to settle" in said
