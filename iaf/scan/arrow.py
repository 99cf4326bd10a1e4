"""The embedded engine: pyarrow reads the audited columns of every file, dictionary-encoded,
on a reader thread, while this thread encodes and counts them (``iaf.scan.counting``).

Reading (parquet decoding, which releases the GIL) and counting overlap on two cores. Small
row groups are joined into batches of about ``BATCH_ROWS`` rows before they are encoded, so a
file of 10,000 row groups costs little more than its rows. A file that cannot be read is a
``ReleaseError`` naming it and the first column that cannot be read.
"""

from __future__ import annotations

import ctypes
import queue
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from types import TracebackType

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from iaf.catalogue import Dtype, LocaleSchema
from iaf.errors import ReleaseError
from iaf.release import Release, ReleaseFile
from iaf.scan.counting import Accumulator, Progress
from iaf.tables import Dims, Tables

BATCH_ROWS = 1 << 15  # 4 MB of a text column: a 1M audit peaks 110 MB lower than at 1 << 17
SMALL_GROUPS = 1 << 14  # rows per row group below which reading plain strings is cheaper
READ_AHEAD = 3  # batches read ahead of the counting (a few MB each)


def scan(release: Release, schema: LocaleSchema, tables: Iterable[Dims],
         on_progress: Progress | None = None, allow_new_values: bool = False) -> Tables:
    """Read the release once, projecting the columns ``tables`` need; build every table."""
    acc = Accumulator(schema, tables, allow_new_values)
    # dictionaries for the encoded string columns; id and text columns are read plain
    strings = [c for c in acc.codebooks if schema.column(c).dtype is Dtype.STRING]
    done = 0
    integers = [c for c in acc.codebooks if c not in strings]
    with _system_allocator(), ReadAhead(_batches(release, acc.columns, strings, integers)
                                        ) as batches:
        for file, batch in batches:
            acc.add(batch, str(file.path))  # named as schema errors name it
            done += batch.num_rows
            if on_progress:
                on_progress("scan", done, release.rows)
    return acc.result("arrow")


@contextmanager
def _system_allocator() -> Iterator[None]:
    """Arrow's buffers from the C library's allocator while the scan runs. pyarrow's default,
    mimalloc, kept the pages of batches long freed: a 1M-row scan peaked at 459 MB resident
    with it and 375 MB with this, as fast (a buffer is freed to the pool it came from)."""
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(previous)
        _release_freed_memory()


def _release_freed_memory() -> None:
    """Hand the C heap's freed pages back to the system: glibc keeps each thread's, and held
    about 150 MB after a 1M-row scan, while the audit goes on (GX's child growing beside it).
    Other C libraries have no such call, and need none."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError, TypeError):
        pass


def _batches(release: Release, columns: list[str], strings: list[str], integers: list[str]
             ) -> Iterator[tuple[ReleaseFile, pa.Table]]:
    for file in release.files:
        yield from _file_batches(file, columns, strings, integers)


def _file_batches(file: ReleaseFile, columns: list[str], strings: list[str],
                  integers: list[str]) -> Iterator[tuple[ReleaseFile, pa.Table]]:
    """The file's batches of about BATCH_ROWS rows, its hive keys added as columns.

    Strings are read as their dictionaries (no string is built), except from small row groups:
    each has its own dictionary, which cuts batches at every group, so those are read plain
    (batches span groups) and encoded by the codebooks; groups of middling size are joined."""
    keys = dict(file.partitions)
    stored = [c for c in columns if c not in keys]
    small = file.rows < file.row_groups * SMALL_GROUPS
    try:
        parquet = pq.ParquetFile(file.path, read_dictionary=None if small else
                                 [c for c in strings if c in stored])
        pending: list[pa.RecordBatch] = []
        rows = 0
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS, columns=stored):
            pending.append(batch)
            rows += batch.num_rows
            if rows >= BATCH_ROWS:
                yield file, _joined(pending, keys, integers)
                pending, rows = [], 0
        if pending:
            yield file, _joined(pending, keys, integers)
    except (pa.ArrowException, OSError) as exc:
        raise _unreadable(file, stored, exc) from None


def _joined(batches: list[pa.RecordBatch], keys: dict[str, str | None], integers: list[str]
            ) -> pa.Table:
    table = pa.Table.from_batches(batches)
    if len(batches) > 1:
        table = table.combine_chunks()  # one dictionary per column (concatenation unifies)
    for key, value in keys.items():
        table = table.append_column(key, _constant(value, table.num_rows, key in integers))
    return table


def _constant(value: str | None, rows: int, integer: bool) -> pa.Array:
    """A hive key's value on every row (checked to be an integer by ``open_release``)."""
    nulls = np.full(rows, value is None)
    if integer:
        return pa.array(np.full(rows, int(value or 0), dtype=np.int64), mask=nulls)
    indices = pa.array(np.zeros(rows, dtype=np.int32), mask=nulls)
    return pa.DictionaryArray.from_arrays(indices, pa.array([value], type=pa.string()))


def _unreadable(file: ReleaseFile, columns: list[str], exc: Exception) -> ReleaseError:
    """The error for a file whose data cannot be read, naming the first column that fails."""
    for column in columns:
        try:
            pq.read_table(file.path, columns=[column])
        except (pa.ArrowException, OSError):
            return ReleaseError(f"Cannot read the file's data ({exc})", file=str(file.path),
                                column=column)
    return ReleaseError(f"Cannot read the file's data ({exc})", file=str(file.path))


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


_END = object()


class ReadAhead:
    """Iterate ``source`` on a thread, up to READ_AHEAD items ahead of the consumer; its
    errors are raised in the consumer, and leaving the ``with`` block stops the thread."""

    def __init__(self, source: Iterator) -> None:
        self._queue: queue.Queue = queue.Queue(maxsize=READ_AHEAD)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(source,), daemon=True,
                                        name="iaf-scan-reader")

    def __enter__(self) -> Iterator:
        self._thread.start()
        return self._items()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self, source: Iterator) -> None:
        try:
            for item in source:
                if not self._put(item):
                    return
            self._put(_END)
        except BaseException as error:  # handed to the consumer, raised there
            self._put(_Failed(error))

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _items(self) -> Iterator:
        while (item := self._queue.get()) is not _END:
            if isinstance(item, _Failed):
                raise item.error
            yield item
