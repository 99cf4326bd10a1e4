"""Write iaf/report/schema.json and diff-schema.json, the JSON Schemas of report.json and
diff.json, from the typed dictionaries of iaf/report/document.py (the format's one owner), so
that they cannot drift: a test rebuilds them and compares. Run from the repository root:
``python scripts/build_report_schema.py``."""

from __future__ import annotations

import json
import sys
import types
import typing
from pathlib import Path
from typing import Any, Literal, NotRequired, Union

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from iaf.report import document  # noqa: E402

SCALARS = {str: "string", int: "integer", float: "number", bool: "boolean",
           type(None): "null"}


def schema_of(kind: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of a type annotation (TypedDicts become shared definitions)."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if kind is Any:
        return {}
    if kind in SCALARS:
        return {"type": SCALARS[kind]}
    if origin in (Union, types.UnionType):
        return {"anyOf": [schema_of(a, definitions) for a in args]}
    if origin is Literal:
        return {"enum": list(args)}
    if origin is list:
        return {"type": "array", "items": schema_of(args[0], definitions)}
    if origin is dict:
        return {"type": "object", "additionalProperties": schema_of(args[1], definitions)}
    if typing.is_typeddict(kind):
        if kind.__name__ not in definitions:
            definitions[kind.__name__] = {}  # a placeholder against recursion
            definitions[kind.__name__] = _typed_dict(kind, definitions)
        return {"$ref": f"#/$defs/{kind.__name__}"}
    raise TypeError(f"no JSON Schema for {kind!r}")


def _typed_dict(kind: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(kind, include_extras=True)
    properties, required = {}, []
    for name, hint in hints.items():
        if typing.get_origin(hint) is NotRequired:
            hint = typing.get_args(hint)[0]
        else:
            required.append(name)
        properties[name] = schema_of(hint, definitions)
    return {"type": "object", "properties": properties, "required": sorted(required),
            "additionalProperties": False}


def build(root_type: Any = document.ReportDoc, name: str = "report.json"
          ) -> dict[str, Any]:
    definitions: dict[str, Any] = {}
    root = schema_of(root_type, definitions)
    slug = name.removesuffix(".json")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"urn:iaf:{slug}-format-{document.FORMAT}",
            "title": f"iaf {name}, format {document.FORMAT}",
            "description": "Written and read by iaf/report/document.py; generated from its "
                           "typed dictionaries by scripts/build_report_schema.py.",
            **root, "$defs": dict(sorted(definitions.items()))}


def text(root_type: Any = document.ReportDoc, name: str = "report.json") -> str:
    return json.dumps(build(root_type, name), indent=2, sort_keys=True) + "\n"


SCHEMAS = {document.SCHEMA: (document.ReportDoc, "report.json"),
           document.DIFF_SCHEMA: (document.DiffDoc, "diff.json")}

if __name__ == "__main__":
    for path, (root_type, name) in SCHEMAS.items():
        path.write_text(text(root_type, name), encoding="utf-8")
        print(f"wrote {path}")
