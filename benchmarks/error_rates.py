"""Error rates of the Korean footprints: false alarms on faithful releases, detection of planted
infidelities, per footprint and release size; and false alarms of the rest of the family's
footprints on faithful releases from small sizes (where sparse frames lived) to 300,000 rows.

    python benchmarks/error_rates.py [--faithful 200:20000,50:100000] [--planted 20:20000,...]
                                     [--family 20:5000,10:30000,5:300000]

Faithful releases come from the `faithful` model with fresh seeds; planted ones start from a
faithful release of the same size and seed and change one thing (below). For each plant only
its target footprints are counted (an inverted ratio among managers says nothing of the age
marginal). Every count is a verdict: fail, inconclusive (too few rows to tell, said why) or
pass. Targets: false alarms <= 1% per footprint; a planted infidelity never passes where it
exceeds the tolerance the suite admits; detection >= 99% wherever the footprint is not
inconclusive. Not a test: it takes minutes. Prints a Markdown table (copied into the README).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from iaf.catalogue import Catalogue  # noqa: E402
from iaf.errors import UsageError  # noqa: E402
from iaf.runner import audit_table  # noqa: E402
from iaf.simulators.build import demographics  # noqa: E402

CROSSWALK = Catalogue.shipped().locale("ko_KR").crosswalk("occupation_ksco7").primary
Columns = dict[str, np.ndarray]


def _major(columns: Columns) -> np.ndarray:
    return np.array([CROSSWALK.get(o, "")[:1] for o in columns["occupation"]])


def missing_groups(columns: Columns, rng: np.random.Generator) -> Columns:
    """KSCO major groups 1, 7 and 8 (19% of employment) vanish: their rows become 무직."""
    out = dict(columns)
    out["occupation"] = np.where(np.isin(_major(columns), ["1", "7", "8"]), "무직",
                                 columns["occupation"]).astype(object)
    return out


def inverted_ratio(columns: Columns, rng: np.random.Generator) -> Columns:
    """Managers (KSCO 1, 18% women) turned 82% women."""
    out = dict(columns)
    managers = _major(columns) == "1"
    sex = columns["sex"].copy()
    sex[managers] = np.where(rng.random(managers.sum()) < 0.82, "여자", "남자")
    out["sex"] = sex
    return out


def flattened(t: float) -> Callable[[Columns, np.random.Generator], Columns]:
    def plant(columns: Columns, rng: np.random.Generator) -> Columns:
        """Each major group's female share moved a fraction t toward the employed's overall."""
        out = dict(columns)
        major, sex = _major(columns), columns["sex"].copy()
        employed = np.isin(major, list("123456789"))
        overall = (sex[employed] == "여자").mean()
        for g in "123456789":
            rows = np.flatnonzero(major == g)
            share = (sex[rows] == "여자").mean()
            target = share + t * (overall - share)
            source, to = ("남자", "여자") if target > share else ("여자", "남자")
            pool = rows[sex[rows] == source]
            flip = round(abs(target - share) * len(rows))
            sex[rng.choice(pool, size=min(flip, len(pool)), replace=False)] = to
        out["sex"] = sex
        return out
    plant.__doc__ = f"Flattening toward parity at {t:.0%}."
    return plant


def permuted(columns: Columns, rng: np.random.Generator) -> Columns:
    """The occupation column shuffled: independent of every other column."""
    return {**columns, "occupation": rng.permutation(columns["occupation"])}


def older_vintage(columns: Columns, rng: np.random.Generator) -> Columns:
    """Everyone five years younger (floor 19): roughly the age structure of a vintage five
    years older (the 2020 vs 2025 official vintages differ by a TVD of 0.06)."""
    return {**columns, "age": np.maximum(columns["age"] - 5, 19)}


JOINTS = ("occupation_x_sex", "female_share_male_dominated", "occupation_x_sex_goms",
          "occupation_x_education", "major_x_occupation", "major_x_occupation_goms",
          "military_x_age")
PLANTS: dict[str, tuple[Callable | str, tuple[str, ...]]] = {
    "missing groups 1, 7, 8": (missing_groups, ("occupation_x_sex", "marginal_occupation",
                                                "female_share_male_dominated")),
    "inverted ratio (managers)": (inverted_ratio, ("female_share_male_dominated",)),
    "flattening 10%": (flattened(0.10), ("occupation_x_sex", "female_share_male_dominated")),
    "flattening 25%": (flattened(0.25), ("occupation_x_sex", "female_share_male_dominated")),
    "flattening 50%": (flattened(0.50), ("occupation_x_sex", "female_share_male_dominated")),
    "card-independence model": ("card-independence", JOINTS),
    "main-effects model": ("main-effects", ("occupation_x_sex_x_education",
                                            "occupation_x_sex_goms", "major_x_occupation_goms")),
    "permuted occupation": (permuted, JOINTS),
    "older vintage (ages -5)": (older_vintage, ("marginal_age",)),
}


def verdicts(columns: Columns, locale: str = "ko_KR") -> dict[str, str]:
    table = pa.table({k: pa.array(v) for k, v in columns.items()})
    return {r.footprint.id: r.verdict.value for r in audit_table(table, locale).records}


def faithful_rates(plan: list[tuple[int, int]], locale: str = "ko_KR"
                   ) -> dict[tuple[str, int], Counter]:
    counts: dict[tuple[str, int], Counter] = {}
    for seeds, rows in plan:
        for seed in range(seeds):
            for fid, verdict in verdicts(demographics(locale, rows, 10_000 + seed, "faithful"),
                                         locale).items():
                counts.setdefault((fid, rows), Counter())[verdict] += 1
    return counts


def print_faithful(by_locale: dict[str, dict[tuple[str, int], Counter]],
                   evaluable_only: bool = False) -> None:
    """One Markdown table; a locale column when there are several locales."""
    several = len(by_locale) > 1
    sizes = sorted({rows for counts in by_locale.values() for _, rows in counts})
    print(("| locale " if several else "") + "| footprint | " +
          " | ".join(f"{s:,} rows" for s in sizes) + " | false-alarm rate |")
    print("|---" * (2 + len(sizes) + several) + "|")
    for locale, counts in by_locale.items():
        unevaluable = {f.id for f in Catalogue.shipped().locale(locale).footprints
                       if f.unevaluable} if evaluable_only else set()
        for fid in dict.fromkeys(f for f, _ in counts if f not in unevaluable):
            cells = [counts.get((fid, s), Counter()) for s in sizes]
            fails = sum(c["fail"] for c in cells)
            total = sum(sum(c.values()) for c in cells)
            print((f"| {locale} " if several else "") + f"| {fid} | " +
                  " | ".join(_cell(c) for c in cells) + f" | {fails / total:.1%} |")


def planted_rates(plan: list[tuple[int, int]]) -> dict[tuple[str, str, int], Counter]:
    counts: dict[tuple[str, str, int], Counter] = {}
    skipped: set[str] = set()
    for name, (plant, targets) in PLANTS.items():
        for seeds, rows in plan:
            for seed in range(seeds):
                if isinstance(plant, str):
                    try:
                        columns = demographics("ko_KR", rows, 20_000 + seed, plant)
                    except UsageError as error:  # a model this version does not have
                        skipped.add(f"{name}: {error}")
                        break
                else:
                    base = demographics("ko_KR", rows, 20_000 + seed, "faithful")
                    columns = plant(base, np.random.default_rng(seed))
                result = verdicts(columns)
                for fid in targets:
                    if fid in result:
                        counts.setdefault((name, fid, rows), Counter())[result[fid]] += 1
    for note in sorted(skipped):
        print(f"skipped: {note}", file=sys.stderr)
    return counts


def _plan(text: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (part.split(":") for part in text.split(","))]


def _cell(c: Counter) -> str:
    n = sum(c.values())
    return f"{c['fail']}/{c['inconclusive']}/{c['pass']} of {n}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faithful", default="200:20000,50:100000",
                        help="seeds:rows pairs for the false-alarm runs")
    parser.add_argument("--planted", default="20:20000,10:100000,2:1000000",
                        help="seeds:rows pairs for the planted infidelities")
    parser.add_argument("--family", default="20:5000,10:30000,5:300000",
                        help="seeds:rows pairs for the other locales' false-alarm runs")
    args = parser.parse_args()
    start = time.perf_counter()
    print("## False alarms on faithful releases (fail / inconclusive / pass)\n")
    print_faithful({"ko_KR": faithful_rates(_plan(args.faithful))})
    print("\n## False alarms on the rest of the family's faithful releases (evaluable "
          "footprints)\n")
    print_faithful({locale: faithful_rates(_plan(args.family), locale)
                    for locale in Catalogue.shipped().locales() if locale != "ko_KR"},
                   evaluable_only=True)
    planted = planted_rates(_plan(args.planted))
    print("\n## Planted infidelities (fail / inconclusive / pass), target footprints only\n")
    sizes = sorted({rows for _, _, rows in planted})
    print("| infidelity | footprint | " + " | ".join(f"{s:,} rows" for s in sizes) + " |")
    print("|---|---|" + "---|" * len(sizes))
    for name, fid in dict.fromkeys((n, f) for n, f, _ in planted):
        print(f"| {name} | {fid} | " + " | ".join(
            _cell(planted.get((name, fid, s), Counter())) for s in sizes) + " |")
    print(f"\n({time.perf_counter() - start:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
