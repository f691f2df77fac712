"""The column-wise CSV writer writes exactly what pandas' `to_csv` writes (after neutralising formulas)."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from ytcs.report.csv_text import csv_text, neutralise_cell

FLOATS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 100.0, 1e-05, 2.5e-07, 1e16, 1e20, 123456789.0, 0.1 + 0.2, 1 / 3, math.nan]),
)
TEXTS = st.one_of(st.none(), st.text(alphabet='ab,"\n\r=+-@\t đĐ ', max_size=6))


def _pandas_csv(frame: pd.DataFrame) -> str:
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or str(safe[column].dtype).startswith("str"):
            safe[column] = safe[column].map(neutralise_cell)
    return safe.to_csv(index=False)


@given(st.lists(st.tuples(FLOATS, st.integers(-(10**12), 10**12), st.one_of(st.none(), st.integers(0, 99)), TEXTS),
                max_size=12))  # fmt: skip
def test_the_csv_text_is_what_pandas_writes(rows):
    frame = pd.DataFrame(
        {
            "value": pd.Series([r[0] for r in rows], dtype="float64"),
            "count": pd.Series([r[1] for r in rows], dtype="int64"),
            "reporting": pd.Series([r[2] for r in rows], dtype="Int64"),
            "name, quoted": pd.Series([r[3] for r in rows], dtype=object),
        }
    )
    assert csv_text(frame) == _pandas_csv(frame)


def test_mixed_object_columns_and_formulas():
    frame = pd.DataFrame({"a": ["=SUM(A1)", 1.5, None, 7, "x,y"], "b": ["-3", "+x", "@h", "\tt", 'say "hi"']})
    assert csv_text(frame) == _pandas_csv(frame)
    assert csv_text(frame).splitlines()[1] == "'=SUM(A1),'-3"
