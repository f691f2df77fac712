"""`ytcs gap` decisions, each from numbers worked by hand (Eurostat/Open SDG progress method)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ytcs.engine import gap, judge
from ytcs.plans.models import Indicator, Plan

UNITS = pd.DataFrame(
    {
        "code": ["51", "522", "524"],
        "name": ["Tỉnh", "Huyện A", "Huyện B"],
        "level": ["province", "district", "district"],
        "parent": [None, "51", "51"],
    }
)


def indicator(id_: str, polarity: str = "higher_is_better", bounded: bool = True) -> Indicator:
    return Indicator(
        id=id_,
        name_vi=id_,
        name_en=id_,
        unit="%",
        numerator="a",
        denominator="b",
        multiplier=100,
        polarity=polarity,
        bounded=bounded,
        definition="test",
    )


INDICATORS = {
    "coverage": indicator("coverage"),
    "imr": indicator("imr", "lower_is_better", bounded=False),
    "pop": indicator("pop", "none", bounded=False),
    "cbr": indicator("cbr", "none", bounded=False),
}


def plan(*targets: dict, objectives: list[dict] | None = None) -> Plan:
    return Plan.model_validate(
        {
            "kind": "plan",
            "id": "p",
            "title": "t",
            "issuer": "i",
            "document": {},
            "jurisdiction": {"code": "51", "name": "Tỉnh", "level": "province"},
            "period": {"start": 2015, "end": 2030},
            "source": "s",
            "targets": [{"quote": "q", "section": "s", **t} for t in targets],
            "objectives": objectives or [],
        }
    )


def results(
    indicator_id: str, values: dict[int, float], unit: str = "51", ci: tuple[float, float] | None = None
) -> pd.DataFrame:
    rows = [
        {
            "unit": unit,
            "year": y,
            "indicator": indicator_id,
            "value": v,
            "ci_low": ci[0] if ci else math.nan,
            "ci_high": ci[1] if ci else math.nan,
        }
        for y, v in values.items()
    ]
    return pd.DataFrame(rows)


def one(p: Plan, frame: pd.DataFrame, **kwargs) -> pd.Series:
    out = gap.evaluate_plan(p, INDICATORS, frame, UNITS, **kwargs)
    assert len(out) == 1, out
    return out.iloc[0]


# --- the four worked examples of the issue ------------------------------------------------------


def test_coverage_80_to_86_needs_acceleration():
    row = one(
        plan({"indicator": "coverage", "year": 2025, "comparator": ">=", "value": 95}),
        results("coverage", {2020: 80, 2023: 86}),
    )
    # CAGR_obs = (86/80)^(1/3) - 1 = 0.024398; CAGR_req = (95/80)^(1/5) - 1 = 0.034968
    assert row["ratio"] == pytest.approx(0.698, abs=1e-3)
    assert row["status"] == "needs acceleration"
    assert row["base_year"] == 2020 and row["base_value"] == 80
    assert row["projected"] == pytest.approx(80 * (86 / 80) ** (5 / 3), rel=1e-9)  # 90.34


def test_infant_mortality_14_to_13_limited_progress():
    row = one(
        plan({"indicator": "imr", "year": 2025, "comparator": "<=", "value": 10}), results("imr", {2020: 14, 2023: 13})
    )
    assert row["ratio"] == pytest.approx(0.375, abs=1e-3)
    assert row["status"] == "limited progress"
    assert row["gap"] == pytest.approx(3.0)


def test_infant_mortality_14_to_15_deterioration():
    row = one(
        plan({"indicator": "imr", "year": 2025, "comparator": "<=", "value": 10}), results("imr", {2020: 14, 2023: 15})
    )
    assert row["ratio"] == pytest.approx(-0.357, abs=1e-3)
    assert row["status"] == "deterioration"


def test_coverage_96_already_achieved():
    row = one(
        plan({"indicator": "coverage", "year": 2025, "comparator": ">=", "value": 95}),
        results("coverage", {2020: 80, 2023: 96}),
    )
    assert row["status"] == "achieved"
    assert row["gap"] == 0


# --- more statuses --------------------------------------------------------------------------------


def test_on_track():
    row = one(
        plan({"indicator": "coverage", "year": 2025, "comparator": ">=", "value": 95}),
        results("coverage", {2020: 80, 2023: 89}),
    )
    # (89/80)^(1/3)-1 = 0.036198 ≥ 0.95 × 0.034968
    assert row["status"] == "on track"


def test_year_reached_is_met_or_missed_with_significance():
    p = plan({"indicator": "coverage", "year": 2025, "comparator": ">", "value": 95})
    missed = one(p, results("coverage", {2024: 90, 2025: 89.9}, ci=(89.0, 90.8)))
    assert missed["status"] == "missed"
    assert missed["gap"] == pytest.approx(5.1)
    assert missed["relative_gap"] == pytest.approx(5.1 / 95)
    assert missed["significance"] == "significantly behind"
    met = one(p, results("coverage", {2025: 96.0}, ci=(94.0, 97.5)))
    assert met["status"] == "met"
    assert met["significance"] == "not significantly different"


def test_small_district_not_significantly_behind():
    # 3 infant deaths in 900 live births: 3.33‰ with interval 0.687–9.741 against ≤ 2.5‰.
    p = plan({"indicator": "imr", "year": 2024, "comparator": "<=", "value": 2.5})
    row = one(p, results("imr", {2024: 3 / 900 * 1000}, ci=(0.687, 9.741)))
    assert row["status"] == "missed"
    assert row["significance"] == "not significantly different"
    province = one(p, results("imr", {2024: 3.3}, ci=(3.0, 3.6)))
    assert province["significance"] == "significantly behind"


def test_tilde_target_uses_tolerance():
    p = plan({"indicator": "pop", "year": 2025, "comparator": "~", "value": 1_250_197, "tolerance": 12_502})
    inside = one(p, results("pop", {2025: 1_260_000}))
    assert inside["status"] == "met" and inside["gap"] == 0
    outside = one(p, results("pop", {2025: 1_270_000}))
    assert outside["status"] == "missed"
    assert outside["gap"] == pytest.approx(1_270_000 - 1_250_197 - 12_502)


def test_maintain_every_year_is_judged_inside_its_span():
    p = plan({"indicator": "coverage", "from_year": 2024, "year": 2030, "comparator": ">=", "value": 100})
    row = one(p, results("coverage", {2023: 100, 2024: 98.0}))
    assert row["status"] == "missed"  # 2024 lies in the span: no 'on track' while it must already hold
    assert row["gap"] == pytest.approx(2.0)
    kept = one(p, results("coverage", {2024: 100.0}))
    assert kept["status"] == "met"


def test_maintain_target_before_its_span_with_zero_required_change():
    p = plan(
        {
            "indicator": "coverage",
            "from_year": 2026,
            "year": 2030,
            "comparator": ">=",
            "value": 100,
            "baseline": {"year": 2022, "value": 100},
        }
    )
    row = one(p, results("coverage", {2024: 97.0}))
    assert row["status"] == "deterioration"  # it was at 100 and moved away


def test_annual_change_target():
    # fall in the birth rate of at least 0.5 points a year, by 2025 (no span: judged by progress until then)
    p = plan(
        {
            "indicator": "cbr",
            "kind": "annual_change",
            "year": 2025,
            "comparator": "<=",
            "value": -0.5,
            "change_unit": "points",
        }
    )
    fast = one(p, results("cbr", {2021: 20.0, 2024: 18.2}))
    assert fast["observed_change"] == pytest.approx(-0.6)
    assert fast["status"] == "on track"
    assert fast["projected"] == pytest.approx(17.6)
    slow = one(p, results("cbr", {2021: 20.0, 2024: 19.4}))
    assert slow["observed_change"] == pytest.approx(-0.2)
    assert slow["ratio"] == pytest.approx(0.4)  # −1 × (−0.2) / 0.5
    assert slow["status"] == "limited progress"
    assert slow["gap"] == pytest.approx(0.3)
    rising = one(p, results("cbr", {2021: 20.0, 2024: 20.6}))
    assert rising["status"] == "deterioration"
    done = one(p, results("cbr", {2021: 20.0, 2025: 18.8}))
    assert done["status"] == "missed" and done["gap"] == pytest.approx(0.2)


def test_annual_change_inside_its_span_is_met_or_missed():
    p = plan(
        {
            "indicator": "cbr",
            "kind": "annual_change",
            "from_year": 2022,
            "year": 2025,
            "comparator": "<=",
            "value": -0.5,
            "change_unit": "points",
        }
    )
    assert one(p, results("cbr", {2021: 20.0, 2024: 18.2}))["status"] == "met"
    assert one(p, results("cbr", {2021: 20.0, 2024: 19.4}))["status"] == "missed"


def test_annual_change_in_percent_of_a_negative_base_is_insufficient_not_a_crash():
    p = plan(
        {
            "indicator": "pop",
            "kind": "annual_change",
            "year": 2025,
            "comparator": ">=",
            "value": 1,
            "change_unit": "percent",
        }
    )
    assert one(p, results("pop", {2021: -2.0, 2023: 1.0}))["status"] == "insufficient data"


def test_range_target_checks_both_ends():
    p = plan(
        {"indicator": "coverage", "kind": "range", "year": 2025, "comparator": "between", "value": 60, "upper": 70}
    )
    assert one(p, results("coverage", {2025: 65}))["status"] == "met"
    low = one(p, results("coverage", {2025: 55}))
    high = one(p, results("coverage", {2025: 72}))
    assert (low["status"], low["gap"]) == ("missed", 5)
    assert (high["status"], high["gap"]) == ("missed", 2)


def test_per_year_range_target():
    p = plan(
        {
            "indicator": "coverage",
            "kind": "range",
            "per_year": True,
            "year": 2025,
            "comparator": "between",
            "value": 1.5,
            "upper": 2,
            "change_unit": "points",
        }
    )
    row = one(p, results("coverage", {2021: 70, 2024: 75.4}))
    assert row["observed_change"] == pytest.approx(1.8)
    assert row["status"] == "on track"
    too_fast = one(p, results("coverage", {2021: 70, 2024: 79}))
    assert too_fast["status"] == "limited progress" and too_fast["gap"] == pytest.approx(1.0)
    too_slow = one(p, results("coverage", {2021: 70, 2025: 73}))
    assert too_slow["status"] == "missed" and too_slow["gap"] == pytest.approx(0.75)


def test_band_target_approached_from_above_aims_at_the_nearest_edge():
    p = plan({"indicator": "cbr", "kind": "range", "year": 2030, "comparator": "between", "value": 10, "upper": 12})
    row = one(p, results("cbr", {2020: 17.62, 2024: 16.82}))
    # aim 12: observed (16.82/17.62)^(1/4) − 1 = −0.011547; required (12/17.62)^(1/10) − 1 = −0.037692
    assert row["ratio"] == pytest.approx(0.011547 / 0.037692, abs=1e-3)
    assert row["status"] == "limited progress"


def test_band_target_overshoot_is_not_on_track():
    p = plan({"indicator": "pop", "year": 2030, "comparator": "~", "value": 100, "tolerance": 1})
    row = one(p, results("pop", {2020: 90, 2024: 98}))  # rising 2 a year: 110 by 2030, past the band
    assert row["projected"] > 101
    assert row["status"] == "limited progress"


def test_plan_baseline_serves_only_the_plans_own_area():
    p = plan(
        {
            "indicator": "coverage",
            "year": 2030,
            "comparator": ">=",
            "value": 95,
            "baseline": {"year": 2022, "value": 90},
        }
    )
    frame = pd.concat(
        [
            results("coverage", {2023: 91}, unit="51"),
            results("coverage", {2022: 60, 2024: 70}, unit="522"),
            results("coverage", {2024: 91.5}, unit="51"),
        ]
    )
    out = gap.evaluate_plan(p, INDICATORS, frame, UNITS, unit_codes=["51", "522"]).set_index("unit")
    assert (out.loc["51", "base_year"], out.loc["51", "base_value"]) == (2022, 90)
    assert (out.loc["522", "base_year"], out.loc["522", "base_value"]) == (2022, 60)


def test_scoped_target_is_evaluated_only_for_its_unit():
    p = plan({"indicator": "coverage", "year": 2025, "comparator": ">=", "value": 90, "scope": "522"})
    frame = pd.concat([results("coverage", {2025: 80}, unit="522"), results("coverage", {2025: 95}, unit="524")])
    out = gap.evaluate_plan(p, INDICATORS, frame, UNITS, unit_codes=["51", "524"])
    assert list(out["unit"]) == ["522"]  # judged for its unit even when the listing is for others
    assert out.iloc[0]["status"] == "missed"
    assert gap.evaluate_plan(p, INDICATORS, frame, UNITS, unit_codes=["524"], only_unit="524").empty
    unknown = plan({"indicator": "coverage", "year": 2025, "comparator": ">=", "value": 90, "scope": "999"})
    row = one(unknown, frame)
    assert row["status"] == "no data" and row["missing"] == "unit 999 is not in units.csv"


def test_zero_base_falls_back_to_linear_slopes():
    p = plan(
        {"indicator": "coverage", "year": 2025, "comparator": ">=", "value": 50, "baseline": {"year": 2020, "value": 0}}
    )
    row = one(p, results("coverage", {2023: 24}))
    # slopes: observed 24/3 = 8 a year; required 50/5 = 10 a year → R = 0.8
    assert row["ratio"] == pytest.approx(0.8)
    assert row["status"] == "needs acceleration"
    assert row["projected"] == pytest.approx(40)


def test_zero_target_for_a_lower_is_better_rate():
    p = plan(
        {"indicator": "imr", "year": 2025, "comparator": "<=", "value": 0, "baseline": {"year": 2020, "value": 10}}
    )
    row = one(p, results("imr", {2023: 4}))
    # slopes: observed −2 a year, required −2 a year → R = 1
    assert row["ratio"] == pytest.approx(1.0)
    assert row["status"] == "on track"


def test_missing_data_names_the_missing_variables():
    p = plan({"indicator": "coverage", "year": 2025, "comparator": ">=", "value": 95})
    frame = results("coverage", {2024: math.nan})
    row = one(p, frame, missing_inputs={("51", 2024, "coverage"): ["a"]})
    assert row["status"] == "no data"
    assert row["missing"] == "a"


def test_insufficient_data_with_one_point():
    row = one(
        plan({"indicator": "coverage", "year": 2025, "comparator": ">=", "value": 95}), results("coverage", {2023: 86})
    )
    assert row["status"] == "insufficient data"


def test_published_history_serves_as_base():
    published = pd.DataFrame({"unit": ["51"], "year": [2016], "indicator": ["coverage"], "value": [80.0]})
    row = one(
        plan({"indicator": "coverage", "year": 2030, "comparator": ">=", "value": 95}),
        results("coverage", {2024: 86}),
        published=published,
    )
    assert (row["base_year"], row["base_value"]) == (2016, 80.0)
    assert row["status"] in {"needs acceleration", "limited progress", "on track"}


def test_objectives_are_listed_not_measurable():
    p = plan(objectives=[{"text": "Nâng cao chất lượng", "section": "I"}])
    out = gap.evaluate_plan(p, INDICATORS, results("coverage", {2024: 1}), UNITS)
    assert list(out["status"]) == ["not measurable"]
    assert gap.summarise(out).text().splitlines()[-1].endswith("1 qualitative objectives not measurable")


def test_default_listing_is_most_severe_first():
    frame = pd.DataFrame(
        {
            "status": ["on track", "needs acceleration", "missed", "no data", "missed"],
            "significance": ["no interval", "no interval", "not significantly different", None, "significantly behind"],
            "relative_gap": [0, 0.1, 0.5, math.nan, 0.2],
            "level": ["province"] * 5,
            "unit": list("abcde"),
        }
    )
    ordered = gap.order_by_severity(frame)
    assert list(ordered["unit"]) == ["e", "c", "b", "d", "a"]
    assert list(gap.behind_only(ordered)["unit"]) == ["e", "c", "b", "d"]
    on_track_but_below = frame.assign(status="on track", significance="significantly behind")
    assert gap.behind_only(on_track_but_below).empty


@given(st.floats(0, 1000), st.floats(0, 1000), st.sampled_from([">=", ">", "<=", "<", "~", "=="]))
def test_gap_is_zero_when_met_and_positive_when_behind(value, target, comparator):
    tolerance = 1.0 if comparator == "~" else None
    shortfall = judge.shortfall(value, comparator, target, tolerance=tolerance)
    met = judge.satisfies(value, comparator, target, tolerance=tolerance)
    assert shortfall >= 0
    if met:
        assert shortfall == 0
    elif comparator not in (">", "<"):  # strict comparators can miss by exactly 0
        assert shortfall > 0
