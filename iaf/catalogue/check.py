"""``iaf catalogue check``: every problem of a catalogue at once, every locale, before any release.

It loads each locale as an audit would (the loader's ``Problems``: invalid JSON, unknown keys,
missing files, checksums, suites) and goes on to the next locale whatever it finds; then it
holds each locale's ``sentences.json`` against the recipe (``iaf.catalogue.recipe``): a sentence
naming a column the schema lacks, or implying a footprint ``footprints.json`` does not declare,
is a problem that says what to add. Notes are not problems: suites still carrying ``iaf init``'s
unreviewed defaults, footprints with no reference yet, suites that no footprint reads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iaf.catalogue import NOT_EMPLOYED, UNMAPPED, LoadedFootprint
from iaf.catalogue.catalogue import Catalogue
from iaf.catalogue.footprints import Footprint, Method, safe_id
from iaf.catalogue.params import CrosswalkSpec
from iaf.catalogue.problems import Problems, listed
from iaf.catalogue.recipe import Planned, plan
from iaf.catalogue.references import filter_reference
from iaf.catalogue.schema import Dtype, LocaleSchema, load_schema
from iaf.catalogue.sentences import FILE, Sentence, load_sentences
from iaf.errors import Problem, SuiteError


@dataclass(frozen=True)
class LocaleCheck:
    locale: str
    problems: tuple[Problem, ...]
    notes: tuple[Problem, ...]
    footprints: int = 0
    unevaluable: int = 0


@dataclass(frozen=True)
class CatalogueCheck:
    root: Path
    locales: tuple[LocaleCheck, ...]
    problems: tuple[Problem, ...]  # of the catalogue as a whole (a folder that is no locale)

    @property
    def ok(self) -> bool:
        return not self.problems and not any(c.problems for c in self.locales)

    def lines(self) -> list[str]:
        out = [f"{p.text()}" for p in self.problems]
        for c in self.locales:
            head = (f"{c.locale}: {len(c.problems)} problem(s)" if c.problems else
                    f"{c.locale}: ok, {c.footprints} footprint(s), {c.unevaluable} of them "
                    "unevaluable")
            out += [head, *(f"  problem: {p.text()}" for p in c.problems),
                    *(f"  note: {p.text()}" for p in c.notes)]
        count = len(self.problems) + sum(len(c.problems) for c in self.locales)
        out.append("the catalogue loads: no problem found" if self.ok else
                   f"{count} problem(s): fix them and check again (exit 3)")
        return out


def _raw_footprints(root: Path, locale: str) -> dict[str, Any] | None:
    """footprints.json as it stands; None when it cannot be read (the loader has said why)."""
    try:
        raw = json.loads((root / "references" / locale / "footprints.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return raw if isinstance(raw, dict) else None


def _missing(planned: Planned, declared: dict[str, dict], where: Path, key: str,
             problems: Problems) -> None:
    entry = declared.get(planned.id)
    if entry is None:
        problems.add(where, key, f"the recipe implies footprint {planned.id!r} "
                                 f"({planned.method.value}, a table of "
                                 f"{', '.join(planned.table)}); footprints.json lacks it. Add "
                                 f"{json.dumps(planned.entry(), ensure_ascii=False)} and its "
                                 f"empty suite expectations/<locale>/{planned.id}.json")
    elif sorted(entry.get("attributes", [])) != sorted(planned.attributes):
        problems.add(where, key, f"footprint {planned.id!r} reads {entry.get('attributes')}, "
                                 f"the recipe {sorted(planned.attributes)}")


def _sentence_problems(root: Path, locale: str, columns: set[str], problems: Problems) -> None:
    """Each sentence's columns exist, its disclosure is declared, its footprints too."""
    folder = root / "references" / locale
    sentences: tuple[Sentence, ...] = load_sentences(folder, problems)
    raw = _raw_footprints(root, locale)
    if raw is None:  # what it declares is unknown: "add this footprint" would be a guess
        return
    disclosures = {d.get("id") for d in raw.get("disclosures", []) if isinstance(d, dict)}
    declared = {str(f.get("id")): f for f in raw.get("footprints", []) if isinstance(f, dict)}
    where = folder / FILE
    for i, sentence in enumerate(sentences):
        key = f"sentences[{i}]"
        unknown = [c for c in sentence.columns if c not in columns]
        if unknown:
            problems.add(where, key, f"names {unknown}, which schema.json does not declare")
            continue
        if sentence.disclosure not in disclosures:
            problems.add(where, f"{key}.disclosure", f"{sentence.disclosure!r} is not a "
                                                     "disclosure of footprints.json")
        for planned in plan(sentence):
            _missing(planned, declared, where, key, problems)


def _notes(catalogue: Catalogue, locale: str, problems: Problems) -> tuple[int, int]:
    entry = catalogue.locale(locale)
    for fp in entry.footprints:
        suite = entry.loaded[fp.id].suite
        if suite is not None and suite.expectations and suite.meta.get("reviewed") == "unreviewed":
            problems.add(suite.path, "meta.reviewed", "tolerances are iaf init's defaults, not "
                                                      "reviewed yet")
    for fp in entry.footprints:
        if fp.id in entry.loaded and not fp.unevaluable:
            _unmatched_targets(entry.loaded[fp.id], problems)
            _unmatched_values(entry.loaded[fp.id], entry.schema, problems)
    read = {fp.id for fp in entry.footprints}
    for path in sorted((catalogue.root / "expectations" / locale).glob("*.json")):
        if path.stem not in read:
            problems.add(path, "", "no footprint of footprints.json reads this suite")
    return len(entry.footprints), sum(1 for fp in entry.footprints if fp.unevaluable)


def _matched_columns(fp: Footprint) -> dict[str, str]:
    """Release column -> the reference column its values, or its crosswalk's targets, are
    matched against, per method (none for a method that matches otherwise)."""
    params, method = fp.params, fp.method
    ref: Any = getattr(params, "reference", None)
    if method in (Method.CONDITIONAL, Method.PARTIAL_CONDITIONAL):
        return {params.given: ref.given, params.outcome: ref.outcome}
    if method is Method.MARGINAL:
        return {params.column: params.reference_column}
    if method is Method.LOCATION:
        return {params.area: ref.area, params.sex: ref.sex, params.crosswalk.column: ref.group}
    if method is Method.FLATTENING:
        return {params.crosswalk.column: ref.group}
    if method is Method.INTERACTION:
        return {params.first: ref.first, params.second: ref.second, params.outcome: ref.outcome}
    return {}


def _published(loaded: LoadedFootprint[Any], column: str) -> set[str] | None:
    """The values of ``column`` in the rows of its reference the footprint reads."""
    data = loaded.reference().data
    if column not in data.columns:
        return None
    return set(filter_reference(data, loaded.footprint.row_filter())[column].astype(str))


def _unmatched_targets(loaded: LoadedFootprint[Any], notes: Problems) -> None:
    """A note naming the crosswalk targets (at the footprint's code level) that its reference
    lacks: rows mapped there have no figure. Expected where the reference publishes part of
    a taxonomy (ja_JP's LFS table: two industries); a typo otherwise (Managers -> Bosses),
    which fails a faithful release."""
    spec = getattr(loaded.footprint.params, "crosswalk", None)
    if not isinstance(spec, CrosswalkSpec):
        return
    column = _matched_columns(loaded.footprint).get(spec.column)
    published = _published(loaded, column) if column else None
    if published is None:
        return
    crosswalk = loaded.crosswalks[spec.id]
    targets = {t[:spec.level] if spec.level else t
               for v in ([spec.variant] if spec.variant else crosswalk.variants)
               for t in crosswalk.mapping(v).values() if t not in (NOT_EMPLOYED, UNMAPPED)}
    lacking = sorted(targets - published - set(spec.exclude))
    if lacking:
        notes.add(crosswalk.path, f"footprints[{loaded.footprint.id!r}]",
                  f"maps to {len(lacking)} value(s) that {loaded.reference().id}'s column "
                  f"{column!r} lacks: {listed(lacking)}; rows mapped there have no figure to be "
                  "compared with (expected where the table publishes part of the taxonomy, a "
                  "typo otherwise)")


def _unmatched_values(loaded: LoadedFootprint[Any], schema: LocaleSchema, notes: Problems
                      ) -> None:
    """A note naming the values of a closed release column, matched to the reference as they
    are (no crosswalk or recode; a marginal's bands and recodes left aside), that its table
    lacks: a spelling or case apart (North, north) is no figure."""
    fp = loaded.footprint
    mapped = {getattr(getattr(fp.params, key, None), "column", None)
              for key in ("crosswalk", "recode")}
    for release, column in _matched_columns(fp).items():
        spec = schema.columns.get(release)
        if fp.method is Method.MARGINAL or release in mapped or spec is None or not (
                spec.closed or spec.dtype is Dtype.INTEGER):
            continue
        published = _published(loaded, column)
        declared = spec.values or range(spec.min or 0, (spec.max or 0) + 1)  # both: schema
        lacking = [str(v) for v in declared if str(v) not in (published or {str(v)})]
        if lacking:
            notes.add(loaded.reference().path, f"footprints[{fp.id!r}]", (
                f"column {column!r} lacks {len(lacking)} value(s) of the release's {release!r}: "
                f"{listed(lacking)}; rows with them have no figure (expected where the table "
                "covers part of the column, a spelling or case apart otherwise)")
                if len(lacking) < len(declared) else
                f"column {column!r} has none of the release's {release!r} values (it has "
                f"{listed(sorted(published or ()), 3)}): no row can be compared; a crosswalk "
                "or recode is needed")


def _locale(catalogue: Catalogue, locale: str) -> LocaleCheck:
    problems, notes = Problems(catalogue.root), Problems(catalogue.root)
    counts = (0, 0)
    try:
        counts = _notes(catalogue, locale, notes)
    except SuiteError as error:
        problems.found.extend(error.problems)
    schema = load_schema(catalogue.root / "references" / locale, locale,
                         Problems(catalogue.root))  # its defects are noted above already
    if schema is not None:
        _sentence_problems(catalogue.root, locale, set(schema.columns), problems)
    unique = tuple(dict.fromkeys(problems.found))
    return LocaleCheck(locale, unique, tuple(notes.found), *counts)


def check(root: Path, locales: list[str] | None = None) -> CatalogueCheck:
    """Every problem of the catalogue at ``root`` (of ``locales``, or all of them)."""
    catalogue = Catalogue(root)
    whole = Problems(catalogue.root)
    folders = sorted(p.name for p in (catalogue.root / "references").iterdir() if p.is_dir())
    for name in folders:
        if name not in catalogue.locales():
            whole.add(catalogue.root / "references" / name, "schema.json",
                      "missing: a locale folder needs its schema (iaf init writes one)")
        elif not safe_id(name.lower()):
            whole.add(catalogue.root / "references" / name, "", "a locale is letters, digits, _")
    suites = catalogue.root / "expectations"
    for path in sorted(p for p in suites.iterdir() if p.is_dir()) if suites.is_dir() else ():
        if path.name not in folders:
            whole.add(path, "", "suites of a locale that references/ does not declare")
    if not folders:
        whole.add(catalogue.root / "references", "", "declares no locale: a catalogue has a "
                  "folder per locale with its schema.json (iaf init writes one)")
    chosen = locales or list(catalogue.locales())
    return CatalogueCheck(catalogue.root, tuple(_locale(catalogue, loc) for loc in chosen),
                          tuple(whole.found))
