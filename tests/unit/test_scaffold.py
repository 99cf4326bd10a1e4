"""iaf init's catalogue: it loads as an audit loads it, every footprint unevaluable until a
reference is attached (never a pass), the schema checked, the same release giving the same
bytes; and a folder that cannot take it, or a sentence naming no column, is refused."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from iaf.catalogue import Catalogue
from iaf.catalogue.inference import infer
from iaf.catalogue.scaffold import Card, scaffold
from iaf.errors import OutputError, ReleaseError, UsageError
from iaf.results import Verdict
from iaf.runner import audit_table
from tests.helpers import write

SENTENCE = "occupation independent of county given sex"


def population(n: int = 4000, seed: int = 1) -> pa.Table:
    rng = np.random.default_rng(seed)
    return pa.table({"id": [str(i) for i in range(n)],
                     "county": rng.choice(["A", "B", "C"], size=n),
                     "age": rng.integers(16, 75, size=n), "sex": rng.choice(["f", "m"], size=n),
                     "occupation": rng.choice(["clerk", "nurse", "smith"], size=n),
                     "town": [f"town {i}" for i in rng.integers(0, 3000, size=n)]})


@pytest.fixture
def release(tmp_path) -> Path:
    return write(tmp_path / "pop" / "people.parquet", population())


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_the_catalogue_loads_and_every_footprint_waits_for_its_reference(release, tmp_path):
    done = scaffold(infer([release]), "xx_XX", tmp_path / "cat", Card(sentences=(SENTENCE,)))
    assert [p.id for p in done.planned] == [
        "marginal_age", "marginal_county", "marginal_sex", "marginal_occupation",
        "occupation_x_county_given_sex", "occupation_x_county", "occupation_x_sex"]
    entry = Catalogue(tmp_path / "cat").locale("xx_XX")
    assert all(f.unevaluable.startswith("no reference yet") for f in entry.footprints)
    assert "town" in entry.schema.columns and not entry.schema.column("town").closed
    assert set(entry.schema.column("sex").values or ()) == {"f", "m"}
    records = audit_table(population(500, 2), "xx_XX", catalogue=Catalogue(tmp_path / "cat"))
    assert {r.verdict for r in records.records} == {Verdict.UNEVALUABLE}


def test_what_it_writes_beside_the_footprints(release, tmp_path):
    scaffold(infer([release]), "xx_XX", tmp_path / "cat", Card(sentences=(SENTENCE,)))
    folder = tmp_path / "cat" / "references" / "xx_XX"
    suite = json.loads((tmp_path / "cat/expectations/xx_XX/occupation_x_sex.json").read_text())
    assert suite["expectations"] == [] and suite["meta"]["reviewed"] == "unreviewed"
    assert [e["kwargs"]["column"] for e in suite["meta"]["draft"]] == [
        "conditional_tvd", "rho", "dependence_lost"]
    walk = (folder / "crosswalks" / "occupation_groups.csv").read_text().splitlines()
    assert walk[0] == "release_value,all,note"
    assert sorted(line.split(",")[0] for line in walk[1:]) == ["clerk", "nurse", "smith"]
    sentences = json.loads((folder / "sentences.json").read_text())["sentences"]
    assert sentences == [{"disclosure": "card", "form": "independence",
                          "outcome": "occupation", "independent_of": ["county"],
                          "given": ["sex"]}]
    counts = (folder / "values" / "county.csv").read_text().splitlines()
    assert counts[0] == "value,count" and sum(int(x.split(",")[1]) for x in counts[1:]) == 4000
    readme = (tmp_path / "cat" / "README.md").read_text()
    assert "### `occupation_x_county_given_sex`" in readme and "iaf catalogue check" in readme


def test_a_new_value_in_a_closed_column_still_stops_the_audit(release, tmp_path):
    scaffold(infer([release]), "xx_XX", tmp_path / "cat")
    table = population(500, 2)
    table = table.set_column(1, "county", pa.array(["D"] * 500))
    with pytest.raises(ReleaseError, match="county"):
        audit_table(table, "xx_XX", catalogue=Catalogue(tmp_path / "cat"))


def test_the_same_release_gives_the_same_bytes(release, tmp_path):
    for name in ("one", "two"):
        scaffold(infer([release]), "xx_XX", tmp_path / name, Card(sentences=(SENTENCE,)))
    assert files(tmp_path / "one") == files(tmp_path / "two")


def test_a_folder_that_cannot_take_it_is_refused_and_nothing_is_left(release, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    (tmp_path / "file").write_text("x")
    for target in ("full", "file"):
        with pytest.raises(OutputError):
            scaffold(infer([release]), "xx_XX", tmp_path / target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "full", "pop"]


@pytest.mark.parametrize("card, message", [
    (Card(sentences=("occupation independent of income given sex",)), "'income'"),
    (Card(sentences=("jobs follow schooling",)), "Cannot read the sentence"),
])
def test_a_sentence_must_name_the_release_columns(release, tmp_path, card, message):
    with pytest.raises(UsageError, match=message):
        scaffold(infer([release]), "xx_XX", tmp_path / "cat", card)
    assert not (tmp_path / "cat").exists()


@pytest.mark.parametrize("locale", ["../up", "de DE", "", "x/y"])
def test_a_locale_names_a_folder(release, tmp_path, locale):
    with pytest.raises(UsageError, match="A locale names a folder"):
        scaffold(infer([release]), locale, tmp_path / "cat")


def test_a_release_with_nothing_to_declare_is_a_usage_error(tmp_path):
    path = write(tmp_path / "ids.parquet", pa.table({"id": [str(i) for i in range(2000)]}))
    with pytest.raises(UsageError, match="Nothing to declare"):
        scaffold(infer([path]), "xx_XX", tmp_path / "cat")


def test_a_card_address_anchors_the_sentences(release, tmp_path):
    card = Card("https://example.org/card", "v2", (SENTENCE,))
    scaffold(infer([release]), "xx_XX", tmp_path / "cat", card)
    footprints = Catalogue(tmp_path / "cat").locale("xx_XX").footprints
    sentence = next(f.disclosure for f in footprints if f.id == "occupation_x_sex")
    marginal = next(f.disclosure for f in footprints if f.id == "marginal_sex")
    assert (sentence.id, sentence.anchored, sentence.revision) == ("card", True, "v2")
    assert sentence.source == "https://example.org/card" and not marginal.anchored
