"""Generate the docs site's pages from iaf itself (run by mkdocs-gen-files during the build).

- ``locales/``: an overview, one page per locale and one per footprint of the shipped
  catalogue, and the section's nav (``locales/SUMMARY.md``, read by mkdocs-literate-nav).
- Hand-written pages hold markers, ``<!-- iaf:NAME -->``, replaced by what ``MARKERS[NAME]``
  returns (a table of exit codes, a method's contract ...). An unknown marker stops the build.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import mkdocs_gen_files

sys.path.insert(0, str(Path(__file__).parent))

MARKER = re.compile(r"<!-- iaf:([a-z-]+) -->")
def markers() -> dict[str, object]:
    from iafdocs import contracts, interfaces  # noqa: PLC0415

    from iaf.catalogue import Catalogue  # noqa: PLC0415

    catalogue = Catalogue.shipped()
    return {
        "exit-codes": interfaces.exit_codes, "report-keys": interfaces.report_keys,
        "cli-help": interfaces.cli_help, "pytest-options": interfaces.pytest_options,
        "action-inputs": interfaces.action_inputs, "models": interfaces.models,
        "demos": interfaces.demos, "demo-audit": interfaces.demo_audit,
        "transitions": interfaces.transitions, "constants": interfaces.constants,
        "example-workflow": interfaces.example_workflow,
        "methods": contracts.methods, "param-types": contracts.param_types,
        "footprint-keys": contracts.footprint_keys, "suite-format": contracts.suite_format,
        "manifest-fields": contracts.manifest_fields, "sentinels": contracts.sentinels,
        "crosswalks": lambda: contracts.crosswalks(catalogue),
    }


def write(name: str, text: str) -> None:
    with mkdocs_gen_files.open(name, "w") as out:
        out.write(text)


def locale_pages() -> None:
    from iafdocs import catalogue as pages  # noqa: PLC0415

    from iaf.catalogue import Catalogue  # noqa: PLC0415

    catalogue = Catalogue.shipped()
    write("locales/index.md", pages.overview(catalogue))
    write("locales/SUMMARY.md", pages.summary(catalogue))
    for locale in catalogue.locales():
        entry = catalogue.locale(locale)
        write(f"locales/{locale}/index.md", pages.locale_page(catalogue, locale))
        for footprint in entry.footprints:
            write(f"locales/{pages.footprint_page_name(footprint)}",
                  pages.footprint_page(entry.loaded[footprint.id]))


def fill_markers() -> None:
    """Replace every marker of the hand-written pages; each generator runs once."""
    generators = markers()
    done: dict[str, str] = {}
    for page in [f.src_uri for f in mkdocs_gen_files.files if f.src_uri.endswith(".md")]:
        with mkdocs_gen_files.open(page, "r") as handle:
            text = handle.read()
        names = MARKER.findall(text)
        if not names:
            continue
        unknown = sorted(set(names) - set(generators))
        if unknown:
            raise ValueError(f"docs/{page}: unknown marker(s) {unknown}; known: "
                             f"{', '.join(sorted(generators))}")
        for name in names:
            done.setdefault(name, str(generators[name]()))  # type: ignore[operator]
        write(page, MARKER.sub(lambda m: done[m.group(1)], text))
        mkdocs_gen_files.set_edit_path(page, page)


locale_pages()
fill_markers()
