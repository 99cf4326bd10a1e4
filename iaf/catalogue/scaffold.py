"""Write a catalogue for a release iaf has never seen: what ``iaf init`` leaves in OUT.

From an inferred schema (``iaf.catalogue.inference``) and the card's sentences, if any:

- ``references/<locale>/schema.json``, its value lists (value, count) and manifest;
- ``references/<locale>/footprints.json``: a marginal footprint for each closed column (and
  age), and every footprint the card's sentences imply (``iaf.catalogue.recipe``), each
  ``unevaluable`` ("no reference yet") until a reference is attached, never a pass;
- ``references/<locale>/sentences.json``: the sentences as data, with a template;
- ``references/<locale>/crosswalks/<outcome>_groups.csv``: the identity mapping of each
  sentence's outcome whose values are known, to edit onto the reference's categories;
- ``expectations/<locale>/<footprint>.json``: empty suites carrying default tolerances as
  ``meta.draft``, marked unreviewed;
- ``README.md``: what was inferred and what to fill in.

The catalogue is written to a temporary folder beside OUT, loaded once as an audit would load
it, then moved into place: a failed ``iaf init`` leaves nothing half-written.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iaf.catalogue.catalogue import Catalogue
from iaf.catalogue.inference import InferredColumn, InferredSchema
from iaf.catalogue.readme import render
from iaf.catalogue.recipe import DRAFTS, Planned, crosswalk_id, marginal, plan, safe
from iaf.catalogue.schema import ColumnKind, Dtype, write_schema_manifest
from iaf.catalogue.sentences import FILE, Sentence, parse
from iaf.checksums import sha256_file
from iaf.errors import OutputError, UsageError

NOT_FOUND = "card not found"
LOCALE = re.compile(r"[A-Za-z][A-Za-z0-9]{0,15}(_[A-Za-z0-9]{1,16}){0,3}")
TEMPLATE = {"disclosure": "card", "form": "independence", "outcome": "occupation",
            "independent_of": ["education_level"], "given": ["region", "sex"],
            "note": "an example of the shape: 'occupations are independent of education given "
                    "region and sex'; copy it into sentences, with your release's columns"}


@dataclass(frozen=True)
class Card:
    """What is known of the release's dataset card: its address and revision ('' when no card
    was found) and its independence sentences, written with the release's column names."""

    source: str = ""
    revision: str = ""
    sentences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scaffolded:
    folder: Path
    locale: str
    planned: tuple[Planned, ...]
    sentences: tuple[Sentence, ...]


def _json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _column_spec(column: InferredColumn, lists: dict[str, str]) -> dict[str, Any]:
    spec: dict[str, Any] = {"dtype": column.dtype.value}  # type: ignore[union-attr]
    if column.kind is not ColumnKind.DEMOGRAPHIC:
        return spec | {"kind": column.kind.value}
    if column.dtype is Dtype.INTEGER:
        return spec | {"min": column.min, "max": column.max}
    if column.closed:
        return spec | {"values": lists[column.name]}
    return spec


def _value_lists(inferred: InferredSchema) -> dict[str, str]:
    """column -> its value list's path in the locale folder (file names kept unique)."""
    out: dict[str, str] = {}
    for column in (c for c in inferred.columns if c.closed):
        stem, n = safe(column.name), 2
        while f"values/{stem}.csv" in out.values():
            stem, n = f"{safe(column.name)}_{n}", n + 1
        out[column.name] = f"values/{stem}.csv"
    return out


def write_schema(folder: Path, inferred: InferredSchema, locale: str, release: str) -> None:
    lists = _value_lists(inferred)
    for column in (c for c in inferred.columns if c.closed):
        _csv(folder / lists[column.name], ["value", "count"], [list(v) for v in column.counts])
    _json(folder / "schema.json", {
        "locale": locale, "release": release, "split": inferred.split,
        "describes": {"version": f"inferred by iaf init from {inferred.rows:,} rows in "
                                 f"{len(inferred.files)} file(s)", "commit": inferred.revision},
        "values_source": "iaf init: each value list is what this release holds, with its "
                         "counts; review it (a value list is data: add the values a later "
                         "release may hold, then record the checksums)",
        "columns": {c.name: _column_spec(c, lists) for c in inferred.columns if c.dtype},
    })
    write_schema_manifest(folder)


def _disclosures(card: Card, sentences: list[tuple[str, str]]) -> list[dict[str, Any]]:
    source = card.source or f"{NOT_FOUND} (iaf init was given no card address)"
    revision = card.revision or "card text not available"
    grounding = {"id": "grounding", "anchored": False, "source": source, "revision": revision,
                 "quote": "(iaf init: no card text yet; paste the card's statement of the "
                          "official statistics the release is grounded in)",
                 "note": "The marginal footprints check what the release claims to be grounded "
                         "in; not card-anchored until the quote is the card's own words."}
    out = [grounding]
    for key, text in sentences:
        out.append({"id": key, "anchored": bool(card.source), "source": source,
                    "revision": revision, "quote": text,
                    "note": "iaf init: the sentence as given to --sentence, with the release's "
                            "column names; replace the quote with the card's verbatim words"})
    return out


def _sentences(card: Card, inferred: InferredSchema) -> list[tuple[str, Sentence]]:
    keys = ["card"] if len(card.sentences) == 1 else [f"card_{i + 1}"
                                                      for i in range(len(card.sentences))]
    parsed = [(text, parse(text, key)) for key, text in zip(keys, card.sentences)]
    usable = {c.name for c in inferred.columns if c.kind is ColumnKind.DEMOGRAPHIC and c.dtype}
    for text, sentence in parsed:
        unknown = [c for c in sentence.columns if c not in usable]
        if unknown:
            raise UsageError(f"The sentence {text!r} names {', '.join(map(repr, unknown))}, "
                             f"which the release has no demographic column for. Columns: "
                             f"{', '.join(sorted(usable))}")
    return parsed


def _plans(inferred: InferredSchema, sentences: list[Sentence]) -> list[Planned]:
    ages = [c for c in inferred.columns if c.name == "age" and c.dtype is Dtype.INTEGER
            and c.distinct and c.distinct > 1]
    out = [marginal(c.name, "grounding", (c.min, c.max)) for c in ages]  # type: ignore[arg-type]
    out += [marginal(c.name, "grounding") for c in inferred.columns
            if c.closed and c.kind is ColumnKind.DEMOGRAPHIC and (c.distinct or 0) > 1]
    for sentence in sentences:
        out += plan(sentence)
    unique: dict[str, Planned] = {}
    for planned in out:
        unique.setdefault(planned.id, planned)
    if not unique:
        raise UsageError("Nothing to declare: the release has no column with a closed value "
                         "list (and no age), and no --sentence was given")
    return list(unique.values())


def _identity_crosswalks(folder: Path, inferred: InferredSchema, sentences: list[Sentence]
                         ) -> None:
    for outcome in dict.fromkeys(s.outcome for s in sentences):
        column = inferred.column(outcome)
        if not column.closed:
            continue  # its values are not all known: the user writes this crosswalk
        path = folder / "crosswalks" / f"{crosswalk_id(outcome)}.csv"
        _csv(path, ["release_value", "all", "note"],
             [[v, v, "iaf init: identity; map it onto the reference's category"]
              for v, _ in column.counts])
        _json(path.with_suffix(".manifest.json"), {
            "id": crosswalk_id(outcome), "column": outcome, "variants": ["all"],
            "description": f"{outcome} onto the reference's categories (written by iaf init as "
                           "the identity: edit the targets, then record the new sha256)",
            "generated_by": "iaf init", "sha256": sha256_file(path)})


def _suite(locale: str, planned: Planned) -> dict[str, Any]:
    return {"name": f"{locale}/{planned.id}", "expectations": [], "meta": {
        "locale": locale, "footprint": planned.id, "reviewed": "unreviewed",
        "note": "iaf init: empty while the footprint has no reference (the suite of an "
                "unevaluable footprint must be empty). When you attach the reference, move "
                "meta.draft into expectations and review each tolerance.",
        "draft": DRAFTS[planned.method]}}


def _target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise OutputError("this is a file; iaf init writes a new or empty folder", path=str(out))
    if out.is_dir() and any(out.iterdir()):
        raise OutputError("the folder is not empty; iaf init writes a new or empty folder",
                          path=str(out))


def _write(root: Path, inferred: InferredSchema, locale: str, release: str, card: Card,
           parsed: list[tuple[str, Sentence]], planned: list[Planned]) -> None:
    folder = root / "references" / locale
    write_schema(folder, inferred, locale, release)
    sentences = [s for _, s in parsed]
    _json(folder / "footprints.json", {
        "locale": locale,
        "disclosures": _disclosures(card, [(s.disclosure, t) for t, s in parsed]),
        "footprints": [p.entry() for p in planned]})
    _json(folder / FILE, {"locale": locale,
                          "note": "Each card sentence read with the release's column names; "
                                  "the recipe (README.md) turns each into footprints, and "
                                  "`iaf catalogue check` says which are missing.",
                          "sentences": [s.entry() for s in sentences], "template": TEMPLATE})
    _identity_crosswalks(folder, inferred, sentences)
    for part in ("tables", "crosswalks"):  # where the references and mappings will go
        (folder / part).mkdir(exist_ok=True)
    for p in planned:
        _json(root / "expectations" / locale / f"{p.id}.json", _suite(locale, p))
    (root / "README.md").write_text(render(inferred, locale, release, planned, sentences),
                                    encoding="utf-8")


def scaffold(inferred: InferredSchema, locale: str, out: Path, card: Card = Card(),
             release: str = "") -> Scaffolded:
    """Write the catalogue of ``inferred`` as ``locale`` into ``out`` (a new or empty folder)."""
    out = Path(out)
    if not LOCALE.fullmatch(locale):
        raise UsageError(f"A locale names a folder: letters and digits joined by _, such as "
                         f"de_DE or gb_county, got {locale!r:.80}")
    _target(out)
    parsed = _sentences(card, inferred)
    planned = _plans(inferred, [s for _, s in parsed])
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".iaf-init-", dir=out.parent))
    except OSError as exc:
        raise OutputError(f"cannot write the catalogue ({exc.strerror})", path=str(out)) from None
    try:
        _write(staging, inferred, locale, release or inferred.label, card, parsed, planned)
        Catalogue(staging).locale(locale)  # loads as an audit would, or says why not
        if out.is_dir():
            out.rmdir()  # empty, checked above
        staging.rename(out)
    except OSError as exc:
        raise OutputError(f"cannot write the catalogue ({exc.strerror})", path=str(out)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Scaffolded(out, locale, tuple(planned), tuple(s for _, s in parsed))
