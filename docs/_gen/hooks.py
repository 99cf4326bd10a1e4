"""mkdocs hooks: the nav files mkdocs-literate-nav reads (``SUMMARY.md``) are not pages.

literate-nav reads them when it builds the nav; mkdocs would then render each as an orphan
page (``locales/SUMMARY/``), listed nowhere, that search still finds. Hooks run after the
plugins, so the nav is built before they are left out."""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import Files, InclusionLevel


def on_nav(nav: Any, config: Any, files: Files) -> Any:
    for file in files:
        if file.name == "SUMMARY":
            file.inclusion = InclusionLevel.EXCLUDED
    return nav
