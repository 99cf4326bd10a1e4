"""Open a release: find its parquet files and check what can be checked before the scan.

Where the files are and whether the shards are all there is ``iaf.layout``'s job. Opening reads
only parquet footers: files are parquet, shards share one schema, the audited columns are
present (in the files, or as hive partition keys of every file) with the declared dtypes, and
there is at least one row. Every problem found is reported together. Values are checked
during the scan.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from iaf.catalogue import Dtype, LocaleSchema
from iaf.errors import BadColumn, ReleaseError
from iaf.layout import Partitions, absolute, check_complete, partitions, relative, resolve_files
from iaf.paths import printable


@dataclass(frozen=True)
class ReleaseFile:
    path: Path
    name: str  # path relative to the release root, as reported
    size: int
    rows: int
    partitions: Partitions = ()  # hive keys of its folders (key=value), columns it lacks
    row_groups: int = 1


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


def snapshot_revision(root: Path, files: Sequence[Path]) -> str:
    """The dataset revision a ``huggingface_hub`` download recorded beside the files (its
    ``.cache/huggingface/download/<file>.metadata`` starts with the commit hash), or ''."""
    found = set()
    for path in files:
        try:
            name = absolute(path).relative_to(absolute(root)).as_posix()
        except ValueError:
            continue
        metadata = root / ".cache" / "huggingface" / "download" / f"{name}.metadata"
        if metadata.is_file():
            lines = metadata.read_text(encoding="utf-8", errors="replace").splitlines()
            if lines:
                found.add(lines[0].strip())
    return ", ".join(sorted(found))


def _open_parquet(path: Path) -> pq.ParquetFile:
    try:
        return pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise ReleaseError(f"Not a readable parquet file ({exc})", file=str(path)) from None
    except UnicodeEncodeError:  # bytes no encoding gave (Python keeps them as surrogates)
        raise ReleaseError("The path is not valid UTF-8, which pyarrow needs to open it: "
                           "rename the file or folder", file=printable(str(path))) from None


def dtype_of(arrow_type: pa.DataType) -> Dtype | None:
    """The schema's dtype a column of this Arrow type holds (a dictionary's, its values'), or
    None for any other type."""
    if pa.types.is_dictionary(arrow_type):
        arrow_type = arrow_type.value_type
    if pa.types.is_integer(arrow_type):
        return Dtype.INTEGER
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return Dtype.STRING
    return None


def _schema_problems(files: Sequence[tuple[Path, pa.Schema]]) -> list[BadColumn]:
    """Columns missing from a shard, or of another type than the first shard's."""
    first_path, first = files[0]
    problems = []
    for path, schema in files[1:]:
        if schema.equals(first):
            continue
        for name in sorted(set(first.names) ^ set(schema.names)):
            where = str(first_path) if name in first.names else "this file"
            problems.append(BadColumn(f"Shards have different schemas: column present in "
                                      f"{where} only", file=str(path), column=name))
        for name in sorted(set(first.names) & set(schema.names)):
            if schema.field(name).type != first.field(name).type:
                problems.append(BadColumn(
                    f"Shards have different schemas: {first.field(name).type} in "
                    f"{first_path}, {schema.field(name).type} here",
                    file=str(path), column=name))
    return problems


def _column_problems(path: Path, arrow_schema: pa.Schema, schema: LocaleSchema,
                     columns: Iterable[str]) -> list[BadColumn]:
    columns = list(columns)
    # a name the file gives twice has no one field (its index reads -1, as for a missing one)
    problems = [p for p in given_twice(arrow_schema.names, str(path)) if p.column in columns]
    for name in columns:
        spec = schema.column(name)
        index = arrow_schema.get_field_index(name)
        if any(p.column == name for p in problems):
            continue
        if index < 0:
            problems.append(BadColumn("Required column missing", file=str(path), column=name))
            continue
        arrow_type = arrow_schema.field(index).type
        if dtype_of(arrow_type) is not spec.dtype:
            problems.append(BadColumn(f"Column has dtype {arrow_type}, expected "
                                      f"{spec.dtype.value}", file=str(path), column=name))
    return problems


def _typed_problems(path: Path, arrow_schema: pa.Schema, schema: LocaleSchema,
                    columns: Sequence[str], optional: Iterable[str]) -> list[BadColumn]:
    """``columns`` missing or of another dtype; ``optional`` ones of another dtype where
    present."""
    present = [c for c in optional if c not in columns and c in arrow_schema.names]
    return _column_problems(path, arrow_schema, schema, [*columns, *present])


def given_twice(names: Sequence[str], label: str) -> list[BadColumn]:
    """A problem for each column name a table gives more than once."""
    return [BadColumn("A column name given twice", file=label, column=n)
            for n in sorted({n for n in names if names.count(n) > 1})]


def _partition_columns(found: Sequence[tuple[Path, Partitions]], names: Sequence[str],
                       schema: LocaleSchema) -> tuple[list[pa.Field], list[BadColumn]]:
    """The hive keys every file's folders declare and its data lacks, as columns (typed as
    declared); keys some folders lack, and integer keys that are not integers, are problems."""
    keys = [dict(p) for _, p in found]
    common = [k for k in keys[0] if k not in names and all(k in other for other in keys)]
    problems = [BadColumn("A hive partition key of some folders only", file=str(path),
                          column=key)
                for (path, _), these in zip(found, keys) for key in these
                if key not in names and key not in common][:5]
    fields = []
    for key in common:
        integer = key in schema.columns and schema.column(key).dtype is Dtype.INTEGER
        fields.append(pa.field(key, pa.int64() if integer else pa.string()))
        for (path, _), these in zip(found, keys):
            value = these[key]
            if integer and value is not None and not value.lstrip("-").isdigit():
                problems.append(BadColumn(f"A hive partition value that is not an integer: "
                                          f"{value!r}", file=str(path), column=key))
    return fields, problems


def _contradicted_keys(opened: Sequence[tuple[Path, pq.ParquetFile]],
                       keys: Sequence[tuple[Path, Partitions]]) -> list[BadColumn]:
    """A hive key that is also a column of its file is read from the file: where the file's
    own statistics show another value than its folder's (region=North/ holding South rows),
    the release says two things, and the audit would silently believe one."""
    problems = []
    for (path, parquet), (_, found) in zip(opened, keys):
        names = parquet.schema_arrow.names
        for key, value in found:
            if key not in names or value is None:
                continue
            index = parquet.metadata.schema.names.index(key)
            for group in range(parquet.metadata.num_row_groups):
                stats = parquet.metadata.row_group(group).column(index).statistics
                if stats is not None and stats.has_min_max and {str(stats.min),
                                                                str(stats.max)} != {value}:
                    problems.append(BadColumn(
                        f"A hive partition key that the file's own column contradicts: its "
                        f"folder says {value!r}, its rows hold {stats.min!r} to {stats.max!r}",
                        file=str(path), column=key))
                    break
    return problems[:5]


def open_release(
    paths: Sequence[str | Path], schema: LocaleSchema, columns: Iterable[str], label: str = "",
    allow_partial: bool = False, optional: Iterable[str] = (),
) -> Release:
    """Open ``paths`` as a release of ``schema.locale`` whose ``columns`` will be audited (and
    its ``optional`` columns, where the files have them: their dtypes are checked too)."""
    columns = list(columns)
    root, files = resolve_files(paths, schema.split)
    problems = check_complete(files, root, allow_partial)
    if problems:
        raise ReleaseError(problems=problems)
    opened = [(path, _open_parquet(path)) for path in files]
    problems = _schema_problems([(path, pf.schema_arrow) for path, pf in opened])
    keys = [(path, partitions(path, root)) for path in files]
    fields, partition_problems = _partition_columns(keys, opened[0][1].schema_arrow.names, schema)
    first = pa.schema([*opened[0][1].schema_arrow, *fields])
    problems += partition_problems + _contradicted_keys(opened, keys) + _typed_problems(
        files[0], first, schema, columns, optional)
    if problems:
        raise ReleaseError(problems=problems)
    from_folders = {f.name for f in fields}
    release = Release(
        locale=schema.locale,
        label=label or root.resolve().name,
        files=tuple(
            ReleaseFile(path=p, name=relative(p, root), size=p.stat().st_size,
                        rows=pf.metadata.num_rows, row_groups=pf.metadata.num_row_groups,
                        partitions=tuple((k, v) for k, v in found if k in from_folders))
            for (p, pf), (_, found) in zip(opened, keys)
        ),
        columns=tuple(first.names),
        revision=snapshot_revision(root, files),
    )
    if release.rows == 0:
        raise ReleaseError("The release has no rows", file=str(root))
    return release


def check_table(table: pa.Table, schema: LocaleSchema, columns: Iterable[str], label: str,
                optional: Iterable[str] = ()) -> None:
    """An in-memory table refused as a release's files are (``open_release``): a column
    missing or of another dtype (no string ages coerced, no float ages truncated), a name
    given twice, or no rows."""
    problems = given_twice(table.column_names, label) + _typed_problems(
        Path(label), table.schema, schema, list(columns), optional)
    if problems:
        raise ReleaseError(problems=problems)
    if table.num_rows == 0:
        raise ReleaseError("The release has no rows", file=label)
