"""Shared fixtures: small generated Korean releases, in memory and in the Hugging Face layout."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import settings

from iaf.simulators.build import write_release
from tests.helpers import generated

# `dev` for the inner loop; .ci/run sets HYPOTHESIS_PROFILE=ci for more examples
settings.register_profile("dev", max_examples=30, deadline=None)
settings.register_profile("ci", max_examples=200, deadline=None, derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def small_table() -> pa.Table:
    """A faithful Korean release of 20,000 rows with all 26 columns."""
    return generated(20_000, 7, "faithful")


@pytest.fixture
def release_dir(tmp_path: Path, small_table: pa.Table) -> Path:
    """The small release written in the real layout, data/train-0000i-of-00002.parquet."""
    write_release(small_table, tmp_path / "release", "train", shards=2)
    return tmp_path / "release"


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare rendered text with tests/golden/<name>. A difference fails and leaves
    <name>.new beside it; only --regen-golden rewrites a golden file (never by accident)."""
    def check(name: str, text: str) -> None:
        path = Path(__file__).parent / "golden" / name
        if request.config.getoption("regen_golden"):
            path.write_text(text, encoding="utf-8")
            return
        expected = path.read_text(encoding="utf-8") if path.exists() else None
        if text != expected:
            path.with_name(name + ".new").write_text(text, encoding="utf-8")
            pytest.fail(f"{name} differs from its golden file (or has none): compare "
                        f"{path}.new; if the change is meant, rerun with --regen-golden",
                        pytrace=False)
    return check
