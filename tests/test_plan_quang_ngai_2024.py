"""The Quảng Ngãi 2024 plan against its document (seed 000), values read from the seed by hand."""

from __future__ import annotations

import pytest

from tests.conftest import find_target, get_plan

PLAN_ID = "quang-ngai-2024-ct37"


@pytest.fixture(scope="module")
def plan(repo_plans):
    return get_plan(repo_plans, PLAN_ID)


def test_counts(plan):
    # 19 table rows × 2 plan columns (2025, 2030) + the nurses ratio of III.3.
    assert len(plan.targets) == 39
    assert plan.jurisdiction.code == "51"


# (indicator, year, comparator, value, baseline) copied from the seed's table by hand.
SAMPLE = [
    ("doctors_per_10k", 2025, ">=", 8.25, 8.0),
    ("doctors_per_10k", 2030, ">=", 11, 8.0),
    ("pharmacists_per_10k", 2025, ">=", 3.2, 2.3),
    ("hospital_beds_per_10k", 2030, ">=", 35.6, 31.8),
    ("full_immunization_pct", 2025, ">", 95, 89.9),
    ("full_immunization_pct", 2030, ">", 96, 89.9),
    ("communes_meeting_national_criteria_pct", 2025, ">=", 97.6, 97.1),
    ("insurance_coverage_pct", 2025, ">=", 95.25, 94.15),
    ("insurance_coverage_pct", 2030, ">=", 95.5, 94.15),
    ("maternal_mortality_ratio", 2025, "<=", 0, 0),
    ("maternal_mortality_ratio", 2030, "<=", 42, 0),
    ("infant_mortality_rate", 2025, "<=", 2.5, 2.07),
    ("under5_mortality_rate", 2025, "<=", 2, 1.4),
    ("population_size", 2025, "~", 1250197, 1248643),
    ("population_size", 2030, "~", 1257716, 1248643),
    ("natural_increase_rate", 2030, "~", 8.0, 8.4),
    ("sex_ratio_at_birth", 2030, "<=", 110.1, 110.7),
    ("underweight_pct", 2030, "<=", 9.1, 11.5),
    ("hiv_prevalence", 2025, "<", 0.05, 0.06),
    ("hiv_prevalence", 2030, "<", 0.04, 0.06),
    ("life_expectancy", 2030, ">=", 75.1, 74.5),
]


@pytest.mark.parametrize(("indicator", "year", "comparator", "value", "baseline"), SAMPLE)
def test_sample_targets(plan, indicator, year, comparator, value, baseline):
    target = find_target(plan, indicator, year)
    assert target.comparator == comparator
    assert target.value == pytest.approx(value)
    assert target.baseline is not None and target.baseline.year == 2024
    assert target.baseline.value == pytest.approx(baseline)
    assert target.quote and target.section


def test_nurses_from_section_iii_3(plan):
    target = find_target(plan, "nurses_per_10k", 2030)
    assert (target.comparator, target.value, target.section) == (">=", 20, "III.3")
    assert "20 Điều dưỡng/vạn dân" in target.quote
