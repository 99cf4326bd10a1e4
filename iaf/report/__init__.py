"""The render stage: the report document (what report.json and diff.json hold) and its
renderers (terminal text, Markdown, HTML with plots), and the folder they are written to.

Light to import: matplotlib loads only when a plot is drawn (``iaf.report.plots``)."""

from iaf.report.document import (
    comparison,
    diff_json,
    document,
    dumps,
    figure_dict,
    summary,
    to_json,
)
from iaf.report.markdown import diff_markdown, to_markdown
from iaf.report.text import comparison_table, diff_table, failure_message, headline, verdict_table

__all__ = ["comparison", "comparison_table", "diff_json", "diff_markdown", "diff_table",
           "document", "dumps", "failure_message", "figure_dict", "headline", "summary",
           "to_json", "to_markdown", "verdict_table"]
