"""Hand-built report documents for the renderer tests: small, covering every verdict, a gate,
and strings a release or a catalogue could make hostile. Built by hand (not by an audit), so
the renderers are tested in milliseconds and a change to the evaluators cannot move them."""

from __future__ import annotations

from typing import Any

DISCLOSURE = {"id": "card", "quote": "Occupations are independent of sex.",
              "source": "https://example.org/card", "revision": "v1", "card_anchored": True}


def check(metric: str, observed: float, low: float | None, high: float | None,
          success: bool, why: str = "the drift other surveys show") -> dict[str, Any]:
    return {"metric": metric, "observed": observed, "min": low, "max": high,
            "suite_min": low, "suite_max": None if high is None else round(high - 0.01, 6),
            "noise_allowance": 0.0 if high is None else 0.01, "success": success, "why": why}


def record(fid: str, kind: str, verdict: str, checks: list[dict], reason: str = "",
           figure: dict | None = None, cells: list[dict] | None = None) -> dict[str, Any]:
    from iaf.report.checks import headline  # noqa: PLC0415

    view = {"role": "primary", "verdict": verdict, "metrics": {c["metric"]: c["observed"]
                                                              for c in checks},
            "frame_rows": 1000, "checks": checks, "power": None, "noise": {}, "table": None,
            "figure": figure}
    out: dict[str, Any] = {
        "locale": "xx_XX", "id": fid, "kind": kind, "method": "marginal", "attributes": ["sex"],
        "verdict": verdict, "headline": headline(verdict, checks, reason),
        "metrics": view["metrics"], "checks": checks, "power": None, "cells": cells or [],
        "frame": {"text": "all rows", "rows": 1000 if checks else 0},
        "reference": ["pop_sex"], "reference_citations": {"pop_sex": "Office, T1, 2024"},
        "reference_files": {"pop_sex": "references/xx_XX/tables/pop_sex.csv"},
        "reference_sources": {"pop_sex": {
            "url": "https://stats.example/T1?a=1&b=2", "retrieved": "2026-01-02",
            "licence": "test licence", "evidence": "primary: the office's own table"}},
        "suite": f"expectations/xx_XX/{fid}.json", "disclosure": DISCLOSURE,
        "views": {"all": view} if checks else {}, "notes": []}
    if reason:
        out["reason"] = reason
    return out


def document() -> dict[str, Any]:
    shares = {"kind": "shares", "rows": ["F", "M"], "columns": ["synthetic", "reference"],
              "values": [[0.5, 0.49], [0.5, 0.51]]}
    records = [
        record("marginal_sex", "marginal", "pass", [check("tvd", 0.01, None, 0.03, True)],
               "every check within its bounds (tvd)", shares),
        record("occupation_x_sex", "direct_joint", "fail",
               [check("conditional_tvd", 0.08, None, 0.03, False),
                check("rho", 0.4, 0.85, None, False, "a | pipe\nand a ``` fence")],
               "conditional_tvd 0.08 outside <= 0.03",
               cells=[{"where": "builder <b>", "outcome": "F", "synthetic": 0.3,
                       "reference": 0.1, "gap": 0.2, "weight": 0.5, "rows": None, "note": ""}]),
        record("marginal_age", "marginal", "inconclusive", [check("tvd", 0.01, None, 0.03, True)],
               "at 1,000 rows in the frame this footprint cannot tell a faithful release "
               "from its counterfactual; needs about 5,000 rows in the frame"),
        record("occupation_x_age", "direct_joint", "unevaluable", [],
               "No official table was found.\x1b[31m"),
    ]
    return {
        "format": 3, "iaf_version": "0.0.0-test", "status": "complete",
        "releases": [{"locale": "xx_XX", "label": "v2 \"><img src=x>", "rows": 1000,
                      "catalogue": "shipped", "files": [{"name": "data/train-00000-of-00001"
                                                         ".parquet", "bytes": 10, "rows": 1000,
                                                         "sha256": "0" * 64}],
                      "columns": ["sex"], "values": {"sex": {"F": 500, "M": 500}},
                      "revision": "", "revision_note": "", "new_values": {},
                      "attribute_tables": {}}],
        "summary": {"pass": 1, "fail": 1, "inconclusive": 1, "unevaluable": 1},
        "comparison": {"locales": {"xx_XX": {"run": 4, "pass": 1, "fail": 1,
                                             "inconclusive": 1, "unevaluable": 1}},
                       "footprints": []},
        "footprints": records,
        "gate": {"strict": True, "excluded": [], "selected": [], "allow_partial": False,
                 "allow_new_values": False, "catalogue_digest": "0" * 64, "baseline": "",
                 "decision": "fail", "exit_code": 1, "blocking": ["xx_XX/occupation_x_sex"],
                 "unevaluable": ["xx_XX/occupation_x_age"], "notes": []},
        "run": "0123456789abcdef",
    }
