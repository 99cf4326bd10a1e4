"""sha256 of files: in this process (catalogue files), or in a child process for a release's
shards, so that hashing gigabytes runs on another core beside the scan and the GX import
without competing with them for this interpreter (a thread measurably slowed both)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

BLOCK = 1 << 24
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


class Hashing:
    """The sha256 of ``paths``, computed by a child interpreter started at once (isolated, no
    site-packages: it starts in milliseconds); ``result()`` waits for it. Should the child
    fail, the files are hashed here instead, so a result is always true."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.paths = list(paths)
        self.child = subprocess.Popen([sys.executable, "-I", "-S", "-c", _CHILD,
                                       *map(str, self.paths)], stdout=subprocess.PIPE,
                                      stderr=subprocess.DEVNULL, text=True)

    def __enter__(self) -> Hashing:
        return self

    def __exit__(self, *exc: object) -> None:
        """Reap the child whatever happened (it is killed if nobody waited for it)."""
        if self.child.returncode is None:  # result() was never asked for
            self.child.kill()
            self.child.communicate()

    def result(self) -> list[str]:
        out, _ = self.child.communicate()
        digests = out.split()
        if self.child.returncode == 0 and len(digests) == len(self.paths):
            return digests
        return [sha256_file(p) for p in self.paths]
