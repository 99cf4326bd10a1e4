"""The renderers on a hand-built document, against golden files: the terminal text, report.md
and report.html (plots given as stubs, fonts as digests), each rendered in milliseconds. The
document's hostile strings (a pipe, a newline, a fence, raw HTML, an escape sequence) must
come out inert."""

from __future__ import annotations

import base64
import hashlib
import re
from itertools import groupby

from iaf.report import text
from iaf.report.document import schema_problems
from iaf.report.html import audit_html
from iaf.report.markdown import to_markdown
from tests.documents import document

STUB = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect id="r" /></svg>'


def test_the_hand_built_document_is_a_valid_report():
    assert schema_problems(document()) == []


def test_terminal_text(golden):
    doc = document()
    failure = next(r for r in doc["footprints"] if r["verdict"] == "fail")
    golden("report.txt", text.verdict_table(doc["footprints"], width=100) + "\n\n"
           + text.failure_message(failure) + "\n")


def test_markdown(golden):
    golden("report.md", to_markdown(document()))


def _digested(page: str) -> str:
    """The page with each embedded font replaced by a digest of its bytes."""
    return re.sub(r"base64,([A-Za-z0-9+/=]+)", lambda m: "base64:sha256=" + hashlib.sha256(
        base64.b64decode(m.group(1))).hexdigest()[:16], page)


def test_html(golden):
    page = audit_html(document(), {"xx_XX/marginal_sex": STUB, "xx_XX/@overview": STUB})
    golden("report.html", _digested(page))


def test_hostile_strings_stay_inert():
    doc = document()
    markdown = to_markdown(doc)
    assert "<img" not in markdown and "\x1b" not in markdown
    tables = [list(rows) for is_row, rows in groupby(markdown.splitlines(),
                                                      lambda line: line.startswith("|"))
              if is_row]
    assert [len(t) for t in tables] == [6, 4, 3]  # verdicts; a failure's checks, its cells
    for table in tables:  # no cell broke its row: every row has the header's columns
        assert len({len(re.findall(r"(?<!\\)\|", line)) for line in table}) == 1, table
    assert not re.search(r"^\s*(```|~~~)", markdown, re.M)  # nothing opens a code block
    page = audit_html(doc, {"xx_XX/marginal_sex": STUB, "xx_XX/@overview": STUB})
    assert '"><img src=x>' not in page and "\x1b" not in page
    terminal = text.verdict_table(doc["footprints"])
    assert "\x1b" not in terminal and "\\x1b" in terminal
