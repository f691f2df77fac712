"""The default year: the latest in which the plan's area has the inputs for more than half of its targets."""

from __future__ import annotations

from tests.support.bundled_2024 import bundled_2024
from tests.support.tiny import tiny_data, tiny_plan
from ytcs.data.coverage import YearChoice, choose_year
from ytcs.data.folder import read_data_folder
from ytcs.pipeline import plan_indicators
from ytcs.plans.resolve import load_plan_ref

HEADER = "unit,year,children_under1_fully_immunized,children_under1,infant_deaths,live_births\n"


def _choice(plan_ref, folder, asked=None) -> YearChoice:
    plan_set, plan = load_plan_ref(str(plan_ref))
    data = read_data_folder(folder, plan_set.variables(plan))
    return choose_year(data, plan, plan_indicators(plan_set, plan), asked)


def test_half_of_the_targets_is_not_most_of_them(tmp_path):
    # The tiny plan has 2 targets: immunisation (2 variables) and infant mortality (2 variables). 2025 gives
    # only births and infant deaths: 1 of 2 targets, not more than half, so 2024 (2 of 2) is shown.
    folder = tiny_data(tmp_path, HEADER + "21001,2024,65,100,3,900\n21001,2025,,,1,200\n")
    choice = _choice(tiny_plan(tmp_path), folder)
    assert (choice.year, choice.latest, choice.with_inputs) == (2024, 2025, {2024: 2, 2025: 1})
    assert choice.note() == (
        "Năm 2025 mới có số liệu cho 1/2 chỉ tiêu; hiển thị năm 2024 — dùng --year 2025 để xem năm 2025",
        "2025 has data for 1 of 2 targets; showing 2024 — use --year 2025",
    )


def test_a_complete_latest_year_is_shown_without_a_word(tmp_path):
    folder = tiny_data(tmp_path, HEADER + "21001,2024,65,100,3,900\n21001,2025,60,90,1,200\n")
    choice = _choice(tiny_plan(tmp_path), folder)
    assert (choice.year, choice.note(), choice.text()) == (2025, None, "")


def test_a_year_asked_is_shown_without_a_word(tmp_path):
    folder = tiny_data(tmp_path, HEADER + "21001,2024,65,100,3,900\n21001,2025,,,1,200\n")
    choice = _choice(tiny_plan(tmp_path), folder, asked=2025)
    assert (choice.year, choice.note()) == (2025, None)


def test_units_outside_the_plans_area_do_not_count(tmp_path):
    # 2025's immunisation counts come from a commune of another province (99 → 99001): still 1 of 2 targets.
    folder = tiny_data(tmp_path, HEADER + "21001,2024,65,100,3,900\n21001,2025,,,1,200\n99001,2025,5,9,,\n")
    with (folder / "units.csv").open("a", encoding="utf-8") as units:
        units.write("99,Tỉnh Khác,province,\n990,Huyện Khác,district,99\n99001,Xã Khác,commune,990\n")
    assert _choice(tiny_plan(tmp_path), folder).year == 2024


def test_bundled_quang_ngai_counts_each_target_whose_inputs_its_area_gives():
    # 39 targets. The data as they were before 2025 hold 2022–2024; the two 'birth_rate_decline' targets need
    # the year before's births and population too, which 2022 lacks (no 2021): 37 in 2022, all 39 in 2023 and 2024.
    choice = _choice("quang-ngai-2024-ct37", bundled_2024("quang-ngai"))
    assert (choice.year, choice.targets, choice.with_inputs) == (2024, 39, {2022: 37, 2023: 39, 2024: 39})
