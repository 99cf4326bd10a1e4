"""Card sentences as data: read from the command line's text and from sentences.json, every
defect of the file noted at once."""

from __future__ import annotations

import json

import pytest

from iaf.catalogue.problems import Problems
from iaf.catalogue.sentences import Form, Sentence, load_sentences, parse
from iaf.errors import UsageError


@pytest.mark.parametrize("text, expected", [
    ("occupation independent of education_level given region, sex",
     Sentence("c", Form.INDEPENDENCE, "occupation", ("education_level",), ("region", "sex"))),
    ("occupations are independent of zipcode and state given education_level",
     Sentence("c", Form.INDEPENDENCE, "occupations", ("zipcode", "state"),
              ("education_level",))),
    ("occupation is independent of sex",
     Sentence("c", Form.INDEPENDENCE, "occupation", ("sex",))),
    ("occupation depends on sex, education_level and bachelors_field without interaction",
     Sentence("c", Form.NO_INTERACTION, "occupation",
              ("sex", "education_level", "bachelors_field"))),
])
def test_both_forms_are_read(text, expected):
    assert parse(text, "c") == expected


def test_a_sentence_that_is_neither_form_says_how_to_write_one():
    with pytest.raises(UsageError, match="OUTCOME independent of X"):
        parse("jobs follow schooling", "c")


def test_the_file_is_read_and_every_defect_noted(tmp_path):
    good = {"disclosure": "card", "form": "independence", "outcome": "occupation",
            "independent_of": ["education_level"], "given": ["region"]}
    entries = [good, {**good, "form": "maybe"}, {**good, "colour": "red"},
               {**good, "form": "no_interaction"}, {**good, "independent_of": []}, "nope"]
    (tmp_path / "sentences.json").write_text(json.dumps({"sentences": entries, "x": 1}))
    problems = Problems(tmp_path)
    assert load_sentences(tmp_path, problems) == (parse(
        "occupation independent of education_level given region", "card"),)
    keys = [p.key for p in problems.found]
    assert keys == ["x", "sentences[1].form", "sentences[2].colour", "sentences[3]",
                    "sentences[4].independent_of", "sentences[5]"]


def test_no_file_means_no_sentence(tmp_path):
    problems = Problems(tmp_path)
    assert load_sentences(tmp_path, problems) == () and not problems.found
