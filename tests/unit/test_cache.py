"""The simulations' cache: keyed by everything a simulation captures, stored only inside an
audit's scope, off on request, never a guess; a cached audit reports what an uncached one does."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest

from iaf import cache, noise
from iaf.paths import CACHE_OFF
from iaf.runner import audit_table
from tests.helpers import SHIPPED, demographic_table


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("IAF_CACHE_DIR", str(tmp_path))
    return tmp_path


RUNS: list[int] = []  # a global, not captured: counting runs does not change the key


def counted(value):
    """A simulation, and the list its runs are counted in."""
    RUNS.clear()

    def simulate():
        RUNS.append(1)
        return {"sd": np.float64(value)}
    return simulate, RUNS


def test_the_key_follows_every_captured_value():
    def score(table):
        return table.sum()

    def keyed(table, scale):
        return cache.key(lambda: score(table) * scale)

    table = np.arange(6).reshape(2, 3)
    assert keyed(table, 2) == keyed(table.copy(), 2)
    assert keyed(table, 2) != keyed(table, 3)
    assert keyed(table, 2) != keyed(table.reshape(3, 2), 2)
    assert keyed(table, 2) != keyed(table.astype(float), 2)
    assert keyed(table, 2) != keyed(table + np.eye(2, 3, dtype=int), 2)


def test_a_simulation_is_stored_once_and_read_back(folder):
    simulate, runs = counted(0.5)
    with cache.scope("digest"):
        first = cache.remembered(simulate)
        again = cache.remembered(simulate)
    assert first == again == {"sd": 0.5} and type(again["sd"]) is np.float64
    assert len(runs) == 1 and len(list(folder.rglob("*.pickle"))) == 1


def test_another_catalogue_is_another_entry(folder):
    simulate, runs = counted(0.5)
    for digest in ("one", "two"):
        with cache.scope(digest):
            cache.remembered(simulate)
    assert len(runs) == 2


def test_outside_an_audit_turned_off_or_uncacheable_it_is_computed(folder, monkeypatch):
    simulate, runs = counted(0.5)
    cache.remembered(simulate)  # no scope: no audit is evaluating
    opaque = object()
    with cache.scope("digest"):
        cache.remembered(lambda: (opaque, simulate()))  # captures what no key is made of
    monkeypatch.setenv("IAF_CACHE_DIR", CACHE_OFF)
    with cache.scope("digest"):
        cache.remembered(simulate)
    assert len(runs) == 3 and not list(folder.rglob("*.pickle"))


def test_an_unreadable_entry_is_drawn_again(folder):
    simulate, runs = counted(0.5)
    with cache.scope("digest"):
        cache.remembered(simulate)
        next(folder.rglob("*.pickle")).write_bytes(b"not a pickle")
        assert cache.remembered(simulate) == {"sd": 0.5}
    assert len(runs) == 2


@pytest.mark.parametrize("damage", [
    lambda b: b.replace(np.float64(0.1234567).tobytes(),  # a flipped bit: another number
                        (np.float64(0.1234567).view(np.uint64) ^ np.uint64(1)).tobytes()),
    lambda b: b[:32] + b"\x80\x09" + b[34:],  # an unsupported pickle protocol
    lambda b: b[32:],  # a pickle without its seal (iaf before the seal, or put by hand)
    lambda b: b"\x00" * len(b)])
def test_a_damaged_entry_is_drawn_again_never_read_as_numbers(folder, damage):
    """A flipped byte in a cached pickle changed a noise band in the report with nothing
    said; other damage ended the audit with a MemoryError, a ValueError or a TypeError
    (exit 70), where a damaged entry should be a miss (an environment review)."""
    simulate, runs = counted(0.1234567)
    with cache.scope("digest"):
        cache.remembered(simulate)
        entry = next(folder.rglob("*.pickle"))
        entry.write_bytes(damage(entry.read_bytes()))
        assert cache.remembered(simulate) == {"sd": 0.1234567}
        assert cache.remembered(simulate) == {"sd": 0.1234567}  # stored afresh
    assert len(runs) == 2


@pytest.mark.parametrize("variable, value, used", [
    ("IAF_CACHE_DIR", "OFF", None), ("IAF_CACHE_DIR", "Off", None),
    ("XDG_CACHE_HOME", "relative/cache", "home"), ("XDG_CACHE_HOME", "/abs/cache", "/abs")])
def test_the_cache_folder_follows_the_conventions(monkeypatch, tmp_path, variable, value,
                                                  used):
    """IAF_CACHE_DIR=OFF made a folder named OFF; a relative XDG_CACHE_HOME made folders in
    the working directory, where the XDG specification says to ignore it."""
    from iaf.paths import user_cache  # noqa: PLC0415

    monkeypatch.delenv("IAF_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(variable, value)
    expected = {None: None, "home": tmp_path / ".cache" / "iaf",
                "/abs": Path("/abs/cache/iaf")}[used]
    assert user_cache() == expected


def test_entries_of_an_old_catalogue_are_pruned(folder):
    old = folder / "simulations" / "old"
    old.mkdir(parents=True)
    stale = time.time() - (cache.PRUNE_DAYS + 1) * 86400
    os.utime(old, (stale, stale))
    simulate, _ = counted(0.5)
    with cache.scope("new"):
        cache.remembered(simulate)
    assert not old.exists()


@pytest.mark.parametrize("locale", ["ko_KR", pytest.param("en_US", marks=pytest.mark.slow)])
def test_cached_and_uncached_audits_report_the_same_bytes(folder, monkeypatch, locale):
    from iaf.report.document import build, dumps  # noqa: PLC0415

    table = demographic_table(locale, 3000, 5, "faithful")
    reports = []
    for setting in (CACHE_OFF, str(folder), str(folder)):  # uncached, drawn, read back
        monkeypatch.setenv("IAF_CACHE_DIR", setting)
        reports.append(dumps(build([audit_table(table, locale, catalogue=SHIPPED)])))
        if setting != CACHE_OFF:  # read back: every simulation, nothing drawn again
            for name in ("draw_tables", "draw_shares"):
                monkeypatch.setattr(noise, name, _no_draws)
    assert reports[0] == reports[1] == reports[2]


def _no_draws(*args, **kwargs):
    raise AssertionError("a simulation was drawn again instead of read from the cache")
