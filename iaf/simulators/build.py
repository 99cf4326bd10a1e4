"""Generate releases in the real Hugging Face layout from a locale's generating models.

``generate(locale, rows, seed, model)`` returns an Arrow table with every declared column (the
demographic ones from the model, uuid and text columns filled in); ``write_release`` writes it
(or a stream of chunks, ``chunks``: releases past a million rows in bounded memory) as
``data/<split>-0000i-of-0000k.parquet`` shards. The same (locale, rows, seed, model) always
gives the same rows, whatever the shards. Text columns are audited only for repeats (the
identity check): ``text_chars`` sets their length so that files weigh what real ones do
(random Hangul syllables, which do not compress as prose does, so ~50 characters per column
give the real release's ~2 KB per row on disk).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from iaf.catalogue import Catalogue, ColumnKind, Dtype
from iaf.errors import OutputError, UsageError
from iaf.simulators import family, family_new, ko_KR, shipped

DEMO_TEXT_CHARS = 0  # 0: a short readable template instead of random syllables
WHOLE_ROWS = 1_000_000  # releases up to this size are drawn as one table
CHUNK_ROWS = 250_000  # larger ones chunk by chunk, in bounded memory
_HANGUL = (0xAC00, 0xD7A3)
_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


@lru_cache(maxsize=None)
def models(locale: str) -> dict[str, Callable]:
    """The generating models of ``locale``: name -> function(rows, rng) -> columns (none for
    a locale iaf has no references to draw from)."""
    if locale not in Catalogue.shipped().locales():
        return {}
    if locale == "ko_KR":
        return ko_KR.models()
    return family_new.models(locale) if locale in family_new.LOCALES else family.models(locale)


def model_of(locale: str, model: str) -> Callable:
    """The generating model ``model`` of ``locale``, or a UsageError naming what exists."""
    available = models(locale)
    if not available:
        with_models = [loc for loc in Catalogue.shipped().locales() if models(loc)]
        raise UsageError(f"No generating model for {locale!r}: iaf simulate generates "
                         f"{', '.join(with_models)}. A locale of your own (iaf init) is audited "
                         f"on the release you bring: iaf audit RELEASE --locale {locale}")
    if model not in available:
        raise UsageError(f"Unknown model {model!r} for {locale}. "
                         f"Valid: {', '.join(available)}")
    return available[model]


def demographics(locale: str, rows: int, seed: int, model: str) -> dict[str, np.ndarray]:
    return model_of(locale, model)(rows, np.random.default_rng(seed))


def _uuids(rng: np.random.Generator, n: int) -> pa.Array:
    raw = rng.integers(0, 256, size=(n, 16), dtype=np.uint8)
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40  # version 4
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80  # RFC 4122 variant
    digits = np.empty((n, 32), dtype=np.uint8)
    digits[:, 0::2], digits[:, 1::2] = _HEX[raw >> 4], _HEX[raw & 0x0F]
    text = np.full((n, 36), ord("-"), dtype=np.uint8)
    for start, stop, at in ((0, 8, 0), (8, 12, 9), (12, 16, 14), (16, 20, 19), (20, 32, 24)):
        text[:, at:at + stop - start] = digits[:, start:stop]
    offsets = np.arange(0, 36 * n + 1, 36, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(text.tobytes()))


def _random_text(rng: np.random.Generator, n: int, chars: int) -> pa.Array:
    """``n`` strings of random Hangul syllables, lengths around ``chars``, as one buffer."""
    lengths = rng.integers(chars // 2, chars * 3 // 2 + 1, size=n)
    codes = rng.integers(*_HANGUL, size=int(lengths.sum()), endpoint=True)
    codes[rng.random(codes.size) < 0.2] = 0x3000  # ideographic space: 3 bytes like a syllable
    utf8 = np.stack([0xE0 | (codes >> 12), 0x80 | ((codes >> 6) & 0x3F), 0x80 | (codes & 0x3F)],
                    axis=1).astype(np.uint8)
    offsets = np.concatenate([[0], np.cumsum(lengths * 3)]).astype(np.int64)
    return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets),
                                            pa.py_buffer(utf8.tobytes())).cast(pa.string())


def _template_text(columns: dict[str, np.ndarray], name: str) -> pa.Array:
    """A readable stand-in for a persona's text, numbered by row: a real persona's text is
    written for it alone, and a template of a few attributes would repeat wherever rows share
    them, reading as copied personas (the identity footprint)."""
    parts = [pa.array(columns[c], type=pa.string()) for c in ("sex", "occupation")]
    age = pa.array(columns["age"]).cast(pa.string())
    serial = pa.array(np.arange(len(columns["age"]))).cast(pa.string())
    return pa.compute.binary_join_element_wise(
        pa.scalar(f"[{name}]"), age, *parts, pa.scalar("(iaf demo text, persona"), serial,
        pa.scalar(")"), " ")


def generate(locale: str, rows: int, seed: int, model: str, text_chars: int = DEMO_TEXT_CHARS
             ) -> pa.Table:
    """A whole release as one table, with every declared column in the schema's order."""
    if rows <= 0:
        raise UsageError(f"rows must be positive, got {rows}")
    values = demographics(locale, rows, seed, model)  # first: a locale without a model says so
    schema = shipped(locale).schema
    rng = np.random.default_rng([seed, 1])  # text draws never shift the demographic draws
    arrays = {}
    for name, spec in schema.columns.items():
        if spec.kind is ColumnKind.ID:
            arrays[name] = _uuids(rng, rows)
        elif spec.kind is ColumnKind.TEXT:
            arrays[name] = (_random_text(rng, rows, text_chars) if text_chars
                            else _template_text(values, name))
        elif spec.dtype is Dtype.INTEGER:
            arrays[name] = pa.array(values[name], type=pa.int64())
        else:
            arrays[name] = pa.array(values[name], type=pa.string())
    return pa.table(arrays)


def chunks(locale: str, rows: int, seed: int, model: str, text_chars: int = DEMO_TEXT_CHARS
           ) -> Iterator[pa.Table]:
    """The release's rows in bounded memory: up to WHOLE_ROWS, exactly ``generate``'s one table;
    beyond, tables of CHUNK_ROWS, chunk i drawn from its own seed (derived from ``seed`` and i),
    so a release of any size is the same rows whatever its shards."""
    if rows <= WHOLE_ROWS:
        yield generate(locale, rows, seed, model, text_chars)
        return
    for i, start in enumerate(range(0, rows, CHUNK_ROWS)):
        chunk_seed = int(np.random.SeedSequence([seed, i]).generate_state(1)[0])
        yield generate(locale, min(CHUNK_ROWS, rows - start), chunk_seed, model, text_chars)


def _emptied(directory: Path, overwrite: bool) -> Path:
    """``directory/data``, made and emptied of parquet files (only when told ``overwrite``)."""
    data = Path(directory) / "data"
    existing = sorted(data.glob("*.parquet")) if data.is_dir() else []
    if existing and not overwrite:
        raise OutputError(f"the folder already holds {len(existing)} parquet file(s); pass "
                          "--overwrite to replace them", path=str(data))
    try:
        for old in existing:
            old.unlink()
        data.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot write the release ({exc.strerror})", path=str(data)) from None
    return data


def write_release(tables: pa.Table | Iterable[pa.Table], directory: Path, split: str,
                  shards: int = 1, overwrite: bool = False, rows: int | None = None
                  ) -> list[Path]:
    """Write ``tables`` (one table, or chunks of ``rows`` rows in all) as
    ``directory/data/<split>-0000i-of-0000k.parquet``, chunk by chunk; a folder that already
    holds parquet files is refused (their shards would mix) unless ``overwrite``. A shard is
    written under a temporary name and renamed once whole: a run killed midway leaves no
    truncated shard under a shard's name."""
    if shards <= 0:
        raise UsageError(f"shards must be positive, got {shards}")
    if isinstance(tables, pa.Table):
        rows, tables = tables.num_rows, [tables]
    data = _emptied(directory, overwrite)
    bounds = np.linspace(0, rows or 0, shards + 1).astype(int)
    paths = [data / f"{split}-{i:05d}-of-{shards:05d}.parquet" for i in range(shards)]
    shard, writer, done = 0, None, 0
    for table in tables:
        while table.num_rows:
            partial = paths[shard].with_name(f".{paths[shard].name}.partial")
            if writer is None:
                writer = pq.ParquetWriter(partial, table.schema)
            take = min(table.num_rows, bounds[shard + 1] - done)
            writer.write_table(table.slice(0, take), row_group_size=100_000)
            table, done = table.slice(take), done + take
            if done == bounds[shard + 1]:
                writer.close()
                partial.replace(paths[shard])
                writer, shard = None, shard + 1
    return paths


def build_release(locale: str, directory: Path, rows: int, seed: int, model: str,
                  shards: int = 1, text_chars: int = DEMO_TEXT_CHARS, overwrite: bool = False
                  ) -> list[Path]:
    """Generate and write a release, a chunk at a time (see ``chunks``)."""
    if rows <= 0:
        raise UsageError(f"rows must be positive, got {rows}")
    model_of(locale, model)  # an unknown locale or model is refused before anything is written
    return write_release(chunks(locale, rows, seed, model, text_chars), directory,
                         shipped(locale).schema.split, shards, overwrite, rows)
