"""Bad input: every unusable release stops with a ReleaseError naming file, column and values,
and `iaf audit` exits 2. Nothing is dropped or coerced."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from iaf.cli import main
from iaf.errors import ReleaseError
from iaf.release import open_release
from iaf.runner import audit
from tests.helpers import SHIPPED, write

SCHEMA = SHIPPED.locale("ko_KR").schema


def replace(table: pa.Table, name: str, array: pa.Array) -> pa.Table:
    return table.set_column(table.schema.get_field_index(name), name, array)


def with_values(table: pa.Table, name: str, values: dict[int, object]) -> pa.Table:
    column = table.column(name).to_pylist()
    for i, v in values.items():
        column[i] = v
    return replace(table, name, pa.array(column, type=table.schema.field(name).type))


def case_missing(tmp: Path, table: pa.Table) -> list[Path]:
    return [tmp / "nowhere"]


def case_empty_folder(tmp: Path, table: pa.Table) -> list[Path]:
    (tmp / "empty").mkdir()
    return [tmp / "empty"]


def case_not_parquet(tmp: Path, table: pa.Table) -> list[Path]:
    path = tmp / "notes.parquet"
    path.write_text("not a parquet file", encoding="utf-8")
    return [path]


def case_corrupt(tmp: Path, table: pa.Table) -> list[Path]:
    path = write(tmp / "whole.parquet", table)
    cut = tmp / "cut.parquet"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return [cut]


def case_no_rows(tmp: Path, table: pa.Table) -> list[Path]:
    return [write(tmp / "empty.parquet", table.slice(0, 0))]


def case_missing_column(tmp: Path, table: pa.Table) -> list[Path]:
    return [write(tmp / "x.parquet", table.drop_columns(["occupation"]))]


def case_wrong_dtype(tmp: Path, table: pa.Table) -> list[Path]:
    return [write(tmp / "x.parquet", replace(table, "age", pc.cast(table["age"], pa.float64())))]


def case_different_schemas(tmp: Path, table: pa.Table) -> list[Path]:
    a = write(tmp / "data" / "train-00000-of-00002.parquet", table.slice(0, 100))
    write(tmp / "data" / "train-00001-of-00002.parquet",
          table.slice(100, 100).drop_columns(["persona"]))
    return [a.parent.parent]


def case_nulls(tmp: Path, table: pa.Table) -> list[Path]:
    return [write(tmp / "x.parquet", with_values(table, "sex", {3: None, 9: None}))]


def case_unknown_values(tmp: Path, table: pa.Table) -> list[Path]:
    values = {i: "우주비행사" for i in range(30)} | {i: "xyz" for i in range(30, 35)}
    return [write(tmp / "x.parquet", with_values(table, "occupation", values))]


def case_age_out_of_range(tmp: Path, table: pa.Table) -> list[Path]:
    return [write(tmp / "x.parquet", with_values(table, "age", {0: 15, 1: 15, 2: 120}))]


CASES = {
    # case: (builder, words the message must contain, column named, values named)
    "missing path": (case_missing, "does not exist", None, ()),
    "empty folder": (case_empty_folder, "No parquet files", None, ()),
    "not parquet": (case_not_parquet, "Not a readable parquet", None, ()),
    "corrupt parquet": (case_corrupt, "Not a readable parquet", None, ()),
    "no rows": (case_no_rows, "no rows", None, ()),
    "missing column": (case_missing_column, "Required column missing", "occupation", ()),
    "wrong dtype": (case_wrong_dtype, "dtype double, expected integer", "age", ()),
    "different shard schemas": (case_different_schemas, "different schemas", "persona", ()),
    "nulls": (case_nulls, "2 null values", "sex", ("<null>",)),
    "unknown values": (case_unknown_values, "35 rows have values outside the declared value set",
                       "occupation", ("우주비행사", "xyz")),
    "age out of range": (case_age_out_of_range, "3 rows have values outside the range 19-99",
                         "age", ("15", "120")),
}


@pytest.mark.parametrize("name", CASES)
def test_unusable_release_is_a_clear_error(name, tmp_path, small_table):
    build, words, column, values = CASES[name]
    paths = build(tmp_path, small_table)
    with pytest.raises(ReleaseError) as info:
        audit(paths, "ko_KR")
    error = info.value
    assert words in str(error)
    assert error.file  # every error names a file or folder
    assert error.column == column
    assert [v for v, _ in error.values] == list(values)


def test_offenders_are_counted_most_common_first(tmp_path, small_table):
    paths = case_unknown_values(tmp_path, small_table)
    with pytest.raises(ReleaseError) as info:
        audit(paths, "ko_KR")
    assert info.value.values == (("우주비행사", 30), ("xyz", 5))
    assert "'우주비행사' (30 rows)" in str(info.value)


@pytest.mark.parametrize("name", ["missing path", "unknown values", "wrong dtype"])
def test_cli_exits_2_and_names_the_problem(name, tmp_path, small_table, capsys):
    build, words, column, _ = CASES[name]
    paths = build(tmp_path, small_table)
    assert main(["audit", *map(str, paths), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert words in err and (column is None or column in err)


def test_folder_in_hugging_face_layout(release_dir):
    release = open_release([release_dir], SCHEMA, ["sex", "age"])
    assert [f.name for f in release.files] == ["data/train-00000-of-00002.parquet",
                                               "data/train-00001-of-00002.parquet"]
    assert release.rows == 20_000


def test_several_files_and_a_single_file(release_dir):
    files = sorted((release_dir / "data").glob("*.parquet"))
    schema = SCHEMA
    assert open_release(files, schema, ["sex"]).rows == 20_000
    assert open_release(files[:1], schema, ["sex"], allow_partial=True).rows == 10_000


def test_a_missing_shard_is_an_error_naming_it(release_dir, capsys):
    (release_dir / "data" / "train-00001-of-00002.parquet").unlink()
    with pytest.raises(ReleaseError, match=r"1 of 2 shards missing \(train-00001-of-00002"):
        audit([release_dir], "ko_KR")
    assert main(["audit", str(release_dir), "--quiet"]) == 2
    assert f"file: {release_dir / 'data'}\n" in capsys.readouterr().err  # the set's folder
    assert main(["audit", str(release_dir), "--quiet", "--allow-partial",
                 "--footprint", "marginal_sex"]) == 0
    # diff's --allow-partial is the same (a partial baseline report is --allow-partial-baseline)
    assert main(["diff", str(release_dir), str(release_dir)]) == 2
    assert main(["diff", str(release_dir), str(release_dir), "--allow-partial"]) == 0


def test_a_browser_copy_of_a_shard_is_an_error(release_dir):
    data = release_dir / "data"
    (data / "train-00001-of-00002 (1).parquet").write_bytes(
        (data / "train-00001-of-00002.parquet").read_bytes())
    with pytest.raises(ReleaseError, match="a browser's copy") as info:
        audit([release_dir], "ko_KR")
    assert info.value.file.endswith("train-00001-of-00002 (1).parquet")


def test_the_same_folder_twice_is_an_error(release_dir):
    with pytest.raises(ReleaseError, match="given twice"):
        audit([release_dir, release_dir], "ko_KR")


def test_byte_identical_files_are_an_error(tmp_path, small_table):
    one = write(tmp_path / "a.parquet", small_table.slice(0, 500))
    two = tmp_path / "b.parquet"
    two.write_bytes(one.read_bytes())
    with pytest.raises(ReleaseError, match="byte-identical") as info:
        audit([one, two], "ko_KR", ["marginal_sex"])
    # whole paths: every file of a release may be named part-0.parquet, in its own folder
    assert info.value.file == str(two) and f"the other is {one})" in str(info.value)


def test_every_bad_column_is_listed_in_one_error(tmp_path, small_table):
    bad = with_values(small_table, "sex", {0: "X"})
    bad = with_values(bad, "occupation", {1: "우주비행사"})
    bad = with_values(bad, "age", {2: 150})
    with pytest.raises(ReleaseError) as info:
        audit([write(tmp_path / "x.parquet", bad)], "ko_KR")
    assert {p.column for p in info.value.problems} == {"sex", "occupation", "age"}
    assert str(info.value).startswith("3 problems in the release")


def test_other_splits_in_the_folder_are_left_out(release_dir, small_table):
    write(release_dir / "data" / "validation-00000-of-00001.parquet", small_table.slice(0, 10))
    assert open_release([release_dir], SCHEMA, ["sex"]).rows == 20_000


def test_a_hugging_face_snapshot_records_its_revision(release_dir):
    metadata = release_dir / ".cache" / "huggingface" / "download" / "data"
    metadata.mkdir(parents=True)
    for shard in ("train-00000-of-00002.parquet", "train-00001-of-00002.parquet"):
        (metadata / f"{shard}.metadata").write_text("0123abcd\netag\n1700000000\n",
                                                    encoding="utf-8")
    assert open_release([release_dir], SCHEMA, ["sex"]).revision == "0123abcd"


def test_a_snapshot_of_another_revision_says_so(release_dir):
    metadata = release_dir / ".cache" / "huggingface" / "download" / "data"
    metadata.mkdir(parents=True)
    for shard in ("train-00000-of-00002.parquet", "train-00001-of-00002.parquet"):
        (metadata / f"{shard}.metadata").write_text("0123abcd\n", encoding="utf-8")
    result = audit([release_dir], "ko_KR", ["marginal_sex"])
    assert "revision 0123abcd" in result.revision_note
    assert "commit is not recorded" in result.revision_note  # the shipped schema knows v1.0 only
    assert SCHEMA.revision.startswith("v1.0 (2026-04-20)")
    known = dataclasses.replace(SCHEMA, commit="0123abcd")
    assert known.revision_note("0123abcd") == ""
    assert "not 0123abcd" in known.revision_note("ffff0000")
    assert SCHEMA.revision_note("") == ""  # a plain folder: nothing to compare


def test_an_in_memory_table_is_refused_as_files_are():
    """audit_table skipped the files' checks: a missing column crashed in pyarrow, string ages
    were audited, float ages truncated, an empty table audited, an integer uuid taken."""
    from iaf.runner import audit_table  # noqa: PLC0415
    from tests.helpers import generated  # noqa: PLC0415

    table = generated(2_000, 1, "faithful")
    ages = table.column("age")
    cases = [(table.drop_columns(["occupation"]), "Required column missing", "occupation"),
             (replace(table, "age", pc.cast(ages, pa.string())), "expected integer", "age"),
             (replace(table, "age", pc.add(pc.cast(ages, pa.float64()), 0.9)),
              "Column has dtype double, expected integer", "age"),
             (replace(table, "uuid", pa.array(range(2_000))), "expected string", "uuid"),
             (table.slice(0, 0), "The release has no rows", None),
             (table.append_column("sex", table.column("sex")), "A column name given twice",
              "sex")]
    for bad, message, column in cases:
        with pytest.raises(ReleaseError) as info:
            audit_table(bad, "ko_KR")
        assert message in str(info.value) and info.value.column == column, message
    frame = table.to_pandas()
    with pytest.raises(ReleaseError, match="given twice"):
        audit_table(frame[["sex", *frame.columns]], "ko_KR")
    with pytest.raises(ReleaseError) as info:  # pyarrow's own words, and the column named
        audit_table(frame.assign(sex=[1, *frame["sex"][1:]]), "ko_KR")
    assert info.value.column == "sex"


def test_copies_are_not_looked_for_without_an_id_and_the_reason_names_what_is_missing():
    from iaf.runner import audit_table  # noqa: PLC0415
    from tests.helpers import generated  # noqa: PLC0415

    result = audit_table(generated(2_000, 1, "faithful").drop_columns(["uuid"]), "ko_KR",
                         ["identity"])
    reason = result.records[0].reason
    assert reason.startswith("the table lacks uuid (demographic columns only?): copies"), reason


def test_one_path_or_footprint_given_alone_is_not_split_into_characters(tmp_path):
    """iaf.audit("rel/") read seven paths, "r", "e", "l", ...; footprints="occupation_x_sex"
    was eighteen unknown footprints."""
    from tests.helpers import generated  # noqa: PLC0415

    write(tmp_path / "data" / "train-00000-of-00001.parquet", generated(2_000, 1, "faithful"))
    result = audit(str(tmp_path), "ko_KR", "marginal_sex")
    assert [r.footprint.id for r in result.records] == ["marginal_sex"]
    assert audit(tmp_path, "ko_KR", ["marginal_sex"]).records[0].verdict == \
        result.records[0].verdict


def test_the_python_api_names_the_locale_that_fits(tmp_path):
    """Only the command line said which --locale fits a release's columns; iaf.audit's and
    pytest's errors had no hint."""
    from tests.helpers import generated  # noqa: PLC0415

    write(tmp_path / "data" / "train-00000-of-00001.parquet", generated(2_000, 1, "faithful"))
    with pytest.raises(ReleaseError) as info:
        audit(tmp_path, "en_US")
    assert "every column of ko_KR: give --locale ko_KR? (the audit ran as en_US)" in \
        info.value.hint


def test_a_renamed_column_is_named_with_the_footprints_that_read_the_missing_one(tmp_path):
    """`sex` renamed `gender` said only "Required column missing ... column: sex" (a stranger's
    review): the hint names the unknown column and the chosen footprints that read `sex`, to
    leave out with --exclude."""
    from tests.helpers import generated  # noqa: PLC0415

    table = generated(2_000, 1, "faithful")
    table = table.rename_columns(["gender" if c == "sex" else c for c in table.column_names])
    write(tmp_path / "data" / "train-00000-of-00001.parquet", table)
    with pytest.raises(ReleaseError) as info:
        audit(tmp_path, "ko_KR", ["occupation_x_sex", "marginal_age", "military_x_age"])
    hint = info.value.hint
    assert "columns the ko_KR schema does not name (gender): renamed?" in hint
    assert "Footprints reading sex: occupation_x_sex, military_x_age (leave them out: " \
        "--exclude on the command line, footprints= in Python, -k under pytest)" in hint


def test_a_new_category_names_the_option_that_admits_it(tmp_path, small_table):
    paths = case_unknown_values(tmp_path, small_table)
    with pytest.raises(ReleaseError) as info:
        audit(paths, "ko_KR")
    assert "--allow-new-values" in info.value.hint
    ages = case_age_out_of_range(tmp_path / "ages", small_table)
    with pytest.raises(ReleaseError) as info:
        audit(ages, "ko_KR")
    assert not info.value.hint  # an age out of range is no new category


def test_a_null_id_is_refused_not_counted_as_a_repeat(tmp_path):
    """Three null uuids were hashed alike and the identity check failed with "uuid: row 1
    repeats row 0" (a stranger's review): a null is no id, refused as in any column."""
    from tests.helpers import generated  # noqa: PLC0415

    table = generated(2_000, 1, "faithful")
    uuids = table.column("uuid").to_pylist()
    uuids[:3] = [None] * 3
    table = table.set_column(table.schema.get_field_index("uuid"), "uuid", pa.array(uuids))
    path = write(tmp_path / "data" / "train-00000-of-00001.parquet", table)
    with pytest.raises(ReleaseError) as info:
        audit(tmp_path, "ko_KR", ["identity"])
    assert "3 null values in a required column" in str(info.value)
    assert info.value.column == "uuid" and info.value.file == str(path)


def test_a_column_the_file_names_twice_is_said_so_not_missing(tmp_path, small_table, capsys):
    """A file with two `sex` columns was refused as "Required column missing", and `iaf init`
    declared one `sex` of the two (a hostile-input review)."""
    twice = small_table.append_column("sex", small_table.column("sex"))
    path = write(tmp_path / "data" / "train-00000-of-00001.parquet", twice)
    with pytest.raises(ReleaseError) as info:
        audit(tmp_path, "ko_KR", ["marginal_sex"])
    assert "A column name given twice" in str(info.value) and info.value.column == "sex"
    assert info.value.file == str(path)
    assert main(["init", str(tmp_path), str(tmp_path / "cat"), "--locale", "xx_YY"]) == 2
    assert "A column name given twice" in capsys.readouterr().err


def test_an_unsigned_age_past_int64_is_named_as_written(tmp_path, small_table):
    """An age of 2**64 - 1 stored as uint64 was named '-1' (cast before it was compared)."""
    ages = small_table.column("age").to_numpy().astype(np.uint64)
    ages[0] = np.uint64(2**64 - 1)
    table = small_table.set_column(small_table.schema.get_field_index("age"), "age",
                                   pa.array(ages))
    write(tmp_path / "x.parquet", table)
    with pytest.raises(ReleaseError) as info:
        audit([tmp_path / "x.parquet"], "ko_KR", ["marginal_age"])
    assert info.value.values == ((str(2**64 - 1), 1),)


def test_no_locale_is_the_catalogues_default_and_one_that_is_no_name_a_usage_error(
        small_table, tmp_path):
    """`iaf.audit_table(frame, None)` raised a bare TypeError from a path join; iaf.audit
    took ko_KR by default where the command line takes a one-locale catalogue's locale."""
    from iaf.catalogue import Catalogue  # noqa: PLC0415
    from iaf.errors import UsageError  # noqa: PLC0415
    from iaf.runner import audit_table  # noqa: PLC0415

    assert audit_table(small_table, None, "marginal_sex").records[0].footprint.locale == "ko_KR"
    with pytest.raises(UsageError, match="A locale is a name such as de_DE, not 7"):
        audit_table(small_table, 7)  # type: ignore[arg-type]
    assert main(["simulate", str(tmp_path / "rel"), "--rows", "2000"]) == 0
    assert main(["init", str(tmp_path / "rel"), str(tmp_path / "cat"), "--locale",
                 "gb_county"]) == 0
    result = audit(tmp_path / "rel", catalogue=Catalogue(tmp_path / "cat"))
    assert {r.footprint.locale for r in result.records} == {"gb_county"}


def test_a_path_that_is_not_utf8_is_refused_in_a_sentence(tmp_path, capsys):
    """A byte no encoding gave (rel\\xe9ase) ended the audit with exit 70 and left report.json
    saying running beside a stray temporary page (an environment review): pyarrow needs
    UTF-8 paths, so it is refused, and the report says so."""
    assert main(["simulate", str(tmp_path / "made"), "--rows", "300"]) == 0
    odd = tmp_path / os.fsdecode(b"rel\xe9ase")
    os.rename(tmp_path / "made", odd)
    assert main(["audit", str(odd), "--report", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert "not valid UTF-8" in err and "rel\\xe9ase" in err
    report = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    assert report["status"] == "error"
    assert report["error"]["release"] == [str(tmp_path / "rel\\xe9ase")]  # as a terminal shows it
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == ["report.html", "report.json"]


def test_a_catalogue_path_that_is_not_utf8_is_written_escaped_in_a_complete_report(tmp_path):
    """A code review: `--catalogue cat\\xe9 --report out` ended with exit 70 (surrogates not
    allowed) once the run was complete: run id and checksums encode the document strictly."""
    odd = tmp_path / os.fsdecode(b"cat\xe9")
    assert main(["catalogue", "export", str(odd), "--locale", "ko_KR"]) == 0
    assert main(["audit", "--catalogue", str(odd), "--footprint", "marginal_age", "--report",
                 str(tmp_path / "r"), "--quiet"]) == 0
    report = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    assert report["status"] == "complete"
    assert report["releases"][0]["catalogue"] == str(tmp_path / "cat\\xe9")

