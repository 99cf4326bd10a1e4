"""Error rates of iaf's verdicts, measured: docs/error-rates.md is this script's output.

    python benchmarks/error_rates.py [--quick] [--out docs/error-rates.md]

1. False alarms of the Korean footprints on faithful releases: from the quota generator (its
   sex x age and adult education marginals are filled by quota, less noisy than independent
   rows), drawn row by row (independent draws, with replacement, from a 4M-row faithful
   population), and faithful to an adjacent year's references (the population reweighted to
   DT_1BPA001 2024's sex x age and EAPS 2024's sex by occupation; needs the shared reference
   folder, IAF_SHARED). Per footprint (target <= 1%) and per locale: the share of releases
   that fail at least one footprint.
2. The same on the rest of the family's faithful releases (quota generators).
3. Planted infidelities: each starts from a faithful release and changes one thing; only its
   target footprints count. A planted infidelity may be inconclusive at a size too small to
   judge it, never a pass where it exceeds the tolerance.
4. Power at the effect: per footprint and declared effect, the size iaf reports as sufficient
   (the smallest where its power reaches 0.95), then releases of that size planted with exactly
   that effect (benchmarks/plants.py): at least 95% must fail (POWER releases each).
5. iaf diff on pairs of faithful releases, drawn row by row and by the quota generator: pairs
   showing drift or movement (target <= 1 in 20).

Every count is a verdict: fail, inconclusive or pass ("f/i/p of n"). Seeds are fixed: the same
run gives the same tables.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import plants  # noqa: E402
from plants import Columns  # noqa: E402

from iaf.catalogue import Catalogue  # noqa: E402
from iaf.compare import as_read, compare  # noqa: E402
from iaf.power import POWER_NEEDED  # noqa: E402
from iaf.runner import audit_table  # noqa: E402
from iaf.simulators.build import _uuids, demographics  # noqa: E402

LOCALE = "ko_KR"
ENTRY = Catalogue.shipped().locale(LOCALE)
SCANNED = {f.id: f.scan_columns() for f in ENTRY.footprints if not f.unevaluable}
Counts = dict[tuple[str, int], Counter]
POPULATION = 4_000_000  # rows of the faithful population row-by-row releases are drawn from


def with_identity(columns: Columns, rng: np.random.Generator) -> Columns:
    """A fresh uuid and persona text per row (a faithful release's are its own)."""
    n = len(columns["age"])
    text = pa.compute.binary_join_element_wise(
        "persona", pa.array(np.arange(n)).cast(pa.string()), " ")
    return {**columns, "uuid": _uuids(rng, n).to_numpy(zero_copy_only=False),
            "persona": text.to_numpy(zero_copy_only=False)}


@lru_cache(maxsize=None)
def population(model: str, rows: int) -> Columns:
    """A large release of ``model`` (quota generator), the population row-by-row releases are
    drawn from."""
    return demographics(LOCALE, rows, 7, model)


def drawn(source: Columns, rows: int, rng: np.random.Generator,
          weights: np.ndarray | None = None) -> Columns:
    """``rows`` independent draws (with replacement) of ``source``'s rows, each with a fresh
    uuid and persona (a draw repeats rows, a faithful release's ids and texts do not)."""
    size = len(source["age"])
    take = rng.choice(size, rows, p=None if weights is None else weights / weights.sum())
    return with_identity({k: v[take] for k, v in source.items()}, rng)


def quota(rows: int, seed: int, model: str = "faithful", locale: str = LOCALE) -> Columns:
    columns = demographics(locale, rows, seed, model)
    return with_identity(columns, np.random.default_rng(seed)) if locale == LOCALE else columns


def audited(columns: Columns, ids: list[str] | None = None, locale: str = LOCALE):
    """The records of ``ids`` (all footprints by default); only the columns they read go to
    Arrow."""
    entry = Catalogue.shipped().locale(locale)
    chosen = [f for f in entry.footprints if not f.unevaluable and (ids is None or f.id in ids)]
    needed = sorted({c for f in chosen for c in f.scan_columns()} & set(columns))
    table = pa.table({c: pa.array(columns[c]) for c in needed})
    return audit_table(table, locale, [f.id for f in chosen]).records


def verdicts(columns: Columns, ids: list[str] | None = None, locale: str = LOCALE
             ) -> dict[str, str]:
    return {r.footprint.id: r.verdict.value for r in audited(columns, ids, locale)}


# --- 1, 2: false alarms ---------------------------------------------------------------------

def rates(releases: Iterable[tuple[int, Columns]], locale: str = LOCALE
          ) -> tuple[Counts, Counter]:
    """Verdicts per (footprint, size), and per size how many releases failed anything."""
    counts: Counts = {}
    any_fail: Counter = Counter()
    for rows, columns in releases:
        found = verdicts(columns, locale=locale)
        any_fail[(rows, "releases")] += 1
        any_fail[(rows, "failed")] += "fail" in found.values()
        for fid, verdict in found.items():
            counts.setdefault((fid, rows), Counter())[verdict] += 1
    return counts, any_fail


def adjacent_weights(source: Columns) -> np.ndarray | None:
    """Per row of ``source``: DT_1BPA001 2024 over 2025 for its sex x 5-year age band, times
    EAPS 2024 over 2025 for its sex within its major group (employed): importance weights that
    make the population faithful to the adjacent year's references (None: no shared folder)."""
    shared = Path(os.environ.get("IAF_SHARED", Path(__file__).resolve().parents[2] / "shared"))
    folder = shared / "reference-data" / "ko_KR"
    if not folder.is_dir():
        return None
    pop = pd.read_csv(folder / "pop_age_sex_DT_1BPA001_2020_2025.csv", comment="#")
    eaps = pd.read_csv(folder / "occ_major_by_sex_EAPS_annual_2016_2025.csv", comment="#")
    sex = np.where(source["sex"] == plants.WOMAN, "female", "male")
    age = np.minimum(np.maximum(source["age"], 20) // 5 * 5, 85)
    band = np.where(age >= 85, "85+", np.char.add(age.astype(str),
                                                  np.char.add("-", (age + 4).astype(str))))
    ratio = np.ones(len(sex))
    by = pop.pivot_table(index=["sex", "age_band_or_measure"], columns="year", values="value",
                         aggfunc="sum")
    pooled = by.rename(index=lambda b: "85+" if b in ("85-89", "90-94", "95-99", "100이상") else b,
                       level=1).groupby(level=[0, 1]).sum()
    share = pooled[2024] / pooled[2024].sum() / (pooled[2025] / pooled[2025].sum())
    ratio *= np.array([share.get((s, b), 1.0) for s, b in zip(sex, band)])
    women = eaps[eaps.measure.isin(["male", "female"]) & (eaps.ksco_major != "total")]
    table = women.pivot_table(index=["ksco_major", "measure"], columns="year", values="value")
    within = table[2024] / table[2024].groupby(level=0).transform("sum") / (
        table[2025] / table[2025].groupby(level=0).transform("sum"))
    group = plants.major(source)
    ratio *= np.array([within.get((g, s), 1.0) if g else 1.0 for g, s in zip(group, sex)])
    return ratio


def faithful_section(plan: list[tuple[int, int]]) -> list[str]:
    out = ["## 1. False alarms on faithful Korean releases", ""]
    kinds: dict[str, Callable[[int, int], Columns]] = {
        "quota generator": lambda rows, seed: quota(rows, 10_000 + seed),
        "drawn row by row": lambda rows, seed: drawn(population("faithful", POPULATION), rows,
                                                     np.random.default_rng(30_000 + seed))}
    weights = adjacent_weights(population("faithful", POPULATION))
    if weights is not None:
        kinds["adjacent year (2024)"] = lambda rows, seed: drawn(
            population("faithful", POPULATION), rows, np.random.default_rng(40_000 + seed),
            weights)
    per_locale = []
    for kind, make in kinds.items():
        releases = ((rows, make(rows, seed)) for seeds, rows in plan for seed in range(seeds))
        counts, any_fail = rates(releases)
        out += [f"### {kind}", "", *table(counts), ""]
        per_locale += [(kind, rows, any_fail[(rows, "failed")], any_fail[(rows, "releases")])
                       for _, rows in plan]
    out += ["### The locale as a whole: releases failing at least one footprint", "",
            "| faithful releases | rows | failed anything | rate |", "|---|---|---|---|"]
    out += [f"| {kind} | {rows:,} | {failed} of {n} | {failed / max(n, 1):.1%} |"
            for kind, rows, failed, n in per_locale]
    return out + [""]


def family_section(plan: list[tuple[int, int]]) -> list[str]:
    out = ["## 2. False alarms on the rest of the family (quota generators, evaluable "
           "footprints)", "", "| locale | footprint | " + " | ".join(
               f"{rows:,} rows" for _, rows in plan) + " | false-alarm rate |",
           "|---" * (3 + len(plan)) + "|"]
    any_lines = []
    for locale in Catalogue.shipped().locales():
        if locale == LOCALE:
            continue
        releases = ((rows, quota(rows, 10_000 + seed, locale=locale)) for seeds, rows in plan
                    for seed in range(seeds))
        counts, any_fail = rates(releases, locale)
        evaluable = {f.id for f in Catalogue.shipped().locale(locale).footprints
                     if not f.unevaluable}
        for line in table({k: v for k, v in counts.items() if k[0] in evaluable}, header=False):
            out.append(f"| {locale} " + line)
        failed = sum(any_fail[(r, "failed")] for _, r in plan)
        total = sum(any_fail[(r, "releases")] for _, r in plan)
        any_lines.append(f"| {locale} | {failed} of {total} |")
    return out + ["", "| locale | releases failing anything |", "|---|---|", *any_lines, ""]


def table(counts: Counts, header: bool = True) -> list[str]:
    sizes = sorted({rows for _, rows in counts})
    lines = ["| footprint | " + " | ".join(f"{s:,} rows" for s in sizes) + " | false-alarm rate |",
             "|---" * (2 + len(sizes)) + "|"] if header else []
    for fid in dict.fromkeys(f for f, _ in counts):
        cells = [counts.get((fid, s), Counter()) for s in sizes]
        fails, total = sum(c["fail"] for c in cells), sum(sum(c.values()) for c in cells)
        lines.append(f"| {fid} | " + " | ".join(cell(c) for c in cells)
                     + f" | {fails / max(total, 1):.1%} |")
    return lines


def cell(c: Counter) -> str:
    return f"{c['fail']}/{c['inconclusive']}/{c['pass']} of {sum(c.values())}"


# --- 3: planted infidelities ----------------------------------------------------------------

Make = Callable[[int, np.random.Generator], Columns]  # (rows, rng) -> a planted release


def weighted(weights: plants.Weights) -> Make:
    """Releases drawn from the faithful population with ``weights`` (computed once)."""
    cached: list[np.ndarray] = []

    def make(rows: int, rng: np.random.Generator) -> Columns:
        if not cached:
            cached.append(weights(population("faithful", POPULATION)))
        return drawn(population("faithful", POPULATION), rows, rng, cached[0])
    return make


def after(plant: Callable[[Columns, np.random.Generator], Columns]) -> Make:
    """Faithful releases, then ``plant`` applied to their rows."""
    return lambda rows, rng: plant(drawn(population("faithful", POPULATION), rows, rng), rng)


def _effect(fid: str, alternative: str) -> Make:
    """Releases planted with the effect iaf names ``alternative`` ("metric value")."""
    if fid == "identity":
        return after(plants.copies(float(alternative.split()[1]), keep_ids=True))
    metric, value = alternative.split()
    return weighted(plants.effect(fid, metric, float(value)))


def model(name: str) -> Make:
    """Releases drawn from a population of another generating model."""
    return lambda rows, rng: drawn(population(name, POPULATION // 2), rows, rng)


JOINTS = ("occupation_x_sex", "female_share_male_dominated", "occupation_x_sex_goms",
          "occupation_x_education", "major_x_occupation", "major_x_occupation_goms",
          "occupation_x_sex_x_education", "occupation_x_sex_x_age", "occupation_x_sex_minor",
          "military_x_age")
PLANTED: dict[str, tuple[Make, tuple[str, ...]]] = {
    "flattening 10%": (_effect("occupation_x_sex", "dependence_lost 0.1"), (
        "occupation_x_sex",)),
    "flattening 25%": (_effect("occupation_x_sex", "dependence_lost 0.25"), (
        "occupation_x_sex",)),
    "flattening 50%": (_effect("occupation_x_sex", "dependence_lost 0.5"), (
        "occupation_x_sex",)),
    "male-dominated groups a quarter toward parity": (_effect(
        "female_share_male_dominated", "kappa 0.75"), ("female_share_male_dominated",)),
    "segregation exaggerated 1.5x": (_effect("occupation_x_sex", "dependence_exaggerated 0.5"), (
        "occupation_x_sex",)),
    "young graduates' sex pattern pushed 1.5x away": (_effect(
        "occupation_x_sex_goms", "dependence_exaggerated 0.5"), ("occupation_x_sex_goms",)),
    "sex x education interaction tripled": (_effect(
        "occupation_x_sex_x_education", "interaction_exaggerated 2"), (
        "occupation_x_sex_x_education",)),
    "sex x age interaction reversed": (_effect(
        "occupation_x_sex_x_age", "interaction_reproduced -1"), ("occupation_x_sex_x_age",)),
    "sub-major 24 10% women at 35+, compensated in major 2": (after(
        plants.within_major_shift), ("occupation_x_sex_minor", "occupation_x_sex",
                                     "occupation_x_sex_x_age")),
    "10% copies (ids copied)": (after(plants.copies(0.10, True)), ("identity",)),
    "10% copies (fresh ids)": (after(plants.copies(0.10, False)), ("identity",)),
    "card-independence model": (model("card-independence"), JOINTS),
    "main-effects model": (model("main-effects"), (
        "occupation_x_sex_x_education", "occupation_x_sex_x_age", "occupation_x_sex_minor",
        "female_share_male_dominated", "occupation_x_sex_goms", "major_x_occupation_goms")),
}


PLANTED_NOTE = (
    "Each plant starts from a faithful release and changes one thing; the footprints listed "
    "are those it could touch. A pass is by design in three rows: a tenth of the dependence "
    "flattened lies within occupation_x_sex's tolerance (dependence_lost <= 0.15; a fifth must "
    "fail); the sub-major shift is compensated inside major group 2, so the major-group tables "
    "of occupation_x_sex and occupation_x_sex_x_age are unchanged by construction and only "
    "occupation_x_sex_minor can see it; the main-effects model keeps the two-way tables it "
    "was fitted to, which female_share_male_dominated and the GOMS sex view read, and loses "
    "the interactions, which the three-way footprints read.")


def planted_section(plan: list[tuple[int, int]]) -> list[str]:
    counts: dict[tuple[str, str, int], Counter] = {}
    for name, (make, targets) in PLANTED.items():
        for seeds, rows in plan:
            for seed in range(seeds):
                columns = make(rows, np.random.default_rng(50_000 + seed))
                for fid, verdict in verdicts(columns, list(targets)).items():
                    counts.setdefault((name, fid, rows), Counter())[verdict] += 1
        print(f"planted: {name}", file=sys.stderr, flush=True)
    sizes = sorted({rows for _, rows in plan})
    out = ["## 3. Planted infidelities (fail / inconclusive / pass), target footprints only",
           "", PLANTED_NOTE, "",
           "| infidelity | footprint | " + " | ".join(f"{s:,} rows" for s in sizes) + " |",
           "|---|---|" + "---|" * len(sizes)]
    for name, fid in dict.fromkeys((n, f) for n, f, _ in counts):
        out.append(f"| {name} | {fid} | " + " | ".join(
            cell(counts.get((name, fid, s), Counter())) for s in sizes) + " |")
    return out + [""]


# --- 4: power at the effect -----------------------------------------------------------------

# (footprint, the counterfactual's name in iaf: "metric value")
EFFECTS = (
    ("marginal_sex", "tvd 0.02"), ("marginal_age", "tvd 0.04"),
    ("marginal_province", "tvd 0.04"), ("marginal_marital_status", "tvd 0.04"),
    ("marginal_education_level", "tvd 0.1"), ("marginal_occupation", "tvd 0.06"),
    ("occupation_x_sex", "dependence_lost 0.2"), ("occupation_x_sex", "dependence_exaggerated 0.2"),
    ("female_share_male_dominated", "kappa 0.8"),
    ("occupation_x_sex_goms", "dependence_lost 0.2"),
    ("occupation_x_sex_goms", "dependence_exaggerated 0.2"),
    ("occupation_x_education", "rho 0.8"), ("major_x_occupation", "rho 0.5"),
    ("major_x_occupation_goms", "rho 0.45"),
    ("occupation_x_sex_x_education", "interaction_reproduced 0.25"),
    ("occupation_x_sex_x_education", "interaction_exaggerated 0.75"),
    ("occupation_x_sex_x_age", "interaction_reproduced 0.6"),
    ("occupation_x_sex_x_age", "interaction_exaggerated 0.4"),
    ("occupation_x_sex_minor", "dependence_lost 0.35"),
    ("occupation_x_sex_minor", "dependence_exaggerated 0.35"),
    ("identity", "duplicate_persona_share 0.001"),
)
MARGIN = 1.02  # above the boundary, so that every release's own frame reaches the power


def sufficient(fid: str, start: int, seed: int = 0) -> tuple[int, float]:
    """The smallest release size at which iaf itself reports power >= POWER_NEEDED for
    ``fid`` (its 'needs about N rows' followed until an audit at that size agrees), and the
    power reported there."""
    rows = start
    for step in range(8):
        columns = drawn(population("faithful", POPULATION), rows, np.random.default_rng(seed))
        record = audited(columns, [fid])[0]
        power = record.primary.power if record.primary else None
        if power is None:
            raise RuntimeError(f"{fid}: no power at {rows} rows ({record.reason})")
        if power.power >= POWER_NEEDED:
            return rows, power.power
        frame = max(record.primary.view.frame_rows, 1)
        needs = power.needs_frame_rows or frame * 4
        rows = max(math.ceil(rows * needs / frame * (1.02 + 0.03 * step)), rows + 1)
    raise RuntimeError(f"{fid}: power below {POWER_NEEDED} at {rows} rows")


POWER_NOTE = (
    "The plants move the reference by the declared effect, calibrated on the population's own "
    "margins and in iaf's own frame; 'mean metric planted' is what the releases actually show, "
    "so a row whose mean sits well short of the declared effect did not test the claim. The "
    "claim is met where at least 95% fail; with 50-100 releases a row, its own sampling error "
    "is about 2-3 points.")


def power_section(releases: int, start: int) -> list[str]:
    out = ["## 4. Power at the effect: releases planted with exactly the declared effect at the "
           "size iaf reports as sufficient", "", POWER_NOTE, "",
           "| footprint | declared effect | size (rows) | power iaf reports | planted (f/i/p) | "
           "failed | failed where iaf reported power >= 0.95 | mean metric planted |",
           "|---|---|---|---|---|---|---|---|"]
    for fid, alternative in EFFECTS:
        releases_each = math.ceil(releases / sum(f == fid for f, _ in EFFECTS))
        boundary, _ = sufficient(fid, start)
        rows = math.ceil(boundary * MARGIN)
        make = _effect(fid, alternative)
        metric = alternative.split()[0]
        found, values, powered = Counter(), [], Counter()
        reported = []
        for seed in range(releases_each):
            record = audited(make(rows, np.random.default_rng(60_000 + seed)), [fid])[0]
            found[record.verdict.value] += 1
            if record.primary and record.primary.power:
                values.append(record.primary.view.metrics.get(metric, float("nan")))
                reported.append(record.primary.power.power)
                if record.primary.power.power >= POWER_NEEDED:
                    powered[record.verdict.value == "fail"] += 1
        out.append(f"| {fid} | {alternative} | {rows:,} | {np.mean(reported):.3f} | "
                   f"{cell(found)} | {found['fail'] / releases_each:.1%} | {powered[True]} of "
                   f"{sum(powered.values())} | {np.nanmean(values):.4g} |")
        print(out[-1], file=sys.stderr, flush=True)
    return out + [""]


# --- 5: iaf diff on faithful pairs ----------------------------------------------------------

DIFF_NOTE = (
    "Drift's band is a permutation band, exact for two samples of one population drawn row by "
    "row; a movement counts only where its footprint's table drifted too (iaf.compare). The "
    "quota generator is not such a sample: it fills sex x age and adult education after "
    "drawing the employed, so the employed count's noise lands in the not-employed cells (in "
    "one pair of 100,000-row releases, 15,852 against 15,407 '무직' among non-graduate women, "
    "3.4 sds of two samples), and occupation_x_sex_x_major's table, the one that reads every row, "
    "shows it. That drift is real (the two releases differ beyond sampling), though not a "
    "change of generator.")


def _pair(kind: str, rows: int, seed: int) -> Columns:
    if kind == "quota generator":
        return quota(rows, seed)
    return drawn(population("faithful", POPULATION), rows, np.random.default_rng(seed))


def diff_section(plan: list[tuple[int, int]]) -> list[str]:
    out = ["## 5. iaf diff on pairs of faithful releases", "", DIFF_NOTE, "",
           "| releases | rows | pairs | pairs with drift or movement | footprints named |",
           "|---|---|---|---|---|"]
    for kind in ("row by row", "quota generator"):
        for pairs, rows in plan:
            flagged, named = 0, Counter()
            for i in range(pairs):
                documents = []
                for seed in (70_000 + 2 * i, 70_001 + 2 * i):
                    columns = _pair(kind, rows, seed)
                    table = pa.table({c: pa.array(v) for c, v in columns.items()})
                    documents.append(as_read([audit_table(table, LOCALE)]))
                changes = [c for c in compare(*documents, LOCALE).changes
                           if c.kind in ("drift", "movement")]
                flagged += bool(changes)
                named.update(f"{c.footprint} ({c.kind})" for c in changes)
            out.append(f"| {kind} | {rows:,} | {pairs} | {flagged} ({flagged / pairs:.0%}) | "
                       f"{', '.join(f'{k} x{v}' for k, v in named.items()) or '-'} |")
            print(out[-1], file=sys.stderr, flush=True)
    return out + [""]


def _plan(text: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (part.split(":") for part in text.split(","))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faithful", default="200:20000,100:100000,10:1000000")
    parser.add_argument("--family", default="20:5000,10:30000,5:300000")
    parser.add_argument("--planted", default="20:20000,10:100000,2:1000000")
    parser.add_argument("--power", type=int, default=100,
                        help="releases per footprint, shared among its declared effects")
    parser.add_argument("--pairs", default="40:20000,20:100000,4:1000000")
    parser.add_argument("--quick", action="store_true", help="a few releases of each kind")
    parser.add_argument("--sections", default="12345",
                        help="which sections to run, e.g. 45 (default: all)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.quick:
        global POPULATION
        POPULATION = 400_000
        args.faithful, args.family, args.planted = "4:20000", "2:5000", "2:20000"
        args.power, args.pairs = 5, "2:20000"
    start = time.perf_counter()
    lines = ["# Error rates", "",
             f"Measured by `benchmarks/error_rates.py` ({' '.join(sys.argv[1:]) or 'defaults'})."
             " Cells read fail/inconclusive/pass of n releases.", ""]
    sections = (lambda: faithful_section(_plan(args.faithful)),
                lambda: family_section(_plan(args.family)),
                lambda: planted_section(_plan(args.planted)),
                lambda: power_section(args.power, 20_000),
                lambda: diff_section(_plan(args.pairs)))
    for number, section in enumerate(sections, 1):
        if str(number) not in args.sections:
            continue
        lines += section()
        text = "\n".join(lines) + "\n"
        if args.out:
            args.out.write_text(text, encoding="utf-8")
        print(f"({time.perf_counter() - start:.0f} s)", file=sys.stderr, flush=True)
    if not args.out:
        print(text)


if __name__ == "__main__":
    main()
