"""Renderers: terminal tables align wide (Korean, Japanese) characters; report.md carries the
failure detail; JSON is byte-stable."""

from __future__ import annotations

import subprocess
import sys

from iaf.cli import main
from iaf.report.text import aligned, display_width


def test_wide_characters_take_two_columns_and_line_up():
    assert display_width("관리자") == 6 and display_width("abc") == 3
    lines = aligned([["group", "share"], ["1 관리자", "18.07"], ["7 technicians", "11.21"]])
    starts = [display_width(line[: line.index(share)]) for line, share in
              zip(lines[1:], ("18.07", "11.21"))]
    assert starts[0] == starts[1]


def test_report_md_carries_the_failure_detail(tmp_path):
    assert main(["audit", "--quiet", "--footprint", "occupation_x_sex", "--footprint",
                 "marginal_age", "--report", str(tmp_path)]) == 1
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "### ko_KR/occupation_x_sex: fail" in markdown
    assert "Worst cells:" in markdown and "why:" in markdown
    assert "### ko_KR/marginal_age" not in markdown  # passing footprints: the table only


def test_a_reader_that_goes_away_gets_no_traceback(tmp_path):
    command = (f"{sys.executable} -m iaf.cli audit --quiet --footprint marginal_age "
               f"--report {tmp_path} | head -1")
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True)
    assert "Traceback" not in done.stderr
    assert (tmp_path / "report.json").exists()
