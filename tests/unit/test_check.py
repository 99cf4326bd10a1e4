"""iaf catalogue check: every problem of every locale at once, the card sentences held against
the recipe (what is missing, and the entry to add), notes that are not problems."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from iaf.catalogue.check import check
from iaf.cli import main
from tests.helpers import SHIPPED, TINY

LOCALE = "references/xx_XX"


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return Path(shutil.copytree(TINY, tmp_path / "catalogue"))


def sentences(root: Path, *entries: dict) -> None:
    (root / LOCALE / "sentences.json").write_text(json.dumps({"sentences": list(entries)}))


def test_the_shipped_catalogue_has_no_problem():
    result = check(SHIPPED.root)
    assert result.ok and [c.locale for c in result.locales] == list(SHIPPED.locales())
    de = next(c for c in result.locales if c.locale == "de_DE")
    assert (de.footprints, de.unevaluable) == (11, 9)


def test_every_locale_is_checked_whatever_the_first_one_says(tiny):
    shutil.copytree(tiny / LOCALE, tiny / "references/yy_YY")
    shutil.copytree(tiny / "expectations/xx_XX", tiny / "expectations/yy_YY")
    for path in [tiny / "references/yy_YY/footprints.json",
                 tiny / "references/yy_YY/schema.json",
                 *(tiny / "expectations/yy_YY").glob("*.json")]:
        path.write_text(path.read_text().replace("xx_XX", "yy_YY"))
    sums = tiny / "references/yy_YY/schema.manifest.json"  # the schema's locale, reviewed
    sums.write_text(json.dumps({**json.loads(sums.read_text()), "schema.json": hashlib.sha256(
        (tiny / "references/yy_YY/schema.json").read_bytes()).hexdigest()}))
    (tiny / f"{LOCALE}/values/sex.csv").write_text("value\nF\nM\nX\n")  # checksum
    suite = tiny / "expectations/yy_YY/marginal_sex.json"
    suite.write_text(suite.read_text().replace('"max_value"', '"maximum"'))
    (tiny / "references/zz_ZZ").mkdir()
    result = check(tiny)
    assert not result.ok
    found = {c.locale: [p.file for p in c.problems] for c in result.locales}
    assert found["xx_XX"] == [f"{LOCALE}/values/sex.csv"]
    assert found["yy_YY"] and set(found["yy_YY"]) == {"expectations/yy_YY/marginal_sex.json"}
    assert [p.file for p in result.problems] == ["references/zz_ZZ"]


def test_a_sentence_implying_a_missing_footprint_says_what_to_add(tiny):
    sentences(tiny, {"disclosure": "other", "form": "independence", "outcome": "occupation",
                     "independent_of": ["age"], "given": ["sex"]})
    (locale,) = check(tiny).locales
    messages = [p.message for p in locale.problems]
    assert any("'occupation_x_age_given_sex' (location" in m and '"unevaluable": ' in m
               for m in messages)
    assert any("'other' is not a disclosure" in m for m in messages)
    # the tiny catalogue already declares occupation_x_sex and occupation_x_age
    assert not any("'occupation_x_sex'" in m for m in messages)


def test_an_unreadable_footprints_file_is_one_problem_not_a_cascade(tiny):
    sentences(tiny, {"disclosure": "card", "form": "independence", "outcome": "occupation",
                     "independent_of": ["age"], "given": ["sex"]})
    (tiny / LOCALE / "footprints.json").write_text("{not json", encoding="utf-8")
    (locale,) = check(tiny).locales
    assert [p.file for p in locale.problems] == [f"{LOCALE}/footprints.json"]  # no "add ..."


def test_a_sentence_naming_an_unknown_column_is_a_problem(tiny):
    sentences(tiny, {"disclosure": "card", "form": "independence", "outcome": "occupation",
                     "independent_of": ["income"]})
    (locale,) = check(tiny).locales
    assert [p.key for p in locale.problems] == ["sentences[0]"]
    assert "['income']" in locale.problems[0].message


def test_notes_are_not_problems(tiny):
    path = tiny / "expectations/xx_XX/marginal_sex.json"
    suite = json.loads(path.read_text())
    suite.setdefault("meta", {})["reviewed"] = "unreviewed"
    path.write_text(json.dumps(suite))
    (tiny / "expectations/xx_XX/forgotten.json").write_text("{}")
    result = check(tiny)
    assert result.ok
    notes = [p.message for p in result.locales[0].notes]
    assert any("iaf init's defaults" in n for n in notes)
    assert any("no footprint" in n for n in notes)


def test_a_crosswalk_target_the_reference_lacks_is_noted(tiny):
    """A typo in a crosswalk's target (nurse -> Bosses) loads: its rows are unmatched, and a
    faithful release fails (rho 0 in the test catalogue). The check names it before any audit."""
    data = b"release_value,strict,note\nbuilder,A,test\nnurse,Bosses,test\nnone,NOT_EMPLOYED,test\n"
    path = tiny / f"{LOCALE}/crosswalks/occupation_group.csv"
    path.write_bytes(data)
    manifest = path.with_suffix(".manifest.json")
    record = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**record, "sha256": hashlib.sha256(data).hexdigest()}))
    result = check(tiny)
    assert result.ok
    [note] = [p for p in result.locales[0].notes if "Bosses" in p.message]
    assert note.file.endswith("occupation_group.csv") and "'occupation_x_sex'" in note.key
    assert "group_sex's column 'group' lacks: 'Bosses'" in note.message
    assert not [p for p in check(TINY).locales[0].notes if "lacks" in p.message]


def test_release_values_a_reference_spells_otherwise_are_noted(tiny):
    """sex 'F' in the release, 'female' in the table: the rows had no figure, the frame shrank
    unseen and a faithful release failed; the check names the values."""
    path = tiny / f"{LOCALE}/tables/group_sex.csv"
    data = path.read_bytes().replace(b",F,", b",female,")
    path.write_bytes(data)
    manifest = path.with_suffix(".manifest.json")
    record = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**record, "sha256": hashlib.sha256(data).hexdigest()}))
    [note] = [p for p in check(tiny).locales[0].notes if "spelling" in p.message]
    assert note.file.endswith("group_sex.csv") and "'occupation_x_sex'" in note.key
    assert note.message.startswith("column 'sex' lacks 1 value(s) of the release's 'sex': 'F'")
    assert not [p for p in check(TINY).locales[0].notes if "spelling" in p.message]


def test_the_command_exits_3_on_a_problem_and_0_otherwise(tiny, capsys):
    assert main(["catalogue", "check", str(tiny)]) == 0
    assert "xx_XX: ok" in capsys.readouterr().out
    assert main(["catalogue", "check", "--catalogue", str(tiny)]) == 0  # as other commands
    assert "xx_XX: ok" in capsys.readouterr().out
    assert main(["catalogue", "check", str(tiny), "--catalogue", str(TINY)]) == 2
    assert "Two catalogues named" in capsys.readouterr().err
    (tiny / f"{LOCALE}/footprints.json").write_text("{")
    assert main(["catalogue", "check", str(tiny)]) == 3
    out = capsys.readouterr().out
    assert "invalid JSON" in out and "1 problem(s): fix them and check again (exit 3)" in out
