"""One projected scan of a release -> every contingency table the footprints need.

The scan reads only the audited columns, as dictionary arrays, batch by batch. Each column is
encoded once per batch into integer codes of a per-column codebook (the declared values, or
the values seen so far for an open column); each requested table is then a ``np.bincount`` of
the combined codes. Values are validated on the way: nulls and values outside a closed set are
counted per file and reported together at the end, so one bad shard names all its offenders.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from math import prod
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from iaf.catalogue import ColumnKind, ColumnSpec, Dtype, LocaleSchema
from iaf.duplicates import Duplicates, Found, row_hashes, value_hashes
from iaf.errors import BadColumn, ReleaseError
from iaf.release import Release

BATCH_ROWS = 1 << 17
MAX_CELLS = 1 << 26  # a dense table larger than this is a footprint-spec mistake
SHOWN_OFFENDERS = 5

Dims = tuple[str, ...]
Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class ContingencyTable:
    """Counts over the cross-product of ``dims``; ``categories[i]`` labels axis ``i``."""

    dims: Dims
    categories: tuple[tuple, ...]
    counts: np.ndarray

    @property
    def total(self) -> int:
        return int(self.counts.sum())

    def marginal(self, dims: Sequence[str]) -> ContingencyTable:
        """Sum out every other dimension and order the axes as ``dims``."""
        missing = [d for d in dims if d not in self.dims]
        if missing:
            raise KeyError(f"{missing} not in table {self.dims}")
        keep = [self.dims.index(d) for d in dims]
        drop = tuple(i for i in range(len(self.dims)) if i not in keep)
        counts = self.counts.sum(axis=drop) if drop else self.counts
        remaining = [i for i in range(len(self.dims)) if i not in drop]
        counts = np.transpose(counts, [remaining.index(k) for k in keep])
        return ContingencyTable(tuple(dims), tuple(self.categories[i] for i in keep), counts)

    def regroup(self, dim: str, mapping: Mapping[Any, str | None],
                order: Sequence[str] | None = None) -> tuple[ContingencyTable, np.ndarray]:
        """Map the categories of ``dim`` to groups (a crosswalk, a binning, a frame filter).

        Categories mapped to None (or absent from ``mapping``) are set aside; their counts over
        the remaining dims are returned beside the regrouped table, so no mass goes unseen."""
        axis = self.dims.index(dim)
        labels = [mapping.get(c) for c in self.categories[axis]]
        groups = list(order) if order is not None else sorted({g for g in labels if g is not None})
        position = {g: i for i, g in enumerate(groups)}
        index = np.array([position.get(g, -1) if g is not None else -1 for g in labels], dtype=int)
        moved = np.moveaxis(self.counts, axis, 0)
        out = np.zeros((len(groups),) + moved.shape[1:], dtype=np.int64)
        keep = index >= 0
        np.add.at(out, index[keep], moved[keep])
        categories = list(self.categories)
        categories[axis] = tuple(groups)
        table = ContingencyTable(self.dims, tuple(categories), np.moveaxis(out, 0, axis))
        return table, moved[~keep].sum(axis=0)

    def frame(self) -> pd.DataFrame:
        """Long format: one row per non-empty cell, the dims and ``n``."""
        cells = np.nonzero(self.counts)
        data = {d: np.asarray(self.categories[i], dtype=object)[cells[i]]
                for i, d in enumerate(self.dims)}
        data["n"] = self.counts[cells]
        return pd.DataFrame(data)


class Codebook:
    """Integer codes for one column: the declared values, a declared range, or values seen."""

    def __init__(self, spec: ColumnSpec, allow_new_values: bool = False) -> None:
        self.spec = spec
        # admitting new values makes a closed column grow like an open one; what it adds is
        # reported (Tables.new_values), never silently merged
        self.grows = not spec.closed or allow_new_values
        self.values: list = []
        if spec.dtype is Dtype.INTEGER:
            self.values = list(range(spec.min or 0, (spec.max or 0) + 1))  # both set: catalogue
        elif spec.closed:
            self.values = list(spec.values)  # type: ignore[arg-type]
        self._value_set = (pa.array(self.values, type=pa.string())
                           if spec.dtype is Dtype.STRING else None)
        self.offenders: dict[str, Counter] = {}  # file -> value -> rows
        self.nulls: Counter = Counter()  # file -> rows

    def __len__(self) -> int:
        return len(self.values)

    def encode(self, array: pa.Array, file: str) -> np.ndarray:
        if array.null_count:
            self.nulls[file] += array.null_count
        if self.spec.dtype is Dtype.INTEGER:
            return self._encode_integers(array.fill_null(self.spec.min), file)
        return self._encode_strings(array, file)

    def _encode_integers(self, array: pa.Array, file: str) -> np.ndarray:
        ages = array.to_numpy(zero_copy_only=False).astype(np.int64)
        bad = (ages < self.spec.min) | (ages > self.spec.max)
        if bad.any():
            values, counts = np.unique(ages[bad], return_counts=True)
            seen = self.offenders.setdefault(file, Counter())
            seen.update({str(v): int(n) for v, n in zip(values, counts)})
            ages = np.where(bad, self.spec.min, ages)
        return ages - self.spec.min

    def _encode_strings(self, array: pa.Array, file: str) -> np.ndarray:
        if not pa.types.is_dictionary(array.type):
            array = pc.dictionary_encode(array)
        dictionary = array.dictionary.cast(pa.string())
        if len(dictionary) == 0:  # an all-null batch: already counted as nulls
            return np.zeros(len(array), dtype=np.int64)
        indices = array.indices.fill_null(0).to_numpy(zero_copy_only=False)
        if self.grows:
            self._grow(dictionary)
        mapping = pc.index_in(dictionary, value_set=self._value_set)
        mapping = mapping.fill_null(-1).to_numpy(zero_copy_only=False)
        unknown = np.flatnonzero(mapping < 0)
        if unknown.size:
            rows = np.bincount(indices, minlength=len(dictionary))[unknown]
            seen = self.offenders.setdefault(file, Counter())
            seen.update({dictionary[int(i)].as_py(): int(n) for i, n in zip(unknown, rows) if n})
            mapping = np.where(mapping < 0, 0, mapping)
        return mapping[indices]

    def _grow(self, dictionary: pa.Array) -> None:
        known = set(self.values)
        new = [v for v in dictionary.to_pylist() if v not in known]
        if new:
            self.values.extend(sorted(new))
            self._value_set = pa.array(self.values, type=pa.string())

    def problems(self) -> list[BadColumn]:
        """Nulls and values outside the declared set, with their files and row counts."""
        name, found = self.spec.name, []
        if self.nulls:
            file, rows = self.nulls.most_common(1)[0]
            total = sum(self.nulls.values())
            found.append(BadColumn(
                f"{total:,} null values in a required column ({len(self.nulls)} file(s))",
                file=file, column=name, values=(("<null>", rows),)))
        if self.offenders:
            seen: Counter = Counter()
            for counts in self.offenders.values():
                seen.update(counts)
            file = max(self.offenders, key=lambda f: sum(self.offenders[f].values()))
            expected = (f"the range {self.spec.min}-{self.spec.max}"
                        if self.spec.dtype is Dtype.INTEGER else "the declared value set")
            found.append(BadColumn(
                f"{sum(seen.values()):,} rows have values outside {expected} "
                f"({len(seen)} distinct values, {len(self.offenders)} file(s)); most common:",
                file=file, column=name, values=tuple(seen.most_common(SHOWN_OFFENDERS))))
        return found


class Accumulator:
    """Adds batches into dense count arrays, one per requested table. A request naming an id
    or text column (unique per row: no table of it) asks instead for the rows that repeat
    (iaf.duplicates): each id column's own, and the rest of the request's columns together."""

    def __init__(self, schema: LocaleSchema, tables: Iterable[Dims],
                 allow_new_values: bool = False) -> None:
        requests = [tuple(r) for r in tables]
        free = {c for r in requests for c in r
                if schema.column(c).kind is not ColumnKind.DEMOGRAPHIC}
        repeats = [r for r in requests if free & set(r)]
        self.tables = plan_tables(r for r in requests if r not in repeats)
        columns = sorted({c for dims in [*self.tables, *repeats] for c in dims} - free)
        self.codebooks = {c: Codebook(schema.column(c), allow_new_values) for c in columns}
        self.raw = sorted(free)
        ids = {c for c in free if schema.column(c).kind is ColumnKind.ID}
        self.repeats = {key: Duplicates() for r in repeats
                        for key in [*((c,) for c in sorted(ids & set(r))),
                                    tuple(sorted(set(r) - ids))] if key}
        self.counts: dict[Dims, np.ndarray] = {}
        self.rows = 0

    @property
    def columns(self) -> list[str]:
        return [*self.codebooks, *self.raw]

    def add(self, batch: pa.RecordBatch | pa.Table, file: str) -> None:
        self.rows += batch.num_rows
        codes = {c: self.codebooks[c].encode(_column(batch, c), file) for c in self.codebooks}
        for key, found in self.repeats.items():
            found.add(row_hashes([codes[c] if c in codes else value_hashes(_column(batch, c))
                                  for c in key]))
        for dims in self.tables:
            shape = tuple(len(self.codebooks[d]) for d in dims)
            if prod(shape) > MAX_CELLS:
                raise ValueError(f"table {dims} would have {prod(shape):,} cells")
            flat = np.zeros(batch.num_rows, dtype=np.int64)
            for d, size in zip(dims, shape):
                flat = flat * size + codes[d]
            counts = np.bincount(flat, minlength=prod(shape)).reshape(shape)
            self.counts[dims] = _padded(self.counts.get(dims), shape) + counts

    def result(self) -> Tables:
        problems = [p for book in self.codebooks.values() for p in book.problems()]
        if problems:
            raise ReleaseError(problems=problems)
        built = {}
        for dims in self.tables:
            shape = tuple(len(self.codebooks[d]) for d in dims)
            counts = _padded(self.counts.get(dims), shape)
            cats = tuple(tuple(self.codebooks[d].values) for d in dims)
            built[dims] = ContingencyTable(dims, cats, counts)
        tables = Tables(built, self.rows)
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


class Tables:
    """The scanned tables; ``get`` answers any sub-table by summing out a scanned superset."""

    def __init__(self, tables: dict[Dims, ContingencyTable], rows: int) -> None:
        self._tables = tables
        self.rows = rows  # rows of the release scanned
        self.new_values: dict[str, dict[str, int]] = {}  # set by the scan when admitted
        self.repeats: dict[Dims, Found] = {}  # columns -> rows repeating an earlier row's values

    @property
    def columns(self) -> list[str]:
        return sorted({c for dims in self._tables for c in dims})

    def get(self, dims: Sequence[str]) -> ContingencyTable:
        for scanned in self._tables.values():
            if set(dims) <= set(scanned.dims):
                return scanned.marginal(dims)
        raise KeyError(f"no scanned table covers {tuple(dims)}; scanned: {list(self._tables)}")


def plan_tables(requests: Iterable[Dims]) -> list[Dims]:
    """Drop every request whose columns are a subset of another: it is a marginal of it."""
    unique = sorted({tuple(sorted(set(r))) for r in requests}, key=lambda d: (-len(d), d))
    kept: list[Dims] = []
    for dims in unique:
        if not any(set(dims) <= set(k) for k in kept):
            kept.append(dims)
    return kept


def _column(batch: pa.RecordBatch | pa.Table, name: str) -> pa.Array:
    column = batch.column(name)
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    return column


def _padded(counts: np.ndarray | None, shape: tuple[int, ...]) -> np.ndarray:
    if counts is None:
        return np.zeros(shape, dtype=np.int64)
    if counts.shape == shape:
        return counts
    return np.pad(counts, [(0, s - c) for s, c in zip(shape, counts.shape)])


def scan(
    release: Release,
    schema: LocaleSchema,
    tables: Iterable[Dims],
    on_progress: Progress | None = None,
    allow_new_values: bool = False,
) -> Tables:
    """Read the release once, projecting the columns ``tables`` need; build every table."""
    acc = Accumulator(schema, tables, allow_new_values)
    strings = [c for c in acc.codebooks if schema.column(c).dtype is Dtype.STRING]
    done = 0
    for file in release.files:
        parquet = pq.ParquetFile(file.path, read_dictionary=strings)
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS, columns=acc.columns):
            acc.add(batch, file.name)
            done += batch.num_rows
            if on_progress:
                on_progress("scan", done, release.rows)
    result = acc.result()
    result.new_values = acc.new_values(result)
    return result


def tables_from_arrow(table: pa.Table, schema: LocaleSchema, tables: Iterable[Dims],
                      allow_new_values: bool = False) -> Tables:
    """The same aggregation on an in-memory table (generated releases, tests). A table without
    an id or text column some request names (demographic columns only) has no repeats to
    look for: those requests are left out, and their footprints say so."""
    present = set(table.column_names)
    tables = [r for r in tables if set(r) <= present or all(
        schema.column(c).kind is ColumnKind.DEMOGRAPHIC for c in set(r) - present)]
    acc = Accumulator(schema, tables, allow_new_values)
    acc.add(table.select(acc.columns), "<in-memory>")
    result = acc.result()
    result.new_values = acc.new_values(result)
    return result
