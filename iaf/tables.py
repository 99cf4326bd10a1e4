"""The count tables of a release: contingency tables over its audited columns.

A table is held dense (an array over the cross-product of its categories) or, where that
cross-product would be large (an open column of many values), as its non-empty cells. Every
operation works on either and gives a dense table again once the result is small (a crosswalk
regroups an open column into a few groups); ``counts`` densifies on demand and refuses a table
too large to hold. Engines (``iaf.scan``) build tables; evaluators only read them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from math import prod
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from iaf.errors import ReleaseError

if TYPE_CHECKING:
    from iaf.duplicates import Found

DENSE_CELLS = 1 << 22  # beyond this a table is held as its non-empty cells
MAX_CELLS = 1 << 26  # a dense table larger than this (512 MB of counts) is refused

Dims = tuple[str, ...]


class ContingencyTable:
    """Counts over the cross-product of ``dims``; ``categories[i]`` labels axis ``i``.

    Built from a dense ``counts`` array, or (``from_cells``) from non-empty cells: ``codes``
    (one row of category indices per dim) and their counts ``n``."""

    __slots__ = ("dims", "categories", "_counts", "_codes", "_n")

    def __init__(self, dims: Sequence[str], categories: Sequence[Sequence[Any]],
                 counts: np.ndarray | None = None) -> None:
        self.dims: Dims = tuple(dims)
        self.categories: tuple[tuple, ...] = tuple(tuple(c) for c in categories)
        self._counts = counts
        self._codes: np.ndarray | None = None
        self._n: np.ndarray | None = None

    @classmethod
    def from_cells(cls, dims: Sequence[str], categories: Sequence[Sequence[Any]],
                   codes: np.ndarray, n: np.ndarray) -> ContingencyTable:
        """The table of cells ``codes`` (dims x cells, repeats allowed) counted ``n`` times:
        dense when its cross-product is small, else its distinct non-empty cells."""
        table = cls(dims, categories)
        codes, n = merge_cells(np.asarray(codes, dtype=np.int64).reshape(len(table.dims), -1),
                               np.asarray(n, dtype=np.int64), table.shape)
        if prod(table.shape) <= DENSE_CELLS:
            table._counts = dense(codes, n, table.shape)
        else:
            table._codes, table._n = codes, n
        return table

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(c) for c in self.categories)

    @property
    def sparse(self) -> bool:
        return self._counts is None

    @property
    def counts(self) -> np.ndarray:
        if self._counts is None:
            cells = prod(self.shape)
            if cells > MAX_CELLS:
                widest = max(range(len(self.dims)), key=lambda i: self.shape[i])
                raise ReleaseError(
                    f"A table of {' x '.join(self.dims)} would have {cells:,} cells, too many "
                    f"to compare cell by cell ({self.shape[widest]:,} distinct values of "
                    f"{self.dims[widest]})", column=self.dims[widest])
            self._counts = dense(*self.cells(), self.shape)
        return self._counts

    def cells(self) -> tuple[np.ndarray, np.ndarray]:
        """The non-empty cells: codes (dims x cells) and their counts."""
        if self._codes is not None and self._n is not None:
            return self._codes, self._n
        return nonzero_cells(self.counts)

    @property
    def total(self) -> int:
        return int(self._n.sum()) if self._n is not None else int(self.counts.sum())

    def marginal(self, dims: Sequence[str]) -> ContingencyTable:
        """Sum out every other dimension and order the axes as ``dims``."""
        missing = [d for d in dims if d not in self.dims]
        if missing:
            raise KeyError(f"{missing} not in table {self.dims}")
        keep = [self.dims.index(d) for d in dims]
        categories = tuple(self.categories[i] for i in keep)
        if self.sparse:
            codes, n = self.cells()
            return ContingencyTable.from_cells(dims, categories, codes[keep], n)
        drop = tuple(i for i in range(len(self.dims)) if i not in keep)
        counts = self.counts.sum(axis=drop) if drop else self.counts
        remaining = [i for i in range(len(self.dims)) if i not in drop]
        counts = np.transpose(counts, [remaining.index(k) for k in keep])
        return ContingencyTable(tuple(dims), categories, counts)

    def regroup(self, dim: str, mapping: Mapping[Any, str | None],
                order: Sequence[str] | None = None) -> tuple[ContingencyTable, ContingencyTable]:
        """Map the categories of ``dim`` to groups (a crosswalk, a binning, a frame filter).

        Categories mapped to None (or absent from ``mapping``) are set aside; their counts over
        the remaining dims are returned beside the regrouped table, so no mass goes unseen."""
        axis = self.dims.index(dim)
        labels = [mapping.get(c) for c in self.categories[axis]]
        groups = list(order) if order is not None else sorted({g for g in labels if g is not None})
        position = {g: i for i, g in enumerate(groups)}
        index = np.array([position.get(g, -1) if g is not None else -1 for g in labels],
                         dtype=np.int64)
        categories = list(self.categories)
        categories[axis] = tuple(groups)
        others = [d for d in self.dims if d != dim]
        other_categories = [c for i, c in enumerate(self.categories) if i != axis]
        if self.sparse:
            codes, n = self.cells()
            target = index[codes[axis]]
            keep = target >= 0
            moved = codes[:, keep].copy()
            moved[axis] = target[keep]
            aside = np.delete(codes[:, ~keep], axis, axis=0)
            return (ContingencyTable.from_cells(self.dims, categories, moved, n[keep]),
                    ContingencyTable.from_cells(others, other_categories, aside, n[~keep]))
        moved_counts = np.moveaxis(self.counts, axis, 0)
        out = np.zeros((len(groups),) + moved_counts.shape[1:], dtype=np.int64)
        keep = index >= 0
        np.add.at(out, index[keep], moved_counts[keep])
        table = ContingencyTable(self.dims, categories, np.moveaxis(out, 0, axis))
        return table, ContingencyTable(others, other_categories, moved_counts[~keep].sum(axis=0))

    def frame(self) -> pd.DataFrame:
        """Long format: one row per non-empty cell, the dims and ``n``."""
        codes, n = self.cells()
        data = {d: np.asarray(self.categories[i], dtype=object)[codes[i]]
                for i, d in enumerate(self.dims)}
        data["n"] = n
        return pd.DataFrame(data)

    def __repr__(self) -> str:
        held = "sparse" if self.sparse else "dense"
        return f"<ContingencyTable {self.dims} {self.shape} {held}, total {self.total:,}>"


def flat_keys(codes: Sequence[np.ndarray], shape: Sequence[int]) -> np.ndarray:
    """One int64 key per row of ``codes`` (one array per dim) in the mixed radix ``shape``."""
    flat = np.zeros(len(codes[0]) if len(codes) else 0, dtype=np.int64)
    for column, size in zip(codes, shape):
        flat *= size
        flat += column
    return flat


def merge_cells(codes: np.ndarray, n: np.ndarray, shape: Sequence[int]
                ) -> tuple[np.ndarray, np.ndarray]:
    """Identical cells summed: distinct ``codes`` columns (in key order) and their counts."""
    if n.size == 0:
        return codes[:, :0], n[:0]
    if not len(shape):  # no dims left: one cell
        return codes[:, :1], np.array([n.sum()], dtype=np.int64)
    if prod(shape) < 1 << 62:
        keys = flat_keys(list(codes), shape)
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        sums = np.add.reduceat(n[order], starts)
        distinct = np.array(np.unravel_index(keys[starts], tuple(shape)), dtype=np.int64)
    else:  # a cross-product past 64-bit keys: group the code columns themselves
        distinct, inverse = np.unique(codes, axis=1, return_inverse=True)
        sums = np.bincount(inverse.ravel(), weights=n).astype(np.int64)
    nonzero = sums != 0
    return distinct[:, nonzero], sums[nonzero]


def nonzero_cells(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A dense array's non-empty cells: codes (dims x cells) and counts."""
    nonzero = np.nonzero(counts)
    return np.array(nonzero, dtype=np.int64).reshape(counts.ndim, -1), counts[nonzero]


def dense(codes: np.ndarray, n: np.ndarray, shape: Sequence[int]) -> np.ndarray:
    """The dense array of distinct cells."""
    counts = np.zeros(prod(shape), dtype=np.int64)
    if n.size:
        counts[flat_keys(list(codes), shape)] = n
    return counts.reshape(tuple(shape))


class Tables:
    """The scanned tables; ``get`` answers any sub-table by summing out a scanned superset."""

    def __init__(self, tables: dict[Dims, ContingencyTable], rows: int, engine: str = "arrow"
                 ) -> None:
        self._tables = tables
        self.rows = rows  # rows of the release scanned
        self.engine = engine  # the scan engine that counted them (iaf.scan.ENGINES)
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
