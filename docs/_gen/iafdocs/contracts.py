"""The catalogue's declared contracts, as tables: each method's params type and metrics
(``iaf.catalogue.footprints.METHODS``, ``iaf.catalogue.params``), the keys of footprints.json,
the suites' expectation types, the manifests' fields and the crosswalks' columns and sentinels."""

from __future__ import annotations

import dataclasses
import typing

from iaf.catalogue import (
    NOT_EMPLOYED,
    UNMAPPED,
    Catalogue,
    Disclosure,
    Frame,
    provenance,
    references,
    suites,
)
from iaf.catalogue import footprints as fps
from iaf.evaluators import EVALUATORS
from iafdocs.source import default, doc, fields, rst_to_md
from iafdocs.text import cell, code, table


def _dataclasses_in(kind: object) -> list[type]:
    """The dataclass types an annotation names (``CrosswalkSpec | None`` -> CrosswalkSpec)."""
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        return [kind]
    return [t for arg in typing.get_args(kind) for t in _dataclasses_in(arg)]


def field_table(cls: type) -> str:
    """A dataclass's fields: key, type, default, and the comment the code gives it."""
    rows = []
    declared = fields(cls)
    for spec in dataclasses.fields(cls):
        annotation, comment = declared.get(spec.name, ("", ""))
        value = default(cls, spec.name)
        rows.append([code(spec.name), code(annotation), code(value) if value else "",
                     "optional" if value else "required", cell(comment)])
    return table(["key", "type", "default", "", "note"], rows)


def _nested(types: list[type]) -> list[type]:
    """Every dataclass reachable from ``types``' fields, in the order first met."""
    found: list[type] = []
    queue = list(types)
    while queue:
        cls = queue.pop(0)
        for hint in typing.get_type_hints(cls).values():
            for inner in _dataclasses_in(hint):
                if inner not in found and inner not in types:
                    found.append(inner)
                    queue.append(inner)
    return found


def methods() -> str:
    parts = []
    for method, spec in fps.METHODS.items():
        evaluator = EVALUATORS[method]
        module = doc(__import__(evaluator.__module__, fromlist=["_"]))
        counterfactual = (
            "computes its own counterfactual (the reference made independent, or its own "
            "no-interaction fit)" if spec.counterfactual else
            "has no counterfactual of its own: its suites must declare `meta.detect`, the "
            "minimum effect a check must catch, on at least one check")
        parts.append(
            f"## {method.value} {{#{method.value}}}\n\n{rst_to_md(module)}\n\n"
            f"The method {counterfactual}. Evaluator: `{evaluator.__module__}`.\n\n"
            f"**Metrics it produces** (what its suites may check): "
            + ", ".join(code(m) for m in spec.metrics) + ".\n\n"
            f"**Params** (`{spec.params.__name__}`). {rst_to_md(doc(spec.params))}\n\n"
            + field_table(spec.params))
    return "\n".join(parts)


def param_types() -> str:
    nested = _nested([spec.params for spec in fps.METHODS.values()])
    return "\n".join(f"### {cls.__name__}\n\n{rst_to_md(doc(cls))}\n\n{field_table(cls)}"
                     for cls in nested)


def footprint_keys() -> str:
    return ("Keys of a footprint entry: " + ", ".join(code(k) for k in sorted(fps.FOOTPRINT_KEYS))
            + ". `kind` is one of " + ", ".join(code(k.value) for k in fps.Kind)
            + "; `method` one of " + ", ".join(f"[`{m.value}`](methods.md#{m.value})"
                                               for m in fps.Method)
            + ". Ids are lower-case letters, digits and `_`, starting with a letter.\n\n"
            "A disclosure (`disclosures[]`):\n\n" + field_table(Disclosure)
            + "\nA frame (`frame`):\n\n" + field_table(Frame))


def suite_format() -> str:
    rows = [[code(kind), ", ".join(code(b) for b in needed)]
            for kind, needed in suites.BOUNDS.items()]
    return (table(["expectation type", "bounds it requires"], rows)
            + "\nEach expectation takes `type`, `kwargs` (" + ", ".join(
                code(k) for k in sorted(suites.KWARGS)) + "; `column` names the metric) and "
            "`meta` (" + ", ".join(code(k) for k in sorted(suites.META)) + "). A suite takes "
            + ", ".join(code(k) for k in sorted(suites.SUITE_KEYS)) + ".\n")


def manifest_fields() -> str:
    return ("A reference table's manifest needs every one of: "
            + ", ".join(code(k) for k in references.REQUIRED_FIELDS) + ". Its `provenance` "
            "`kind` is one of " + ", ".join(code(k) for k in provenance.KINDS) + ".\n\n"
            + rst_to_md(doc(provenance)) + "\n")


def crosswalks(catalogue: Catalogue) -> str:
    parts = []
    for locale in catalogue.locales():
        entry = catalogue.locale(locale)
        ids = sorted({c for b in entry.loaded.values() for c in b.crosswalks})
        lines = []
        for crosswalk_id in ids:
            c = entry.crosswalk(crosswalk_id)
            frames = f"; frame variants {', '.join(c.frame_variants)}" if c.frame_variants else ""
            lines.append(f"- **{code(c.id)}** maps {code(c.column)} ({len(c.primary):,} release "
                         f"values; variants {cell(', '.join(c.variants))}{cell(frames)}). "
                         f"{cell(c.manifest.get('description', ''))}\n")
        parts.append(f"### {locale}\n\n" + "".join(lines))
    return "\n".join(parts)


def sentinels() -> str:
    return table(["target", "written as", "meaning"], [
        [code("NOT_EMPLOYED"), code(NOT_EMPLOYED),
         "the row leaves an employed frame (no occupation, a student, retired)"],
        [code("UNMAPPED"), "an empty cell" if UNMAPPED == "" else code(UNMAPPED),
         "no target: unmapped mass, reported (`mapped_share`), never silently dropped"]])
