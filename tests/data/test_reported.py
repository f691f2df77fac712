"""Which variables each unit gives per year and month (`ytcs.data.reported`): the bit arrays the checks ask
agree with the rows themselves, counted here one row at a time."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.engine import values
from ytcs.data.counts import block_from_long, concat_blocks
from ytcs.data.folder import DataSet
from ytcs.data.reported import reported, row_years, unit_positions

UNITS = pd.DataFrame(
    {
        "code": ["51", "522", "00001", "00002"],
        "name": ["Tỉnh", "Huyện", "Xã 1", "Xã 2"],
        "level": ["province", "district", "commune", "commune"],
        "parent": [pd.NA, "51", "522", "522"],
    },
    dtype="string",
)
CODES = ["51", "522", "00001", "00002", "99999"]  # 99999: a code units.csv does not list
VARIABLES = ["births", "deaths", "doctors"]

Cell = tuple[str, int, int, str]  # unit, year, month (0: the whole year), variable

cells = st.lists(
    st.tuples(st.sampled_from(CODES), st.integers(2021, 2024), st.integers(0, 12), st.sampled_from(VARIABLES)),
    min_size=1,
    max_size=60,
    unique=True,
)


def _data(given_cells: list[Cell], files: int) -> DataSet:
    """The cells (value 1 each) in `files` long-form files, cell i in file i % files."""
    blocks = []
    for index in range(files):
        mine = given_cells[index::files]
        if mine:
            long = values([(unit, year, month or None, variable, 1.0) for unit, year, month, variable in mine])
            blocks.append(block_from_long(f"f{index}.csv", long))
    return DataSet(UNITS, concat_blocks(blocks), pd.DataFrame())


@settings(max_examples=80, deadline=None)
@given(cells, st.integers(1, 3))
def test_the_bits_say_what_the_rows_give(given_cells, files):
    data = _data(given_cells, files)
    found = reported(data.counts, data.hierarchy)
    years = sorted({c[1] for c in given_cells})
    assert found.years.tolist() == years
    categories = [str(code) for code in data.counts.frame["unit"].cat.categories]
    for variable in {c[3] for c in given_cells}:
        mine = [c for c in given_cells if c[3] == variable]
        assert found.given_anywhere(variable)
        expected = {(c[1], c[0]) for c in mine if c[0] != "99999"}
        given_at = found.given(variable)  # (years, units of units.csv)
        assert {(years[y], str(UNITS["code"][u])) for y, u in zip(*given_at.nonzero(), strict=True)} == expected
        months = found.months(variable)  # (years, units of the counts)
        for y, year in enumerate(years):
            for code in {c[0] for c in given_cells}:  # the codes given, each found among the counts' units
                u = categories.index(code)
                assert months[y, u] == len({c[2] for c in mine if c[0] == code and c[1] == year and c[2] > 0})
    for variable in set(VARIABLES) - {c[3] for c in given_cells}:
        assert not found.given_anywhere(variable)


def test_the_same_rows_with_other_values_keep_what_their_keys_gave():
    """A total row left out (`without_totals`) changes values, never keys: the unit and year positions
    worked out for the checks are the engine's too, and what the values gave is worked out again."""
    data = _data([("00001", 2023, 1, "births"), ("00002", 2024, 0, "deaths")], 1)
    counts = data.counts
    rows, _ = unit_positions(counts, data.hierarchy)
    found = reported(counts, data.hierarchy)
    other = counts.with_values(counts.frame.assign(births=float("nan")))
    assert unit_positions(other, data.hierarchy)[0] is rows  # kept, not looked up again
    assert list(row_years(other)[0]) == [2023, 2024]
    again = reported(other, data.hierarchy)
    assert again is not found and not again.given_anywhere("births") and found.given_anywhere("births")
