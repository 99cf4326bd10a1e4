"""The documentation site builds under `mkdocs build --strict` (a broken link, a missing page or
an unknown marker fails it), and its generated pages follow the code: a page per locale and per
footprint of the shipped catalogue, every exit code, every method's metrics, every report key.

Skipped where the docs extra is not installed (`pip install -e ".[docs]"`)."""

from __future__ import annotations

import html
import importlib.util
import os
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from iaf.catalogue import METHODS, Catalogue
from iaf.errors import EXIT_CODES
from iaf.report import document

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ("mkdocs", "material", "mkdocs_gen_files", "mkdocs_literate_nav", "mkdocstrings")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(any(importlib.util.find_spec(m) is None for m in PLUGINS),
                       reason="the docs extra is not installed (pip install -e '.[docs]')"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    quiet = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}  # banners only
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                          str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600,
                         env={**os.environ, **quiet})
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-4000:]
    return out


def page(site: Path, path: str) -> str:
    return html.unescape((site / path / "index.html").read_text(encoding="utf-8"))


def test_every_locale_and_footprint_has_a_page(site):
    catalogue = Catalogue.shipped()
    for locale in catalogue.locales():
        entry = catalogue.locale(locale)
        overview = page(site, f"locales/{locale}")
        for footprint in entry.footprints:
            assert f'href="{footprint.id}/"' in overview, footprint.test_id
            text = page(site, f"locales/{locale}/{footprint.id}")
            assert footprint.test_id in text
            assert footprint.disclosure.revision in text
            loaded = entry.loaded[footprint.id]
            for table_id in loaded.tables:
                assert loaded.tables[table_id].manifest["sha256"] in text, table_id
            for expectation in loaded.suite.expectations if loaded.suite else ():
                assert expectation.metric in text
            if footprint.unevaluable:
                assert "Unevaluable" in text


def test_the_contracts_pages_follow_the_code(site):
    codes = page(site, "reference/exit-codes")
    for code, meaning in EXIT_CODES.items():
        assert f"<td>{code}</td>" in codes and meaning in codes
    methods = page(site, "catalogue/methods")
    for method, spec in METHODS.items():
        assert f'id="{method.value}"' in methods
        assert all(metric in methods for metric in spec.metrics)
    keys = page(site, "reference/report-format")
    for name in ("ReportDoc", "RecordDoc", "GateDoc", "ErrorDoc", "DiffDoc", "ChangeDoc"):
        for key in typing.get_type_hints(getattr(document, name)):
            assert f"<code>{key}</code>" in keys, (name, key)


def test_the_demo_output_was_run_at_build_time(site):
    text = page(site, "getting-started")
    assert "$ iaf audit" in text and "ko_KR   occupation_x_sex" in text
