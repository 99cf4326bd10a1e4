"""Where the audit's data lives: references/, expectations/ and tests_iaf/.

In a clone they sit beside the package; in an installed wheel they are packed into
``iaf/_suite`` (see pyproject.toml), so both layouts run the same suites and references.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def suite_root() -> Path:
    packed = _PACKAGE / "_suite"
    return packed if packed.is_dir() else _PACKAGE.parent


def references_dir(locale: str) -> Path:
    return suite_root() / "references" / locale


def expectations_dir(locale: str) -> Path:
    return suite_root() / "expectations" / locale


def audit_suite_dir() -> Path:
    return suite_root() / "tests_iaf"
