"""The declared schema of a locale's release: column names, dtypes and allowed values.

``references/<locale>/schema.json`` lists every column. A string column either names a value
list (a closed set: anything else is an error) or has none (an open set: values are accepted
and whatever a crosswalk cannot map is reported as unmapped mass). Integer columns carry a range.
Text and id columns are declared for the generators and are never read by an audit.
``schema.manifest.json`` beside it records the sha256 of schema.json and of every value list,
so a value appended to a list (a third sex) is refused like a changed reference figure.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from iaf.catalogue.problems import Problems, listed
from iaf.checksums import sha256_file
from iaf.errors import UsageError


class Dtype(str, Enum):
    STRING = "string"
    INTEGER = "integer"


class ColumnKind(str, Enum):
    DEMOGRAPHIC = "demographic"
    TEXT = "text"
    ID = "id"


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    dtype: Dtype
    kind: ColumnKind = ColumnKind.DEMOGRAPHIC
    values: tuple[str, ...] | None = None  # closed value set, in the release's own order
    counts: tuple[int, ...] | None = None  # rows per value in the published release, if known
    known: tuple[str, ...] | None = None  # values seen in an open column (for generators)
    min: int | None = None
    max: int | None = None

    @property
    def closed(self) -> bool:
        return self.values is not None


@dataclass(frozen=True)
class LocaleSchema:
    locale: str
    split: str
    release: str
    revision: str  # the release version the value lists describe (e.g. "v1.0, 2026-04-20")
    columns: dict[str, ColumnSpec]
    commit: str = ""  # that version's Hugging Face commit, when known

    def revision_note(self, snapshot: str) -> str:
        """What a release's snapshot revision (a commit, or '') says about these value lists:
        '' when they match or nothing is known of the snapshot."""
        if not snapshot:
            return ""
        described = f"{self.release} {self.revision or '(version not recorded)'}"
        if not self.commit:
            return (f"this snapshot is revision {snapshot}; the value lists describe "
                    f"{described}, whose commit is not recorded: new values are caught by the "
                    "closed sets, changed meanings are not")
        if snapshot != self.commit:
            return (f"this snapshot is revision {snapshot}, not {self.commit} ({described}) "
                    "that the value lists describe: new values are caught by the closed sets, "
                    "changed meanings are not")
        return ""

    def column(self, name: str) -> ColumnSpec:
        try:
            return self.columns[name]
        except KeyError:
            raise UsageError(
                f"Column {name!r} is not declared for {self.locale}. "
                f"Declared: {', '.join(sorted(self.columns))}"
            ) from None


MANIFEST = "schema.manifest.json"


def read_values(path: Path) -> tuple[tuple[str, ...], tuple[int, ...] | None]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    counts = tuple(int(r["count"]) for r in rows) if rows and "count" in rows[0] else None
    return tuple(r["value"] for r in rows), counts


def _values(directory: Path, name: str, spec: dict[str, Any], key: str, sums: dict,
            problems: Problems) -> tuple[tuple[str, ...] | None, tuple[int, ...] | None]:
    relative = spec.get(key)
    if relative is None:
        return None, None
    path = directory / relative
    if not problems.checksum_ok(path, sums.get(relative), directory / MANIFEST, relative):
        return None, None
    try:
        values, counts = read_values(path)
    except (KeyError, ValueError) as exc:
        problems.add(path, f"columns.{name}", f"a value list needs a value column ({exc})")
        return None, None
    repeated = sorted(v for v, n in Counter(values).items() if n > 1)
    if repeated:
        problems.add(path, f"columns.{name}", f"value(s) listed twice: {listed(repeated)}")
    if not values:
        problems.add(path, f"columns.{name}", "no values: a closed column needs its list")
    if repeated or not values or not problems.spelled(path, f"columns.{name}", values):
        return None, None
    return values, counts


def _column(directory: Path, name: str, spec: Any, sums: dict, problems: Problems
            ) -> ColumnSpec | None:
    where = directory / "schema.json"
    if not isinstance(spec, dict):
        problems.add(where, f"columns.{name}", "must be an object")
        return None
    unknown = set(spec) - {"dtype", "kind", "values", "known_values", "min", "max"}
    if unknown:
        problems.add(where, f"columns.{name}", f"unknown key(s) {sorted(unknown)}")
    try:
        dtype, kind = Dtype(spec.get("dtype")), ColumnKind(spec.get("kind", "demographic"))
    except ValueError as exc:
        problems.add(where, f"columns.{name}", str(exc))
        return None
    if dtype is Dtype.INTEGER and not all(isinstance(spec.get(k), int) for k in ("min", "max")):
        problems.add(where, f"columns.{name}", "an integer column needs integer min and max")
        return None
    if dtype is Dtype.INTEGER and spec["min"] > spec["max"]:
        problems.add(where, f"columns.{name}", f"min {spec['min']} is above max {spec['max']}")
        return None
    values, counts = _values(directory, name, spec, "values", sums, problems)
    known, _ = _values(directory, name, spec, "known_values", sums, problems)
    return ColumnSpec(name, dtype, kind, values, counts, known, spec.get("min"), spec.get("max"))


def load_schema(directory: Path, locale: str, problems: Problems) -> LocaleSchema | None:
    sums = problems.read_json(directory / MANIFEST) or {}
    schema_path = directory / "schema.json"
    if sums and not problems.checksum_ok(schema_path, sums.get("schema.json"),
                                         directory / MANIFEST, "schema.json"):
        return None
    raw = problems.read_json(schema_path)
    if not isinstance(raw, dict):
        return None
    missing = [k for k in ("split", "release", "columns") if k not in raw]
    if missing:
        problems.add(schema_path, "", f"missing key(s) {missing}")
        return None
    if raw.get("locale", locale) != locale:  # a schema copied from another locale's folder
        problems.add(schema_path, "locale", f"says {raw['locale']!r} in the folder of {locale}")
    if not isinstance(raw["split"], str) or not raw["split"] or \
            raw["split"] != raw["split"].strip():
        problems.add(schema_path, "split", "must name the release's split (train, say): the "
                                           "shards are <split>-NNNNN-of-NNNNN.parquet")
    columns = {name: _column(directory, name, spec, sums, problems)
               for name, spec in raw["columns"].items()}
    described = raw.get("describes", {})
    return LocaleSchema(locale, raw["split"], raw["release"], described.get("version", ""),
                        {n: c for n, c in columns.items() if c is not None},
                        commit=described.get("commit", ""))


def write_schema_manifest(directory: Path | str) -> Path:
    """Record the sha256 of ``directory``'s schema.json and of every value list it names (run
    it after a reviewed change; the build scripts do)."""
    directory = Path(directory)
    raw = json.loads((directory / "schema.json").read_text(encoding="utf-8-sig"))
    named = sorted({spec[k] for spec in raw["columns"].values()
                    for k in ("values", "known_values") if k in spec})
    sums = {"schema.json": sha256_file(directory / "schema.json"),
            **{name: sha256_file(directory / name) for name in named}}
    note = ("sha256 of schema.json and of every value list it names; a changed value list is "
            "refused until this manifest is updated after review")
    path = directory / MANIFEST
    path.write_text(json.dumps({"note": note, **sums}, ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")
    return path
