"""Renderers: terminal tables align wide (Korean, Japanese) characters; report.md carries the
failure detail; JSON is byte-stable."""

from __future__ import annotations

import subprocess
import sys

from iaf.cli import main
from iaf.report.text import aligned, cell_table, display_width


def test_wide_characters_take_two_columns_and_line_up():
    assert display_width("관리자") == 6 and display_width("abc") == 3
    lines = aligned([["group", "share"], ["1 관리자", "18.07"], ["7 technicians", "11.21"]])
    starts = [display_width(line[: line.index(share)]) for line, share in
              zip(lines[1:], ("18.07", "11.21"))]
    assert starts[0] == starts[1]


def cell(where: str, **filled: object) -> dict:
    return {"where": where, "outcome": None, "synthetic": None, "reference": None, "gap": None,
            "weight": None, "rows": None, "note": "", **filled}


def test_a_cell_table_shows_the_columns_some_cell_fills_in_one_order():
    """Cells of one shape: a rule's (no outcome, no weight, a range only in its note) beside
    a share's; a column no shown cell fills says nothing and is left out."""
    table = cell_table([cell("병사 older than 30", synthetic=0.8115, reference=0.0, rows=198,
                             note="병역법 제16조"),
                        cell("enlisted per man aged 20-24", synthetic=0.2025, rows=244,
                             note="expected 18.6%-20.5%")]).splitlines()
    assert table[0].split() == ["where", "synthetic", "%", "reference", "%", "rows", "note"]
    assert table[1].split() == ["병사", "older", "than", "30", "81.15", "0.00", "198", "병역법",
                                "제16조"]
    assert table[2].split()[-4:] == ["20.25", "244", "expected", "18.6%-20.5%"]  # no reference
    assert cell_table([cell("30-34", synthetic=0.086, reference=0.083, gap=0.003)],
                      ).splitlines()[0].split() == ["where", "synthetic", "%", "reference", "%",
                                                    "gap", "%"]


def test_report_md_carries_the_failure_detail(tmp_path):
    assert main(["audit", "--quiet", "--footprint", "occupation_x_sex", "--footprint",
                 "marginal_age", "--report", str(tmp_path)]) == 1
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "### ko_KR/occupation_x_sex: fail" in markdown
    assert "Worst cells:" in markdown and "| why this tolerance |" in markdown
    # as tables and paragraphs a page wraps: a fenced block ran 5,000 px wide on GitHub
    assert "```" not in markdown and "| 장치·기계 조작 및 조립 종사자" in markdown or \
        "장치·기계 조작 및 조립 종사자 |" in markdown
    assert "### ko_KR/marginal_age" not in markdown  # passing footprints: the table only


def test_a_reader_that_goes_away_gets_no_traceback(tmp_path):
    command = (f"{sys.executable} -m iaf.cli audit --quiet --footprint marginal_age "
               f"--report {tmp_path} | head -1")
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True)
    assert "Traceback" not in done.stderr
    assert (tmp_path / "report.json").exists()


def test_the_report_opens_with_what_the_release_may_be_used_for():
    """A reader asks "can I use it, and for what not?": the page opened with counts only."""
    from iaf.report.text import fitness  # noqa: PLC0415

    def record(fid: str, verdict: str, attributes: list[str], locale: str = "ko_KR") -> dict:
        return {"locale": locale, "id": fid, "verdict": verdict, "attributes": attributes}

    records = [record("occupation_x_sex", "fail", ["occupation", "sex"]),
               record("female_share", "fail", ["occupation", "sex"]),
               record("marginal_sex", "pass", ["sex"]),
               record("identity", "pass", ["a", "b", "c", "d", "e"]),
               record("marginal_age", "unevaluable", ["age"])]
    assert fitness(records) == [
        ("Do not rely on the release for", ["occupation x sex (occupation_x_sex, female_share)"]),
        # named at the top: nothing vouches for them (a stranger's review found them only
        # in the gate line's count)
        ("Not checked (no reference to check against) for", ["age (marginal_age)"]),
        ("Within tolerance", ["sex (marginal_sex)", "5 columns together (identity)"])]
    several = fitness([*records, record("marginal_sex", "inconclusive", ["sex"], "fr_FR")])
    assert several[1] == ("Not settled at this size", ["sex (fr_FR/marginal_sex)"])
    # a gate's regressions: listed as such, not also "Within tolerance" beside the gate line
    # that blocks on them (a stranger's review); a failure that regressed stays a failure
    worse = fitness(records, ["ko_KR/marginal_sex", "ko_KR/female_share"])
    assert worse[0] == ("Worse than the last version (regressed against the baseline) for",
                        ["sex (marginal_sex)"])
    assert worse[1][1] == ["occupation x sex (occupation_x_sex, female_share)"]
    assert worse[-1] == ("Within tolerance", ["5 columns together (identity)"])


def test_a_catalogues_prose_is_shown_whole_and_a_runaway_one_is_still_cut():
    """A tolerance's reason of 1,125 characters (the longest shipped) was cut at 500 in the
    failure message, mid-sentence; a string of megabytes is still bounded."""
    from iaf.report.inert import PROSE_CHARS  # noqa: PLC0415
    from iaf.report.text import failure_message  # noqa: PLC0415
    from tests.documents import check, record  # noqa: PLC0415

    why = "because " * 150  # 1,200 characters
    message = failure_message(record("f", "marginal", "fail",
                                     [check("tvd", 0.2, None, 0.03, False, why)]))
    assert why.strip() in message and "more characters" not in message
    runaway = failure_message(record("f", "marginal", "fail",
                                     [check("tvd", 0.2, None, 0.03, False, "x" * 10**6)]))
    assert f"… [{10**6 - PROSE_CHARS:,} more characters]" in runaway


def test_a_failure_says_its_worst_cell_in_a_sentence():
    """The top of a failure gave the metric only: "women are 28.6% of machine operators in the
    release vs 10.0% officially" was left to the tables (an accessibility review)."""
    from iaf.report.text import worst_cell  # noqa: PLC0415

    cell = {"where": "8 operators", "outcome": "F", "synthetic": 0.2858, "reference": 0.0999}
    assert worst_cell({"cells": [cell]}) == ("Worst cell: among 8 operators, F are 28.6% in the "
                                             "release and 10.0% in the reference")
    # a female share per group has no outcome to name: no sentence rather than an ambiguous one
    assert worst_cell({"cells": [{**cell, "outcome": None}]}) == ""
    assert worst_cell({"cells": []}) == ""
