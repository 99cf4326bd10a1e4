"""The fonts report.html embeds: the plots' own (NanumGothic for Hangul and Latin, IPAexGothic
for kana and kanji), subset to the characters the page uses and inlined as ``@font-face``
rules, so that the page and its inline plots read the same on a machine without CJK fonts,
offline, and the page stays small. fontTools (matplotlib's own dependency) subsets them; the
original timestamps are kept, so the same page gives the same bytes."""

from __future__ import annotations

import base64
import io
import logging

from fontTools import subset
from fontTools.ttLib import TTFont

from iaf.report.plots import font_files


def _subset(path: str, text: str) -> tuple[bytes | None, str]:
    """The font at ``path`` cut down to the glyphs of ``text`` it has (None: it has none), and
    the characters of ``text`` it lacks."""
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # tables it drops, by design
    font = TTFont(path, recalcTimestamp=False)  # the same page, the same bytes
    cmap = font.getBestCmap()
    chars = "".join(sorted({c for c in text if ord(c) in cmap}))
    rest = "".join(sorted({c for c in text if ord(c) not in cmap}))
    if not chars.strip():
        return None, rest
    options = subset.Options()
    options.name_IDs = [1, 2]  # family and style: enough for a browser
    options.layout_features = []
    options.hinting = False  # screens render CJK unhinted at these sizes; a third smaller
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue(), rest


def font_faces(text: str) -> str:
    """``@font-face`` rules embedding each plot font, subset to ``text``."""
    rules, rest = [], text
    for family, path in font_files().items():
        data, rest = _subset(str(path), rest)
        if data is None:
            continue
        encoded = base64.b64encode(data).decode("ascii")
        rules.append(f"@font-face{{font-family:'{family}';"
                     f"src:url(data:font/ttf;base64,{encoded}) format('truetype')}}")
    return "\n".join(rules)
