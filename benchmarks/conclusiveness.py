"""The conclusiveness table: per locale, at its real release size, how many footprints can reach
a verdict (pass or fail) and why each other one cannot.

A faithful release of each locale's published size (its generating model, fixed seed) is
audited; every footprint's record says what settles it:

  conclusive      pass or fail (a faithful release should pass: a fail is listed as such)
  too few rows    inconclusive for power: the rows it would need are given
  mapping         inconclusive because too little of the frame maps to the reference
  unevaluable     no usable reference (no table, or a crosswalk that cannot be written)
  unknown strings the split's own occupation strings are not known: its release maps them, or
                  not, and the simulated one (written with the English titles) cannot say

    python benchmarks/conclusiveness.py [--out docs/conclusiveness.md] [--seed 3]

Not a test: it takes a few minutes (1M-row releases). Writes a Markdown page with the commit it
was computed at.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from iaf.catalogue import Catalogue  # noqa: E402
from iaf.results import Verdict  # noqa: E402
from iaf.runner import audit_table  # noqa: E402
from iaf.simulators.build import demographics  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from error_rates import with_identity  # noqa: E402

# the published releases' sizes (shared/releases/README.md); India: each split 1M
REAL_ROWS = {"ko_KR": 1_000_000, "en_US": 1_000_000, "ja_JP": 1_000_000, "en_IN": 1_000_000,
             "hi_Deva_IN": 1_000_000, "hi_Latn_IN": 1_000_000, "en_SG": 148_000,
             "pt_BR": 1_000_000, "fr_FR": 1_000_000}
NO_CARD = ("pt_BR", "fr_FR")  # no card text found: no card sentence to test


def strings_unknown(locale: str) -> bool:
    """The release's occupation strings are neither declared nor known (the Hindi splits)."""
    spec = Catalogue.shipped().locale(locale).schema.column("occupation")
    return not (spec.values or spec.known)


def why_not(record, locale: str) -> tuple[str, str]:
    """(status, reason) of one footprint's record."""
    if record.verdict is Verdict.UNEVALUABLE:
        return "unevaluable", record.reason
    if strings_unknown(locale) and "occupation" in record.footprint.attributes:
        return "unknown strings", ("the split's occupation strings are not known; the simulated "
                                   f"release (English titles) reaches '{record.verdict.value}'")
    if record.verdict in (Verdict.PASS, Verdict.FAIL):
        return "conclusive", record.verdict.value
    kind = "mapping" if "maps to the reference taxonomy" in record.reason else "too few rows"
    return kind, record.reason


def rows_of(locale: str, seed: int) -> list[tuple[str, str, str]]:
    columns = demographics(locale, REAL_ROWS[locale], seed, "faithful")
    entry = Catalogue.shipped().locale(locale)
    if any(f.method == "identity" for f in entry.footprints):  # a release has its ids and text
        columns = with_identity(columns, np.random.default_rng(seed))
    result = audit_table(pa.table(columns), locale)
    return [(r.footprint.id, *why_not(r, locale)) for r in result.records]


def page(results: dict[str, list[tuple[str, str, str]]], commit: str, seed: int) -> str:
    lines = ["# Conclusiveness at the real release sizes", "",
             f"Computed by `benchmarks/conclusiveness.py --seed {seed}` at commit `{commit}`: "
             "a faithful release of each locale's published size, audited. A footprint is "
             "conclusive when that release reaches pass or fail. Goal: at least two thirds in "
             "every locale with a card sentence.", "",
             "| locale | rows | conclusive | share | card sentence | goal met |",
             "|---|---|---|---|---|---|"]
    for locale, rows in results.items():
        done = sum(status == "conclusive" for _, status, _ in rows)
        card = locale not in NO_CARD
        met = "yes" if done * 3 >= 2 * len(rows) else "no"
        lines.append(f"| {locale} | {REAL_ROWS[locale]:,} | {done} of {len(rows)} | "
                     f"{done / len(rows):.0%} | {'yes' if card else 'no (card not found)'} | "
                     f"{met if card else '-'} |")
    lines += ["", "## Why each other footprint is not conclusive", "",
              "| locale | footprint | status | why |", "|---|---|---|---|"]
    for locale, rows in results.items():
        for fid, status, reason in rows:
            if status != "conclusive":
                text = " ".join(reason.split()).replace("|", "/")
                lines.append(f"| {locale} | {fid} | {status} | {text[:400]} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/conclusiveness.md"))
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True,
                            check=False).stdout.strip() or "unknown"
    results = {}
    for locale in sorted(REAL_ROWS):
        results[locale] = rows_of(locale, args.seed)
        print(f"{locale}: done", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(page(results, commit, args.seed), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
