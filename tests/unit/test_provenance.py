"""Structured provenance of manifests: sound blocks pass, each kind of defect is named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iaf.catalogue.provenance import provenance_problems
from iaf.paths import suite_root

COMMIT = "c50d060595275a48961dbd0c5971eedea95ffad8"
SHA = "0" * 64
SECONDARY = {"kind": "secondary", "official": "https://ilostat.ilo.org/data/",
             "seen": [{"repository": "open-numbers/ddf--ilo--ilostat", "commit": COMMIT,
                       "path": "datapoints/x.csv"}], "inputs": [{"file": "a.csv", "sha256": SHA}]}


def test_a_sound_block_has_no_problem():
    assert provenance_problems(SECONDARY) == []
    assert provenance_problems({"kind": "derived", "inputs": [{"file": "a", "sha256": SHA}]}) == []
    assert provenance_problems({"kind": "primary", "official": "u", "seen": [{"url": "u"}]}) == []


@pytest.mark.parametrize("change, key", [
    ({"kind": "tertiary"}, "provenance.kind"),
    ({"official": ""}, "provenance.official"),
    ({"seen": []}, "provenance.seen"),
    ({"seen": [{"repository": "o/n", "commit": COMMIT[:38], "path": "p"}]},
     "provenance.seen[0].commit"),
    ({"seen": [{"repository": "o/n", "commit": COMMIT}]}, "provenance.seen[0].path"),
    ({"seen": [{"url": "u", "sha256": "abc"}]}, "provenance.seen[0].sha256"),
    ({"inputs": [{"file": "a.csv", "sha256": SHA[:10]}]}, "provenance.inputs[0]"),
])
def test_each_defect_is_named(change, key):
    assert key in [k for k, _ in provenance_problems({**SECONDARY, **change})]


def test_a_derived_table_lists_its_inputs():
    assert [k for k, _ in provenance_problems({"kind": "derived"})] == ["provenance.inputs"]


def test_every_shipped_manifest_with_a_source_has_sound_provenance():
    """Tables always carry provenance; crosswalks and source extracts when read from outside
    (the India manifests once carried a commit id cut to 38 characters)."""
    root = suite_root() / "references"
    for path in sorted(root.glob("*/*/*.manifest.json")):
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if path.parent.name == "tables" or "provenance" in manifest:
            assert provenance_problems(manifest.get("provenance")) == [], path
        assert "source" not in manifest, f"{path}: an unstructured source block"
    assert list(Path(root).glob("*/sources/*.manifest.json")), "no source extracts found"
