"""The family's other locales: every evaluable footprint passes on a faithful release, the card
-independence model fails the footprint its card implies, inconclusive footprints say why; and
the cross-locale comparison is not fooled by the cardinality of reference taxonomies."""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
import pytest

from iaf.cli import main
from iaf.results import Verdict
from tests.helpers import SHIPPED, demographic_table, record
from tests.helpers import records as audit_records

OTHERS = [locale for locale in SHIPPED.locales() if locale != "ko_KR"]
SIZES = {"en_US": 300_000, "en_SG": 148_000, "pt_BR": 200_000, "fr_FR": 200_000}


def records(locale: str, model: str, rows: int, seed: int = 11) -> dict:
    return audit_records(demographic_table(locale, rows, seed, model), locale)


def test_every_locale_of_the_family_is_declared():
    assert SHIPPED.locales() == ("en_IN", "en_SG", "en_US", "fr_FR", "hi_Deva_IN", "hi_Latn_IN",
                               "ja_JP", "ko_KR", "pt_BR")


@pytest.mark.slow
@pytest.mark.parametrize("locale", sorted(SIZES))
def test_the_faithful_model_passes_every_evaluable_footprint(locale):
    for fid, record in records(locale, "faithful", SIZES[locale]).items():
        expected = Verdict.INCONCLUSIVE if record.footprint.unevaluable else Verdict.PASS
        assert record.verdict is expected, (fid, record.reason)


@pytest.mark.slow
def test_the_us_card_independence_model_fails_occupation_by_state_only():
    result = records("en_US", "card-independence", SIZES["en_US"])
    assert result["occupation_x_state"].verdict is Verdict.FAIL
    assert result["occupation_x_state"].primary.view.metrics["area_variation_reproduced"] < 0.2
    assert result["occupation_x_sex"].verdict is Verdict.PASS
    assert result["female_share_male_dominated"].verdict is Verdict.PASS


@pytest.mark.parametrize("locale", OTHERS)
def test_inconclusive_footprints_say_why_and_never_pass(locale):
    model = "listed" if locale in ("ja_JP", "en_IN", "hi_Deva_IN", "hi_Latn_IN") else "faithful"
    for record in records(locale, model, 20_000).values():
        if record.footprint.unevaluable:
            assert record.verdict is Verdict.INCONCLUSIVE
            assert record.reason == record.footprint.unevaluable and len(record.reason) > 80


def test_footprints_without_card_text_are_marked_not_card_anchored():
    for locale in ("pt_BR", "fr_FR"):
        for fp in SHIPPED.locale(locale).footprints:
            assert fp.disclosure.anchored is False
    assert all(fp.disclosure.anchored for fp in SHIPPED.locale("en_US").footprints)


# --- the cardinality confound ------------------------------------------------------------------

def flattened_release(locale: str, footprint: str, t: float, rows: int = 1_000_000) -> pa.Table:
    """A release whose female share in each occupation group is moved a fraction ``t`` of the
    way to the overall share (the same infidelity in any taxonomy), group sizes as the
    reference's; one release string per group."""
    bound = SHIPPED.locale(locale).bound[footprint]
    spec = bound.params.reference
    data = bound.reference().data
    matrix = data.pivot_table(index=spec.given, columns=spec.outcome, values="value",
                              aggfunc="sum")
    female, male = {"ko_KR": ("여자", "남자"), "en_US": ("Female", "Male")}[locale]
    share = matrix[female] / matrix.sum(axis=1)
    overall = matrix[female].sum() / matrix.to_numpy().sum()
    moved = share + t * (overall - share)
    sizes = np.round(rows * matrix.sum(axis=1) / matrix.to_numpy().sum()).astype(int)
    crosswalk = bound.crosswalks[bound.params.crosswalk.id]
    level = bound.params.crosswalk.level
    strings = {}
    for value, target in crosswalk.primary.items():
        group = target[:level] if level else target
        strings.setdefault(group, value)
    sex, occupation = [], []
    for group, n in sizes.items():
        women = round(n * moved[group])
        sex += [female] * women + [male] * (n - women)
        occupation += [strings[group]] * n
    return pa.table({"sex": sex, "occupation": occupation})


def flattened(locale: str, footprint: str, t: float):
    result = record(footprint, flattened_release(locale, footprint, t), locale)
    views = {v.view.role: v.view.metrics for v in result.views}
    return views["primary"], views["collapsed"]


@pytest.mark.slow
def test_the_same_infidelity_reads_the_same_across_taxonomies():
    """Korea's 9 KSCO major groups and the US's 22 CPS groups, both flattened halfway toward
    the overall female share: raw flag counts differ with the cardinality; the flagged share
    and rho agree (within 0.1 and 0.05), natively and after pooling into ISCO-08 groups."""
    korea, korea_pooled = flattened("ko_KR", "occupation_x_sex", 0.5)
    usa, usa_pooled = flattened("en_US", "occupation_x_sex", 0.5)
    assert korea["cells"] == 9 and usa["cells"] == 22
    assert usa["flagged_cells"] - korea["flagged_cells"] >= 10  # the confound
    assert abs(korea["flagged_share"] - usa["flagged_share"]) <= 0.1
    assert korea["rho"] == pytest.approx(0.5, abs=0.02)
    assert usa["rho"] == pytest.approx(korea["rho"], abs=0.05)
    assert korea_pooled["cells"] == usa_pooled["cells"] == 8
    assert usa_pooled["rho"] == pytest.approx(korea_pooled["rho"], abs=0.05)
    assert abs(korea_pooled["flagged_share"] - usa_pooled["flagged_share"]) <= 0.15


def test_a_faithful_release_flags_nothing_in_any_taxonomy():
    for locale in ("ko_KR", "en_US"):
        native, pooled = flattened(locale, "occupation_x_sex", 0.0)
        assert native["flagged_cells"] == pooled["flagged_cells"] == 0
        assert native["rho"] == pytest.approx(1.0, abs=0.01)


@pytest.mark.slow
def test_audit_all_locales_ends_with_the_comparison(capsys, tmp_path):
    assert main(["audit", "--locale", "all", "--quiet", "--report", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "Cross-locale comparison" in out
    assert "en_US   occupation_x_state" in out and "ISCO-08 pooled" in out
    document = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert set(document["comparison"]["locales"]) == set(SHIPPED.locales())
    rows = {(f["locale"], f["id"]): f for f in document["comparison"]["footprints"]}
    assert rows[("en_US", "occupation_x_state")]["cardinality"] == 22
    assert rows[("fr_FR", "occupation_x_sex")]["isco08"] is None
    assert "PCS" in rows[("fr_FR", "occupation_x_sex")]["isco08_note"]
