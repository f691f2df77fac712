"""Issue 12, friendlier defaults: the default year, and `--unit` by code or name."""

from __future__ import annotations

import shutil

import pytest

from tests.support.cli import QN, QN_DATA, invoke, records
from tests.support.paths import DATA

NOTE_VI = "Năm 2025 mới có số liệu cho 2/39 chỉ tiêu; hiển thị năm 2024 — dùng --year 2025 để xem năm 2025"
NOTE_EN = "2025 has data for 2 of 39 targets; showing 2024 — use --year 2025"


@pytest.fixture
def with_first_months(tmp_path):
    """The bundled Quảng Ngãi folder plus January–March 2025 of births, deaths and infant deaths from every
    commune (and Lý Sơn, a district without communes). Of the plan's 39 targets only the two on infant
    mortality (infant deaths / live births) have every input in 2025: 2 of 39, not more than half."""
    folder = shutil.copytree(DATA / "quang-ngai", tmp_path / "qn")
    units = (folder / "units.csv").read_text(encoding="utf-8").splitlines()[1:]
    reporters = [line.split(",")[0] for line in units if line.split(",")[2] == "commune"] + ["536"]
    rows = "".join(f"{code},2025,{month},10,4,0\n" for code in reporters for month in (1, 2, 3))
    (folder / "monthly2025.csv").write_text("unit,year,month,live_births,deaths,infant_deaths\n" + rows, "utf-8")
    return str(folder)


def test_the_first_months_of_a_new_year_do_not_move_the_default_year(with_first_months):
    before = invoke(["gap", QN, "--data", QN_DATA, "--format", "json", "--all"])
    after = invoke(["gap", QN, "--data", with_first_months, "--format", "json", "--all"])
    assert records(after.stdout) == records(before.stdout)
    assert {row["year"] for row in records(after.stdout)} == {2024}
    assert f"{NOTE_VI}\n{NOTE_EN}\n" in after.stderr and "2025 has data" not in before.stderr


def test_compute_shows_the_same_year_and_says_why(with_first_months):
    before = invoke(["compute", QN, "--data", QN_DATA, "--format", "json"])
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
