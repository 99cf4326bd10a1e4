"""Collecting a catalogue's defects: every loader notes what is wrong and goes on, so one load
lists every problem (file and key) at once instead of stopping at the first."""

from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from iaf.checksums import sha256_file
from iaf.errors import Problem, SuiteError


def listed(values: Sequence[object], limit: int = 5) -> str:
    """The first ``limit`` values, quoted, and '...' for the rest: a message's list."""
    return ", ".join(map(repr, values[:limit])) + (", ..." if len(values) > limit else "")


class Problems:
    """The defects found so far, each naming a file (relative to the catalogue root) and a key."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.found: list[Problem] = []

    def name(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def add(self, path: Path, key: str, message: str) -> None:
        self.found.append(Problem(self.name(path), key, message))

    def usable(self, path: Path) -> bool:
        """``path`` is a file inside the catalogue (no ``..``, absolute path or symlink leads
        out of it: nothing outside is read or hashed); otherwise a problem is noted."""
        try:
            path.resolve().relative_to(self.root.resolve())
        except (ValueError, OSError):
            self.add(path, "", "the path leads outside the catalogue folder; a catalogue reads "
                               "only its own files")
            return False
        if not path.is_file():
            self.add(path, "", "file is missing")
            return False
        return True

    def spelled(self, path: Path, key: str, values: Sequence[str], first_row: int = 2) -> bool:
        """Category text as a release writes it: no white space around it, in Unicode NFC.
        '남자 ' or a decomposed '남자' is another category, whose rows a faithful release
        would be blamed for (file rows from ``first_row``, the header being row 1)."""
        before = len(self.found)
        for row, value in enumerate(values, start=first_row):
            if value != value.strip():
                self.add(path, key, f"{value!r} (row {row}) has white space around it")
            elif unicodedata.normalize("NFC", value) != value:
                self.add(path, key, f"{value!r} (row {row}) is not in Unicode NFC (write it "
                                    "composed, as releases write it)")
        return len(self.found) == before

    def read_json(self, path: Path) -> dict[str, Any] | None:
        """The file's JSON object, or None (with a problem noted) when it is missing, not valid
        JSON, or not an object (every catalogue file is one)."""
        if not self.usable(path):
            return None
        try:
            raw = json.loads(path.read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError, OSError) as exc:
            self.add(path, "", f"invalid JSON ({type(exc).__name__}: {str(exc)[:200]})")
            return None
        if not isinstance(raw, dict):
            self.add(path, "", f"must be a JSON object, got {type(raw).__name__}")
            return None
        return raw

    def typed(self, path: Path, raw: dict[str, Any], strings: tuple[str, ...] = (),
              lists: tuple[str, ...] = ()) -> bool:
        """``raw``'s ``strings`` are non-empty strings and its ``lists`` lists of them (a list
        key may be absent); every defect noted."""
        before = len(self.found)
        for key in strings:
            if not isinstance(raw.get(key), str) or not raw[key]:
                self.add(path, key, f"must be a non-empty string, got {raw.get(key)!r:.80}")
        for key in lists:
            value = raw.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                self.add(path, key, f"must be a list of non-empty strings, got {value!r:.80}")
        return len(self.found) == before

    def rectangular(self, path: Path) -> bool:
        """Every row of the CSV at ``path`` has as many fields as its header: a row short of
        a comma read as a blank (suppressed-looking) cell, and one too long lost a value;
        otherwise the rows are noted. An unreadable file is left to its reader to say."""
        try:
            with open(path, newline="", encoding="utf-8-sig") as handle:
                reader = csv.reader(handle)
                width = len(next(reader, []))
                ragged = [(reader.line_num, len(row)) for row in reader
                          if row and len(row) != width]
        except (OSError, UnicodeDecodeError, csv.Error):
            return True
        if ragged:
            self.add(path, "", f"{len(ragged)} row(s) have another number of fields than the "
                               f"header's {width} (a comma missing or one too many): "
                               + ", ".join(f"line {n} has {k}" for n, k in ragged[:5])
                               + (", ..." if len(ragged) > 5 else ""))
        return not ragged

    def checksum_ok(self, path: Path, expected: object, manifest: Path, entry: str = "sha256"
                    ) -> bool:
        """The file exists and its sha256 is ``expected`` (``manifest``'s ``entry``);
        otherwise a problem is noted, saying where the new sha256 would go."""
        if not self.usable(path):
            return False
        actual = sha256_file(path)
        if actual != expected:
            self.add(path, f"{manifest.name}: {entry}" if entry != "sha256" else entry,
                     f"checksum mismatch: the manifest says {expected}, the file has {actual}. "
                     "The figures changed without their manifest; restore the file, or review "
                     f"the change and write its sha256 into {manifest.name} as \"{entry}\"")
            return False
        return True

    def raise_if_any(self) -> None:
        """Each problem once: a file read by several footprints is noted by each."""
        if self.found:
            raise SuiteError(problems=list(dict.fromkeys(self.found)))
