"""Rule-implied footprint: military service by age, checked against the institution's rules.

No official table crosses the release's ``military_status`` with age, so the check rests on
what the law and the published strength imply. Hard constraints (who may serve at all, and at
what ages) must hold for almost every active-duty row; bands (the share of young men on active
duty, the rank composition, the female share of cadre) come from official series. A band
metric is the distance outside the band (0 inside), so the suite's tolerance reads the same
for every band.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from iaf import cache, metrics, noise
from iaf.catalogue import LoadedFootprint
from iaf.catalogue.crosswalks import band_bounds
from iaf.catalogue.params import MilitaryParams
from iaf.results import Cell, CountTable, Evaluation, Figure, Role, View
from iaf.tables import ContingencyTable, Tables


@dataclass(frozen=True)
class Institution:
    """What the references say: per-class rules, the rank mix, and the two bands."""

    rules: object  # DataFrame: class, constraint, limit, basis
    composition: dict[str, float]
    enlisted_band: tuple[float, float]
    cadre_band: tuple[float, float]


def _institution(loaded: LoadedFootprint[MilitaryParams]) -> Institution:
    rules, strength, enlisted, women = (loaded.reference(i).data for i in range(4))
    year = strength[(strength.year == loaded.params.composition_year) & (strength.branch == "all")]
    classes = loaded.params.strength_classes
    # observed shares only: the 2022 figure is a plan, not an observation
    observed = women.measure.str.contains(loaded.params.cadre_measure) & \
        ~women.reference_date.str.contains("target")
    cadre = women[observed]["value"] / 100.0
    return Institution(
        rules=rules,
        composition={classes[c]: float(v) for c, v in zip(year["class"], year["value"])},
        enlisted_band=(float(enlisted.value.min()), float(enlisted.value.max())),
        cadre_band=(float(cadre.min()), float(cadre.max())),
    )


def _band_gap(value: float, band: tuple[float, float]) -> float:
    return max(0.0, band[0] - value, value - band[1])


def _military_codes(loaded: LoadedFootprint[MilitaryParams]) -> dict[str, str]:
    """Release occupation -> class (장교/부사관/병사) for the military strings, via the crosswalk."""
    spec, classes = loaded.params.crosswalk, loaded.params.classes
    crosswalk = loaded.crosswalks[spec.id]
    targets = crosswalk.mapping(spec.variant) if spec.variant else crosswalk.primary
    return {v: classes[t] for v, t in targets.items() if t in classes}


def _violations(active: ContingencyTable, rules) -> list[dict]:
    """Rows breaking each hard rule; ``active`` is class x sex x age."""
    ages = np.array(active.categories[2])
    sexes = list(active.categories[1])
    found = []
    for i, cls in enumerate(active.categories[0]):
        rows = active.counts[i]  # sex x age
        for rule in rules[rules["class"] == cls].itertuples():
            if rule.constraint == "sex":
                allowed = rows[sexes.index(rule.limit)].sum() if rule.limit in sexes else 0
                bad, label, kind = rows.sum() - allowed, f"{cls} who are not {rule.limit}", "sex"
            else:
                limit = int(rule.limit)
                below = rule.constraint == "min_age"
                bad = rows[:, ages < limit if below else ages > limit].sum()
                label = f"{cls} {'younger' if below else 'older'} than {limit}"
                kind = "age"
            found.append({"rule": label, "kind": kind, "rows": int(bad), "of": int(rows.sum()),
                          "basis": rule.basis})
    return found


def _status_mismatch(active_label: str, table: ContingencyTable, military: dict[str, str]) -> int:
    """Rows where military_status and occupation disagree about active duty."""
    status = table.marginal(["military_status", "occupation"])
    is_military = np.array([o in military for o in status.categories[1]])
    is_active = np.array([s == active_label for s in status.categories[0]])
    return int(status.counts[is_active][:, ~is_military].sum()
               + status.counts[~is_active][:, is_military].sum())


def _men_of_draft_age(male: str, draft: str, table: ContingencyTable) -> int:
    """Men in the interval of ages the enlisted are compared with (params.draft_ages)."""
    sex_age = table.marginal(["sex", "age"])
    if male not in sex_age.categories[0]:
        return 0
    low, high = band_bounds(draft)
    ages = np.array(sex_age.categories[1])
    men = sex_age.counts[sex_age.categories[0].index(male)]
    return int(men[(ages >= low) & (ages <= high)].sum())


def _cells(values: dict, violations: list[dict], institution: Institution, counts: dict,
           composition: metrics.Comparison, year: str) -> tuple[Cell, ...]:
    """The rules broken (a rule expects no row: listed when some break it), then the official
    bands (the range in the note) and the rank composition."""
    rules = [Cell("military_status disagrees with occupation", reference=0.0,
                  synthetic=values.get("status_mismatch_share"), rows=counts["mismatch"],
                  note="현역 rows are the military occupations")]
    rules += [Cell(v["rule"], synthetic=v["rows"] / max(v["of"], 1), reference=0.0,
                   rows=v["rows"], note=v["basis"]) for v in violations]
    (low, high), (cadre_low, cadre_high) = institution.enlisted_band, institution.cadre_band
    bands = [Cell("enlisted per man aged 20-24", synthetic=values.get("enlisted_per_men_20_24"),
                  rows=counts["enlisted"], note=f"expected {low:.1%}-{high:.1%}; MND 운영병력 "
                                                "병 / KOSTAT men 20-24, 2019-2023"),
             Cell("female share of officers and NCOs", synthetic=values.get("cadre_female_share"),
                  rows=counts["cadre"], note=f"expected {cadre_low:.1%}-{cadre_high:.1%}; MND "
                                             "2016 and 2020 (observed)")]
    ranks = [Cell(f"share of active duty who are {g.category}", synthetic=g.synthetic,
                  reference=g.reference, rows=counts[g.category], note=f"MND 운영병력 {year}")
             for g in composition.gaps]
    return tuple([c for c in rules if c.rows] + bands + ranks)


def _age_profile(active: ContingencyTable, rules) -> Figure:
    """Active-duty rows per rank and age, with each rank's statutory ages as its band."""
    by_age = active.counts.sum(axis=1)  # class x age
    bands: dict[str, tuple[float | None, float | None]] = {}
    for cls in active.categories[0]:
        limits = rules[(rules["class"] == cls) & rules.constraint.isin(["min_age", "max_age"])]
        low = limits[limits.constraint == "min_age"]["limit"]
        high = limits[limits.constraint == "max_age"]["limit"]
        bands[str(cls)] = (float(low.iloc[0]) if len(low) else None,
                           float(high.iloc[0]) if len(high) else None)
    return Figure.of("age_profile", active.categories[0], active.categories[2], by_age,
                     bands=bands)


def evaluate(loaded: LoadedFootprint[MilitaryParams], tables: Tables) -> Evaluation:
    params = loaded.params
    institution = _institution(loaded)
    table = tables.get(loaded.footprint.scan_columns())
    military = _military_codes(loaded)
    classes = sorted(set(params.classes.values()))
    by_class, _ = table.regroup("occupation", military, order=classes)
    active = by_class.marginal(["occupation", "sex", "age"])
    per_class = dict(zip(classes, active.marginal(["occupation"]).counts.tolist()))
    sexes = list(active.categories[1])
    cadre = active.counts[[classes.index(c) for c in params.cadre]]
    cadre_women = int(cadre[:, sexes.index(params.female)].sum()) \
        if params.female in sexes else 0
    counts = {**per_class, "active": active.total, "cadre": int(cadre.sum()),
              "enlisted": per_class[params.enlisted],
              "men_20_24": _men_of_draft_age(params.male, params.draft_ages, table),
              "mismatch": _status_mismatch(params.active, table, military)}
    if not counts["active"] and not counts["mismatch"] and not counts["men_20_24"]:
        return Evaluation(inconclusive="the release has no active-duty rows, no row whose "
                                       "military_status disagrees with it, and no men aged "
                                       "20-24: no rule can be evaluated")
    violations = _violations(active, institution.rules)
    broken = {k: sum(v["rows"] for v in violations if v["kind"] == k) for k in ("sex", "age")}
    expected = np.array([institution.composition[c] for c in classes])
    shares = np.array([per_class[c] for c in classes], dtype=float)
    composition = metrics.compare(classes, shares if shares.sum() else expected, expected)
    values, unavailable = _values(counts, broken, composition, cadre_women, institution)
    cells = _cells(values, violations, institution, counts, composition,
                   params.composition_year)
    rows = {"enlisted_not_male_share": counts["enlisted"],
            "outside_age_limits_share": counts["active"],
            "status_mismatch_share": counts["active"] + counts["mismatch"]}
    band_noise = cache.remembered(lambda: _noise(counts, institution, expected))
    detect = loaded.detect()
    counterfactual = noise.proportion({m: d for m, d in detect.items() if m in values}, rows)
    by_sex = active.marginal(["occupation", "sex"])
    view = View("main", Role.PRIMARY, values, band_noise, cells, frame_rows=counts["active"],
                counterfactual=counterfactual,
                unavailable=unavailable,
                table=CountTable.of(by_sex.categories[0], by_sex.categories[1], by_sex.counts),
                figure=_age_profile(active, institution.rules))
    return Evaluation(views=(view,))


def _values(counts: dict, broken: dict, composition: metrics.Comparison, cadre_women: int,
            institution: Institution) -> tuple[dict[str, float], dict[str, str]]:
    """Every rule metric whose denominator the release has; the others, with the reason. A
    release without active duty at all is compared as such: its rank mix cannot be, but its
    enlisted share of young men (0) can."""
    values: dict[str, float] = {"active_duty_rows": float(counts["active"])}
    unavailable: dict[str, str] = {}

    def put(metric: str, rows: int, value, why: str) -> None:
        if rows:
            values[metric] = float(value())
        else:
            unavailable[metric] = why

    active, enlisted, men, cadre = (counts[k] for k in ("active", "enlisted", "men_20_24",
                                                        "cadre"))
    put("status_mismatch_share", active + counts["mismatch"],
        lambda: counts["mismatch"] / (active + counts["mismatch"]), "no active-duty rows")
    put("enlisted_not_male_share", enlisted, lambda: broken["sex"] / enlisted, "no enlisted rows")
    put("outside_age_limits_share", active, lambda: broken["age"] / active, "no active-duty rows")
    put("rank_composition_tvd", active, lambda: composition.distance, "no active-duty rows")
    put("enlisted_per_men_20_24", men, lambda: enlisted / men, "no men aged 20-24")
    put("enlisted_share_band_gap", men,
        lambda: _band_gap(enlisted / men, institution.enlisted_band), "no men aged 20-24")
    put("cadre_female_share", cadre, lambda: cadre_women / cadre, "no officers or NCOs")
    put("cadre_female_share_band_gap", cadre,
        lambda: _band_gap(cadre_women / cadre, institution.cadre_band), "no officers or NCOs")
    return values, unavailable


def _noise(counts: dict, institution: Institution, composition: np.ndarray
           ) -> dict[str, noise.Band]:
    """Noise bands of the band metrics (binomial at the band's upper end) and of the rank mix;
    the hard rules have none (a faithful release breaks them in no row)."""
    def binomial(p: float, n: int) -> noise.Band:
        sd = float(np.sqrt(p * (1 - p) / max(n, 1)))
        return {"below": 0.0, "above": noise.Z * sd, "sd": sd}

    draws = noise.draw_tables(composition[None], np.array([counts["active"]]))[:, 0]
    return {
        "enlisted_share_band_gap": binomial(institution.enlisted_band[1], counts["men_20_24"]),
        "cadre_female_share_band_gap": binomial(institution.cadre_band[1], counts["cadre"]),
        "rank_composition_tvd": noise.band(metrics.marginal_distances(draws, composition)[0], 0.0),
        **{m: {"below": 0.0, "above": 0.0, "sd": 0.0} for m in (
            "status_mismatch_share", "enlisted_not_male_share", "outside_age_limits_share")},
    }
