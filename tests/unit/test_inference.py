"""Schema inference: types, value lists with counts, ranges, identifiers and open text found from
the release itself; every layout the audit accepts; bad input named, never a traceback."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from iaf.catalogue import ColumnKind, Dtype
from iaf.catalogue.inference import MAX_CLOSED, infer
from iaf.errors import ReleaseError
from tests.helpers import write


def people(n: int = 3000, seed: int = 0) -> pa.Table:
    rng = np.random.default_rng(seed)
    return pa.table({
        "uuid": [f"{i:08d}-0000" for i in range(n)],
        "sex": rng.choice(["F", "M"], size=n),
        "age": rng.integers(18, 80, size=n),
        "county": pa.array(rng.choice(["North", "South", "East"], size=n)).dictionary_encode(),
        "postcode": [f"{i:05d}" for i in rng.integers(0, MAX_CLOSED * 3, size=n)],
        "story": [f"person {i} lives a long life of many words and places" * 2
                  for i in range(n)],
        "income": rng.random(n),
    })


def test_columns_are_typed_counted_and_classified(tmp_path):
    write(tmp_path / "rel" / "data" / "train-00000-of-00002.parquet", people().slice(0, 1500))
    write(tmp_path / "rel" / "data" / "train-00001-of-00002.parquet", people().slice(1500))
    inferred = infer([tmp_path / "rel"])
    assert (inferred.split, inferred.rows) == ("train", 3000)
    assert inferred.files == ("data/train-00000-of-00002.parquet",
                              "data/train-00001-of-00002.parquet")
    kinds = {c.name: c.kind for c in inferred.columns}
    assert kinds["uuid"] is ColumnKind.ID and kinds["story"] is ColumnKind.TEXT
    sex, age = inferred.column("sex"), inferred.column("age")
    assert sex.closed and sum(n for _, n in sex.counts) == 3000
    assert [n for _, n in sex.counts] == sorted((n for _, n in sex.counts), reverse=True)
    assert (age.dtype, age.min, age.max) == (Dtype.INTEGER, 18, 79) and not age.closed
    assert inferred.column("county").closed  # dictionary-encoded columns are read as values
    assert not inferred.column("postcode").closed  # too many values per row: open
    assert inferred.skipped == ("income (double)",)


def test_nulls_are_counted(tmp_path):
    table = pa.table({"sex": ["F", None, "M", None]})
    inferred = infer([write(tmp_path / "one.parquet", table)])
    assert inferred.column("sex").nulls == 2 and inferred.column("sex").distinct == 2


def test_init_says_that_the_audit_will_refuse_the_nulls_it_found(tmp_path, capsys):
    """init exited 0 and the audit then refused the same release (exit 2) without warning."""
    from iaf.cli import main  # noqa: PLC0415

    write(tmp_path / "rel" / "one.parquet", people().append_column(
        "job", pa.array(["a", None, "b"] * 1000)))
    assert main(["init", str(tmp_path / "rel"), str(tmp_path / "cat"), "--locale", "xx_XX"]) == 0
    assert "note: nulls in job (1,000); an audit refuses nulls" in capsys.readouterr().out


def test_a_release_of_several_splits_names_one(tmp_path):
    for split in ("en_IN", "hi_Deva_IN"):
        write(tmp_path / "rel" / "data" / f"{split}-00000-of-00001.parquet", people(100))
    with pytest.raises(ReleaseError, match="several splits .*en_IN, hi_Deva_IN.*--split"):
        infer([tmp_path / "rel"])
    assert infer([tmp_path / "rel"], "hi_Deva_IN").files == (
        "data/hi_Deva_IN-00000-of-00001.parquet",)


@pytest.mark.parametrize("make, message", [
    (lambda p: p / "nowhere", "Release path does not exist"),
    (lambda p: write(p / "data" / "train-00000-of-00002.parquet", people(10)).parent.parent,
     "1 of 2 shards missing"),
    (lambda p: write(p / "empty.parquet", people(10).slice(0, 0)), "no rows"),
    (lambda p: (p / "bad.parquet").write_text("not parquet") and p / "bad.parquet",
     "Not a readable parquet file"),
])
def test_unusable_releases_are_named(tmp_path, make, message):
    with pytest.raises(ReleaseError, match=message):
        infer([make(tmp_path)])


def test_shards_with_different_schemas_are_refused(tmp_path):
    write(tmp_path / "a.parquet", people(10))
    write(tmp_path / "b.parquet", people(10).drop_columns(["age"]))
    with pytest.raises(ReleaseError, match="different schemas") as info:
        infer([tmp_path])
    assert info.value.file == str(tmp_path / "b.parquet")


def test_the_same_release_gives_the_same_inference(tmp_path):
    path = write(tmp_path / "one.parquet", people())
    assert infer([path]) == infer([path])


def test_hive_partition_keys_are_columns_as_the_audit_reads_them(tmp_path):
    """`region=North/part-0.parquet`: the audit reads region as a column, iaf init did not
    see it ("names 'region', which the release has no demographic column for")."""
    table = people().drop_columns(["county"])
    write(tmp_path / "rel" / "region=North" / "part-0.parquet", table.slice(0, 1000))
    write(tmp_path / "rel" / "region=South" / "part-0.parquet", table.slice(1000))
    region = infer([tmp_path / "rel"]).column("region")
    assert region.kind is ColumnKind.DEMOGRAPHIC and region.dtype is Dtype.STRING
    assert region.closed and dict(region.counts) == {"North": 1000, "South": 2000}


def test_init_refuses_a_file_beside_the_splits_shards(tmp_path, capsys):
    """iaf init kept the split's shards and left a file beside them out, unsaid, as the audit
    did."""
    from iaf.cli import main  # noqa: PLC0415

    assert main(["simulate", str(tmp_path / "rel"), "--rows", "2000"]) == 0
    shard = next((tmp_path / "rel" / "data").glob("train-*.parquet"))
    (tmp_path / "rel" / "data" / "extra.parquet").write_bytes(shard.read_bytes())
    assert main(["init", str(tmp_path / "rel"), str(tmp_path / "cat"), "--locale", "xx_YY"]) == 2
    assert "no split's shard" in capsys.readouterr().err
