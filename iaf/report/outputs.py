"""Report outputs that cannot mislead: one set of files from one run, checked before the scan.

``ReportFolder(path, main, siblings)`` creates the folder and proves it writable at once
(exit 2 otherwise, no traceback; a file of one of iaf's names that iaf did not write is
refused, never replaced), then marks it: the files any earlier run left are removed
and ``main`` (report.json, or diff.json) says ``status: running``. At the end ``write`` puts
the siblings (report.md, report.html ...) in place first, each naming the run's id, and
``main`` last, naming its siblings' sha256: a run killed at any moment leaves ``running`` or
the whole new set, never a mix of two runs. Each file is written to a temporary name and
renamed. A run that stops (an error, an interrupt) leaves ``main`` saying so, with a page
that says it too.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import tempfile
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from iaf import __version__
from iaf.errors import OutputError
from iaf.report.document import FORMAT, dumps, run_id

AUDIT = ("report.json", ("report.md", "report.html"))
DIFF = ("diff.json", ("diff.md", "diff.html"))
KNOWN = (AUDIT[0], *AUDIT[1], DIFF[0], *DIFF[1])  # every file a run of iaf writes
TRACEBACK = "iaf-traceback.txt"
TRACEBACK_HEAD = "iaf: the traceback of an internal error"  # the file's first line: iaf's mark


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename."""
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        # a path with bytes no encoding gave (Python's surrogates) is written escaped: in
        # JSON that is its own escape (\udce9), elsewhere readable text
        with os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace") as out:
            out.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes 0600; a report is for reading
        os.replace(temporary, path)
    except OSError as exc:
        if temporary and os.path.exists(temporary):
            os.unlink(temporary)
        raise OutputError(f"cannot write the report ({exc.strerror})", path=str(path)) from None


def _probe(path: Path, given: str | Path) -> None:
    """``path`` can be looked at: a name too long, or a folder that cannot be searched, is an
    OutputError naming ``given`` (pathlib's checks would raise it as a bug); a path that does
    not exist, or runs through a file, is for the caller to say."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        pass
    except OSError as exc:
        raise OutputError(f"cannot write here ({exc.strerror})", path=str(given)) from None


def check_file(given: str | Path) -> Path:
    """An output file path that can be written: not a folder (nor written as one, ending in
    a slash), in a folder that accepts files, made with its parents if need be (as pytest's
    --junitxml and iaf's --report do)."""
    path = Path(given)
    _probe(path, given)
    if path.is_dir() or str(given).endswith(("/", os.sep)):
        raise OutputError("this is a folder; give a file path, such as FOLDER/report.json",
                          path=str(given))
    existing = next(p for p in path.parents if p.exists())  # '.' or '/' at the latest
    if not existing.is_dir():
        raise OutputError("this is a file, where a folder is needed", path=str(existing))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot make the folder ({exc.strerror})",
                          path=str(path.parent)) from None
    if not os.access(path.parent, os.W_OK):
        raise OutputError("the folder is not writable", path=str(path.parent))
    return path


def status_document(status: str, error: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A main file without verdicts: a run under way, or one that stopped (and why)."""
    out: dict[str, Any] = {"format": FORMAT, "iaf_version": __version__, "status": status}
    if error is not None:
        out["error"] = dict(error)
    return out


class ReportFolder:
    """The ``--report DIR`` folder: created, probed for writing and marked ``running`` when
    constructed; ``write`` and ``stop`` end the run's set."""

    def __init__(self, folder: Path, main: str = AUDIT[0],
                 siblings: Sequence[str] = AUDIT[1], *, reads: Path | None = None,
                 option: str = "--report") -> None:
        """``reads``: the report this run reads (a baseline), which the folder must not hold:
        marking the folder would replace it before it is read."""
        self.folder, self.main, self.siblings = Path(folder), main, tuple(siblings)
        # every file of another run's set is removed too (a gate's diff.* when this gate has
        # no baseline, an audit's report.* under a diff): a folder holds one run's set
        self.stale = tuple(n for n in KNOWN if n not in (main, *self.siblings))
        _probe(self.folder / TRACEBACK, folder)
        if self.folder.exists() and not self.folder.is_dir():
            raise OutputError("a report needs a folder, and this is a file", path=str(folder))
        if reads is not None and self._holds(reads):
            raise OutputError(
                f"this folder holds the baseline report the run reads ({reads}), which writing "
                f"this run's reports here would replace: give {option} another folder (keep "
                "the last version's report where no run writes)", path=str(folder))
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot write here ({exc.strerror})", path=str(folder)) from None
        self._unlock = _locked(self, option)
        foreign = [p.name for p in not_iafs(self.folder / n for n in (
            self.main, *self.siblings, *self.stale, TRACEBACK))]
        if foreign:
            raise OutputError(
                f"{', '.join(foreign)} here {'is' if len(foreign) == 1 else 'are'} not iaf's "
                f"(no file iaf writes begins as {'it does' if len(foreign) == 1 else 'they do'}"
                f"), and this run would replace {'it' if len(foreign) == 1 else 'them'}: give "
                f"{option} a folder of iaf's reports only, or move the files", path=str(folder))
        self._clear()
        write_atomic(self.folder / self.main, dumps(status_document("running")))

    def _holds(self, path: Path) -> bool:
        """Whether ``path`` is (or links to) one of the files this folder's runs write or
        remove."""
        written = {(self.folder / name).resolve() for name in (*KNOWN, TRACEBACK)}
        return Path(path).is_file() and Path(path).resolve() in written

    def _clear(self) -> None:
        for name in (*self.siblings, *self.stale, TRACEBACK):
            path = self.folder / name
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:  # a read-only mount refuses even a file that is not there
                raise (OutputError(f"cannot replace an old report ({exc.strerror})",
                                   path=str(path)) if path.exists() else
                       OutputError(f"cannot write here ({exc.strerror})",
                                   path=str(self.folder))) from None

    def write(self, document: Mapping[str, Any], render: Mapping[str, Callable[[Any], str]]
              ) -> str:
        """The run's set: ``render[name](document)`` for each sibling (the document carries the
        run id), then the main file with their checksums; returns the run id."""
        # rendered from the document as report.json holds it (keys sorted), so that any
        # later render of the saved report gives the same bytes
        document = json.loads(dumps({**document, "run": run_id(document)}))
        digests = {}
        for name in self.siblings:
            text = render[name](document)
            write_atomic(self.folder / name, text)
            digests[name] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        write_atomic(self.folder / self.main, dumps({**document, "files": digests}))
        self._unlock()
        return document["run"]

    def stop(self, status: str, error: Mapping[str, Any], page: Callable[[dict], str],
             traceback: str = "") -> None:
        """End the set of a run that stopped: ``main`` and a page say why; the traceback of a
        bug in iaf is kept beside them."""
        self._clear()
        document = status_document(status, error)
        if traceback:
            write_atomic(self.folder / TRACEBACK, f"{TRACEBACK_HEAD} (iaf {__version__})\n\n"
                                                  f"{traceback}")
        try:
            text = page(document)
        except Exception:  # noqa: BLE001 - e.g. an import the interrupt cut short: numpy's
            text = _plain_page(document)  # cannot be imported again in this process
        # the set's first page: report.html for a gate's set, whose diff.html comes after
        page_name = next(s for s in self.siblings if s.endswith(".html"))
        write_atomic(self.folder / page_name, text)
        write_atomic(self.folder / self.main, dumps(document))
        self._unlock()


def _locked(run: ReportFolder, option: str) -> Callable[[], Any]:
    """An exclusive lock on the run's folder (flock on the folder itself: no file is left in
    it) until the run's set is written, when it is garbage, or at exit: a second run writing
    there at once is refused, where the last one's set used to win while the other said it
    wrote. Returns the release. Where there is no flock, the folder is not locked."""
    try:
        import fcntl  # noqa: PLC0415 - POSIX only
    except ImportError:
        return lambda: None
    handle = os.open(run.folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(handle)
        raise OutputError(f"another iaf run is writing its reports in this folder: wait for it "
                          f"to end, or give {option} another folder", path=str(run.folder)) from None
    except OSError:  # a file system without locks
        os.close(handle)
        return lambda: None
    return weakref.finalize(run, os.close, handle)


def _plain_page(document: Mapping[str, Any]) -> str:
    """The stopped run's page when the page renderer cannot run: its status and message."""
    said = html.escape(f"iaf: {document['status']}: "
                       f"{document.get('error', {}).get('message', '')}")
    return (f"<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{said}</title></head>"
            f"<body><p>{said}</p></body></html>\n")


def written_by_iaf(path: Path) -> bool:
    """Whether the file at ``path`` is one iaf wrote, by how it begins: a report (a JSON
    object with ``iaf_version``, or an early diff's ``changes`` and ``regressed``), a Markdown
    report (``# iaf ...``), a page (titled ``iaf ...``) or a saved traceback. A file of iaf's
    name that is none of these is the user's, which a run must not replace."""
    if os.path.islink(path) and not os.path.exists(path):
        return True  # a dangling link holds nothing to lose
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
            if path.suffix == ".json":
                document = json.loads(head + handle.read())
                # iaf 0.1's report.json had no status, 0.2's diff.json no iaf_version
                return isinstance(document, dict) and (
                    "iaf_version" in document or {"changes", "regressed"} <= set(document))
    except (OSError, ValueError):
        return False
    if path.suffix == ".md":
        return head.startswith(b"# iaf ")
    if path.suffix == ".html":
        return b"<title>iaf" in head
    # iaf before 0.4 saved the bare traceback
    return head.startswith((TRACEBACK_HEAD.encode(), b"Traceback (most recent call last):"))


def not_iafs(paths: Iterable[Path]) -> list[Path]:
    """Those of ``paths`` that hold a file iaf did not write (``written_by_iaf``): a run must
    refuse to replace them."""
    return [p for p in paths if os.path.lexists(p) and not written_by_iaf(p)]


def read_status(path: Path) -> str:
    """The status a main file records ('' when it is unreadable)."""
    try:
        return str(json.loads(Path(path).read_text(encoding="utf-8")).get("status", ""))
    except (OSError, ValueError, AttributeError):
        return ""
