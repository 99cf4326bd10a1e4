"""docs/catalogue/walkthrough-occupation-x-age.md, followed as written: the files it shows are
written into an exported catalogue (the manifest's checksum computed as it says), the
catalogue checks clean, and the new footprint (age as a recoded dimension, intervals in the
crosswalk) is judged on the demo: data only, no code."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from iaf.cli import main

PAGE = Path(__file__).resolve().parents[2] / "docs/catalogue/walkthrough-occupation-x-age.md"
BLOCK = re.compile(r"<!-- (file|footprint): (\S+)[^>]*-->\n```\w+\n(.*?)\n```", re.S)


@pytest.mark.slow
def test_the_walkthrough_adds_a_footprint_as_data_only(tmp_path, capsys):
    catalogue = tmp_path / "my-catalogue"
    assert main(["catalogue", "export", str(catalogue), "--locale", "ko_KR"]) == 0
    blocks = BLOCK.findall(PAGE.read_text(encoding="utf-8"))
    assert [kind for kind, _, _ in blocks] == ["file", "file", "footprint", "file"]
    for kind, name, body in blocks:
        path = catalogue / name
        if kind == "footprint":
            document = json.loads(path.read_text(encoding="utf-8"))
            document["footprints"].append(json.loads(body))
            path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
            continue
        if name.endswith(".manifest.json"):  # the sha256sum the page asks for
            data = path.with_name(name.split("/")[-1].replace(".manifest.json", ".csv"))
            body = body.replace("<the sha256sum of age_ilo4.csv>",
                                hashlib.sha256(data.read_bytes()).hexdigest())
        path.write_text(body + "\n", encoding="utf-8")
    assert main(["catalogue", "check", str(catalogue), "--locale", "ko_KR"]) == 0
    capsys.readouterr()
    assert main(["audit", "--catalogue", str(catalogue), "--footprint", "occupation_x_age",
                 "--quiet"]) == 1
    assert re.search(r"occupation_x_age +direct_joint +fail", capsys.readouterr().out)


def test_an_age_crosswalk_whose_values_are_not_intervals_is_a_broken_catalogue(tmp_path,
                                                                               capsys):
    from iaf.catalogue import Catalogue  # noqa: PLC0415
    from iaf.catalogue.crosswalks import band_bounds, numeric  # noqa: PLC0415

    assert band_bounds("20-24") == (20, 24) and band_bounds("65+")[0] == 65
    crosswalk = Catalogue.shipped().locale("ko_KR").crosswalk("age_ilo4")
    assert crosswalk.mapping("main")[19] == "15-24" and crosswalk.mapping("main")[99] == "65+"
    from dataclasses import replace  # noqa: PLC0415

    broken = replace(crosswalk, targets={"main": {"twenty": "15-24", "20-30": "a",
                                                  "25-54": "b"}})
    _, problems = numeric(broken, 19, 99)
    assert any("not an interval" in p for p in problems)
    assert any("in two intervals" in p for p in problems)
