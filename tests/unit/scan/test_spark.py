"""The Spark engine counts the same tables as the embedded one from the same files, and finds
the same problems (named by file), in Spark's local mode."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from iaf.errors import ReleaseError
from iaf.release import open_release
from iaf.scan import scan
from tests.helpers import SHIPPED, write
from tests.spark import needs_spark

pytestmark = needs_spark
SCHEMA = SHIPPED.locale("ko_KR").schema
REQUESTS = [("age", "occupation", "sex"), ("education_level", "occupation"), ("province",)]
COLUMNS = ["age", "occupation", "sex", "education_level", "province"]


def both(paths, requests=REQUESTS, columns=COLUMNS, **kwargs):
    release = open_release(paths, SCHEMA, columns)
    return [scan(release, SCHEMA, requests, engine=e, **kwargs) for e in ("arrow", "spark")]


def assert_same(arrow, spark) -> None:
    assert (arrow.engine, spark.engine) == ("arrow", "spark")
    assert arrow.rows == spark.rows and arrow.new_values == spark.new_values
    for dims in arrow._tables:
        a, s = arrow.get(list(dims)), spark.get(list(dims))
        assert a.categories == s.categories
        np.testing.assert_array_equal(a.counts, s.counts)


def test_the_same_tables_as_the_embedded_engine(release_dir):
    assert_same(*both([release_dir]))


def test_hive_keys_and_new_values_the_same(tmp_path, small_table):
    for province in ("서울", "부산"):
        rows = small_table.filter(pa.compute.equal(small_table["province"], province))
        rows = rows.set_column(rows.schema.get_field_index("occupation"), "occupation",
                               pa.array([f"새 직업 {i % 3}" for i in range(rows.num_rows)]))
        write(tmp_path / "pop" / f"province={province}" / "part-0.parquet",
              rows.drop_columns(["province"]))
    arrow, spark = both([tmp_path / "pop"], allow_new_values=True)
    assert_same(arrow, spark)
    assert set(spark.new_values["occupation"]) == {"새 직업 0", "새 직업 1", "새 직업 2"}


def test_the_same_problems_named_by_the_same_files(release_dir, small_table):
    bad = small_table.slice(0, 500)
    sex = bad["sex"].to_pylist()
    sex[:5], sex[5:8] = [None] * 5, ["Male"] * 3
    bad = bad.set_column(bad.schema.get_field_index("sex"), "sex", pa.array(sex))
    write(release_dir / "data" / "train-00001-of-00002.parquet", bad)
    errors = []
    for engine in ("arrow", "spark"):
        with pytest.raises(ReleaseError) as info:
            scan(open_release([release_dir], SCHEMA, COLUMNS), SCHEMA, REQUESTS, engine=engine)
        errors.append(info.value.problems)
    assert errors[0] == errors[1]
    named = str(release_dir / "data" / "train-00001-of-00002.parquet")  # as found, as schema
    assert {(p.file, p.values) for p in errors[1]} == {  # errors name it
        (named, (("<null>", 5),)), (named, (("Male", 3),))}


def test_files_linked_into_blobs_are_named_by_their_links(tmp_path, small_table):
    bad = small_table.slice(0, 100)
    bad = bad.set_column(bad.schema.get_field_index("sex"), "sex", pa.array(["X"] * 100))
    blob = write(tmp_path / "blobs" / ("0" * 64), bad)
    link = tmp_path / "snapshots" / "0123abcd" / "data" / "train-00000-of-00001.parquet"
    link.parent.mkdir(parents=True)
    link.symlink_to(blob)
    with pytest.raises(ReleaseError) as info:
        scan(open_release([link.parent.parent], SCHEMA, ["sex"]), SCHEMA, [("sex",)],
             engine="spark")
    assert info.value.file == str(link)
