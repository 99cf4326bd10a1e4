"""The family's other locales: every evaluable footprint passes on a faithful release, the card
-independence model fails the footprint its card implies, inconclusive footprints say why; and
the cross-locale comparison is not fooled by the cardinality of reference taxonomies."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from iaf.cli import main
from iaf.results import Verdict
from tests.helpers import SHIPPED, demographic_table, record
from tests.helpers import records as audit_records

OTHERS = [locale for locale in SHIPPED.locales() if locale != "ko_KR"]
# sizes at which each locale's joints can tell a fifth of their dependence lost (the suites'
# minimum effect): Japan's two published divisions hold 31% of the employed, hence 1M rows
# (and the interactions of Singapore and India their quarter kept: 300,000 and 350,000)
SIZES = {"en_US": 300_000, "en_SG": 300_000, "pt_BR": 200_000, "fr_FR": 200_000,
         "en_IN": 350_000, "hi_Deva_IN": 350_000, "hi_Latn_IN": 350_000, "ja_JP": 1_000_000,
         "de_DE": 200_000, "en_GB": 200_000}


def records(locale: str, model: str, rows: int, seed: int = 11) -> dict:
    return audit_records(demographic_table(locale, rows, seed, model), locale)


def test_every_locale_of_the_family_is_declared():
    assert SHIPPED.locales() == ("de_DE", "en_GB", "en_IN", "en_SG", "en_US", "fr_FR",
                                 "hi_Deva_IN", "hi_Latn_IN", "ja_JP", "ko_KR", "pt_BR")


@pytest.mark.slow
@pytest.mark.parametrize("locale", sorted(SIZES))
def test_the_faithful_model_passes_every_evaluable_footprint(locale):
    for fid, result in records(locale, "faithful", SIZES[locale]).items():
        expected = Verdict.UNEVALUABLE if result.footprint.unevaluable else Verdict.PASS
        assert result.verdict is expected, (fid, result.reason)


@pytest.mark.slow
def test_the_us_card_independence_model_fails_occupation_by_state_only():
    result = records("en_US", "card-independence", SIZES["en_US"])
    assert result["occupation_x_state"].verdict is Verdict.FAIL
    assert result["occupation_x_state"].primary.view.metrics["area_variation_reproduced"] < 0.2
    assert result["occupation_x_sex"].verdict is Verdict.PASS
    assert result["female_share_male_dominated"].verdict is Verdict.PASS


@pytest.mark.slow
@pytest.mark.parametrize("locale", OTHERS)
def test_inconclusive_footprints_say_why_and_never_pass(locale):
    for result in records(locale, "faithful", 20_000).values():
        if result.footprint.unevaluable:
            assert result.verdict is Verdict.UNEVALUABLE
            assert result.reason == result.footprint.unevaluable and len(result.reason) > 80


@pytest.mark.slow
@pytest.mark.parametrize("locale", ["en_IN", "ja_JP", "en_SG", "pt_BR", "fr_FR", "de_DE",
                                    "en_GB"])
def test_the_sex_independent_counterfactual_fails_occupation_by_sex(locale):
    fid = "industry_x_sex" if locale == "ja_JP" else "occupation_x_sex"
    for rows in (30_000, 200_000):
        result = records(locale, "sex-independent", rows)[fid]
        assert result.verdict is Verdict.FAIL, (rows, result.reason)
        assert result.primary.view.metrics["rho"] < 0.5


def test_india_maps_its_titles_through_the_nco_2015_concordance():
    walk = SHIPPED.locale("en_IN").crosswalk("occupation_isco08")
    strict = walk.mapping("strict")
    assert strict["Accountant"] == "2" and strict["Actuary"] == "2"
    assert strict["No Occupation / Retired / Homemaker"] == "NOT_EMPLOYED"
    mapped = sum(bool(t) and t != "NOT_EMPLOYED" for t in strict.values())
    assert 0.74 < mapped / (len(strict) - 1) < 0.78  # 76% of the working titles by wording
    broad = walk.mapping("broad")
    assert all(broad[v] == t for v, t in strict.items() if t)  # broad only adds


def test_india_below_the_mapped_share_minimum_is_inconclusive():
    """A split whose titles are written otherwise (Devanagari, say) maps too little to judge."""
    table = demographic_table("hi_Deva_IN", 30_000, 3, "faithful")
    occupation = np.array(table["occupation"].to_pylist(), dtype=object)
    working = occupation != "No Occupation / Retired / Homemaker"
    occupation[working & (np.arange(len(occupation)) % 2 == 0)] = "किसान"  # not in the crosswalk
    table = table.set_column(table.schema.get_field_index("occupation"), "occupation",
                             pa.array(occupation.tolist()))
    result = audit_records(table, "hi_Deva_IN")["occupation_x_sex"]
    assert result.verdict is Verdict.INCONCLUSIVE
    assert "maps to the reference taxonomy (minimum 70%)" in result.reason


@pytest.mark.slow
@pytest.mark.parametrize("locale", ["en_IN", "hi_Latn_IN", "en_SG"])
def test_the_card_independence_model_fails_occupation_by_education(locale):
    """The card's own sentence (occupation independent of education given sex, area and age)
    fails the two-way and the three-way footprint; occupation x sex still passes."""
    result = records(locale, "card-independence", SIZES[locale])
    assert result["occupation_x_education"].verdict is Verdict.FAIL
    assert result["occupation_x_education"].primary.view.metrics["dependence_lost"] > 0.9
    assert result["occupation_x_sex_x_education"].verdict is Verdict.FAIL
    assert result["occupation_x_sex"].verdict is Verdict.PASS


def test_education_crosswalks_map_every_known_value_to_a_table_level():
    for locale in ("en_IN", "hi_Latn_IN", "en_SG"):
        entry = SHIPPED.locale(locale)
        levels = set(entry.table("occ_isco08_sex_edu_ilostat_2024").data.education)
        crosswalk = entry.crosswalk("education_ilo")
        assert set(crosswalk.primary) == set(entry.schema.column("education_level").known)
        for variant in crosswalk.variants:
            assert set(crosswalk.mapping(variant).values()) == levels, (locale, variant)


@pytest.mark.slow
def test_a_release_built_on_an_earlier_vintage_is_reported_frame_dependent():
    """India's PLFS 2022 table is a break (dependence lost 0.26 against 2024): a release
    faithful to it fails occupation x sex, and the vintage view that passes says the verdict
    rests on the edition used."""
    from iaf.simulators.family import _by_sex, _occupation_model
    model = _occupation_model("en_IN", _by_sex("en_IN", "occ_isco08_sex_ilostat_2022",
                                               "isco08_major", "occupation_isco08"),
                              "occupation_isco08", None)
    columns = model(600_000, np.random.default_rng(5))
    result = record("occupation_x_sex", pa.table(columns), "en_IN")
    assert result.verdict is Verdict.FAIL and result.frame_dependent
    views = {v.view.name: v for v in result.views}
    assert views["occ_isco08_sex_ilostat_2022"].verdict is Verdict.PASS
    assert views["occ_isco08_sex_ilostat_2022"].view.role == "frame"


@pytest.mark.slow
def test_japan_compares_published_cells_only():
    """Two JSIC divisions hold 31% of the employed, so a fifth of the dependence lost shows only
    near a million rows (the release's size)."""
    loaded = SHIPPED.locale("ja_JP").loaded["industry_x_sex"]
    walk = SHIPPED.locale("ja_JP").crosswalk("occupation_jsic").primary
    assert walk["鉄鋼業 大手 経営"] == "製造業" and walk["小売業 中小"] == "卸売業，小売業"
    assert walk["鉄鋼業 大手 (現在は引退)"] == "NOT_EMPLOYED"
    result = record("industry_x_sex", demographic_table("ja_JP", 1_000_000, 5, "faithful"),
                    "ja_JP")
    assert result.verdict is Verdict.PASS, result.reason
    assert result.primary.view.metrics["unmatched_rows"] > 0  # other divisions: not compared
    assert loaded.params.reference.where["industry"] == ["製造業", "卸売業，小売業"]


def test_footprints_without_card_text_are_marked_not_card_anchored():
    for locale in ("pt_BR", "fr_FR"):
        for fp in SHIPPED.locale(locale).footprints:
            assert fp.disclosure.anchored is False
    assert all(fp.disclosure.anchored for fp in SHIPPED.locale("en_US").footprints)


# --- the cardinality confound ------------------------------------------------------------------

def flattened_release(locale: str, footprint: str, t: float, rows: int, seed: int = 0
                      ) -> pa.Table:
    """A sampled release (group sizes as the reference's, ``rows`` employed) whose female share
    in each occupation group is moved a fraction ``t`` of the way to the overall share: the same
    infidelity in any taxonomy; one release string per group."""
    loaded = SHIPPED.locale(locale).loaded[footprint]
    spec = loaded.params.reference
    matrix = loaded.reference().data.pivot_table(index=spec.given, columns=spec.outcome,
                                                values="value", aggfunc="sum")
    female, male = {"ko_KR": ("여자", "남자"), "en_US": ("Female", "Male")}[locale]
    share = matrix[female] / matrix.sum(axis=1)
    overall = matrix[female].sum() / matrix.to_numpy().sum()
    moved = share + t * (overall - share)
    rng = np.random.default_rng(seed)
    groups = rng.choice(len(matrix), size=rows, p=(matrix.sum(axis=1) / matrix.to_numpy().sum()))
    level = loaded.params.crosswalk.level
    strings: dict[str, str] = {}
    for value, target in loaded.crosswalks[loaded.params.crosswalk.id].primary.items():
        strings.setdefault(target[:level] if level else target, value)
    names = np.array(matrix.index)[groups]
    women = rng.random(rows) < moved.to_numpy()[groups]
    return pa.table({"sex": np.where(women, female, male).tolist(),
                     "occupation": [strings[g] for g in names]})


POOLED = {"ko_KR": "occupation_x_sex", "en_US": "occupation_x_sex_isco08"}  # ISCO-08 view


def flattened(locale: str, t: float, rows: int, seed: int = 0):
    """The native view of occupation_x_sex and the ISCO-08 pooled view of the locale's pooled
    footprint (the US pools detailed occupations, not its 22 groups), each on its own
    flattened release."""
    def views(footprint: str) -> dict:
        release = flattened_release(locale, footprint, t, rows, seed)
        return {v.view.role: v.view.metrics for v in record(footprint, release, locale).views}
    return views("occupation_x_sex")["primary"], views(POOLED[locale])["collapsed"]


DEMO_EMPLOYED = {"ko_KR": 25_000, "en_US": 170_000}  # employed rows of each locale's demo


@pytest.mark.parametrize("t", [0.25, 0.5])
def test_the_same_infidelity_reads_the_same_across_taxonomies_at_demo_sizes(t):
    """Korea's 9 KSCO major groups and the US's 22 CPS groups, both flattened a fraction t
    toward the overall female share, sampled at their demos' sizes: raw flag counts differ with
    the cardinality; the dependence lost is t in both (within 0.08) natively and pooled into
    ISCO-08 groups, and agrees between the two."""
    korea, korea_pooled = flattened("ko_KR", t, DEMO_EMPLOYED["ko_KR"])
    usa, usa_pooled = flattened("en_US", t, DEMO_EMPLOYED["en_US"])
    assert korea["cells"] == 9 and usa["cells"] == 22
    for metrics_ in (korea, usa, korea_pooled, usa_pooled):
        assert metrics_["dependence_lost"] == pytest.approx(t, abs=0.08)
    assert abs(korea["dependence_lost"] - usa["dependence_lost"]) <= 0.1
    assert abs(korea_pooled["dependence_lost"] - usa_pooled["dependence_lost"]) <= 0.1


@pytest.mark.parametrize("footprint", ["occupation_x_sex", "occupation_x_sex_isco08"])
def test_a_quarter_of_the_dependence_lost_never_passes_a_small_release(footprint):
    """The family's suites declare the minimum effect Korea's do (rho 0.8): with independence
    as the only counterfactual, US releases flattened a quarter (or half) of the way passed at
    600-3,000 employed rows; now they fail or are inconclusive."""
    for t, rows in ((0.25, 600), (0.25, 3_000), (0.5, 600)):
        for seed in range(2):
            result = record(footprint, flattened_release("en_US", footprint, t, rows, seed),
                            "en_US")
            assert result.verdict is not Verdict.PASS, (t, rows, seed)

def test_the_confound_is_real_for_raw_flags():
    korea, _ = flattened("ko_KR", 0.5, DEMO_EMPLOYED["ko_KR"])
    usa, _ = flattened("en_US", 0.5, DEMO_EMPLOYED["en_US"])
    assert usa["flagged_cells"] - korea["flagged_cells"] >= 8


@pytest.mark.parametrize("locale", ["ko_KR", "en_US"])
def test_a_faithful_sample_loses_nothing_and_reaches_a_faithful_rho(locale):
    native, pooled = flattened(locale, 0.0, DEMO_EMPLOYED[locale], seed=3)
    for metrics_ in (native, pooled):
        assert abs(metrics_["dependence_lost"]) < 0.06
        assert metrics_["rho_vs_faithful"] > 0.9


@pytest.mark.slow
def test_audit_all_locales_ends_with_the_comparison(capsys, tmp_path):
    assert main(["audit", "--locale", "all", "--quiet", "--report", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "Cross-locale comparison" in out
    assert re.search(r"\nen_US +occupation_x_state", out) and "ISCO-08 pooled" in out
    document = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert set(document["comparison"]["locales"]) == set(SHIPPED.locales())
    rows = {(f["locale"], f["id"]): f for f in document["comparison"]["footprints"]}
    assert rows[("en_US", "occupation_x_state")]["cardinality"] == 22
    assert rows[("en_US", "occupation_x_state")]["native"]["dependence_lost"] > 0.8
    assert rows[("fr_FR", "occupation_x_sex")]["isco08"] is None
    assert "PCS" in rows[("fr_FR", "occupation_x_sex")]["isco08_note"]
    # India's titles now reach ISCO-08 major groups, natively and pooled
    assert rows[("en_IN", "occupation_x_sex")]["cardinality"] == 9
    assert rows[("en_IN", "occupation_x_sex")]["isco08"] is not None
    # the US pools detailed occupations into ISCO-08, not its 22 whole groups
    assert rows[("en_US", "occupation_x_sex")]["isco08"] is None
    assert "occupation_x_sex_isco08" in rows[("en_US", "occupation_x_sex")]["isco08_note"]
    assert rows[("en_US", "occupation_x_sex_isco08")]["isco08"]["cells"] == 8


@pytest.mark.slow
def test_us_occupation_by_education_fails_when_education_ignores_occupation():
    """The card conditions occupation on education; a release whose education is shuffled
    among the employed keeps every marginal and loses the joint."""
    table = demographic_table("en_US", 300_000, 4, "faithful")
    faithful = record("occupation_x_education", table, "en_US")
    assert faithful.verdict is Verdict.PASS, faithful.reason
    working = np.array(table["occupation"].to_pylist(), dtype=object) != "not_in_workforce"
    education = np.array(table["education_level"].to_pylist(), dtype=object)
    education[working] = np.random.default_rng(0).permutation(education[working])
    shuffled = table.set_column(table.schema.get_field_index("education_level"),
                                "education_level", pa.array(education.tolist()))
    result = record("occupation_x_education", shuffled, "en_US")
    assert result.verdict is Verdict.FAIL and result.primary.view.metrics["rho"] < 0.2
    assert result.primary.view.metrics["unreachable_groups"] > 0  # ACS rows no title reaches


def test_us_titles_reach_isco08_one_detailed_occupation_at_a_time():
    """Each CPS title goes to the ISCO-08 major group of its own SOC codes' BLS links (not its
    whole SOC major group's); a title whose links split goes where most of them go, unless its
    OEWS employment is declared (then where most of the employment links), and the note of
    every row shows the counts the rule read."""
    path = SHIPPED.root / "references" / "en_US" / "crosswalks" / "cps_title_isco08.csv"
    rows = pd.read_csv(path, dtype=str, keep_default_na=False)
    isco = dict(zip(rows.release_value, rows["all"]))
    assert isco["Registered nurses"] == "2" and isco["Cashiers"] == "5"
    assert isco["Construction laborers"] == "9"  # SOC 47 as a whole goes to ISCO 7
    # employment-weighted: teacher assistants (ISCO 5312) outnumber graduate TAs 12 to 1
    assert isco["Teaching assistants"] == "5"
    assert isco["Sales representatives, wholesale and manufacturing"] == "3"
    release = SHIPPED.locale("en_US").crosswalk("occupation_isco08").primary
    assert release["registered_nurse"] == "2" and release["cashier"] == "5"
    for r in rows.itertuples():
        counts = {m: int(n) for n, m in re.findall(r"(\d+) to ISCO (\d)", r.note)}
        if not r.all:
            assert "no BLS ISCO-08 link" in r.note or "tied in SOC major" in r.note, r
            continue
        weighted = "employment-weighted" in r.note
        assert weighted or counts[r.all] == max(counts.values()), r  # links' majority
        assert ("one major group" in r.note) == (len(counts) == 1), r
    assert (rows["all"] == "").sum() == 2


@pytest.mark.slow
def test_us_pooled_occupation_by_sex_fails_when_sex_ignores_occupation():
    """The detailed-level ISCO-08 view passes on a faithful release and fails once sex is
    shuffled among the employed; its pooled view is the cross-locale ISCO-08 column."""
    table = demographic_table("en_US", 300_000, 6, "faithful")
    faithful = record("occupation_x_sex_isco08", table, "en_US")
    assert faithful.verdict is Verdict.PASS, faithful.reason
    assert faithful.primary.view.metrics["mapped_share"] > 0.8
    pooled = [v for v in faithful.views if v.view.role == "collapsed"]
    assert len(pooled) == 1 and pooled[0].view.table.rows == (
        "1", "2-3", "4", "5", "6", "7", "8", "9")
    working = np.array(table["occupation"].to_pylist(), dtype=object) != "not_in_workforce"
    sex = np.array(table["sex"].to_pylist(), dtype=object)
    sex[working] = np.random.default_rng(0).permutation(sex[working])
    shuffled = table.set_column(table.schema.get_field_index("sex"), "sex",
                                pa.array(sex.tolist()))
    result = record("occupation_x_sex_isco08", shuffled, "en_US")
    assert result.verdict is Verdict.FAIL and result.primary.view.metrics["rho"] < 0.2


@pytest.mark.slow
def test_a_faithful_release_sparser_than_its_groups_is_never_failed():
    """100-1,000 rows over the 500 ACS occupations: which occupations a release misses is
    chance, so faithful releases are inconclusive there (at 100 and 300 rows they failed when
    the noise bands took expected group sizes); at 100,000 rows they pass."""
    for rows in (100, 300, 1000):
        for seed in range(3):
            result = record("occupation_x_education",
                            demographic_table("en_US", rows, seed, "faithful"), "en_US")
            assert result.verdict is not Verdict.FAIL, (rows, seed, result.reason)
    result = record("occupation_x_education", demographic_table("en_US", 100_000, 0,
                                                                "faithful"), "en_US")
    assert result.verdict is Verdict.PASS, result.reason
