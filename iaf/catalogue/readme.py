"""The README that ``iaf init`` writes into a new catalogue: what was inferred from the release,
what to fill in, the recipe by which a card sentence becomes footprints, and, per footprint,
what attaching its reference takes. Text only; the same inputs give the same bytes."""

from __future__ import annotations

import json
from typing import Any

from iaf.catalogue.inference import InferredColumn, InferredSchema
from iaf.catalogue.recipe import Planned
from iaf.catalogue.sentences import Sentence

RECIPE = """\
| sentence (sentences.json) | footprint | method | reference table | counterfactual |
|---|---|---|---|---|
| `O` independent of `X` given `Y` (form `independence`) | `O_x_X_given_Y`, each X and Y | `location` | (X, Y, O, value) | the sentence itself: each X takes its Y's pooled O mix |
| | `O_x_X`, each X | `conditional` | (X, O, value) | O independent of X |
| | `O_x_Y`, each Y | `conditional` | (Y, O, value) | O independent of Y |
| `O` depends on `A`, `B` without interaction (form `no_interaction`) | `O_x_A`, each factor | `conditional` | (A, O, value) | O independent of A |
| | `O_x_A_x_B`, each pair | `interaction` | (A, B, O, value) | the table's own fit with no three-way term |
"""

MANIFEST = {
    "id": "<table id: lower-case letters, digits, _>",
    "title": "<the table's title>", "publisher": "<the statistics office>",
    "table_id": "<the publisher's table id>", "period": "<year or survey period>",
    "population_frame": "<whom the figures count, e.g. employed persons 15+>",
    "unit": "<persons, thousand persons, ...>", "url": "<where the table is published>",
    "licence": "<the publisher's terms>", "retrieved": "<date you copied it>",
    "evidence": "<primary or secondary, and where you saw it>",
    "provenance": {"kind": "primary", "official": "<url>", "seen": [{"url": "<url>"}]},
    "data_file": "<table id>.csv", "sha256": "<sha256sum of the csv>",
}


def _column_row(c: InferredColumn) -> str:
    if c.dtype is None:
        return ""
    declared = c.kind.value if c.kind.value != "demographic" else (
        "closed" if c.closed else "range" if c.min is not None else "open")
    values = f"{c.distinct:,}" if c.distinct is not None else "not counted"
    return f"| `{c.name}` | {c.arrow_type} | {declared} | {values} | {c.nulls:,} | {c.reason} |"


def _inferred(inferred: InferredSchema) -> list[str]:
    lines = ["| column | type | declared | distinct values | nulls | why |",
             "|---|---|---|---|---|---|"]
    lines += [row for c in inferred.columns if (row := _column_row(c))]
    if inferred.skipped:
        lines += ["", "Not declared (iaf audits string and integer columns only): "
                  + ", ".join(f"`{s}`" for s in inferred.skipped) + "."]
    nulls = [c.name for c in inferred.columns if c.nulls and c.kind.value == "demographic"]
    if nulls:
        lines += ["", "Columns with nulls: " + ", ".join(f"`{n}`" for n in nulls) + ". An audit "
                  "refuses nulls in the columns a footprint reads (exit 2): write the missing "
                  "value as a category of its own first."]
    return lines


def _block(data: Any) -> list[str]:
    return ["```json", json.dumps(data, ensure_ascii=False, indent=2), "```"]


def _footprint(p: Planned, locale: str) -> list[str]:
    table = f"ref_{p.id}"[:64]
    lines = [f"### `{p.id}`", "", f"{p.tests[0].upper()}{p.tests[1:]}. Method `{p.method.value}`;"
             f" reference table `tables/{table}.csv` with columns "
             + ", ".join(f"`{c}`" for c in p.table) + " (counts or weighted counts in `value`)."]
    if p.crosswalk:
        lines += ["", f"It maps `{p.params['crosswalk']['column']}` through "
                  f"`crosswalks/{p.crosswalk}.csv` (written as the identity where the release's "
                  "values are known: edit each target to the reference's category, then record "
                  "the new sha256 in its manifest)."]
    lines += ["", f"In `references/{locale}/footprints.json`, the entry becomes:", "",
              *_block(p.attached(table)),
              "", f"and the draft tolerances of `expectations/{locale}/{p.id}.json` "
              "(`meta.draft`) move into its `expectations`.", ""]
    return lines


def _sentences(sentences: tuple[Sentence, ...] | list[Sentence]) -> list[str]:
    if not sentences:
        return ["No sentence was given (`iaf init --sentence`): `sentences.json` holds a "
                "template. The card of this release was not found, or has none; until one is "
                "found its footprints are the marginals below, not card-anchored."]
    return [f"- `{s.disclosure}` ({s.form.value}): `{s.outcome}`, "
            f"{'independent of' if s.form.value == 'independence' else 'factors'} "
            + ", ".join(f"`{x}`" for x in s.independent_of)
            + (" given " + ", ".join(f"`{y}`" for y in s.given) if s.given else "")
            for s in sentences]


def render(inferred: InferredSchema, locale: str, release: str, planned: list[Planned],
           sentences: list[Sentence]) -> str:
    lines = [
        f"# iaf catalogue for {locale}: {release}", "",
        f"Written by `iaf init` from {inferred.rows:,} rows in {len(inferred.files)} file(s) "
        f"(split `{inferred.split}`). Everything here is declared data to review and edit; "
        "nothing is a verdict until a reference is attached.", "",
        "## Run it", "", "```sh", "iaf catalogue check .                # every problem at once",
        f"iaf audit RELEASE --locale {locale} --catalogue .", "```", "",
        f"All {len(planned)} footprints are `unevaluable` (\"no reference yet\"): the audit lists "
        "them, never as a pass, and checks the release against `schema.json` (a value outside "
        "a closed list is a new value and stops the audit, as for every locale; "
        "`--allow-new-values` admits it).", "",
        f"## What was inferred (`references/{locale}/schema.json`)", "", *_inferred(inferred),
        "", "## What to fill in", "",
        "1. **The card.** In `footprints.json`, `disclosures` quote the card. Paste its "
        "verbatim words, its address (`source`) and revision; while none is found they say so "
        "and `anchored` stays `false` (\"card not found\").",
        "2. **Its independence sentences** go in `sentences.json`, with this release's column "
        "names; `iaf catalogue check .` then lists each footprint the recipe below implies "
        "that `footprints.json` lacks, with the entry to add.",
        "3. **A reference per footprint**: put the official table in `references/"
        f"{locale}/tables/<id>.csv` (long format, a `value` column) beside `<id>.manifest.json`"
        " (below), replace the footprint's entry as its section says, move its draft "
        "tolerances into the suite, and narrow its `frame` to the table's population.", "",
        "A table's manifest (every field is required; `sha256` is the file's `sha256sum`):",
        "", *_block(MANIFEST), "",
        "## The recipe: a card sentence becomes footprints", "", RECIPE,
        "## Sentences declared", "", *_sentences(sentences), "",
        "## Footprints and what attaching a reference takes", "",
    ]
    for p in planned:
        lines += _footprint(p, locale)
    return "\n".join(lines).rstrip() + "\n"
