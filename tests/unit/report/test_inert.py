"""Strings a release or a catalogue controls stay inert in Markdown, and read as written."""

from __future__ import annotations

import html

import pytest
from markdown_it import MarkdownIt

from iaf.report import inert

RENDER = MarkdownIt("commonmark").enable("table")


@pytest.mark.parametrize("text", ["tvd 0.004 (<= 0.03)", "R&D", "a < b > c", "3 > 2"])
def test_comparisons_and_ampersands_are_left_as_written(text):
    assert inert.markdown(text) == text
    assert f"<td>{html.escape(text, quote=False)}</td>" in RENDER.render(
        f"| a |\n|---|\n| {inert.markdown(text)} |\n")


@pytest.mark.parametrize("text", ["<img src=x onerror=alert(1)>", "</td>", "<!-- x", "<?php",
                                  "<https://example.org>", "&amp;lt;b&gt;", "x&y; z",
                                  "> quoted", "**bold** `code` [link](x) | ~~no~~",
                                  "<1a@b.co>", "<=x@example.com>", "# heading", "- item",
                                  "+ item", "1. item", "12) item", "==="])
def test_markup_renders_as_its_text(text):
    """As a paragraph, and where a list item or a note begins with it (a column name in the
    use list, a catalogue's note): no link, tag, heading, list or quote comes of it."""
    assert RENDER.render(inert.markdown(text) + "\n") == \
        f"<p>{html.escape(text, quote=False)}</p>\n"
    assert RENDER.render(f"- {inert.markdown(text)}\n") == \
        f"<ul>\n<li>{html.escape(text, quote=False)}</li>\n</ul>\n"


def test_a_table_cell_reads_numbers_and_bounds_as_written():
    """report.md's cells read `30\\.00` and `\\>= 0.85` in the file: a block's opening is
    escaped in text, not in a cell, which is inline."""
    from iaf.report.inert import cell, markdown  # noqa: PLC0415

    assert [cell(v) for v in ("30.00", "+20.00", ">= 0.85", "# 1")] == \
        ["30.00", "+20.00", ">= 0.85", "# 1"]
    assert cell("a|b <i>") == "a\\|b &lt;i>"  # a pipe still cannot end the cell; no raw HTML
    assert markdown("30.00") == "30\\.00" and markdown("> x") == "\\> x"


def test_a_cut_saves_something_and_ends_at_a_word():
    """"...searched fo… [1 more characters]": a note longer than what it hid, mid-word."""
    from iaf.report.inert import KEPT, cut  # noqa: PLC0415

    text = "no other marginal was searched for " * 3  # 105 characters
    assert cut(text, 100) == text  # 5 past the limit: kept whole
    said = cut(text * 2, 100)
    assert said.split("…")[0] == (text * 2)[:100].rsplit(" ", 1)[0]  # a word's end
    assert said.endswith(f"[{len(text * 2) - len(said.split('…')[0]):,} more characters]")
    assert len(cut("x" * (100 + KEPT + 1), 100)) < 100 + KEPT  # no space: cut at the limit
