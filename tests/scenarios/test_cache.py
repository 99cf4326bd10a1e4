"""Every locale's demo audited without the simulations' cache, then filling it, then reading it
back: the same verdicts and the same report bytes (iaf.cache)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def audited(tmp_path, name: str, cache: str) -> tuple[int, str, dict[str, bytes]]:
    folder = tmp_path / name
    run = subprocess.run([sys.executable, "-m", "iaf.cli", "audit", "--locale", "all", "--quiet",
                          "--report", str(folder)], capture_output=True, text=True, timeout=900,
                         env={**os.environ, "IAF_CACHE_DIR": cache})
    files = {f: (folder / f).read_bytes() for f in ("report.json", "report.md", "report.html")}
    return run.returncode, run.stdout.replace(str(folder), "<report>"), files


@pytest.mark.slow
def test_every_demo_reports_the_same_bytes_cached_or_not(tmp_path):
    uncached = audited(tmp_path, "uncached", "off")
    drawn = audited(tmp_path, "drawn", str(tmp_path / "cache"))
    read = audited(tmp_path, "read", str(tmp_path / "cache"))
    assert uncached == drawn == read
    assert list((tmp_path / "cache").rglob("*.pickle"))
