"""The Spark engine: the same count tables, counted by Spark from the same files, for
populations past one machine (``pip install "pytest-iaf[spark]"`` and a Java runtime).

One Spark job reads the audited columns once and aggregates them over grouping sets: each
column by file (its values, to check them as the embedded engine does and name the files) and
each planned table by its columns. The small result comes back through Arrow, not pandas, and
goes through the same codebooks and counting as the embedded engine's batches, so the tables,
the errors and the report are the same. Which cluster runs it is Spark's own configuration:
``IAF_SPARK_MASTER`` (e.g. ``spark://host:7077``, ``yarn``), else ``spark-defaults.conf`` or
``PYSPARK_SUBMIT_ARGS``, else all local cores; a session already active in the process is used
as it is. The files must be at the same path on every worker.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote, urlparse

import numpy as np
import pyarrow as pa

from iaf.catalogue import Dtype, LocaleSchema
from iaf.errors import ReleaseError, UsageError
from iaf.layout import absolute
from iaf.release import Release
from iaf.scan.counting import Accumulator, Progress, is_repeat
from iaf.tables import Dims, Tables

FILE = "__iaf_file"
SET = "__iaf_set"
COUNT = "__iaf_n"
SETTINGS = {  # for a session iaf starts itself
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    # hive keys stay strings (county=06037 is not 6037); integer columns are cast below
    "spark.sql.sources.partitionColumnTypeInference.enabled": "false",
}


def session() -> Any:
    """The active Spark session, or one started as configured (see the module's doc)."""
    # pyspark 4.x warns that it does not fully support pandas 3: counts come back through
    # Arrow, not pandas (a lasting narrow filter: catch_warnings is not thread-safe)
    warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)
    try:
        from pyspark.sql import SparkSession  # noqa: PLC0415
    except ImportError:
        raise UsageError('The spark engine needs pyspark: pip install "pytest-iaf[spark]" (and '
                         'a Java runtime, e.g. apt-get install default-jre-headless)') from None
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = SparkSession.builder.appName("iaf")
    if os.environ.get("IAF_SPARK_MASTER"):
        builder = builder.master(os.environ["IAF_SPARK_MASTER"])
    for key, value in SETTINGS.items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except _spark_errors() as exc:
        raise UsageError(f"Spark did not start ({_first_line(exc)}): the spark engine needs a "
                         "Java runtime (e.g. apt-get install default-jre-headless) or a "
                         "reachable IAF_SPARK_MASTER") from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _spark_errors() -> tuple[type[Exception], ...]:
    from py4j.protocol import Py4JError  # noqa: PLC0415
    from pyspark.errors import PySparkException  # noqa: PLC0415

    return PySparkException, Py4JError


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:300] if text else type(error).__name__


def scan(release: Release, schema: LocaleSchema, tables: Iterable[Dims],
         on_progress: Progress | None = None, allow_new_values: bool = False) -> Tables:
    """Count every table of ``release`` with Spark; the same result as the embedded engine.
    Repeated rows (identity) are found where the rows are hashed, on this machine: the
    embedded engine streams the id and text columns in bounded memory."""
    requests = [tuple(r) for r in tables]
    repeats = [r for r in requests if is_repeat(schema, r)]
    acc = Accumulator(schema, requests, allow_new_values)
    columns = list(acc.codebooks)  # the encoded columns (id and text columns are hashed below)
    sets = [(c, FILE) for c in columns] + [tuple(dims) for dims in acc.tables]
    spark = session()
    try:
        result = _grouped(spark, release, schema, columns, sets)
    except _spark_errors() as exc:
        raise ReleaseError(f"Spark could not read the release ({_first_line(exc)})",
                           file=release.label) from None
    names = _file_names(release)
    order = {str(f.path): i for i, f in enumerate(release.files)}
    for i, column in enumerate(columns):  # files in the release's order, as read there
        rows = _rows(result, i)
        files = [names.get(spark_path(p), p) for p in rows[FILE].to_pylist()]
        for file in sorted(set(files), key=lambda f: order.get(f, len(order))):
            mask = pa.array([f == file for f in files])
            acc.record(column, rows[column].filter(mask), file,
                       rows[COUNT].filter(mask).to_numpy())
    acc.rows = int(_rows(result, 0)[COUNT].to_numpy().sum())
    for i, dims in enumerate(acc.tables, start=len(columns)):
        rows = _rows(result, i)
        acc.add_counted(dims, {d: rows[d] for d in dims}, rows[COUNT].to_numpy())
    if on_progress:
        on_progress("scan", acc.rows, release.rows)
    counted = acc.result("spark")
    if repeats:
        from iaf.scan import arrow  # noqa: PLC0415

        counted.repeats = arrow.scan(release, schema, repeats, allow_new_values=True).repeats
    return counted


def _rows(result: pa.Table, index: int) -> dict[str, pa.Array]:
    """The rows of grouping set ``index``, column by column."""
    rows = result.filter(pa.compute.equal(result[SET], index))
    return {name: rows[name].combine_chunks() for name in rows.column_names}


def _quoted(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _grouped(spark: Any, release: Release, schema: LocaleSchema, columns: list[str],
             sets: list[tuple[str, ...]]) -> pa.Table:
    """One aggregation of the files' ``columns`` over grouping ``sets``: the values of each
    set's columns, the set's index and the rows counted."""
    from pyspark.sql import functions as F  # noqa: N812, PLC0415

    reader = spark.read
    root = _root(release)
    if root is not None:
        reader = reader.option("basePath", root)
    frame = reader.parquet(*[str(absolute(f.path)) for f in release.files])
    picked = [F.col(_quoted(c)).cast("long").alias(c)
              if schema.column(c).dtype is Dtype.INTEGER else F.col(_quoted(c)) for c in columns]
    frame = frame.select(*picked, F.col("_metadata.file_path").alias(FILE))
    keys = [*columns, FILE]
    grouped = frame.groupingSets([[F.col(_quoted(c)) for c in s] for s in sets],
                                 *[F.col(_quoted(k)) for k in keys])
    counted = grouped.agg(F.grouping_id().alias("gid"), F.count(F.lit(1)).alias(COUNT))
    result = counted.toArrow()
    gid = {sum(1 << (len(keys) - 1 - i) for i, k in enumerate(keys) if k not in s): n
           for n, s in enumerate(sets)}
    index = np.array([gid[g] for g in result["gid"].to_pylist()], dtype=np.int64)
    return result.append_column(SET, pa.array(index))


def _root(release: Release) -> str | None:
    """The folder hive keys are read below (Spark's basePath), when the files have keys."""
    first = release.files[0]
    if not first.partitions:
        return None
    path = absolute(first.path).as_posix()
    return path[: len(path) - len(first.name)].rstrip("/") or "/"


def _file_names(release: Release) -> dict[str, str]:
    """Each file's absolute path -> its path as found (what errors name)."""
    return {absolute(f.path).as_posix(): str(f.path) for f in release.files}


def spark_path(uri: str) -> str:
    """A path as Spark reports it (``file:/a/b%20c``) as a local path."""
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme in ("file", "") else uri
