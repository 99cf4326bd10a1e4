"""Duplicate rows in bounded memory: exact counts whether held or spilled, UUIDs read from
their digits, examples the earliest repeats."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from iaf import duplicates
from iaf.simulators.build import _uuids


def test_uuids_hash_from_all_their_digits_and_other_strings_by_siphash():
    ids = _uuids(np.random.default_rng(0), 5_000)
    assert len(np.unique(duplicates.value_hashes(ids))) == 5_000
    upper = pa.array([v.upper() for v in ids.to_pylist()[:3]])
    assert (duplicates.value_hashes(upper) == duplicates.value_hashes(ids.slice(0, 3))).all()
    words = duplicates.value_hashes(pa.array(["a", "b", "a"]))
    assert words[0] == words[2] != words[1]


def test_a_value_hashes_alike_whatever_else_its_batch_holds():
    ids = _uuids(np.random.default_rng(2), 4).to_pylist()
    others = ["not-a-uuid", None, "x" * 36, ids[0][:35] + "g", "가" * 12, ids[1].upper()]
    mixed = duplicates.value_hashes(pa.array([*others, *ids]))
    assert (mixed[len(others):] == duplicates.value_hashes(pa.array(ids))).all()
    assert mixed[5] == mixed[len(others) + 1]  # a UUID in upper case is the same UUID
    plain = pd.util.hash_array(np.array(others[:5], dtype=object), categorize=False)
    assert (mixed[:5] == plain).all()  # 36 characters that are not a UUID: SipHash


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string()])
def test_text_hashes_are_the_siphash_of_its_utf8_whatever_its_arrow_type(kind):
    text = ["요양보호사 김씨", "", None, "a" * 300, "요양보호사 김씨", "Ünïcode"]
    hashed = duplicates.value_hashes(pa.array(text, kind).slice(1))  # an offset array too
    expected = pd.util.hash_array(np.array(text[1:], dtype=object), categorize=False)
    assert (hashed == expected).all()  # the str objects' hashes: reports keep their bytes
    assert hashed[3] == duplicates.value_hashes(pa.array(text, kind))[0]


@pytest.mark.parametrize("held", [duplicates.IN_MEMORY, 100])
def test_repeats_are_counted_exactly_held_or_spilled(monkeypatch, held):
    monkeypatch.setattr(duplicates, "IN_MEMORY", held)
    ids = _uuids(np.random.default_rng(1), 1_000)
    found = duplicates.Duplicates()
    for _ in range(3):  # every id three times: 2,000 repeats
        found.add(duplicates.value_hashes(ids))
    result = found.result()
    assert (result.rows, result.duplicates) == (3_000, 2_000)
    assert result.examples == tuple((i, 1_000 + i) for i in range(duplicates.EXAMPLES))


def test_a_row_hash_depends_on_every_column_and_its_place():
    a, b = np.array([1, 2]), np.array([2, 1])
    assert duplicates.row_hashes([a, b])[0] != duplicates.row_hashes([b, a])[0]
    assert duplicates.row_hashes([a, a])[0] != duplicates.row_hashes([a, a])[1]
    codes = [np.array([1, 2], np.int32), np.array([2, 1], np.int32), np.array([7, 7], np.int32)]
    assert duplicates.row_hashes(codes)[0] != duplicates.row_hashes(codes[1::-1] + codes[2:])[0]
    assert len(set(duplicates.row_hashes(codes).tolist())) == 2  # codes paired into one word
