"""Crosswalks: reviewed mappings from a release's categories to a reference's.

``references/<locale>/crosswalks/<id>.csv`` has a ``release_value`` column, one column per
variant (e.g. ``strict``, ``broad``) holding the target category, and a ``note`` per mapping.
A target of ``NOT_EMPLOYED`` takes the row out of an employed frame; an empty target is
unmapped mass, reported, never silently dropped. A manifest beside it records how it was made
and its sha256; a crosswalk read from outside sources carries their structured ``provenance``
(see ``iaf.catalogue.provenance``), checked like a table's.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from iaf.catalogue.problems import Problems
from iaf.catalogue.provenance import provenance_problems

NOT_EMPLOYED = "NOT_EMPLOYED"
UNMAPPED = ""
INTERVAL = re.compile(r"(\d+)(?:-(\d+)|(\+))?")


@dataclass(frozen=True)
class Crosswalk:
    id: str
    path: Path
    column: str  # the release column it maps
    variants: tuple[str, ...]  # the first is the primary variant
    targets: dict[str, dict[str, str]] = field(repr=False)  # variant -> release value -> target
    manifest: dict[str, Any] = field(repr=False)
    frame_variants: tuple[str, ...] = ()  # variants that change the frame, not the mapping

    def mapping(self, variant: str) -> Mapping[str, str]:
        return self.targets[variant]

    def variant_for(self, view: str) -> str:
        """The variant a view named ``view`` uses: that one where this crosswalk has it, else
        the primary one (a view varies one crosswalk at a time)."""
        return view if view in self.variants else self.variants[0]

    @property
    def primary(self) -> Mapping[str, str]:
        """The mapping of the first variant, the one a footprint's verdict rests on."""
        return self.targets[self.variants[0]]


def load_crosswalk(directory: Path, crosswalk_id: str, problems: Problems) -> Crosswalk | None:
    manifest_path = directory / f"{crosswalk_id}.manifest.json"
    data_path = directory / f"{crosswalk_id}.csv"
    manifest = problems.read_json(manifest_path)
    if manifest is None or not problems.typed(manifest_path, manifest, ("column", "sha256"),
                                              ("variants", "frame_variants")):
        return None
    if not manifest["variants"]:
        problems.add(manifest_path, "variants", "name at least one variant")
        return None
    defects = provenance_problems(manifest["provenance"]) if "provenance" in manifest else []
    for key, message in defects:
        problems.add(manifest_path, key, message)
    if defects or not problems.checksum_ok(data_path, manifest["sha256"], manifest_path) \
            or not problems.rectangular(data_path):
        return None
    try:
        with open(data_path, newline="", encoding="utf-8-sig") as handle:  # Excel's BOM too
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        problems.add(data_path, "", f"not a readable CSV ({type(exc).__name__}: {exc})")
        return None
    variants = tuple(manifest["variants"])
    absent = [v for v in ("release_value", *variants) if rows and v not in rows[0]]
    if absent or not rows:
        problems.add(data_path, ", ".join(absent) or "rows", "column(s) missing or no rows")
        return None
    seen: set[str] = set()
    for row, value in enumerate((r["release_value"] for r in rows), start=2):
        if value in seen:  # the later row would win unseen
            problems.add(data_path, "release_value", f"{value!r:.80} is given again (row {row})")
        seen.add(value)
    if len(seen) < len(rows):
        return None
    targets = {v: {r["release_value"]: r[v] for r in rows} for v in variants}
    frames = tuple(manifest.get("frame_variants", ()))
    if set(frames) - set(variants[1:]):
        problems.add(manifest_path, "frame_variants", "must name variants other than the first")
        return None
    return Crosswalk(crosswalk_id, data_path, manifest["column"], variants, targets, manifest,
                     frames)


def band_bounds(label: str) -> tuple[int, float]:
    """An interval of integers as a crosswalk or a table writes it: '20-24' -> (20, 24),
    '85+' -> (85, inf), '19' -> (19, 19); ValueError for anything else."""
    match = INTERVAL.fullmatch(label.strip())
    if not match:
        raise ValueError(f"not an interval of integers (20-24, 85+ or 19): {label!r}")
    low = int(match[1])
    high = math.inf if match[3] else int(match[2] or low)
    if high < low:
        raise ValueError(f"an empty interval: {label!r}")
    return low, high


def numeric(crosswalk: Crosswalk, low: int, high: int) -> tuple[Crosswalk, list[str]]:
    """A crosswalk of an integer column (age) with interval keys, as one keyed by every integer
    from ``low`` to ``high`` each interval holds; and its problems (a key that is no interval,
    an integer two intervals hold)."""
    problems, targets = [], {}
    for variant, mapping in crosswalk.targets.items():
        expanded: dict[Any, str] = {}
        for key, target in mapping.items():
            try:
                start, end = band_bounds(key)
            except ValueError as exc:
                problems.append(f"release_value: {exc}")
                continue
            for value in range(max(start, low), int(min(end, high)) + 1):
                if value in expanded:
                    problems.append(f"release_value: {value} is in two intervals ({variant})")
                expanded[value] = target
        targets[variant] = expanded
    return replace(crosswalk, targets=targets), sorted(set(problems))
