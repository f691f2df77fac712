"""What each (target, unit) pair of `ytcs gap` looks up, found for all pairs at once on integer keys (issue 14).

Every expected value is read off the small inputs written here, never from the program's output.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ytcs.engine import gap
from ytcs.plans.models import Indicator, Plan
from ytcs.vocab import Flag

UNITS = pd.DataFrame(
    {
        "code": ["51", "501", "502", "503"],
        "name": ["Tỉnh", "Huyện Một", "Huyện Hai", "Huyện Ba"],
        "level": ["province", "district", "district", "district"],
        "parent": [None, "51", "51", "51"],
    }
)
CODES = ["51", "501", "502", "503"]
INDICATORS = {
    "coverage": Indicator.model_validate({
        "id": "coverage", "name_vi": "Tỷ lệ", "name_en": "coverage", "unit": "%", "definition": "test",
        "polarity": "higher_is_better", "numerator": "a", "denominator": "b", "multiplier": 100, "bounded": True,
    }),
}  # fmt: skip


def _plan(**target: object) -> Plan:
    return Plan.model_validate({
        "kind": "plan", "id": "p", "title": "t", "issuer": "i", "document": {}, "source": "s",
        "jurisdiction": {"code": "51", "name": "Tỉnh", "level": "province"}, "period": {"start": 2015, "end": 2030},
        "targets": [{"indicator": "coverage", "year": 2030, "comparator": ">=", "value": 95, "quote": "q",
                     "section": "s", **target}],
    })  # fmt: skip


def _results(rows: list[tuple[str, int, float]], **extra: list[object]) -> pd.DataFrame:
    """Computed rows (unit, year, value) of the coverage indicator, without an interval."""
    frame = pd.DataFrame(rows, columns=["unit", "year", "value"]).assign(indicator="coverage")
    return frame.assign(ci_low=math.nan, ci_high=math.nan, **extra)


def _judge(results: pd.DataFrame, **options: object) -> pd.DataFrame:
    options = {"unit_codes": CODES, "year": 2024, **options}
    return gap.evaluate_plan(_plan(), INDICATORS, results, UNITS, **options).set_index("unit")  # type: ignore[arg-type]


def test_a_computed_value_is_the_base_before_a_published_one_of_the_same_year():
    published = pd.DataFrame({"unit": ["51", "51"], "year": [2020, 2018], "indicator": ["coverage"] * 2,
                              "value": [70.0, 60.0]})  # fmt: skip
    rows = _judge(_results([("51", 2020, 80.0), ("51", 2024, 86.0)]), published=published)
    assert (rows.loc["51", "base_year"], rows.loc["51", "base_value"]) == (2018, 60.0)  # the earliest: published
    later = published[published["year"] == 2020]
    rows = _judge(_results([("51", 2020, 80.0), ("51", 2024, 86.0)]), published=later)
    assert (rows.loc["51", "base_year"], rows.loc["51", "base_value"]) == (2020, 80.0)  # computed, not 70


def test_a_value_after_the_data_year_is_history_but_never_the_base():
    # 501 reports only in 2025: it has history of the indicator, so it is judged, but on 2024 it has no value
    rows = _judge(_results([("51", 2020, 80.0), ("51", 2024, 86.0), ("501", 2025, 90.0)]))
    assert rows.loc["501", "status"] == "no data"
    assert pd.isna(rows.loc["501", "base_year"]) and math.isnan(rows.loc["501", "value"])
    assert "502" not in rows.index  # nothing computed there at all: not judged below the plan's area


def test_a_zero_denominator_today_leaves_a_district_out():
    flags = [0, int(Flag.ZERO_DENOMINATOR), int(Flag.INCOMPLETE)]
    frame = _results([("51", 2024, 86.0), ("501", 2024, math.nan), ("502", 2024, 88.0)], flags=flags,
                     completeness=[1.0, 0.0, 0.5])  # fmt: skip
    rows = _judge(frame)
    assert list(rows.index) == ["51", "502"]
    assert (rows.loc["502", "completeness"], rows.loc["502", "flags"]) == (0.5, int(Flag.INCOMPLETE))
    assert (rows.loc["51", "completeness"], rows.loc["51", "flags"]) == (1.0, 0)


def test_without_completeness_and_flags_columns_none_are_given():
    rows = _judge(_results([("51", 2024, 86.0)]))
    assert math.isnan(rows.loc["51", "completeness"]) and rows.loc["51", "flags"] == 0


def test_a_scoped_unit_missing_from_units_csv_says_so():
    plan = _plan(scope="599")
    rows = gap.evaluate_plan(plan, INDICATORS, _results([("599", 2024, 90.0)]), UNITS, unit_codes=CODES, year=2024)
    assert list(rows["unit"]) == ["599"]
    assert rows.loc[0, "missing"] == "unit 599 is not in units.csv" and rows.loc[0, "value"] == 90.0


def test_what_a_unit_lacked_is_its_own_and_the_data_years():
    missing = {("501", 2024, "coverage"): ["a"], ("502", 2024, "coverage"): ["a", "b"], ("51", 2023, "coverage"): ["b"]}
    frame = _results([("51", 2024, 86.0), ("501", 2024, math.nan), ("502", 2024, math.nan), ("502", 2020, 70.0)])
    rows = _judge(frame, missing_inputs=missing)
    assert rows.loc["501", "missing"] == "a" and rows.loc["502", "missing"] == "a,b"
    assert pd.isna(rows.loc["51", "missing"])  # what it lacked in 2023 is not the data year's


YEARS = range(2018, 2025)
VALUES = st.one_of(st.just(math.nan), st.floats(min_value=1, max_value=99, allow_nan=False))


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(CODES), st.dictionaries(st.sampled_from(list(YEARS)), VALUES), min_size=1))
def test_every_unit_gets_its_own_value_and_base(history):
    """Today's value and the base of each unit are its own, however the rows are interleaved."""
    rows = [(unit, year, value) for unit, by_year in history.items() for year, value in by_year.items()]
    frame = _results(rows).sample(frac=1, random_state=len(rows)).reset_index(drop=True)
    out = _judge(frame)
    for unit in CODES:
        by_year = history.get(unit, {})
        given_years = sorted(year for year, value in by_year.items() if not math.isnan(value))
        judged = unit == "51" or bool(given_years) or 2024 in by_year
        assert (unit in out.index) == judged
        if not judged:
            continue
        today = by_year.get(2024, math.nan)
        assert out.loc[unit, "value"] == pytest.approx(today, nan_ok=True)
        if given_years:
            assert (out.loc[unit, "base_year"], out.loc[unit, "base_value"]) == (
                given_years[0], by_year[given_years[0]]
            )  # fmt: skip
        else:
            assert pd.isna(out.loc[unit, "base_year"])


STATUSES = st.sampled_from(["missed", "no data", "on track", "met", "not measurable", "needs acceleration"])
SIGNIFICANCES = st.sampled_from(["significantly behind", "no interval", None])
GAPS = st.one_of(st.just(math.nan), st.sampled_from([0.0, 0.1, 0.5, -0.2]))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(STATUSES, SIGNIFICANCES, GAPS, st.sampled_from(["province", "district", None]),
                          st.sampled_from(["51", "501", "502", None])), min_size=1, max_size=12))  # fmt: skip
def test_most_severe_first_is_one_stable_sort_on_five_keys(rows):
    """The listing order is pandas' stable sort on (severity, not significantly behind, −relative gap with none
    last, level, unit), worked out here with `sorted` on the same keys."""
    frame = pd.DataFrame(rows, columns=["status", "significance", "relative_gap", "level", "unit"])
    severity = ["missed", "deterioration", "limited progress", "needs acceleration", "no data", "insufficient data",
                "on track", "achieved", "met", "not measurable"]  # fmt: skip

    def text_key(value: object) -> tuple[int, str]:
        return (1, "") if value is None else (0, str(value))

    def key(i: int) -> tuple:
        status, significance, relative, level, unit = rows[i]
        rel = math.inf if math.isnan(relative) else -relative
        return (severity.index(status), significance != "significantly behind", rel, text_key(level), text_key(unit))

    expected = sorted(range(len(rows)), key=key)
    assert list(gap.order_by_severity(frame.assign(i=range(len(rows))))["i"]) == expected
