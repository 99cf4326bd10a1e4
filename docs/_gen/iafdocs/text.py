"""Markdown building blocks for generated pages: escaped text, table cells, tables, links."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

_SPECIAL = re.compile(r"([\\`*_\[\]{}|#])")


def esc(value: object) -> str:
    """``value`` as literal Markdown text: HTML and Markdown syntax characters escaped."""
    return _SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False))


def cell(value: object) -> str:
    """``value`` escaped for one table cell (on one line)."""
    return " ".join(esc(value).split()) if value not in (None, "") else ""


def code(value: object) -> str:
    """``value`` as inline code (a cell-safe code span, whatever it holds)."""
    text = html.escape(" ".join(str(value).split()), quote=False).replace("|", "&#124;")
    return f"<code>{text}</code>"


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; cells are given ready (escape them with ``cell`` or ``code``)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def link(url: str, text: str | None = None) -> str:
    """An outside address as a link (raw HTML, so that any URL survives); plain text when it
    is not an address."""
    if not str(url).startswith(("http://", "https://")):
        return cell(url)
    return f'<a href="{html.escape(url)}">{html.escape(text or url, quote=False)}</a>'


def quote(value: str) -> str:
    """A block quote of ``value``, escaped."""
    return "\n".join(f"> {esc(line)}" if line else ">" for line in value.splitlines()) + "\n"


def number(value: float | None) -> str:
    """A bound or effect as the suite states it (no rounding beyond what it holds)."""
    return "" if value is None else f"{value:g}"
