"""Strings that a release or a catalogue controls, made inert for each output.

A value, a file name, a revision or a catalogue's reason can hold anything: control characters
(a terminal would obey an escape sequence), Markdown syntax (a newline ends a table row, a run
of backticks closes a fence, raw HTML runs when the Markdown is rendered), or a hundred
megabytes. Every output cuts such a string at ``MAX_CHARS`` characters, saying how many it
cut, and escapes what its medium would interpret. (HTML escapes with ``html.escape``.)
"""

from __future__ import annotations

import html
import re

MAX_CHARS = 500  # the longest value any output shows; the rest is cut and counted
# a catalogue's prose (a tolerance's reason, a frame, a note): the shipped ones reach 1,125
# characters and are shown whole; a longer one is still cut
PROSE_CHARS = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# inline syntax anywhere in a line or cell; an underscore only at a word's edge (CommonMark
# reads intraword underscores literally, so identifiers such as occupation_x_sex stay readable)
_MARKDOWN = re.compile(r"([\\`*\[\]|~]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")
# raw HTML: a tag, comment, declaration or instruction opens with < and a letter, /, ! or ?;
# an autolink is < and > with no space between (<1a@b.co>); an entity is & with a name or
# number and ;. Only those are made entities, so "<= 0.03" and "R&D" read as written
_HTML_OPEN = re.compile(r"<(?=[A-Za-z/!?]|[^\s<>]*>)")
# what opens a block at a line's start (a heading, a list item, a quote, a setext underline):
# escaped there, since a list item or a note begins with the text
_BLOCK = re.compile(r"^(?:[#>+=-]|\d{1,9}[.)])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


KEPT = 40  # characters past the limit kept rather than cut: a note of "[7 more characters]"
# would be longer than what it hides


def cut(text: object, limit: int = MAX_CHARS) -> str:
    """``text`` as a string of at most ``limit`` characters (``KEPT`` more where cutting would
    save less), cut at a word's end, plus a note of how many were cut."""
    value = str(text)
    if len(value) <= limit + KEPT:
        return value
    kept = value[:limit].rsplit(" ", 1)[0] if " " in value[limit // 2:limit] else value[:limit]
    return f"{kept}… [{len(value) - len(kept):,} more characters]"


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: object, limit: int = MAX_CHARS) -> str:
    """For a terminal: cut, and every control character (escape sequences, bidi overrides)
    shown as ``\\xNN``; newlines and tabs stay (they only lay text out)."""
    return _CONTROL.sub(_escaped, cut(text, limit))


def line(text: object, limit: int = MAX_CHARS) -> str:
    """For one line of a terminal or a file (a table cell): newlines escaped too."""
    return _LINE_CONTROL.sub(_escaped, cut(text, limit))


def prose(text: object) -> str:
    """A catalogue's prose for one line of a terminal or a file: whole up to PROSE_CHARS."""
    return line(text, PROSE_CHARS)


def cell(text: object, limit: int = MAX_CHARS) -> str:
    """For a Markdown table cell: one line, leading spaces dropped, every character CommonMark
    would read as inline syntax backslash-escaped (a pipe too), and what would open raw HTML,
    an autolink or an entity (``<b``, ``<a@b.c>``, ``&amp;``) as an entity; ``<=`` and a lone
    ``&`` stay as they are. A cell is inline: ``30.00`` and ``>= 0.85`` read as written."""
    value = _HTML_OPEN.sub("&lt;", _ENTITY.sub("&amp;", line(text, limit))).lstrip()
    return _MARKDOWN.sub(r"\\\1", value)


def markdown(text: object, limit: int = MAX_CHARS) -> str:
    """For Markdown text: a ``cell`` whose start is escaped where it would open a block (a
    heading, a list item, a quote)."""
    return _BLOCK.sub(lambda m: m[0][:-1] + "\\" + m[0][-1], cell(text, limit))  # its last char


def fence(body: str) -> str:
    """A Markdown code block holding ``body`` verbatim: a backtick fence longer than any run of
    backticks inside it, so nothing in it can close the block."""
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}text\n{line_breaks(body)}\n{ticks}"


def line_breaks(text: str) -> str:
    """Multi-line text with every control character but the newline escaped."""
    return "\n".join(line(part, len(part) + 1) for part in text.split("\n"))


def attribute(text: object, limit: int = MAX_CHARS) -> str:
    """For an HTML attribute or text node."""
    return html.escape(line(text, limit), quote=True)
