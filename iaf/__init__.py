"""iaf: audit synthetic persona releases for joint-distribution fidelity (Independence-
Assumption Footprints).

    import iaf
    result = iaf.audit(["npk/"], "ko_KR")          # a release folder, file, or files
    result = iaf.audit_table(arrow_table, "ko_KR")  # in-memory data
    change = iaf.diff("v1/report.json", ["v2/"], "ko_KR")  # a new version against the last
    result = iaf.audit(iaf.demo_release("ko_KR"), "ko_KR")  # the embedded demo
    for record in result.records:
        print(record.footprint.id, record.verdict.value)

The public API is what ``__all__`` lists; everything else is internal. Heavy modules load on
first use, so ``import iaf`` (and the pytest plugin) stay light.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.4.0.dev0"  # the next version under way: reports of format 3
__all__ = ["AuditResult", "Catalogue", "DiffResult", "IafError", "Record", "ReleaseError",
           "SuiteError", "UsageError", "Verdict", "audit", "audit_table", "demo_release", "diff",
           "__version__"]

_WHERE = {"audit": "iaf.runner", "audit_table": "iaf.runner", "Catalogue": "iaf.catalogue",
          "demo_release": "iaf.simulators.demo", "diff": "iaf.compare", "DiffResult": "iaf.results",
          "AuditResult": "iaf.results", "Record": "iaf.results", "Verdict": "iaf.results",
          "IafError": "iaf.errors", "ReleaseError": "iaf.errors", "SuiteError": "iaf.errors",
          "UsageError": "iaf.errors"}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib  # noqa: PLC0415

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'iaf' has no attribute {name!r}")
