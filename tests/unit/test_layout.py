"""Release layouts: any folder of parquet files (nested, hive partitions), a file, files, a
glob; symlinks judged by their own names (the Hugging Face cache layout works), dangling ones
named; several releases refused, never merged."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from iaf.cli import main
from iaf.errors import ReleaseError
from iaf.release import open_release
from iaf.runner import audit
from tests.helpers import SHIPPED, write

SCHEMA = SHIPPED.locale("ko_KR").schema


def names(paths, **kwargs) -> list[str]:
    return [f.name for f in open_release(paths, SCHEMA, ["sex"], **kwargs).files]


def test_a_nested_folder_of_any_names(tmp_path, small_table):
    write(tmp_path / "pop" / "b" / "part-1.parquet", small_table.slice(0, 10))
    write(tmp_path / "pop" / "a" / "deeper" / "part-0.parquet", small_table.slice(10, 10))
    write(tmp_path / "pop" / "_temporary" / "part-9.parquet", small_table.slice(20, 10))
    write(tmp_path / "pop" / ".hidden.parquet", small_table.slice(30, 10))
    (tmp_path / "pop" / "_SUCCESS").write_text("", encoding="utf-8")
    assert names([tmp_path / "pop"]) == ["a/deeper/part-0.parquet", "b/part-1.parquet"]


def test_hive_partitions_declare_a_column(tmp_path, small_table):
    write(tmp_path / "pop" / "county=06037" / "part-0.parquet", small_table.slice(0, 10))
    write(tmp_path / "pop" / "county=New%20York" / "part-0.parquet", small_table.slice(10, 10))
    release = open_release([tmp_path / "pop"], SCHEMA, ["sex"])
    assert [f.partitions for f in release.files] == [(("county", "06037"),),
                                                     (("county", "New York"),)]
    assert "county" in release.columns


def test_a_hive_key_the_file_s_own_column_contradicts_is_named(tmp_path, small_table):
    """province=서울/ holding every province's rows: the file's column was read and the
    folder ignored, silently. A folder that agrees with its rows is fine."""
    import pyarrow.compute as pc  # noqa: PLC0415

    seoul = small_table.filter(pc.equal(small_table["province"], "서울"))
    write(tmp_path / "agree" / "province=서울" / "part-0.parquet", seoul)
    assert open_release([tmp_path / "agree"], SCHEMA, ["sex"]).rows == len(seoul)
    write(tmp_path / "pop" / "province=서울" / "part-0.parquet", small_table)
    with pytest.raises(ReleaseError, match="contradicts: its folder says '서울'") as info:
        open_release([tmp_path / "pop"], SCHEMA, ["sex"])
    assert info.value.problems[0].column == "province"


def test_a_hive_key_of_some_folders_only_is_named(tmp_path, small_table):
    write(tmp_path / "pop" / "county=1" / "part-0.parquet", small_table.slice(0, 10))
    write(tmp_path / "pop" / "other" / "part-0.parquet", small_table.slice(10, 10))
    with pytest.raises(ReleaseError, match="hive partition key of some folders only") as info:
        open_release([tmp_path / "pop"], SCHEMA, ["sex"])
    assert info.value.column == "county"


def test_a_hive_key_for_an_integer_column_must_be_an_integer(tmp_path, small_table):
    write(tmp_path / "pop" / "age=old" / "part-0.parquet",
          small_table.slice(0, 10).drop_columns(["age"]))
    with pytest.raises(ReleaseError, match="not an integer: 'old'") as info:
        open_release([tmp_path / "pop"], SCHEMA, ["age"])
    assert info.value.column == "age"
    assert "(0 rows)" not in str(info.value)  # it said '0 rows' of a folder of 10


def test_a_glob_and_a_single_file(release_dir):
    pattern = str(release_dir / "data" / "*-of-00002.parquet")
    assert names([pattern]) == ["train-00000-of-00002.parquet", "train-00001-of-00002.parquet"]
    assert names([str(release_dir / "**" / "train-00000-*.parquet")], allow_partial=True) == \
        ["data/train-00000-of-00002.parquet"]
    assert names([release_dir / "data" / "train-00001-of-00002.parquet"],
                 allow_partial=True) == ["train-00001-of-00002.parquet"]
    with pytest.raises(ReleaseError, match="No file matches the pattern"):
        open_release([str(release_dir / "*.nothing")], SCHEMA, ["sex"])


def test_files_of_one_release_in_several_folders_are_named_from_their_common_folder(
        tmp_path, small_table):
    one = write(tmp_path / "a" / "part-0.parquet", small_table.slice(0, 10))
    two = write(tmp_path / "b" / "part-0.parquet", small_table.slice(10, 10))
    assert names([one, two]) == ["a/part-0.parquet", "b/part-0.parquet"]


def hugging_face_cache(tmp_path: Path, release_dir: Path) -> Path:
    """snapshots/<revision>/data/<shard> linking to ../../../blobs/<hash>, as the hub's cache."""
    repo = tmp_path / "datasets--nvidia--Nemotron-Personas-Korea"
    snapshot = repo / "snapshots" / "0123abcd" / "data"
    snapshot.mkdir(parents=True)
    (repo / "blobs").mkdir()
    for i, shard in enumerate(sorted((release_dir / "data").glob("*.parquet"))):
        shutil.copy(shard, repo / "blobs" / f"{i:064x}")
        (snapshot / shard.name).symlink_to(Path("../../../blobs") / f"{i:064x}")
    return snapshot.parent


def test_the_hugging_face_cache_layout_works(tmp_path, release_dir):
    snapshot = hugging_face_cache(tmp_path, release_dir)
    assert names([snapshot]) == ["data/train-00000-of-00002.parquet",
                                 "data/train-00001-of-00002.parquet"]
    assert audit([snapshot], "ko_KR", ["marginal_sex"]).release.rows == 20_000


def test_a_symlinked_shard_is_judged_by_its_own_name(tmp_path, release_dir):
    other = tmp_path / "elsewhere" / "train-00000-of-00002.parquet"
    other.parent.mkdir()
    shutil.copy(release_dir / "data" / "train-00000-of-00002.parquet", other)
    (tmp_path / "one" / "data").mkdir(parents=True)
    (tmp_path / "one" / "data" / "train-00000-of-00001.parquet").symlink_to(other)
    assert names([tmp_path / "one"]) == ["data/train-00000-of-00001.parquet"]


def test_a_dangling_link_is_named_as_one(tmp_path, release_dir):
    link = release_dir / "data" / "train-00001-of-00002.parquet"
    link.unlink()
    link.symlink_to(tmp_path / "gone.parquet")
    for given in ([release_dir], [link]):
        with pytest.raises(ReleaseError, match="dangling link to .*gone.parquet") as info:
            open_release(given, SCHEMA, ["sex"])
        assert info.value.file == str(link)


def test_two_release_folders_are_refused_not_merged(tmp_path, small_table, capsys):
    for version in ("v1", "v2"):
        write(tmp_path / version / "data" / "train-00000-of-00001.parquet",
              small_table.slice(0, 100))
    with pytest.raises(ReleaseError, match="iaf audits one release per run"):
        open_release([tmp_path / "v1", tmp_path / "v2"], SCHEMA, ["sex"])
    assert main(["audit", str(tmp_path / "v1"), str(tmp_path / "v2"), "--quiet"]) == 2
    assert "one release per run" in capsys.readouterr().err


def test_shard_indices_repeated_across_folders_are_refused(tmp_path, small_table):
    files = [write(tmp_path / version / "data" / "train-00000-of-00001.parquet",
                   small_table.slice(i * 100, 100)) for i, version in enumerate(("v1", "v2"))]
    with pytest.raises(ReleaseError, match="Shard 0 of train-.*given 2 times") as info:
        open_release(files, SCHEMA, ["sex"])
    assert "v1" in str(info.value) and "v2" in str(info.value)


def test_shard_sets_in_hive_partitions_are_each_complete(tmp_path, small_table):
    for county in ("1", "2"):
        for i in range(2):
            write(tmp_path / "pop" / f"county={county}" / f"train-{i:05d}-of-00002.parquet",
                  small_table.slice(i * 10, 10))
    assert len(names([tmp_path / "pop"])) == 4
    os.remove(tmp_path / "pop" / "county=2" / "train-00001-of-00002.parquet")
    with pytest.raises(ReleaseError, match="1 of 2 shards missing"):
        open_release([tmp_path / "pop"], SCHEMA, ["sex"])


@pytest.mark.parametrize("stray", ["extra.parquet", "sub/extra.parquet", "copy.parquet"])
def test_a_parquet_file_beside_the_splits_shards_is_refused_not_skipped(tmp_path, small_table,
                                                                        stray):
    """extra.parquet beside train-00000-of-00001.parquet was left out unsaid: 100 rows not
    read, exit 0 (a stranger's review). Another split's shards (India's three) are not
    strays."""
    data = tmp_path / "rel" / "data"
    write(data / "train-00000-of-00001.parquet", small_table.slice(0, 20))
    write(data / "hi_Deva_IN-00000-of-00001.parquet", small_table.slice(20, 10))
    assert names([tmp_path / "rel"]) == ["data/train-00000-of-00001.parquet"]
    write(data / stray, small_table.slice(0, 20))
    with pytest.raises(ReleaseError, match="no split's shard: part of the release") as info:
        names([tmp_path / "rel"])
    assert info.value.file == str(data / stray)


def test_a_shard_index_past_its_sets_count_is_refused(tmp_path, small_table):
    data = tmp_path / "rel" / "data"
    write(data / "train-00000-of-00001.parquet", small_table.slice(0, 20))
    write(data / "train-00005-of-00001.parquet", small_table.slice(20, 10))
    with pytest.raises(ReleaseError, match="Shard 5 of a set of 1: its index is past") as info:
        names([tmp_path / "rel"])
    assert info.value.file.endswith("train-00005-of-00001.parquet")


def test_a_pipe_named_like_a_shard_is_refused_not_waited_on(tmp_path):
    """`mkfifo f.parquet; iaf audit f.parquet` waited in open() for ever, deaf to SIGTERM."""
    fifo = tmp_path / "f.parquet"
    os.mkfifo(fifo)
    with pytest.raises(ReleaseError, match="Not a regular file") as info:
        names([fifo])
    assert info.value.file == str(fifo)


def test_a_pipe_in_a_folder_or_a_glob_is_refused_too(tmp_path, small_table):
    data = tmp_path / "rel" / "data"
    write(data / "train-00000-of-00002.parquet", small_table.slice(0, 20))
    os.mkfifo(data / "train-00001-of-00002.parquet")
    for given in ([tmp_path / "rel"], [str(data / "*.parquet")]):
        with pytest.raises(ReleaseError, match="Not a regular file") as info:
            names(given)
        assert info.value.file == str(data / "train-00001-of-00002.parquet")
