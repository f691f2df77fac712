"""The engine's array work: sums up the hierarchy in one pass, the result frame's order and types, a fall
from last year, and where scipy comes from. Values worked out by hand from the inputs."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.support.engine import BASE, INDICATORS, UNITS, VARIABLES, get, rate, values
from ytcs.data.counts import block_from_long, concat_blocks
from ytcs.data.hierarchy import Hierarchy
from ytcs.diagnostics import UsageError
from ytcs.engine import aggregate
from ytcs.engine.compute import compute_indicators, compute_prepared, missing_inputs, prepare
from ytcs.pipeline import select_rows
from ytcs.plans.models import Indicator
from ytcs.vocab import Flag, flag_texts


@st.composite
def trees(draw):
    """Units in any order of units.csv, each under a unit placed before it in a random order (so no cycle);
    with the hierarchy, each unit's parent as drawn (its row; −1 for none), to check it against."""
    size = draw(st.integers(1, 40))
    placed = draw(st.permutations(range(size)))
    parent = [None] * size
    for i, unit in enumerate(placed[1:], start=1):
        above = draw(st.integers(-1, i - 1))  # −1: another root
        parent[unit] = str(placed[above]) if above >= 0 else None
    units = pd.DataFrame({"code": [str(i) for i in range(size)], "name": "x", "level": "commune", "parent": parent})
    width = draw(st.integers(1, 4))
    numbers = st.floats(-1e6, 1e6, allow_nan=False) | st.sampled_from([0.1, 1 / 3, 2.675, 1e-9])
    cells = draw(st.lists(numbers, min_size=size * width, max_size=size * width))
    drawn = [-1 if p is None else int(p) for p in parent]  # codes are the rows' positions
    return Hierarchy.of(units), np.array(cells).reshape(size, width), drawn


def _np_add_at_roll_up(hierarchy, cells):
    """The roll-up as the engine made it before (an index at a time), the deepest depth first."""
    totals = cells.astype(np.float64).copy()
    for units in reversed(hierarchy.by_depth[1:]):
        np.add.at(totals, hierarchy.parent[units], totals[units])
    return totals


@given(trees())
def test_roll_up_sums_every_unit_below_and_adds_as_np_add_at_did_to_the_last_bit(tree):
    """Each unit's total is the sum over itself and every unit below it (whole numbers: exact, in any order);
    and a pass per child rank adds the same numbers in the same order as np.add.at: floats that do not add
    exactly (0.1, 1/3…) give the very same bits, so every sum is what it was."""
    hierarchy, cells, parent = tree
    whole = np.round(cells)
    below = [{u} for u in range(len(hierarchy))]
    for unit in range(len(hierarchy)):  # each unit added to every ancestor's set, walking up the drawn tree
        above = parent[unit]
        while above >= 0:
            below[above].add(unit)
            above = parent[above]
    by_hand = np.array([whole[sorted(units)].sum(axis=0) for units in below])
    assert np.array_equal(hierarchy.roll_up(whole), by_hand)
    assert np.array_equal(hierarchy.roll_up(cells), _np_add_at_roll_up(hierarchy, cells))


def test_groups_rolled_up_one_by_one_or_together_give_the_same_frame(monkeypatch):
    together = compute_indicators(UNITS, values(BASE), INDICATORS, VARIABLES)
    monkeypatch.setattr(aggregate, "ROLL_UP_CELLS", 1)  # every group of inputs rolled up on its own
    pd.testing.assert_frame_equal(compute_indicators(UNITS, values(BASE), INDICATORS, VARIABLES), together)


def test_rows_by_year_then_province_first_then_unit_code_then_plan_order():
    rows = [(u, y, None, "population", 1000) for u in ("00001", "00002", "00003", "536") for y in (2023, 2024)]
    rows += [("00003", 2024, None, "insured", 900), ("51", 2024, None, "life_expectancy", 74.5)]
    plan = {key: INDICATORS[key] for key in ("pop", "e0", "insurance")}  # not alphabetical
    result = compute_indicators(UNITS, values(rows), plan, VARIABLES)
    order = ["51", "522", "536", "00001", "00002", "00003"]  # province, districts, communes, each by code
    expected = [(2023, unit, key) for unit in order for key in ("pop", "insurance")]  # insured: none yet
    expected += [(2024, "51", "pop"), (2024, "51", "e0"), (2024, "51", "insurance")]
    expected += [(2024, unit, key) for unit in order[1:] for key in ("pop", "insurance")]
    assert list(zip(result["year"], result["unit"], result["indicator"], strict=True)) == expected


def test_result_columns_and_types():
    result = compute_indicators(UNITS, values(BASE), INDICATORS, VARIABLES)
    assert list(result.columns) == [
        "unit", "unit_name", "level", "year", "indicator", "indicator_name", "indicator_unit", "value", "numerator",
        "denominator", "ci_low", "ci_high", "completeness", "reporting", "expected", "flags",
    ]  # fmt: skip
    types = result.dtypes.astype(str).to_dict()
    assert {types[c] for c in ("unit_name", "level", "indicator", "indicator_name", "indicator_unit")} == {"str"}
    assert {types[c] for c in ("year", "flags")} == {"int64"}
    assert {types[c] for c in ("reporting", "expected")} == {"Int64"}
    numbers = ("value", "numerator", "denominator", "ci_low", "ci_high", "completeness")
    assert {types[c] for c in numbers} == {"float64"}
    assert result["unit"].map(type).eq(str).all() and list(result.index) == list(range(len(result)))
    assert get(result, "51", "e0")["unit_name"] == "Tỉnh"  # names taken by position come through intact


# The crude birth rate (‰) and its fall from last year, X(t−1) − X(t).
FALL = {
    "cbr": rate("cbr", "births", "population", 1000),
    "fall": Indicator(
        id="fall", name_vi="fall", name_en="fall", unit="‰", decline_of="cbr", polarity="none", definition="test"
    ),
}


def test_fall_from_last_year():
    rows = [
        ("00001", 2023, None, "births", 30),
        ("00001", 2023, None, "population", 1000),
        ("00001", 2024, None, "births", 24),
        ("00001", 2024, None, "population", 1000),
        ("00002", 2024, None, "births", 40),
        ("00002", 2024, None, "population", 2000),
    ]
    result = compute_indicators(UNITS, values(rows), FALL, VARIABLES)
    assert not ((result["indicator"] == "fall") & (result["year"] == 2023)).any()  # no 2022 to fall from
    commune = get(result, "00001", "fall")
    assert commune["value"] == pytest.approx(30 - 24) and commune["completeness"] == 1 and commune["flags"] == 0
    assert commune["reporting"] is pd.NA and commune["expected"] is pd.NA
    new = get(result, "00002", "fall")  # no 2023 data: no fall to show
    assert math.isnan(new["value"]) and flag_texts(new["flags"]) == ["no-data", "incomplete"]
    district = get(result, "522", "fall")  # 2023: 30/1000 from 1 of 3 communes; 2024: 64/3000 from 2 of 3
    assert district["value"] == pytest.approx(30 - 64 / 3000 * 1000)
    assert district["completeness"] == pytest.approx(1 / 3) and Flag(int(district["flags"])) == Flag.INCOMPLETE


def test_the_year_shown_alone_with_its_fall_worked_from_the_year_before():
    """`compute --year 2024` keeps the rows of 2024 only; the fall from 2023 is still there, from 2023's counts."""
    rows = [("00001", 2023, None, "births", 30), ("00001", 2024, None, "births", 24)]
    rows += [("00001", year, None, "population", 1000) for year in (2023, 2024)]
    prepared, _ = _prepared_and_result(rows, FALL)
    result = compute_prepared(prepared, FALL, shown=[2024])
    assert set(result["year"]) == {2024}
    assert get(result, "00001", "cbr")["value"] == pytest.approx(24 / 1000 * 1000)
    assert get(result, "00001", "fall")["value"] == pytest.approx(30 - 24)
    every_year = compute_prepared(prepared, FALL)
    pd.testing.assert_frame_equal(result, every_year[every_year["year"] == 2024].reset_index(drop=True))


def test_engine_stats_imports_scipy_only_for_an_interval_and_uses_its_own_functions():
    """`import ytcs.engine.stats` costs no scipy; the first interval loads scipy.special's compiled functions,
    which are the very objects `import scipy.special` gives afterwards."""
    script = (
        "import sys; import ytcs.engine.stats as s; assert 'scipy' not in sys.modules\n"
        "assert round(s.z_value(0.95), 6) == 1.959964\n"
        "import scipy.special as sp\n"
        "assert s._special().chdtri is sp.chdtri and s._special().ndtri is sp.ndtri"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def test_a_scipy_whose_compiled_module_needs_its_package_is_imported_whole():
    """Should `_ufuncs` fail alone (any error), stats imports scipy.special as usual: same numbers, and
    nothing half-loaded left in sys.modules."""
    script = (
        "import importlib, sys; import ytcs.engine.stats as s\n"
        "real = importlib.import_module\n"
        "def refusing(name, *a):\n"
        "    if name == 'scipy.special._ufuncs': raise AttributeError('needs its package')\n"
        "    return real(name, *a)\n"
        "importlib.import_module = refusing\n"
        "assert round(s.z_value(0.95), 6) == 1.959964\n"
        "import scipy.special as sp\n"
        "assert s._special() is sp and hasattr(sp, 'gammaln')\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def test_rows_of_a_year_the_same_whether_results_come_by_year_or_shuffled():
    result = compute_indicators(UNITS, values([*BASE, ("51", 2023, None, "life_expectancy", 74.0)]), INDICATORS,
                                VARIABLES)  # fmt: skip
    assert list(result["year"].unique()) == [2023, 2024]  # compute gives each year's rows together
    shuffled = result.sample(frac=1, random_state=3)
    # By hand: 2023 has life expectancy alone (e0 at 51); 2024 has insurance and pop at all 6 units, natural
    # increase at all 6 (population given), beds per 10k where beds are (51, 522, 536) and e0 at 51: 22 rows.
    for year, count in ((2023, 1), (2024, 6 + 6 + 6 + 3 + 1)):
        expected = result[result["year"] == year].reset_index(drop=True)
        assert len(expected) == count
        pd.testing.assert_frame_equal(select_rows(result, UNITS, year=year), expected)
        by_hand = shuffled[shuffled["year"] == year].reset_index(drop=True)
        pd.testing.assert_frame_equal(select_rows(shuffled, UNITS, year=year), by_hand)
    pd.testing.assert_frame_equal(select_rows(result, UNITS), result.iloc[1:].reset_index(drop=True))  # latest
    with pytest.raises(UsageError, match="no data for year 2022; years in the data: 2023, 2024"):
        select_rows(result, UNITS, year=2022)


def _prepared_and_result(rows: list[tuple], indicators: dict[str, Indicator]):
    prepared = prepare(UNITS, concat_blocks([block_from_long("values", values(rows))]), VARIABLES)
    return prepared, compute_prepared(prepared, indicators)


def test_inputs_missing_where_a_value_is_missing():
    """Births and deaths: nobody reports them, so natural increase lacks both everywhere; commune 3 lacks
    its insured count. Rows with a value (or no row at all, as for beds at communes) lack nothing."""
    prepared, result = _prepared_and_result(BASE, INDICATORS)
    units = ("51", "522", "536", "00001", "00002", "00003")
    expected = {(unit, 2024, "natural_increase"): ["births", "deaths"] for unit in units}
    expected[("00003", 2024, "insurance")] = ["insured"]
    found = missing_inputs(prepared, result, INDICATORS, 2024)
    assert found == expected
    assert list(found)[-2:] == [("00003", 2024, "insurance"), ("00003", 2024, "natural_increase")]  # row order
    assert missing_inputs(prepared, result, INDICATORS, 2023) == {}


def test_a_fall_without_last_years_value_lacks_it():
    rows = [("00001", y, None, name, 10) for y in (2023, 2024) for name in ("births", "population")]
    rows += [("00002", 2024, None, "births", 40), ("00002", 2024, None, "population", 2000)]
    prepared, result = _prepared_and_result(rows, FALL)
    found = missing_inputs(prepared, result, FALL, 2024)
    # Commune 3 and the island district (it stands in for its communes) report nothing; commune 2 only 2024.
    unreported = {(unit, 2024, "cbr"): ["births", "population"] for unit in ("536", "00003")}
    assert found == {**unreported, **{(unit, 2024, "fall"): ["cbr 2023"] for unit in ("536", "00002", "00003")}}
