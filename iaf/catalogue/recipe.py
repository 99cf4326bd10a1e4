"""The recipe: which footprints a column or a card sentence implies, by which method, against a
reference of which shape, with which default tolerances.

A footprint is *planned* before any reference exists: declared ``unevaluable`` ("no reference
yet"), never a pass, with what attaching a reference takes (the table's columns, the params to
declare, the draft suite). The recipe for "OUTCOME independent of X given Y" (form
``independence``):

- ``OUTCOME_x_X_given_Y`` per X and Y, method ``location``: P(OUTCOME | X, Y) against a table
  of (X, Y, OUTCOME, value); the counterfactual is the sentence itself (each X takes its Y's
  pooled mix), so this is the footprint that tests it;
- ``OUTCOME_x_X`` per X, method ``conditional``: the two-way joint, of which the sentence keeps
  only the part that runs through Y;
- ``OUTCOME_x_Y`` per Y, method ``conditional``: the dependence the sentence models.

For "OUTCOME depends on A, B without interaction" (form ``no_interaction``): ``OUTCOME_x_A``
per factor (``conditional``) and ``OUTCOME_x_A_x_B`` per pair, method ``interaction`` against a
three-way table of (A, B, OUTCOME, value). Every sentence footprint maps OUTCOME through the
crosswalk ``<OUTCOME>_groups`` (``iaf init`` writes it as the identity when OUTCOME's values
are known). A marginal footprint compares one column with a table of (column, value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from iaf.catalogue.footprints import Kind, Method
from iaf.catalogue.sentences import Form, Sentence

DEFAULT = "iaf init's default, not reviewed"
REVIEW = ("Replace it with the drift between two editions (or two surveys) of your reference, "
          "and set meta.reviewed to the date of the review.")


def safe(name: str) -> str:
    """A release column name as part of a footprint or crosswalk id (lower-case, digits, _)."""
    text = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "column"
    return text if text[0].isalpha() else f"c_{text}"


def crosswalk_id(column: str) -> str:
    return f"{safe(column)}_groups"[:64]


def _expect(kind: str, metric: str, bound: float, why: str, detect: float | None = None,
            detect_why: str = "") -> dict[str, Any]:
    key = {"at_most": "max_value", "at_least": "min_value"}[kind]
    meta: dict[str, Any] = {"why": f"{DEFAULT}: {why} {REVIEW}"}
    if detect is not None:
        meta |= {"detect": detect, "detect_why": f"{DEFAULT}: {detect_why}"}
    return {"type": f"expect_footprint_metric_{kind}", "kwargs": {"column": metric, key: bound},
            "meta": meta}


FAMILY_JOINT = ("borrowed from the Nemotron-Personas catalogue, whose occupation x sex joints "
                "all declare it, whatever this joint's columns")
DRAFTS: dict[Method, list[dict[str, Any]]] = {
    Method.MARGINAL: [
        _expect("at_most", "tvd", 0.02, "the family's marginal tolerance (Korea's province and "
                "marital-status marginals: survey-to-survey drift).", 0.04,
                "twice the drift the tolerance admits must fail."),
        _expect("at_most", "max_abs_gap", 0.02, "no category off by more than 2 points."),
    ],
    Method.CONDITIONAL: [
        _expect("at_most", "conditional_tvd", 0.02, f"{FAMILY_JOINT}."),
        _expect("at_least", "rho", 0.85, f"{FAMILY_JOINT}: the release keeps 85% of the "
                "dependence."),
        _expect("at_most", "dependence_lost", 0.15, f"{FAMILY_JOINT}.", 0.2,
                "a fifth of the dependence lost must fail with power 0.95."),
    ],
    Method.LOCATION: [
        _expect("at_most", "conditional_tvd", 0.035, "the US occupation-by-state tolerance."),
        _expect("at_least", "area_variation_reproduced", 0.5, "half of the real variation "
                "between areas kept (the US occupation-by-state tolerance)."),
    ],
    Method.INTERACTION: [
        _expect("at_least", "interaction_reproduced", 0.5, "Korea's three-way tolerance (a "
                "second survey reproduces 0.67 of the first's interaction).", 0.25,
                "a release keeping a quarter of the interaction must fail."),
    ],
}


@dataclass(frozen=True)
class Planned:
    """A footprint before its reference: the declaration now, and what attaching needs."""

    id: str
    kind: Kind
    method: Method
    attributes: tuple[str, ...]
    disclosure: str
    table: tuple[str, ...]  # the reference table's columns (release column names, then value)
    params: dict[str, Any]  # the params to declare once the reference is attached
    tests: str  # what the footprint tests, in a phrase
    crosswalk: str = ""  # the crosswalk id its params name, if any
    frame: str = "every row (narrow it to the reference's population frame when attaching)"
    guide: str = "the catalogue's README.md"  # where attaching is explained
    searched: str = ""  # what was looked for and not found, when something was

    @property
    def reason(self) -> str:
        tried = f"; searched: {self.searched}" if self.searched else ""
        return (f"no reference yet: {self.tests}; attach a table of "
                f"({', '.join(self.table)}) as {self.guide} says{tried}")

    def entry(self) -> dict[str, Any]:
        """The footprints.json entry while no reference is attached."""
        return {"id": self.id, "kind": self.kind.value, "method": self.method.value,
                "disclosure": self.disclosure, "attributes": sorted(self.attributes),
                "frame": {"text": self.frame}, "unevaluable": self.reason}

    def attached(self, table_id: str) -> dict[str, Any]:
        """The entry once ``table_id`` is attached (the README shows it)."""
        out = {k: v for k, v in self.entry().items() if k != "unevaluable"}
        return out | {"references": [table_id], "params": self.params}


def _bands(low: int, high: int) -> list[str]:
    """Ten-year bands from ``low``: a starting point, to match the reference's own bands."""
    starts = list(range(low, high, 10)) or [low]
    return [f"{s}-{s + 9}" for s in starts[:-1]] + [f"{starts[-1]}+"]


def marginal(column: str, disclosure: str, ages: tuple[int, int] | None = None,
             **declared: str) -> Planned:
    """The marginal of a closed column, or of ``age`` (``ages``: its range) in bands;
    ``declared`` sets Planned's ``guide`` or ``searched``."""
    if ages is not None:
        params: dict[str, Any] = {"column": column, "reference_column": "age_band",
                                  "bands": _bands(*ages)}
        table: tuple[str, ...] = ("age_band", "value")
    else:
        params, table = {"column": column, "reference_column": column}, (column, "value")
    return Planned(f"marginal_{safe(column)}"[:64], Kind.MARGINAL, Method.MARGINAL, (column,),
                   disclosure, table, params, f"the distribution of {column}", **declared)


def _walk(outcome: str) -> dict[str, str]:
    return {"id": crosswalk_id(outcome), "column": outcome}


def _conditional(outcome: str, given: str, disclosure: str, tests: str) -> Planned:
    params = {"given": given, "outcome": outcome, "crosswalk": _walk(outcome),
              "reference": {"given": given, "outcome": outcome}}
    return Planned(f"{safe(outcome)}_x_{safe(given)}"[:64], Kind.DIRECT_JOINT,
                   Method.CONDITIONAL, (outcome, given), disclosure, (given, outcome, "value"),
                   params, tests, crosswalk_id(outcome))


def _location(outcome: str, x: str, y: str, disclosure: str) -> Planned:
    params = {"area": x, "sex": y, "crosswalk": _walk(outcome),
              "reference": {"area": x, "sex": y, "group": outcome}}
    tests = (f"whether {outcome} varies with {x} within each {y} as in the population (the "
             f"counterfactual is the sentence: each {x} takes its {y}'s pooled mix)")
    return Planned(f"{safe(outcome)}_x_{safe(x)}_given_{safe(y)}"[:64], Kind.DIRECT_JOINT,
                   Method.LOCATION, (outcome, x, y), disclosure, (x, y, outcome, "value"),
                   params, tests, crosswalk_id(outcome))


def _interaction(outcome: str, a: str, b: str, disclosure: str) -> Planned:
    params = {"first": a, "second": b, "outcome": outcome, "crosswalk": _walk(outcome),
              "reference": {"first": a, "second": b, "outcome": outcome}}
    tests = (f"whether {a} and {b} act on {outcome} together as in the population (the "
             "sentence models no interaction)")
    return Planned(f"{safe(outcome)}_x_{safe(a)}_x_{safe(b)}"[:64], Kind.DIRECT_JOINT,
                   Method.INTERACTION, (outcome, a, b), disclosure, (a, b, outcome, "value"),
                   params, tests, crosswalk_id(outcome))


def plan(sentence: Sentence) -> list[Planned]:
    """Every footprint ``sentence`` implies, in a stable order, each id once."""
    o, d, given = sentence.outcome, sentence.disclosure, sentence.given
    out: list[Planned] = []
    if sentence.form is Form.INDEPENDENCE:
        for x in sentence.independent_of:
            out += [_location(o, x, y, d) for y in given]
            through = f" that runs through {', '.join(given)}" if given else ""
            out.append(_conditional(o, x, d, f"P({o} | {x}) against the population's (the "
                                              f"sentence keeps only the part{through})"))
        out += [_conditional(o, y, d, f"P({o} | {y}), a dependence the sentence keeps")
                for y in given]
    else:
        factors = sentence.independent_of
        out += [_conditional(o, a, d, f"P({o} | {a}), a main effect the sentence keeps")
                for a in factors]
        out += [_interaction(o, a, b, d) for a, b in combinations(factors, 2)]
    unique: dict[str, Planned] = {}
    for planned in out:
        unique.setdefault(planned.id, planned)
    return list(unique.values())
