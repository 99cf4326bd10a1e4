"""Infer a locale schema from a release iaf has never seen: what ``iaf init`` starts from.

One pass over the release's parquet files (any layout the audit accepts) finds, per column, its
type, nulls, distinct values with their counts and, for integers, the range. A first sample
decides which string columns are identifiers (every value distinct) or open text (long prose,
never read by an audit) so that the full pass never counts them. A string column is *closed*
(its value list declared: values outside it are new values, as for a shipped locale) when it has
at most ``MAX_CLOSED`` values and few per row; otherwise it is *open*. Types iaf does not audit
(floats, booleans, dates, lists) are listed and left undeclared.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from iaf.catalogue.schema import ColumnKind, Dtype
from iaf.errors import ReleaseError
from iaf.layout import SHARD, check_complete, partitions, resolve_files, split_files
from iaf.release import _open_parquet as _open  # the scan's own reader and message
from iaf.release import dtype_of, given_twice, snapshot_revision

SAMPLE_ROWS = 10_000  # the first rows decide identifiers and open text
TEXT_CHARS = 60  # mean length above which a string column is prose, not a category
PHRASE_CHARS = 20  # shorter phrases are text too when most of them are distinct
MAX_CLOSED = 5_000  # more distinct values than this: an open column
MAX_TRACKED = 20_000  # stop counting a column's values past this many (it is open anyway)
ROWS_PER_VALUE = 20  # a closed column has at least this many rows per value (or <= 100 values)
ID_NAMES = re.compile(r"^(uuid|id|.*_id|.*_uuid)$")


@dataclass(frozen=True)
class InferredColumn:
    """One column as the release holds it, and how ``iaf init`` declares it."""

    name: str
    arrow_type: str
    dtype: Dtype | None  # None: a type iaf does not audit (left undeclared)
    kind: ColumnKind
    nulls: int = 0
    distinct: int | None = None  # None: not counted (identifier, text) or past MAX_TRACKED
    counts: tuple[tuple[str, int], ...] = ()  # value, rows; most common first (closed only)
    min: int | None = None
    max: int | None = None
    reason: str = ""  # why it was declared so, in a phrase

    @property
    def closed(self) -> bool:
        return bool(self.counts)

    @property
    def categorical(self) -> bool:
        """A column a marginal footprint can compare: a closed list or integers, >1 value."""
        return self.kind is ColumnKind.DEMOGRAPHIC and (self.distinct or 0) > 1 and (
            self.closed or self.dtype is Dtype.INTEGER)


@dataclass(frozen=True)
class InferredSchema:
    split: str
    rows: int
    files: tuple[str, ...]
    columns: tuple[InferredColumn, ...]
    label: str = ""  # the release folder's name
    revision: str = ""  # the Hugging Face commit of a snapshot folder, when it says
    skipped: tuple[str, ...] = field(default=())  # undeclared columns, with their types

    def column(self, name: str) -> InferredColumn:
        return next(c for c in self.columns if c.name == name)


def release_files(paths: Sequence[str | Path], split: str | None = None
                  ) -> tuple[Path, str, list[Path]]:
    """The release root, its split and its parquet files: a folder's ``data/`` (or the folder)
    holding one split's ``<split>-NNNNN-of-NNNNN.parquet`` shards or plain files, or files."""
    root, files = resolve_files(paths, "\0")  # every file of the layout, whatever its split
    splits = sorted({m["stem"] for f in files if (m := SHARD.match(f.name))})
    if split is None and len(splits) > 1:
        raise ReleaseError(f"The release holds several splits ({', '.join(splits)}); name one "
                           "with --split", file=str(paths[0]))
    chosen = split or (splits[0] if splits else "train")
    if split is not None or splits:
        files = split_files(files, chosen)
    problems = check_complete(files, root)
    if problems:
        raise ReleaseError(problems=problems)
    return root, chosen, files


def _sample(parquet: pq.ParquetFile, name: str) -> pa.Array:
    """The first rows of one column (read alone: text columns weigh kilobytes a row)."""
    batch = next(parquet.iter_batches(batch_size=SAMPLE_ROWS, columns=[name]), None)
    if batch is None:
        return pa.array([], type=pa.string())
    column = batch.column(0)
    return column.cast(column.type.value_type) if pa.types.is_dictionary(column.type) else column


def _sample_kind(name: str, sample: pa.Array) -> tuple[ColumnKind, str]:
    """Identifier, open text or demographic, from the first rows of a string column."""
    values = sample.drop_null()
    if ID_NAMES.match(name.lower()):
        return ColumnKind.ID, "named as an identifier"
    if len(values) == 0:
        return ColumnKind.DEMOGRAPHIC, ""
    mean = pc.mean(pc.utf8_length(values)).as_py() or 0
    distinct = pc.count_distinct(values).as_py() / len(values)
    if mean > TEXT_CHARS:
        return ColumnKind.TEXT, f"open text (mean {mean:.0f} characters in the first rows)"
    if len(values) >= 1000 and distinct == 1:
        return ColumnKind.ID, f"every one of the first {len(values):,} values is distinct"
    if mean > PHRASE_CHARS and distinct > 0.5 and pc.any(pc.match_substring(values, " ")).as_py():
        return ColumnKind.TEXT, (f"open text (phrases of {mean:.0f} characters, {distinct:.0%} "
                                 "distinct in the first rows)")
    return ColumnKind.DEMOGRAPHIC, ""


class _Tally:
    """Values and nulls of one column across batches, counting stopped past MAX_TRACKED."""

    def __init__(self) -> None:
        self.counts: Counter = Counter()
        self.nulls = 0
        self.overflow = False
        self.low: int | None = None
        self.high: int | None = None

    def add(self, array: pa.Array) -> None:
        self.nulls += array.null_count
        if self.overflow:
            return
        for item in pc.value_counts(array.drop_null()).to_pylist():
            self.counts[item["values"]] += item["counts"]
        if len(self.counts) > MAX_TRACKED:
            self.overflow, self.counts = True, Counter()


def _tallies(files: list[Path], names: list[str]) -> dict[str, _Tally]:
    tallies = {n: _Tally() for n in names}
    for path in files:
        for batch in _open(path).iter_batches(batch_size=1 << 17, columns=names):
            for name, array in zip(batch.schema.names, batch.columns):
                if pa.types.is_dictionary(array.type):
                    array = array.cast(array.type.value_type)
                tallies[name].add(array)
    return tallies


def _hive_tallies(files: list[Path], root: Path, opened: list[pq.ParquetFile]
                  ) -> dict[str, _Tally]:
    """The hive keys (``region=North/``) that every file's folders declare and its data lacks,
    each tallied as a column of its files' rows (as release.open_release reads them)."""
    keys = [dict(partitions(path, root)) for path in files]
    names = opened[0].schema_arrow.names
    tallies = {k: _Tally() for k in keys[0] if k not in names and all(k in o for o in keys)}
    for these, parquet in zip(keys, opened):
        for key, tally in tallies.items():
            if these[key] is None:
                tally.nulls += parquet.metadata.num_rows
            else:
                tally.counts[these[key]] += parquet.metadata.num_rows
    return tallies


def _declared(name: str, arrow_type: pa.DataType, kind: ColumnKind, why: str, tally: _Tally,
              rows: int) -> InferredColumn:
    dtype = dtype_of(arrow_type)
    base = InferredColumn(name, str(arrow_type), dtype, kind, nulls=tally.nulls, reason=why)
    if kind is not ColumnKind.DEMOGRAPHIC:
        return base
    if tally.overflow:
        return replace(base, reason=f"open: more than {MAX_TRACKED:,} distinct values")
    distinct = len(tally.counts)
    if dtype is Dtype.INTEGER:
        low, high = (min(tally.counts), max(tally.counts)) if tally.counts else (0, 0)
        return replace(base, distinct=distinct, min=int(low), max=int(high),
                       reason=f"integers {low} to {high}")
    ordered = tuple(sorted(((str(v), int(n)) for v, n in tally.counts.items()),
                           key=lambda item: (-item[1], item[0])))
    if distinct <= MAX_CLOSED and (distinct <= 100 or distinct * ROWS_PER_VALUE <= rows):
        return replace(base, distinct=distinct, counts=ordered,
                       reason=f"closed: {distinct:,} values")
    return replace(base, distinct=distinct, reason=f"open: {distinct:,} values in {rows:,} rows")


def infer(paths: Sequence[str | Path], split: str | None = None) -> InferredSchema:
    """The schema of the release at ``paths``, every column declared or listed as skipped."""
    root, chosen, files = release_files(paths, split)
    opened = [_open(p) for p in files]
    schema = opened[0].schema_arrow
    twice = given_twice(schema.names, str(files[0]))  # would be merged into one declared
    if twice:
        raise ReleaseError(problems=twice)
    for path, parquet in zip(files[1:], opened[1:]):
        if not parquet.schema_arrow.equals(schema):
            raise ReleaseError("Shards have different schemas", file=str(path))
    rows = sum(p.metadata.num_rows for p in opened)
    if rows == 0:
        raise ReleaseError("The release has no rows", file=str(root))
    kinds = {f.name: _sample_kind(f.name, _sample(opened[0], f.name))
             if dtype_of(f.type) is Dtype.STRING else (ColumnKind.DEMOGRAPHIC, "")
             for f in schema if dtype_of(f.type) is not None}
    counted = [n for n, (kind, _) in kinds.items() if kind is ColumnKind.DEMOGRAPHIC]
    tallies = _tallies(files, counted)
    hive = _hive_tallies(files, root, opened)  # the audit reads these keys as columns too
    schema = pa.schema([*schema, *(pa.field(key, pa.string()) for key in hive)])
    kinds |= dict.fromkeys(hive, (ColumnKind.DEMOGRAPHIC, "a hive partition key"))
    tallies |= hive
    columns = tuple(_declared(f.name, f.type, *kinds[f.name], tallies.get(f.name, _Tally()),
                              rows) for f in schema if f.name in kinds)
    skipped = tuple(f"{f.name} ({f.type})" for f in schema if f.name not in kinds)
    names = tuple(f.resolve().relative_to(root.resolve()).as_posix()
                  if f.resolve().is_relative_to(root.resolve()) else f.name for f in files)
    return InferredSchema(chosen, rows, names, columns, root.resolve().name,
                          snapshot_revision(root, files), skipped)
