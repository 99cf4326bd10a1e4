"""Rule-implied footprint: military service by age, checked against the institution's rules.

No official table crosses the release's ``military_status`` with age, so the check rests on
what the law and the published strength imply. Hard constraints (who may serve at all, and at
what ages) must hold for almost every active-duty row; bands (the share of young men on active
duty, the rank composition, the female share of cadre) come from official series. A band
metric is the distance outside the band (0 inside), so the suite's tolerance reads the same
for every band.
"""

from __future__ import annotations

import numpy as np

from iaf import metrics
from iaf.crosswalks import load_crosswalk
from iaf.evaluation import Evaluation, View
from iaf.footprints import Footprint
from iaf.references import load_reference
from iaf.tables import ContingencyTable, Tables


def _band_gap(value: float, low: float, high: float) -> float:
    return max(0.0, low - value, value - high)


def _references(fp: Footprint) -> dict:
    rules, strength, enlisted, women = (load_reference(fp.locale, r).data for r in fp.references)
    classes = fp.params["strength_classes"]
    year = strength[strength.year == fp.params["composition_year"]]
    year = year[year.branch == "all"].set_index("class")["value"]
    composition = {classes[c]: float(v) for c, v in year.items()}
    cadre = women[women.measure.str.contains("간부")]["value"] / 100.0
    return {
        "rules": rules,
        "composition": composition,
        "enlisted_band": (float(enlisted.value.min()), float(enlisted.value.max())),
        "cadre_band": (float(cadre.min()), float(cadre.max())),
    }


def _by_class(fp: Footprint, table: ContingencyTable) -> ContingencyTable:
    """Active-duty rows by class (장교/부사관/병사), sex and age, via the strict crosswalk."""
    spec = fp.params["crosswalk"]
    targets = load_crosswalk(fp.locale, spec["id"]).mapping(spec["variant"])
    classes = fp.params["classes"]
    mapping = {v: classes.get(targets.get(v, "")) for v in table.categories[table.dims.index(
        "occupation")]}
    by_class, _ = table.regroup("occupation", mapping, order=sorted(set(classes.values())))
    return by_class.marginal(["occupation", "sex", "age"])


def _violations(fp: Footprint, mil: ContingencyTable, rules) -> list[dict]:
    ages = np.array(mil.categories[2])
    sexes = list(mil.categories[1])
    found = []
    for cls_index, cls in enumerate(mil.categories[0]):
        rows = mil.counts[cls_index]  # sex x age
        for rule in rules[rules["class"] == cls].itertuples():
            if rule.constraint == "sex":
                bad = rows.sum() - (rows[sexes.index(rule.limit)].sum()
                                    if rule.limit in sexes else 0)
                label = f"{cls} who are not {rule.limit}"
            else:
                limit = int(rule.limit)
                outside = ages < limit if rule.constraint == "min_age" else ages > limit
                bad = rows[:, outside].sum()
                label = f"{cls} {'younger' if rule.constraint == 'min_age' else 'older'} " \
                        f"than {limit}"
            found.append({"rule": label, "rows": int(bad), "of": int(rows.sum()),
                          "basis": rule.basis})
    return found


def military_rules(fp: Footprint, tables: Tables) -> Evaluation:
    refs = _references(fp)
    table = tables.get(fp.scan_columns())
    mil = _by_class(fp, table)
    active = int(mil.total)
    if active == 0:
        return Evaluation(inconclusive="the release has no active-duty (military occupation) rows")
    p = fp.params
    status = table.marginal(["military_status", "occupation"])
    classes = load_crosswalk(fp.locale, p["crosswalk"]["id"]).mapping(p["crosswalk"]["variant"])
    is_mil = np.array([classes.get(o, "") in p["classes"] for o in status.categories[1]])
    is_active = np.array([s == p["active"] for s in status.categories[0]])
    mismatch = int(status.counts[is_active][:, ~is_mil].sum() + status.counts[~is_active][:, is_mil].sum())
    violations = _violations(fp, mil, refs["rules"])
    by_kind = {}
    for v in violations:
        kind = "enlisted_not_male" if "not" in v["rule"] else "outside_age_limits"
        by_kind[kind] = by_kind.get(kind, 0) + v["rows"]
    enlisted_rows = mil.marginal(["occupation"]).counts
    cls = list(mil.categories[0])
    enlisted = int(enlisted_rows[cls.index("병사")])
    enlisted_total = max(enlisted, 1)
    sex_age = table.marginal(["sex", "age"])
    ages = np.array(sex_age.categories[1])
    men = list(sex_age.categories[0]).index(p["male"]) if p["male"] in sex_age.categories[0] else None
    men_20_24 = int(sex_age.counts[men][(ages >= 20) & (ages <= 24)].sum()) if men is not None else 0
    cadre = mil.counts[[cls.index("장교"), cls.index("부사관")]]
    sexes = list(mil.categories[1])
    cadre_women = int(cadre[:, sexes.index(p["female"])].sum()) if p["female"] in sexes else 0
    cadre_rows = int(cadre.sum())
    composition = np.array([refs["composition"][c] for c in cls])
    comparison = metrics.compare(cls, enlisted_rows, composition)
    enlisted_share = enlisted / men_20_24 if men_20_24 else float("nan")
    female_share = cadre_women / cadre_rows if cadre_rows else float("nan")
    lo_e, hi_e = refs["enlisted_band"]
    lo_f, hi_f = refs["cadre_band"]
    if not men_20_24 or not cadre_rows:
        return Evaluation(inconclusive="the release has no men aged 20-24 or no military cadre "
                                       "rows, so the bands cannot be evaluated")
    values = {
        "status_mismatch_share": mismatch / (active + mismatch),
        "enlisted_not_male_share": by_kind.get("enlisted_not_male", 0) / enlisted_total,
        "outside_age_limits_share": by_kind.get("outside_age_limits", 0) / active,
        "enlisted_share_band_gap": _band_gap(enlisted_share, lo_e, hi_e),
        "cadre_female_share_band_gap": _band_gap(female_share, lo_f, hi_f),
        "rank_composition_tvd": comparison.distance,
        "enlisted_per_men_20_24": enlisted_share,
        "cadre_female_share": female_share,
        "active_duty_rows": float(active),
    }
    floors = {
        "enlisted_share_band_gap": {"max": metrics.share_floor(hi_e, men_20_24)},
        "cadre_female_share_band_gap": {"max": metrics.share_floor(hi_f, cadre_rows)},
        "rank_composition_tvd": {"max": metrics.tvd_floor(composition, active)},
    }
    cells = [{"check": v["rule"], "value": v["rows"] / max(v["of"], 1), "expected": "0",
              "rows": v["rows"], "basis": v["basis"]} for v in violations if v["rows"]]
    cells += [
        {"check": "enlisted per man aged 20-24", "value": enlisted_share,
         "expected": f"{lo_e:.1%}-{hi_e:.1%}", "rows": enlisted,
         "basis": "MND 운영병력 병 / KOSTAT men 20-24, 2019-2023"},
        {"check": "female share of officers and NCOs", "value": female_share,
         "expected": f"{lo_f:.1%}-{hi_f:.1%}", "rows": cadre_rows,
         "basis": "MND 2016 (5.5%), 2020 (7.4%), 2022 target (8.8%)"},
    ]
    cells += [{"check": f"share of active duty who are {g.category}", "value": g.synthetic,
               "expected": f"{g.reference:.1%}", "rows": int(enlisted_rows[cls.index(g.category)]),
               "basis": f"MND 운영병력 {p['composition_year']}"} for g in comparison.gaps]
    if mismatch:
        cells.insert(0, {"check": "military_status disagrees with occupation", "value":
                         values["status_mismatch_share"], "expected": "0", "rows": mismatch,
                         "basis": "현역 rows are the military occupations"})
    view = View("main", "primary", values, floors, tuple(cells), frame_rows=active)
    return Evaluation(views=(view,))
