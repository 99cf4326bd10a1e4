"""The declared schema of a locale's release: column names, dtypes and allowed values.

``references/<locale>/schema.json`` lists every column. A string column either names a value
list (a closed set: anything else is an error) or has none (an open set: values are accepted
and whatever a crosswalk cannot map is reported as unmapped mass). Integer columns carry a range.
Text and id columns are declared for the generators and are never read by an audit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from iaf.errors import UsageError
from iaf.paths import suite_root


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    dtype: str  # "string" | "integer"
    kind: str = "demographic"  # "demographic" | "text" | "id"
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
    columns: dict[str, ColumnSpec]

    def column(self, name: str) -> ColumnSpec:
        try:
            return self.columns[name]
        except KeyError:
            raise UsageError(
                f"Column {name!r} is not declared for {self.locale}. "
                f"Declared: {', '.join(sorted(self.columns))}"
            ) from None


def known_locales() -> tuple[str, ...]:
    root = suite_root() / "references"
    return tuple(sorted(p.parent.name for p in root.glob("*/schema.json")))


def check_locale(locale: str) -> str:
    valid = known_locales()
    if locale not in valid:
        raise UsageError(f"Unknown locale {locale!r}. Valid: {', '.join(valid)}")
    return locale


def _read_values(path: Path) -> tuple[tuple[str, ...], tuple[int, ...] | None]:
    frame = pd.read_csv(path, dtype={"value": str}, keep_default_na=False)
    counts = tuple(int(n) for n in frame["count"]) if "count" in frame.columns else None
    return tuple(frame["value"]), counts


@lru_cache(maxsize=None)
def load_schema(locale: str) -> LocaleSchema:
    check_locale(locale)
    directory = suite_root() / "references" / locale
    raw = json.loads((directory / "schema.json").read_text(encoding="utf-8"))
    columns = {}
    for name, spec in raw["columns"].items():
        values = counts = known = None
        if "values" in spec:
            values, counts = _read_values(directory / spec["values"])
        if "known_values" in spec:
            known, _ = _read_values(directory / spec["known_values"])
        columns[name] = ColumnSpec(
            name=name,
            dtype=spec["dtype"],
            kind=spec.get("kind", "demographic"),
            values=values,
            counts=counts,
            known=known,
            min=spec.get("min"),
            max=spec.get("max"),
        )
    return LocaleSchema(locale=locale, split=raw["split"], release=raw["release"], columns=columns)
