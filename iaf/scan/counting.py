"""Counting encoded rows into every requested table, whatever engine read them.

Batches are encoded column by column (``Codebook``) as they come and their codes buffered;
every ``FLUSH_ROWS`` rows each table counts them in one pass: ``np.bincount`` of the combined
codes into a dense array while the table's cross-product is small, else sorted and merged into
its non-empty cells. Buffering makes the cost follow rows, not batches (a file of 10,000 row
groups costs what a few do), and a table of an open column with many values never needs the
memory of its cross-product.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from math import prod

import numpy as np
import pyarrow as pa

from iaf.catalogue import ColumnKind, Dtype, LocaleSchema
from iaf.duplicates import Duplicates, row_hashes, value_hashes
from iaf.errors import ReleaseError
from iaf.scan.codebook import Codebook, null_problem
from iaf.tables import (
    DENSE_CELLS,
    ContingencyTable,
    Dims,
    Tables,
    flat_keys,
    merge_cells,
    nonzero_cells,
    plan_tables,
)

FLUSH_ROWS = 1 << 17
NEW_VALUES_HINT = ("A new version's new categories? iaf audit and iaf gate take "
                   "--allow-new-values (allow_new_values=True in iaf.audit), which audits the "
                   "release with them and reports them")

Progress = Callable[[str, int, int], None]  # what an engine reports: (stage, done, total)


class Counts:
    """One table's counts so far: a dense array, or its cells once the cross-product is large
    (held as merged parts; parts are merged again when the new ones outgrow the merged)."""

    def __init__(self) -> None:
        self.dense: np.ndarray | None = None
        self.parts: list[tuple[np.ndarray, np.ndarray]] | None = None  # (codes, n) when sparse

    def add(self, codes: list[np.ndarray], shape: tuple[int, ...], weights: np.ndarray | None
            ) -> None:
        size = prod(shape)
        if self.parts is None and size <= DENSE_CELLS:
            self._add_dense(flat_keys(codes, shape), shape, weights)
            return
        if self.parts is None:  # the cross-product outgrew a dense array: hold cells from now
            self.parts = []
            if self.dense is not None:
                self.parts.append(nonzero_cells(self.dense))
                self.dense = None
        n = np.ones(len(codes[0]), dtype=np.int64) if weights is None else weights
        self.parts.append(merge_cells(np.stack(codes).astype(np.int64), n, shape))
        merged, pending = self.parts[0][1].size, sum(p[1].size for p in self.parts[1:])
        if pending > merged:
            self.parts = [self._merged(shape)]

    def _add_dense(self, keys: np.ndarray, shape: tuple[int, ...], weights: np.ndarray | None
                   ) -> None:
        """Counted in place: by ``np.bincount`` while the table has fewer cells than the rows
        come in, else by the rows' own cells (sorted), so a flush never allocates a table."""
        self.dense = np.zeros(shape, np.int64) if self.dense is None else \
            _padded(self.dense, shape)
        flat = self.dense.reshape(-1)
        if flat.size <= len(keys):
            flat += np.bincount(keys, weights, minlength=flat.size).astype(np.int64, copy=False)
            return
        if weights is None:  # a plain sort: several times faster than one that keeps the order
            cells, n = np.unique(keys, return_counts=True)
        else:
            cells, inverse = np.unique(keys, return_inverse=True)
            n = np.bincount(inverse, weights).astype(np.int64)
        flat[cells] += n

    def _merged(self, shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
        assert self.parts is not None
        return merge_cells(np.concatenate([c for c, _ in self.parts], axis=1),
                           np.concatenate([n for _, n in self.parts]), shape)

    def table(self, dims: Dims, categories: list[tuple], ranks: list[np.ndarray | None]
              ) -> ContingencyTable:
        """The counts as a table, each axis put in its codebook's final order (``ranks``)."""
        shape = tuple(len(c) for c in categories)
        if self.parts is None:
            counts = np.zeros(shape, dtype=np.int64) if self.dense is None else \
                _padded(self.dense, shape)
            for axis, rank in enumerate(ranks):
                if rank is not None:
                    counts = np.take(counts, np.argsort(rank), axis=axis)
            return ContingencyTable(dims, categories, counts)
        codes, n = self._merged(shape)
        for axis, rank in enumerate(ranks):
            if rank is not None:
                codes[axis] = rank[codes[axis]]
        return ContingencyTable.from_cells(dims, categories, codes, n)


def is_demographic(schema: LocaleSchema, column: str) -> bool:
    return schema.column(column).kind is ColumnKind.DEMOGRAPHIC


def is_repeat(schema: LocaleSchema, request: Dims) -> bool:
    """A request naming an id or text column (unique per row: no table of it) asks for the
    rows that repeat (iaf.duplicates), not for counts."""
    return not all(is_demographic(schema, c) for c in request)


class Accumulator:
    """Encodes batches and counts them into every requested table (see the module's doc);
    a repeat request (``is_repeat``) finds the rows that repeat: each id column's own, and the
    rest of the request's columns together."""

    def __init__(self, schema: LocaleSchema, tables: Iterable[Dims],
                 allow_new_values: bool = False) -> None:
        requests = [tuple(r) for r in tables]
        repeats = [r for r in requests if is_repeat(schema, r)]
        free = {c for r in repeats for c in r if not is_demographic(schema, c)}
        # a demographic column only a repeat request names is counted too (its values are
        # checked and reported like every other column's)
        self.tables = plan_tables([*(r for r in requests if r not in repeats),
                                   *((c,) for r in repeats for c in r if c not in free)])
        columns = sorted({c for dims in self.tables for c in dims})
        self.codebooks = {c: Codebook(schema.column(c), allow_new_values) for c in columns}
        self.raw = sorted(free)  # read, hashed, never encoded
        self.raw_nulls: dict[str, Counter] = {c: Counter() for c in self.raw}  # file -> rows
        ids = {c for c in free if schema.column(c).kind is ColumnKind.ID}
        self.repeats = {key: Duplicates() for r in repeats
                        for key in [*((c,) for c in sorted(ids & set(r))),
                                    tuple(sorted(set(r) - ids))] if key}
        self.counts = {dims: Counts() for dims in self.tables}
        self.rows = 0
        self._buffer: list[tuple[dict[str, np.ndarray], np.ndarray | None]] = []
        self._buffered = 0

    @property
    def columns(self) -> list[str]:
        return [*self.codebooks, *self.raw]

    def add(self, batch: pa.RecordBatch | pa.Table, file: str,
            weights: np.ndarray | None = None) -> None:
        """Count ``batch``'s rows (each ``weights`` times, when given: pre-counted rows, which
        have no repeats to find)."""
        self.rows += batch.num_rows if weights is None else int(weights.sum())
        codes = {c: book.encode(_column(batch, c), file, weights)
                 for c, book in self.codebooks.items()}
        raw = {c: _column(batch, c) for c in self.raw}
        for c, values in raw.items():  # a null id is no id: refused, as in any column
            if values.null_count:
                self.raw_nulls[c][file] += values.null_count
        for key, found in self.repeats.items():
            found.add(row_hashes([codes[c] if c in codes else value_hashes(raw[c])
                                  for c in key]))
        self._buffer.append((codes, weights))
        self._buffered += batch.num_rows
        if self._buffered >= FLUSH_ROWS:
            self._flush()

    def record(self, column: str, values: pa.Array, file: str, weights: np.ndarray) -> None:
        """Pre-counted values of one column in one file (an engine's own group-by): their
        nulls, values outside a closed set and new values are recorded; nothing is counted."""
        self.codebooks[column].encode(values, file, weights)

    def add_counted(self, dims: Dims, columns: dict[str, pa.Array], weights: np.ndarray
                    ) -> None:
        """Pre-counted cells of one planned table (an engine's own group-by), their values
        recorded already (``record``)."""
        codes = [self.codebooks[d].encode(columns[d], "", weights, record=False) for d in dims]
        shape = tuple(len(self.codebooks[d]) for d in dims)
        self.counts[dims].add(codes, shape, weights)

    def _flush(self) -> None:
        if not self._buffer:
            return
        codes = {c: np.concatenate([b[0][c] for b in self._buffer]) for c in self.codebooks}
        weighted = [w for _, w in self._buffer if w is not None]  # all or none (one engine)
        weights = np.concatenate(weighted) if weighted else None
        self._buffer, self._buffered = [], 0
        for dims, counts in self.counts.items():
            shape = tuple(len(self.codebooks[d]) for d in dims)
            counts.add([codes[d] for d in dims], shape, weights)

    def result(self, engine: str = "arrow") -> Tables:
        """Every table, or the release's problems (nulls, values outside closed sets)."""
        self._flush()
        problems = [p for book in self.codebooks.values() for p in book.problems()]
        problems += [null_problem(c, nulls) for c, nulls in self.raw_nulls.items() if nulls]
        if problems:
            strings = any(book.offenders and book.spec.dtype is Dtype.STRING
                          for book in self.codebooks.values())
            raise ReleaseError(problems=problems, hint=NEW_VALUES_HINT if strings else "")
        ranks = {c: book.canonical() for c, book in self.codebooks.items()}
        built = {dims: self.counts[dims].table(
            dims, [tuple(self.codebooks[d].values) for d in dims], [ranks[d] for d in dims])
            for dims in self.tables}
        tables = Tables(built, self.rows, engine)
        tables.new_values = self.new_values(tables)
        tables.repeats = {key: found.result() for key, found in self.repeats.items()}
        return tables

    def new_values(self, tables: Tables) -> dict[str, dict[str, int]]:
        """Values admitted outside a closed set, per column, with their rows."""
        out = {}
        for name, book in self.codebooks.items():
            if book.spec.closed and book.grows:
                declared = set(book.spec.values or ())
                counts = tables.get([name])
                extra = {str(v): int(n) for v, n in zip(counts.categories[0], counts.counts)
                         if v not in declared and n}
                if extra:
                    out[name] = extra
        return out


def _column(batch: pa.RecordBatch | pa.Table, name: str) -> pa.Array:
    column = batch.column(name)
    if isinstance(column, pa.ChunkedArray):  # dictionaries of chunks are unified here
        column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    return column


def _padded(counts: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    if counts.shape == shape:
        return counts
    return np.pad(counts, [(0, s - c) for s, c in zip(shape, counts.shape)])


def tables_from_arrow(table: pa.Table, schema: LocaleSchema, tables: Iterable[Dims],
                      allow_new_values: bool = False) -> Tables:
    """The same counting on an in-memory table (generated releases, tests). A table without
    an id or text column some request names (demographic columns only) has no repeats of it to
    look for: the request goes on without it (or is left out, nothing unique left), and its
    footprint says what was missing."""
    present = set(table.column_names)
    kept = []
    for request in map(tuple, tables):
        if not is_repeat(schema, request):
            kept.append(request)
            continue
        trimmed = tuple(c for c in request if c in present or is_demographic(schema, c))
        if is_repeat(schema, trimmed):  # else no unique column is left: no copies to find
            kept.append(trimmed)
    tables = kept
    acc = Accumulator(schema, tables, allow_new_values)
    acc.add(table.select(acc.columns), "<in-memory>")
    return acc.result()
