"""Open a release: find its parquet files and check what can be checked before the scan.

A release is given as one parquet file, several files, or a folder (the Hugging Face layout
``data/<split>-*.parquet`` or plain ``*.parquet``). Opening reads only parquet footers: files
exist and are parquet, shards share one schema, the audited columns are present with the
declared dtypes, and there is at least one row. Values are checked during the scan (tables.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from iaf.errors import ReleaseError
from iaf.schema import LocaleSchema


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


def _dtype_ok(arrow_type: pa.DataType, dtype: str) -> bool:
    if pa.types.is_dictionary(arrow_type):
        arrow_type = arrow_type.value_type
    if dtype == "integer":
        return pa.types.is_integer(arrow_type)
    return pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type)


def _check_same_schema(files: Sequence[tuple[Path, pa.Schema]]) -> None:
    first_path, first = files[0]
    for path, schema in files[1:]:
        if schema.equals(first):
            continue
        for field in first:
            index = schema.get_field_index(field.name)
            if index < 0:
                raise ReleaseError(
                    f"Shards have different schemas: column present in {first_path.name} "
                    f"is missing here",
                    file=str(path),
                    column=field.name,
                )
            if schema.field(index).type != field.type:
                raise ReleaseError(
                    f"Shards have different schemas: {field.type} in {first_path.name}, "
                    f"{schema.field(index).type} here",
                    file=str(path),
                    column=field.name,
                )
        extra = sorted(set(schema.names) - set(first.names))
        raise ReleaseError(
            f"Shards have different schemas: column absent from {first_path.name}",
            file=str(path),
            column=extra[0] if extra else None,
        )


def open_release(
    paths: Sequence[str | Path], schema: LocaleSchema, columns: Iterable[str], label: str = ""
) -> Release:
    """Open ``paths`` as a release of ``schema.locale`` whose ``columns`` will be audited."""
    root, files = resolve_files(paths, schema.split)
    opened = [(path, _open_parquet(path)) for path in files]
    _check_same_schema([(path, pf.schema_arrow) for path, pf in opened])
    arrow_schema = opened[0][1].schema_arrow
    for name in columns:
        spec = schema.column(name)
        index = arrow_schema.get_field_index(name)
        if index < 0:
            raise ReleaseError("Required column missing", file=str(files[0]), column=name)
        arrow_type = arrow_schema.field(index).type
        if not _dtype_ok(arrow_type, spec.dtype):
            raise ReleaseError(
                f"Column has dtype {arrow_type}, expected {spec.dtype}",
                file=str(files[0]),
                column=name,
            )
    release = Release(
        locale=schema.locale,
        label=label or root.resolve().name,
        files=tuple(
            ReleaseFile(path=p, name=_relative(p, root), size=p.stat().st_size,
                        rows=pf.metadata.num_rows)
            for p, pf in opened
        ),
    )
    if release.rows == 0:
        raise ReleaseError("The release has no rows", file=str(root))
    return release
