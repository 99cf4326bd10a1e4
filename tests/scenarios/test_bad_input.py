"""A battery of broken inputs (hypothesis): releases, catalogues and baseline reports broken in
every way a hostile or unlucky user finds (truncated, wrong types, nulls, deep nesting, huge
values, control characters, paths out of the folder). Every case ends with a documented exit
code and no traceback: never the internal-error code, never an exception out of ``main``. The
number of cases is the sum of the three tests' examples (HYPOTHESIS_PROFILE=ci: 3 x 60)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iaf.cli import main
from tests.helpers import TINY

EXAMPLES = int(os.environ.get("IAF_BATTERY",
                              60 if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else 15))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    derandomize=not os.environ.get("IAF_BATTERY"),
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
DOCUMENTED = {0, 1, 2, 3, 4}
DEEP: Any = 1
for _ in range(200):  # nesting deeper than any report or catalogue has
    DEEP = [DEEP]

NASTY = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.sampled_from(["\x1b]0;pwned\x07\x1b[31m", "a\nb|c```", "<img src=x onerror=1>",
                     "../../../../etc/passwd", "/etc/hostname", "x" * 200_000, "", "0",
                     "marginal\nsex", "🙂" * 50]),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(),
                                                         max_size=3),
    st.just(DEEP))


def run(args: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(args)
    return code, err.getvalue()


def assert_clean(code: int, err: str, report: Path | None = None) -> None:
    assert code in DOCUMENTED, err
    assert "Traceback" not in err and "internal error" not in err, err
    if report is not None and code >= 2:
        status = json.loads((report / "report.json").read_text(encoding="utf-8"))["status"]
        assert status == "error", status


def paths_of(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path into a JSON document (keys and indices)."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths_of(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node[:5]):
            found += paths_of(value, (*prefix, i))
    return found


def replaced(document: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return document


def xx_release(folder: Path, rows: int = 400) -> Path:
    table = pa.table({"sex": ["F", "M"] * (rows // 2), "age": [30, 50] * (rows // 2),
                      "occupation": ["builder", "nurse"] * (rows // 2),
                      "persona": ["p"] * rows})
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, folder / "train-00000-of-00001.parquet")
    return folder


# --- releases ----------------------------------------------------------------------------

def _set_column(table: pa.Table, name: str, values: list) -> pa.Table:
    index = table.schema.get_field_index(name)
    return table.set_column(index, name, pa.array(values))


def _break_values(table: pa.Table, column: str, value: Any, rows: int) -> pa.Table:
    values = table[column].to_pylist()
    for i in range(min(rows, len(values))):
        values[i] = value
    try:
        return _set_column(table, column, values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return _set_column(table, column, [str(v) for v in values])


RELEASE_BREAKS = st.one_of(
    st.tuples(st.just("values"), st.sampled_from(["sex", "age", "occupation"]), NASTY,
              st.integers(1, 400)),
    st.tuples(st.just("drop"), st.sampled_from(["sex", "age", "occupation"])),
    st.tuples(st.just("truncate"), st.integers(0, 2000)),
    st.tuples(st.just("bytes"), st.binary(max_size=300)),
    st.tuples(st.just("empty")),
    st.tuples(st.just("missing shard")),
    st.tuples(st.just("dangling link")),
    st.tuples(st.just("browser copy")),
)


def _broken_release(folder: Path, how: tuple) -> Path:
    shard = xx_release(folder) / "train-00000-of-00001.parquet"
    kind = how[0]
    if kind == "values":
        pq.write_table(_break_values(pq.read_table(shard), how[1], how[2], how[3]), shard)
    elif kind == "drop":
        pq.write_table(pq.read_table(shard).drop_columns([how[1]]), shard)
    elif kind == "truncate":
        shard.write_bytes(shard.read_bytes()[: how[1]])
    elif kind == "bytes":
        shard.write_bytes(how[1])
    elif kind == "empty":
        pq.write_table(pq.read_table(shard).slice(0, 0), shard)
    elif kind == "missing shard":
        shard.rename(folder / "train-00000-of-00002.parquet")
    elif kind == "dangling link":
        shard.unlink()
        shard.symlink_to(folder / "nowhere.parquet")
    elif kind == "browser copy":
        shutil.copy(shard, folder / "train-00000-of-00001 (1).parquet")
    return folder


@SETTINGS
@given(how=RELEASE_BREAKS)
def test_a_broken_release_gets_a_clear_error(how, tmp_path_factory):
    root = tmp_path_factory.mktemp("release")
    release = _broken_release(root / "rel", how)
    code, err = run(["audit", str(release), "--catalogue", str(TINY), "--locale", "xx_XX",
                     "--quiet", "--report", str(root / "out")])
    assert_clean(code, err, root / "out")


# --- catalogues --------------------------------------------------------------------------

CATALOGUE_FILES = sorted(str(p.relative_to(TINY)) for p in TINY.rglob("*.json"))


@SETTINGS
@given(name=st.sampled_from(CATALOGUE_FILES), choice=st.integers(0, 10_000), value=NASTY)
def test_a_broken_catalogue_gets_a_clear_error(name, choice, value, tmp_path_factory):
    root = tmp_path_factory.mktemp("catalogue")
    catalogue = Path(shutil.copytree(TINY, root / "cat"))
    path = catalogue / name
    document = json.loads(path.read_text(encoding="utf-8"))
    where = paths_of(document)
    path.write_text(json.dumps(replaced(document, where[choice % len(where)], value)),
                    encoding="utf-8")
    code, err = run(["audit", str(xx_release(root / "rel")), "--catalogue", str(catalogue),
                     "--locale", "xx_XX", "--quiet", "--report", str(root / "out")])
    assert_clean(code, err, root / "out")


# --- baselines ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("baseline")
    release = xx_release(root / "rel")
    code, err = run(["audit", str(release), "--catalogue", str(TINY), "--locale", "xx_XX",
                     "--quiet", "--report", str(root / "out")])
    assert code in (0, 1, 4), err
    return release, json.loads((root / "out" / "report.json").read_text(encoding="utf-8"))


@SETTINGS
@given(choice=st.integers(0, 100_000), value=NASTY)
def test_a_broken_baseline_report_gets_a_clear_error(choice, value, baseline,
                                                     tmp_path_factory):
    release, document = baseline
    root = tmp_path_factory.mktemp("diff")
    where = paths_of(document)
    broken = replaced(json.loads(json.dumps(document)), where[choice % len(where)], value)
    report = root / "report.json"
    report.write_text(json.dumps(broken), encoding="utf-8")
    code, err = run(["diff", str(report), str(release), "--catalogue", str(TINY), "--locale",
                     "xx_XX", "--report", str(root / "out")])
    assert code in {0, 1, 2}, err
    assert "Traceback" not in err and "internal error" not in err, err


def test_a_report_nested_beyond_the_recursion_limit_is_refused(baseline, tmp_path):
    release, _ = baseline
    report = tmp_path / "report.json"
    report.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, err = run(["diff", str(report), str(release), "--catalogue", str(TINY),
                     "--locale", "xx_XX"])
    assert code == 2 and "Not a readable iaf report" in err


@pytest.mark.parametrize("change, said", [
    (lambda d: d["footprints"][0].update(verdict="maybe"), "Not a well-formed iaf report"),
    (lambda d: d["footprints"][0]["metrics"].update(tvd=float("nan")),
     "a NaN where iaf writes a number or null"),
])
def test_a_baseline_iaf_could_not_have_written_is_refused(baseline, tmp_path, change,
                                                           said):
    """A verdict "maybe" read as the transition "maybe -> inconclusive", and a NaN metric was
    compared (a hostile-input review): exit 2, naming the file."""
    release, document = baseline
    broken = json.loads(json.dumps(document))
    change(broken)
    report = tmp_path / "report.json"
    report.write_text(json.dumps(broken), encoding="utf-8")
    code, err = run(["diff", str(report), str(release), "--catalogue", str(TINY),
                     "--locale", "xx_XX"])
    assert code == 2 and said in err and str(report) in err
