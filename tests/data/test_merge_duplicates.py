"""Rows of one unit and period given twice (ytcs.data.counts.merge_duplicates): each value is the first one
given, placed at its own file and line, and two different numbers are an error naming both places. The
property compares with the rule applied row by row, as a reader would by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ytcs.data import counts as counts_module
from ytcs.data.counts import Block, concat_blocks, merge_duplicates
from ytcs.diagnostics import InputError, Location

VARIABLES = ["doctors", "nurses"]
cell = st.sampled_from([math.nan, math.nan, 0.0, 3.0, 5.0])
row = st.tuples(st.sampled_from(["21010", "21013"]), st.sampled_from([2023, 2024]), st.sampled_from([0, 1]), cell, cell)
files = st.lists(st.tuples(st.lists(row, min_size=1, max_size=5), st.booleans()), min_size=1, max_size=3)


def block(name: str, rows: list[tuple], categorical: bool) -> Block:
    """A file's rows (unit, year, month, doctors, nurses), on lines 2, 3, …; units categorical as the fast
    road gives them, or as text as the general road does."""
    units = [r[0] for r in rows]
    keys = pd.DataFrame(
        {
            "unit": pd.Categorical(units) if categorical else np.asarray(units, dtype=object),
            "year": [r[1] for r in rows],
            "month": [r[2] for r in rows],
        }
    )
    values = pd.DataFrame({"doctors": [r[3] for r in rows], "nurses": [r[4] for r in rows]})
    return Block(name, keys, values, np.arange(2, len(rows) + 2, dtype=np.int64))


def by_hand(given_files: list[tuple[list[tuple], bool]]) -> tuple[dict, tuple[str, Location] | None]:
    """(unit, year, month) → {variable: (value, file, line)} for the first value given, in the order the
    keys first appear; or the message and place of the first disagreement (variable by variable, key by key)."""
    cells: dict[tuple, dict[str, list[tuple]]] = {}
    for number, (rows, _) in enumerate(given_files):
        for line, (unit, year, month, *values) in enumerate(rows, start=2):
            key = cells.setdefault((unit, year, month), {v: [] for v in VARIABLES})
            for variable, value in zip(VARIABLES, values, strict=True):
                if not math.isnan(value):
                    key[variable].append((value, f"f{number}.csv", line))
    for variable in VARIABLES:
        for (unit, year, month), found in cells.items():
            first = found[variable][0] if found[variable] else None
            other = next((c for c in found[variable] if first is not None and c[0] != first[0]), None)
            if first is not None and other is not None:
                period = f"{year}" if month == 0 else f"{year}-{month:02d}"
                return {}, (
                    f"unit {unit}, {variable}, {period}: {other[0]:g} here but {first[0]:g} at "
                    f"{first[1]}:{first[2]}; a value given twice must agree: correct or remove one of the two rows",
                    Location(other[1], other[2]),
                )
    return {key: {v: c[0] for v, c in found.items() if c} for key, found in cells.items()}, None


@settings(max_examples=200, deadline=None)
@given(given_files=files)
def test_repeated_rows_merge_as_by_hand(given_files):
    blocks = [block(f"f{n}.csv", rows, categorical) for n, (rows, categorical) in enumerate(given_files)]
    expected, error = by_hand(given_files)
    displays = {b.file: b.file for b in blocks}
    if error is not None:
        with pytest.raises(InputError) as raised:
            merge_duplicates(concat_blocks(blocks), displays)
        assert (raised.value.message, raised.value.location) == error
        return
    counts = merge_duplicates(concat_blocks(blocks), displays)
    frame = counts.frame
    keys = list(zip(frame["unit"].astype(object), frame["year"], frame["month"], strict=True))
    assert keys == list(expected)
    for position, key in enumerate(keys):
        for variable in VARIABLES:
            value = frame[variable].iat[position]
            if variable in expected[key]:
                assert (value, *counts.place(position, variable)) == expected[key][variable]
            else:
                assert math.isnan(value)


@given(
    ids=st.lists(st.integers(-3, 40), max_size=30) | st.lists(st.integers(-(2**40), 2**40), max_size=30),
)
def test_keys_are_found_distinct_exactly_when_none_repeats(ids):
    # Narrow ranges are counted in an array, wide ones hashed: both must say what a set says.
    assert counts_module._all_distinct(np.asarray(ids, dtype=np.int64)) == (len(set(ids)) == len(ids))


def test_key_ids_are_equal_exactly_when_unit_year_and_month_are():
    frame = pd.DataFrame(
        {
            "unit": pd.Categorical(["a", "b", "a", "a", "b", "a"]),
            "year": [2023, 2023, 2024, 2023, 2023, 2023],
            "month": [1, 1, 1, 0, 1, 1],
        }
    )
    ids = counts_module._key_ids(frame).tolist()
    assert ids[1] == ids[4] and ids[0] == ids[5]  # the same unit, year and month
    assert len({ids[0], ids[1], ids[2], ids[3]}) == 4


@given(
    units=st.lists(st.sampled_from(["21010", "21013", "0522", "522", "Ba Tơ", None]), min_size=1, max_size=8),
    extra=st.lists(st.sampled_from(["21009", "9", "Z"]), max_size=2, unique=True),
    ordered=st.booleans(),
)
@example(units=["21013", "21010", "21013"], extra=[], ordered=False)  # first appearance is not sorted
@example(units=["21010", "21013"], extra=["9"], ordered=True)  # a category no row uses
@example(units=["21010", None], extra=[], ordered=True)  # a row without a unit
def test_one_files_categorical_units_are_the_categories_every_row_would_give(units, extra, ordered):
    # The fast road's categories (first appearance, maybe unused ones, maybe sorted already): the frame's unit
    # column is what astype("category") gives over every row's text (sorted, only the texts used).
    used = sorted({u for u in units if u is not None}) if ordered else list(dict.fromkeys(u for u in units if u))
    categorical = pd.Categorical(units, categories=pd.Index(used + extra, dtype=object))
    keys = pd.DataFrame({"unit": categorical, "year": [2024] * len(units), "month": [0] * len(units)})
    one = Block("f.csv", keys, pd.DataFrame({"doctors": [1.0] * len(units)}), np.arange(2, len(units) + 2))
    unit = concat_blocks([one]).frame["unit"]
    expected = pd.Series(np.asarray(units, dtype=object)).astype("category")
    assert unit.cat.categories.tolist() == expected.cat.categories.tolist()
    assert unit.astype(object).tolist() == expected.astype(object).tolist()
    assert unit.cat.codes.tolist() == expected.cat.codes.tolist()
