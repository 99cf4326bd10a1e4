"""Evaluators on small hand-built releases: flattening with age standardisation, each military
rule, the crosswalk's mapped-mass minimum, and verdicts through the real GX suites."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from iaf.evaluators import conditional
from iaf.results import Verdict
from tests.helpers import SHIPPED, generated, record

DEFAULTS = {"sex": "남자", "age": 40, "occupation": "무직", "military_status": "비현역",
            "education_level": "고등학교", "bachelors_field": "해당없음", "province": "서울",
            "marital_status": "미혼", "housing_type": "아파트"}
# one release string per KSCO major group used below
JOBS = {"1": "기업 고위 임원", "2": "마케팅 전문가", "3": "경리 사무원", "4": "한식 조리사",
        "5": "그 외 상점 판매원", "6": "조경원", "7": "그 외 기능 관련 종사원",
        "8": "지게차 운전원", "9": "건물 청소원"}
# EAPS 2025 female shares of the male-dominated groups (reference: occ_major_sex_eaps_2025)
MALE_DOMINATED = {"1": 75 / 415, "7": 250 / 2231, "8": 294 / 2942}


def release(groups: list[tuple[dict, int]]) -> pa.Table:
    columns = {name: [] for name in DEFAULTS}
    for values, n in groups:
        for name, default in DEFAULTS.items():
            columns[name].extend([values.get(name, default)] * n)
    return pa.table(columns)


def employed(shares: dict[str, float], per_group: int = 2000, age: int = 40) -> list:
    """Rows of each major group with the given female shares (others at the reference)."""
    ref = SHIPPED.locale("ko_KR").table("occ_major_sex_eaps_2025").data
    rows = []
    for major, job in JOBS.items():
        by_sex = ref[ref.ksco_major == major].set_index("sex")["value"]
        share = shares.get(major, by_sex["여자"] / by_sex.sum())
        women = round(per_group * share)
        rows += [({"occupation": job, "sex": "여자", "age": age}, women),
                 ({"occupation": job, "sex": "남자", "age": age}, per_group - women)]
    return rows


def test_flattening_passes_at_the_reference_and_fails_toward_parity():
    small = record("female_share_male_dominated", release(employed({})))
    assert small.verdict is Verdict.INCONCLUSIVE  # 18,000 rows cannot tell 0.8 from noise
    assert "needs about" in small.reason
    faithful = record("female_share_male_dominated", release(employed({}, per_group=20_000)))
    assert faithful.verdict is Verdict.PASS
    assert faithful.primary.view.metrics["kappa"] == pytest.approx(1.0, abs=0.02)
    halfway = {g: r + 0.5 * (0.5 - r) for g, r in MALE_DOMINATED.items()}
    flattened = record("female_share_male_dominated", release(employed(halfway)))
    assert flattened.verdict is Verdict.FAIL
    assert flattened.primary.view.metrics["kappa"] == pytest.approx(0.5, abs=0.02)
    assert flattened.survives_standardisation is True
    assert flattened.mapping_dependent is False


def test_age_standardisation_can_overturn_a_crude_verdict():
    # Group 8 (operators): women only among the young, who the release over-represents.
    rows = [r for r in employed({}) if r[0]["occupation"] != JOBS["8"]]
    rows += [({"occupation": JOBS["8"], "sex": "여자", "age": 25}, 1000),
             ({"occupation": JOBS["8"], "sex": "남자", "age": 25}, 0),
             ({"occupation": JOBS["8"], "sex": "남자", "age": 55}, 1000)]
    result = record("female_share_male_dominated", release(rows))
    views = {v.view.name: v for v in result.views}
    crude = views["strict"].view.metrics["kappa"]
    standardised = views["strict_age_standardised"].view.metrics["kappa"]
    assert crude != pytest.approx(standardised, abs=0.05)


def test_too_little_mapped_mass_is_inconclusive_never_a_pass():
    """In the test catalogue's open occupation column, most rows carry a title its crosswalk
    does not list: the mapped share falls below the footprint's minimum."""
    from iaf.catalogue import Catalogue  # noqa: PLC0415
    from iaf.runner import audit_table  # noqa: PLC0415
    from tests.helpers import TINY  # noqa: PLC0415

    n = 1000
    table = pa.table({"sex": ["F", "M"] * n, "age": [40] * (2 * n), "persona": ["x"] * (2 * n),
                      "occupation": ["builder", "nurse"] * (n // 10) + ["astronaut"] * (
                          2 * n - 2 * (n // 10))})
    result = audit_table(table, "xx_XX", ["occupation_x_sex"], catalogue=Catalogue(TINY))
    record_ = result.records[0]
    assert record_.verdict is Verdict.INCONCLUSIVE
    assert "only 10.0% of the frame maps to the reference taxonomy" in record_.reason


def test_the_middle_dot_titles_are_a_glyph_not_a_mapping_choice():
    crosswalk = SHIPPED.locale("ko_KR").crosswalk("occupation_ksco7")
    assert crosswalk.mapping("strict")["농약·비료 기술자 및 연구원"] == "23213"
    assert crosswalk.frame_variants == ("broad",)
    assert SHIPPED.locale("ko_KR").loaded["occupation_x_sex"].variants() == [
        ("strict", "primary"), ("broad", "frame")]


def military(extra: list[tuple[dict, int]] = ()) -> pa.Table:
    """Active duty by the 2023 strength (60/26/14), 7% women among cadre, enlisted ~19.5%
    of men aged 20-24; plus ``extra`` rows."""
    rows = [({"occupation": "육군 병사", "military_status": "현역", "age": 21}, 600),
            ({"occupation": "육군 부사관", "military_status": "현역", "age": 30}, 227),
            ({"occupation": "육군 부사관", "military_status": "현역", "age": 30, "sex": "여자"}, 28),
            ({"occupation": "공군 장교", "military_status": "현역", "age": 35}, 143),
            ({"age": 22}, 2477)]
    return release(rows + list(extra))


def test_an_institutionally_consistent_release_passes_every_rule():
    result = record("military_x_age", military())
    assert result.verdict is Verdict.PASS, [c for c in result.primary.checks if not c.success]


@pytest.mark.parametrize("extra, metric", [
    ([({"occupation": "육군 병사", "military_status": "현역", "age": 21, "sex": "여자"}, 30)],
     "enlisted_not_male_share"),
    ([({"occupation": "해군 병사", "military_status": "현역", "age": 45}, 30)],
     "outside_age_limits_share"),
    ([({"occupation": "육군 장교", "military_status": "현역", "age": 70}, 30)],
     "outside_age_limits_share"),
    ([({"occupation": "육군 부사관", "military_status": "현역", "age": 60}, 30)],
     "outside_age_limits_share"),
    ([({"occupation": "건물 청소원", "military_status": "현역"}, 30)], "status_mismatch_share"),
    ([({"age": 22}, 3000)], "enlisted_share_band_gap"),
    ([({"occupation": "육군 부사관", "military_status": "현역", "age": 30, "sex": "여자"}, 120)],
     "cadre_female_share_band_gap"),
    ([({"occupation": "공군 장교", "military_status": "현역", "age": 35}, 400),
      ({"age": 22}, 2000)], "rank_composition_tvd"),
])
def test_each_military_rule_fails_on_its_own(extra, metric):
    result = record("military_x_age", military(extra))
    failed = [c.metric for c in result.primary.checks if not c.success]
    assert result.verdict is Verdict.FAIL
    assert metric in failed


def test_young_men_without_any_soldier_fail_the_enlisted_share():
    result = record("military_x_age", release([({"age": 22}, 500)]))
    assert result.verdict is Verdict.FAIL
    assert result.primary.view.metrics["enlisted_per_men_20_24"] == 0
    assert set(result.primary.view.unavailable) == {
        "status_mismatch_share", "enlisted_not_male_share", "outside_age_limits_share",
        "rank_composition_tvd", "cadre_female_share", "cadre_female_share_band_gap"}


def test_a_rule_with_an_empty_denominator_still_reports_what_it_can_see():
    """An all-female release with enlisted women: no men aged 20-24, and yet the enlisted rule
    is broken by every enlisted row (it was inconclusive before)."""
    rows = [({"occupation": "육군 병사", "military_status": "현역", "age": 21, "sex": "여자"}, 40),
            ({"sex": "여자", "age": 30}, 500)]
    result = record("military_x_age", release(rows))
    assert result.verdict is Verdict.FAIL
    assert result.primary.view.metrics["enlisted_not_male_share"] == 1.0
    assert "enlisted_share_band_gap" in result.primary.view.unavailable


def test_a_release_with_nothing_to_judge_is_inconclusive():
    result = record("military_x_age", release([({"age": 40, "sex": "여자"}, 500)]))
    assert result.verdict is Verdict.INCONCLUSIVE
    assert "no rule can be evaluated" in result.reason


def test_every_method_produces_exactly_the_metrics_its_contract_declares():
    """A suite may only check declared metrics (the catalogue refuses others), so each
    evaluator must produce them all: checked on the faithful demo of every evaluable locale."""
    from iaf.catalogue import METHODS  # noqa: PLC0415
    from tests.helpers import demographic_table, records  # noqa: PLC0415

    seen = set()
    tables = ((generated(40_000, 1, "faithful"), "ko_KR"),
              (demographic_table("en_US", 40_000, 1, "faithful"), "en_US"))
    for table, locale in tables:
        for result in records(table, locale).values():
            fp = result.footprint
            for view in result.views:
                if not view.checks:  # not evaluated (too little mapped, no rows)
                    continue
                produced = set(view.view.metrics)
                declared = set(METHODS[fp.method].metrics)
                assert declared <= produced, (fp.test_id, declared - produced)
                seen.add(fp.method)
    assert seen == set(METHODS)


def test_an_age_range_frame_keeps_only_its_ages():
    """major_x_occupation_goms reads graduates aged 23-34 only: a release whose graduates are
    all older has no rows in the frame."""
    table = generated(20_000, 7, "faithful")
    older = table.set_column(table.schema.get_field_index("age"), "age",
                             pa.array(np.maximum(table["age"].to_numpy(), 40)))
    result = record("major_x_occupation_goms", older)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert all(v.view.inconclusive == "no release rows in the frame" for v in result.views)


class _Declared:
    """What counterfactuals reads of a loaded footprint: its declared minimum effects."""

    def detect(self) -> dict[str, float]:
        return {"rho": 0.5}


def test_the_counterfactual_is_the_release_with_the_effect_on_its_own_margin():
    """The release's margin sets its pooled outcome (what independence is measured from) and
    each group's noise, so the effect is reached, and its spread drawn, on that margin: a
    release spread over the groups otherwise than the reference gets its own counterfactual
    (issue 19: GOMS's field view claimed power 0.965 where 90% of planted releases failed)."""
    reference = np.array([[800.0, 200.0], [200.0, 800.0], [500.0, 500.0]])
    independent = np.repeat(reference.sum(axis=0, keepdims=True) / 3, 3, axis=0)
    release = np.array([[50.0, 50.0], [50.0, 50.0], [8_000.0, 8_000.0]])  # weighs group 3
    score = conditional.scorer(reference, None, False)
    margin = conditional.own_margin(reference, release)
    assert margin.tolist() == [100.0, 100.0, 16_000.0]
    spreads = {name: conditional.counterfactuals(_Declared(), score, reference, independent,
                                                 weights, 16_200)["rho 0.5"]
               for name, weights in (("own", margin), ("reference", reference.sum(axis=1)))}
    assert spreads["own"]["rho"]["population"] == pytest.approx(0.5, abs=1e-6)
    # the same effect at another margin is another release: its spread differs
    assert spreads["own"]["rho"]["sd"] > 1.5 * spreads["reference"]["rho"]["sd"]



def test_an_integer_coded_given_is_matched_to_the_reference_by_its_text():
    """region coded 1 and 2 in the release, '1' and '2' in the reference's CSV: every row fell
    outside the reference, and a 100k-row release was 'no release rows in the frame'."""
    import pandas as pd  # noqa: PLC0415

    from iaf.frames import aligned  # noqa: PLC0415
    from iaf.tables import ContingencyTable  # noqa: PLC0415

    table = ContingencyTable(("region", "occupation"), ((1, 2), ("A", "B")),
                             np.array([[30, 10], [5, 55]]))
    matrix = pd.DataFrame([[3.0, 1.0], [1.0, 9.0]], index=["1", "2"], columns=["A", "B"])
    counts, outside = aligned(table, "region", "occupation", matrix)
    assert counts.tolist() == [[30, 10], [5, 55]] and outside == 0



def test_an_integer_coded_column_is_matched_by_its_text_in_every_method():
    """A marginal of a column coded 1 and 2 sorted the reference's '1' with the release's 1
    (TypeError, exit 70); an interaction placed no row (inconclusive)."""
    from iaf.catalogue import Catalogue  # noqa: PLC0415
    from iaf.evaluators import marginal  # noqa: PLC0415
    from iaf.results import Role  # noqa: PLC0415
    from iaf.tables import ContingencyTable  # noqa: PLC0415
    from tests.helpers import TINY  # noqa: PLC0415

    loaded = Catalogue(TINY).locale("xx_XX").loaded["marginal_sex"]
    coded = ContingencyTable(("region",), ((1, 2),), np.array([300, 700]))
    view = marginal._view(loaded, "all", Role.PRIMARY, coded, {"1": 30.0, "2": 70.0}, 1.0)
    assert view is not None and view.metrics["tvd"] == pytest.approx(0.0)


def test_rows_left_out_for_want_of_a_reference_category_are_said():
    """They were only counted (unmatched_rows in report.json): the terminal and report.md said
    nothing while the frame shrank. ko_KR's MOEL table lacks five of the leaf codes."""
    from iaf.runner import audit_table  # noqa: PLC0415

    result = audit_table(generated(20_000, 7, "faithful"), "ko_KR",
                         ["occupation_x_sex_minor", "occupation_x_sex"])
    said = {r.footprint.id: [n for n in r.notes if "left out of the comparison" in n]
            for r in result.records}
    minor = next(r.primary.view for r in result.records
                 if r.footprint.id == "occupation_x_sex_minor")
    left = minor.metrics["unmatched_rows"]
    assert left > 0 and said["occupation_x_sex_minor"] == [
        f"{left:,.0f} frame rows ({left / (left + minor.frame_rows):.1%})"
        " fall in occupation x sex categories the reference does not give and are left out of "
        "the comparison (iaf catalogue check names the values)"]
    assert said["occupation_x_sex"] == []  # every row has its reference category


def test_verdicts_and_kinds_read_as_their_values():
    """f"{record.verdict}" printed "Verdict.PASS" in a stranger's notebook."""
    from iaf import Verdict  # noqa: PLC0415
    from iaf.catalogue import Kind, Method  # noqa: PLC0415

    assert f"{Verdict.PASS} {Kind.DIRECT_JOINT} {Method.IDENTITY}" == \
        "pass direct_joint identity"
