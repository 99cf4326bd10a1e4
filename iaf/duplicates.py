"""Duplicate rows found in the one scan, in bounded memory.

Each row is reduced to a 64-bit hash (an id column's own value; or a persona's: its text
column and every attribute code, mixed); a release of 100M rows would need 1.6 GB to keep
them with their row numbers, so once IN_MEMORY of them are held they are partitioned by their
top bits and spilled to temporary files, then counted one partition at a time after the scan
(a release that fits is counted in one sort). Two different values share a 64-bit hash with
probability about n^2 / 2^65: 3e-8 at 1M rows, 3e-4 at 100M.

A value's hash depends on the value alone, never on the batch it came in: canonical UUIDs are
read as their 36 bytes, hex letters folded to lower case (all 128 bits mixed, whatever the
version); other strings go through pandas' SipHash (pd.util.hash_array) of their UTF-8 bytes,
deterministic across runs. Repeats are counted by sorting the hashes alone; the rows of the
few repeated hashes are looked up after.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

PARTITIONS = 256
IN_MEMORY = 1 << 21  # hashes held before spilling: 16 MB
# pairs spilled at a time: 16 MB, below glibc's 32 MB mmap threshold, so the memory is reused
# and not faulted in afresh each time (a 2M-pair spill took 150 ms, most of it page faults)
SPILL_PAIRS = 1 << 20
EXAMPLES = 5
CHUNK = 8192  # UUIDs checked and hashed at a time: the temporaries stay in cache (2x faster)
_DASHES = np.isin(np.arange(36), (8, 13, 18, 23)).astype(np.uint8)
_ONES = np.ones(36, np.uint8)
_PAIR = np.dtype([("hash", "<u8"), ("row", "<i8")])


@dataclass(frozen=True)
class Found:
    """Rows that repeat an earlier row's value, and a few (first, repeat) row-number pairs."""

    rows: int
    duplicates: int
    examples: tuple[tuple[int, int], ...] = ()


def mix(h: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser: every input bit moves every output bit (into a new array)."""
    h = np.array(h, dtype=np.uint64)
    h ^= h >> np.uint64(30)  # in place: no temporary array per step
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    return h


def _is_text(array: pa.Array) -> bool:
    return pa.types.is_string(array.type) or pa.types.is_large_string(array.type)


def _offsets(array: pa.Array) -> np.ndarray:
    """A (large) string array's value offsets, its slice applied."""
    wide = pa.types.is_large_string(array.type)
    raw = np.frombuffer(array.buffers()[1], np.int64 if wide else np.int32)
    return raw[array.offset:array.offset + len(array) + 1].astype(np.int64)


def _uuid_hashes(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Which values are canonical UUIDs (36 characters, dashes at 8, 13, 18 and 23, hex digits
    in either case), and those values' hashes (``_uuid_block``)."""
    offsets = _offsets(array)
    canonical = np.diff(offsets) == 36
    if array.null_count:
        canonical &= ~array.is_null().to_numpy(zero_copy_only=False)
    rows = np.flatnonzero(canonical)
    data = np.frombuffer(array.buffers()[2] or b"", np.uint8)
    valid, hashes = np.empty(len(rows), bool), np.empty(len(rows), np.uint64)
    for at in range(0, len(rows), CHUNK):
        starts = offsets[rows[at:at + CHUNK]]
        if starts[-1] - starts[0] == 36 * (len(starts) - 1):  # one block: an id column's way
            raw = data[starts[0]:starts[0] + 36 * len(starts)].reshape(-1, 36)
        else:
            raw = data[starts[:, None] + np.arange(36)]
        valid[at:at + CHUNK], hashes[at:at + CHUNK] = _uuid_block(raw)
    canonical[rows] = valid
    return canonical, hashes[valid]


def _uuid_block(raw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which rows of 36 bytes are UUIDs, and every row's hash: its bytes, the letters folded
    to lower case, read as five words and mixed (all 128 bits count)."""
    folded = raw | np.uint8(0x20)  # 'A'-'F' to 'a'-'f'; digits and '-' have the bit already
    dash = raw == ord("-")
    allowed = ((raw - np.uint8(0x30)) < 10) | ((folded - np.uint8(0x61)) < 6) | dash
    # every byte a hex digit or a dash, and the dashes where a UUID has them, compared as
    # words (a 256-entry lookup table of allowed bytes took five times as long)
    valid = np.logical_and.reduce(
        [w == e for w, e in zip(_words_of(allowed.view(np.uint8)), _words_of(_ONES))]
        + [w == e for w, e in zip(_words_of(dash.view(np.uint8)), _words_of(_DASHES))])
    words = _words_of(folded)
    h = mix(words[4])
    for word in words[:4]:
        h = mix(h ^ word)
    return valid, h


def _words_of(matrix: np.ndarray) -> list[np.ndarray]:
    """Each row of a contiguous (rows, 36) or (36,) uint8 array as four 64-bit words and a
    32-bit one, without a copy."""
    rows = len(matrix) if matrix.ndim == 2 else 1
    return [*(np.ndarray((rows,), "<u8", matrix, 8 * i, (36,)) for i in range(4)),
            np.ndarray((rows,), "<u4", matrix, 32, (36,))]


def _siphash(array: pa.Array) -> np.ndarray:
    """pandas' SipHash of each value (a string's UTF-8 bytes), deterministic across runs."""
    if _is_text(array):
        # as bytes: the same SipHash as the str objects', without encoding each (3-4x faster)
        array = array.cast(pa.large_binary() if pa.types.is_large_string(array.type)
                           else pa.binary())
    values = array.to_numpy(zero_copy_only=False)
    return np.asarray(pd.util.hash_array(values, categorize=False), dtype=np.uint64)


def value_hashes(array: pa.Array) -> np.ndarray:
    """A 64-bit hash per value of a string column, a function of the value alone (so a value
    hashes alike in every batch; nulls hash alike): a canonical UUID's from its digits, any
    other value's SipHash."""
    if not _is_text(array):
        return _siphash(array)
    canonical, hashed = _uuid_hashes(array)
    if canonical.all():
        return hashed
    if not canonical.any():  # text (a persona's): hashed as it is, not copied by a filter
        return _siphash(array)
    out = np.empty(len(array), np.uint64)
    out[canonical] = hashed
    out[~canonical] = _siphash(array.filter(pa.array(~canonical)))
    return out


def row_hashes(parts: list[np.ndarray]) -> np.ndarray:
    """One hash per row from per-column hashes or codes (each mixed with its position); two
    32-bit codes in a row share a word, so a row of 12 codes costs 6 mixes, not 12."""
    out = np.zeros(len(parts[0]), np.uint64)
    with np.errstate(over="ignore"):
        for i, word in enumerate(_words(parts)):
            out = mix(out ^ (word + np.uint64(i + 1)))
    return out


def _words(parts: list[np.ndarray]) -> list[np.ndarray]:
    """The parts as 64-bit words, consecutive 32-bit codes (non-negative) paired."""
    words: list[np.ndarray] = []
    held: np.ndarray | None = None
    for part in map(np.asarray, parts):
        if part.dtype.itemsize > 4:
            words.append(part.astype(np.uint64))
        elif held is None:
            held = part
        else:
            words.append((held.astype(np.uint64) << np.uint64(32)) | part.astype(np.uint64))
            held = None
    if held is not None:
        words.append(held.astype(np.uint64))
    return words


class Duplicates:
    """Collects row hashes batch by batch (rows numbered by arrival); ``result`` counts the
    repeats. Held hashes are numbered by their place; spilled ones are written with their row
    numbers, as (hash, row) pairs."""

    def __init__(self) -> None:
        self.held: list[np.ndarray] = []
        self.size = 0
        self.rows = 0
        self._spill: tempfile.TemporaryDirectory | None = None
        self._spiller: ThreadPoolExecutor | None = None
        self._spilling: Future | None = None

    def add(self, hashes: np.ndarray) -> None:
        self.held.append(np.asarray(hashes, dtype=np.uint64))
        self.size += len(hashes)
        self.rows += len(hashes)
        if self.size > IN_MEMORY:
            self._flush()

    def _held(self) -> tuple[np.ndarray, int]:
        """The held hashes and the first one's row number (their rows follow on); nothing is
        held after."""
        hashes = np.concatenate(self.held) if self.held else np.empty(0, np.uint64)
        first = self.rows - self.size
        self.held, self.size = [], 0
        return hashes, first

    def _flush(self) -> None:
        """The held hashes and their rows, appended to their partitions' files (rows stay in
        order in each)."""
        if self._spill is None:
            self._spill = tempfile.TemporaryDirectory(prefix="iaf-duplicates-")
            self._spiller = ThreadPoolExecutor(1, thread_name_prefix="iaf-spill")
        hashes, first = self._held()
        self._spilled()
        assert self._spiller is not None
        # written on a thread of its own while the scan goes on (numpy's sorts and gathers and
        # the writes release the interpreter's lock): one spill at a time, in row order
        self._spilling = self._spiller.submit(self._spill_all, hashes, first)

    def _spilled(self) -> None:
        """Wait for the spill under way (its error raised here)."""
        if self._spilling is not None:
            spilling, self._spilling = self._spilling, None
            spilling.result()

    def _spill_all(self, hashes: np.ndarray, first: int) -> None:
        for at in range(0, len(hashes), SPILL_PAIRS):
            self._spill_part(hashes[at:at + SPILL_PAIRS], first + at)

    def _spill_part(self, hashes: np.ndarray, first: int) -> None:
        # the top byte: a stable sort of uint8 is a radix sort, linear (int64 took 0.2 s a flush)
        part = (hashes >> np.uint64(56)).astype(np.uint8)
        order = np.argsort(part, kind="stable")
        pairs = np.empty(len(hashes), _PAIR)
        # rows follow on from ``first``: no array of row numbers is built to gather from
        pairs["hash"], pairs["row"] = hashes[order], order + first
        sizes = np.bincount(part, minlength=PARTITIONS)
        ends = np.cumsum(sizes)
        for p in np.flatnonzero(sizes).tolist():
            with open(self._path(p), "ab") as handle:
                pairs[ends[p] - sizes[p]:ends[p]].tofile(handle)

    def _path(self, p: int) -> Path:
        assert self._spill is not None
        return Path(self._spill.name) / f"{p:03d}.bin"

    def _partitions(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Every (hashes, rows), in one part when none were spilled, else a partition at a
        time."""
        if self._spill is None:
            hashes, first = self._held()
            yield hashes, np.arange(first, first + len(hashes))
            return
        self._flush()
        self._spilled()
        for p in range(PARTITIONS):
            if self._path(p).exists():
                pairs = np.fromfile(self._path(p), dtype=_PAIR)
                yield pairs["hash"], pairs["row"]

    def result(self) -> Found:
        """Rows whose hash an earlier row has, with the first EXAMPLES pairs by row number."""
        duplicates, examples = 0, list[tuple[int, int]]()
        try:
            for hashes, rows in self._partitions():
                # the hashes alone, sorted: 10x faster than a stable argsort of the pairs
                ordered = np.sort(hashes)
                repeated = ordered[1:][ordered[1:] == ordered[:-1]]
                duplicates += len(repeated)
                if len(repeated):
                    examples += _examples(hashes, rows, np.unique(repeated))
        finally:
            if self._spiller is not None:
                self._spiller.shutdown()  # waits for a spill an error left running
            if self._spill is not None:
                self._spill.cleanup()
        return Found(self.rows, duplicates, tuple(sorted(examples, key=lambda e: e[1])[:EXAMPLES]))


def _examples(hashes: np.ndarray, rows: np.ndarray, repeated: np.ndarray
              ) -> list[tuple[int, int]]:
    """The earliest EXAMPLES (first row, repeat row) pairs among rows (ascending) whose hash
    is one of ``repeated`` (sorted)."""
    at = np.minimum(np.searchsorted(repeated, hashes), len(repeated) - 1)
    chosen = np.flatnonzero(repeated[at] == hashes)
    chosen = chosen[np.argsort(hashes[chosen], kind="stable")]  # each hash's rows, first first
    found, numbers = hashes[chosen], rows[chosen]
    first = np.r_[True, found[1:] != found[:-1]]
    firsts = numbers[first][np.cumsum(first) - 1]
    repeat = np.flatnonzero(~first)
    repeat = repeat[np.argsort(numbers[repeat])[:EXAMPLES]]
    return list(zip(firsts[repeat].tolist(), numbers[repeat].tolist()))
