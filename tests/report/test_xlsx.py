"""Spreadsheets as people open them (checked with openpyxl), and CSV for an Excel set to Vietnamese."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from tests.support.cli import QN, QN_2024, QN_DATA, invoke, records
from tests.support.report import area_counts
from ytcs.vocab import Status

VIETNAMESE_STATUSES = {
    "không đạt", "xấu đi", "tiến bộ hạn chế", "cần tăng tốc", "thiếu số liệu", "chưa đủ số liệu", "đúng tiến độ",
    "đã đạt trước hạn", "đạt", "không đo được",
}  # fmt: skip


@pytest.fixture(scope="module")
def gap_book(tmp_path_factory) -> openpyxl.Workbook:
    """A gap workbook of a year with every value (2024; 2025 has no facility counts on the plan's units)."""
    path = tmp_path_factory.mktemp("xlsx") / "gap.xlsx"
    invoke(["gap", QN, "--data", QN_2024, "--all", "--format", "xlsx", "-o", str(path)])
    return openpyxl.load_workbook(path)


def header(sheet) -> list[str]:
    return [cell.value for cell in sheet[1]]


def column(sheet, name: str) -> list:
    index = header(sheet).index(name)
    return [row[index] for row in sheet.iter_rows(min_row=2)]


def test_summary_and_matrix_first_then_the_detail(gap_book):
    assert gap_book.sheetnames == ["Tóm tắt", "Ma trận", "Chi tiết"]


def test_every_sheet_has_widths_a_bold_frozen_header_and_filters(gap_book):
    for sheet in gap_book.worksheets:
        assert sheet.freeze_panes is not None and sheet.freeze_panes.endswith("2"), sheet.title
        assert all(cell.font.bold for cell in sheet[1] if cell.value), sheet.title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
        widths = [sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]]
        assert all(width and width >= 6 for width in widths), sheet.title
    detail = gap_book["Chi tiết"]
    name_width = detail.column_dimensions[detail.cell(1, header(detail).index("Chỉ số") + 1).column_letter].width
    assert name_width > 30  # long Vietnamese names get room


def test_detail_numbers_are_formatted_by_each_indicators_decimals(gap_book):
    detail = gap_book["Chi tiết"]
    names = header(detail)
    rows = [dict(zip(names, row, strict=True)) for row in detail.iter_rows(min_row=2)]
    immunisation = next(r for r in rows if r["Mã chỉ số"].value == "full_immunization_pct")  # 1 decimal, in %
    doctors = next(r for r in rows if r["Mã chỉ số"].value == "doctors_per_10k")  # 2 decimals, per 10,000
    assert immunisation["Giá trị"].number_format == '#,##0.0" %"'
    assert doctors["Giá trị"].number_format == "#,##0.00"
    assert immunisation["Khoảng cách tương đối"].number_format.endswith("%")  # a fraction shown as a percentage
    assert isinstance(immunisation["Giá trị"].value, float)  # numbers stay numbers
    assert immunisation["Cấp"].value in {"Tỉnh", "Huyện"}


def test_statuses_are_vietnamese_and_filled_by_status(gap_book):
    detail = gap_book["Chi tiết"]
    statuses = column(detail, "Tình trạng")
    labels = {cell.value for cell in statuses}
    assert labels <= VIETNAMESE_STATUSES and "xấu đi" in labels
    fills: dict[str, set[str]] = {}
    for cell in statuses:
        fills.setdefault(cell.value, set()).add(cell.fill.fgColor.rgb[-6:])
    assert all(len(colours) == 1 for colours in fills.values())  # one colour per status
    assert len({next(iter(colours)) for colours in fills.values()}) == len(fills)  # a different one for each
    by_label = {status.label_vi: status for status in Status}
    assert all(next(iter(colours)) == by_label[label].fill[1:].upper() for label, colours in fills.items())


def test_summary_counts_the_areas_targets(gap_book, cli_once):
    qn_gap_rows = records(cli_once(["gap", QN, "--data", QN_2024, "--all", "--format", "json"]).stdout)
    summary = gap_book["Tóm tắt"]
    rows = list(summary.iter_rows(min_row=2, values_only=True))
    targets = [row for row in rows if isinstance(row[0], int)]
    assert len(targets) == 39
    expected = area_counts(qn_gap_rows, "51")
    counted = {row[0]: row[1] for row in rows if row[0] in {status.label_vi for status in Status}}
    assert counted["xấu đi"] == expected["deterioration"]
    assert counted["đã đạt trước hạn"] == expected["achieved"]


def test_matrix_has_a_column_per_unit_and_a_row_per_target(gap_book):
    matrix = gap_book["Ma trận"]
    names = header(matrix)
    assert names[3] == "Tỉnh Quảng Ngãi (51)" and len(names) == 3 + 14
    assert matrix.max_row == 1 + 39
    assert {cell.value for cell in column(matrix, "Tỉnh Quảng Ngãi (51)")} <= VIETNAMESE_STATUSES


def test_compute_xlsx_completeness_is_a_percentage(tmp_path):
    path = tmp_path / "compute.xlsx"
    invoke(["compute", QN, "--data", QN_2024, "--level", "province", "--format", "xlsx", "-o", str(path)])
    book = openpyxl.load_workbook(path)  # 2024: every unit reported every input
    assert book.sheetnames == ["Tỉnh"]
    province = book["Tỉnh"]
    completeness = column(province, "Độ đầy đủ")
    assert {cell.value for cell in completeness} == {1} and {cell.number_format for cell in completeness} == {"0%"}
    assert province.freeze_panes == "C2"


def test_english_spreadsheet(tmp_path):
    path = tmp_path / "gap-en.xlsx"
    invoke(["gap", QN, "--data", QN_DATA, "--format", "xlsx", "--lang", "en", "-o", str(path)])
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Summary", "Matrix", "Detail"]
    assert "getting worse" in {cell.value for cell in column(book["Detail"], "Status")}


def test_excel_csv_for_vietnamese_settings(tmp_path: Path, cli_once):
    plain = cli_once(["gap", QN, "--data", QN_2024, "--unit", "51", "--format", "csv"]).stdout_bytes
    target = tmp_path / "gap.csv"
    invoke(["gap", QN, "--data", QN_2024, "--unit", "51", "--format", "csv", "--excel", "-o", str(target)])
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    excel = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    public = list(csv.DictReader(io.StringIO(plain.decode("utf-8-sig"))))
    assert list(excel[0]) == list(public[0])  # the same public columns
    immunisation = next(r for r in excel if r["indicator"] == "full_immunization_pct")
    assert immunisation["value"].startswith("89,89") and "." not in immunisation["value"]
    assert immunisation["status"] == "deterioration"  # ids, as in the plain CSV
    json_rows = records(cli_once(["gap", QN, "--data", QN_2024, "--unit", "51", "--format", "json"]).stdout)
    assert len(excel) == len(json_rows)
