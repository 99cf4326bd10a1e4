"""Every locale's demo audited by the Spark engine (local mode) gives the verdicts and the
report bytes of the embedded engine, apart from the engine's name."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.spark import needs_spark


def audited(tmp_path, engine: str) -> tuple[int, str, dict[str, bytes]]:
    folder = tmp_path / engine
    run = subprocess.run([sys.executable, "-m", "iaf.cli", "audit", "--locale", "all", "--quiet",
                          "--engine", engine, "--report", str(folder)],
                         capture_output=True, text=True, timeout=900)
    files = {name: (folder / name).read_bytes()
             for name in ("report.json", "report.md", "report.html")}
    return run.returncode, run.stdout.replace(str(folder), "<report>"), files


@pytest.mark.slow
@needs_spark
def test_every_demo_the_same_with_spark(tmp_path):
    arrow_code, arrow_out, arrow = audited(tmp_path, "arrow")
    spark_code, spark_out, spark = audited(tmp_path, "spark")
    assert (spark_code, spark_out) == (arrow_code, arrow_out)
    assert spark["report.html"] == arrow["report.html"]
    assert spark["report.md"] == arrow["report.md"].replace(b"by the arrow engine",
                                                            b"by the spark engine")
    documents = [json.loads(arrow["report.json"]), json.loads(spark["report.json"])]
    assert {r["engine"] for r in documents[1]["releases"]} == {"spark"}
    for document in documents:
        for release in document["releases"]:
            release.pop("engine")
        document["files"].pop("report.md")
    assert documents[0] == documents[1]
    assert documents[0]["run"] == documents[1]["run"]  # the run id names what, not how
