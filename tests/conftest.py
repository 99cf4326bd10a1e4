"""Shared fixtures: small generated Korean releases, in memory and in the Hugging Face layout."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import settings

from iaf.simulate import write_release
from tests.helpers import generated

settings.register_profile("ci", max_examples=60, deadline=None)
settings.load_profile("ci")


@pytest.fixture
def small_table() -> pa.Table:
    """A faithful Korean release of 20,000 rows with all 26 columns."""
    return generated(20_000, 7, "faithful")


@pytest.fixture
def release_dir(tmp_path: Path, small_table: pa.Table) -> Path:
    """The small release written in the real layout, data/train-0000i-of-00002.parquet."""
    write_release(small_table, tmp_path / "release", "train", shards=2)
    return tmp_path / "release"
