"""Crosswalks: reviewed mappings from a release's categories to a reference's.

``references/<locale>/crosswalks/<id>.csv`` has a ``release_value`` column, one column per
variant (e.g. ``strict``, ``broad``) holding the target category, and a ``note`` per mapping.
A target of ``NOT_EMPLOYED`` takes the row out of an employed frame; an empty target is
unmapped mass, reported, never silently dropped. A manifest beside it records how it was made
and its sha256.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

from iaf.errors import ReferenceDataError
from iaf.paths import references_dir
from iaf.references import sha256_file

NOT_EMPLOYED = "NOT_EMPLOYED"
UNMAPPED = ""


@dataclass(frozen=True)
class Crosswalk:
    id: str
    column: str  # the release column it maps
    variants: tuple[str, ...]  # the first is the primary variant
    targets: dict[str, dict[str, str]] = field(repr=False)  # variant -> release value -> target
    manifest: dict[str, Any] = field(repr=False)

    def mapping(self, variant: str) -> Mapping[str, str]:
        return self.targets[variant]

    @property
    def primary(self) -> Mapping[str, str]:
        """The mapping of the first variant, the one a footprint's verdict rests on."""
        return self.targets[self.variants[0]]


@lru_cache(maxsize=None)
def load_crosswalk(locale: str, crosswalk_id: str) -> Crosswalk:
    directory = references_dir(locale) / "crosswalks"
    manifest_path = directory / f"{crosswalk_id}.manifest.json"
    data_path = directory / f"{crosswalk_id}.csv"
    if not manifest_path.is_file() or not data_path.is_file():
        raise ReferenceDataError(f"Crosswalk {crosswalk_id!r} or its manifest is missing",
                                 file=str(data_path))
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if sha256_file(data_path) != manifest.get("sha256"):
        raise ReferenceDataError(
            f"Checksum mismatch for crosswalk {crosswalk_id!r}: regenerate it with the script "
            f"named in its manifest ({manifest.get('generated_by', 'unknown')})",
            file=str(data_path),
        )
    frame = pd.read_csv(data_path, dtype=str, keep_default_na=False)
    variants = tuple(manifest["variants"])
    missing = [v for v in ("release_value", *variants) if v not in frame.columns]
    if missing:
        raise ReferenceDataError(f"Crosswalk lacks columns {missing}", file=str(data_path))
    targets = {v: dict(zip(frame["release_value"], frame[v])) for v in variants}
    return Crosswalk(crosswalk_id, manifest["column"], variants, targets, manifest)
