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
    loaded = [b for b in entry.loaded.values() if not b.footprint.unevaluable]
    results: dict[tuple[str, str], list[float]] = {}
    floors: dict[tuple[str, str], dict] = {}
    for seed in range(seeds):
        columns = demographics(locale, rows, seed, "faithful")
        table = pa.table({k: pa.array(v) for k, v in columns.items()})
        tables = tables_from_arrow(table, entry.schema, [b.footprint.scan_columns()
                                                         for b in loaded])
        for b in loaded:
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
    for label, other in ([(f"EAPS {y}", by_sex(eaps, "year", y)) for y in range(2016, 2025)]
                         + [(f"LLFS {p}", by_sex(llfs, "period", p)) for p in (
                             "2023H1", "2023H2", "2024H1", "2024H2", "2025H1", "2025H2")]):
        lost = float(1 - metrics.variation_reproduced(other, ref, None))
        back = float(1 - metrics.variation_reproduced(ref, other, None))
        print(f"occupation x sex, {label} vs EAPS 2025: dependence lost {lost:+.4f} "
              f"(EAPS 2025 against it {back:+.4f})")
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


def _three_way(shared: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(shared / "reference-data" / "three_way" / name, comment="#", dtype=str)


EAPS_THREE = {"15-24": "<25", "25-54": "25-54", "55-64": "55+", "65+": "55+"}
MOEL_THREE = {"18-19": "<25", "20-24": "<25", "55-59": "55+", "60-69": "55+",
              **{f"{a}-{a + 4}": "25-54" for a in range(25, 55, 5)}}


def _cube(frame: pd.DataFrame, age: str, bands: dict, value: str) -> np.ndarray:
    frame = frame.assign(band=frame[age].map(bands), n=pd.to_numeric(frame[value]).fillna(0.0))
    cube = frame.dropna(subset=["band"]).groupby(["sex", "band", "occ"])["n"].sum()
    return cube.unstack(fill_value=0.0).to_numpy().reshape(2, 3, -1)


def interactions(shared: Path) -> None:
    """The second source of occupation x sex x age, and what MOEL's wage-worker frame does to
    the segregation inside a major group."""
    eaps = _three_way(shared, "kor_ilostat_eaps2024_occ_ksco_major_x_sex_x_age.csv")
    moel = _three_way(shared, "kor_moel_lcet2025_occ_major_x_sex_x_age.csv")
    moel = moel[(moel.occ_code != "ALL") & moel.sex.isin(["male", "female"])]
    e = _cube(eaps.assign(occ=eaps.occ_code), "age_band", EAPS_THREE, "value_thousands")
    m = _cube(moel.assign(occ=moel.occ_code), "age", MOEL_THREE, "n_workers")
    young = _cube(moel.assign(occ=moel.occ_code), "age", {**MOEL_THREE, "18-19": None},
                  "n_workers")
    print(f"occupation x sex x age (<25, 25-54, 55+): MOEL reproduces "
          f"{float(metrics.interaction_reproduced(m, e)):.3f} of EAPS's interaction, EAPS "
          f"{float(metrics.interaction_reproduced(e, m)):.3f} of MOEL's; MOEL without 18-19 "
          f"{float(metrics.interaction_reproduced(young, e)):.3f}")
    leaf = _three_way(shared, "kor_moel_lcet2025_occ_minor_x_sex.csv")
    counts = leaf[["n_male", "n_female"]].astype(float).to_numpy()
    strata = pd.factorize(leaf.major)[0]
    share = counts[:, 1] / counts.sum(axis=1)
    eaps25 = _read(shared, "occ_major_by_sex_EAPS_annual_2016_2025.csv")
    eaps25 = eaps25[(eaps25.year == 2025) & eaps25.measure.isin(["male", "female"])
                    & (eaps25.ksco_major != "total")]
    women = eaps25.pivot_table(index="ksco_major", columns="measure", values="value")
    target = (women["female"] / women.sum(axis=1)).to_dict()
    moved = share.copy()
    for g in np.unique(strata):
        at = strata == g
        logit = np.log(np.clip(share[at], 1e-4, 1 - 1e-4) / np.clip(1 - share[at], 1e-4, 1))
        low, high = -10.0, 10.0
        for _ in range(60):
            mid = (low + high) / 2
            level = np.average(1 / (1 + np.exp(-(logit + mid))), weights=counts[at].sum(axis=1))
            low, high = (mid, high) if level < target[leaf.major[at].iloc[0]] else (low, mid)
        moved[at] = 1 / (1 + np.exp(-(logit + mid)))
    table = np.column_stack([1 - moved, moved]) * counts.sum(axis=1, keepdims=True)
    print(f"MOEL leaves shifted to EAPS 2025's major shares lose "
          f"{float(1 - metrics.variation_reproduced(table, counts, strata)):.4f} of MOEL's "
          "within-major pattern")
    frame_by_major()


def frame_by_major() -> None:
    """What MOEL's wage-worker frame does to each major group's share of women with the
    composition held: its leaves' shares weighted by all employed's composition (LLFS
    2024H1 sub-majors, the release's strings within them), against EAPS 2025."""
    from iaf.simulators import ko_KR_sex  # noqa: PLC0415 - the faithful model's own weights
    from iaf.simulators.ko_KR_inputs import inputs  # noqa: PLC0415

    leaves, leaf_of = ko_KR_sex._leaves(inputs())
    weights = ko_KR_sex._cells(inputs(), leaves, leaf_of).sum(axis=(1, 2))
    moel, eaps = ko_KR_sex._moel(leaves), ko_KR_sex._eaps_2025()
    major = np.array([int(leaf[0]) - 1 for leaf in leaves])
    for m in range(9):
        at = (major == m) & np.isfinite(moel)
        level = np.average(moel[at], weights=weights[at])
        print(f"KSCO {m + 1}: MOEL's leaves on all employed's composition {level:.3f} women, "
              f"EAPS 2025 {eaps[m]:.3f} ({100 * (level - eaps[m]):+.1f} points)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locale", default="ko_KR")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    args = parser.parse_args()
    if args.locale == "ko_KR" and (args.shared / "reference-data").is_dir():
        drift(args.shared)
        interactions(args.shared)
    faithful_runs(args.locale, args.rows, args.seeds)


if __name__ == "__main__":
    main()
