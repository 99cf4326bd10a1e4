"""What the code declares beside a field: the annotation and the comment after it, read from
the source of iaf's own dataclasses and TypedDicts (their one documentation of each key)."""

from __future__ import annotations

import dataclasses
import inspect
import re

# a class-level line "    name: annotation  # comment" (methods' bodies are indented deeper)
_FIELD = re.compile(r"^    (\w+): (.+?)(?:\s+#\s?(.*))?$")


def fields(cls: type) -> dict[str, tuple[str, str]]:
    """Each field of ``cls`` (its bases first): name -> (annotation as written, comment)."""
    out: dict[str, tuple[str, str]] = {}
    for klass in reversed(cls.__mro__):
        if not klass.__module__.startswith("iaf"):
            continue
        own = klass.__dict__.get("__annotations__", {})
        for line in inspect.getsourcelines(klass)[0]:
            match = _FIELD.match(line.rstrip())
            if match and match.group(1) in own:
                annotation = match.group(2).split(" = ")[0].strip()
                out[match.group(1)] = (annotation, match.group(3) or "")
    return out


def default(cls: type, name: str) -> str:
    """A dataclass field's default as Python writes it, or "" when the field is required."""
    spec = next(f for f in dataclasses.fields(cls) if f.name == name)
    if spec.default is not dataclasses.MISSING:
        return repr(spec.default)
    if spec.default_factory is not dataclasses.MISSING:
        return repr(spec.default_factory())
    return ""


def doc(obj: object) -> str:
    """The docstring of ``obj``, dedented ("" when it has none of its own)."""
    text = obj.__dict__.get("__doc__") if isinstance(obj, type) else obj.__doc__
    if not isinstance(text, str) or text.startswith(f"{getattr(obj, '__name__', '')}("):
        return ""  # none, or the signature a dataclass writes in place of a docstring
    return inspect.cleandoc(text)


def rst_to_md(text: str) -> str:
    """Docstring markup as Markdown: ``code`` spans of reStructuredText become `code`."""
    return re.sub(r"``(.+?)``", r"`\1`", text)
