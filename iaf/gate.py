"""The gate: a release's verdicts (and, given the last version's report, its diff) decided into
one decision and one exit code, recorded with the options that decided it.

The decisions: ``fail`` (exit 1), ``blocked`` (exit 4, under strict), ``pass``, and ``untested``
(exit 0 without strict: no footprint failed, but none passed either).

``iaf audit`` decides on its verdicts alone; ``iaf gate`` is the audit under ``--strict`` plus
the diff. Unevaluable footprints (no release could settle them) are listed and never block;
inconclusive ones (this release is too small) block only under strict, with their own exit code
so that CI can tell "too small to judge" from "failed".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from iaf.errors import EXIT_FAIL, EXIT_INCONCLUSIVE, EXIT_OK
from iaf.report.document import GateDoc, RecordDoc
from iaf.report.text import decision_label, gate_conditions, unevaluable_clause


@dataclass(frozen=True)
class GateOptions:
    """What decides a gate besides the verdicts (all recorded in report.json)."""

    strict: bool = False
    excluded: tuple[str, ...] = ()
    selected: tuple[str, ...] = ()  # --footprint: only these (empty: every footprint)
    allow_partial: bool = False
    allow_new_values: bool = False
    catalogue_digest: str = ""
    baseline: str = ""  # the last version's report, for iaf gate ("" : none given)
    command: str = "audit"  # the command that decided: audit or gate
    notes: tuple[str, ...] = field(default=())


NOTHING_TESTED = ("no footprint passed or failed: every one is inconclusive (this release too "
                  "small to settle it) or unevaluable (no reference), so nothing about the "
                  "release was tested")


def _ids(records: Sequence[RecordDoc], verdict: str) -> list[str]:
    return [f"{r['locale']}/{r['id']}" for r in records if r["verdict"] == verdict]


def decide(records: Sequence[RecordDoc], options: GateOptions,
           regressed: Sequence[str] | None = None) -> GateDoc:
    """The decision on ``records`` (and on the footprints that ``regressed`` against the
    baseline, when a diff was made): fail beats blocked beats pass."""
    failed = _ids(records, "fail")  # a failed footprint that also regressed is named once
    failed += [f"{f} (regressed)" for f in regressed or () if f not in failed]
    inconclusive = _ids(records, "inconclusive")
    # no footprint settled (a catalogue with no reference yet, a release too small for every
    # one): nothing was tested, which neither a strict gate nor an audit may call a pass
    untested = not any(r["verdict"] in ("pass", "fail") for r in records)
    notes = [NOTHING_TESTED] * untested + list(options.notes)
    if inconclusive and not (options.strict or failed or untested):  # as a gate would
        notes.append(f"not strict: {len(inconclusive)} footprint(s) this release is too small "
                     f"to settle would block iaf gate and --strict ({', '.join(inconclusive)})")
    if failed:
        decision, code, blocking = "fail", EXIT_FAIL, failed
    elif options.strict and (inconclusive or untested):
        decision, code, blocking = "blocked", EXIT_INCONCLUSIVE, inconclusive
    elif untested:
        decision, code, blocking = "untested", EXIT_OK, []
    else:
        decision, code, blocking = "pass", EXIT_OK, []
    return {"strict": options.strict, "excluded": list(options.excluded),
            "selected": list(options.selected), "allow_partial": options.allow_partial,
            "allow_new_values": options.allow_new_values,
            "catalogue_digest": options.catalogue_digest, "baseline": options.baseline,
            "command": options.command,
            "decision": decision, "exit_code": code, "blocking": blocking,
            "regressed": list(regressed or ()),
            "unevaluable": _ids(records, "unevaluable"), "notes": notes}


def sentence(gate: GateDoc) -> str:
    """The decision as one line for the terminal."""
    said = decision_label(gate).lower()
    if gate["decision"] in ("pass", "untested"):
        text = f"{said}: {gate['decision']}"
    elif gate["decision"] == "blocked" and not gate["blocking"]:
        text = f"{said}: blocked (exit {gate['exit_code']}): nothing was evaluated"
    elif gate["decision"] == "blocked":
        text = (f"{said}: blocked (exit {gate['exit_code']}): {len(gate['blocking'])} "
                "footprint(s) this release is too small to settle under --strict: "
                + ", ".join(gate["blocking"]))
    else:
        text = (f"{said}: fail (exit {gate['exit_code']}): " + ", ".join(gate["blocking"]))
    if gate["unevaluable"]:
        text += f"{unevaluable_clause(gate)}: " + ", ".join(gate["unevaluable"])
    under = gate_conditions(gate)
    return text + (f"\ndecided with: {'; '.join(under)}" if under else "") + "".join(
        f"\n{note}" for note in gate["notes"])
