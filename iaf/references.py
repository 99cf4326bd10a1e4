"""Reference tables and their manifests: load, verify the checksum, expose a tidy frame.

Every table ``<id>.csv`` sits beside ``<id>.manifest.json``, which records where the figures
come from (publisher, table id, period, population frame, unit, URL, licence, retrieval date)
and the sha256 of the CSV. A table whose bytes do not match its manifest is refused.
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from iaf.errors import ReferenceDataError
from iaf.paths import references_dir

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
    "data_file",
    "sha256",
)


@dataclass(frozen=True)
class Reference:
    """One official table: its manifest and its figures (long format, a ``value`` column)."""

    id: str
    manifest: dict[str, Any] = field(repr=False)
    data: pd.DataFrame = field(repr=False)

    def citation(self) -> str:
        m = self.manifest
        return f"{m['publisher']}, {m['table_id']}, {m['period']} ({m['population_frame']})"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_table(directory: Path, table_id: str) -> Reference:
    """Load ``<table_id>.csv`` with its manifest from ``directory``, verifying the checksum."""
    manifest_path = directory / f"{table_id}.manifest.json"
    if not manifest_path.is_file():
        raise ReferenceDataError(f"No manifest for reference {table_id!r}", file=str(manifest_path))
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    missing = [name for name in REQUIRED_FIELDS if not manifest.get(name)]
    if missing:
        raise ReferenceDataError(
            f"Manifest of {table_id!r} lacks required fields: {', '.join(missing)}",
            file=str(manifest_path),
        )
    data_path = directory / manifest["data_file"]
    if not data_path.is_file():
        raise ReferenceDataError(f"Data file of {table_id!r} is missing", file=str(data_path))
    actual = sha256_file(data_path)
    if actual != manifest["sha256"]:
        raise ReferenceDataError(
            f"Checksum mismatch for {table_id!r}: manifest says {manifest['sha256']}, "
            f"file has {actual}. The figures changed without their manifest; re-run the "
            "build script or restore the file.",
            file=str(data_path),
        )
    data = pd.read_csv(data_path, dtype=str, keep_default_na=False)
    if "value" in data.columns:
        data["value"] = pd.to_numeric(data["value"], errors="raise")
    return Reference(id=table_id, manifest=manifest, data=data)


@lru_cache(maxsize=None)
def load_reference(locale: str, table_id: str) -> Reference:
    return load_table(references_dir(locale) / "tables", table_id)


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
        raise ReferenceDataError(f"Manifest lacks {', '.join(missing)}", file=str(data_path))
    path = data_path.with_name(f"{data_path.stem}.manifest.json")
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
