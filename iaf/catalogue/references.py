"""Reference tables and their manifests: load, verify the checksum, expose a tidy frame.

Every table ``<id>.csv`` sits beside ``<id>.manifest.json``, which records where the figures
come from (publisher, table id, period, population frame, unit, URL, licence, retrieval date),
their structured ``provenance`` (primary / secondary / derived, full commit ids, the sources'
own checksums; see ``provenance``) and the sha256 of the CSV. A table whose bytes do not match
its manifest, or whose provenance is malformed, is refused.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from iaf.catalogue.problems import Problems
from iaf.catalogue.provenance import provenance_problems
from iaf.checksums import sha256_file
from iaf.errors import SuiteError

REQUIRED_FIELDS = (
    "id",
    "title",
    "publisher",
    "table_id",
    "period",
    "population_frame",
    "unit",
    "url",
    "licence",
    "retrieved",
    "evidence",
    "provenance",
    "data_file",
    "sha256",
)
SOURCE_FIELDS = ("url", "retrieved", "licence", "evidence")  # shown beside each citation


@dataclass(frozen=True)
class Reference:
    """One official table: its manifest, its figures (long format, a ``value`` column), and the
    file they were read from."""

    id: str
    path: Path
    manifest: dict[str, Any] = field(repr=False)
    data: pd.DataFrame = field(repr=False)

    def citation(self) -> str:
        m = self.manifest
        return f"{m['publisher']}, {m['table_id']}, {m['period']} ({m['population_frame']})"

    def source(self) -> dict[str, str]:
        """Where a reader can check the figures: the publisher's address, when they were
        retrieved, under what licence, and how they were seen (primary or secondary)."""
        return {key: str(self.manifest[key]) for key in SOURCE_FIELDS}


def load_table(directory: Path, table_id: str, problems: Problems) -> Reference | None:
    """``<table_id>.csv`` with its manifest from ``directory``, checksum verified; None (with
    the problems noted) when anything is wrong."""
    manifest_path = directory / f"{table_id}.manifest.json"
    manifest = problems.read_json(manifest_path)
    if manifest is None:
        return None
    missing = [name for name in REQUIRED_FIELDS if not manifest.get(name)]
    if missing:
        problems.add(manifest_path, ", ".join(missing), "required provenance field(s) missing")
        return None
    if not problems.typed(manifest_path, manifest, tuple(f for f in REQUIRED_FIELDS
                                                          if f != "provenance")):
        return None
    defects = provenance_problems(manifest["provenance"])
    for key, message in defects:
        problems.add(manifest_path, key, message)
    data_path = directory / manifest["data_file"]
    if defects or not problems.checksum_ok(data_path, manifest["sha256"], manifest_path) \
            or not problems.rectangular(data_path):
        return None
    try:
        data = pd.read_csv(data_path, dtype=str, keep_default_na=False)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:  # EmptyDataError too
        problems.add(data_path, "", f"not a readable CSV ({type(exc).__name__}: {exc})")
        return None
    if data.empty:
        problems.add(data_path, "", "no rows: a reference table holds at least one figure")
        return None
    spelled = [problems.spelled(data_path, c, list(data[c])) for c in data.columns
               if c != "value"]
    if not all(spelled) or "value" in data.columns and not _values_ok(data, data_path,
                                                                        problems):
        return None
    return Reference(table_id, data_path, manifest, data)


def _values_ok(data: pd.DataFrame, path: Path, problems: Problems) -> bool:
    """Every value a finite number, none negative (counts, shares, rates), and no row repeating
    another's categories; blank is a suppressed cell. Each bad row is noted (file row numbers,
    the header being row 1); ``data["value"]`` becomes numbers."""
    numbers = pd.to_numeric(data["value"], errors="coerce")
    keys = [c for c in data.columns if c != "value"]
    found = [(data["value"][numbers.isna() & (data["value"] != "")], "not a number"),
             (data["value"][numbers.abs() == float("inf")], "not a finite number"),
             (data["value"][numbers < 0], "negative"),
             (data["value"][data.duplicated(keys)], f"repeats an earlier row's {', '.join(keys)}")]
    for bad, why in found:
        for row, value in bad.items():
            problems.add(path, "value", f"{why}: {value!r} (row {int(row) + 2})")
    data["value"] = numbers
    return not any(len(bad) for bad, _ in found)


def filter_reference(data: pd.DataFrame, where: Mapping[str, object]) -> pd.DataFrame:
    """Rows of a reference matching ``where``: column -> value, list of values, or a rule
    {"prefix": p} / {"length": n}."""
    mask = np.ones(len(data), dtype=bool)
    for column, rule in where.items():
        values = data[column]
        if isinstance(rule, dict) and "prefix" in rule:
            mask &= values.str.startswith(rule["prefix"]).to_numpy()
        elif isinstance(rule, dict) and "length" in rule:
            mask &= (values.str.len() == rule["length"]).to_numpy()
        elif isinstance(rule, list):
            mask &= values.isin(rule).to_numpy()
        else:
            mask &= (values == rule).to_numpy()
    return data[mask]


def write_reference(path: Path, rows: list[dict], manifest: dict[str, Any]) -> Path:
    """Write a reference table (long CSV) and its manifest; used by the build scripts."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return write_manifest(path, manifest)


def write_manifest(data_path: Path, manifest: dict[str, Any]) -> Path:
    """Write ``<stem>.manifest.json`` beside ``data_path`` with its current checksum."""
    record = {**manifest, "data_file": data_path.name, "sha256": sha256_file(data_path)}
    missing = [name for name in REQUIRED_FIELDS if not record.get(name)]
    if missing:
        raise SuiteError(f"Manifest lacks {', '.join(missing)}", file=str(data_path))
    defects = provenance_problems(record["provenance"])
    if defects:
        raise SuiteError(f"Manifest provenance: {defects}", file=str(data_path))
    path = data_path.with_name(f"{data_path.stem}.manifest.json")
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
