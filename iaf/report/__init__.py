"""The render stage: the report document (``document``: the format of report.json, its writer
and its one reader) and its renderers (``text`` for terminals, ``markdown``, ``html`` with
``plots`` drawn by ``drawing``'s child), and ``outputs``, the folder they are written to.

Light to import: matplotlib loads only when a plot is drawn."""

from iaf.report.document import FORMAT, ReportDoc, build, dumps, read
from iaf.report.markdown import diff_markdown, to_markdown
from iaf.report.text import failure_message, verdict_table

__all__ = ["FORMAT", "ReportDoc", "build", "diff_markdown", "dumps", "failure_message", "read",
           "to_markdown", "verdict_table"]
