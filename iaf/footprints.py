"""Footprints as data: the card disclosures of a locale and the footprints they imply.

``references/<locale>/footprints.json`` quotes each disclosure (with the card URL and revision)
and lists the footprints: id, kind, the release attributes involved, the reference tables, the
population frame, the evaluation method and its parameters. Adding a footprint means adding an
entry here, its GX suite, and at most one evaluator.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from iaf.errors import SuiteError, UsageError
from iaf.paths import references_dir
from iaf.schema import check_locale

KINDS = ("marginal", "direct_joint", "rule_implied")


@dataclass(frozen=True)
class Disclosure:
    id: str
    quote: str
    source: str  # URL of the card (or, where the card is silent, of the publisher's statement)
    revision: str
    anchored: bool = True  # False: no card text found; the footprint is run but not card-anchored
    note: str = ""


@dataclass(frozen=True)
class Frame:
    """Which synthetic rows the reference describes: an age floor and/or the employed."""

    text: str
    min_age: int | None = None
    employed: bool = False


@dataclass(frozen=True)
class Footprint:
    locale: str
    id: str
    kind: str
    method: str
    attributes: tuple[str, ...]
    references: tuple[str, ...]
    disclosure: Disclosure
    frame: Frame
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    min_mapped_share: float | None = None
    unevaluable: str = ""  # why it cannot be evaluated (no reference, no crosswalk): inconclusive

    @property
    def test_id(self) -> str:
        return f"{self.locale}/{self.id}"

    def scan_columns(self) -> tuple[str, ...]:
        """Every release column the footprint reads: attributes plus frame columns."""
        extra = {"age"} if self.frame.min_age is not None else set()
        extra |= set(self.params.get("scan_columns", ()))
        return tuple(sorted(set(self.attributes) | extra))


def _footprint(locale: str, raw: dict[str, Any], disclosures: dict[str, Disclosure]) -> Footprint:
    where = f"references/{locale}/footprints.json, footprint {raw.get('id')!r}"
    if raw.get("kind") not in KINDS:
        raise SuiteError(f"{where}: kind must be one of {KINDS}")
    if raw.get("disclosure") not in disclosures:
        raise SuiteError(f"{where}: unknown disclosure {raw.get('disclosure')!r}")
    if not raw.get("references") and not raw.get("unevaluable"):
        raise SuiteError(f"{where}: give references, or say why it is unevaluable")
    return Footprint(
        locale=locale,
        id=raw["id"],
        kind=raw["kind"],
        method=raw["method"],
        attributes=tuple(sorted(raw["attributes"])),
        references=tuple(raw.get("references", ())),
        disclosure=disclosures[raw["disclosure"]],
        frame=Frame(**raw["frame"]),
        params=raw.get("params", {}),
        min_mapped_share=raw.get("min_mapped_share"),
        unevaluable=raw.get("unevaluable", ""),
    )


@lru_cache(maxsize=None)
def load_footprints(locale: str) -> tuple[Footprint, ...]:
    check_locale(locale)
    path = references_dir(locale) / "footprints.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    disclosures = {d["id"]: Disclosure(**d) for d in raw["disclosures"]}
    footprints = tuple(_footprint(locale, f, disclosures) for f in raw["footprints"])
    ids = [f.id for f in footprints]
    if len(set(ids)) != len(ids):
        raise SuiteError("duplicate footprint ids", file=str(path))
    return footprints


def select(locale: str, ids: list[str] | None = None) -> tuple[Footprint, ...]:
    footprints = load_footprints(locale)
    if not ids:
        return footprints
    known = {f.id: f for f in footprints}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise UsageError(f"Unknown footprint(s) {unknown} for {locale}. Valid: {', '.join(known)}")
    return tuple(known[i] for i in ids)
