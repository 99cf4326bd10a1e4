"""Pages generated from the shipped catalogue: the locales' overview, one page per locale and
one per footprint. Everything is read from the loaded, validated objects of
``Catalogue.shipped()`` (never by re-reading its files), so a page says what an audit uses."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from iaf.catalogue import Catalogue, Crosswalk, Footprint, LoadedFootprint, Reference
from iaf.catalogue.references import REQUIRED_FIELDS
from iaf.catalogue.suites import Expectation
from iaf.power import POWER_NEEDED
from iaf.report.document import catalogue_path
from iafdocs.text import cell, code, esc, link, number, quote, table

KINDS = {"marginal": "marginal", "direct_joint": "direct joint", "rule_implied": "rule implied"}
SHOWN_ELSEWHERE = {"id", "provenance", "data_file"}


def bounds(e: Expectation) -> str:
    """An expectation's bound before noise, as one line (e.g. ``rho ≥ 0.85``)."""
    if e.min is not None and e.max is not None:
        return f"{number(e.min)} ≤ {e.metric} ≤ {number(e.max)}"
    return f"{e.metric} ≥ {number(e.min)}" if e.min is not None else \
        f"{e.metric} ≤ {number(e.max)}"


def tolerances(loaded: LoadedFootprint) -> tuple[str, str]:
    """The suite's bounds and its declared minimum effects, each as one cell."""
    if loaded.footprint.unevaluable or loaded.suite is None:
        return "unevaluable: no reference", ""
    checks = "; ".join(bounds(e) for e in loaded.suite.expectations)
    detect = "; ".join(f"{e.metric} {number(e.detect)}" for e in loaded.suite.expectations
                       if e.detect is not None)
    return checks, detect or "its own counterfactual"


def footprint_page_name(fp: Footprint) -> str:
    return f"{fp.locale}/{fp.id}.md"


# --- the overview and the locale pages --------------------------------------------------------

def overview(catalogue: Catalogue) -> str:
    rows = []
    for locale in catalogue.locales():
        entry = catalogue.locale(locale)
        unevaluable = sum(bool(f.unevaluable) for f in entry.footprints)
        anchored = all(f.disclosure.anchored for f in entry.footprints)
        rows.append([f"[{locale}]({locale}/index.md)", cell(entry.schema.release),
                     str(len(entry.footprints)), str(len(entry.footprints) - unevaluable),
                     str(unevaluable), "yes" if anchored else "no (card text not found)"])
    return ("# Locales\n\nThe shipped catalogue, read at build time. Each locale's page quotes "
            "its card and lists its footprints; each footprint has a page of its own with its "
            "references, tolerances and what it cannot see.\n\n"
            + table(["locale", "release", "footprints", "evaluable", "unevaluable",
                     "card-anchored"], rows))


def _disclosures(footprints: tuple[Footprint, ...]) -> str:
    seen = list(dict.fromkeys(f.disclosure for f in footprints))
    parts = []
    for d in seen:
        parts.append(f"### {esc(d.id)}\n\n{quote(d.quote)}\n"
                     f"Source: {link(d.source)}; revision: {esc(d.revision)}.\n")
        if not d.anchored:
            parts.append("!!! warning \"Not card-anchored\"\n    No card text was found: these "
                         "footprints are run, but no card sentence implicates them.\n")
        if d.note:
            parts.append(f"*Note:* {esc(d.note)}\n")
    return "\n".join(parts)


def _columns(catalogue: Catalogue, locale: str) -> str:
    rows = []
    for spec in catalogue.locale(locale).schema.columns.values():
        if spec.values is not None:
            values = f"closed: {len(spec.values):,} values"
        elif spec.min is not None or spec.max is not None:
            values = f"{spec.min} to {spec.max}"
        else:
            values = "open (any value; what a crosswalk cannot map is unmapped mass)"
        rows.append([code(spec.name), spec.dtype.value, spec.kind.value, cell(values)])
    return table(["column", "dtype", "kind", "values"], rows)


def locale_page(catalogue: Catalogue, locale: str) -> str:
    entry = catalogue.locale(locale)
    schema = entry.schema
    rows = []
    for fp in entry.footprints:
        checks, detect = tolerances(entry.loaded[fp.id])
        rows.append([f"[{fp.id}]({fp.id}.md)", KINDS[fp.kind.value], fp.method.value,
                     cell(", ".join(fp.attributes)), cell(checks), cell(detect)])
    commit = f" (commit {code(schema.commit)})" if schema.commit else \
        " (its Hugging Face commit is not recorded)"
    return (f"# {locale}\n\nRelease: **{esc(schema.release)}**, split `{schema.split}`. The "
            f"value lists describe {esc(schema.revision or 'a version not recorded')}{commit}."
            "\n\n## What the card says\n\n" + _disclosures(entry.footprints)
            + "\n## Footprints\n\nBounds are the suite's, before the noise allowance an audit "
              "adds at the audited size; the minimum effect is what a passing footprint must be "
              "able to catch (see [what a verdict means](../../concepts/verdicts.md)).\n\n"
            + table(["footprint", "kind", "method", "attributes", "bounds (before noise)",
                     "minimum effect"], rows)
            + "\n## Columns\n\n" + _columns(catalogue, locale))


def summary(catalogue: Catalogue) -> str:
    """The nav of the Locales section (literate-nav's SUMMARY.md)."""
    lines = ["* [Overview](index.md)"]
    for locale in catalogue.locales():
        lines.append(f"* [{locale}]({locale}/index.md)")
        lines += [f"    * [{fp.id}]({footprint_page_name(fp)})"
                  for fp in catalogue.locale(locale).footprints]
    return "\n".join(lines) + "\n"


# --- a footprint's page -----------------------------------------------------------------------

def _provenance(prov: dict[str, Any]) -> str:
    parts = [f"{esc(prov.get('kind', ''))}"]
    if prov.get("official"):
        parts.append(f"official address {link(prov['official'])}")
    for place in prov.get("seen", ()):
        if place.get("url"):
            parts.append(f"seen at {link(place['url'])}")
        elif place.get("repository"):
            where = f"{place['repository']}@{place.get('commit', '')}:{place.get('path', '')}"
            parts.append(f"seen in {code(where)}"
                         + (f" (sha256 {code(place['sha256'])})" if place.get("sha256") else ""))
        else:
            parts.append(f"seen where it was not recorded: {esc(place.get('unrecorded', ''))}")
    for item in prov.get("inputs", ()):
        parts.append(f"built from {code(item.get('file', ''))} (sha256 "
                     f"{code(item.get('sha256', ''))})")
    return "; ".join(parts)


def _manifest_value(key: str, value: Any) -> str:
    if key == "url":
        return link(str(value))
    if key == "sha256":
        return code(value)
    return cell(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))


def _reference(ref: Reference, role: str) -> str:
    m = ref.manifest
    keys = [k for k in REQUIRED_FIELDS if k not in SHOWN_ELSEWHERE]
    keys += sorted(k for k in m if k not in keys and k not in SHOWN_ELSEWHERE)
    rows = [[k.replace("_", " "), _manifest_value(k, m[k])] for k in keys if k in m]
    rows.append(["provenance", _provenance(m.get("provenance", {}))])
    rows.append(["file", code(catalogue_path(ref.path))])
    return f"### {esc(ref.id)}\n\n*{role}*\n\n" + table(["field", "value"], rows)


def _roles(fp: Footprint) -> dict[str, str]:
    params = fp.params
    roles = {r: "reference" for r in fp.references}
    for vintage in getattr(params, "vintages", ()):
        roles[vintage] = "another edition of the reference, judged as a frame view"
    if getattr(params, "code_titles", None):
        roles[params.code_titles] = "code titles (labels only)"
    standard = getattr(params, "standardisation", None)
    if standard is not None:
        roles[standard.reference] = "age structure for direct age standardisation"
    return roles


def _crosswalk(crosswalk: Crosswalk) -> str:
    m = crosswalk.manifest
    variants = ", ".join(f"{v} (frame)" if v in crosswalk.frame_variants else v
                         for v in crosswalk.variants)
    rows = [["description", cell(m.get("description", ""))],
            ["maps the release column", code(crosswalk.column)],
            ["variants (the first decides the verdict)", cell(variants)],
            ["release values", f"{len(crosswalk.primary):,}"],
            ["built by", code(m.get("generated_by", ""))],
            ["sha256", code(m["sha256"])], ["file", code(catalogue_path(crosswalk.path))]]
    if "provenance" in m:
        rows.insert(4, ["provenance", _provenance(m["provenance"])])
    return f"### {esc(crosswalk.id)}\n\n" + table(["field", "value"], rows)


def _expectation(e: Expectation) -> str:
    text = f"- **`{bounds(e)}`**: {esc(e.why)}\n"
    if e.detect is not None:
        text += f"    - *Minimum effect {number(e.detect)}*: {esc(e.detect_why)}\n"
    return text


def _suite(loaded: LoadedFootprint) -> str:
    suite = loaded.suite
    if suite is None or not suite.expectations:
        return "The suite is empty: the footprint is unevaluable.\n"
    meta = "".join(f"- *{esc(k)}*: {esc(v)}\n" for k, v in suite.meta.items()
                   if k not in ("locale", "footprint"))
    return (f"From {code(catalogue_path(suite.path))}. Each bound is the suite's, before the "
            "noise band an audit adds at the audited size. A pass must also catch the minimum "
            "effect (or, where none is declared, the method's own counterfactual) with power "
            f"{POWER_NEEDED}.\n\n" + "".join(_expectation(e) for e in suite.expectations)
            + ("\nThe suite's notes:\n\n" + meta if meta else ""))


def _declared(value: Any) -> Any:
    """Params as loaded, without the keys left empty (None, "", [], {})."""
    if isinstance(value, dict):
        return {k: _declared(v) for k, v in value.items() if v not in (None, "", [], {}, ())}
    if isinstance(value, (list, tuple)):
        return [_declared(v) for v in value]
    return value


def _frame(fp: Footprint) -> str:
    frame = fp.frame
    low, high = frame.min_age, frame.max_age
    ages = (f"ages {low}-{high}" if low is not None and high is not None else
            f"ages {low} and over" if low is not None else
            f"ages up to {high}" if high is not None else "")
    facts = [ages,
             f"at least {fp.min_mapped_share:.0%} of the frame must be mapped, or the verdict "
             "is inconclusive" if fp.min_mapped_share else ""]
    listed = "; ".join(f for f in facts if f)
    return f"{esc(frame.text)}" + (f" ({listed})" if listed else "") + ".\n"


def _notes(fp: Footprint) -> str:
    params = fp.params
    notes = [esc(n) for n in getattr(params, "notes", ())]
    for key, label in (("no_collapse", "No pooled (ISCO-08) view"),
                       ("threshold_basis", "Threshold")):
        value = getattr(params, key, "")
        if value:
            notes.append(f"*{label}:* {esc(value)}")
    return "".join(f"- {n}\n" for n in notes)


def footprint_page(loaded: LoadedFootprint) -> str:
    fp = loaded.footprint
    head = (f"# {fp.locale}/{fp.id}\n\n**{KINDS[fp.kind.value]}**, method "
            f"[`{fp.method.value}`](../../catalogue/methods.md#{fp.method.value}), attributes "
            + ", ".join(code(a) for a in fp.attributes) + f". Test id `{fp.test_id}`.\n\n")
    if fp.unevaluable:
        head += ("!!! warning \"Unevaluable: no release could settle it\"\n    "
                 + esc(fp.unevaluable) + "\n\n")
    d = fp.disclosure
    parts = [head, f"## The card's sentence\n\n{quote(d.quote)}\n"
                   f"Source: {link(d.source)}; revision: {esc(d.revision)}."
                   + ("" if d.anchored else " **No card text was found: not card-anchored.**")
                   + "\n", f"## Frame\n\n{_frame(fp)}"]
    notes = _notes(fp)
    if notes:
        parts.append("## What it cannot see, and other declared notes\n\n" + notes)
    parts.append("## Tolerances\n\n" + _suite(loaded))
    roles = _roles(fp)
    if loaded.tables:
        parts.append("## References\n\n" + "\n".join(
            _reference(loaded.tables[t], roles.get(t, "reference")) for t in fp.table_ids()))
    if loaded.crosswalks:
        parts.append("## Crosswalks\n\n" + "\n".join(
            _crosswalk(loaded.crosswalks[c]) for c in sorted(loaded.crosswalks)))
    if fp.params is not None:
        declared = json.dumps(_declared(dataclasses.asdict(fp.params)), ensure_ascii=False,
                              indent=2, default=str)
        parts.append(f"## Parameters\n\nAs loaded from `references/{fp.locale}/footprints.json`"
                     " with defaults filled in and empty keys left out (the "
                     f"[{fp.method.value} contract](../../catalogue/methods.md#{fp.method.value})"
                     f" says what each key means):\n\n```json\n{declared}\n```\n")
    return "\n".join(parts)
