"""Evidence for the tolerances in expectations/<locale>/*.json (their meta.why cites it).

Prints, for each footprint metric of a locale:
  * the metric of faithful releases over several seeds (the bias of the generator and of the
    strict crosswalk) and its noise floor at that size (FLOOR_QUANTILE of sampling noise),
  * for ko_KR, reference-to-reference drift: the same metric between two official vintages or
    surveys (needs the gathered figures in ../shared/reference-data/ko_KR).

    python scripts/calibrate.py --locale ko_KR --rows 1000000 --seeds 3 --shared ../shared
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from iaf import metrics
from iaf.catalogue import Catalogue
from iaf.evaluators import EVALUATORS
from iaf.scan import tables_from_arrow
from iaf.simulators.build import demographics


def faithful_runs(locale: str, rows: int, seeds: int) -> None:
    entry = Catalogue.shipped().locale(locale)
    bound = [b for b in entry.bound.values() if not b.footprint.unevaluable]
    results: dict[tuple[str, str], list[float]] = {}
    floors: dict[tuple[str, str], dict] = {}
    for seed in range(seeds):
        columns = demographics(locale, rows, seed, "faithful")
        table = pa.table({k: pa.array(v) for k, v in columns.items()})
        tables = tables_from_arrow(table, entry.schema, [b.footprint.scan_columns()
                                                         for b in bound])
        for b in bound:
            fp = b.footprint
            evaluation = EVALUATORS[fp.method](b, tables)
            for view in evaluation.views[:1]:
                for name, value in view.metrics.items():
                    results.setdefault((fp.id, name), []).append(value)
                    band = view.noise.get(name, {})
                    floors[(fp.id, name)] = {k: band[k] for k in ("below", "above") if k in band}
    print(f"{'footprint':30} {'metric':30} {'faithful (min..max)':>26} {'noise band (below, above)':>28}")
    for (fp, name), values in results.items():
        floor = floors[(fp, name)]
        shown = ", ".join(f"{k} {v:.4f}" for k, v in floor.items())
        print(f"{fp:30} {name:30} {min(values):>12.4f}..{max(values):<12.4f} {shown:>20}")


def _read(shared: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(shared / "reference-data" / "ko_KR" / name, comment="#")


def drift(shared: Path) -> None:
    pop = _read(shared, "pop_age_sex_DT_1BPA001_2020_2025.csv")
    bands = [f"{a}-{a + 4}" for a in range(20, 85, 5)]
    def age_dist(year: int) -> np.ndarray:
        t = pop[(pop.year == year) & (pop.sex == "total")].set_index("age_band_or_measure").value
        return np.array([*(t[b] for b in bands), t[["85-89", "90-94", "95-99", "100이상"]].sum()])
    for year in (2020, 2024):
        a, b = age_dist(year), age_dist(2025)
        gaps = np.abs(a / a.sum() - b / b.sum())
        print(f"age 20+ bands, {year} vs 2025 projection: TVD {metrics.tvd(a, b):.4f}, "
              f"largest band gap {gaps.max():.4f}")
    def male_share(year: int) -> float:
        row = pop[(pop.year == year) & (pop.age_band_or_measure == "20+")].set_index("sex").value
        return row["male"] / (row["male"] + row["female"])
    print(f"male share of 20+: 2020 {male_share(2020):.4f}, 2025 {male_share(2025):.4f}")
    eaps = _read(shared, "occ_major_by_sex_EAPS_annual_2016_2025.csv")
    llfs = _read(shared, "occ_major_by_sex_LLFS_halfyear_2015_2025.csv")
    def by_sex(frame: pd.DataFrame, column: str, period) -> np.ndarray:
        rows = frame[(frame[column] == period) & frame.measure.isin(["male", "female"])
                     & (frame.ksco_major != "total")]
        return rows.pivot_table(index="ksco_major", columns="measure", values="value"
                                )[["male", "female"]].to_numpy(float)
    ref = by_sex(eaps, "year", 2025)
    for label, other in (("EAPS 2024", by_sex(eaps, "year", 2024)),
                         ("LLFS 2025H2", by_sex(llfs, "period", "2025H2")),
                         ("LLFS 2024H1", by_sex(llfs, "period", "2024H1"))):
        dep = metrics.Dependence.of(other, ref)
        r_share, o_share = ref[:, 1] / ref.sum(1), other[:, 1] / other.sum(1)
        dominated = r_share < 0.25
        kappa = metrics.flattening(o_share[dominated], r_share[dominated],
                                   ref.sum(1)[dominated])
        print(f"occupation x sex, {label} vs EAPS 2025: conditional TVD {dep.distance:.4f}, "
              f"rho {dep.rho:.4f}, kappa {kappa:.4f}")
    strength = _read(shared, "military_strength_2017_2023.csv")
    def composition(year: int) -> np.ndarray:
        rows = strength[(strength.year == year) & (strength.branch == "all")]
        return rows.set_index("class").value[["장교", "부사관", "병"]].to_numpy(float)
    for year in (2019, 2021):
        print(f"rank composition {year} vs 2023: TVD "
              f"{metrics.tvd(composition(year), composition(2023)):.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locale", default="ko_KR")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    args = parser.parse_args()
    if args.locale == "ko_KR" and (args.shared / "reference-data").is_dir():
        drift(args.shared)
    faithful_runs(args.locale, args.rows, args.seeds)


if __name__ == "__main__":
    main()
