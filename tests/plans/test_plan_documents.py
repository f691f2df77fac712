"""Each encoded plan against its document (the seed it cites), with every value read from the seed by hand.

One table, `DOCUMENTS`, says per plan what the document states: header fields, how many targets and
objectives it makes, and a sample of targets. The same checks run for every plan; what only one document
has (a yearly range, a restated target, quotes naming health centres) follows the table, plan by plan.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Mapping
from dataclasses import dataclass, field

import pytest

from tests.support.plans import find_target, find_targets, get_plan
from ytcs.plans import PlanSet
from ytcs.plans.models import Plan


@dataclass(frozen=True)
class Sample:
    """One target as the document states it: indicator, year, comparator, value; scope (a unit code) where
    the target is for one unit only; the baseline value where the document gives one."""

    indicator: str
    year: int
    comparator: str
    value: float
    scope: str | None = None
    baseline: float | None = None


@dataclass(frozen=True)
class Document:
    plan_id: str
    header: Mapping[str, object]  # dotted attribute of the plan → the value the document states
    targets: int  # how many targets the document's numbers make
    scoped: int  # how many of them are for one unit only (scope)
    samples: tuple[Sample, ...] = ()
    objectives: int | None = None  # how many qualitative objectives; None: at least one, not counted
    per_indicator: Mapping[str, int] = field(default_factory=dict)  # targets of one indicator
    baseline_year: int | None = None  # the year of every sampled baseline
    section_prefix: str = ""  # every sampled target's section starts so


BAC_GIANG = Document(
    "bac-giang-2024-ct25",
    header={
        "jurisdiction.code": "24",
        "jurisdiction.level": "province",
        "period.start": 2024,
        "period.end": 2030,
        "document.date": dt.date(2024, 1, 28),
        "source": "seeds/001_243f4f9285230491.txt",
    },
    # II.1: 6 directive indicators (doctor, village worker, BHYT, primary care paid by BHYT, health managed,
    # national criteria); II.2.1: 17 stations merged, 11 district-level units, 192 stations; II.2.3.1.a: 22 + 08
    # stations built or upgraded; II.2.3.1.b: 9 district health centres' beds; II.2.5: electronic records.
    targets=6 + 3 + 2 + 9 + 1,
    scoped=9,  # the beds, each for its district
    per_indicator={"hospital_beds": 9},
    samples=(
        Sample("health_stations_with_doctor_pct", 2030, ">=", 100),  # "Duy trì mỗi trạm y tế có ít nhất một bác sĩ"
        Sample("villages_with_health_worker_pct", 2030, ">=", 100),  # "mỗi thôn, bản, tổ dân phố có một nhân viên y tế"
        Sample("insurance_coverage_pct", 2030, ">", 99),  # "đến năm 2030 ... đạt trên 99% dân số"
        Sample("primary_care_bhyt_paid", 2030, ">", 95),  # "trên 95% người dân sử dụng dịch vụ chăm sóc ban đầu"
        Sample("health_managed_pct", 2030, ">", 95),  # "trên 95% dân số được quản lý sức khoẻ"
        Sample("communes_meeting_national_criteria_pct", 2030, ">=", 100),  # "100% xã ... đến hết năm 2030"
        Sample("ehr_pct", 2030, ">", 95),  # "từ năm 2025 trở đi, trên 95% dân số"
        Sample("district_level_health_units", 2025, "~", 11),  # "11 đơn vị"
        Sample("health_stations", 2025, "~", 192),  # "192 trạm y tế"
        Sample("health_stations_decline", 2025, "~", 17),  # "Sáp nhập 17 Trạm Y tế"
        Sample("health_stations_built_adb", 2025, ">=", 22),  # "nâng cấp 22 trạm y tế ... ADB"
        Sample("health_stations_upgraded_recovery", 2025, ">=", 8),  # "cho 08 trạm y tế xã"
        Sample("hospital_beds", 2030, ">=", 250, scope="219"),  # Lục Ngạn (mới), 250 giường
        Sample("hospital_beds", 2030, ">=", 270, scope="213"),  # TP Bắc Giang: cơ sở 1 170 + cơ sở 2 100
        Sample("hospital_beds", 2030, ">=", 110, scope="220"),  # Sơn Động
        Sample("hospital_beds", 2030, ">=", 180, scope="218"),  # Lục Nam
        Sample("hospital_beds", 2030, ">=", 150, scope="217"),  # Lạng Giang
        Sample("hospital_beds", 2030, ">=", 100, scope="215"),  # Yên Thế
        Sample("hospital_beds", 2030, ">=", 100, scope="216"),  # Tân Yên
        Sample("hospital_beds", 2030, ">=", 150, scope="223"),  # Hiệp Hòa
        Sample("hospital_beds", 2030, ">=", 180, scope="222"),  # Việt Yên
    ),
)

KON_TUM = Document(
    "kon-tum-2018-nq139",
    header={"jurisdiction.code": "62", "period.start": 2018, "period.end": 2030},
    # II.2: 6 for 2025 (incl. the 12 vaccines) + 8 for 2030 (incl. the 14 vaccines);
    # III.3: 4; III.4: 8; III.5.1: 1; III.5.3: 1; III.6.1: 6; III.7.1: 1.
    targets=35,
    scoped=0,
    objectives=13,
    samples=(
        Sample("insurance_coverage_pct", 2025, ">=", 95),  # "đạt 95% dân số"
        Sample("insurance_coverage_pct", 2030, ">", 95),  # "trên 95% dân số"
        Sample("full_immunization_pct", 2025, ">=", 95),  # "tối thiểu 95% với 12 loại vắc xin"
        Sample("full_immunization_pct", 2030, ">=", 95),  # "đạt 95% với 14 loại vắc xin"
        Sample("epi_vaccine_types", 2025, ">=", 12),
        Sample("epi_vaccine_types", 2030, ">=", 14),
        Sample("stunting_pct", 2025, "<", 35),
        Sample("stunting_pct", 2030, "<", 32),
        Sample("underweight_pct", 2025, "<", 17),
        Sample("underweight_pct", 2030, "<", 14),
        Sample("under5_mortality_rate", 2030, "<", 47),
        Sample("infant_mortality_rate", 2030, "<", 30),
        Sample("health_stations_ncd_management_pct", 2025, ">=", 95),
        Sample("health_stations_ncd_management_pct", 2030, ">=", 100),
        Sample("health_managed_pct", 2025, ">", 90),
        Sample("health_managed_pct", 2030, ">", 95),
        Sample("hospital_beds_per_10k", 2025, ">", 38),
        Sample("hospital_beds_per_10k", 2030, ">", 46),
        Sample("private_hospital_beds_pct", 2025, ">=", 10),
        Sample("private_hospital_beds_pct", 2030, ">=", 15),
        Sample("provincial_general_hospital_beds", 2020, ">=", 750),
        Sample("technical_services_pct", 2025, ">=", 90),
        Sample("patient_satisfaction_pct", 2025, ">", 80),
        Sample("patient_satisfaction_pct", 2030, ">", 90),
        Sample("pharma_facilities_gxp_pct", 2020, ">=", 100),
        Sample("medicinal_seed_facilities_new", 2030, ">=", 5),
        Sample("doctors_per_10k", 2025, ">=", 11.5),
        Sample("pharmacists_per_10k", 2025, ">=", 1),
        Sample("nurses_per_10k", 2025, ">=", 22),
        Sample("doctors_per_10k", 2030, ">=", 12),
        Sample("pharmacists_per_10k", 2030, ">=", 1.5),
        Sample("nurses_per_10k", 2030, ">=", 25),
        Sample("regional_polyclinics", 2018, "<=", 0),  # "giải thể 07 phòng khám đa khoa khu vực còn lại"
    ),
)

QUANG_NGAI_2023 = Document(
    # A portal article: objectives only.
    "quang-ngai-2023-kh193",
    header={
        "jurisdiction.code": "51",
        "document.number": "193/KH-UBND",
        "period.end": 2025,
        "source": "seeds/003_d4abbced92a2d0d0.txt",
    },
    targets=0,  # the article states no number at all
    scoped=0,
    # 5 aims under "Mục tiêu", 9 task groups under "Các nhiệm vụ trọng tâm" (both split at the article's
    # semicolons), and the health-insurance task assigned to the provincial Social Security.
    objectives=5 + 9 + 1,
)

QUANG_NGAI_2024 = Document(
    "quang-ngai-2024-ct37",
    header={"jurisdiction.code": "51"},
    targets=39,  # 19 table rows × 2 plan columns (2025, 2030) + the nurses ratio of III.3
    scoped=0,
    baseline_year=2024,  # the table's "Thực hiện 2024" column
    samples=(
        Sample("doctors_per_10k", 2025, ">=", 8.25, baseline=8.0),
        Sample("doctors_per_10k", 2030, ">=", 11, baseline=8.0),
        Sample("pharmacists_per_10k", 2025, ">=", 3.2, baseline=2.3),
        Sample("hospital_beds_per_10k", 2030, ">=", 35.6, baseline=31.8),
        Sample("full_immunization_pct", 2025, ">", 95, baseline=89.9),
        Sample("full_immunization_pct", 2030, ">", 96, baseline=89.9),
        Sample("communes_meeting_national_criteria_pct", 2025, ">=", 97.6, baseline=97.1),
        Sample("insurance_coverage_pct", 2025, ">=", 95.25, baseline=94.15),
        Sample("insurance_coverage_pct", 2030, ">=", 95.5, baseline=94.15),
        Sample("maternal_mortality_ratio", 2025, "<=", 0, baseline=0),
        Sample("maternal_mortality_ratio", 2030, "<=", 42, baseline=0),
        Sample("infant_mortality_rate", 2025, "<=", 2.5, baseline=2.07),
        Sample("under5_mortality_rate", 2025, "<=", 2, baseline=1.4),
        Sample("population_size", 2025, "~", 1250197, baseline=1248643),
        Sample("population_size", 2030, "~", 1257716, baseline=1248643),
        Sample("natural_increase_rate", 2030, "~", 8.0, baseline=8.4),
        Sample("sex_ratio_at_birth", 2030, "<=", 110.1, baseline=110.7),
        Sample("underweight_pct", 2030, "<=", 9.1, baseline=11.5),
        Sample("hiv_prevalence", 2025, "<", 0.05, baseline=0.06),
        Sample("hiv_prevalence", 2030, "<", 0.04, baseline=0.06),
        Sample("life_expectancy", 2030, ">=", 75.1, baseline=74.5),
    ),
)

TAM_DUONG = Document(
    "tam-duong-2022",
    header={"jurisdiction.code": "106", "jurisdiction.level": "district", "period.start": 2022, "period.end": 2025},
    # Section II.1.2 items (1)–(13): 13 items, of which (3) gives 4 targets (the yearly range for each of
    # the two levels, district > 85%, commune 75%) and (4), (5), (7), (9) give 2 each → 13 + 3 + 4 = 20.
    targets=20,
    scoped=0,
    section_prefix="II.1.2",  # copied from section II.1.2 of the seed; the document states no baselines
    samples=(
        Sample("health_stations_up_to_standard_pct", 2025, ">=", 100),  # (1) 100% trạm y tế xã được kiên cố
        Sample("staff_university_pct", 2025, ">", 30),  # (2) đạt trên 30%
        Sample("health_stations_bhyt_eligible_pct", 2025, ">=", 100),  # (4) 100% đủ điều kiện KCB BHYT
        Sample("health_stations_ncd_management_pct", 2025, ">", 90),  # (5) Trên 90%
        Sample("health_stations_family_medicine_pct", 2025, ">=", 15),  # (5) 15% trạm y tế
        Sample("communes_meeting_national_criteria_pct", 2025, ">=", 100),  # (6) đạt 100%
        Sample("health_managed_pct", 2025, ">=", 100),  # (7) 100% dân số được theo dõi sức khỏe
        Sample("ehr_pct", 2025, ">=", 70),  # (7) 70% hồ sơ sức khỏe điện tử
        Sample("underweight_pct", 2025, "<", 15),  # (9) xuống dưới 15%
        Sample("stunting_pct", 2025, "<=", 21.3),  # (9) thể thấp còi xuống 21,3%
        Sample("health_stations_with_midwife_pct", 2025, ">=", 100),  # (10)
        Sample("health_stations_with_traditional_medicine_pct", 2025, ">=", 80),  # (11)
        Sample("full_immunization_pct", 2025, ">=", 95.2),  # (12) 95,2%
        Sample("hiv_prevalence", 2025, "<", 0.38),  # (13) dưới 0,38%
    ),
)

DOCUMENTS = [BAC_GIANG, KON_TUM, QUANG_NGAI_2023, QUANG_NGAI_2024, TAM_DUONG]
SAMPLES = [(document, sample) for document in DOCUMENTS for sample in document.samples]


def sample_id(sample: Sample) -> str:
    return "-".join(str(part) for part in (sample.indicator, sample.year, sample.scope) if part is not None)


@pytest.fixture(scope="module")
def plans(repo_plans: PlanSet) -> dict[str, Plan]:
    return {document.plan_id: get_plan(repo_plans, document.plan_id) for document in DOCUMENTS}


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.plan_id)
def test_header(plans, document: Document):
    plan = plans[document.plan_id]
    for attribute, expected in document.header.items():
        assert operator.attrgetter(attribute)(plan) == expected, attribute


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.plan_id)
def test_counts(plans, document: Document):
    plan = plans[document.plan_id]
    assert len(plan.targets) == document.targets
    assert sum(t.scope is not None for t in plan.targets) == document.scoped
    for indicator, count in document.per_indicator.items():
        assert len(find_targets(plan, indicator)) == count, indicator
    if document.objectives is None:
        assert plan.objectives
    else:
        assert len(plan.objectives) == document.objectives


@pytest.mark.parametrize(("document", "sample"), SAMPLES, ids=[f"{d.plan_id}:{sample_id(s)}" for d, s in SAMPLES])
def test_sample_targets(plans, document: Document, sample: Sample):
    target = find_target(plans[document.plan_id], sample.indicator, sample.year, sample.scope)
    assert target.kind == "level"
    assert target.comparator == sample.comparator
    assert target.value == pytest.approx(sample.value)
    assert target.scope == sample.scope
    if sample.baseline is None:
        assert target.baseline is None
    else:
        assert target.baseline is not None and target.baseline.year == document.baseline_year
        assert target.baseline.value == pytest.approx(sample.baseline)
    assert target.quote and target.section.startswith(document.section_prefix)
    if sample.comparator == "~":
        assert target.tolerance is not None and target.note


# --- Bắc Giang 2024 (seed 001) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("indicator", "from_year"),
    [
        ("health_stations_with_doctor_pct", 2024),  # "Duy trì": every year of the plan
        ("villages_with_health_worker_pct", 2024),
        ("ehr_pct", 2025),  # "từ năm 2025 trở đi"
        ("insurance_coverage_pct", None),  # "Phấn đấu đến năm 2030": reached by 2030
    ],
)
def test_bac_giang_from_year(plans, indicator, from_year):
    assert find_target(plans[BAC_GIANG.plan_id], indicator, 2030).from_year == from_year


def test_bac_giang_bed_quotes_name_their_centres(plans):
    plan = plans[BAC_GIANG.plan_id]
    assert "Lục Ngạn (mới) quy mô 250 giường" in find_target(plan, "hospital_beds", 2030, "219").quote
    quote = find_target(plan, "hospital_beds", 2030, "213").quote
    assert "170 giường bệnh" in quote and "100 giường bệnh" in quote


# --- Kon Tum 2018 (NQ 139/NQ-CP, seed 004) ----------------------------------------------------------------


@pytest.mark.parametrize(("year", "value"), [(2025, 68.5), (2030, 69.5)])
def test_kon_tum_life_expectancy_is_about(plans, year, value):
    target = find_target(plans[KON_TUM.plan_id], "life_expectancy", year)
    assert (target.comparator, target.value, target.tolerance) == ("~", pytest.approx(value), 0.5)
    assert f"khoảng {value:g}".replace(".", ",") in target.quote
    assert target.note and "ytcs" in target.note


# --- Quảng Ngãi Kế hoạch 193/KH-UBND (seed 003) ----------------------------------------------------------


def test_quang_ngai_2023_objectives_by_section(plans):
    plan = plans[QUANG_NGAI_2023.plan_id]
    assert sum(o.section.startswith("Mục tiêu") for o in plan.objectives) == 5
    assert sum(o.section.startswith("Nhiệm vụ trọng tâm") for o in plan.objectives) == 9


# (section, words the objective's text must contain), read from the article by hand.
QUANG_NGAI_2023_OBJECTIVES = [
    ("Mục tiêu (1)", "chuyên khoa sâu"),
    ("Mục tiêu (2)", "Trung tâm y tế cấp huyện"),
    ("Mục tiêu (3)", "Trạm y tế các xã, phường, thị trấn"),
    ("Nhiệm vụ trọng tâm (2)", "cấp cứu ngoại viện"),
    ("Nhiệm vụ trọng tâm (3)", "khám, chữa bệnh theo yêu cầu"),
    ("Nhiệm vụ trọng tâm (6)", "chuyển đổi số"),
    ("Nhiệm vụ trọng tâm (7)", "Tự chủ tài chính"),
    ("Nhiệm vụ trọng tâm (9)", "huy động nguồn lực"),
    ("Tổ chức thực hiện – Bảo hiểm xã hội tỉnh", "bảo hiểm y tế toàn dân"),
]


@pytest.mark.parametrize(("section", "words"), QUANG_NGAI_2023_OBJECTIVES)
def test_quang_ngai_2023_sample_objectives(plans, section, words):
    found = [o for o in plans[QUANG_NGAI_2023.plan_id].objectives if o.section == section]
    assert len(found) == 1, section
    assert words in found[0].text
    assert found[0].quote


# --- Quảng Ngãi 2024 (seed 000) ---------------------------------------------------------------------------


def test_quang_ngai_2024_nurses_from_section_iii_3(plans):
    target = find_target(plans[QUANG_NGAI_2024.plan_id], "nurses_per_10k", 2030)
    assert (target.comparator, target.value, target.section) == (">=", 20, "III.3")
    assert "20 Điều dưỡng/vạn dân" in target.quote


# --- Tam Đường 2022 (seed 002) ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("indicator", "comparator", "value"),
    [("technical_services_district_pct", ">", 85), ("technical_services_commune_pct", ">=", 75)],
)
def test_tam_duong_technical_service_levels(plans, indicator, comparator, value):
    # (3) "Tuyến huyện đạt trên 85% danh mục kỹ thuật ...; tuyến xã đạt 75% danh mục kỹ thuật"
    (target,) = [t for t in find_targets(plans[TAM_DUONG.plan_id], indicator, 2025) if t.kind == "level"]
    assert (target.comparator, target.value, target.section) == (comparator, value, "II.1.2 (3)")


@pytest.mark.parametrize("indicator", ["technical_services_district_pct", "technical_services_commune_pct"])
def test_tam_duong_technical_service_yearly_range(plans, indicator):
    # (3) "Tăng tỷ lệ thực hiện dịch vụ kỹ thuật của tuyến huyện, xã từ 1,5-2%/năm"
    (target,) = [t for t in find_targets(plans[TAM_DUONG.plan_id], indicator, 2025) if t.kind == "range"]
    assert target.comparator == "between"
    assert (target.value, target.upper) == (pytest.approx(1.5), pytest.approx(2))
    assert target.per_year and target.change_unit == "points"
    assert (target.from_year, target.year) == (2022, 2025)
    assert "1,5-2%/năm" in target.quote


def test_tam_duong_full_primary_care(plans):
    # (4) "... và thực hiện đầy đủ dịch vụ chăm sóc sức khỏe ban đầu": the 100% covers both clauses.
    target = find_target(plans[TAM_DUONG.plan_id], "health_stations_full_phc_pct", 2025)
    assert (target.comparator, target.value) == (">=", 100)


def test_tam_duong_birth_rate_annual_fall(plans):
    # (8) "Mức giảm tỷ lệ suất sinh bình quân 0,5%/năm", read as 0,5 ‰ points a year.
    target = find_target(plans[TAM_DUONG.plan_id], "crude_birth_rate", 2025)
    assert target.kind == "annual_change"
    assert (target.comparator, target.value, target.change_unit) == ("<=", pytest.approx(-0.5), "points")
    assert target.note and "per-mille" in target.note


def test_tam_duong_health_record_restatement_encoded_once(plans):
    # II.3.7 "đến năm 2025 đạt 70% dân số được lập hồ sơ" restates II.1.2 (7): one target, noted.
    targets = find_targets(plans[TAM_DUONG.plan_id], "ehr_pct")
    assert len(targets) == 1
    assert "70% dân số được lập hồ sơ" in targets[0].note


def test_tam_duong_annex_reference_carried(plans):
    assert any(o.section == "II.1.3" for o in plans[TAM_DUONG.plan_id].objectives)
