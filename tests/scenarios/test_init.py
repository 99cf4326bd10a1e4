"""iaf init on the newer family schemas: a release generated to the published German field list
(KldB codes as 5-digit strings, Weiblich / Männlich, Länder and Kreis codes) gets a catalogue the
audit runs at once, every footprint unevaluable; the shipped de_DE and en_GB catalogues, built
from the same scaffold with references attached, settle occupation x sex."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from iaf.catalogue import Catalogue
from iaf.cli import main
from iaf.results import Verdict
from iaf.simulators.build import build_release
from tests.helpers import SHIPPED, demographic_table, records


@pytest.fixture(scope="module")
def german(tmp_path_factory):
    folder = tmp_path_factory.mktemp("de") / "release"
    build_release("de_DE", folder, 100_000, 4, "faithful", shards=2)
    return folder


def test_init_reads_the_german_field_list(german, tmp_path, capsys):
    assert main(["init", str(german), str(tmp_path / "cat"), "--locale", "de_DE"]) == 0
    schema = Catalogue(tmp_path / "cat").locale("de_DE").schema
    codes = schema.column("occupation_kldb").values or ()
    assert schema.column("sex").values in (("Männlich", "Weiblich"), ("Weiblich", "Männlich"))
    assert len(codes) > 1200 and all(len(c) == 5 and c.isdigit() for c in codes if c)
    assert len(schema.column("region").values or ()) == 16
    assert all(len(c) == 5 for c in schema.column("kreis_code").values or ())
    assert main(["audit", str(german), "--catalogue", str(tmp_path / "cat"), "--quiet"]) == 0
    assert "0 pass, 0 fail, 0 inconclusive, 8 unevaluable" in capsys.readouterr().out


def test_the_shipped_german_catalogue_settles_occupation_by_sex(german, capsys):
    assert main(["audit", str(german), "--locale", "de_DE", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "2 pass, 0 fail, 0 inconclusive, 9 unevaluable" in out


def test_the_correspondence_maps_every_code_and_the_unambiguous_variant_fewer():
    walk = SHIPPED.locale("de_DE").crosswalk("occupation_kldb_isco08")
    recommended, unambiguous = walk.mapping("recommended"), walk.mapping("unambiguous")
    assert len(recommended) == 1302 and recommended[""] == "NOT_EMPLOYED"
    assert recommended["01104"] == "0"  # commissioned officers: armed forces
    assert sum(t == "" for t in recommended.values()) == 0
    assert sum(t == "" for t in unambiguous.values()) == 56


def test_a_release_the_crosswalk_cannot_read_is_inconclusive_not_judged():
    """en_GB's occupation strings are placeholders: a release written otherwise (here the
    strings of SOC 2020 titles) maps too little and is inconclusive, saying so."""
    table = demographic_table("en_GB", 30_000, 2, "faithful")
    soc = pc.if_else(pc.equal(table["occupation"], ""), "", "Nurses")
    table = table.set_column(table.schema.get_field_index("occupation"), "occupation", soc)
    result = records(pa.table(table), "en_GB")["occupation_x_sex"]
    assert result.verdict is Verdict.INCONCLUSIVE and "mapped" in result.reason


def test_no_card_was_found_for_either_locale():
    for locale in ("de_DE", "en_GB"):
        path = SHIPPED.root / "references" / locale / "footprints.json"
        (disclosure,) = json.loads(path.read_text("utf-8"))["disclosures"]
        assert disclosure["anchored"] is False and "card text not available" == \
            disclosure["revision"]
