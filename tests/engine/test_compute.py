"""The engine on small cases worked by hand: sums up the hierarchy, completeness, CIs, flags."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.support.engine import BASE, INDICATORS, UNITS, VARIABLES, get, values
from ytcs.engine.compute import ComputeOptions, compute_indicators
from ytcs.plans.models import Indicator
from ytcs.vocab import Flag, flag_texts


@pytest.fixture(scope="module")
def result() -> pd.DataFrame:
    return compute_indicators(UNITS, values(BASE), INDICATORS, VARIABLES)


def test_missing_commune_leaves_both_numerator_and_denominator(result):
    district = get(result, "522", "insurance")
    # communes 1 and 2 report both inputs: (900 + 1900) / (1000 + 2000) = 93.33%
    assert district["numerator"] == 2800 and district["denominator"] == 3000
    assert district["value"] == pytest.approx(280 / 3)
    assert district["completeness"] == pytest.approx(2 / 3)
    assert Flag.INCOMPLETE in Flag(int(district["flags"]))
    assert flag_texts(get(result, "00003", "insurance")["flags"]) == ["no-data"]
    assert math.isnan(get(result, "00003", "insurance")["value"])


def test_province_sums_numerators_and_denominators_never_averages(result):
    province = get(result, "51", "insurance")
    # (900 + 1900 + 450) / (1000 + 2000 + 500) = 3250 / 3500 = 92.857%; the mean of rates would be 91.7%
    assert province["value"] == pytest.approx(3250 / 3500 * 100)
    assert province["completeness"] == pytest.approx(3 / 4)  # 3 communes + the island district


def test_provincial_hospital_beds_are_added_to_the_province(result):
    assert get(result, "522", "beds_per_10k")["value"] == pytest.approx(60 / 6000 * 10_000)
    province = get(result, "51", "beds_per_10k")
    assert province["numerator"] == 870  # 60 + 10 district beds + 800 provincial hospital
    assert province["denominator"] == 6500
    assert province["value"] == pytest.approx(870 / 6500 * 10_000)
    assert math.isnan(province["ci_low"])  # a census: no interval


def test_beds_are_not_computed_at_commune_level(result):
    communes = result[(result["indicator"] == "beds_per_10k") & (result["level"] == "commune")]
    assert communes.empty


def test_reported_values_are_never_summed(result):
    rows = result[result["indicator"] == "e0"]
    assert list(rows["unit"]) == ["51"]
    assert rows.iloc[0]["value"] == 74.5


def test_count_indicator(result):
    assert get(result, "51", "pop")["value"] == 6500


def test_monthly_events_are_summed_and_stocks_take_the_last_month():
    rows = [("00001", 2024, m, "births", 10) for m in range(1, 13)]
    rows += [("00001", 2024, m, "infant_deaths", 1 if m == 6 else 0) for m in range(1, 13)]
    rows += [("00001", 2024, m, "population", 1000 + m) for m in range(1, 13)]
    rows += [("00001", 2024, 6, "u1", 50), ("00001", 2024, 12, "u1", 60)]
    rows += [("00001", 2024, m, "u1_immunised", 5) for m in range(1, 13)]
    result = compute_indicators(UNITS, values(rows), INDICATORS, VARIABLES)
    imr = get(result, "00001", "imr")
    assert (imr["numerator"], imr["denominator"]) == (1, 120)  # events add up over the year
    immunised = get(result, "00001", "immunised")
    assert (immunised["numerator"], immunised["denominator"]) == (60, 60)  # stock: the last month
    assert get(result, "00001", "pop")["value"] == pytest.approx(1006.5)  # mean of the 12 months


def test_zero_denominator_is_missing_with_a_flag():
    rows = [("00001", 2024, None, "births", 0), ("00001", 2024, None, "infant_deaths", 0)]
    result = compute_indicators(UNITS, values(rows), INDICATORS, VARIABLES)
    row = get(result, "00001", "imr")
    assert math.isnan(row["value"]) and Flag.ZERO_DENOMINATOR in Flag(int(row["flags"]))


def test_confidence_limits_are_in_the_indicators_units():
    rows = [
        ("00001", 2024, None, "u1", 100),
        ("00001", 2024, None, "u1_immunised", 65),
        ("00001", 2024, None, "births", 900),
        ("00001", 2024, None, "infant_deaths", 3),
    ]
    result = compute_indicators(UNITS, values(rows), INDICATORS, VARIABLES)
    immunised = get(result, "00001", "immunised")
    assert immunised["value"] == 65.0
    assert (round(immunised["ci_low"], 2), round(immunised["ci_high"], 2)) == (55.25, 73.64)
    imr = get(result, "00001", "imr")
    assert round(imr["value"], 2) == 3.33
    assert (round(imr["ci_low"], 3), round(imr["ci_high"], 3)) == (0.687, 9.741)


def test_require_complete_blanks_partial_sums():
    result = compute_indicators(UNITS, values(BASE), INDICATORS, VARIABLES, ComputeOptions(require_complete=True))
    row = get(result, "522", "insurance")
    assert math.isnan(row["value"]) and row["numerator"] == 2800
    assert Flag.INCOMPLETE_SUPPRESSED in Flag(int(row["flags"]))


def test_natural_increase_uses_births_minus_deaths():
    rows = [
        ("00001", 2024, None, "births", 30),
        ("00001", 2024, None, "deaths", 12),
        ("00001", 2024, None, "population", 2000),
    ]
    row = get(compute_indicators(UNITS, values(rows), INDICATORS, VARIABLES), "00001", "natural_increase")
    assert row["value"] == pytest.approx(9.0)  # (30 − 12) / 2000 × 1000


# --- invariants ---------------------------------------------------------------------------------
# Why these were slow: every example ran compute twice per property, and a compute costs ~10 ms for the
# shared preparation plus ~14 ms per indicator whatever the size of the data (pandas' per-call overhead,
# not the rows). So the three invariants now share one computed result per example, and each other
# compute runs only the indicators its check reads. How many examples: the profile in tests/conftest.py.

INSURANCE = {"insurance": INDICATORS["insurance"]}
FLAT_UNITS = UNITS.assign(parent=UNITS["parent"].where(UNITS["level"] != "commune", "51"))  # no district


@st.composite
def commune_data(draw):
    rows = []
    for code in ("00001", "00002", "00003"):
        population = draw(st.integers(1, 50_000))
        rows.append((code, 2024, None, "population", population))
        if draw(st.booleans()):
            rows.append((code, 2024, None, "insured", draw(st.integers(0, population))))
    return rows


def fed_by(rows: list[tuple]) -> dict[str, Indicator]:
    """The indicators with at least one input in `rows`. Any other indicator has no row in a result (no
    input, no year to report), so computing only these gives the very same frame as computing all."""
    present = {variable for _, _, _, variable, _ in rows}
    return {key: i for key, i in INDICATORS.items() if present & set(i.variables())}


def check_via_district_equals_directly_to_province(rows, nested: pd.DataFrame) -> None:
    direct = compute_indicators(FLAT_UNITS, values(rows), INSURANCE, VARIABLES)
    a, b = get(nested, "51", "insurance"), get(direct, "51", "insurance")
    assert (a["numerator"], a["denominator"]) == (b["numerator"], b["denominator"]) or (
        math.isnan(a["value"]) and math.isnan(b["value"])
    )


def check_row_order_changes_nothing(rows, rng, a: pd.DataFrame) -> None:
    shuffled = list(rows)
    rng.shuffle(shuffled)
    b = compute_indicators(UNITS, values(shuffled), fed_by(rows), VARIABLES)
    pd.testing.assert_frame_equal(a, b)


def check_scaling_numerator_and_denominator_keeps_the_rate(rows, k, a: pd.DataFrame) -> None:
    scaled = [(u, y, m, v, x * k) for u, y, m, v, x in rows]
    b = compute_indicators(UNITS, values(scaled), INSURANCE, VARIABLES)
    va = a.loc[a["indicator"] == "insurance", "value"].to_numpy()
    vb = b.loc[b["indicator"] == "insurance", "value"].to_numpy()
    np.testing.assert_allclose(va, vb, rtol=1e-12, equal_nan=True)


def test_indicators_without_an_input_add_no_rows():
    """What `fed_by` relies on: with all seven indicators the result is the same frame."""
    rows = [("00001", 2024, None, "population", 1000), ("00002", 2024, None, "insured", 900)]
    assert set(fed_by(rows)) == {"insurance", "beds_per_10k", "natural_increase", "pop"}
    everything = compute_indicators(UNITS, values(rows), INDICATORS, VARIABLES)
    pd.testing.assert_frame_equal(compute_indicators(UNITS, values(rows), fed_by(rows), VARIABLES), everything)


@given(commune_data(), st.randoms(), st.integers(2, 1000))
def test_via_district_row_order_and_scaling_change_nothing(rows, rng, k):
    """Summing via the district equals summing straight to the province; the order of the input rows
    changes nothing in the result; scaling numerator and denominator by k keeps the rate."""
    result = compute_indicators(UNITS, values(rows), fed_by(rows), VARIABLES)
    check_via_district_equals_directly_to_province(rows, result)
    check_row_order_changes_nothing(rows, rng, result)
    check_scaling_numerator_and_denominator_keeps_the_rate(rows, k, result)


def test_an_input_nobody_reports_is_no_data_not_complete():
    rows = [("00001", 2024, None, "population", 1000), ("00001", 2024, None, "births", 30)]
    result = compute_indicators(UNITS, values(rows), INDICATORS, VARIABLES)
    increase = get(result, "00001", "natural_increase")  # no file has deaths
    assert math.isnan(increase["value"]) and increase["completeness"] == 0
    assert flag_texts(increase["flags"]) == ["no-data"]
    beds = result[result["indicator"] == "beds_per_10k"]  # no beds anywhere: every unit says so
    assert not beds.empty and (beds["flags"] == int(Flag.NO_DATA)).all()
