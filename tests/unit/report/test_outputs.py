"""Report outputs: unusable paths stop the run before the scan (exit 2, no traceback), writes
are atomic, and a run that ends on an error leaves no stale verdicts behind."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from iaf.cli import main
from iaf.errors import OutputError
from iaf.report.outputs import (
    TRACEBACK,
    TRACEBACK_HEAD,
    ReportFolder,
    write_atomic,
    written_by_iaf,
)

REPORTS = Path(__file__).parents[2] / "fixtures" / "reports"


def test_a_report_path_that_is_a_file_exits_2_before_the_scan(tmp_path, capsys):
    target = tmp_path / "taken"
    target.write_text("something", encoding="utf-8")
    assert main(["audit", "nowhere", "--report", str(target)]) == 2
    err = capsys.readouterr().err
    assert "a report needs a folder" in err and "Traceback" not in err
    assert main(["gate", "nowhere", "--locale", "ko_KR", "--out", str(target)]) == 2
    assert "a report needs a folder" in capsys.readouterr().err  # gate's option is --out


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_exits_2(tmp_path):
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="cannot write"):
            ReportFolder(tmp_path / "out")
    finally:
        tmp_path.chmod(0o700)


def test_a_read_only_mount_with_no_old_report_is_not_said_to_hold_one(tmp_path, monkeypatch):
    """A read-only mount refuses to unlink even a file that is not there (EROFS): the message
    said "cannot replace an old report" of a report that never existed."""
    import errno  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    def refused(self: Path, missing_ok: bool = False) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))

    monkeypatch.setattr(Path, "unlink", refused)
    with pytest.raises(OutputError) as info:
        ReportFolder(tmp_path / "out")
    assert "cannot write here" in str(info.value) and "old report" not in str(info.value)


def test_an_unwritable_location_exits_2(capsys):
    assert main(["audit", "--quiet", "--report", "/proc/iaf-report"]) == 2
    assert "cannot write here" in capsys.readouterr().err


def test_a_missing_folder_is_created_and_marked_running(tmp_path):
    folder = ReportFolder(tmp_path / "a" / "b")
    main = tmp_path / "a" / "b" / "report.json"
    assert json.loads(main.read_text(encoding="utf-8"))["status"] == "running"
    folder.write({"status": "complete"}, {"report.md": lambda d: "md\n",
                                         "report.html": lambda d: f"run {d['run']}\n"})
    written = json.loads(main.read_text(encoding="utf-8"))
    assert written["status"] == "complete"
    assert written["files"]["report.md"] == hashlib.sha256(b"md\n").hexdigest()
    page = (tmp_path / "a" / "b" / "report.html").read_text(encoding="utf-8")
    assert page == f"run {written['run']}\n"  # every file of the set names the run
    assert not list((tmp_path / "a" / "b").glob(".*"))  # no probe or temporary left


def test_a_write_replaces_the_file_whole(tmp_path, monkeypatch):
    path = tmp_path / "report.json"
    write_atomic(path, "old\n")
    monkeypatch.setattr("os.replace", lambda *a: (_ for _ in ()).throw(OSError(28, "No space")))
    with pytest.raises(OutputError, match="No space"):
        write_atomic(path, "new\n")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_a_run_that_stops_on_bad_input_leaves_an_error_report(tmp_path, capsys):
    report = tmp_path / "out"
    assert main(["audit", "--quiet", "--footprint", "marginal_sex", "--report",
                 str(report)]) == 0
    assert (report / "report.md").exists()
    assert main(["audit", str(tmp_path / "missing"), "--report", str(report)]) == 2
    document = json.loads((report / "report.json").read_text(encoding="utf-8"))
    assert document["status"] == "error" and document["error"]["exit_code"] == 2
    assert "does not exist" in document["error"]["message"]
    assert not (report / "report.md").exists()
    page = (report / "report.html").read_text(encoding="utf-8")  # the old verdicts are gone
    assert "does not exist" in page and "marginal_sex" not in page


def test_a_complete_report_says_so(tmp_path):
    main(["audit", "--quiet", "--footprint", "marginal_sex", "--report", str(tmp_path)])
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["status"] == \
        "complete"


def test_simulate_refuses_a_folder_with_shards_unless_overwrite(tmp_path, capsys):
    args = ["simulate", str(tmp_path), "--rows", "100", "--shards", "2"]
    assert main(args) == 0
    assert main([*args[:-1], "3"]) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert main([*args[:-1], "3", "--overwrite"]) == 0
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == [
        f"train-0000{i}-of-00003.parquet" for i in range(3)]



def test_a_stopped_run_whose_page_cannot_be_drawn_still_says_why(tmp_path):
    # a signal in the middle of numpy's import leaves it impossible to import again in that
    # process, and the page imports matplotlib: a SIGTERM test exited 70 on it
    def page(document):
        raise ImportError("cannot load module more than once per process")

    folder = ReportFolder(tmp_path)
    folder.stop("interrupted", {"message": "SIGTERM <now>", "exit_code": 143}, page)
    assert json.loads((tmp_path / "report.json").read_text("utf-8"))["status"] == "interrupted"
    assert "iaf: interrupted: SIGTERM &lt;now&gt;" in (tmp_path / "report.html").read_text("utf-8")


def test_a_stopped_gate_with_a_baseline_says_why_in_report_html(tmp_path):
    # the gate's set is report.* then diff.*: the stopped run's page is report.html, the one
    # a reader of the CI artefact opens, and no diff.html is left
    folder = ReportFolder(tmp_path, "report.json",
                          ("report.md", "report.html", "diff.json", "diff.md", "diff.html"))
    folder.stop("error", {"message": "a new value", "exit_code": 2}, lambda d: "<p>stopped</p>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.json"]


EARLIER = {".json": '{"iaf_version": "0.1.0", "footprints": []}',  # 0.1 wrote no status
           ".md": "# iaf audit\n\nan earlier run", ".html": "<html><title>iaf audit</title>",
           ".txt": "Traceback (most recent call last):\n  ..."}  # before the head line


def earlier_run(folder, names=("report.json", "report.md", "report.html", "diff.json",
                               "diff.md", "diff.html", TRACEBACK)):
    """Files as an earlier run of iaf leaves them (each begins as iaf's do)."""
    for name in names:
        (folder / name).write_text(EARLIER[os.path.splitext(name)[1]], encoding="utf-8")


def test_a_folder_holds_one_runs_set_whichever_command_wrote_the_last(tmp_path):
    """An audit into a gate's folder left the gate's diff.* beside its report; a diff into it
    left report.json naming checksums of another run's diff."""
    earlier_run(tmp_path)
    ReportFolder(tmp_path)  # an audit's
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]
    earlier_run(tmp_path)
    ReportFolder(tmp_path, "diff.json", ("diff.md", "diff.html"))  # a diff's
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diff.json"]


@pytest.mark.parametrize("name, text", [
    ("report.md", "# my notes"), ("report.html", "<h1>mine</h1>"), ("diff.json", '"mine"'),
    ("report.json", '{"status": "mine"}'), (TRACEBACK, "my notes on a crash")])
def test_a_file_of_iaf_s_name_that_iaf_did_not_write_is_refused_and_kept(tmp_path, capsys,
                                                                          name, text):
    """`iaf audit /nonexistent --report .` deleted the user's report.md and put an error page
    in place of their report.html; `--report user` deleted their diff.json (a stranger's
    review): only a file iaf wrote is replaced."""
    earlier_run(tmp_path, [n for n in ("report.json", "report.html") if n != name])
    (tmp_path / name).write_text(text, encoding="utf-8")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert main(["audit", "nowhere", "--report", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"{name} here is not iaf's" in err and "Traceback (most" not in err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@pytest.mark.parametrize("command, option", [("gate", "--out"), ("diff", "--report")])
def test_a_folder_holding_the_baseline_report_is_refused_and_left_as_it_was(
        tmp_path, capsys, command, option):
    """`iaf gate new/ --baseline published/report.json --out published` marked the folder
    running first, then refused its own baseline ("status is 'running'"): the one report the
    docs say to keep was gone (a stranger's review)."""
    published = tmp_path / "published"
    published.mkdir()
    for name in ("report.json", "report.md", "report.html"):
        (published / name).write_text(f"the last version's {name}", encoding="utf-8")
    baseline = str(published / "report.json")
    args = (["gate", "nowhere", "--baseline", baseline] if command == "gate"
            else ["diff", baseline, "nowhere"])
    assert main([*args, option, str(published / ".")]) == 2
    err = capsys.readouterr().err
    assert "holds the baseline report" in err and option in err and "Traceback" not in err
    for name in ("report.json", "report.md", "report.html"):
        assert (published / name).read_text(encoding="utf-8") == f"the last version's {name}"
    assert sorted(p.name for p in published.iterdir()) == ["report.html", "report.json",
                                                           "report.md"]


def test_a_baseline_elsewhere_or_of_another_name_is_no_reason_to_refuse(tmp_path):
    (tmp_path / "kept.json").write_text("{}", encoding="utf-8")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "report.json").write_text("{}", encoding="utf-8")
    ReportFolder(tmp_path, reads=tmp_path / "kept.json")  # not a file a run writes
    ReportFolder(tmp_path, reads=tmp_path / "old" / "report.json")
    assert (tmp_path / "kept.json").exists() and (tmp_path / "old" / "report.json").exists()


@pytest.mark.parametrize("args, said", [
    (["audit", "--report", ""], "an empty path"), (["gate", "rel", "--out", ""], "an empty path"),
    (["audit", ""], "an empty path"), (["audit", "--catalogue", " "], "an empty path"),
    (["audit", "--locale", ""], "an empty locale"),  # an IndexError, exit 70
    (["gate", "rel", "--locale", " ", "--out", "o"], "an empty locale")])  # the baseline's
def test_an_empty_path_or_locale_is_refused_not_read_as_a_default(args, said, capsys):
    """`--report ''` (a CI variable not set) wrote the report into the current folder."""
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    assert f"{said} (a variable that was not set?)" in capsys.readouterr().err


def test_a_stopped_gate_names_its_baseline_and_where_its_locale_would_come_from(tmp_path):
    """The error report said "locale: the catalogue's locale" where a gate takes the baseline
    report's, and did not name the baseline (a stranger's review)."""
    out = tmp_path / "out"
    assert main(["gate", str(tmp_path / "nowhere"), "--baseline", str(tmp_path / "b.json"),
                 "--out", str(out)]) == 2
    error = json.loads((out / "report.json").read_text(encoding="utf-8"))["error"]
    assert error["baseline"] == str(tmp_path / "b.json")
    assert error["locale"] == "not given: the baseline report's, else the catalogue's"
    assert f"baseline: {tmp_path / 'b.json'}" in (out / "report.html").read_text("utf-8")


def test_a_baseline_that_links_to_the_folders_report_is_refused_too(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "report.json").write_text("the last version's", encoding="utf-8")
    (tmp_path / "out" / "last.json").symlink_to(tmp_path / "out" / "report.json")
    with pytest.raises(OutputError, match="holds the baseline report"):
        ReportFolder(tmp_path / "out", reads=tmp_path / "out" / "last.json")
    assert (tmp_path / "out" / "report.json").read_text(encoding="utf-8") == "the last version's"


@pytest.mark.parametrize("name, text", [
    ("report.json", (REPORTS / "format1" / "report.json").read_text(encoding="utf-8")),
    ("report.json", (REPORTS / "format2" / "report.json").read_text(encoding="utf-8")),
    ("diff.json", '{"locale": "ko_KR", "changes": [], "regressed": false}'),  # iaf 0.2
    (TRACEBACK, f"{TRACEBACK_HEAD} (iaf 0.4.0)\n\nTraceback (most recent call last):"),
    (TRACEBACK, "Traceback (most recent call last):\n"),  # before iaf 0.4
    ("report.html", "<!doctype html>\n<html><head><title>iaf: error: x</title>")])
def test_every_file_iaf_writes_or_wrote_is_known_as_iaf_s(tmp_path, name, text):
    """A code review: tracebacks saved before the head line, 0.1's report.json (no status)
    and 0.2's diff.json (no iaf_version) were refused as the user's."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert written_by_iaf(tmp_path / name)
    os.symlink(tmp_path / "gone", tmp_path / "dangling.json")
    assert written_by_iaf(tmp_path / "dangling.json")  # holds nothing to lose


def test_a_second_run_writing_the_same_folder_at_once_is_refused(tmp_path):
    """Two audits into one folder at once: the last one's set won while the other said it
    wrote its reports and exited 0 (an environment review)."""
    first = ReportFolder(tmp_path)
    with pytest.raises(OutputError, match="another iaf run is writing its reports"):
        ReportFolder(tmp_path)
    first.stop("error", {"message": "stopped"}, lambda document: "<title>iaf</title>")
    ReportFolder(tmp_path)  # the first run has ended: its lock with it
