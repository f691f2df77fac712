"""The column-wise CSV writer writes exactly what pandas' `to_csv` writes (after neutralising formulas),
in both dialects, whole or in pieces, however few or many distinct values its columns have."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from tests.support.frames import FLOATS, TEXTS, national_like
from ytcs.report import coded
from ytcs.report.cells import neutralise_cell
from ytcs.report.csv_text import EXCEL_VI, PLAIN, Dialect, csv_chunks, csv_text

DIALECTS = st.sampled_from([PLAIN, EXCEL_VI])


def _pandas_csv(frame: pd.DataFrame, dialect: Dialect = PLAIN) -> str:
    """What ytcs wrote before: text columns neutralised cell by cell, then pandas' `to_csv`."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype in (object, "category") or str(safe[column].dtype).startswith("str"):
            safe[column] = safe[column].map(neutralise_cell)
    return safe.to_csv(index=False, sep=dialect.separator, decimal=dialect.decimal)


def _pieces(frame: pd.DataFrame, dialect: Dialect, rows: int) -> str:
    return b"".join(csv_chunks(frame, dialect, rows=rows)).decode("utf-8")


ROWS = st.tuples(FLOATS, st.integers(-(10**12), 10**12), st.one_of(st.none(), st.integers(0, 99)), TEXTS, TEXTS,
                 st.booleans())  # fmt: skip


@given(st.lists(ROWS, max_size=12), DIALECTS, st.integers(1, 5))
def test_the_csv_text_is_what_pandas_writes(rows, dialect, piece):
    frame = pd.DataFrame(
        {
            "value": pd.Series([r[0] for r in rows], dtype="float64"),
            "count": pd.Series([r[1] for r in rows], dtype="int64"),
            "reporting": pd.Series([r[2] for r in rows], dtype="Int64"),
            "name, quoted": pd.Series([r[3] for r in rows], dtype=object),
            "label": pd.Series([r[4] for r in rows], dtype="str"),
            "kind": pd.Categorical([r[4] for r in rows]),
            "ok": pd.Series([r[5] for r in rows], dtype=bool),
            "share": pd.Series([None if r[2] is None else r[0] for r in rows], dtype="Float64"),
        }
    )
    expected = _pandas_csv(frame, dialect)
    assert csv_text(frame, dialect) == expected
    assert _pieces(frame, dialect, piece) == expected


@given(st.lists(st.tuples(FLOATS, TEXTS), max_size=6), DIALECTS)
def test_a_single_column_is_what_pandas_writes(rows, dialect):
    """A line of one empty cell is written '""' (an empty line would read as no row)."""
    for values, dtype in (([r[0] for r in rows], "float64"), ([r[1] for r in rows], object)):
        frame = pd.DataFrame({"only": pd.Series(values, dtype=dtype)})
        assert csv_text(frame, dialect) == _pandas_csv(frame, dialect)


def test_a_large_frame_with_grouped_columns_is_what_pandas_writes():
    frame = national_like(12_000, seed=1)
    for dialect in (PLAIN, EXCEL_VI):
        expected = _pandas_csv(frame, dialect)
        assert csv_text(frame, dialect) == expected
        assert _pieces(frame, dialect, 5_000) == expected
    shuffled = frame.sample(frac=1, random_state=2)  # rows in no order: the first rows show pairs at random
    assert csv_text(shuffled) == _pandas_csv(shuffled)


def test_mixed_object_columns_and_formulas():
    frame = pd.DataFrame({"a": ["=SUM(A1)", 1.5, None, 7, "x,y"], "b": ["-3", "+x", "@h", "\tt", 'say "hi"']})
    assert csv_text(frame) == _pandas_csv(frame)
    assert csv_text(frame).splitlines()[1] == "'=SUM(A1),'-3"


def test_values_a_hash_table_takes_for_one_are_written_apart():
    """1, 1.0 and True are one key to a hash table, 0.0 and -0.0 too; pandas writes each as itself."""
    mixed = pd.Series([1, 1.0, True, "1", ["a", "b"]], dtype=object)
    frame = pd.DataFrame({"mixed": mixed, "x": [0.0, -0.0, 0.0, 1, 2]})
    assert csv_text(frame) == _pandas_csv(frame)
    assert csv_text(frame).splitlines() == ["mixed,x", "1,0.0", "1.0,-0.0", "True,0.0", "1,1.0", "\"['a', 'b']\",2.0"]


def test_numpy_floats_among_text_are_written_as_python_floats():
    """numpy 2 spells np.float64(1.0) as 'np.float64(1.0)'; pandas writes the number."""
    frame = pd.DataFrame({"mixed": pd.Series([np.float64(1.0), "x", np.float64(0.1)], dtype=object)})
    assert csv_text(frame) == "mixed\n1.0\nx\n0.1\n"
    assert csv_text(frame) == _pandas_csv(frame)


def test_excel_dialect_by_hand():
    frame = pd.DataFrame({"name": ["a;b", "a,b", "=x"], "value": [1.5, 100.0, math.nan], "n": [1, 2, 3]})
    assert csv_text(frame, EXCEL_VI) == 'name;value;n\n"a;b";1,5;1\na,b;100,0;2\n\'=x;;3\n'


def test_columns_that_go_together_only_in_the_first_rows_are_written_apart():
    """In the first 6,000 rows 'b' follows from 'a' (and the other way round); after, it does not."""
    a = np.arange(10_000) % 50
    b = np.where(np.arange(10_000) < 6_000, a, (a + 1) % 50)
    frame = pd.DataFrame({"a": [f"a{x}" for x in a], "b": [f"b{x}" for x in b], "n": np.arange(10_000) % 3})
    lines = csv_text(frame).splitlines()
    assert lines[1] == "a0,b0,0" and lines[6_001] == "a0,b1,0"
    assert csv_text(frame) == _pandas_csv(frame)


def test_floats_are_written_by_python_where_arrow_would_write_them_otherwise(monkeypatch):
    """Were a new pyarrow to write floats otherwise, each float is written by Python: slower, still right."""
    frame = pd.DataFrame({"value": [0.0, -0.0, 100.0, 1e-05, 1e16, 12345678901.5, 0.1 + 0.2, math.nan, math.inf]})
    monkeypatch.setattr(coded, "_arrow_writes_floats_as_python", lambda: False)
    assert csv_text(frame) == _pandas_csv(frame)
    assert csv_text(frame).splitlines()[1:4] == ["0.0", "-0.0", "100.0"]


def test_arrow_text_of_every_kind_is_written_as_python_text():
    """pandas' `str`, `string[pyarrow]` (missing as NA) and an ArrowDtype are hashed by Arrow; each is
    written as the same text held as Python strings (a lone empty or missing cell as '""')."""
    texts = ["=x", None, "a,b", 'say "hi"', "Quảng Ngãi", "a,b", ""]
    alone = 'text\n\'=x\n""\n"a,b"\n"say ""hi"""\nQuảng Ngãi\n"a,b"\n""\n'
    beside = 'text,n\n\'=x,1\n,1\n"a,b",1\n"say ""hi""",1\nQuảng Ngãi,1\n"a,b",1\n,1\n'
    for dtype in ("str", "string[pyarrow]", pd.ArrowDtype(pa.large_string()), pd.ArrowDtype(pa.string()), object):
        frame = pd.DataFrame({"text": pd.Series(texts, dtype=dtype)})
        assert csv_text(frame) == alone, dtype
        assert csv_text(frame.assign(n=1)) == beside, dtype


def test_text_in_pieces_is_one_column():
    """pd.concat leaves a `str` column in Arrow pieces: each value keeps one spelling across them."""
    pieces = [
        pd.Series(["x", "=y"], dtype="str"),
        pd.Series(["=y", None, "x"], dtype="str"),
        pd.Series([], dtype="str"),
    ]
    frame = pd.DataFrame({"text": pd.concat(pieces, ignore_index=True), "n": 1})
    assert isinstance(pa.array(frame["text"].array), pa.ChunkedArray)  # still in pieces
    assert csv_text(frame) == "text,n\nx,1\n'=y,1\n'=y,1\n,1\nx,1\n"


def test_texts_past_32_bit_offsets_are_joined_as_large_strings(monkeypatch):
    """Past 2**30 bytes of distinct texts the cells are taken with 64-bit offsets (set here from 0 bytes)."""
    frame = national_like(3_000, seed=4)
    monkeypatch.setattr(coded, "_LARGE", 0)
    assert _pieces(frame, PLAIN, 1_000) == _pandas_csv(frame)
