"""The Quảng Ngãi Kế hoạch 193/KH-UBND (seed 003, a portal article): objectives only, read from the seed by hand."""

from __future__ import annotations

import pytest

from tests.conftest import get_plan

PLAN_ID = "quang-ngai-2023-kh193"
SEED = "seeds/003_d4abbced92a2d0d0.txt"


@pytest.fixture(scope="module")
def plan(repo_plans):
    return get_plan(repo_plans, PLAN_ID)


def test_header(plan):
    assert plan.jurisdiction.code == "51"
    assert plan.document.number == "193/KH-UBND"
    assert plan.period.end == 2025
    assert plan.source == SEED


def test_no_targets(plan):
    # The article states no number at all.
    assert plan.targets == []


def test_objectives_count(plan):
    # 5 aims under "Mục tiêu", 9 task groups under "Các nhiệm vụ trọng tâm" (both split at the article's
    # semicolons), and the health-insurance task assigned to the provincial Social Security.
    assert len(plan.objectives) == 5 + 9 + 1
    assert sum(o.section.startswith("Mục tiêu") for o in plan.objectives) == 5
    assert sum(o.section.startswith("Nhiệm vụ trọng tâm") for o in plan.objectives) == 9


# (section, words the objective's text must contain), read from the article by hand.
SAMPLE = [
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


@pytest.mark.parametrize(("section", "words"), SAMPLE)
def test_sample_objectives(plan, section, words):
    found = [o for o in plan.objectives if o.section == section]
    assert len(found) == 1, section
    assert words in found[0].text
    assert found[0].quote
