"""The scan: one pass over a release's files -> the count tables every footprint needs.

Two engines count the same tables from the same files: ``arrow``, the embedded default
(pyarrow, no JVM), and ``spark`` (pyspark, for populations past one machine). Everything after
the scan works on the small count tables and is engine-blind.
"""

from __future__ import annotations

from collections.abc import Iterable

from iaf.catalogue import LocaleSchema
from iaf.errors import UsageError
from iaf.release import Release
from iaf.scan.counting import Progress, tables_from_arrow
from iaf.tables import Dims, Tables

ENGINES = ("arrow", "spark")
DEFAULT_ENGINE = "arrow"

__all__ = ["DEFAULT_ENGINE", "ENGINES", "Progress", "scan", "tables_from_arrow"]


def scan(release: Release, schema: LocaleSchema, tables: Iterable[Dims],
         on_progress: Progress | None = None, allow_new_values: bool = False,
         engine: str = DEFAULT_ENGINE) -> Tables:
    """Read ``release`` once, projecting the columns ``tables`` need; count every table."""
    if engine == "arrow":
        from iaf.scan import arrow  # noqa: PLC0415

        return arrow.scan(release, schema, tables, on_progress, allow_new_values)
    if engine == "spark":
        from iaf.scan import spark  # noqa: PLC0415 - pyspark only when asked for

        return spark.scan(release, schema, tables, on_progress, allow_new_values)
    raise UsageError(f"Unknown scan engine {engine!r}. Valid: {', '.join(ENGINES)}")
