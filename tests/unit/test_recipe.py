"""The recipe: what footprints a column or a card sentence implies, each unevaluable until its
reference is attached; the params and drafts it hands out are valid for their methods."""

from __future__ import annotations

import json

import pytest

from iaf.catalogue import METHODS
from iaf.catalogue.params import parse as parse_params
from iaf.catalogue.problems import Problems
from iaf.catalogue.recipe import DRAFTS, Planned, marginal, plan
from iaf.catalogue.sentences import parse
from iaf.catalogue.suites import load_suite

CARD = parse("occupation independent of education_level, region given sex", "card")
KOREA = parse("occupation depends on sex, education_level, bachelors_field without interaction",
              "card")


def test_an_independence_sentence_implies_its_test_and_its_two_way_joints():
    planned = {p.id: p.method.value for p in plan(CARD)}
    assert planned == {
        "occupation_x_education_level_given_sex": "location",
        "occupation_x_education_level": "conditional",
        "occupation_x_region_given_sex": "location",
        "occupation_x_region": "conditional",
        "occupation_x_sex": "conditional"}


def test_a_no_interaction_sentence_implies_main_effects_and_each_pair():
    planned = [(p.id, p.method.value, p.table) for p in plan(KOREA)]
    assert [p[0] for p in planned] == [
        "occupation_x_sex", "occupation_x_education_level", "occupation_x_bachelors_field",
        "occupation_x_sex_x_education_level", "occupation_x_sex_x_bachelors_field",
        "occupation_x_education_level_x_bachelors_field"]
    assert planned[3][1:] == ("interaction", ("sex", "education_level", "occupation", "value"))


def every_planned() -> list[Planned]:
    return [*plan(CARD), *plan(KOREA), marginal("sex", "g"), marginal("age", "g", (19, 99))]


@pytest.mark.parametrize("planned", every_planned(), ids=lambda p: p.id)
def test_a_planned_footprint_is_unevaluable_and_its_attachment_is_valid(planned, tmp_path):
    entry = planned.entry()
    assert entry["unevaluable"].startswith("no reference yet: ")
    assert ", ".join(planned.table) in entry["unevaluable"] and "params" not in entry
    problems = Problems(tmp_path)
    params = parse_params(METHODS[planned.method].params, planned.attached("t")["params"],
                          tmp_path, "params", problems)
    assert params is not None, problems.found


@pytest.mark.parametrize("method", list(DRAFTS), ids=lambda m: m.value)
def test_every_draft_is_a_valid_suite_of_its_method(method, tmp_path):
    path = tmp_path / "suite.json"
    path.write_text(json.dumps({"name": "x/y", "expectations": DRAFTS[method]}))
    problems = Problems(tmp_path)
    suite = load_suite(path, "x/y", METHODS[method].metrics, True, problems)
    assert suite is not None, problems.found
    counterfactual = METHODS[method].counterfactual or any(
        e.detect is not None for e in suite.expectations)
    assert counterfactual  # a pass must be able to fail
    assert all("not reviewed" in e.why for e in suite.expectations)


def test_age_bands_start_where_the_release_does():
    assert marginal("age", "g", (19, 99)).params["bands"] == [
        "19-28", "29-38", "39-48", "49-58", "59-68", "69-78", "79-88", "89+"]
