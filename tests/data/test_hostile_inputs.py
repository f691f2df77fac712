"""Hostile and messy inputs (issue 10): workbooks read whole, text cells that are no numbers, files that
are no files, and sizes that must stay bounded. Each case either reads right (the number worked out by
hand in the test) or is one InputError naming the file, sheet, row or cell."""

from __future__ import annotations

import os
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.support.folders import write_folder
from tests.support.paths import CATALOG
from ytcs.data import xlsx_table
from ytcs.data.columns import roles_of
from ytcs.data.csv_table import read_csv_table
from ytcs.data.folder import read_data_folder
from ytcs.data.xlsx_book import number_kind
from ytcs.data.xlsx_table import read_xlsx_table, read_xlsx_tables
from ytcs.diagnostics import Finding, InputError, Location, escape_invisible, quote
from ytcs.plans import load_plan_set
from ytcs.plans.models import Variable

UNITS = (
    "code,name,level,parent\n12,Tỉnh Lai Châu,province,\n106,Huyện Tam Đường,district,12\n"
    "03390,Thị trấn Tam Đường,commune,106\n03394,Xã Thèn Sin,commune,106\n"
)


@pytest.fixture(scope="module")
def variables() -> dict[str, Variable]:
    return load_plan_set([CATALOG]).variables()


def folder_with(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    return write_folder(tmp_path, UNITS, files)


def value(folder: Path, variables: dict[str, Variable], unit: str, variable: str, year: int) -> float:
    values = read_data_folder(folder, variables).values
    found = values[(values["unit"] == unit) & (values["variable"] == variable) & (values["year"] == year)]
    assert len(found) == 1, values
    return float(found["value"].iloc[0])


def workbook(sheets: dict[str, list[list[object]]], hidden: tuple[str, ...] = ()) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if name in hidden:
            sheet.sheet_state = "hidden"
    return book


def rewrite_sheet(path: Path, old: bytes, new: bytes) -> None:
    """Edit the first sheet's XML in place: what openpyxl cannot write (a formula's saved result)."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    assert old in parts[sheet], parts[sheet]
    parts[sheet] = parts[sheet].replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


# --- text cells ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("８２４０", 8240),  # fullwidth digits, from an East Asian keyboard: NFKC reads them as 8240
        ("８．２４０", 8240),  # fullwidth full stop between thousands, in a file that is Vietnamese (';')
        ("٨٢٤٠", 8240),  # Arabic-Indic digits
        ("−12", -12),  # the minus sign U+2212
    ],
)
def test_digits_of_other_scripts_read_as_the_number_they_show(tmp_path, variables, text, expected):
    folder = folder_with(tmp_path, {"counts.csv": f"unit;year;population\n03390;2024;{text}\n"})
    assert value(folder, variables, "03390", "population", 2024) == expected


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        ("4260²", "'4260²' is not a number (² is not one of the digits 0–9)"),
        ("𝟒𝟐𝟔𝟎", "is not one of the digits 0–9"),  # mathematical bold: no digit a reader would type
        ("1" + "0" * 14 + "1", "'1000000000000001' is beyond ±10^15"),
        ("9" * 400, "is beyond ±10^15"),  # was infinity
        ("inf", "'inf' is not a number"),
        ("-Infinity", "'-Infinity' is not a number"),
        ("nan", "'nan' is not a number"),
        ("12\u200b", "'12\\u200b' is not a number"),  # a zero-width space, shown escaped
    ],
)
def test_a_text_cell_that_is_no_finite_number_is_refused_at_its_cell(tmp_path, variables, cell, fragment):
    folder = folder_with(tmp_path, {"counts.csv": f"unit,year,population\n03390,2024,8240\n03394,2024,{cell}\n"})
    with pytest.raises(InputError) as caught:
        read_data_folder(folder, variables)
    assert "counts.csv:3:population: " in str(caught.value) and fragment in str(caught.value)


def test_the_largest_number_allowed_is_read_exactly(tmp_path, variables):
    folder = folder_with(tmp_path, {"counts.csv": "unit,year,population\n03390,2024,1000000000000000\n"})
    assert value(folder, variables, "03390", "population", 2024) == 1e15


def test_a_zero_width_space_in_a_header_is_shown_escaped(tmp_path, variables):
    folder = folder_with(tmp_path, {"counts.csv": "unit,year,Dân số\u200b\n03390,2024,8240\n"})
    with pytest.raises(InputError) as caught:
        read_data_folder(folder, variables)
    assert "Dân số\\u200b" in str(caught.value) and "\u200b" not in str(caught.value)


def test_invisible_characters_are_escaped_in_every_message_form():
    assert escape_invisible("\ufeff21013\u200b\xa0") == "\\ufeff21013\\u200b\\xa0"
    assert escape_invisible("Thị trấn Tam Đường, 8.240") == "Thị trấn Tam Đường, 8.240"
    assert quote("a\nb\u202ec") == "'a\\nb\\u202ec'"
    assert str(Location("a\u200b.csv", 3, "Dân\u00adsố")) == "a\\u200b.csv:3:Dân\\xadsố"
    assert str(InputError("unit code \ufeff21013 is unknown", Location("a.csv", 2))) == (
        "a.csv:2: unit code \\ufeff21013 is unknown"
    )
    assert Finding("x", "unit \u200b21013", Location("a.csv", 2)).format() == "a.csv:2: unit \\u200b21013"


# --- files that are no text -------------------------------------------------------------------------------


def test_nul_bytes_after_the_data_are_refused_not_dropped(tmp_path):
    path = tmp_path / "counts.csv"
    path.write_bytes(b"unit,year,population\n03390,2024,8240\n" + b"\x00" * 5000)  # read as 0 rows before
    with pytest.raises(InputError, match=r"counts.csv:3: holds NUL bytes"):
        read_csv_table(path, path.name, path.name)


def test_utf16_without_a_bom_still_reads(tmp_path):
    path = tmp_path / "counts.csv"
    path.write_bytes("unit\tyear\tpopulation\r\n03390\t2024\t8240\r\n".encode("utf-16-le"))
    assert read_csv_table(path, path.name, path.name).headers == ["unit", "year", "population"]


def test_a_dos_end_of_file_mark_is_not_junk(tmp_path):
    path = tmp_path / "counts.csv"
    path.write_bytes(b"unit,year,population\r\n03390,2024,8240\r\n\x1a")
    assert list(read_csv_table(path, path.name, path.name).rows) == [2]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"unit,year,population,note\n03390,2024,8240," + b"x" * 50_000_000 + b"\n", "bytes long"),  # crashed
        (b"unit,year," + b"p" * 131_073 + b"\n1,2024,3\n", "header line is over 131,072 characters"),
        (b"unit,year,population\n03390,2024,\x1b[31m8240\n", "the control character \\x1b"),
    ],
)
def test_oversized_lines_and_control_characters_are_one_line_errors(tmp_path, content, fragment):
    path = tmp_path / "counts.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_csv_table(path, path.name, path.name)
    assert fragment in str(caught.value) and "\n" not in str(caught.value)


def test_a_sparse_file_of_2_gb_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "counts.csv"
    with open(path, "wb") as handle:
        handle.truncate(2_000_000_000)
    tracemalloc.start()
    with pytest.raises(InputError, match="is larger than 256 MB; CSV files over 256 MB are refused"):
        read_csv_table(path, path.name, path.name)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 10_000_000


@pytest.mark.parametrize("kind", ["fifo", "device", "loop", "folder"])
def test_what_is_no_file_is_refused_without_reading(tmp_path, kind):
    path = tmp_path / "counts.csv"
    if kind == "fifo":
        os.mkfifo(path)  # nobody writes to it: reading would wait for ever
    elif kind == "device":
        path.symlink_to("/dev/zero")  # reading would never end
    elif kind == "loop":
        path.symlink_to(path)
    else:
        path.mkdir()
    expected = {"fifo": "is a pipe", "device": "is a device", "loop": "symbolic link loop", "folder": "is a folder"}
    with pytest.raises(InputError, match=expected[kind]):
        read_csv_table(path, path.name, path.name)
    with pytest.raises(InputError, match=expected[kind]):
        read_xlsx_tables(path, path.name, path.name)


# --- workbooks read whole ---------------------------------------------------------------------------------


def test_every_visible_sheet_is_a_table_named_in_its_messages(tmp_path):
    path = tmp_path / "counts.xlsx"
    workbook(
        {
            "2023": [["unit", "year", "population"], ["03390", 2023, 8000]],
            "2024": [["unit", "year", "population"], ["03390", 2024, 8240]],
            "Sheet3": [],  # Excel's empty default sheet
            "Ghi chú": [["Cột", "Giải thích"], ["population", "Dân số trung bình"]],  # notes, as ytcs template writes
        }
    ).save(path)
    tables = read_xlsx_tables(path, "counts.xlsx", "data/counts.xlsx")
    assert [(t.sheet, t.file, t.display) for t in tables] == [
        ("2023", "counts.xlsx!2023", "data/counts.xlsx!2023"),
        ("2024", "counts.xlsx!2024", "data/counts.xlsx!2024"),
    ]
    assert [list(t.cells[2]) for t in tables] == [[8000.0], [8240.0]]  # each year's own number
    assert str(tables[1].where(2, 2)) == "data/counts.xlsx!2024:2:population"
    with pytest.raises(InputError, match=r"holds 2 sheets of data \('2023', '2024'\)"):
        read_xlsx_table(path, "counts.xlsx", "data/counts.xlsx")  # one-sheet callers never lose a sheet silently


def test_a_hidden_stale_sheet_is_skipped_with_a_finding(tmp_path, variables):
    folder = folder_with(tmp_path, {})
    sheets = {
        "cũ": [["unit", "year", "population"], ["03390", 2024, 1]],  # a stale copy, hidden, and first
        "2024": [["unit", "year", "population"], ["03390", 2024, 8240]],
    }
    workbook(sheets, hidden=("cũ",)).save(folder / "counts.xlsx")
    tables = read_xlsx_tables(folder / "counts.xlsx", "counts.xlsx", "counts.xlsx")
    assert [t.sheet for t in tables] == ["2024"]
    assert [f.format() for f in tables[0].findings] == [
        "counts.xlsx: sheet 'cũ' is hidden and is not read; unhide it if it holds data for ytcs"
    ]
    assert value(folder, variables, "03390", "population", 2024) == 8240  # not 1


def test_a_formula_reads_as_its_saved_result(tmp_path):
    path = tmp_path / "counts.xlsx"
    workbook({"2024": [["unit", "year", "doctors"], ["51", 2024, "=SUM(C3:C4)"]]}).save(path)
    rewrite_sheet(path, b"<f>SUM(C3:C4)</f><v />", b"<f>SUM(C3:C4)</f><v>459</v>")
    assert list(read_xlsx_table(path, "counts.xlsx", "counts.xlsx").cells[2]) == [459.0]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("=SUM(C3:C4)", "counts.xlsx!2024!C2: holds a formula '=SUM(C3:C4)' with no saved result"),
        ("#N/A", "counts.xlsx!2024!C2: holds the error #N/A; correct the formula or clear the cell"),
        ("#VALUE!", "counts.xlsx!2024!C2: holds the error #VALUE!"),
    ],
)
def test_a_cell_without_a_value_to_read_is_an_error_naming_file_sheet_and_cell(tmp_path, cell, message):
    path = tmp_path / "counts.xlsx"
    workbook({"2024": [["unit", "year", "doctors"], ["51", 2024, cell]]}).save(path)
    with pytest.raises(InputError) as caught:
        read_xlsx_tables(path, "counts.xlsx", "counts.xlsx")
    assert str(caught.value).startswith(message)  # was read as blank: the province's 459 doctors dropped out


@pytest.mark.parametrize(
    ("saved", "number_format", "expected"),
    [
        (0.997, "0.0%", 99.7),  # shown 99,7%: 0.997 × 100, exactly
        (0.95, "0%", 95.0),  # built-in format 9
        (0.9315, "0.00%", 93.15),  # built-in format 10
        (99.7, '0.0"%"', 99.7),  # a quoted % shows the number as it is
        (0.5, "#,##0.00", 0.5),
    ],
)
def test_a_percent_formatted_cell_reads_as_the_number_it_shows(tmp_path, variables, saved, number_format, expected):
    folder = folder_with(tmp_path, {})
    book = workbook({"2010": [["unit", "year", "indicator", "value"], ["12", 2010, "full_immunization_pct", saved]]})
    book.active["D2"].number_format = number_format
    book.save(folder / "published.xlsx")
    published = read_data_folder(folder, variables).published
    assert published["value"].tolist() == [expected]


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("0.0%", "percent"),
        ("0.0%;-0.0%", "percent"),
        ("0.0%;0.0", "ambiguous"),
        ('0.0"%"', "number"),
        ("0.0\\%", "number"),
        ("[Red]0.0%", "percent"),
        ("dd/mm/yyyy", "date"),
        ("[$-42A]d mmmm yyyy", "date"),
        ("[h]:mm", "date"),
        ('#,##0 "người"', "number"),
        ("General", "number"),
    ],
)
def test_number_formats_are_told_apart(code, kind):
    assert number_kind(code) == kind


def test_a_date_formatted_number_that_is_no_date_is_refused(tmp_path):
    path = tmp_path / "counts.xlsx"
    book = workbook({"2024": [["unit", "year", "population"], ["03390", 2024, -5]]})
    book.active["C2"].number_format = "dd/mm/yyyy"  # Excel shows ####
    book.save(path)
    with pytest.raises(InputError, match=r"counts.xlsx!2024!C2: is formatted as a date but holds -5, which is no date"):
        read_xlsx_tables(path, "counts.xlsx", "counts.xlsx")


def test_a_far_away_cell_costs_nothing(tmp_path):
    path = tmp_path / "counts.xlsx"
    book = workbook({"2024": [["unit", "year", "population"], ["03390", 2024, 8240]]})
    book.active["XFD1048576"] = "x"  # a 5 KB workbook whose declared dimension is 17 billion cells
    book.active["AZ1048575"] = " "
    book.save(path)
    assert path.stat().st_size < 10_000
    tracemalloc.start()
    table = read_xlsx_table(path, "counts.xlsx", "counts.xlsx")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20_000_000
    assert table.headers == ["unit", "year", "population"] and list(table.rows) == [2]
    # Below the data and blank in its key columns: the stray cell is a footer, skipped with one finding.
    assert [f.format() for f in table.findings] == [
        "counts.xlsx:1048576: row 1048576 is below the data ('x': signatures, dates, notes) and skipped; the data "
        "ends at the first row blank in the unit and year columns below which no row has both"
    ]


def test_a_table_beyond_the_cell_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_table, "MAX_CELLS", 5)
    path = tmp_path / "counts.xlsx"
    workbook({"2024": [["unit", "year", "population"], ["1", 2024, 1], ["2", 2024, 2]]}).save(path)
    with pytest.raises(InputError, match=r"counts.xlsx!2024: the table is larger than 5 cells"):
        read_xlsx_tables(path, "counts.xlsx", "counts.xlsx")


def test_a_sheet_without_a_header_row_says_where_it_looked(tmp_path):
    path = tmp_path / "counts.xlsx"
    book = workbook({"2024": []})
    book.active["B3"] = 5
    book.save(path)
    table = read_xlsx_tables(path, "counts.xlsx", "counts.xlsx")[0]
    assert table.header_row == 3  # no row names a unit column: the first that holds anything is the header
    with pytest.raises(InputError, match=r"^counts.xlsx: no header row with a unit column in rows 1–30 of sheet 2024;"):
        roles_of(table)


def test_a_workbook_with_nothing_visible_is_refused(tmp_path):
    hidden_only = tmp_path / "hidden.xlsx"
    book = workbook({"a": [], "b": [["unit", "year"], ["1", 2024]]}, hidden=("b",))
    book.save(hidden_only)
    with pytest.raises(InputError, match="no visible sheet holds any cell"):
        read_xlsx_tables(hidden_only, "hidden.xlsx", "hidden.xlsx")


def test_a_filled_in_template_workbook_reads_with_its_notes_sheet_skipped(tmp_path, variables):
    from ytcs.data.template import write_template_xlsx

    folder = folder_with(tmp_path, {})
    write_template_xlsx(folder / "counts.xlsx", [variables["population"], variables["doctors"]])
    book = openpyxl.load_workbook(folder / "counts.xlsx")
    assert book.sheetnames == ["Số liệu", "Ghi chú"]
    book["Số liệu"].append(["03390", "Thị trấn Tam Đường", 2024, None, 8240, 5])  # the name column is skipped
    book.save(folder / "counts.xlsx")
    assert value(folder, variables, "03390", "population", 2024) == 8240
    assert value(folder, variables, "03390", "doctors", 2024) == 5
