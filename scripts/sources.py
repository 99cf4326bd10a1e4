"""Where the build scripts read their inputs, with the checks that make a rebuild honest.

``shared(...)`` is a file of the team's gathered reference data (``IAF_SHARED``, else the folder
``shared`` beside the repository); ``source(locale, name)`` an extract shipped in the repository
(``references/<locale>/sources/<name>.csv`` beside its manifest), whose sha256 is checked before
it is read. A missing input or a checksum that does not match stops the build with a message
naming the file, never a traceback halfway through.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from iaf.checksums import sha256_file

REPO = Path(__file__).resolve().parent.parent
REFERENCES = REPO / "references"


def shared_root() -> Path:
    return Path(os.environ.get("IAF_SHARED") or REPO.parent / "shared")


def shared_folder(given: str) -> Path:
    """A --shared folder given (argparse's type): refused, not a traceback, when absent."""
    path = Path(given)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"no shared reference folder at {path} (set IAF_SHARED "
                                         "to the team's gathered reference data)")
    return path


def shared(*parts: str) -> Path:
    """A file under the shared folder; stops the build when it is absent."""
    path = shared_root().joinpath(*parts)
    if not path.is_file():
        sys.exit(f"missing input {path} (set IAF_SHARED to the shared reference folder)")
    return path


def checked(path: Path, sha256: str) -> Path:
    """``path`` after verifying its sha256; stops the build when it differs."""
    actual = sha256_file(path)
    if actual != sha256:
        sys.exit(f"{path}: sha256 {actual} does not match its manifest ({sha256}); "
                 "a reviewed change must record the new checksum")
    return path


def source(locale: str, name: str) -> Path:
    """A shipped extract ``references/<locale>/sources/<name>.csv``, checksum verified."""
    path = REFERENCES / locale / "sources" / f"{name}.csv"
    manifest = path.with_suffix(".manifest.json")
    if not path.is_file() or not manifest.is_file():
        sys.exit(f"missing source extract {path} or its manifest")
    return checked(path, json.loads(manifest.read_text(encoding="utf-8"))["sha256"])


def source_sha256(locale: str, name: str) -> str:
    return sha256_file(source(locale, name))


def github(repository: str, commit: str, path: str, sha256: str | None = None) -> dict:
    """A place a copy was read: a public repository at a full commit (and the file's own
    sha256 when the file itself was read)."""
    return {"repository": repository, "commit": commit, "path": path,
            **({"sha256": sha256} if sha256 else {})}


def provenance(kind: str, official: str | None = None, seen: tuple[dict, ...] = (),
               inputs: tuple[Path, ...] = ()) -> dict:
    """A manifest's structured provenance (iaf.catalogue.provenance); each input file is named
    relative to the shared folder or the repository, with its sha256."""
    def name(path: Path) -> str:
        for root, label in ((shared_root(), "shared"), (REPO, "")):
            if path.resolve().is_relative_to(root.resolve()):
                rel = path.resolve().relative_to(root.resolve()).as_posix()
                return f"{label}/{rel}" if label else rel
        return str(path)
    out: dict = {"kind": kind}
    if official:
        out["official"] = official
    if seen:
        out["seen"] = list(seen)
    if inputs:
        out["inputs"] = [{"file": name(p), "sha256": sha256_file(p)} for p in inputs]
    return out
