"""The Tam Đường 2022 plan against its document (seed 002), values read from the seed by hand."""

from __future__ import annotations

import pytest

from tests.conftest import find_target, find_targets, get_plan

PLAN_ID = "tam-duong-2022"


@pytest.fixture(scope="module")
def plan(repo_plans):
    return get_plan(repo_plans, PLAN_ID)


def test_counts(plan):
    # Section II.1.2 items (1)–(13): 13 items, of which (3) gives 4 targets (the yearly range for each of
    # the two levels, district > 85%, commune 75%) and (4), (5), (7), (9) give 2 each → 13 + 3 + 4 = 20.
    assert len(plan.targets) == 20
    assert plan.jurisdiction.code == "106"
    assert plan.jurisdiction.level == "district"
    assert (plan.period.start, plan.period.end) == (2022, 2025)


# (indicator, year, comparator, value) copied from section II.1.2 of the seed by hand.
SAMPLE = [
    ("health_stations_up_to_standard_pct", 2025, ">=", 100),  # (1) 100% trạm y tế xã được kiên cố
    ("staff_university_pct", 2025, ">", 30),  # (2) đạt trên 30%
    ("health_stations_bhyt_eligible_pct", 2025, ">=", 100),  # (4) 100% đủ điều kiện KCB BHYT
    ("health_stations_ncd_management_pct", 2025, ">", 90),  # (5) Trên 90%
    ("health_stations_family_medicine_pct", 2025, ">=", 15),  # (5) 15% trạm y tế
    ("communes_meeting_national_criteria_pct", 2025, ">=", 100),  # (6) đạt 100%
    ("health_managed_pct", 2025, ">=", 100),  # (7) 100% dân số được theo dõi sức khỏe
    ("ehr_pct", 2025, ">=", 70),  # (7) 70% hồ sơ sức khỏe điện tử
    ("underweight_pct", 2025, "<", 15),  # (9) xuống dưới 15%
    ("stunting_pct", 2025, "<=", 21.3),  # (9) thể thấp còi xuống 21,3%
    ("health_stations_with_midwife_pct", 2025, ">=", 100),  # (10)
    ("health_stations_with_traditional_medicine_pct", 2025, ">=", 80),  # (11)
    ("full_immunization_pct", 2025, ">=", 95.2),  # (12) 95,2%
    ("hiv_prevalence", 2025, "<", 0.38),  # (13) dưới 0,38%
]


@pytest.mark.parametrize(("indicator", "year", "comparator", "value"), SAMPLE)
def test_sample_targets(plan, indicator, year, comparator, value):
    target = find_target(plan, indicator, year)
    assert target.kind == "level"
    assert target.comparator == comparator
    assert target.value == pytest.approx(value)
    assert target.scope is None
    assert target.baseline is None  # the document states no baselines
    assert target.quote and target.section.startswith("II.1.2")


@pytest.mark.parametrize(
    ("indicator", "comparator", "value"),
    [("technical_services_district_pct", ">", 85), ("technical_services_commune_pct", ">=", 75)],
)
def test_technical_service_levels(plan, indicator, comparator, value):
    # (3) "Tuyến huyện đạt trên 85% danh mục kỹ thuật ...; tuyến xã đạt 75% danh mục kỹ thuật"
    (target,) = [t for t in find_targets(plan, indicator, 2025) if t.kind == "level"]
    assert (target.comparator, target.value, target.section) == (comparator, value, "II.1.2 (3)")


@pytest.mark.parametrize("indicator", ["technical_services_district_pct", "technical_services_commune_pct"])
def test_technical_service_yearly_range(plan, indicator):
    # (3) "Tăng tỷ lệ thực hiện dịch vụ kỹ thuật của tuyến huyện, xã từ 1,5-2%/năm"
    (target,) = [t for t in find_targets(plan, indicator, 2025) if t.kind == "range"]
    assert target.comparator == "between"
    assert (target.value, target.upper) == (pytest.approx(1.5), pytest.approx(2))
    assert target.per_year and target.change_unit == "points"
    assert (target.from_year, target.year) == (2022, 2025)
    assert "1,5-2%/năm" in target.quote


def test_full_primary_care(plan):
    # (4) "... và thực hiện đầy đủ dịch vụ chăm sóc sức khỏe ban đầu": the 100% covers both clauses.
    target = find_target(plan, "health_stations_full_phc_pct", 2025)
    assert (target.comparator, target.value) == (">=", 100)


def test_birth_rate_annual_fall(plan):
    # (8) "Mức giảm tỷ lệ suất sinh bình quân 0,5%/năm", read as 0,5 ‰ points a year.
    target = find_target(plan, "crude_birth_rate", 2025)
    assert target.kind == "annual_change"
    assert (target.comparator, target.value, target.change_unit) == ("<=", pytest.approx(-0.5), "points")
    assert target.note and "per-mille" in target.note


def test_health_record_restatement_encoded_once(plan):
    # II.3.7 "đến năm 2025 đạt 70% dân số được lập hồ sơ" restates II.1.2 (7): one target, noted.
    targets = find_targets(plan, "ehr_pct")
    assert len(targets) == 1
    assert "70% dân số được lập hồ sơ" in targets[0].note


def test_annex_reference_carried(plan):
    assert any(o.section == "II.1.3" for o in plan.objectives)
