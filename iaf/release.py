"""Open a release: find its parquet files and check what can be checked before the scan.

A release is given as one parquet file, several files, or a folder (the Hugging Face layout
``data/<split>-*.parquet`` or plain ``*.parquet``). Opening reads only parquet footers: files
exist and are parquet, no file is given twice, shards named ``-of-N`` are all there, shards
share one schema, the audited columns are present with the declared dtypes, and there is at
least one row. Every problem found is reported together. Values are checked during the scan.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from iaf.catalogue import Dtype, LocaleSchema
from iaf.errors import BadColumn, ReleaseError

SHARD = re.compile(r"^(?P<stem>.+)-(?P<index>\d+)-of-(?P<count>\d+)\.parquet$")


@dataclass(frozen=True)
class ReleaseFile:
    path: Path
    name: str  # path relative to the release root, as reported
    size: int
    rows: int


@dataclass(frozen=True)
class Release:
    locale: str
    label: str
    files: tuple[ReleaseFile, ...]
    columns: tuple[str, ...] = ()  # every column of the files, audited or not
    revision: str = ""  # the Hugging Face commit of a snapshot folder, when it says

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files)


def _folder_files(folder: Path, split: str) -> list[Path]:
    base = folder / "data" if (folder / "data").is_dir() else folder
    files = sorted(base.glob("*.parquet"))
    in_split = [f for f in files if f.name.startswith(f"{split}-")]
    return in_split or files


def resolve_files(paths: Sequence[str | Path], split: str) -> tuple[Path, list[Path]]:
    """Return the release root and its parquet files, in a stable order."""
    if not paths:
        raise ReleaseError("No release path given")
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise ReleaseError("Release path does not exist", file=str(path))
        if path.is_dir():
            found = _folder_files(path, split)
            if not found:
                raise ReleaseError("No parquet files found in the release folder", file=str(path))
            files.extend(found)
        else:
            files.append(path)
    first = Path(paths[0])
    root = first if first.is_dir() else first.parent
    return root, files


def snapshot_revision(root: Path, files: Sequence[Path]) -> str:
    """The dataset revision a ``huggingface_hub`` download recorded beside the files (its
    ``.cache/huggingface/download/<file>.metadata`` starts with the commit hash), or ''."""
    found = set()
    for path in files:
        try:
            relative = path.resolve().relative_to(root.resolve())
        except ValueError:
            continue
        metadata = root / ".cache" / "huggingface" / "download" / f"{relative}.metadata"
        if metadata.is_file():
            lines = metadata.read_text(encoding="utf-8", errors="replace").splitlines()
            if lines:
                found.add(lines[0].strip())
    return ", ".join(sorted(found))


def check_complete(files: Sequence[Path], allow_partial: bool = False) -> list[BadColumn]:
    """The same file twice, and (unless ``allow_partial``) shard sets named ``-of-N`` with
    shards missing or given twice: each is a problem naming the files."""
    problems = [BadColumn("The same file is given twice", file=str(path))
                for path, n in Counter(p.resolve() for p in files).items() if n > 1]
    shards: dict[tuple[str, int], list[int]] = {}
    for path in dict.fromkeys(p.resolve() for p in files):
        match = SHARD.match(path.name)
        if match:
            key = (str(path.parent / match["stem"]), int(match["count"]))
            shards.setdefault(key, []).append(int(match["index"]))
        elif re.search(r"-of-\d+", path.name) and not allow_partial:
            problems.append(BadColumn("A shard whose name is not <split>-NNNNN-of-NNNNN.parquet "
                                      "(a browser's copy?)", file=str(path)))
    for (stem, count), indices in sorted(shards.items()):
        missing = sorted(set(range(count)) - set(indices))
        doubled = sorted(i for i, n in Counter(indices).items() if n > 1)
        if (missing or doubled) and not allow_partial:
            names = [f"{Path(stem).name}-{i:05d}-of-{count:05d}.parquet" for i in missing]
            problems.append(BadColumn(
                f"Incomplete release: {len(missing)} of {count} shards missing "
                f"({', '.join(names[:5])}{' ...' if len(names) > 5 else ''}); pass "
                "--allow-partial to audit the shards that are there", file=stem))
    return problems


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def _open_parquet(path: Path) -> pq.ParquetFile:
    try:
        return pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise ReleaseError(f"Not a readable parquet file ({exc})", file=str(path)) from None


def _dtype_ok(arrow_type: pa.DataType, dtype: Dtype) -> bool:
    if pa.types.is_dictionary(arrow_type):
        arrow_type = arrow_type.value_type
    if dtype is Dtype.INTEGER:
        return pa.types.is_integer(arrow_type)
    return pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type)


def _schema_problems(files: Sequence[tuple[Path, pa.Schema]]) -> list[BadColumn]:
    """Columns missing from a shard, or of another type than the first shard's."""
    first_path, first = files[0]
    problems = []
    for path, schema in files[1:]:
        if schema.equals(first):
            continue
        for name in sorted(set(first.names) ^ set(schema.names)):
            where = first_path.name if name in first.names else path.name
            problems.append(BadColumn(f"Shards have different schemas: column present in "
                                      f"{where} only", file=str(path), column=name))
        for name in sorted(set(first.names) & set(schema.names)):
            if schema.field(name).type != first.field(name).type:
                problems.append(BadColumn(
                    f"Shards have different schemas: {first.field(name).type} in "
                    f"{first_path.name}, {schema.field(name).type} here",
                    file=str(path), column=name))
    return problems


def _column_problems(path: Path, arrow_schema: pa.Schema, schema: LocaleSchema,
                     columns: Iterable[str]) -> list[BadColumn]:
    problems = []
    for name in columns:
        spec = schema.column(name)
        index = arrow_schema.get_field_index(name)
        if index < 0:
            problems.append(BadColumn("Required column missing", file=str(path), column=name))
            continue
        arrow_type = arrow_schema.field(index).type
        if not _dtype_ok(arrow_type, spec.dtype):
            problems.append(BadColumn(f"Column has dtype {arrow_type}, expected "
                                      f"{spec.dtype.value}", file=str(path), column=name))
    return problems


def open_release(
    paths: Sequence[str | Path], schema: LocaleSchema, columns: Iterable[str], label: str = "",
    allow_partial: bool = False, optional: Iterable[str] = (),
) -> Release:
    """Open ``paths`` as a release of ``schema.locale`` whose ``columns`` will be audited (and
    its ``optional`` columns, where the files have them: their dtypes are checked too)."""
    columns = list(columns)
    root, files = resolve_files(paths, schema.split)
    problems = check_complete(files, allow_partial)
    if problems:
        raise ReleaseError(problems=problems)
    opened = [(path, _open_parquet(path)) for path in files]
    problems = _schema_problems([(path, pf.schema_arrow) for path, pf in opened])
    first = opened[0][1].schema_arrow
    present = [c for c in optional if c not in columns and c in first.names]
    problems += _column_problems(files[0], first, schema, [*columns, *present])
    if problems:
        raise ReleaseError(problems=problems)
    release = Release(
        locale=schema.locale,
        label=label or root.resolve().name,
        files=tuple(
            ReleaseFile(path=p, name=_relative(p, root), size=p.stat().st_size,
                        rows=pf.metadata.num_rows)
            for p, pf in opened
        ),
        columns=tuple(opened[0][1].schema_arrow.names),
        revision=snapshot_revision(root, files),
    )
    if release.rows == 0:
        raise ReleaseError("The release has no rows", file=str(root))
    return release
