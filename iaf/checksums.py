"""sha256 of files: in this process (catalogue files), or in a child process for a release's
shards, so that hashing gigabytes runs on another core beside the scan and the GX import
without competing with them for this interpreter (a thread measurably slowed both).

The child cannot hang an audit: it prints each file's digest as it finishes, and waiting for a
file is bounded (``STALL`` seconds beyond what its size takes at ``MIN_RATE``); a child that is
stopped (SIGSTOP) or makes no progress in that time is killed and the audit ends with an error
naming the file. A child that exits early is replaced by hashing the rest here.
"""

from __future__ import annotations

import hashlib
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from iaf.errors import ReleaseError

BLOCK = 1 << 24
STALL = 60.0  # seconds a file may take beyond its size at MIN_RATE
MIN_RATE = 20e6  # bytes per second: slower than any disk the release could sit on
POLL = 0.25  # seconds between looks at a child that has not answered yet
_CHILD = """
import hashlib, sys
block = bytearray(1 << 24)
view = memoryview(block)
for name in sys.argv[1:]:
    digest = hashlib.sha256()
    with open(name, "rb", buffering=0) as handle:
        while size := handle.readinto(block):
            digest.update(view[:size])
    print(digest.hexdigest(), flush=True)
"""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    block = bytearray(min(BLOCK, max(Path(path).stat().st_size, 1)))
    view = memoryview(block)
    with open(path, "rb", buffering=0) as handle:
        while size := handle.readinto(block):
            digest.update(view[:size])
    return digest.hexdigest()


def _stopped(pid: int) -> bool:
    """Whether process ``pid`` is stopped (state T or t in /proc; False where there is none)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] in (["T"], ["t"])


class Hashing:
    """The sha256 of ``paths``, computed by a child interpreter started at once (isolated, no
    site-packages: it starts in milliseconds); ``result()`` waits for it, within bounds."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.paths = list(paths)
        self.child = subprocess.Popen([sys.executable, "-I", "-S", "-c", _CHILD,
                                       *map(str, self.paths)], stdout=subprocess.PIPE,
                                      stderr=subprocess.DEVNULL, text=True)
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True, name="iaf-hash-reader")
        self._reader.start()

    def _read(self) -> None:
        assert self.child.stdout is not None
        with self.child.stdout:
            for line in self.child.stdout:
                self._lines.put(line.strip())
        self._lines.put(None)  # the child ended (or closed its output)

    def __enter__(self) -> Hashing:
        return self

    def __exit__(self, *exc: object) -> None:
        """Reap the child whatever happened (it is killed if nobody waited for it)."""
        if self.child.returncode is None:
            self._end()

    def _end(self, kill: bool = True) -> None:
        if kill:
            self.child.kill()
        self.child.wait()
        self._reader.join()  # it sees the end of the child's output at once

    def result(self) -> list[str]:
        digests: list[str] = []
        for path in self.paths:
            digest = self._next(path)
            if digest is None:  # the child ended early: the rest are hashed here
                self._end(kill=False)
                return digests + [sha256_file(p) for p in self.paths[len(digests):]]
            digests.append(digest)
        self._end(kill=False)
        return digests

    def _next(self, path: Path) -> str | None:
        """The child's digest of ``path``; an error naming it if the child is stopped or
        makes no progress within the file's allowance."""
        allowance = STALL + path.stat().st_size / MIN_RATE
        deadline = time.monotonic() + allowance
        while True:
            try:
                return self._lines.get(timeout=POLL)
            except queue.Empty:
                pass
            if _stopped(self.child.pid):
                self._end()
                raise ReleaseError("The child process hashing the release's files was stopped "
                                   "(SIGSTOP?) while hashing this file; the audit ends here",
                                   file=str(path))
            if time.monotonic() > deadline:
                self._end()
                raise ReleaseError(f"Hashing this file made no progress within {allowance:.0f} s "
                                   "(the child process hashing the release hangs; a stuck "
                                   "disk?); the audit ends here", file=str(path))
