"""References carry their provenance, and the suite's data is internally consistent: every
footprint's references, crosswalks and GX suite exist, and a changed figure is refused."""

from __future__ import annotations

import json
import shutil

import pytest

from iaf.crosswalks import load_crosswalk
from iaf.errors import ReferenceDataError, SuiteError
from iaf.footprints import load_footprints
from iaf.gx import load_suite
from iaf.paths import suite_root
from iaf.references import REQUIRED_FIELDS, load_reference, load_table
from iaf.schema import known_locales

TABLES = sorted((suite_root() / "references").glob("*/tables/*.manifest.json"))
FOOTPRINTS = [fp for locale in known_locales() for fp in load_footprints(locale)]


@pytest.mark.parametrize("manifest", TABLES, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_every_reference_has_a_complete_manifest_and_matches_it(manifest):
    record = json.loads(manifest.read_text(encoding="utf-8"))
    assert not [f for f in REQUIRED_FIELDS if not record.get(f)]
    reference = load_table(manifest.parent, record["id"])
    assert len(reference.data) > 0


def test_a_changed_figure_is_refused(tmp_path):
    source = suite_root() / "references" / "ko_KR" / "tables"
    for name in ("pop_sex_age_2025.csv", "pop_sex_age_2025.manifest.json"):
        shutil.copy(source / name, tmp_path / name)
    data = tmp_path / "pop_sex_age_2025.csv"
    data.write_text(data.read_text(encoding="utf-8").replace("1390474", "1390475"),
                    encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="Checksum mismatch"):
        load_table(tmp_path, "pop_sex_age_2025")


def test_a_manifest_without_provenance_is_refused(tmp_path):
    source = suite_root() / "references" / "ko_KR" / "tables"
    shutil.copy(source / "pop_sex_age_2025.csv", tmp_path)
    record = json.loads((source / "pop_sex_age_2025.manifest.json").read_text(encoding="utf-8"))
    del record["url"]
    (tmp_path / "pop_sex_age_2025.manifest.json").write_text(json.dumps(record),
                                                              encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="url"):
        load_table(tmp_path, "pop_sex_age_2025")


@pytest.mark.parametrize("fp", FOOTPRINTS, ids=lambda f: f.test_id)
def test_every_footprint_is_anchored_and_has_its_data(fp):
    assert fp.disclosure.quote and fp.disclosure.source.startswith("https://")
    for ref in fp.references:
        assert load_reference(fp.locale, ref).manifest["sha256"]
    if fp.unevaluable:
        assert len(fp.unevaluable) > 40  # an inconclusive footprint says plainly why
    for key in ("crosswalk", "recode"):
        spec = fp.params.get(key)
        if isinstance(spec, dict):
            assert load_crosswalk(fp.locale, spec["id"]).column == spec["column"]
        elif spec:
            assert load_crosswalk(fp.locale, spec)
    suite = load_suite(fp.locale, fp.id)
    assert all(e["meta"]["why"] for e in suite.expectations)
    assert bool(suite.expectations) != bool(fp.unevaluable)


def test_a_suite_without_reasons_is_refused(tmp_path, monkeypatch):
    (tmp_path / "ko_KR").mkdir()
    suite = {"name": "ko_KR/marginal_sex", "expectations": [
        {"type": "expect_footprint_metric_at_most", "kwargs": {"column": "tvd", "max_value": 1},
         "meta": {}}]}
    (tmp_path / "ko_KR" / "marginal_sex.json").write_text(json.dumps(suite), encoding="utf-8")
    monkeypatch.setattr("iaf.gx.expectations_dir", lambda locale: tmp_path / locale)
    load_suite.cache_clear()
    try:
        with pytest.raises(SuiteError, match="meta.why"):
            load_suite("ko_KR", "marginal_sex")
    finally:
        load_suite.cache_clear()


def test_occupation_crosswalk_variants():
    crosswalk = load_crosswalk("ko_KR", "occupation_ksco7")
    strict, broad = crosswalk.mapping("strict"), crosswalk.mapping("broad")
    assert len(strict) == 2120
    assert strict["건물 청소원"] == broad["건물 청소원"] == "94111"
    # job-seekers: not employed (strict), their former occupation (broad)
    assert strict["전직 건물 청소원, 현재 구직중"] == "NOT_EMPLOYED"
    assert broad["전직 건물 청소원, 현재 구직중"] == "94111"
    assert strict["무직"] == broad["무직"] == "NOT_EMPLOYED"
    # the military rule: no KSCO title, class codes by inference
    assert strict["육군 병사"] == "A09" and strict["해군 장교"] == "A01"
    assert strict["공군 부사관"] == "A02"
    # middle-dot near-matches: broad only
    assert strict["농약·비료 기술자 및 연구원"] == ""
    assert broad["농약·비료 기술자 및 연구원"] == "23213"
    unmapped_strict = [v for v, t in strict.items() if t == ""]
    assert len(unmapped_strict) == 6 and not [v for v, t in broad.items() if t == ""]
