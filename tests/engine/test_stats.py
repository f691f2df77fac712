"""Confidence intervals against the published values of PHEindicatormethods (Fingertips)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ytcs.engine.stats import poisson_count_limits, proportion_limits, rate_limits, wilson_limits, z_value


def test_z_is_the_normal_quantile_not_1_96():
    assert z_value(0.95) == pytest.approx(1.959964, abs=1e-6)
    assert z_value(0.998) == pytest.approx(3.090232, abs=1e-6)


def test_wilson_65_of_100():
    low, high = wilson_limits(np.array([65]), np.array([100]))
    assert low[0] == pytest.approx(0.552544, abs=1e-6)
    assert high[0] == pytest.approx(0.736358, abs=1e-6)


def test_wilson_in_percent():
    low, high = proportion_limits(np.array([65]), np.array([100]), 100)
    assert (round(low[0], 2), round(high[0], 2)) == (55.25, 73.64)


def test_byar_for_65_events():
    low, high = poisson_count_limits(np.array([65]))
    assert low[0] == pytest.approx(50.1632, abs=1e-4)
    assert high[0] == pytest.approx(82.8491, abs=1e-4)


def test_exact_for_1_event():
    low, high = poisson_count_limits(np.array([1]))
    assert low[0] == pytest.approx(0.025318, abs=1e-6)
    assert high[0] == pytest.approx(5.571643, abs=1e-6)


def test_zero_events_have_lower_limit_zero():
    low, high = poisson_count_limits(np.array([0]))
    assert low[0] == 0
    assert high[0] == pytest.approx(3.688879, abs=1e-6)  # -ln(0.025)


def test_three_infant_deaths_in_900_births_per_1000():
    low, high = rate_limits(np.array([3]), np.array([900]), 1000)
    assert round(3 / 900 * 1000, 2) == 3.33
    assert (round(low[0], 3), round(high[0], 3)) == (0.687, 9.741)


def test_switch_from_exact_to_byar_at_10():
    exact_low, _ = poisson_count_limits(np.array([9]))
    byar_low, _ = poisson_count_limits(np.array([10]))
    assert exact_low[0] == pytest.approx(4.115373, abs=1e-5)  # chi2.ppf(0.025, 18) / 2
    assert byar_low[0] == pytest.approx(10 * (1 - 1 / 90 - 1.959964 / (3 * 10**0.5)) ** 3, rel=1e-7)


def test_zero_denominator_gives_missing_limits():
    low, high = wilson_limits(np.array([0]), np.array([0]))
    assert np.isnan(low[0]) and np.isnan(high[0])
    low, high = rate_limits(np.array([1]), np.array([0]), 1000)
    assert np.isnan(low[0]) and np.isnan(high[0])


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_wilson_interval_contains_the_proportion(x, n):
    x = min(x, n)
    low, high = wilson_limits(np.array([x]), np.array([n]))
    assert 0 <= low[0] <= x / n + 1e-12 <= high[0] + 2e-12 <= 1 + 2e-12


@given(st.integers(0, 100_000))
def test_poisson_interval_contains_the_count(o):
    low, high = poisson_count_limits(np.array([o]))
    assert low[0] <= o <= high[0]


def test_exact_and_byar_limits_side_by_side_in_one_array():
    """Counts below and above 10, missing and negative in one call: each gets the limits it gets alone."""
    low, high = poisson_count_limits(np.array([65, 1, 0, 9, 1, np.nan, -1]))
    assert low[0] == pytest.approx(50.1632, abs=1e-4) and high[0] == pytest.approx(82.8491, abs=1e-4)
    assert low[1] == low[4] == pytest.approx(0.025318, abs=1e-6) and high[1] == pytest.approx(5.571643, abs=1e-6)
    assert low[2] == 0 and high[2] == pytest.approx(3.688879, abs=1e-6)
    assert low[3] == pytest.approx(4.115373, abs=1e-5) and high[3] == pytest.approx(17.084803, abs=1e-5)
    assert high[4] == high[1]
    assert np.isnan(low[5:]).all() and np.isnan(high[5:]).all()
