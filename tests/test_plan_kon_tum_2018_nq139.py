"""The Kon Tum 2018 plan (NQ 139/NQ-CP) against its document (seed 004), values read from the seed by hand."""

from __future__ import annotations

import pytest

from tests.conftest import find_target, get_plan

PLAN_ID = "kon-tum-2018-nq139"


@pytest.fixture(scope="module")
def plan(repo_plans):
    return get_plan(repo_plans, PLAN_ID)


def test_counts(plan):
    # II.2: 6 for 2025 (incl. the 12 vaccines) + 8 for 2030 (incl. the 14 vaccines);
    # III.3: 4; III.4: 8; III.5.1: 1; III.5.3: 1; III.6.1: 6; III.7.1: 1.
    assert len(plan.targets) == 35
    assert len(plan.objectives) == 13
    assert plan.jurisdiction.code == "62"
    assert (plan.period.start, plan.period.end) == (2018, 2030)
    assert all(t.scope is None for t in plan.targets)


# (indicator, year, comparator, value) read from the seed by hand.
SAMPLE = [
    ("insurance_coverage_pct", 2025, ">=", 95),  # "đạt 95% dân số"
    ("insurance_coverage_pct", 2030, ">", 95),  # "trên 95% dân số"
    ("full_immunization_pct", 2025, ">=", 95),  # "tối thiểu 95% với 12 loại vắc xin"
    ("full_immunization_pct", 2030, ">=", 95),  # "đạt 95% với 14 loại vắc xin"
    ("epi_vaccine_types", 2025, ">=", 12),
    ("epi_vaccine_types", 2030, ">=", 14),
    ("stunting_pct", 2025, "<", 35),
    ("stunting_pct", 2030, "<", 32),
    ("underweight_pct", 2025, "<", 17),
    ("underweight_pct", 2030, "<", 14),
    ("under5_mortality_rate", 2030, "<", 47),
    ("infant_mortality_rate", 2030, "<", 30),
    ("health_stations_ncd_management_pct", 2025, ">=", 95),
    ("health_stations_ncd_management_pct", 2030, ">=", 100),
    ("health_managed_pct", 2025, ">", 90),
    ("health_managed_pct", 2030, ">", 95),
    ("hospital_beds_per_10k", 2025, ">", 38),
    ("hospital_beds_per_10k", 2030, ">", 46),
    ("private_hospital_beds_pct", 2025, ">=", 10),
    ("private_hospital_beds_pct", 2030, ">=", 15),
    ("provincial_general_hospital_beds", 2020, ">=", 750),
    ("technical_services_pct", 2025, ">=", 90),
    ("patient_satisfaction_pct", 2025, ">", 80),
    ("patient_satisfaction_pct", 2030, ">", 90),
    ("pharma_facilities_gxp_pct", 2020, ">=", 100),
    ("medicinal_seed_facilities_new", 2030, ">=", 5),
    ("doctors_per_10k", 2025, ">=", 11.5),
    ("pharmacists_per_10k", 2025, ">=", 1),
    ("nurses_per_10k", 2025, ">=", 22),
    ("doctors_per_10k", 2030, ">=", 12),
    ("pharmacists_per_10k", 2030, ">=", 1.5),
    ("nurses_per_10k", 2030, ">=", 25),
    ("regional_polyclinics", 2018, "<=", 0),  # "giải thể 07 phòng khám đa khoa khu vực còn lại"
]


@pytest.mark.parametrize(("indicator", "year", "comparator", "value"), SAMPLE)
def test_sample_targets(plan, indicator, year, comparator, value):
    target = find_target(plan, indicator, year)
    assert target.comparator == comparator
    assert target.value == pytest.approx(value)
    assert target.kind == "level"
    assert target.baseline is None
    assert target.quote and target.section


@pytest.mark.parametrize(("year", "value"), [(2025, 68.5), (2030, 69.5)])
def test_life_expectancy_is_about(plan, year, value):
    target = find_target(plan, "life_expectancy", year)
    assert (target.comparator, target.value, target.tolerance) == ("~", pytest.approx(value), 0.5)
    assert f"khoảng {value:g}".replace(".", ",") in target.quote
    assert target.note and "ytcs" in target.note
