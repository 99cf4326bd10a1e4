"""The error family of iaf: every failure a user can cause, carrying the object it is about.

Only these exceptions are caught by the CLI and the pytest plugin; anything else is a bug and
surfaces with its traceback.
"""

from __future__ import annotations

from collections.abc import Sequence

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_UNUSABLE_INPUT = 2
EXIT_BROKEN_SUITE = 3


class IafError(Exception):
    """Base of every error iaf raises on purpose."""

    exit_code = EXIT_UNUSABLE_INPUT


class UsageError(IafError):
    """A parameter names something that does not exist (a locale, a footprint, a model)."""


class ReleaseError(IafError):
    """The release cannot be audited as given: missing, not parquet, wrong schema, bad values."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        column: str | None = None,
        values: Sequence[tuple[str, int]] = (),
    ) -> None:
        self.file = file
        self.column = column
        self.values = tuple(values)
        parts = [message]
        if file:
            parts.append(f"file: {file}")
        if column:
            parts.append(f"column: {column}")
        if self.values:
            shown = ", ".join(f"{v!r} ({n:,} rows)" for v, n in self.values)
            parts.append(f"values: {shown}")
        super().__init__("\n  ".join(parts))


class ReferenceDataError(IafError):
    """A reference table, manifest, crosswalk or checksum is missing or inconsistent."""

    def __init__(self, message: str, *, file: str | None = None) -> None:
        self.file = file
        super().__init__(f"{message}\n  file: {file}" if file else message)


class SuiteError(IafError):
    """The audit's own specification is broken: a footprint spec or a GX suite cannot run."""

    exit_code = EXIT_BROKEN_SUITE

    def __init__(self, message: str, *, file: str | None = None) -> None:
        self.file = file
        super().__init__(f"{message}\n  file: {file}" if file else message)
