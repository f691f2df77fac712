"""A long-form file laid out wide (ytcs.data.counts.block_from_long): a row per unit and period in order of
first appearance, each cell its value and line, each row placed at its first line; checked against the
rows read one by one."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ytcs.data.counts import block_from_long

cell = st.tuples(
    st.sampled_from(["21010", "21013", "522"]),
    st.sampled_from([2023, 2024]),
    st.sampled_from([None, 1, 12]),
    st.sampled_from(["doctors", "nurses"]),
    st.integers(0, 50),
)


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(cell, max_size=12, unique_by=lambda c: c[:4]), start=st.integers(2, 5))
def test_long_rows_laid_out_wide_as_by_hand(cells, start):
    lines = list(range(start, start + 2 * len(cells), 2))  # every other line: blank lines between
    long = pd.DataFrame(
        {
            "unit": pd.Series([c[0] for c in cells], dtype="string"),
            "year": [c[1] for c in cells],
            "month": pd.array([c[2] for c in cells], dtype="Int64"),
            "variable": pd.Series([c[3] for c in cells], dtype="string"),
            "value": [float(c[4]) for c in cells],
            "row": lines,
        }
    )
    block = block_from_long("f.csv", long)
    keys: dict[tuple, dict[str, tuple[float, int]]] = {}
    for (unit, year, month, variable, value), line in zip(cells, lines, strict=True):
        keys.setdefault((unit, year, month or 0), {})[variable] = (float(value), line)
    frame = block.keys
    assert list(zip(frame["unit"], frame["year"], frame["month"], strict=True)) == list(keys)
    assert block.rows.tolist() == [min(line for _, line in found.values()) for found in keys.values()]
    assert list(block.values.columns) == list(dict.fromkeys(c[3] for c in cells))
    for position, found in enumerate(keys.values()):
        for variable in block.values.columns:
            value, line = block.values[variable].iat[position], block.cell_rows[variable].iat[position]
            if variable in found:
                assert (value, line) == found[variable]
            else:
                assert np.isnan(value) and np.isnan(line)
