"""Values that are hard to write as CSV or JSON (floats at Arrow's and Python's thresholds, texts with
separators, quotes, formulas and Vietnamese), and a frame shaped like a national compute result."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import strategies as st

FLOATS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 100.0, 1e-05, 2.5e-07, 1e16, 1e20, 123456789.0, 0.1 + 0.2, 1 / 3, math.nan, math.inf]),
    st.sampled_from([1e-4, 9.99e-5, 1e-6, 1e10, 9999999999.0, 12345678901.5, 1e15 + 0.5, -2.5e-5, 5e9 + 0.25]),
)
TRICKY = ["Xã Ba Tơ", "Huyện Sơn Tịnh", "a,b", 'say "hi"', "two\nlines", "=SUM(A1)", "+84", "-3", "@h", "\tt",
          "\rr", "a;b", "x\r\ny", "", " ", "Quảng Ngãi", "1,5", "'=quoted"]  # fmt: skip
ODD_TEXT = st.text(alphabet='ab,;"\n\r=+-@\t đĐ ', max_size=6)
TEXTS = st.one_of(st.none(), st.just(math.nan), st.sampled_from(TRICKY), ODD_TEXT)


def national_like(count: int, seed: int) -> pd.DataFrame:
    """Rows shaped like a compute result: units (code, name, level) × indicators (id, name, unit), values
    mostly distinct, a few repeated counts, missing intervals, flags as text."""
    rng = np.random.default_rng(seed)
    unit = rng.integers(0, 700, count)
    indicator = rng.integers(0, 19, count)
    value = rng.random(count) * 100
    value[rng.random(count) < 0.1] = np.nan
    value[rng.random(count) < 0.05] = 42.0  # whole numbers among them
    return pd.DataFrame(
        {
            "level": pd.Series(np.array(["province", "district", "commune"])[unit % 3], dtype="str"),
            "unit": pd.Series([f"{u:05d}" for u in unit], dtype=object),
            "unit_name": pd.Series([TRICKY[u % len(TRICKY)] + f" {u}" for u in unit], dtype="str"),
            "year": 2024,
            "indicator": pd.Series([f"ind_{i}" for i in indicator], dtype="str"),
            "indicator_name": pd.Series([f'Chỉ số {i}, "{i}"' for i in indicator], dtype="str"),
            "value": value,
            "numerator": rng.integers(0, 50, count).astype(float),
            "reporting": pd.array(np.where(rng.random(count) < 0.2, None, rng.integers(0, 9, count)), dtype="Int64"),
            "flags": pd.Categorical(np.array(["", "no-data", "incomplete;above-100"])[rng.integers(0, 3, count)]),
        }
    )
