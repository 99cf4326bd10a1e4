"""The catalogue: everything declared, loaded and validated once, before any release is read.

``Catalogue(root)`` reads ``root/references/<locale>/`` (schema and value lists, footprints,
reference tables, crosswalks) and ``root/expectations/<locale>/`` (GX suites). A locale is
loaded whole on first use and every defect of it is collected into one ``SuiteError`` (exit 3).
Each footprint is then loaded with the inputs it reads (a ``LoadedFootprint``), so evaluators
never touch a file.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from iaf.catalogue.crosswalks import Crosswalk, band_bounds, load_crosswalk, numeric
from iaf.catalogue.footprints import METHODS, Footprint, Method, load_footprints, safe_id
from iaf.catalogue.params import named_columns
from iaf.catalogue.problems import Problems, listed
from iaf.catalogue.references import Reference, filter_reference, load_table
from iaf.catalogue.schema import ColumnSpec, Dtype, LocaleSchema, load_schema
from iaf.catalogue.suites import Suite, load_suite
from iaf.checksums import sha256_file
from iaf.errors import OutputError, SuiteError, UsageError
from iaf.paths import default_locale, locales_in, suite_root
from iaf.results import Role

PARTS = ("references", "expectations")
P = TypeVar("P")  # a method's params type (footprints.METHODS)


@dataclass(frozen=True)
class LoadedFootprint(Generic[P]):
    """A footprint with everything it reads, loaded: references (by id), crosswalks, suite.
    An evaluator receives its method's params: ``LoadedFootprint[ConditionalParams]``."""

    footprint: Footprint
    tables: Mapping[str, Reference]
    crosswalks: Mapping[str, Crosswalk]
    suite: Suite | None  # None only for an unevaluable footprint
    titles: Mapping[str, str] = field(default_factory=dict)  # code -> title (params.code_titles)

    @property
    def params(self) -> P:
        return cast(P, self.footprint.params)

    def reference(self, index: int = 0) -> Reference:
        return self.tables[self.footprint.references[index]]

    def titled(self, code: str) -> str:
        """'4' -> '4 서비스 종사자' when the footprint names a code list."""
        title = self.titles.get(code)
        return f"{code} {title}" if title else code

    def detect(self) -> dict[str, float]:
        """The suite's declared minimum effects: metric -> the value a check must catch."""
        if self.suite is None:
            return {}
        return {e.metric: e.detect for e in self.suite.expectations if e.detect is not None}

    def variants(self) -> list[tuple[str, Role]]:
        """(variant, role) pairs of the footprint's crosswalk, primary first; a variant that
        changes the frame rather than the mapping has the role FRAME."""
        spec = getattr(self.params, "crosswalk", None)
        if spec is None or isinstance(spec, str):
            return [("all", Role.PRIMARY)]
        crosswalk = self.crosswalks[spec.id]
        out = [(v, Role.PRIMARY if i == 0 else Role.FRAME if v in crosswalk.frame_variants
                else Role.VARIANT) for i, v in enumerate(crosswalk.variants)]
        recode = getattr(self.params, "recode", None)
        if recode is not None and not isinstance(recode, str):  # its own mapping variants
            out += [(v, Role.VARIANT) for v in self.crosswalks[recode.id].variants[1:]
                    if v not in crosswalk.variants]
        return out

    def mapping(self, crosswalk_id: str, variant: str) -> Mapping[str, str]:
        """A crosswalk's mapping for the view ``variant`` (Crosswalk.variant_for)."""
        crosswalk = self.crosswalks[crosswalk_id]
        return crosswalk.mapping(crosswalk.variant_for(variant))


@dataclass(frozen=True)
class LocaleCatalogue:
    schema: LocaleSchema
    footprints: tuple[Footprint, ...]
    loaded: Mapping[str, LoadedFootprint[Any]]

    def select(self, ids: list[str] | None = None) -> tuple[Footprint, ...]:
        if not ids:
            return self.footprints
        known = {f.id: f for f in self.footprints}
        return tuple(known[i] for i in self.footprint_ids(ids))

    def footprint_ids(self, given: Sequence[str]) -> list[str]:
        """The footprint ids given, bare or as `iaf footprints` lists them (``ko_KR/...``);
        an id of no footprint of this locale is a usage error."""
        prefix = f"{self.schema.locale}/"
        ids = [i.removeprefix(prefix) for i in given]
        known = [f.id for f in self.footprints]
        unknown = [g for g, i in zip(given, ids) if i not in known]
        if unknown:
            raise UsageError(f"Unknown footprint(s) {unknown} for {self.schema.locale}. "
                             f"Valid: {', '.join(known)}")
        return ids

    def table(self, table_id: str) -> Reference:
        """A reference table some footprint of the locale reads (for the generators)."""
        found = [b.tables[table_id] for b in self.loaded.values() if table_id in b.tables]
        if not found:
            raise UsageError(f"No footprint of {self.schema.locale} reads table {table_id!r}")
        return found[0]

    def crosswalk(self, crosswalk_id: str) -> Crosswalk:
        found = [b.crosswalks[crosswalk_id] for b in self.loaded.values()
                 if crosswalk_id in b.crosswalks]
        if not found:
            raise UsageError(f"No footprint of {self.schema.locale} uses crosswalk "
                             f"{crosswalk_id!r}")
        return found[0]


class Catalogue:
    """The declared audit: the shipped one (``Catalogue.shipped()``) or a user's folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        if not (self.root / "references").is_dir():
            raise SuiteError(f"not a catalogue: no references/ folder in {self.root} (make one "
                             "with `iaf catalogue export DIR`)", file=str(self.root))
        self._locales: dict[str, LocaleCatalogue] = {}

    @staticmethod
    @lru_cache(maxsize=1)
    def shipped() -> Catalogue:
        return Catalogue(suite_root())

    @property
    def label(self) -> str:
        return "shipped" if self.root == suite_root().resolve() else str(self.root)

    def digest(self) -> str:
        """sha256 over every file of the catalogue (its path and bytes), in a stable order: what
        a report records so that a gate can be reproduced from its artefacts."""
        total = hashlib.sha256()
        for part in PARTS:
            for path in sorted((self.root / part).rglob("*")):
                inside = path.resolve().is_relative_to(self.root)  # a symlink out is not read
                if inside and path.is_file() and "__pycache__" not in path.parts:
                    name = path.relative_to(self.root).as_posix()
                    total.update(f"{name}\0{sha256_file(path)}\n".encode())
        return total.hexdigest()

    def locales(self) -> tuple[str, ...]:
        return locales_in(self.root)

    def default_locale(self) -> str:
        return default_locale(self.root)

    def check_locale(self, locale: str) -> str:
        valid = self.locales()
        if not isinstance(locale, str):  # None from Python, say: no folder to look for
            raise UsageError(f"A locale is a name such as {valid[0] if valid else 'ko_KR'}, "
                             f"not {locale!r}. Valid: {', '.join(valid)}")
        if locale not in valid and (self.root / "references" / locale).is_dir():
            raise SuiteError("a locale folder without its schema.json", file=str(
                self.root / "references" / locale / "schema.json"))
        if not valid:
            raise SuiteError("not a catalogue: references/ declares no locale (a folder with "
                             "a schema.json)", file=str(self.root / "references"))
        if locale not in valid:
            raise UsageError(f"Unknown locale {locale!r}. Valid: {', '.join(valid)}")
        return locale

    def locale(self, locale: str) -> LocaleCatalogue:
        if locale not in self._locales:
            self._locales[locale] = self._load(self.check_locale(locale))
        return self._locales[locale]

    def _load(self, locale: str) -> LocaleCatalogue:
        problems = Problems(self.root)
        directory = self.root / "references" / locale
        schema = load_schema(directory, locale, problems)
        footprints = load_footprints(directory, locale, problems)
        files_read: dict[tuple[str, str], Any] = {}  # each table and crosswalk read once
        loaded = {fp.id: self._bind(fp, schema, problems, files_read) for fp in footprints}
        problems.raise_if_any()
        assert schema is not None  # noted as a problem above otherwise
        return LocaleCatalogue(schema, footprints, {k: b for k, b in loaded.items() if b})

    def _bind(self, fp: Footprint, schema: LocaleSchema | None, problems: Problems,
              files_read: dict[tuple[str, str], Any]) -> LoadedFootprint[Any] | None:
        directory = self.root / "references" / fp.locale
        where = directory / "footprints.json"
        before = len(problems.found)
        if schema is not None:
            for column in fp.scan_columns():
                if column not in schema.columns:
                    problems.add(where, f"footprints[{fp.id!r}]",
                                 f"reads column {column!r}, which schema.json does not declare")
        unsafe = [i for i in (*fp.table_ids(), *fp.crosswalk_ids()) if not safe_id(i)]
        for name in unsafe:
            problems.add(where, f"footprints[{fp.id!r}]", f"names a table or crosswalk {name!r:.80}"
                                                         ": ids are lower-case letters, digits, _")
        if unsafe:
            return None
        for t in fp.table_ids():
            if ("table", t) not in files_read:
                files_read["table", t] = load_table(directory / "tables", t, problems)
        for c in fp.crosswalk_ids():
            if ("crosswalk", c) not in files_read:
                files_read["crosswalk", c] = load_crosswalk(directory / "crosswalks", c, problems)
        tables = {t: files_read["table", t] for t in fp.table_ids()}
        crosswalks = {c: self._typed(files_read["crosswalk", c], schema, directory, problems)
                      for c in fp.crosswalk_ids()}
        self._check_crosswalk_spec(fp, crosswalks, where, problems)
        self._check_frame(fp, schema, where, problems)
        self._check_columns(fp, tables, where, problems)
        self._check_figures(fp, tables, problems)
        self._check_bands(fp, tables, where, problems)
        metrics = METHODS[fp.method].metrics if fp.method else ()
        path = self.root / "expectations" / fp.locale / f"{fp.id}.json"
        suite = load_suite(path, fp.test_id, metrics, not fp.unevaluable, problems)
        if suite and suite.expectations and not METHODS[fp.method].counterfactual and not any(
                e.detect is not None for e in suite.expectations):
            problems.add(path, "expectations", f"method {fp.method.value} has no counterfactual "
                                               "of its own: declare meta.detect (the minimum "
                                               "effect a check must catch) on at least one check")
        if len(problems.found) > before:
            return None
        found = {k: v for k, v in tables.items() if v is not None}
        codes = getattr(fp.params, "code_titles", None)
        titles = dict(zip(found[codes].data["code"], found[codes].data["title"])) \
            if codes else {}
        return LoadedFootprint(fp, found, {k: v for k, v in crosswalks.items() if v is not None},
                               suite, titles)

    @staticmethod
    def _typed(crosswalk: Crosswalk | None, schema: LocaleSchema | None, directory: Path,
               problems: Problems) -> Crosswalk | None:
        """A crosswalk of an integer column (age) keyed by integers: its release values are
        intervals (20-24, 85+), checked against the column's declared range."""
        if crosswalk is None or schema is None or crosswalk.column not in schema.columns:
            return crosswalk
        spec = schema.column(crosswalk.column)
        if spec.dtype is not Dtype.INTEGER:
            return _covering(crosswalk, spec, directory, problems)
        typed, found = numeric(crosswalk, spec.min or 0, spec.max or 0)
        for message in found:
            problems.add(directory / "crosswalks" / f"{crosswalk.id}.csv", "", message)
        return None if found else typed

    @staticmethod
    def _check_frame(fp: Footprint, schema: LocaleSchema | None, where: Path,
                     problems: Problems) -> None:
        """The frame's ages are a range some release row can fall in (min_age 200, or above
        max_age, left the footprint inconclusive for "no rows", as if the release lacked them)."""
        low, high = fp.frame.min_age, fp.frame.max_age
        if (low, high) == (None, None):
            return
        spec = schema.columns.get("age") if schema is not None else None
        declared = (spec.min, spec.max) if spec is not None else (None, None)
        lows = [v for v in (low, declared[0]) if v is not None]
        highs = [v for v in (high, declared[1]) if v is not None]
        if lows and highs and max(lows) > min(highs):
            problems.add(where, f"footprints[{fp.id!r}].frame",
                         f"ages {_ages(low, high)} hold no release row (the schema's ages: "
                         f"{_ages(*declared)})")

    @staticmethod
    def _check_columns(fp: Footprint, tables: Mapping[str, Reference | None], where: Path,
                       problems: Problems) -> None:
        """Every column the params name exists: a release column among those the footprint
        reads, a reference column in its reference tables."""
        reads = fp.scan_columns()
        known = {c for r in fp.references if tables.get(r) is not None
                 for c in tables[r].data.columns}  # type: ignore[union-attr]
        for key, side, column in named_columns(fp.params):
            if side == "release" and column not in reads:
                problems.add(where, f"footprints[{fp.id!r}].params.{key}",
                             f"names release column {column!r:.80}, which the footprint does "
                             f"not read (it reads {', '.join(reads)})")
            elif side == "reference" and known and column not in known:
                problems.add(where, f"footprints[{fp.id!r}].params.{key}",
                             f"names column {column!r:.80}, which its reference tables lack "
                             f"(they have {', '.join(sorted(known))})")

    @staticmethod
    def _check_figures(fp: Footprint, tables: Mapping[str, Reference | None],
                      problems: Problems) -> None:
        """Every table the footprint sums has its figures in a ``value`` column; a blank value
        (a suppressed cell) in the rows it reads would be summed as 0 by every method but the
        one that leaves it out (Footprint.suppression_read): refused, naming its rows."""
        allowed = fp.suppression_read()
        for table_id, table in tables.items():
            if table is None or table_id == getattr(fp.params, "code_titles", None):
                continue
            if "value" not in table.data.columns and METHODS[fp.method].figures_only:
                problems.add(table.path, "value", f"no 'value' column, which footprint {fp.id!r} "
                             f"reads (the columns: {', '.join(table.data.columns)})")
                continue
            if table_id in allowed or "value" not in table.data.columns:
                continue
            read = (filter_reference(table.data, fp.row_filter()) if table_id in
                    (*fp.references, *getattr(fp.params, "vintages", ())) else table.data)
            blank = [int(i) + 2 for i in read.index[read["value"].isna()]]
            if blank:
                problems.add(table.path, "value",
                             f"{len(blank)} blank (suppressed) value(s), row(s) "
                             f"{listed(blank)}: footprint "
                             f"{fp.id!r} ({fp.method.value}) would count a blank as 0; give "
                             "every figure, or leave the suppressed rows out of the table")

    @staticmethod
    def _check_bands(fp: Footprint, tables: Mapping[str, Reference | None], where: Path,
                     problems: Problems) -> None:
        """A marginal parses age bands in the rows it reads (params.where): its reference's
        ``age_band`` under a frame's age floor, and the column it pools into its own
        ``params.bands``. Each must be an interval of integers (20-24, 85+); a pooled one must
        lie inside one of the bands (20-29 would be counted as 20-24)."""
        if fp.method is not Method.MARGINAL or fp.params is None:  # None: unevaluable
            return
        params, min_age = fp.params, fp.frame.min_age
        own = {b: _interval(b) for b in params.bands}
        if None in own.values():
            problems.add(where, f"footprints[{fp.id!r}].params.bands", "not an interval of "
                         f"integers: {listed([b for b, v in own.items() if v is None])}")
            return
        table = tables.get(fp.references[0])
        if table is None:
            return
        read = filter_reference(table.data, params.where)
        parsed = [c for c in dict.fromkeys(
            ["age_band"] * (min_age is not None) + [params.reference_column] * bool(own))
            if c in read.columns]
        for column in parsed:
            labels = {str(v): _interval(str(v)) for v in read[column].unique()}
            bad = [label for label, bounds in labels.items() if bounds is None]
            if bad:
                problems.add(table.path, column, f"not an interval of integers (20-24, 85+ or "
                                                 f"19): {listed(bad)}")
                continue
            if column != params.reference_column or not own:
                continue
            spans = [b for b in own.values() if b is not None]
            outside = [label for label, bounds in labels.items() if bounds is not None
                       and (min_age is None or bounds[0] >= min_age)
                       and not any(low <= bounds[0] and bounds[1] <= high for low, high in spans)]
            if outside:
                problems.add(table.path, column, f"{listed(outside)} lie(s) in none of "
                             f"footprint {fp.id!r}'s bands ({', '.join(own)})")

    @staticmethod
    def _check_crosswalk_spec(fp: Footprint, crosswalks: Mapping[str, Crosswalk | None],
                              where: Path, problems: Problems) -> None:
        spec = getattr(fp.params, "crosswalk", None)
        if spec is None or isinstance(spec, str):
            return
        crosswalk = crosswalks.get(spec.id)
        if crosswalk is None:
            return
        key = f"footprints[{fp.id!r}].params.crosswalk"
        if crosswalk.column != spec.column:
            problems.add(where, key, f"crosswalk {spec.id!r} maps {crosswalk.column!r}, "
                                     f"not {spec.column!r}")
        if spec.variant and spec.variant not in crosswalk.variants:
            problems.add(where, f"{key}.variant", f"crosswalk {spec.id!r} has variants "
                                                  f"{list(crosswalk.variants)}")

    def export(self, destination: Path, locales: Sequence[str] | None = None) -> Path:
        """Copy this catalogue's references/ and expectations/ (of ``locales``, or all of
        them) into ``destination``, a new or empty folder."""
        destination = Path(destination)
        if destination.exists() and not destination.is_dir():
            raise OutputError("this is a file; export into a new or empty folder",
                              path=str(destination))
        if destination.exists() and any(destination.iterdir()):
            raise OutputError("the folder is not empty; export into a new or empty folder",
                              path=str(destination))
        try:
            for part in PARTS:
                for locale in locales or self.locales():
                    shutil.copytree(self.root / part / locale, destination / part / locale,
                                    ignore=shutil.ignore_patterns("__pycache__"))
        except OSError as exc:
            raise OutputError(f"cannot write the catalogue ({exc.strerror})",
                              path=str(destination)) from None
        return destination


def _ages(low: int | None, high: int | None) -> str:
    return ("any" if high is None else f"up to {high}") if low is None else \
        f"{low}+" if high is None else f"{low}-{high}"


def _covering(crosswalk: Crosswalk, spec: ColumnSpec, directory: Path, problems: Problems
              ) -> Crosswalk | None:
    """A crosswalk keyed by a closed column's values names every one of them: a value left
    out would be unmapped unseen (an empty target says so on purpose). One keyed otherwise
    (a recode of codes) is not checked."""
    keys = crosswalk.targets[crosswalk.variants[0]].keys()
    if not spec.values or not set(keys) & set(spec.values):
        return crosswalk
    missing = [v for v in spec.values if v not in keys]
    if missing:
        problems.add(directory / "crosswalks" / f"{crosswalk.id}.csv", "release_value",
                     f"lacks {len(missing)} value(s) of {spec.name}'s value list: "
                     f"{', '.join(map(repr, missing[:5]))}{' ...' if len(missing) > 5 else ''}"
                     " (give each a row; an empty target counts it unmapped)")
    return None if missing else crosswalk


def _interval(label: str) -> tuple[int, float] | None:
    """``band_bounds(label)``, or None for a label that is no interval."""
    try:
        return band_bounds(label)
    except ValueError:
        return None
