"""Report outputs that cannot mislead: checked before the scan, written atomically, and never
left stale when a run ends without verdicts.

``ReportFolder(path)`` creates the folder and proves it writable at once (exit 2 otherwise, no
traceback). Each file is written to a temporary name and renamed, so a killed run leaves the old
file or the new one, never half of one. A run that stops on an error replaces the old reports
with a ``report.json`` whose status is ``error`` and says why, so CI always has something true
to read.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from iaf import __version__
from iaf.errors import IafError, OutputError

REPORTS = ("report.json", "report.md", "report.html", "diff.json", "diff.md", "diff.html")


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes 0600; a report is for reading
        os.replace(temporary, path)
    except OSError as exc:
        if "temporary" in locals() and os.path.exists(temporary):
            os.unlink(temporary)
        raise OutputError(f"cannot write the report ({exc.strerror})", path=str(path)) from None


def check_file(path: Path) -> Path:
    """An output file path that can be written: not a folder, in a folder that exists and
    accepts files."""
    path = Path(path)
    if path.is_dir():
        raise OutputError("this is a folder; give a file path", path=str(path))
    if not path.parent.is_dir():
        raise OutputError("the folder does not exist", path=str(path.parent))
    if not os.access(path.parent, os.W_OK):
        raise OutputError("the folder is not writable", path=str(path.parent))
    return path


def error_document(error: IafError) -> str:
    record = {"iaf_version": __version__, "status": "error",
              "error": {"type": type(error).__name__, "exit_code": error.exit_code,
                        "message": str(error)}}
    return json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class ReportFolder:
    """The ``--report DIR`` folder: created and probed for writing when constructed."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        if self.folder.exists() and not self.folder.is_dir():
            raise OutputError("--report needs a folder, and this is a file", path=str(folder))
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.folder / ".iaf-write-test", "")
            (self.folder / ".iaf-write-test").unlink()
        except OSError as exc:
            raise OutputError(f"cannot write here ({exc.strerror})", path=str(folder)) from None

    def write(self, files: Mapping[str, str]) -> None:
        for name, text in files.items():
            write_atomic(self.folder / name, text)

    def write_error(self, error: IafError) -> None:
        """Replace any earlier reports by an error report: no stale verdicts survive."""
        from iaf.report.html import audit_html  # noqa: PLC0415  (only on this path)

        for name in REPORTS:
            (self.folder / name).unlink(missing_ok=True)
        text = error_document(error)
        write_atomic(self.folder / "report.json", text)
        write_atomic(self.folder / "report.html", audit_html(json.loads(text)))
