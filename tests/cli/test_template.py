"""`ytcs template PLAN [--data DIR] [--year Y]`: a file to fill in that reads back to the numbers typed in."""

from __future__ import annotations

import csv
import datetime
import io
import shutil

import openpyxl
import pytest

from tests.support.cli import QN, QN_DATA, invoke
from tests.support.paths import BUNDLED_FOLDERS, DATA
from ytcs.data.folder import read_data_folder
from ytcs.data.maps import plan_map_day
from ytcs.plans.resolve import load_plan_ref

# units.csv of Quảng Ngãi: 184 units, every one in the province (51): the province, 13 districts, 170 communes.
QN_UNITS = 184


def _typed(row: int, column: int) -> int:
    """The number 'typed' into a cell: different in every cell, so a value read into the wrong place shows."""
    return 1000 * row + column


def _read_back(folder, plan_ref=QN) -> dict[tuple[str, int, str], float]:
    """The values of a filled template, read as the commands read a folder: on the plan's own map."""
    plan_set, plan = load_plan_ref(plan_ref)
    variables = plan_set.variables(plan)
    values = read_data_folder(folder, variables, on=plan_map_day(plan), within=plan.jurisdiction.code).values
    return {(str(u), int(y), str(v)): float(x) for u, y, v, x in values[["unit", "year", "variable", "value"]].values}


def test_the_csv_template_lists_the_plans_units_for_the_year(tmp_path):
    text = invoke(["template", QN, "--data", QN_DATA, "--year", "2024"]).stdout
    rows = list(csv.reader(io.StringIO(text)))
    header, ids, units = rows[0], rows[1], rows[2:]
    assert header[:4] == ["Mã đơn vị", "Tên đơn vị", "Năm", "Tháng"] and ids[0] == "# unit"
    assert len(units) == QN_UNITS
    assert units[0][:4] == ["51", "Tỉnh Quảng Ngãi", "2024", ""]
    assert ["21262", "Xã An Phú", "2024", ""] in [row[:4] for row in units]
    assert all(cell == "" for row in units for cell in row[4:])  # nothing filled in: blank is missing


def test_a_filled_csv_template_reads_back_to_the_same_values(tmp_path):
    rows = list(csv.reader(io.StringIO(invoke(["template", QN, "--data", QN_DATA, "--year", "2024"]).stdout)))
    ids = rows[1][4:]
    expected = {}
    for r, row in enumerate(rows[2:]):
        for c, variable in enumerate(ids):
            row[4 + c] = str(_typed(r, c))
            expected[(row[0], 2024, variable)] = float(_typed(r, c))
    folder = tmp_path / "filled"
    folder.mkdir()
    shutil.copy(DATA / "quang-ngai" / "units.csv", folder / "units.csv")
    with (folder / "counts.csv").open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    assert _read_back(folder) == expected


def test_a_filled_xlsx_template_reads_back_to_the_same_values(tmp_path):
    folder = tmp_path / "filled"
    folder.mkdir()
    shutil.copy(DATA / "quang-ngai" / "units.csv", folder / "units.csv")
    book_path = folder / "counts.xlsx"
    invoke(["template", QN, "--data", QN_DATA, "--year", "2023", "-o", str(book_path)])
    book = openpyxl.load_workbook(book_path)
    sheet = book["Số liệu"]
    ids = [row[1] for row in book["Ghi chú"].iter_rows(min_row=2, values_only=True)]
    expected = {}
    for r, row in enumerate(sheet.iter_rows(min_row=2)):
        assert row[2].value == 2023
        for c, variable in enumerate(ids):
            row[4 + c].value = _typed(r, c)
            expected[(row[0].value, 2023, variable)] = float(_typed(r, c))
    book.save(book_path)
    assert len(expected) == QN_UNITS * len(ids)
    assert _read_back(folder) == expected


def test_xlsx_count_cells_take_only_whole_numbers_from_zero(tmp_path):
    path = tmp_path / "template.xlsx"
    invoke(["template", QN, "--year", "2024", "-o", str(path)])
    book = openpyxl.load_workbook(path)
    header = [cell.value for cell in book["Số liệu"][1]]
    rules = {rule.type: rule for rule in book["Số liệu"].data_validations.dataValidation}
    assert set(rules) == {"whole", "decimal"}
    for rule in rules.values():
        assert (rule.operator, rule.formula1, rule.allow_blank, rule.showErrorMessage) == (
            "greaterThanOrEqual", "0", True, True)  # fmt: skip

    def columns(rule) -> set[str]:
        return {header[cells.min_col - 1] for cells in rule.sqref.ranges}

    assert {"Dân số", "Số bác sĩ", "Số trẻ đẻ sống"} <= columns(rules["whole"])
    # amounts in kg and values taken as reported (life expectancy, HIV prevalence) may have decimals
    assert columns(rules["decimal"]) == {
        "Khối lượng chất thải rắn y tế được xử lý đạt chuẩn (kg)",
        "Khối lượng chất thải rắn y tế phát sinh (kg)",
        "Tuổi thọ trung bình",
        "Tỷ lệ nhiễm HIV trong cộng đồng (%)",
    }
    ranges = [cells for rule in rules.values() for cells in rule.sqref.ranges]
    assert len(ranges) == len(header) - 4  # every variable column, below the header, rows added later too
    assert {(cells.min_row, cells.max_row, cells.min_col == cells.max_col) for cells in ranges} == {(2, 5001, True)}


def test_the_default_year_is_last_year():
    rows = list(csv.reader(io.StringIO(invoke(["template", QN]).stdout)))
    assert rows[2][:3] == ["51", "Tỉnh Quảng Ngãi", str(datetime.date.today().year - 1)]


def test_a_data_folder_without_the_plans_area_is_refused(tmp_path):
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "units.csv").write_text("code,name,level,parent\n12,Tỉnh Lai Châu,province,\n", encoding="utf-8")
    result = invoke(["template", QN, "--data", str(folder)], expect_exit=2)
    assert "Error: the plan's jurisdiction 51 (Tỉnh Quảng Ngãi) is not in units.csv" in result.stderr


@pytest.mark.parametrize("plan_ref", sorted(BUNDLED_FOLDERS))
def test_every_bundled_plans_template_reads_back(plan_ref, tmp_path):
    # Every Vietnamese header names exactly one variable (no label shared with another variable's alias).
    text = invoke(["template", plan_ref, "--data", str(DATA / BUNDLED_FOLDERS[plan_ref]), "--year", "2024"]).stdout
    rows = list(csv.reader(io.StringIO(text)))
    folder = tmp_path / "filled"
    folder.mkdir()
    shutil.copy(DATA / BUNDLED_FOLDERS[plan_ref] / "units.csv", folder / "units.csv")
    first = rows[2][:4] + [str(_typed(0, c)) for c in range(len(rows[1]) - 4)]
    with (folder / "counts.csv").open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([rows[0], rows[1], first])
    code = rows[2][0]
    assert _read_back(folder, plan_ref) == {
        (code, 2024, variable): float(_typed(0, c)) for c, variable in enumerate(rows[1][4:])
    }
