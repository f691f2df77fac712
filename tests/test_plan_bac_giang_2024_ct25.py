"""The Bắc Giang 2024 plan on grassroots health (seed 001) against its document, values read from the seed by hand."""

from __future__ import annotations

import pytest

from tests.conftest import find_target, find_targets, get_plan

PLAN_ID = "bac-giang-2024-ct25"
SEED = "seeds/001_243f4f9285230491.txt"


@pytest.fixture(scope="module")
def plan(repo_plans):
    return get_plan(repo_plans, PLAN_ID)


def test_header(plan):
    assert plan.jurisdiction.code == "24"
    assert plan.jurisdiction.level == "province"
    assert (plan.period.start, plan.period.end) == (2024, 2030)
    assert plan.document.date.isoformat() == "2024-01-28"
    assert plan.source == SEED


def test_counts(plan):
    # II.1: 6 directive indicators (doctor, village worker, BHYT, primary care paid by BHYT, health managed,
    # national criteria); II.2.1: 17 stations merged, 11 district-level units, 192 stations; II.2.3.1.a: 22 + 08
    # stations built or upgraded; II.2.3.1.b: 9 district health centres' beds; II.2.5: electronic records.
    assert len(plan.targets) == 6 + 3 + 2 + 9 + 1
    assert len(find_targets(plan, "hospital_beds")) == 9
    assert plan.objectives


# (indicator, year, comparator, value, scope) read from the seed by hand.
SAMPLE = [
    ("health_stations_with_doctor_pct", 2030, ">=", 100, None),  # "Duy trì mỗi trạm y tế có ít nhất một bác sĩ"
    ("villages_with_health_worker_pct", 2030, ">=", 100, None),  # "mỗi thôn, bản, tổ dân phố có một nhân viên y tế"
    ("insurance_coverage_pct", 2030, ">", 99, None),  # "đến năm 2030 ... đạt trên 99% dân số"
    ("primary_care_bhyt_paid", 2030, ">", 95, None),  # "trên 95% người dân sử dụng dịch vụ chăm sóc ban đầu"
    ("health_managed_pct", 2030, ">", 95, None),  # "trên 95% dân số được quản lý sức khoẻ"
    ("communes_meeting_national_criteria_pct", 2030, ">=", 100, None),  # "100% xã ... đến hết năm 2030"
    ("ehr_pct", 2030, ">", 95, None),  # "từ năm 2025 trở đi, trên 95% dân số"
    ("district_level_health_units", 2025, "~", 11, None),  # "11 đơn vị"
    ("health_stations", 2025, "~", 192, None),  # "192 trạm y tế"
    ("health_stations_decline", 2025, "~", 17, None),  # "Sáp nhập 17 Trạm Y tế"
    ("health_stations_built_adb", 2025, ">=", 22, None),  # "nâng cấp 22 trạm y tế ... ADB"
    ("health_stations_upgraded_recovery", 2025, ">=", 8, None),  # "cho 08 trạm y tế xã"
    ("hospital_beds", 2030, ">=", 250, "219"),  # Lục Ngạn (mới), 250 giường
    ("hospital_beds", 2030, ">=", 270, "213"),  # TP Bắc Giang: cơ sở 1 170 + cơ sở 2 100
    ("hospital_beds", 2030, ">=", 110, "220"),  # Sơn Động
    ("hospital_beds", 2030, ">=", 180, "218"),  # Lục Nam
    ("hospital_beds", 2030, ">=", 150, "217"),  # Lạng Giang
    ("hospital_beds", 2030, ">=", 100, "215"),  # Yên Thế
    ("hospital_beds", 2030, ">=", 100, "216"),  # Tân Yên
    ("hospital_beds", 2030, ">=", 150, "223"),  # Hiệp Hòa
    ("hospital_beds", 2030, ">=", 180, "222"),  # Việt Yên
]


@pytest.mark.parametrize(("indicator", "year", "comparator", "value", "scope"), SAMPLE)
def test_sample_targets(plan, indicator, year, comparator, value, scope):
    target = find_target(plan, indicator, year, scope)
    assert target.comparator == comparator
    assert target.value == pytest.approx(value)
    assert target.scope == scope
    assert target.baseline is None
    assert target.quote and target.section
    if comparator == "~":
        assert target.tolerance is not None and target.note


@pytest.mark.parametrize(
    ("indicator", "from_year"),
    [
        ("health_stations_with_doctor_pct", 2024),  # "Duy trì": every year of the plan
        ("villages_with_health_worker_pct", 2024),
        ("ehr_pct", 2025),  # "từ năm 2025 trở đi"
        ("insurance_coverage_pct", None),  # "Phấn đấu đến năm 2030": reached by 2030
    ],
)
def test_from_year(plan, indicator, from_year):
    assert find_target(plan, indicator, 2030).from_year == from_year


def test_bed_quotes_name_their_centres(plan):
    assert "Lục Ngạn (mới) quy mô 250 giường" in find_target(plan, "hospital_beds", 2030, "219").quote
    quote = find_target(plan, "hospital_beds", 2030, "213").quote
    assert "170 giường bệnh" in quote and "100 giường bệnh" in quote
