"""Identity: every id unique, and no persona a copy of another.

A release whose rows were copied (a shard written twice, a sampler that repeats, rows padded to a
size) keeps every marginal and joint the other footprints check, and passes them. This method
counts the rows that repeat an earlier row (iaf.duplicates, found in the one scan): of each id
column, and of the persona (the footprint's other columns together: its text and its
attributes). A persona's text is written for it alone, so two rows with one text and the same
attributes are a copy; attributes alone coincide by chance in large releases, which is why the
text is read. Both must be 0 in a faithful release: a declared share of copies must be caught.
"""

from __future__ import annotations

from iaf import noise
from iaf.catalogue import LoadedFootprint
from iaf.catalogue.params import IdentityParams
from iaf.duplicates import Found
from iaf.results import Cell, Evaluation, Role, View
from iaf.tables import Tables


def _cells(kind: str, found: Found) -> list[Cell]:
    return [Cell(f"{kind}: row {repeat:,} repeats row {first:,} (counting from 0 across the "
                 "release's files in order)", rows=1)
            for first, repeat in found.examples]


def evaluate(loaded: LoadedFootprint[IdentityParams], tables: Tables) -> Evaluation:
    params = loaded.params
    columns = loaded.footprint.scan_columns()
    persona = tuple(c for c in columns if c != params.id_column)
    ids = tables.repeats.get((params.id_column,))
    personas = tables.repeats.get(persona)
    if ids is None or personas is None:
        have = {c for dims in [*tables.repeats, tables.columns] for c in dims}
        lacking = [c for c in columns if c not in have]
        return Evaluation(inconclusive=f"the table lacks {', '.join(lacking)} (demographic "
                                       "columns only?): copies cannot be looked for")
    if not ids.rows:
        return Evaluation(inconclusive="the release has no rows to compare")
    values = {"duplicate_ids": float(ids.duplicates),
              "duplicate_id_share": ids.duplicates / ids.rows,
              "duplicate_personas": float(personas.duplicates),
              "duplicate_persona_share": personas.duplicates / personas.rows,
              "rows": float(ids.rows)}
    rows = {"duplicate_id_share": ids.rows, "duplicate_persona_share": personas.rows}
    bands = {m: {"below": 0.0, "above": 0.0, "sd": 0.0} for m in values}
    view = View("main", Role.PRIMARY, values, bands,
                tuple(_cells(params.id_column, ids) + _cells("persona", personas)),
                frame_rows=ids.rows, counterfactual=noise.proportion(loaded.detect(), rows))
    notes = (f"The persona is read as {', '.join(c for c in columns if c != params.id_column)}: "
             f"{params.why}",)
    return Evaluation(views=(view,), notes=notes)
