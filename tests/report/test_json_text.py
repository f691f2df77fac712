"""The column-wise JSON writer writes exactly what `to_json(frame_records(frame))` writes, whole or in pieces."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.support.frames import FLOATS, TRICKY, national_like
from ytcs.report.files import to_json
from ytcs.report.json_text import frame_json_chunks
from ytcs.report.rows import flags_as_text, frame_records
from ytcs.vocab import Flag

ESCAPES = ["back\\slash", 'quote"d', "tab\there", "bell\x07", "line\u2028sep", "del\x7f", "Đồng Nai", "nul\x00"]
ESCAPES += ["unit\x1fsep"]
TEXTS = st.one_of(st.none(), st.just(math.nan), st.sampled_from(TRICKY + ESCAPES), st.text(max_size=5))
BITS = st.one_of(st.just(0), st.integers(0, 2 ** len(Flag) - 1), st.just(1 << 40))


def _json(frame: pd.DataFrame, rows: int = 50_000) -> str:
    return b"".join(frame_json_chunks(frame, rows=rows)).decode("utf-8")


ROWS = st.tuples(FLOATS, st.integers(-(10**12), 10**12), st.one_of(st.none(), st.integers(0, 99)), TEXTS, BITS,
                 st.booleans())  # fmt: skip


@given(st.lists(ROWS, min_size=1, max_size=10), st.integers(1, 4))  # no rows: the empty-frame test below
def test_the_json_is_what_json_dumps_writes(rows, piece):
    frame = pd.DataFrame(
        {
            "value": pd.Series([r[0] for r in rows], dtype="float64"),
            "count": pd.Series([r[1] for r in rows], dtype="int64"),
            "year": pd.Series([r[2] for r in rows], dtype="Int64"),
            "name": pd.Series([r[3] for r in rows], dtype=object),
            "label": pd.Series([r[3] for r in rows], dtype="str"),
            "ok": pd.Series([r[5] for r in rows], dtype=bool),
            "kind": pd.Categorical([r[3] for r in rows]),  # as the CSV property: categories and nullable floats
            "share": pd.Series([None if r[2] is None else r[0] for r in rows], dtype="Float64"),
            "flags": pd.Series([r[4] for r in rows], dtype="int64"),
        }
    )
    expected = to_json(frame_records(frame))
    assert _json(frame) == expected
    assert _json(frame, piece) == expected


def test_a_large_frame_is_what_json_dumps_writes():
    frame = national_like(9_000, seed=3).drop(columns="flags").assign(flags=np.arange(9_000) % 7)
    expected = to_json(frame_records(frame))
    assert _json(frame) == expected
    assert _json(frame, 4_000) == expected


def test_a_record_by_hand():
    flags = [int(Flag.NO_DATA | Flag.INCOMPLETE)]
    row = {
        "unit": ["01"],
        "name": ['Tỉnh "A"'],
        "value": [1.5],
        "ci": [-math.inf],
        "n": pd.array([None], dtype="Int64"),
    }
    frame = pd.DataFrame(row | {"flags": flags})
    assert _json(frame) == (
        "[\n  {\n"
        '    "unit": "01",\n    "name": "Tỉnh \\"A\\"",\n    "value": 1.5,\n    "ci": null,\n    "n": null,\n'
        '    "flags": [\n      "no-data",\n      "incomplete"\n    ]\n'
        "  }\n]\n"
    )
    assert json.loads(_json(frame))[0]["flags"] == ["no-data", "incomplete"]


@pytest.mark.filterwarnings("ignore:DataFrame columns are not unique")
def test_no_rows_and_repeated_columns_are_written_as_before():
    assert _json(pd.DataFrame({"a": pd.Series([], dtype=float)})) == "[]\n"
    repeated = pd.DataFrame([[1, 2]], columns=["a", "a"])
    assert _json(repeated) == '[\n  {\n    "a": 2\n  }\n]\n'  # as to_json wrote it: the last value of the name


def test_flags_as_text_names_the_known_bits_and_keeps_the_index():
    bits = pd.Series([0, 3, 1, math.nan, 1 | (1 << 40), 3], index=[5, 6, 7, 8, 9, 10], name="flags")
    texts = flags_as_text(bits, ";")
    assert texts.tolist() == ["", "no-data;incomplete", "no-data", "", "no-data", "no-data;incomplete"]
    assert texts.index.tolist() == [5, 6, 7, 8, 9, 10] and texts.name == "flags"
