"""Issue 12, friendlier defaults: the default year, and `--unit` by code or name."""

from __future__ import annotations

import shutil
import unicodedata

import pytest

from tests.support.cli import QN, QN_2024, QN_DATA, invoke, records

NOTE_VI = "Năm 2025 mới có số liệu cho 2/39 chỉ tiêu; hiển thị năm 2024 — dùng --year 2025 để xem năm 2025"
NOTE_EN = "2025 has data for 2 of 39 targets; showing 2024 — use --year 2025"


@pytest.fixture
def with_first_months(tmp_path):
    """The bundled Quảng Ngãi folder as it was before 2025, plus January–March 2025 of births, deaths and
    infant deaths from every commune (and Lý Sơn, a district without communes). Of the plan's 39 targets
    only the two on infant mortality (infant deaths / live births) have every input in 2025: 2 of 39, not
    more than half."""
    folder = shutil.copytree(QN_2024, tmp_path / "qn")
    units = (folder / "units.csv").read_text(encoding="utf-8").splitlines()[1:]
    reporters = [line.split(",")[0] for line in units if line.split(",")[2] == "commune"] + ["536"]
    rows = "".join(f"{code},2025,{month},10,4,0\n" for code in reporters for month in (1, 2, 3))
    (folder / "monthly2025.csv").write_text("unit,year,month,live_births,deaths,infant_deaths\n" + rows, "utf-8")
    return str(folder)


def test_the_first_months_of_a_new_year_do_not_move_the_default_year(with_first_months):
    before = invoke(["gap", QN, "--data", QN_2024, "--format", "json", "--all"])
    after = invoke(["gap", QN, "--data", with_first_months, "--format", "json", "--all"])
    assert records(after.stdout) == records(before.stdout)
    assert {row["year"] for row in records(after.stdout)} == {2024}
    assert f"{NOTE_VI}\n{NOTE_EN}\n" in after.stderr and "2025 has data" not in before.stderr


def test_compute_shows_the_same_year_and_says_why(with_first_months):
    before = invoke(["compute", QN, "--data", QN_2024, "--format", "json"])
    after = invoke(["compute", QN, "--data", with_first_months, "--format", "json"])
    assert records(after.stdout) == records(before.stdout)
    assert NOTE_EN in after.stderr


def test_the_year_asked_is_shown_without_a_note(with_first_months):
    result = invoke(["gap", QN, "--data", with_first_months, "--format", "json", "--year", "2025", "--all"])
    assert {row["year"] for row in records(result.stdout)} == {2025}
    assert "has data for" not in result.stderr


def test_the_report_says_why_under_the_data_year(with_first_months, tmp_path):
    page = tmp_path / "report.html"
    result = invoke(["report", QN, "--data", with_first_months, "-o", str(page)])
    assert NOTE_VI in result.stderr
    html = page.read_text(encoding="utf-8")
    assert '<dd id="data-year">2024</dd>' in html
    assert f'<p class="year-note" id="year-note">{NOTE_VI}</p>' in html


def _gap_for(unit: str, expect_exit: int = 0):
    return invoke(["gap", QN, "--data", QN_DATA, "--unit", unit, "--format", "json", "--all"], expect_exit=expect_exit)


@pytest.mark.parametrize("name", ["Huyện Ba Tơ", "huyện  BA TƠ", unicodedata.normalize("NFD", "Huyện Ba Tơ")])
def test_unit_by_name_is_the_unit_by_code(name):
    by_code = records(_gap_for("535").stdout)
    assert "535" in {row["unit"] for row in by_code}
    assert records(_gap_for(name).stdout) == by_code


def test_compute_takes_a_unit_name_without_its_opening_word():
    # Xã Ba Tô (21523) is one commune: the only unit whose name without 'Xã' is 'Ba Tô'.
    rows = records(invoke(["compute", QN, "--data", QN_DATA, "--unit", "Ba Tô", "--format", "json"]).stdout)
    assert {row["unit"] for row in rows} == {"21523"}


def test_a_name_two_units_share_lists_both_with_codes_and_parents():
    result = _gap_for("Ba Tơ", expect_exit=2)
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: --unit 'Ba Tơ' names 2 units: Huyện Ba Tơ (535, in Tỉnh Quảng Ngãi 51) and Thị trấn Ba Tơ (21484, in "
        "Huyện Ba Tơ 535); give the code"
    )


def test_a_unit_under_the_unit_above_it_is_that_unit():
    # As count files may name it (the path form of ytcs.data.unit_names): the thị trấn, not the district.
    rows = records(invoke(["compute", QN, "--data", QN_DATA, "--unit", "Huyện Ba Tơ/Thị trấn Ba Tơ",
                           "--format", "json"]).stdout)  # fmt: skip
    assert {row["unit"] for row in rows} == {"21484"}


def test_an_unknown_unit_suggests_names_and_codes():
    # Without diacritics 'Ba To' is close to Huyện Ba Tơ, Thị trấn Ba Tơ and Xã Ba Tô: all three are offered.
    last = _gap_for("Ba To", expect_exit=2).stderr.strip().splitlines()[-1]
    assert last.startswith("Error: unknown unit 'Ba To': neither a code nor a name in units.csv; did you mean ")
    assert {
        "Huyện Ba Tơ (535, in Tỉnh Quảng Ngãi 51)",
        "Thị trấn Ba Tơ (21484, in Huyện Ba Tơ 535)",
        "Xã Ba Tô (21523, in Huyện Ba Tơ 535)",
    } <= set(last.split("did you mean ")[1].rstrip("?").split(" or "))
    assert "did you mean Huyện Ba Tơ (535, in" in _gap_for("5355", expect_exit=2).stderr  # a mistyped code
    # Compared without diacritics, 'Duc Pho' is first of all Thị xã Đức Phổ.
    assert "did you mean Thị xã Đức Phổ (534, in" in _gap_for("Duc Pho", expect_exit=2).stderr
