"""Counts over time within a year, against the rule applied by hand to each unit, year and variable."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from tests.support.engine import UNITS, VARIABLES, values
from ytcs.data.counts import block_from_long, concat_blocks
from ytcs.data.hierarchy import Hierarchy
from ytcs.engine.aggregate import aggregate_over_time

RULES = {"births": "sum", "population": "mean", "u1": "last"}
CODES = ["00001", "00002", "536"]
KEYS = st.tuples(
    st.sampled_from(CODES),
    st.sampled_from([2023, 2024]),
    st.sampled_from([None, 1, 2, 6, 12]),
    st.sampled_from(list(RULES)),
)
cells = st.dictionaries(KEYS, st.floats(0, 1e5, allow_nan=False) | st.sampled_from([0.1, 1 / 3]), max_size=40)


def by_hand(reported: dict, unit: str, year: int, variable: str) -> float:
    """A whole-year value where given; else the sum, mean or last of the months given; else missing."""
    months = {m: v for (u, y, m, name), v in reported.items() if (u, y, name) == (unit, year, variable)}
    if None in months:
        return months[None]
    if not months:
        return math.nan
    rule = RULES[variable]
    return months[max(months)] if rule == "last" else sum(months.values()) / (len(months) if rule == "mean" else 1)


@given(cells, st.sampled_from([None, [2024]]))
def test_each_unit_year_and_variable_follows_its_rule(reported, years):
    """Rows with months and whole-year rows mixed, some variables missing in some rows (NaN cells)."""
    rows = [(u, y, m, name, v) for (u, y, m, name), v in reported.items()]
    counts = concat_blocks([block_from_long("counts.csv", values(rows))])
    yearly = aggregate_over_time(counts, Hierarchy.of(UNITS), VARIABLES, years)
    expected_years = years if years is not None else sorted({y for _, y, _, _ in reported})
    assert yearly.years == expected_years
    codes = list(UNITS["code"])
    for variable in {name for *_, name in reported}:  # the variables given, not those the program kept
        array = yearly.values[variable]
        for unit in codes:  # the units without rows too: missing there, never a neighbour's value
            for position, year in enumerate(yearly.years):
                np.testing.assert_allclose(array[codes.index(unit), position], by_hand(reported, unit, year, variable),
                                           rtol=1e-12, equal_nan=True)  # fmt: skip
