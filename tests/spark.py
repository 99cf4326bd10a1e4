"""Whether the spark engine's tests run: pyspark and Java present, or IAF_SPARK=required (CI
says so, and then a missing piece fails instead of skipping)."""

from __future__ import annotations

import importlib.util
import os
import shutil

import pytest

REQUIRED = os.environ.get("IAF_SPARK") == "required"
AVAILABLE = importlib.util.find_spec("pyspark") is not None and (
    shutil.which("java") is not None or bool(os.environ.get("JAVA_HOME")))

needs_spark = pytest.mark.skipif(
    not (REQUIRED or AVAILABLE),
    reason='the spark engine needs pyspark (pip install ".[spark]") and Java; '
           "IAF_SPARK=required makes this a failure")
