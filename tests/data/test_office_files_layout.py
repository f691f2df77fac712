"""Issue 12's failures with Sở files, one test each: title rows ("no unit column"), a signature block
("'GIÁM ĐỐC' is not a number"), a blank row inside the data, a .txt save, a header cell with a line break,
and `--number-format` for one file. Numbers are the cells written here, added by hand in the comments."""

from __future__ import annotations

import codecs
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.cli import invoke, records
from tests.support.folders import write_folder
from tests.support.paths import CATALOG, DATA_BAD, PLANS
from ytcs.data.fast_csv import fast_wide_block
from ytcs.data.folder import DataSet, read_data_folder
from ytcs.data.names import variable_names
from ytcs.diagnostics import DataErrors, InputError, UsageError
from ytcs.plans import load_plan_set
from ytcs.plans.models import Variable

# Tỉnh Quảng Ngãi (51) > Thành phố Quảng Ngãi (522) > Phường Lê Hồng Phong (21010), Phường Trần Phú (21013).
UNITS = (
    "code,name,level,parent\n51,Tỉnh Quảng Ngãi,province,\n522,Thành phố Quảng Ngãi,district,51\n"
    "21010,Phường Lê Hồng Phong,commune,522\n21013,Phường Trần Phú,commune,522\n"
)
TITLES = 'SỞ Y TẾ QUẢNG NGÃI,,\nBÁO CÁO NHÂN LỰC Y TẾ,,\n"Năm 2024, đơn vị: người",,\n,,\n'
DOCTORS_PLAN = str(DATA_BAD / "_plans" / "doctors.yaml")


@pytest.fixture(scope="module")
def variables() -> dict[str, Variable]:
    return load_plan_set([CATALOG]).variables()


def folder_with(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    return write_folder(tmp_path, UNITS, files)


def counts(data: DataSet) -> dict[tuple[str, str], float]:
    """(unit, variable) → value, for the one year of these files."""
    return {(r.unit, r.variable): r.value for r in data.values.itertuples()}


def messages(data: DataSet) -> list[str]:
    return [f.format() for f in data.findings]


# --- title rows above the header -------------------------------------------------------------------------


def test_title_rows_are_skipped_once_and_the_fast_road_steps_aside(tmp_path, variables):
    folder = folder_with(tmp_path, {"staff.csv": TITLES + "Mã đơn vị,Năm,Số bác sĩ\n21010,2024,3\n21013,2024,5\n"})
    assert fast_wide_block(folder / "staff.csv", "staff.csv", "staff.csv", variable_names(variables)) is None
    data = read_data_folder(folder, variables)
    assert counts(data) == {("21010", "doctors"): 3, ("21013", "doctors"): 5}
    assert data.values["row"].tolist() == [6, 7]
    assert messages(data) == [
        "staff.csv:5: title rows 1–4 are skipped: the header is row 5 (the first row that names the unit column)"
    ]


def test_titles_above_a_header_without_a_unit_column_say_where_the_header_was_looked_for(tmp_path, variables):
    # 'Địa bàn' (area) names no unit column: 'Đơn vị' would, as a column of unit names (README)
    folder = folder_with(tmp_path, {"staff.csv": TITLES + "Địa bàn,Năm,Số bác sĩ\n21010,2024,3\n"})
    with pytest.raises(DataErrors) as caught:
        read_data_folder(folder, variables)
    message = str(caught.value)
    assert "staff.csv: no header row with a unit column in rows 1–30; the header must name the unit column" in message
    assert "(unit, mã đơn vị, mã" in message


def test_titles_above_a_header_of_unit_names_find_it(tmp_path, variables):
    # 'Đơn vị' heads a column of unit names (README: a name column is the unit column without a code column)
    folder = folder_with(tmp_path, {"staff.csv": TITLES + "Đơn vị,Năm,Số bác sĩ\nPhường Trần Phú,2024,5\n"})
    data = read_data_folder(folder, variables)
    assert counts(data) == {("21013", "doctors"): 5}
    assert data.values["row"].tolist() == [6]


def test_a_workbook_sheet_without_a_unit_column_is_named(tmp_path, variables):
    book = openpyxl.Workbook()
    book.active.title = "2024"
    for row in [["BÁO CÁO"], [], ["Địa bàn", "Năm", "Số bác sĩ"], ["21010", 2024, 3]]:
        book.active.append(row)
    book.save(folder_with(tmp_path, {}) / "communes.xlsx")
    with pytest.raises(DataErrors, match=r"communes\.xlsx: no header row with a unit column in rows 1–30 of sheet"):
        read_data_folder(tmp_path, variables)


def test_a_header_below_row_30_is_not_looked_for(tmp_path, variables):
    folder = folder_with(tmp_path, {"staff.csv": "Ghi chú\n" * 30 + "unit,year,doctors\n21010,2024,3\n"})
    with pytest.raises(DataErrors, match="no header row with a unit column in rows 1–30"):
        read_data_folder(folder, variables)


# --- the footer below the data -----------------------------------------------------------------------------

FOOTER = ',,\n,Người lập biểu,GIÁM ĐỐC\n,,"Quảng Ngãi, ngày 15 tháng 01 năm 2025"\n'


def test_a_signature_block_is_skipped_with_one_finding_not_a_number_error(tmp_path, variables):
    # 'GIÁM ĐỐC' and the date stand in the doctors column: before issue 12, "'GIÁM ĐỐC' is not a number".
    folder = folder_with(tmp_path, {"staff.csv": "unit,year,doctors\n21010,2024,3\n21013,2024,5\n" + FOOTER})
    data = read_data_folder(folder, variables)
    assert counts(data) == {("21010", "doctors"): 3, ("21013", "doctors"): 5}
    assert messages(data) == [
        "staff.csv:4: rows 4–6 are below the data ('Người lập biểu', 'GIÁM ĐỐC', 'Quảng Ngãi, ngày 15 tháng 01 năm "
        "2025': signatures, dates, notes) and skipped; the data ends at the first row blank in the unit and year "
        "columns below which no row has both"
    ]


def test_a_signature_in_the_unit_column_of_a_workbook_is_part_of_the_footer(tmp_path, variables):
    book = openpyxl.Workbook()
    rows = [
        ["Mã", "Năm", "Số bác sĩ"],
        ["21010", 2024, 3],
        ["21013", 2024, 5],
        [],
        ["Người lập biểu", None, "GIÁM ĐỐC"],
    ]
    for row in rows:
        book.active.append(row)
    book.active["F7"] = "Trần Thị Bình"  # right of the header, in the footer: no 'ignored cells' finding
    book.save(folder_with(tmp_path, {}) / "staff.xlsx")
    data = read_data_folder(tmp_path, variables)
    assert counts(data) == {("21010", "doctors"): 3, ("21013", "doctors"): 5}
    assert [f.code for f in data.findings] == ["footer-rows"]
    assert (
        "staff.xlsx:5: rows 5–7 are below the data ('Người lập biểu', 'GIÁM ĐỐC', 'Trần Thị Bình'" in messages(data)[0]
    )


def test_a_blank_row_inside_the_data_loses_no_row(tmp_path, variables):
    # Rows 3 and 5 are blank (a group's break, a heading in the name column): the rows below are read, and
    # the footer is what follows the last of them.
    text = "unit,name,year,doctors\n21010,,2024,3\n,,,\n,Phường,,\n21013,,2024,5\n" + FOOTER.replace(",,", ",,,")
    data = read_data_folder(folder_with(tmp_path, {"staff.csv": text}), variables)
    assert counts(data) == {("21010", "doctors"): 3, ("21013", "doctors"): 5}
    assert [f.code for f in data.findings] == ["footer-rows"]


def test_a_total_row_inside_the_data_is_still_reported_where_it_is(tmp_path, variables):
    text = "unit,name,year,doctors\n21010,,2024,3\n,Cộng,,3\n21013,,2024,5\n"
    data = read_data_folder(folder_with(tmp_path, {"staff.csv": text}), variables)
    assert counts(data) == {("21010", "doctors"): 3, ("21013", "doctors"): 5}
    assert [(f.code, f.row) for f in data.findings] == [("row-without-unit", 3)]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=25)
@given(
    titles=st.lists(st.text(st.sampled_from("BÁO CÁO Sở năm 2024:,-"), max_size=20), max_size=12),
    footer=st.lists(st.text(st.sampled_from("Người lập biểu GIÁM ĐỐC ngày 15,"), max_size=20), max_size=5),
)
def test_titles_and_a_footer_never_change_the_counts(tmp_path, variables, titles, footer):
    """Whatever titles stand above the header and whatever notes below a blank row, the counts are the same."""
    body = "Mã đơn vị;Năm;Số bác sĩ\n21010;2024;3\n21013;2024;5\n"
    head = "".join(f'"{title}";;\n' for title in titles)
    tail = ";;\n" + "".join(f';"{note}";"{note}"\n' for note in footer)
    data = read_data_folder(folder_with(tmp_path, {"staff.csv": head + body + tail}), variables)
    assert counts(data) == {("21010", "doctors"): 3, ("21013", "doctors"): 5}
    assert {f.code for f in data.findings} <= {"title-rows", "footer-rows"}


# --- text files and line breaks in headers ------------------------------------------------------------------


def unicode_text(text: str) -> bytes:
    return codecs.BOM_UTF16_LE + text.replace("\n", "\r\n").encode("utf-16-le")


def test_excels_unicode_text_save_is_read_and_other_txt_files_are_ignored(tmp_path, variables):
    files: dict[str, str | bytes] = {
        "staff.txt": unicode_text('SỞ Y TẾ\n"Mã\nđơn vị"\tNăm\tSố bác sĩ\n21010\t2024\t3\n21013\t2024\t5\n'),
        "notes.txt": "unit\tyear\tdoctors\n21010\t2024\t40\n",  # UTF-8: not Excel's Unicode text
        "utf16-no-tabs.txt": unicode_text("Ghi chú: số liệu sơ bộ\n"),
    }
    data = read_data_folder(folder_with(tmp_path, files), variables)
    assert counts(data) == {("21010", "doctors"): 3, ("21013", "doctors"): 5}
    assert sorted(messages(data)) == [
        "notes.txt: notes.txt is ignored: only .csv and .xlsx files are read (and .txt saved by Excel as 'Unicode "
        "text'); save it as one of them",
        "staff.txt:2: title row 1 is skipped: the header is row 2 (the first row that names the unit column)",
        "utf16-no-tabs.txt: utf16-no-tabs.txt is ignored: only .csv and .xlsx files are read (and .txt saved by "
        "Excel as 'Unicode text'); save it as one of them",
    ]


def test_a_header_cell_with_a_line_break_is_joined_with_a_space(tmp_path, variables):
    # Before issue 12: "staff.csv:3: 5 cells where the header has 3".
    csv_text = 'unit,year,"Số\nbác sĩ"\n21010,2024,3\n21013,2024,5\n'
    data = read_data_folder(folder_with(tmp_path, {"staff.csv": csv_text}), variables)
    assert counts(data) == {("21010", "doctors"): 3, ("21013", "doctors"): 5}
    assert data.values["row"].tolist() == [3, 4]  # the header takes lines 1–2
    book = openpyxl.Workbook()
    for row in [["Mã\nđơn vị", "Năm", "Số bác\r\nsĩ"], ["21010", 2024, 4]]:
        book.active.append(row)
    (tmp_path / "staff.csv").unlink()
    book.save(tmp_path / "staff.xlsx")
    assert counts(read_data_folder(tmp_path, variables)) == {("21010", "doctors"): 4}


# --- --number-format for one file ---------------------------------------------------------------------------

# a.csv is written the Vietnamese way (7.913 is 7913 people), b.csv the plain way (3.000 is 3 doctors): each
# alone is ambiguous. Per file: population 7913 + 11366 = 19279, doctors 3 + 5 = 8, and at 51 and 522
# 8 / 19279 × 10000 = 4,14959… doctors per 10,000 people.
SPLIT = {
    "a.csv": "unit,year,population\n21010,2024,7.913\n21013,2024,11.366\n",
    "b.csv": "unit,year,doctors\n21010,2024,3.000\n21013,2024,5.000\n",
}


def test_each_file_gets_its_own_number_format(tmp_path, variables):
    folder = folder_with(tmp_path, SPLIT)
    data = read_data_folder(folder, variables, number_format="vi")  # one rule for all: b.csv read wrong
    assert counts(data)[("21010", "doctors")] == 3000
    with pytest.raises(DataErrors) as caught:
        read_data_folder(folder, variables)
    message = str(caught.value)
    assert "a.csv:2:population: '7.913' reads as 7913 the Vietnamese way and 7.913 the plain way" in message
    assert "pass --number-format a.csv=vi or --number-format a.csv=en" in message
    assert "pass --number-format b.csv=vi or --number-format b.csv=en" in message
    result = invoke(
        ["compute", DOCTORS_PLAN, "--plans", str(PLANS), "--data", str(folder), "--year", "2024", "--format", "json",
         "--number-format", "A.csv=vi", "--number-format", "b.csv=en"]
    )  # fmt: skip
    rows = {(r["unit"], r["indicator"]): r for r in records(result.stdout)}
    assert rows["51", "doctors_per_10k"]["numerator"] == 8 and rows["51", "doctors_per_10k"]["denominator"] == 19279
    assert round(rows["522", "doctors_per_10k"]["value"], 4) == 4.1496


def test_a_plain_format_applies_to_every_file_and_a_file_of_its_own_overrides_it(tmp_path, variables):
    from ytcs.data.number_formats import NumberFormats

    folder = folder_with(tmp_path, SPLIT)
    data = read_data_folder(folder, variables, number_format=NumberFormats.parse(["vi", "b.csv=en"]))
    assert counts(data) == {
        ("21010", "population"): 7913,
        ("21013", "population"): 11366,
        ("21010", "doctors"): 3,
        ("21013", "doctors"): 5,
    }


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        (["a.csv=vn"], "--number-format 'a.csv=vn': the format must be auto, vi or en"),
        (["vi", "en"], "--number-format is given twice for every file (vi and en)"),
        (["a.csv=vi", "A.csv=en"], "--number-format is given twice for A.csv"),
        (["=vi"], "name the file before '='"),
    ],
)
def test_a_number_format_option_that_does_not_fit_is_one_line(values, fragment):
    from ytcs.data.number_formats import NumberFormats

    with pytest.raises(UsageError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        NumberFormats.parse(values)


def test_a_misspelt_file_in_the_option_is_refused_with_a_suggestion(tmp_path):
    folder = folder_with(tmp_path, SPLIT)
    result = invoke(
        ["compute", DOCTORS_PLAN, "--plans", str(PLANS), "--data", str(folder), "--number-format", "aa.csv=vi"],
        expect_exit=2,
    )
    assert result.output.count("Error:") == 1
    assert "--number-format names aa.csv, which is not a count file of" in result.output
    assert "did you mean a.csv?" in result.output


def test_the_number_format_error_for_a_workbook_sheet_names_the_workbook(tmp_path, variables):
    book = openpyxl.Workbook()
    book.active.title = "2024"
    for row in [["unit", "year", "population"], ["21010", 2024, "7.913"]]:
        book.active.append(row)
    book.save(folder_with(tmp_path, {}) / "dân số.xlsx")
    with pytest.raises(InputError, match=r"pass --number-format 'dân số\.xlsx=vi' or"):
        read_data_folder(tmp_path, variables)
