"""Codes and value checks of one column: open columns grow (in sorted order whatever the batch
order), closed ones refuse unknown values, nulls are counted apart from every value, and
dictionary indices outside their dictionary are a corrupt file, named."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from iaf.catalogue import ColumnSpec, Dtype, LocaleSchema
from iaf.errors import ReleaseError
from iaf.scan import tables_from_arrow
from iaf.scan.codebook import Codebook

SEX = ColumnSpec("sex", Dtype.STRING, values=("F", "M"))
JOB = ColumnSpec("job", Dtype.STRING)  # open: no value list
SCHEMA = LocaleSchema("xx_XX", "train", "test", "", {"sex": SEX, "job": JOB})


def test_an_open_column_grows_its_codebook():
    table = pa.table({"sex": ["F", "M", "F"], "job": ["b", "a", "b"]})
    result = tables_from_arrow(table, SCHEMA, [("job", "sex")]).get(["job", "sex"])
    assert result.categories[0] == ("a", "b")
    assert result.counts.tolist() == [[0, 1], [2, 0]]


def test_grown_values_end_sorted_whatever_order_they_came_in():
    book = Codebook(JOB)
    first = book.encode(pa.array(["c", "a"]), "f1")
    second = book.encode(pa.array(["b", "a"]), "f2")
    assert book.values == ["a", "c", "b"]  # as seen: per batch sorted, batches appended
    rank = book.canonical()
    assert book.values == ["a", "b", "c"]
    assert rank is not None
    assert [book.values[i] for i in rank[np.concatenate([first, second])]] == ["c", "a", "b", "a"]


def test_a_closed_column_refuses_unknown_values_whatever_the_encoding():
    plain = pa.table({"sex": pa.array(["F", "X"])})
    encoded = pa.table({"sex": pa.array(["F", "X"]).dictionary_encode()})
    for table in (plain, encoded):
        with pytest.raises(ReleaseError, match="outside the declared value set"):
            tables_from_arrow(table, SCHEMA, [("sex",)])


@pytest.mark.parametrize("encoded", [False, True])
def test_nulls_are_not_counted_as_the_dictionary_s_first_value(encoded):
    values = pa.array([None] * 5 + ["Male"] * 3 + ["F"] * 2)
    table = pa.table({"sex": values.dictionary_encode() if encoded else values})
    with pytest.raises(ReleaseError) as info:
        tables_from_arrow(table, SCHEMA, [("sex",)])
    found = {p.message.split(" ")[1]: p.values for p in info.value.problems}
    assert found == {"null": (("<null>", 5),), "rows": (("Male", 3),)}


def test_dictionary_indices_outside_the_dictionary_name_the_file_and_column():
    indices = pa.array([0, 1, 7], type=pa.int32())
    corrupt = pa.DictionaryArray.from_arrays(indices, pa.array(["F", "M"]), safe=False)
    with pytest.raises(ReleaseError, match="Corrupt dictionary-encoded data") as info:
        Codebook(SEX).encode(corrupt, "data/train-00000-of-00001.parquet")
    assert (info.value.file, info.value.column) == ("data/train-00000-of-00001.parquet", "sex")


def test_weighted_rows_count_their_weights():
    book = Codebook(SEX)
    weights = np.array([10, 4, 1])
    book.encode(pa.array(["F", "X", None]), "f", weights)
    assert book.nulls == {"f": 1}
    assert book.offenders == {"f": {"X": 4}}


def test_a_value_in_another_unicode_normalisation_is_said_to_be_one():
    """'Île' decomposed (NFD) prints as the declared 'Île' (NFC): the message must say why it
    is refused."""
    import unicodedata  # noqa: PLC0415

    region = ColumnSpec("region", Dtype.STRING, values=("Île", "Nord"))
    schema = LocaleSchema("xx_XX", "train", "test", "", {"region": region})
    table = pa.table({"region": [unicodedata.normalize("NFD", "Île"), "Nord", "Sud"]})
    with pytest.raises(ReleaseError, match=r"1 of them differ from a declared value only in "
                                           r"Unicode normalisation \(NFC/NFD\)"):
        tables_from_arrow(table, schema, [("region",)])
