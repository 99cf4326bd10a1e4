"""Structured provenance of a manifest: where its figures come from, checkable by a program.

A manifest's ``provenance`` says what kind of copy its figures are, and pins what it read:

- ``kind``: ``primary`` (seen on the publisher's own site or file), ``secondary`` (official
  figures re-published by someone else: the ILO, a GitHub copy of the official file), or
  ``derived`` (computed by iaf from other files, which ``inputs`` lists);
- ``official``: the publisher's address of the table (primary and secondary);
- ``seen``: where the copy was read, each ``{"url": ...}`` or ``{"repository": "owner/name",
  "commit": <40 hex digits>, "path": ..., "sha256": <64 hex digits, the source file's own
  checksum, when the file itself was read>}``, or ``{"unrecorded": <what is known>}`` for a copy
  whose address was not kept when it was transcribed (said, never guessed);
- ``inputs``: ``{"file": ..., "sha256": ...}`` for each file the build read (the shared copy of
  a secondary table, the tables a derived one was computed from; required when derived).

A truncated commit id (the defect that once cut two characters off an India manifest) or a
checksum of the wrong length is a catalogue error, as is a kind outside the three.
"""

from __future__ import annotations

import re
from typing import Any

KINDS = ("primary", "secondary", "derived")
COMMIT = re.compile(r"[0-9a-f]{40}")
SHA256 = re.compile(r"[0-9a-f]{64}")


def _seen_problems(seen: Any) -> list[tuple[str, str]]:
    if not isinstance(seen, list) or not seen:
        return [("provenance.seen", "must be a non-empty list of places the copy was read")]
    found = []
    for i, place in enumerate(seen):
        key = f"provenance.seen[{i}]"
        if not isinstance(place, dict) or not (place.get("url") or place.get("repository")
                                               or place.get("unrecorded")):
            found.append((key, "needs a url, a repository with its commit and path, or "
                               "'unrecorded' saying what is known"))
            continue
        if place.get("repository"):
            if not COMMIT.fullmatch(str(place.get("commit", ""))):
                found.append((f"{key}.commit", f"must be a full 40-character commit id, got "
                                               f"{place.get('commit')!r}"))
            if not place.get("path"):
                found.append((f"{key}.path", "missing"))
        if "sha256" in place and not SHA256.fullmatch(str(place["sha256"])):
            found.append((f"{key}.sha256", f"must be 64 hex digits, got {place['sha256']!r}"))
    return found


def _inputs_problems(inputs: Any) -> list[tuple[str, str]]:
    if not isinstance(inputs, list) or not inputs:
        return [("provenance.inputs", "a derived table lists the files it was computed from")]
    return [(f"provenance.inputs[{i}]", "needs a file and its 64-hex-digit sha256")
            for i, item in enumerate(inputs)
            if not isinstance(item, dict) or not item.get("file")
            or not SHA256.fullmatch(str(item.get("sha256", "")))]


def provenance_problems(provenance: Any) -> list[tuple[str, str]]:
    """Every defect of a manifest's ``provenance`` block, as (key, message); [] when sound."""
    if not isinstance(provenance, dict):
        return [("provenance", "must be an object with kind, official, seen / inputs")]
    kind = provenance.get("kind")
    if kind not in KINDS:
        return [("provenance.kind", f"must be one of {list(KINDS)}, got {kind!r}")]
    found: list[tuple[str, str]] = []
    if kind == "derived" or "inputs" in provenance:
        found += _inputs_problems(provenance.get("inputs"))
    if kind != "derived" and not provenance.get("official"):
        found.append(("provenance.official", "the publisher's address of the table"))
    if kind != "derived" or "seen" in provenance:
        found += _seen_problems(provenance.get("seen"))
    return found
