"""Where a release's parquet files are, and whether its shards are all there.

A release is one folder (any layout: the Hugging Face ``data/<split>-*.parquet``, plain files,
nested folders, hive partitions such as ``county=06037/part-0.parquet``), one file, several
files, or a glob. Files and folders whose names start with ``.`` or ``_`` are not data (a
snapshot's ``.cache``, Spark's ``_SUCCESS``). A file is judged by its own name, never by the
target of a symlink (the Hugging Face cache links snapshot names to content-addressed blobs).
Several release folders on one command line are refused, never merged; shards named ``-of-N``
must all be there, each index once, across every folder given.
"""

from __future__ import annotations

import glob
import os
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote

from iaf.errors import BadColumn, ReleaseError

SHARD = re.compile(r"^(?P<stem>.+)-(?P<index>\d+)-of-(?P<count>\d+)\.parquet$")
NOT_DATA = (".", "_")  # name prefixes of hidden files and of writers' markers
MAGIC = re.compile(r"[*?[]")
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"  # how hive writes a null partition value

Partitions = tuple[tuple[str, str | None], ...]


def absolute(path: Path) -> Path:
    """The path made absolute without following symlinks (a link keeps its own name)."""
    return Path(os.path.abspath(path))


def _walk(folder: Path) -> list[Path]:
    """Every parquet file below ``folder``, hidden and underscore names left out; folder links
    are followed once (a link back up the tree is not walked again)."""
    seen, found = set(), []
    for top, folders, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(top)
        if real in seen:
            folders[:] = []
            continue
        seen.add(real)
        folders[:] = sorted(f for f in folders if not f.startswith(NOT_DATA))
        found += [Path(top) / f for f in files
                  if f.endswith(".parquet") and not f.startswith(NOT_DATA)]
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def _folder_files(folder: Path, split: str) -> list[Path]:
    base = folder / "data" if (folder / "data").is_dir() else folder
    return split_files(_walk(base), split)


def split_files(files: list[Path], split: str) -> list[Path]:
    """A folder's files of ``split``: its shards where it has them (the others are other
    splits' shards: a release of another locale), else every file. A file that is neither is
    refused, never skipped: its rows would be left out unsaid."""
    in_split = [f for f in files if f.name.startswith(f"{split}-")]
    strays = [f for f in files if not f.name.startswith(f"{split}-") and not SHARD.match(f.name)]
    if in_split and strays:
        raise ReleaseError(problems=[BadColumn(
            f"A parquet file beside the {split}-* shards that is no split's shard: part of the "
            "release? Move it out of the folder, or name the files to audit", file=str(f))
            for f in strays])
    return in_split or files


def _matches(pattern: str) -> list[Path]:
    files = [Path(p) for p in sorted(glob.glob(pattern, recursive=True))]
    found = [p for p in files if not p.is_dir()]  # a pipe matched is refused, not skipped
    if not found:
        raise ReleaseError("No file matches the pattern", file=pattern)
    return found


def _glob_root(pattern: str) -> Path:
    """The folder a glob starts from: its path up to the first wildcard."""
    head = MAGIC.split(pattern, maxsplit=1)[0]
    return Path(head if head.endswith(os.sep) else os.path.dirname(head) or ".")


def _one_release(paths: Sequence[Path]) -> None:
    """Several folders are several releases (or one given twice): refused, never merged."""
    folders = [p for p in paths if p.is_dir()]
    if len(folders) == 1 and len(paths) == 1 or not folders:
        return
    if len({p.resolve() for p in paths}) == 1:
        raise ReleaseError("The same folder is given twice", file=str(folders[0]))
    raise ReleaseError(
        f"{len(paths)} paths given and {len(folders)} of them are folders: a folder is a "
        "release, and iaf audits one release per run (run it once for each; give several "
        "files of one release as files or a quoted glob)",
        file=", ".join(map(str, paths)))


def resolve_files(paths: Sequence[str | Path], split: str) -> tuple[Path, list[Path]]:
    """Return the release root and its parquet files, in a stable order."""
    if not paths:
        raise ReleaseError("No release path given")
    given = [Path(p) for p in paths]
    _one_release(given)
    files: list[Path] = []
    roots = []
    for raw, path in zip(paths, given):
        if not path.exists() and not path.is_symlink() and MAGIC.search(str(raw)):
            files += _matches(str(raw))
            roots.append(_glob_root(str(raw)))
        elif path.is_dir():
            found = _folder_files(path, split)
            if not found:
                report = path / "report.json"
                # said of a folder, not of "the release": a gate's --baseline reaches here too
                raise ReleaseError("No parquet files found in this folder" + (
                    f": it holds a report, which is given by its file ({report})"
                    if report.is_file() else ""), file=str(path))
            files += found
            roots.append(path)
        elif path.exists() or path.is_symlink():  # a dangling link is named below
            files.append(path)
            roots.append(path.parent)
        else:
            raise ReleaseError("Release path does not exist", file=str(path))
    dangling = [BadColumn(f"A symlink whose target does not exist (a dangling link to "
                          f"{os.readlink(p)})", file=str(p))
                for p in files if p.is_symlink() and not p.exists()]
    # given, globbed or in a folder: reading a FIFO would wait for ever, deaf to SIGTERM
    special = [BadColumn("Not a regular file (a pipe, device or socket): a release is "
                         "parquet files", file=str(p)) for p in files
               if p.exists() and not p.is_file()]
    if dangling or special:
        raise ReleaseError(problems=[*dangling, *special])
    if len({absolute(r) for r in roots}) == 1:
        return roots[0], files
    return Path(os.path.commonpath([absolute(r) for r in roots])), files


def relative(path: Path, root: Path) -> str:
    """``path`` as reported: relative to the release root, by its own (link) name."""
    try:
        return absolute(path).relative_to(absolute(root)).as_posix()
    except ValueError:
        return path.name


def partitions(path: Path, root: Path) -> Partitions:
    """The hive partition keys (``key=value`` folders) between the root and ``path``."""
    found = []
    for part in Path(relative(path, root)).parent.parts:
        key, equals, value = part.partition("=")
        if equals and key:
            found.append((unquote(key), None if value == NULL_PARTITION else unquote(value)))
    return tuple(found)


def check_complete(files: Sequence[Path], root: Path, allow_partial: bool = False
                   ) -> list[BadColumn]:
    """The same file twice, and (unless ``allow_partial``) shard sets named ``-of-N`` with
    shards missing or given twice: each is a problem naming the files. Shards are judged by
    their own names; sets are told apart by stem, count and hive partition, not by folder, so
    an index repeated across two folders is a shard given twice."""
    problems = [BadColumn("The same file is given twice", file=str(path))
                for path, n in Counter(p.resolve() for p in files).items() if n > 1]
    shards: dict[tuple[str, int, Partitions], list[tuple[int, Path]]] = {}
    for path in dict.fromkeys(absolute(p) for p in files):
        match = SHARD.match(path.name)
        if match:
            key = (match["stem"], int(match["count"]), partitions(path, root))
            shards.setdefault(key, []).append((int(match["index"]), path))
        elif re.search(r"-of-\d+", path.name) and not allow_partial:
            problems.append(BadColumn("A shard whose name is not <split>-NNNNN-of-NNNNN.parquet "
                                      "(a browser's copy?)", file=str(path)))
    for (stem, count, _), found in sorted(shards.items(), key=lambda s: repr(s[0])):
        problems += _shard_problems(stem, count, found, allow_partial)
    return problems


def _shard_problems(stem: str, count: int, found: list[tuple[int, Path]], allow_partial: bool
                    ) -> list[BadColumn]:
    indices = Counter(index for index, _ in found)
    problems = [BadColumn(f"Shard {index} of a set of {count}: its index is past the set's last "
                          f"({count - 1}); a shard of another set renamed?", file=str(path))
                for index, path in found if index >= count]
    for index in sorted(i for i, n in indices.items() if n > 1):
        twice = [str(p) for i, p in found if i == index]
        problems.append(BadColumn(
            f"Shard {index} of {stem}-*-of-{count:05d} is given {len(twice)} times, in "
            f"different folders ({', '.join(twice)}): several releases? Audit each on its own",
            file=twice[1]))
    missing = sorted(set(range(count)) - set(indices))
    if missing and not allow_partial:
        names = [f"{stem}-{i:05d}-of-{count:05d}.parquet" for i in missing]
        problems.append(BadColumn(
            f"Incomplete release: {len(missing)} of {count} shards missing "
            f"({', '.join(names[:5])}{' ...' if len(names) > 5 else ''}); pass "
            "--allow-partial to audit the shards that are there",
            file=str(found[0][1].parent)))
    return problems
