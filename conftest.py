"""Root conftest: enables pytester for the plugin's end-to-end tests in tests/, the option that
regenerates the renderers' golden files on purpose, and a cache of simulations (iaf.cache) for
this run only, never the user's (pytest-xdist workers inherit it from the controller)."""

import os
import shutil
import tempfile

pytest_plugins = ["pytester"]
_CACHE: list[str] = []


def pytest_addoption(parser):
    parser.addoption("--regen-golden", action="store_true",
                     help="rewrite the renderers' golden files in tests/golden (review the diff)")


def pytest_configure(config):
    if "IAF_CACHE_DIR" not in os.environ:
        _CACHE.append(tempfile.mkdtemp(prefix="iaf-test-cache-"))
        os.environ["IAF_CACHE_DIR"] = _CACHE[0]


def pytest_unconfigure(config):
    for folder in _CACHE:
        shutil.rmtree(folder, ignore_errors=True)
