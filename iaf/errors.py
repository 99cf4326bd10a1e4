"""The error family of iaf: every failure a user can cause, carrying the object it is about,
and the exit codes: one contract for ``iaf audit``, ``iaf diff`` and ``iaf gate``.

Errors about many things at once (every broken entry of a catalogue, every bad column of a
release) carry all of them, so one run lists every problem. Any other exception is a bug in
iaf: the CLI ends it with ``EXIT_INTERNAL`` and one line, the traceback saved beside the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

EXIT_OK = 0  # no footprint failed or regressed, and nothing blocked (see EXIT_CODES)
EXIT_FAIL = 1  # a footprint failed, or the new release regressed against the baseline
EXIT_UNUSABLE_INPUT = 2  # unusable input or output (the message names file, column, value)
EXIT_BROKEN_SUITE = 3  # the catalogue is broken (every problem listed)
EXIT_INCONCLUSIVE = 4  # blocked (gate, audit --strict): too small to settle, or none settled
EXIT_INTERNAL = 70  # a bug in iaf (sysexits' EX_SOFTWARE); the traceback is saved
EXIT_SIGINT = 130  # interrupted (Ctrl-C)
EXIT_SIGTERM = 143  # terminated (a CI cancel)
EXIT_CODES = {  # the documented contract, as `--help` and the docs print it
    EXIT_OK: "no footprint failed or regressed: pass, or untested (none settled; an audit "
             "without --strict)",
    EXIT_FAIL: "a footprint failed, or the release regressed against the baseline",
    EXIT_UNUSABLE_INPUT: "unusable input or output: a release, a report, a path",
    EXIT_BROKEN_SUITE: "the catalogue is broken",
    EXIT_INCONCLUSIVE: "blocked (gate; audit --strict): no failure, but the release is too "
                       "small to settle some footprints, or none was settled",
    EXIT_INTERNAL: "an internal error (a bug in iaf; the traceback is saved)",
    EXIT_SIGINT: "interrupted (SIGINT, Ctrl-C)",
    EXIT_SIGTERM: "terminated (SIGTERM, e.g. a CI cancel)",
}
# what 0, 1 and 4 mean for each command that judges a release (its --help): the table above
# with each command's own cases, codes it never returns left out (None)
COMMAND_CODES: dict[str, dict[int, str | None]] = {
    "audit": {EXIT_OK: "no footprint failed: pass, or untested (none settled) without --strict",
              EXIT_FAIL: "a footprint failed",
              EXIT_INCONCLUSIVE: "--strict: no failure, but the release is too small to "
                                 "settle some footprints, or none was settled"},
    "gate": {EXIT_OK: "pass: no footprint failed, regressed or was left inconclusive",
             EXIT_INCONCLUSIVE: "blocked: no failure, but the release is too small to settle "
                                "some footprints, or none was settled"},
    "diff": {EXIT_OK: "nothing regressed against the baseline (a footprint failing on both "
                      "sides alike is no regression)",
             EXIT_FAIL: "a footprint, or the release, regressed against the baseline",
             EXIT_INCONCLUSIVE: None},
}


class IafError(Exception):
    """Base of every error iaf raises on purpose."""

    exit_code = EXIT_UNUSABLE_INPUT


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that a run ends as an interrupt does."""


class UsageError(IafError):
    """A parameter names something that does not exist (a locale, a footprint, a model)."""


class OutputError(IafError):
    """An output path cannot be written (an existing file where a folder is wanted, no such
    folder, no permission, a full disk)."""

    def __init__(self, message: str, *, path: str) -> None:
        self.path = path
        super().__init__(f"{message}\n  path: {path}")


@dataclass(frozen=True)
class BadColumn:
    """One problem of a release: where, and the offending values with their row counts."""

    message: str
    file: str | None = None
    column: str | None = None
    values: tuple[tuple[str, int], ...] = ()

    def text(self) -> str:
        parts = [self.message]
        if self.file:
            parts.append(f"file: {self.file}")
        if self.column:
            parts.append(f"column: {self.column}")
        if self.values:
            shown = ", ".join(f"{v!r} ({n:,} rows)" for v, n in self.values)
            parts.append(f"values: {shown}")
        return "\n  ".join(parts)


class ReleaseError(IafError):
    """The release cannot be audited as given: missing, not parquet, wrong schema, bad values.

    ``problems`` lists every problem found; ``file``, ``column`` and ``values`` are the first's.
    ``hint`` (a likely cause) follows them, not counted as one."""

    def __init__(self, message: str = "", *, file: str | None = None, column: str | None = None,
                 values: Sequence[tuple[str, int]] = (),
                 problems: Sequence[BadColumn] = (), hint: str = "") -> None:
        self.problems = tuple(problems) or (BadColumn(message, file, column, tuple(values)),)
        self.hint = hint
        first = self.problems[0]
        self.file, self.column, self.values = first.file, first.column, first.values
        text = "\n".join(p.text() for p in self.problems)
        if len(self.problems) > 1:
            text = f"{len(self.problems)} problems in the release:\n" + text
        super().__init__(f"{text}\n{hint}" if hint else text)

    def hinted(self, hint: str) -> ReleaseError:
        """The same error (of the same class) with ``hint`` after the one it has."""
        if not hint:
            return self
        return type(self)(problems=self.problems,
                          hint=f"{self.hint}\n{hint}" if self.hint else hint)


@dataclass(frozen=True)
class Problem:
    """One defect of a catalogue: the file, the key within it, and what is wrong."""

    file: str
    key: str
    message: str

    def text(self) -> str:
        return f"{self.file}: {self.key}: {self.message}" if self.key else \
            f"{self.file}: {self.message}"


class SuiteError(IafError):
    """The audit's own specification is broken: a catalogue file, a footprint or a GX suite.

    ``problems`` lists every defect found at once."""

    exit_code = EXIT_BROKEN_SUITE

    def __init__(self, message: str = "", *, file: str | None = None, key: str = "",
                 problems: Sequence[Problem] = ()) -> None:
        self.problems = tuple(problems) or (Problem(file or "", key, message),)
        self.file = self.problems[0].file
        lines = [p.text() for p in self.problems]
        head = (f"The catalogue has {len(lines)} problem(s):\n  " if len(lines) > 1 or
                problems else "")
        super().__init__(head + "\n  ".join(lines))


def outcome(error: BaseException) -> tuple[str, int]:
    """How a run that raised ``error`` ends: the report status and the exit code."""
    if isinstance(error, KeyboardInterrupt):
        return "interrupted", EXIT_SIGINT
    if isinstance(error, Terminated):
        return "interrupted", EXIT_SIGTERM
    if isinstance(error, IafError):
        return "error", error.exit_code
    return "error", EXIT_INTERNAL
