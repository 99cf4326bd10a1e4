"""Hashing a release's files in a child process: the digests are sha256's, a child that exits
early is replaced by hashing here, and one that is stopped or hangs ends the audit with an
error naming the file within a bounded time (it used to wait forever); a file hashed before and
unchanged since is not read again, one changed just before its hashing is not remembered."""

from __future__ import annotations

import hashlib
import os
import signal
import time

import pytest

from iaf import checksums
from iaf.checksums import Hashing, sha256_file
from iaf.errors import ReleaseError


@pytest.fixture
def files(tmp_path):
    paths = []
    for i in range(3):
        path = tmp_path / f"part-{i}.parquet"
        path.write_bytes(os.urandom(1000 + i))
        paths.append(path)
    return paths


def expected(paths):
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]


def test_the_child_gives_each_file_s_sha256(files):
    with Hashing(files) as hashing:
        assert hashing.result() == expected(files)
    assert sha256_file(files[0]) == expected(files)[0]


@pytest.mark.parametrize("child", ["import sys; sys.exit(3)",
                                   "import hashlib, sys\n"
                                   "print(hashlib.sha256(open(sys.argv[1], 'rb').read())"
                                   ".hexdigest(), flush=True); sys.exit(1)"])
def test_a_child_that_ends_early_is_replaced_by_hashing_here(files, monkeypatch, child):
    monkeypatch.setattr(checksums, "_CHILD", child)
    with Hashing(files) as hashing:
        assert hashing.result() == expected(files)


def test_a_stopped_child_ends_the_audit_naming_the_file(files, monkeypatch):
    monkeypatch.setattr(checksums, "_CHILD", "import time; time.sleep(60)")
    with Hashing(files) as hashing:
        os.kill(hashing.child.pid, signal.SIGSTOP)
        start = time.monotonic()
        with pytest.raises(ReleaseError, match="was stopped") as info:
            hashing.result()
    assert time.monotonic() - start < 5
    assert info.value.file == str(files[0])
    assert hashing.child.returncode is not None  # killed, not left behind


def test_a_hanging_child_ends_the_audit_within_its_allowance(files, monkeypatch):
    monkeypatch.setattr(checksums, "_CHILD", "import time; time.sleep(60)")
    monkeypatch.setattr(checksums, "STALL", 0.5)
    with Hashing(files) as hashing:
        start = time.monotonic()
        with pytest.raises(ReleaseError, match="made no progress within 1 s"):
            hashing.result()
    assert time.monotonic() - start < 5
    assert hashing.child.returncode is not None


def test_a_file_hashed_before_and_unchanged_is_not_read_again(files, monkeypatch, tmp_path):
    monkeypatch.setenv("IAF_CACHE_DIR", str(tmp_path / "cache"))
    time.sleep(checksums.RACY + 0.1)  # the change time too must be older than the hashing
    with Hashing(files) as hashing:
        assert hashing.result() == expected(files)
    monkeypatch.setattr(checksums, "_CHILD", "import sys; sys.exit(3)")  # hashes nothing
    monkeypatch.setattr(checksums, "sha256_file", _unread)  # nor may this process
    with Hashing(files) as hashing:
        assert hashing.pending == [] and hashing.result() == expected(files)
    files[1].write_bytes(b"changed")  # new contents: a new change time, hashed again
    with Hashing(files) as hashing:
        assert hashing.pending == [files[1]]


def test_a_damaged_kept_digest_is_hashed_again(files, monkeypatch, tmp_path):
    """The same plausible digest written into every kept entry was trusted: the audit
    refused the release, "two files are byte-identical" (an environment review)."""
    monkeypatch.setenv("IAF_CACHE_DIR", str(tmp_path / "cache"))
    time.sleep(checksums.RACY + 0.1)
    with Hashing(files) as hashing:
        hashing.result()
    kept = sorted((tmp_path / "cache" / "sha256").iterdir())
    assert len(kept) == len(files)
    for entry in kept:
        entry.write_text("0" * 64, encoding="ascii")
    with Hashing(files) as hashing:
        assert hashing.pending == list(files) and hashing.result() == expected(files)


def _unread(path):
    raise AssertionError(f"{path} was read again")


def test_a_file_changed_just_before_its_hashing_is_not_kept(files, monkeypatch, tmp_path):
    monkeypatch.setenv("IAF_CACHE_DIR", str(tmp_path / "cache"))
    for path in files:  # an old modification time, but the change time is now
        os.utime(path, (time.time() - 60, time.time() - 60))
    with Hashing(files) as hashing:
        hashing.result()
    assert not (tmp_path / "cache").exists()
