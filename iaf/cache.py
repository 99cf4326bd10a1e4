"""The user cache of seeded simulations: noise bands and counterfactual spreads, drawn once per
footprint, frame size and catalogue, so that a second audit of the same size reuses them.

A simulation is a pure function of what it is given (every draw has an explicit seed). An
evaluator hands it here as a closure, ``remembered(lambda: ...)``, and its key is the sha256 of
the closure's code and of every value it captures (arrays by dtype, shape and bytes, data
frames by their labels and columns, nested functions by their own code and captures, a bound
footprint by its id), of the catalogue's
digest (another reference or suite is another key), of iaf's own source and of numpy's
version (other code or other random streams are other keys). A closure capturing anything
else is computed, never guessed at. The pickled result is stored after its sha256, so an
audit that reads it reports byte for byte what one that draws does: an entry that does not
match its sha256 (a flipped bit, a truncated write) is drawn again. The seal guards against
damage, not against someone who can write to the user's cache.

Caching is on while an audit evaluates (``scope``). The folder is ``IAF_CACHE_DIR``, else
``$XDG_CACHE_HOME/iaf``, else ``~/.cache/iaf``; ``IAF_CACHE_DIR=off`` turns it off. Entries of
another catalogue digest not written to for PRUNE_DAYS are removed. A folder that cannot be
written costs the time saved, never the audit.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import shutil
import time
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from iaf.catalogue import LoadedFootprint
from iaf.paths import user_cache

PRUNE_DAYS = 30
_DEPTH = 8  # closures nested deeper than this are computed, not keyed
_SEAL = 32  # an entry opens with its pickle's sha256: a flipped bit is a miss, not a number
_FOLDER: ContextVar[Path | None] = ContextVar("iaf_cache_folder", default=None)
T = TypeVar("T")


class Uncacheable(TypeError):
    """A closure captures a value the key cannot be made from."""


@contextmanager
def scope(catalogue_digest: str) -> Iterator[None]:
    """Cache the simulations run inside, under the catalogue ``catalogue_digest``."""
    base = user_cache()
    token = _FOLDER.set(base / "simulations" / catalogue_digest[:32] if base else None)
    try:
        yield
    finally:
        _FOLDER.reset(token)


def remembered(compute: Callable[[], T]) -> T:
    """``compute()``, read from the cache when an audit drew it before (see the module doc)."""
    folder = _FOLDER.get()
    if folder is None:
        return compute()
    try:
        path = folder / f"{key(compute)}.pickle"
    except Uncacheable:
        return compute()
    try:
        kept = path.read_bytes()
    except OSError:
        kept = b""
    payload = kept[_SEAL:]
    if kept[:_SEAL] == hashlib.sha256(payload).digest():  # written by _store, unchanged since
        try:
            return pickle.loads(payload)  # noqa: S301 - the user's own cache, undamaged
        except Exception:  # noqa: BLE001, S110 - an unpickling iaf cannot do: computed again
            pass
    value = compute()
    _store(path, value)
    return value


def key(compute: Callable[[], Any]) -> str:
    digest = hashlib.sha256(f"{_code_digest()}\0numpy {np.__version__}\0".encode())
    _feed(digest, compute, 0)
    return digest.hexdigest()


def _feed(digest: Any, value: Any, depth: int) -> None:
    """Add ``value`` to ``digest``, tagged by its type (Uncacheable: a kind not keyed)."""
    tag = f"{type(value).__module__}.{type(value).__qualname__}"
    if value is None or isinstance(value, (bool, int, float, str, bytes, np.generic)):
        digest.update(f"{tag}:{value!r};".encode())
    elif isinstance(value, np.ndarray) and value.dtype != object:
        digest.update(f"{tag}:{value.dtype.str}:{value.shape};".encode())
        digest.update(np.ascontiguousarray(value).tobytes())
    elif isinstance(value, (tuple, list, np.ndarray)):
        digest.update(f"{tag}:{len(value)};".encode())
        for item in value:
            _feed(digest, item, depth)
    elif isinstance(value, dict):
        digest.update(f"{tag}:{len(value)};".encode())
        for name, item in value.items():
            _feed(digest, name, depth)
            _feed(digest, item, depth)
    elif isinstance(value, pd.DataFrame):
        _feed(digest, (tag, list(value.columns), list(value.index),
                       [value.iloc[:, i].to_numpy() for i in range(value.shape[1])]), depth)
    elif isinstance(value, LoadedFootprint):  # everything it holds is the catalogue's (its digest)
        digest.update(f"{tag}:{value.footprint.id};".encode())
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        digest.update(f"{tag};".encode())
        for field in dataclasses.fields(value):
            _feed(digest, getattr(value, field.name), depth)
    elif isinstance(value, types.FunctionType) and depth < _DEPTH:
        _feed_function(digest, value, depth + 1)
    else:
        raise Uncacheable(tag)


def _feed_function(digest: Any, function: types.FunctionType, depth: int) -> None:
    """A function by its code (its module's source is in the key) and what it captures."""
    code = function.__code__
    digest.update(f"function:{function.__module__}.{function.__qualname__}:"
                  f"{code.co_firstlineno}:{code.co_names};".encode())
    digest.update(code.co_code)
    for value in (function.__defaults__, function.__kwdefaults__):
        _feed(digest, value, depth)
    for cell in function.__closure__ or ():
        _feed(digest, cell.cell_contents, depth)


@lru_cache(maxsize=None)
def _code_digest() -> str:
    """sha256 of iaf's own source files: any change to the code is another key."""
    package = Path(__file__).resolve().parent
    total = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        total.update(f"{path.relative_to(package).as_posix()}\0".encode())
        total.update(path.read_bytes())
    return total.hexdigest()


def _store(path: Path, value: Any) -> None:
    """Write ``value`` atomically (concurrent audits may write the same entry)."""
    try:
        fresh = not path.parent.is_dir()
        path.parent.mkdir(parents=True, exist_ok=True)
        if fresh:
            _prune(path.parent)
        temporary = path.with_suffix(f".{os.getpid()}.partial")
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.write_bytes(hashlib.sha256(payload).digest() + payload)
        temporary.replace(path)
    except OSError:
        pass  # a read-only or full disk: the audit goes on uncached


def _prune(current: Path) -> None:
    """Remove the entries of other catalogue digests not written to for PRUNE_DAYS."""
    stale = time.time() - PRUNE_DAYS * 86400
    for other in current.parent.iterdir():
        if other != current and other.is_dir() and other.stat().st_mtime < stale:
            shutil.rmtree(other, ignore_errors=True)
