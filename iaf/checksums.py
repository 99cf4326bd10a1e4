"""sha256 of files: in this process (catalogue files), or in a child process for a release's
shards, so that hashing gigabytes runs on another core beside the scan and the GX import
without competing with them for this interpreter (a thread measurably slowed both).

The child cannot hang an audit: it prints each file's digest as it finishes, and waiting for a
file is bounded (``STALL`` seconds beyond what its size takes at ``MIN_RATE``); a child that is
stopped (SIGSTOP) or makes no progress in that time is killed and the audit ends with an error
naming the file. A child that exits early is replaced by hashing the rest here.

A file hashed before and unchanged since is not read again: its digest is kept in the user's
cache (iaf.paths.user_cache, ``sha256/``) under its path, device, inode, size, modification
and change times (the change time is the kernel's, which no program sets back), as git's index
keeps them, with a check of the digest and that identity (a damaged entry is hashed again). A
digest is kept only for a file last changed RACY seconds or more before it was hashed (one
rewritten within the same clock tick would otherwise look unchanged).
"""

from __future__ import annotations

import hashlib
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from iaf.errors import ReleaseError
from iaf.paths import user_cache

BLOCK = 1 << 24
STALL = 60.0  # seconds a file may take beyond its size at MIN_RATE
MIN_RATE = 20e6  # bytes per second: slower than any disk the release could sit on
POLL = 0.25  # seconds between looks at a child that has not answered yet
RACY = 2.0  # seconds a file must be older than its hashing for its digest to be kept
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


def _identity(path: Path) -> str:
    """What says the file is unchanged: its path, device, inode, size, mtime and ctime."""
    st = path.stat()
    return (f"{path.resolve()}\0{st.st_dev}\0{st.st_ino}\0{st.st_size}\0{st.st_mtime_ns}\0"
            f"{st.st_ctime_ns}")


def _kept(identity: str) -> Path | None:
    folder = user_cache()
    if folder is None:
        return None
    return folder / "sha256" / hashlib.sha256(identity.encode()).hexdigest()


def _sealed(identity: str, digest: str) -> str:
    """What is kept: the digest and a check of it with the identity it was kept for."""
    check = hashlib.sha256(f"{identity}\0{digest}".encode()).hexdigest()[:16]
    return f"{digest} {check}"


def _known(identity: str) -> str | None:
    """The digest kept for a file of this identity, if any (a kept line that is not the
    digest with its check, damaged or written by hand, is hashed again)."""
    kept = _kept(identity)
    try:
        line = kept.read_text(encoding="ascii").strip() if kept else ""
    except (OSError, UnicodeDecodeError):
        return None
    digest = line.partition(" ")[0]
    return digest if line and line == _sealed(identity, digest) else None


def _keep(path: Path, identity: str, digest: str, started: float) -> None:
    """Keep ``digest`` if the file was not changed while or just before it was hashed."""
    kept = _kept(identity)
    st = path.stat()
    if kept is None or _identity(path) != identity or \
            max(st.st_mtime_ns, st.st_ctime_ns) > (started - RACY) * 1e9:
        return
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        temporary = kept.with_suffix(f".{os.getpid()}.partial")
        temporary.write_text(_sealed(identity, digest), encoding="ascii")
        temporary.replace(kept)
    except OSError:
        pass  # a read-only or full disk: hashed again next time


class Hashing:
    """The sha256 of ``paths``: those hashed before and unchanged read from the cache, the
    others computed by a child interpreter started at once (isolated, no site-packages: it
    starts in milliseconds); ``result()`` waits for it, within bounds."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.started = time.time()
        identities = {Path(p): _identity(Path(p)) for p in paths}
        self.known = {p: d for p, i in identities.items() if (d := _known(i))}
        self.identities = identities
        self.files = list(identities)
        self.pending = [p for p in self.files if p not in self.known]  # the child's to hash
        self.child = subprocess.Popen([sys.executable, "-I", "-S", "-c", _CHILD,
                                       *map(str, self.pending)], stdout=subprocess.PIPE,
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
        """Every file's digest, in the order given."""
        hashed = dict(zip(self.pending, self._hashed()))
        for path, digest in hashed.items():
            _keep(path, self.identities[path], digest, self.started)
        return [self.known.get(p) or hashed[p] for p in self.files]

    def _hashed(self) -> list[str]:
        digests: list[str] = []
        for path in self.pending:
            digest = self._next(path)
            if digest is None:  # the child ended early: the rest are hashed here
                self._end(kill=False)
                return digests + [sha256_file(p) for p in self.pending[len(digests):]]
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
