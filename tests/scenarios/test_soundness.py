"""A pass means faithful: planted infidelities at sizes where they are fast. Missing groups
count, kappa is signed, small releases are never a pass, the drifted population the
tolerance admits passes, and the card's own generator is caught by the three-way footprint."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from iaf.results import Verdict
from tests.helpers import SHIPPED, demographic_table, records

CROSSWALK = SHIPPED.locale("ko_KR").crosswalk("occupation_ksco7").primary


def faithful(rows: int = 20_000, seed: int = 5) -> pa.Table:
    return demographic_table("ko_KR", rows, seed, "faithful")


def major(table: pa.Table) -> np.ndarray:
    return np.array([CROSSWALK.get(o, "")[:1] for o in table["occupation"].to_pylist()])


def replaced(table: pa.Table, column: str, values: np.ndarray) -> pa.Table:
    return table.set_column(table.schema.get_field_index(column), column,
                            pa.array(values.tolist()))


def test_missing_groups_are_gaps_of_their_full_share():
    """KSCO 1, 7 and 8 (19% of employment) vanish: the conditional TVD counts their whole
    weight, the occupation marginal sees them, the cells name them."""
    table = faithful()
    gone = np.isin(major(table), ["1", "7", "8"])
    occupation = np.where(gone, "무직", table["occupation"].to_numpy(zero_copy_only=False))
    result = records(replaced(table, "occupation", occupation), "ko_KR",
                     ["occupation_x_sex", "marginal_occupation", "female_share_male_dominated"])
    joint = result["occupation_x_sex"].primary.view
    assert result["occupation_x_sex"].verdict is Verdict.FAIL
    assert joint.metrics["missing_groups"] == 3 and joint.metrics["conditional_tvd"] > 0.15
    assert result["marginal_occupation"].verdict is Verdict.FAIL
    flattening = result["female_share_male_dominated"]
    assert flattening.verdict is Verdict.FAIL
    assert flattening.primary.view.metrics["male_dominated_groups_missing"] == 3
    assert {c.note for c in flattening.primary.view.cells} == {
        "missing: no release rows (counted at parity)"}


def test_an_inverted_ratio_is_not_close_to_the_reference():
    """Managers 82% female (reference 18%) gave kappa 1.000 when kappa was symmetric."""
    table = faithful()
    sex = table["sex"].to_numpy(zero_copy_only=False).copy()
    managers = np.flatnonzero(major(table) == "1")
    rng = np.random.default_rng(1)
    sex[managers] = np.where(rng.random(managers.size) < 0.82, "여자", "남자")
    result = records(replaced(table, "sex", sex), "ko_KR", ["female_share_male_dominated"])
    view = result["female_share_male_dominated"].primary.view
    assert result["female_share_male_dominated"].verdict is Verdict.FAIL
    assert view.metrics["groups_crossing_parity"] == 1
    assert view.metrics["min_group_kappa"] < -0.5
    assert any(c.note == "crossed parity" and c.where.startswith("1 ")
               for c in view.cells)


def test_over_segregation_is_an_exaggeration_not_a_pass():
    table = faithful(100_000)
    sex = table["sex"].to_numpy(zero_copy_only=False).copy()
    women = np.flatnonzero((major(table) == "7") & (sex == "여자"))
    sex[women[: len(women) * 2 // 3]] = "남자"  # group 7: 11% women -> about 4%
    result = records(replaced(table, "sex", sex), "ko_KR", ["female_share_male_dominated"])
    view = result["female_share_male_dominated"].primary.view
    assert result["female_share_male_dominated"].verdict is Verdict.FAIL
    assert view.metrics["exaggerated_groups"] == 1 and view.metrics["groups_outside_tolerance"] == 1
    assert [c.note for c in view.cells if c.where.startswith("7 ")] == ["exaggerated"]


@pytest.mark.slow
@pytest.mark.parametrize("rows", [100, 1000])
def test_a_small_release_is_never_a_pass_by_default(rows):
    """Card-independence releases of 100 and 1,000 rows: every evaluable joint footprint fails
    or says it cannot tell (with the rows it needs); none passes."""
    joints = [f.id for f in SHIPPED.locale("ko_KR").footprints
              if f.kind.value != "marginal" and not f.unevaluable]
    for seed in range(8):
        result = records(demographic_table("ko_KR", rows, seed, "card-independence"), "ko_KR")
        for fid in joints:
            assert result[fid].verdict is not Verdict.PASS, (rows, seed, fid)
            if result[fid].verdict is Verdict.INCONCLUSIVE and "frame" in result[fid].reason:
                assert "needs about" in result[fid].reason or "admits" in result[fid].reason


def test_the_drift_the_tolerance_admits_passes_at_small_sizes():
    """Faithful 20k releases of a population one year older (everyone's age + 1: a TVD of
    about 0.017 in these bands, inside the 0.02 marginal_age admits): with noise and drift
    maxed instead of added, a drift like this failed 18% of the time."""
    verdicts = []
    for seed in range(20):
        table = faithful(20_000, seed=100 + seed)
        older = np.minimum(table["age"].to_numpy() + 1, 99)
        result = records(replaced(table, "age", older), "ko_KR", ["marginal_age"])
        verdicts.append(result["marginal_age"].verdict)
    assert Verdict.FAIL not in verdicts


@pytest.mark.slow
def test_main_effects_pass_two_way_tables_and_fail_the_interactions():
    """The card's generator taken at its word keeps every two-way table; at 200,000 rows the
    sex x age interaction and the segregation below the major group catch it, and the sex x
    education one (whose exaggeration side needs about 350,000 rows) never passes it."""
    result = records(demographic_table("ko_KR", 200_000, 2, "main-effects"), "ko_KR")
    assert result["occupation_x_sex_x_age"].verdict is Verdict.FAIL
    assert result["occupation_x_sex_minor"].verdict is Verdict.FAIL
    assert result["occupation_x_sex_x_education"].verdict is not Verdict.PASS
    assert result["occupation_x_sex"].verdict is not Verdict.FAIL
    assert result["occupation_x_sex_x_major"].verdict is Verdict.UNEVALUABLE
    assert "combined effect of sex and major" in result["occupation_x_sex_x_major"].reason


@pytest.mark.slow
def test_a_small_occupation_absent_by_chance_is_not_a_missing_group():
    """US releases of 3,000 rows miss some of the 90 small male-dominated occupations by chance:
    faithful ones are not failed for it (5 of 5 were), the empty groups are named as absent by
    chance; a large occupation removed from a 300,000-row release is missing and fails."""
    for seed in range(3):
        result = records(demographic_table("en_US", 3_000, seed, "faithful"), "en_US",
                         ["female_share_male_dominated"])["female_share_male_dominated"]
        view = result.primary.view
        assert result.verdict is not Verdict.FAIL, (seed, result.reason)
        assert view.metrics["male_dominated_groups_without_rows"] > 0
        assert view.metrics["male_dominated_groups_missing"] == 0
    table = demographic_table("en_US", 300_000, 1, "faithful")
    occupation = table["occupation"].to_numpy(zero_copy_only=False)
    gone = replaced(table, "occupation", np.where(occupation == "construction_laborer",
                                                  "not_in_workforce", occupation))
    result = records(gone, "en_US", ["female_share_male_dominated"])[
        "female_share_male_dominated"]
    assert result.verdict is Verdict.FAIL
    assert result.primary.view.metrics["male_dominated_groups_missing"] == 1
    assert "Construction laborers" in {c.where for c in result.primary.view.cells
                                       if c.note.startswith("missing")}


def _plants():
    import sys  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import plants  # noqa: PLC0415

    return plants


def _planted(rows: int, fid: str, metric: str, value: float, seed: int = 3) -> pa.Table:
    """A faithful release redrawn with the weights that plant ``metric`` at ``value``."""
    plants = _plants()
    source = demographic_table("ko_KR", 4 * rows, seed, "faithful")
    columns = {c: source[c].to_numpy(zero_copy_only=False) for c in source.column_names}
    weights = plants.effect(fid, metric, value)(columns)
    take = np.random.default_rng(seed).choice(len(weights), rows, p=weights / weights.sum())
    return source.take(pa.array(take))


def test_exaggerated_segregation_fails_and_is_named_as_such():
    """The sex pattern of occupations pushed half again away from independence: rho and the
    conditional TVD see a distance, dependence_exaggerated names its direction."""
    table = _planted(60_000, "occupation_x_sex", "dependence_exaggerated", 0.5)
    result = records(table, "ko_KR", ["occupation_x_sex"])["occupation_x_sex"]
    assert result.verdict is Verdict.FAIL
    failed = {c.metric for c in result.primary.checks if not c.success}
    assert "dependence_exaggerated" in failed and "dependence_lost" not in failed
    assert "dependence_exaggerated" in result.reason


@pytest.mark.slow
def test_a_reversed_sex_x_age_interaction_fails_the_three_way_footprint_only():
    """Every two-way table kept (the reference moved past its own no-interaction fit): the
    two-way footprints cannot see it, occupation_x_sex_x_age fails at 300,000 rows."""
    table = _planted(300_000, "occupation_x_sex_x_age", "interaction_reproduced", -1.0)
    result = records(table, "ko_KR", ["occupation_x_sex_x_age", "occupation_x_sex"])
    assert result["occupation_x_sex_x_age"].verdict is Verdict.FAIL
    assert result["occupation_x_sex_x_age"].primary.view.metrics["interaction_reproduced"] < 0
    assert result["occupation_x_sex"].verdict is not Verdict.FAIL


def test_a_shift_inside_a_major_group_fails_the_footprint_below_it():
    """KSCO 24 (health and welfare professionals) made 10% women at 35+, compensated inside
    major group 2: occupation_x_sex keeps its shares, occupation_x_sex_minor fails."""
    plants = _plants()
    table = faithful(150_000, seed=8)
    columns = {c: table[c].to_numpy(zero_copy_only=False) for c in table.column_names}
    shifted = plants.within_major_shift(columns, np.random.default_rng(1))
    result = records(replaced(table, "sex", shifted["sex"]), "ko_KR",
                     ["occupation_x_sex_minor", "occupation_x_sex"])
    assert result["occupation_x_sex_minor"].verdict is Verdict.FAIL
    assert result["occupation_x_sex"].verdict is not Verdict.FAIL


def test_copied_personas_fail_identity_with_their_count_and_rows():
    from tests.helpers import generated  # noqa: PLC0415

    table = generated(20_000, 4, "faithful")
    assert records(table, "ko_KR", ["identity"])["identity"].verdict is Verdict.PASS
    take = np.arange(table.num_rows)
    take[1000:1200] = np.arange(200)  # 200 rows copied, ids and all
    result = records(table.take(pa.array(take)), "ko_KR", ["identity"])["identity"]
    assert result.verdict is Verdict.FAIL
    assert result.primary.view.metrics["duplicate_ids"] == 200
    assert result.primary.view.metrics["duplicate_personas"] == 200
    assert "row 1,000 repeats row 0" in result.primary.view.cells[0].where
    fresh = table.take(pa.array(take)).set_column(0, "uuid", table["uuid"])
    result = records(fresh, "ko_KR", ["identity"])["identity"]
    assert result.verdict is Verdict.FAIL and result.primary.view.metrics["duplicate_ids"] == 0


@pytest.mark.slow
def test_the_female_share_is_mapping_dependent_where_the_leaves_see_more():
    """The main-effects generator keeps each major group's share of women (the primary view
    passes) but not the leaves' inside them (the MOEL-leaf mapping fails): mapping-dependent."""
    table = demographic_table("ko_KR", 400_000, 2, "main-effects")
    result = records(table, "ko_KR", ["female_share_male_dominated"])
    record = result["female_share_male_dominated"]
    leaf = next(v for v in record.views if v.view.name == "moel_leaf")
    assert record.verdict is Verdict.PASS and leaf.verdict is Verdict.FAIL
    assert record.mapping_dependent
