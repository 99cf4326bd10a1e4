"""Footprints as data: the card disclosures of a locale and the footprints they imply.

``references/<locale>/footprints.json`` quotes each disclosure (with the card URL and revision)
and lists the footprints: id, kind, the release attributes involved, the reference tables, the
population frame, the evaluation method and its typed parameters. ``METHODS`` is each method's
contract: its params type and the metrics its evaluator produces (what a suite may check).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any

from iaf.catalogue import params as p
from iaf.catalogue.problems import Problems


class Kind(StrEnum):
    MARGINAL = "marginal"
    DIRECT_JOINT = "direct_joint"
    RULE_IMPLIED = "rule_implied"


class Method(StrEnum):
    MARGINAL = "marginal"
    CONDITIONAL = "conditional"
    PARTIAL_CONDITIONAL = "partial_conditional"
    FLATTENING = "flattening"
    LOCATION = "location"
    INTERACTION = "interaction"
    MILITARY_RULES = "military_rules"
    IDENTITY = "identity"


DEPENDENCE = ("conditional_tvd", "independence_tvd", "rho", "rho_vs_faithful",
              "dependence_lost", "dependence_exaggerated", "flagged_cells", "cells",
              "flagged_share", "mapped_share", "missing_groups")


@dataclass(frozen=True)
class MethodSpec:
    """A method's contract: its params type, the metrics it produces, and whether it computes
    its own counterfactual (the reference made independent); if not, its suites must declare
    a minimum effect to detect (``meta.detect``) on at least one check; and whether it reads
    a reference table (identity compares the release with itself); and whether every table
    it reads holds figures in a ``value`` column (military_rules reads a table of rules)."""

    params: type
    metrics: tuple[str, ...]
    counterfactual: bool
    reference: bool = True
    figures_only: bool = True


METHODS = {
    Method.MARGINAL: MethodSpec(p.MarginalParams, ("tvd", "max_abs_gap", "mapped_share"), False),
    Method.CONDITIONAL: MethodSpec(p.ConditionalParams, (
        *DEPENDENCE, "unmatched_rows", "unreachable_groups", "unreachable_weight"), True),
    Method.PARTIAL_CONDITIONAL: MethodSpec(p.PartialConditionalParams, (
        "conditional_gap", "independence_gap", "rho", "coverage", "mapped_share"), True),
    Method.FLATTENING: MethodSpec(p.FlatteningParams, (
        "kappa", "min_group_kappa", "max_group_kappa", "groups_outside_tolerance",
        "groups_crossing_parity",
        "flattened_groups", "exaggerated_groups", "mapped_share", "male_dominated_groups",
        "male_dominated_groups_without_rows", "male_dominated_groups_missing",
        "unreachable_groups", "unreachable_weight",
        "flagged_cells", "cells", "flagged_share"), False),
    Method.LOCATION: MethodSpec(p.LocationParams, (*DEPENDENCE, "area_variation_reproduced",
                                                   "area_variation_exaggerated"), True),
    Method.INTERACTION: MethodSpec(p.InteractionParams, (
        "interaction_reproduced", "interaction_exaggerated", "interaction_strength",
        "reference_interaction_strength", "conditional_tvd", "mapped_share"), True),
    Method.IDENTITY: MethodSpec(p.IdentityParams, (
        "duplicate_ids", "duplicate_id_share", "duplicate_personas", "duplicate_persona_share",
        "rows"), False, reference=False),
    Method.MILITARY_RULES: MethodSpec(p.MilitaryParams, (
        "status_mismatch_share", "enlisted_not_male_share", "outside_age_limits_share",
        "enlisted_share_band_gap", "cadre_female_share_band_gap", "rank_composition_tvd",
        "enlisted_per_men_20_24", "cadre_female_share", "active_duty_rows"), False,
        figures_only=False),
}

# What a metric can be, where that is bounded: a suite's bound beyond it can never be met (a
# check that always fails); metrics absent here (rho below 1, kappa, slopes) are open.
_SHARES = ("tvd", "max_abs_gap", "mapped_share", "conditional_tvd", "independence_tvd",
           "flagged_share", "unreachable_weight", "coverage", "duplicate_id_share",
           "duplicate_persona_share", "status_mismatch_share", "enlisted_not_male_share",
           "outside_age_limits_share", "rank_composition_tvd", "cadre_female_share",
           "interaction_strength", "reference_interaction_strength")  # distances and shares
_NON_NEGATIVE = ("flagged_cells", "cells", "missing_groups", "unmatched_rows",
                 "unreachable_groups", "groups_outside_tolerance", "groups_crossing_parity",
                 "flattened_groups", "exaggerated_groups", "male_dominated_groups",
                 "male_dominated_groups_without_rows", "male_dominated_groups_missing",
                 "duplicate_ids", "duplicate_personas", "rows", "active_duty_rows",
                 "enlisted_per_men_20_24", "enlisted_share_band_gap",
                 "cadre_female_share_band_gap", "conditional_gap", "independence_gap")
REACH: dict[str, tuple[float | None, float | None]] = {
    **dict.fromkeys(_SHARES, (0.0, 1.0)), **dict.fromkeys(_NON_NEGATIVE, (0.0, None)),
    "rho": (None, 1.0)}


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
    """Which synthetic rows the reference describes: ``text`` says whom the reference counts,
    an age range narrows the rows; the employed are taken by the crosswalk (``NOT_EMPLOYED``)."""

    text: str
    min_age: int | None = None
    max_age: int | None = None


@dataclass(frozen=True)
class Footprint:
    locale: str
    id: str
    kind: Kind
    method: Method
    attributes: tuple[str, ...]
    references: tuple[str, ...]
    disclosure: Disclosure
    frame: Frame
    params: Any  # the method's params type (METHODS); None when unevaluable
    min_mapped_share: float | None = None
    unevaluable: str = ""  # why it cannot be evaluated (no reference, no crosswalk): inconclusive

    @property
    def test_id(self) -> str:
        return f"{self.locale}/{self.id}"

    def scan_columns(self) -> tuple[str, ...]:
        """Every release column the footprint reads: attributes plus frame columns."""
        extra = {"age"} if (self.frame.min_age, self.frame.max_age) != (None, None) else set()
        extra |= set(getattr(self.params, "scan_columns", ()))
        return tuple(sorted(set(self.attributes) | extra))

    def crosswalk_ids(self) -> tuple[str, ...]:
        """Every crosswalk the footprint's params name."""
        prm = self.params
        ids = [getattr(prm, k, None) for k in ("crosswalk", "recode", "collapse")]
        ids.append(getattr(getattr(prm, "mapping", None), "crosswalk", None))
        return tuple(sorted({x if isinstance(x, str) else x.id for x in ids if x}))

    def table_ids(self) -> tuple[str, ...]:
        """Every reference table the footprint reads: its references, code titles, standard,
        and the other vintages of its reference."""
        extra = [getattr(self.params, "code_titles", None),
                 getattr(getattr(self.params, "standardisation", None), "reference", None),
                 getattr(getattr(self.params, "mapping", None), "reference", None),
                 *getattr(self.params, "vintages", ())]
        return tuple(dict.fromkeys([*self.references, *(x for x in extra if x)]))

    def row_filter(self) -> dict[str, Any]:
        """The rows of its reference tables the footprint reads (params ``where`` of a
        marginal, ``reference.where`` of a conditional; see references.filter_reference)."""
        params = self.params
        return getattr(params, "where", None) or getattr(
            getattr(params, "reference", None), "where", None) or {}

    def suppression_read(self) -> tuple[str, ...]:
        """The tables whose blank (suppressed) values the method leaves out rather than
        counting as 0: a flattening reference given as percent women (a suppressed share is
        no share). Every other table must give every figure."""
        if self.method is not Method.FLATTENING or self.params is None:
            return ()
        mapping = self.params.mapping
        read = [(self.references[0], self.params.reference),
                *([(mapping.reference, mapping.shares)] if mapping else [])]
        return tuple(table for table, spec in read if spec.percent_women)


FOOTPRINT_KEYS = {"id", "kind", "method", "disclosure", "attributes", "references", "frame",
                  "params", "min_mapped_share", "unevaluable"}
ROOT_KEYS = {"locale", "disclosures", "footprints"}
# Footprint, table and crosswalk ids name files and tests: lower-case words, nothing else
ID = re.compile(r"[a-z][a-z0-9_]{0,63}")


def safe_id(value: Any) -> bool:
    return isinstance(value, str) and ID.fullmatch(value) is not None


def _strings(raw: dict[str, Any], name: str, where: Path, key: str, problems: Problems,
             ids: bool = False) -> None:
    """``raw[name]`` must be a list of strings (of safe ids with ``ids``)."""
    value = raw.get(name, [])
    check = safe_id if ids else (lambda v: isinstance(v, str) and v != "")
    if not isinstance(value, list) or not all(check(v) for v in value):
        what = "ids (lower-case letters, digits, _)" if ids else "non-empty strings"
        problems.add(where, f"{key}.{name}", f"must be a list of {what}, got {value!r:.120}")


def _enum(cls: type[Enum], value: Any, where: Path, key: str, problems: Problems) -> Any:
    try:
        return cls(value)
    except ValueError:
        problems.add(where, key, f"must be one of {[e.value for e in cls]}, got {value!r}")
        return None


def _frame(raw: Any, where: Path, key: str, problems: Problems) -> Any:
    """``raw`` without the key ``employed`` that older catalogues declared, which is refused
    (no evaluator read it: a flag beside the crosswalk that takes the employed could only
    disagree with it)."""
    if not isinstance(raw, dict) or "employed" not in raw:
        return raw
    problems.add(where, f"{key}.frame.employed", "is no longer a frame key: remove it. The "
                 "crosswalk takes the employed (a target of NOT_EMPLOYED leaves the frame) and "
                 "the frame's text says whom the reference counts")
    return {k: v for k, v in raw.items() if k != "employed"}


def _footprint(locale: str, raw: dict[str, Any], disclosures: dict[str, Disclosure],
               where: Path, problems: Problems) -> Footprint | None:
    key = f"footprints[{raw.get('id')!r:.80}]"
    before = len(problems.found)
    if not safe_id(raw.get("id")):
        problems.add(where, f"{key}.id", "must be an id of lower-case letters, digits and _, "
                                         "starting with a letter (it names a test and a file)")
    _strings(raw, "attributes", where, key, problems)
    if not raw.get("attributes"):
        problems.add(where, f"{key}.attributes", "name at least one release column")
    _strings(raw, "references", where, key, problems, ids=True)
    share = raw.get("min_mapped_share")
    if share is not None and not (isinstance(share, (int, float)) and not isinstance(share, bool)
                                  and 0 < share <= 1):
        problems.add(where, f"{key}.min_mapped_share", f"must be a share in (0, 1], got {share!r}")
    for name in sorted(set(raw) - FOOTPRINT_KEYS):
        problems.add(where, f"{key}.{name}", f"unknown key; footprints take "
                                             f"{', '.join(sorted(FOOTPRINT_KEYS))}")
    kind = _enum(Kind, raw.get("kind"), where, f"{key}.kind", problems)
    method = _enum(Method, raw.get("method"), where, f"{key}.method", problems)
    if not isinstance(raw.get("disclosure"), str) or raw["disclosure"] not in disclosures:
        problems.add(where, f"{key}.disclosure", f"unknown disclosure {raw.get('disclosure')!r}")
    unevaluable = raw.get("unevaluable", "")
    if not isinstance(unevaluable, str):
        problems.add(where, f"{key}.unevaluable", "must say why, as a string")
        unevaluable = ""
    needs_reference = method is None or METHODS[method].reference
    if not raw.get("references") and not unevaluable and needs_reference:
        problems.add(where, key, "give references, or say why it is unevaluable")
    frame = p.parse(Frame, _frame(raw.get("frame"), where, key, problems), where,
                    f"{key}.frame", problems)
    params = None
    if unevaluable and "params" in raw:
        problems.add(where, f"{key}.params", "an unevaluable footprint takes no params")
    elif not unevaluable and method is not None:
        params = p.parse(METHODS[method].params, raw.get("params", {}), where, f"{key}.params",
                         problems)
    if len(problems.found) > before or frame is None:
        return None
    return Footprint(
        locale=locale, id=raw["id"], kind=kind, method=method,
        attributes=tuple(sorted(raw["attributes"])), references=tuple(raw.get("references", ())),
        disclosure=disclosures[raw["disclosure"]], frame=frame, params=params,
        min_mapped_share=raw.get("min_mapped_share"), unevaluable=unevaluable,
    )


def _entries(raw: dict[str, Any], name: str, where: Path, problems: Problems) -> list[dict]:
    """``raw[name]`` as a non-empty list of objects; each defect noted (a catalogue that
    declares no footprint could never fail: it is broken, not green)."""
    entries = raw.get(name)
    if not isinstance(entries, list) or not entries:
        problems.add(where, name, f"must be a non-empty list, got {entries!r:.80}")
        return []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            problems.add(where, f"{name}[{i}]", f"must be an object, got {entry!r:.80}")
    return [e for e in entries if isinstance(e, dict)]


def load_footprints(directory: Path, locale: str, problems: Problems) -> tuple[Footprint, ...]:
    where = directory / "footprints.json"
    raw = problems.read_json(where)
    if raw is None:  # noted
        return ()
    for name in sorted(set(raw) - ROOT_KEYS):
        problems.add(where, name,
                     f"unknown key; footprints.json takes {', '.join(sorted(ROOT_KEYS))}")
    if raw.get("locale", locale) != locale:
        problems.add(where, "locale", f"must be {locale!r} (the folder's name)")
    disclosures = {}
    for i, d in enumerate(_entries(raw, "disclosures", where, problems)):
        disclosure = p.parse(Disclosure, d, where, f"disclosures[{i}]", problems)
        if disclosure:
            disclosures[disclosure.id] = disclosure
    entries = _entries(raw, "footprints", where, problems)
    ids = [f.get("id") for f in entries]
    for dup in sorted({str(i) for i in ids if ids.count(i) > 1}):
        problems.add(where, f"footprints[{dup!r}]", "duplicate footprint id")
    built = (_footprint(locale, f, disclosures, where, problems) for f in entries)
    return tuple(f for f in built if f is not None)
