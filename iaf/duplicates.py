"""Duplicate rows found in the one scan, in bounded memory.

Each row is reduced to a 64-bit hash (an id column's own value; or a persona's: its text
column and every attribute code, mixed); a release of 100M rows would need 1.6 GB to keep
them with their row numbers, so once IN_MEMORY of them are held they are partitioned by their
top bits and spilled to temporary files, then counted one partition at a time after the scan
(a release that fits is counted in one sort). Two different values share a 64-bit hash with
probability about n^2 / 2^65: 3e-8 at 1M rows, 3e-4 at 100M.

Canonical UUIDs are read from their 32 hex digits (all 128 bits mixed, whatever the version);
other strings through pandas' SipHash (pd.util.hash_array) of their UTF-8 bytes, deterministic
across runs.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

PARTITIONS = 256
IN_MEMORY = 1 << 21  # (hash, row) pairs held before spilling: 32 MB
EXAMPLES = 5
_HEX = np.full(256, 255, dtype=np.uint8)
_HEX[np.frombuffer(b"0123456789abcdef", np.uint8)] = np.arange(16)
_HEX[np.frombuffer(b"ABCDEF", np.uint8)] = np.arange(10, 16)
_DIGITS = [c for c in range(36) if c not in (8, 13, 18, 23)]
_PAIR = np.dtype([("hash", "<u8"), ("row", "<i8")])


@dataclass(frozen=True)
class Found:
    """Rows that repeat an earlier row's value, and a few (first, repeat) row-number pairs."""

    rows: int
    duplicates: int
    examples: tuple[tuple[int, int], ...] = ()


def mix(h: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser: every input bit moves every output bit."""
    h = np.asarray(h, dtype=np.uint64)
    with np.errstate(over="ignore"):
        h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def _uuid_hashes(array: pa.Array) -> np.ndarray | None:
    """64-bit hashes of canonical 36-character UUIDs from their hex digits (None: not every
    value is one)."""
    if array.null_count or not len(array):
        return None
    array = array.cast(pa.string())
    start = array.offset
    offsets = np.frombuffer(array.buffers()[1], np.int32)[start:start + len(array) + 1]
    if not (np.diff(offsets) == 36).all():
        return None
    raw = np.frombuffer(array.buffers()[2], np.uint8)[offsets[0]:offsets[-1]].reshape(-1, 36)
    digits = _HEX[raw[:, _DIGITS]]
    if (digits == 255).any():
        return None
    halves = np.ascontiguousarray((digits[:, 0::2] << 4) | digits[:, 1::2]).view("<u8")
    return mix(halves[:, 0] ^ mix(halves[:, 1]))


def value_hashes(array: pa.Array) -> np.ndarray:
    """A 64-bit hash per value of a string column (nulls hash alike)."""
    found = _uuid_hashes(array)
    if found is not None:
        return found
    if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
        # as bytes: the same SipHash as the str objects', without encoding each (3-4x faster)
        array = array.cast(pa.large_binary() if pa.types.is_large_string(array.type)
                           else pa.binary())
    values = array.to_numpy(zero_copy_only=False)
    return np.asarray(pd.util.hash_array(values, categorize=False), dtype=np.uint64)


def row_hashes(parts: list[np.ndarray]) -> np.ndarray:
    """One hash per row from per-column hashes or codes (each mixed with its position)."""
    out = np.zeros(len(parts[0]), np.uint64)
    with np.errstate(over="ignore"):
        for i, part in enumerate(parts):
            out = mix(out ^ (np.asarray(part).astype(np.uint64) + np.uint64(i + 1)))
    return out


class Duplicates:
    """Collects (hash, row number) pairs batch by batch; ``result`` counts the repeats."""

    def __init__(self) -> None:
        self.held: list[np.ndarray] = []
        self.size = 0
        self.rows = 0
        self._spill: tempfile.TemporaryDirectory | None = None

    def add(self, hashes: np.ndarray) -> None:
        pairs = np.empty(len(hashes), _PAIR)
        pairs["hash"], pairs["row"] = hashes, np.arange(self.rows, self.rows + len(hashes))
        self.rows += len(hashes)
        self.held.append(pairs)
        self.size += len(hashes)
        if self.size > IN_MEMORY:
            self._flush()

    def _flush(self) -> None:
        """The pairs held, appended to their partitions' files (rows stay in order in each)."""
        if self._spill is None:
            self._spill = tempfile.TemporaryDirectory(prefix="iaf-duplicates-")
        pairs = np.concatenate(self.held) if self.held else np.empty(0, _PAIR)
        # the top byte: a stable sort of uint8 is a radix sort, linear (int64 took 0.2 s a flush)
        part = (pairs["hash"] >> np.uint64(56)).astype(np.uint8)
        order = np.argsort(part, kind="stable")
        bounds = np.searchsorted(part[order], np.arange(PARTITIONS + 1))
        for p in np.flatnonzero(np.diff(bounds)).tolist():
            with open(self._path(p), "ab") as handle:
                pairs[order[bounds[p]:bounds[p + 1]]].tofile(handle)
        self.held, self.size = [], 0

    def _path(self, p: int) -> Path:
        assert self._spill is not None
        return Path(self._spill.name) / f"{p:03d}.bin"

    def _partitions(self) -> Iterator[np.ndarray]:
        """Every pair, in one array when none were spilled, else one partition at a time."""
        if self._spill is None:
            yield np.concatenate(self.held) if self.held else np.empty(0, _PAIR)
            return
        self._flush()
        for p in range(PARTITIONS):
            if self._path(p).exists():
                yield np.fromfile(self._path(p), dtype=_PAIR)

    def result(self) -> Found:
        """Rows whose hash an earlier row has, with the first EXAMPLES pairs by row number."""
        duplicates, examples = 0, list[tuple[int, int]]()
        try:
            for pairs in self._partitions():
                # rows ascend within a partition: a stable sort by hash orders (hash, row)
                order = np.argsort(pairs["hash"], kind="stable")
                hashes, rows = pairs["hash"][order], pairs["row"][order]
                repeat = np.flatnonzero(hashes[1:] == hashes[:-1]) + 1
                duplicates += len(repeat)
                repeat = repeat[np.argsort(rows[repeat])[:EXAMPLES]]  # the earliest
                first = np.searchsorted(hashes, hashes[repeat])
                examples += zip(rows[first].tolist(), rows[repeat].tolist())
        finally:
            if self._spill is not None:
                self._spill.cleanup()
        return Found(self.rows, duplicates, tuple(sorted(examples, key=lambda e: e[1])[:EXAMPLES]))
