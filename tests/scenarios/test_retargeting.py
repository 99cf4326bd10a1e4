"""docs/retargeting.md, run as written: every `<!-- step: ... -->` block of the page is executed
in order (files written, commands run with their annotated exit codes, footprint entries
replaced), and the page keeps its promise of at most three files edited by hand."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parents[2] / "docs" / "retargeting.md"
STEP = re.compile(r"<!-- step: (?P<step>[^>]*?) -->\n```[a-z]*\n(?P<body>.*?)```", re.DOTALL)
EXIT = re.compile(r"#\s*exit\s+(\d+)\s*$")


def steps() -> list[tuple[list[str], str]]:
    return [(m["step"].split(), m["body"]) for m in STEP.finditer(PAGE.read_text("utf-8"))]


def run(line: str, cwd: Path) -> None:
    expected = int(EXIT.search(line)[1]) if EXIT.search(line) else 0
    words = shlex.split(EXIT.sub("", line))
    if words[0] == "iaf":
        words = [sys.executable, "-m", "iaf.cli", *words[1:]]
    elif words[0] == "python":
        words = [sys.executable, *words[1:]]
    done = subprocess.run(words, cwd=cwd, capture_output=True, text=True, timeout=600)
    assert done.returncode == expected, (line, done.stdout[-3000:], done.stderr[-3000:])


def edit(path: Path, key: str, footprint: str, body: str) -> None:
    data = json.loads(path.read_text("utf-8"))
    entries = data[key]
    at = next(i for i, e in enumerate(entries) if e["id"] == footprint)
    entries[at] = json.loads(body)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def test_the_page_has_its_steps():
    kinds = [step[0] for step, _ in steps()]
    assert kinds.count("run") >= 3 and "edit" in kinds and kinds.count("file") >= 4


@pytest.mark.slow
def test_the_walk_through_runs_as_written(tmp_path):
    by_hand: set[str] = set()
    for step, body in steps():
        if step[0] == "file":
            target = tmp_path / step[1]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")
        elif step[0] == "edit":
            edit(tmp_path / step[1], step[2], step[3], body)
        else:
            for line in filter(None, (x.strip() for x in body.splitlines())):
                run(line, tmp_path)
        if step[0] in ("file", "edit") and step[1].startswith("mycat/"):
            by_hand.add(step[1])
    assert len(by_hand) <= 3, sorted(by_hand)
    # the catalogue iaf init wrote, with one reference attached, and its README says how
    readme = (tmp_path / "mycat" / "README.md").read_text("utf-8")
    assert "### `occupation_x_county_given_sex`" in readme
    assert "`county`, `sex`, `occupation`, `value`" in readme
