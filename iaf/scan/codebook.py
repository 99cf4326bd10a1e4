"""Integer codes for one audited column, and the validation of its values on the way.

Each column is encoded once per batch into codes of a per-column codebook: the declared values,
a declared integer range, or (an open column) the values seen so far. Nulls and values outside
a closed set are counted per file and reported together at the end, so one bad shard names all
its offenders. Grown values are put in sorted order at the end, so the codes never depend on
the order in which files or batches were read.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from iaf.catalogue import ColumnSpec, Dtype
from iaf.errors import BadColumn, ReleaseError

SHOWN_OFFENDERS = 5
CODE = np.int32  # codes fit: a codebook past 2**31 values could not be counted anyway


def null_problem(column: str, nulls: Counter) -> BadColumn:
    """The refusal of a column's nulls (``nulls``: file -> rows), naming the file with most."""
    file, rows = nulls.most_common(1)[0]
    total = sum(nulls.values())
    return BadColumn(f"{total:,} null value{'s' * (total != 1)} in a required column "
                     f"({len(nulls)} file(s))", file=file, column=column,
                     values=(("<null>", rows),))


class Codebook:
    """Integer codes for one column: the declared values, a declared range, or values seen."""

    def __init__(self, spec: ColumnSpec, allow_new_values: bool = False) -> None:
        self.spec = spec
        # admitting new values makes a closed column grow like an open one; what it adds is
        # reported (Accumulator.new_values), never silently merged
        self.grows = spec.dtype is Dtype.STRING and (not spec.closed or allow_new_values)
        self.values: list = []
        if spec.dtype is Dtype.INTEGER:
            self.values = list(range(spec.min or 0, (spec.max or 0) + 1))  # both set: catalogue
        elif spec.closed:
            self.values = list(spec.values)  # type: ignore[arg-type]
        self._value_set = pa.array(self.values if spec.dtype is Dtype.STRING else [],
                                   type=pa.string())
        self.offenders: dict[str, Counter] = {}  # file -> value -> rows
        # the last dictionary's codes: the batches of one row group share their dictionary
        self._last: tuple[pa.Array, bool, np.ndarray] | None = None
        self.nulls: Counter = Counter()  # file -> rows

    def __len__(self) -> int:
        return len(self.values)

    def encode(self, array: pa.Array, file: str, weights: np.ndarray | None = None,
               record: bool = True) -> np.ndarray:
        """The codes of ``array``'s rows (each row counted ``weights`` times, or once); nulls
        and values outside a closed set are recorded, new values of an open column added.
        With ``record`` False, only the codes (an engine that recorded its values apart)."""
        if not record:
            return self._encode(array, None, weights)
        if array.null_count:
            nulls = array.null_count if weights is None else \
                int(weights[np.asarray(array.is_null())].sum())
            self.nulls[file] += nulls
        return self._encode(array, file, weights)

    def _encode(self, array: pa.Array, file: str | None, weights: np.ndarray | None
                ) -> np.ndarray:
        """Codes; values outside the codebook are recorded against ``file`` (None: not)."""
        if self.spec.dtype is Dtype.INTEGER:
            return self._encode_integers(array, file, weights)
        return self._encode_strings(array, file, weights)

    def _offend(self, file: str | None, rows: dict[str, int]) -> None:
        if file is not None and rows:
            self.offenders.setdefault(file, Counter()).update(rows)

    def _encode_integers(self, array: pa.Array, file: str | None, weights: np.ndarray | None
                         ) -> np.ndarray:
        low, high = self.spec.min or 0, self.spec.max or 0
        if pa.types.is_dictionary(array.type):
            array = array.cast(array.type.value_type)
        if array.null_count:  # (fill_null copies even an array without nulls)
            array = array.fill_null(low)
        # compared in the file's own type: a uint64 of 2**64 - 1 cast first read as -1
        values = array.to_numpy(zero_copy_only=False)
        bad = (values < low) | (values > high)
        if bad.any():
            found, inverse = np.unique(values[bad], return_inverse=True)
            rows = np.bincount(inverse, None if weights is None else weights[bad])
            self._offend(file, {str(v): int(n) for v, n in zip(found, rows)})
            values = np.where(bad, low, values)
        return (values.astype(np.int64, copy=False) - low).astype(CODE)

    def _encode_strings(self, array: pa.Array, file: str | None, weights: np.ndarray | None
                        ) -> np.ndarray:
        if not pa.types.is_dictionary(array.type):
            array = pc.dictionary_encode(array)
        dictionary = array.dictionary
        if len(dictionary) == 0:  # an all-null batch: already counted as nulls
            return np.zeros(len(array), dtype=CODE)
        self._check_indices(array.indices, len(dictionary), file)
        # a null row takes the extra last slot: counted apart from every value (as a null)
        indices = array.indices.fill_null(len(dictionary)) if array.null_count else \
            array.indices
        indices = indices.to_numpy(zero_copy_only=False)
        codes = self._codes(dictionary, file is not None)
        unknown = np.flatnonzero(codes[:-1] < 0)
        if unknown.size:
            rows = np.bincount(indices, weights, minlength=len(dictionary) + 1)[unknown]
            self._offend(file, {dictionary[int(i)].as_py(): int(n)
                                for i, n in zip(unknown, rows) if n})
            codes = np.where(codes < 0, 0, codes).astype(CODE)
        return codes[indices]

    def _codes(self, dictionary: pa.Array, grow: bool) -> np.ndarray:
        """Each dictionary value's code (-1: outside a closed set), and a last slot (code 0)
        for nulls; an open column first grows by the values it has not seen (when ``grow``).
        The last dictionary's codes are kept: a row group's batches share its dictionary."""
        if self._last is not None and self._last[1] == grow and \
                self._last[0].equals(dictionary):
            return self._last[2]
        strings = dictionary if dictionary.type == pa.string() else dictionary.cast(pa.string())
        mapping = pc.index_in(strings, value_set=self._value_set)
        if self.grows and mapping.null_count and grow:
            self._grow(strings.filter(mapping.is_null()))
            mapping = pc.index_in(strings, value_set=self._value_set)
        codes = np.append(mapping.fill_null(-1).to_numpy(zero_copy_only=False), 0).astype(CODE)
        self._last = (dictionary, grow, codes)
        return codes

    def _check_indices(self, indices: pa.Array, size: int, file: str | None) -> None:
        """Dictionary indices outside the dictionary: a corrupt file, named."""
        if indices.null_count:
            bounds = pc.min_max(indices).as_py()
            low, high = bounds["min"], bounds["max"]
        else:  # numpy's min and max: a tenth of pyarrow's call on a batch
            values = indices.to_numpy()
            low, high = (int(values.min()), int(values.max())) if len(values) else (0, None)
        if high is not None and (low < 0 or high >= size):
            raise ReleaseError(
                f"Corrupt dictionary-encoded data: indices up to {high:,} into a "
                f"dictionary of {size:,} values (a damaged dictionary page?)",
                file=file, column=self.spec.name)

    def _grow(self, new: pa.Array) -> None:
        self.values.extend(sorted(pc.unique(new.drop_null()).to_pylist()))
        self._value_set = pa.array(self.values, type=pa.string())

    def canonical(self) -> np.ndarray | None:
        """Sort the grown values (declared ones first, in their order); return each old code's
        new code, or None when nothing moves."""
        if not self.grows:
            return None
        declared = len(self.spec.values or ()) if self.spec.closed else 0
        grown = self.values[declared:]
        order = sorted(range(len(grown)), key=grown.__getitem__)
        if order == list(range(len(grown))):
            return None
        self.values[declared:] = [grown[i] for i in order]
        rank = np.arange(len(self.values), dtype=np.int64)
        rank[declared + np.array(order, dtype=np.int64)] = np.arange(declared, len(self.values))
        return rank

    def problems(self) -> list[BadColumn]:
        """Nulls and values outside the declared set, with their files and row counts."""
        name, found = self.spec.name, []
        if self.nulls:
            found.append(null_problem(name, self.nulls))
        if self.offenders:
            seen: Counter = Counter()
            for counts in self.offenders.values():
                seen.update(counts)
            file = max(self.offenders, key=lambda f: sum(self.offenders[f].values()))
            expected = (f"the range {self.spec.min}-{self.spec.max}"
                        if self.spec.dtype is Dtype.INTEGER else "the declared value set")
            rows, distinct = sum(seen.values()), len(seen)
            found.append(BadColumn(
                f"{rows:,} {'row has a value' if rows == 1 else 'rows have values'} outside "
                f"{expected} ({distinct} distinct value{'s' * (distinct != 1)}, "
                f"{len(self.offenders)} file(s)){self._nfc(seen)}; most common:",
                file=file, column=name, values=tuple(seen.most_common(SHOWN_OFFENDERS))))
        return found

    def _nfc(self, seen: Counter) -> str:
        """Said when offenders are declared values in another Unicode normalisation ('é' as
        e and a combining accent): they print alike, so the message must say it."""
        declared = {unicodedata.normalize("NFC", str(v)) for v in self.values}
        alike = sum(1 for v in seen if unicodedata.normalize("NFC", str(v)) in declared)
        return (f"; {alike} of them differ from a declared value only in Unicode normalisation "
                "(NFC/NFD): write the release's text and the value list in one form, NFC"
                ) if alike else ""
