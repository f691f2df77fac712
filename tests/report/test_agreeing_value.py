"""The shown value agrees with the verdict (issue 10): 94,9998 % is never shown as '95,0' beside 'không đạt'."""

from __future__ import annotations

import math

import pandas as pd

from ytcs.report.rows import agreeing_places, short_value, value_text


def _row(value: float, comparator: str = ">=", target: float = 95.0, **more) -> pd.Series:
    base = {"kind": "level", "value": value, "comparator": comparator, "target": target, "tolerance": math.nan,
            "upper": math.nan, "observed_change": math.nan, "indicator_unit": "%", "year": 2025,
            "ci_low": math.nan, "ci_high": math.nan}  # fmt: skip
    return pd.Series({**base, **more})


def test_a_value_just_below_the_target_is_not_rounded_up_to_it():
    row = _row(94.9998)
    assert agreeing_places(row, 1) == 4  # 95,0 / 95,00 / 95,000 would read as met; 94,9998 does not
    assert value_text(row, 1, "vi").startswith("94,9998 %")
    assert short_value(row, 1, "vi") == "94,9998%"


def test_a_value_just_above_a_ceiling_and_one_that_rounds_harmlessly():
    assert agreeing_places(_row(2.5004, "<=", 2.5), 2) == 4  # 2,50 would read as meeting ≤ 2,5
    assert agreeing_places(_row(94.94), 1) == 1  # 94,9 already reads as missing ≥ 95
    assert agreeing_places(_row(95.04), 1) == 1  # 95,0 reads as met, and it is
    assert agreeing_places(_row(math.nan), 1) == 1


def test_a_band_and_a_strict_comparator():
    assert agreeing_places(_row(8.4501, "~", 8.4, tolerance=0.05), 2) == 4  # 8,4 ± 0,05: 8,45 and 8,450 read as met
    assert agreeing_places(_row(95.0001, ">", 95.0), 1) == 4  # > 95: '95,0' would read as not above
