"""Write the cases of this corpus that are not plain UTF-8 text (run from anywhere; idempotent).

The other cases are hand-written text files; these need bytes a text editor would not keep:
UTF-16 and Windows-1258 encodings, Excel workbooks, NUL bytes and control characters, lines too long to
edit, and a workbook that unpacks a thousand-fold. `python make_binary_cases.py hostile` writes only the
hostile-input cases (issue 10), leaving the others' bytes as they are; `python make_binary_cases.py messy`
writes only the second round of them: most must be read right (the cases of cases.yaml with `values`).
"""

from __future__ import annotations

import datetime as dt
import sys
import zipfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # the repository root, when run as a script

from tests.support.vietnamese_text import encode_cp1258  # noqa: E402

UNITS = (
    "code,name,level,parent\n12,Tỉnh Lai Châu,province,\n106,Huyện Tam Đường,district,12\n"
    "03390,Thị trấn Tam Đường,commune,106\n03394,Xã Thèn Sin,commune,106\n"
)


# The read cases are computed for a plan of Quảng Ngãi (tests/data_bad/_plans): one district, two communes.
UNITS_QN = (
    "code,name,level,parent\n51,Tỉnh Quảng Ngãi,province,\n522,Thành phố Quảng Ngãi,district,51\n"
    "21010,Phường Lê Hồng Phong,commune,522\n21013,Phường Trần Phú,commune,522\n"
)


def case(name: str, units: str = UNITS) -> Path:
    folder = HERE / name
    folder.mkdir(exist_ok=True)
    (folder / "units.csv").write_text(units, encoding="utf-8")
    return folder


def main() -> None:
    # Excel's "Unicode text": UTF-16 with BOM, tab-separated; row 3 holds a word in a number column.
    text = "Mã đơn vị\tNăm\tDân số\r\n03390\t2024\t8240\r\n03394\t2024\tabc\r\n"
    (case("utf16-bad-cell") / "counts.csv").write_bytes(text.encode("utf-16"))
    # Windows-1258 (Vietnamese ANSI) stores tones as combining marks: headers must come out NFC.
    text = "Mã đơn vị,Năm,Số bác sĩ\r\n03390,2024,10\r\n03394,2024,2 người\r\n"
    (case("cp1258-bad-cell") / "counts.csv").write_bytes(encode_cp1258(text))
    # A workbook saved under a .csv name.
    workbook = openpyxl.Workbook()
    workbook.active.append(["unit", "year", "population"])
    workbook.active.append(["03390", 2024, 8240])
    workbook.save(case("workbook-named-csv") / "counts.csv")
    # A workbook whose number column holds a date (Excel's auto-format turned '1/3' into 1 March).
    workbook = openpyxl.Workbook()
    workbook.active.append(["unit", "year", "infant_deaths"])
    workbook.active.append(["03390", 2024, 1])
    workbook.active.append(["03394", 2024, dt.datetime(2024, 3, 1)])
    workbook.save(case("xlsx-date-in-number-column") / "counts.xlsx")
    # A workbook whose text cell is not a number.
    workbook = openpyxl.Workbook()
    workbook.active.append(["Mã đơn vị", "Năm", "Dân số"])
    workbook.active.append(["03390", 2024, 8240])
    workbook.active.append(["03394", "2024", "4.260 người"])
    workbook.save(case("xlsx-text-not-a-number") / "counts.xlsx")


def _workbook(rows: list[list[object]], title: str = "2024") -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    return workbook


def hostile() -> None:
    """Inputs that crashed ytcs, hung it or gave a wrong number before issue 10."""
    header = b"unit,year,population\n03390,2024,8240\n"
    # A file padded with NUL bytes after its data (a copy interrupted, a preallocated file).
    (case("nul-padded") / "counts.csv").write_bytes(header + b"03394,2024,4260\n" + b"\x00" * 8192)
    # Binary junk in the middle of a text file.
    (case("binary-junk") / "counts.csv").write_bytes(header + b"03394,2024,\x01\x02\xfe\x03\n")
    # A 200 KB note pasted into a cell, and a header as long (Python's csv module stops at 128 KB).
    note = b"unit,year,population,note\n03390,2024,8240," + b"x" * 200_000 + b"\n"
    (case("long-note-cell") / "counts.csv").write_bytes(note)
    (case("long-header") / "counts.csv").write_bytes(b"unit,year,population," + b"n" * 200_000 + b"\n03390,2024,1\n")
    # Formulas saved by a program that does not calculate them (openpyxl writes no cached value).
    workbook = _workbook([["unit", "year", "doctors"], ["03390", 2024, 5], ["03394", 2024, "=C2*2"]])
    workbook.save(case("xlsx-formula-without-value") / "counts.xlsx")
    workbook = _workbook([["unit", "year", "doctors"], ["03390", 2024, "#DIV/0!"]])
    workbook.save(case("xlsx-error-cell") / "counts.xlsx")
    # A format that shows positive numbers as percentages and negative ones not: no one reading.
    workbook = _workbook([["unit", "year", "indicator", "value"], ["12", 2010, "full_immunization_pct", 0.997]])
    workbook.active["D2"].number_format = "0.0%;0.0"
    workbook.save(case("xlsx-percent-ambiguous") / "published.xlsx")
    # The only sheet with data is hidden; the visible one is empty: nothing is read, and the message says so.
    workbook = _workbook([["unit", "year", "population"], ["03390", 2024, 8240]], title="cũ")
    workbook.active.sheet_state = "hidden"
    workbook.create_sheet("2024")
    workbook.active = 1
    workbook.save(case("xlsx-hidden-only") / "counts.xlsx")
    # Titles above a header that names no unit column ('Địa bàn' is neither a code's header nor a name's).
    workbook = _workbook([["SỞ Y TẾ LAI CHÂU"], [], ["Địa bàn", "Năm", "Dân số"], ["03390", 2024, 8240]])
    workbook.save(case("xlsx-no-header-row") / "counts.xlsx")
    # A numeric cell no count can be (an identity number pasted into a count column).
    workbook = _workbook([["unit", "year", "population"], ["03390", 2024, 1e20]])
    workbook.save(case("xlsx-number-too-large") / "counts.xlsx")
    # A sheet that unpacks to 5 MB of spaces from a few kilobytes: over 100 times its packed size.
    folder = case("xlsx-zip-bomb")
    _workbook([["unit", "year", "population"], ["03390", 2024, 8240]]).save(folder / "plain.xlsx")
    with zipfile.ZipFile(folder / "plain.xlsx") as plain, zipfile.ZipFile(folder / "counts.xlsx", "w") as bomb:
        for info in plain.infolist():
            data = plain.read(info.filename)
            if info.filename.endswith("sheet1.xml"):
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * 5_000_000)
            bomb.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    (folder / "plain.xlsx").unlink()


def _save_with_results(book: openpyxl.Workbook, path: Path, results: dict[str, str]) -> None:
    """Save, then give formulas of the first sheet their saved results (as Excel does; openpyxl cannot)."""
    book.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    for formula, result in results.items():
        old = f"<f>{formula}</f><v />".encode()
        assert old in parts[sheet], (formula, parts[sheet])
        parts[sheet] = parts[sheet].replace(old, f"<f>{formula}</f><v>{result}</v>".encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def messy() -> None:
    """Messy inputs, most of which must be read right (issue 10): workbooks read whole, digits of other
    scripts, invisible characters. The numbers each must give are worked out in cases.yaml."""
    header = ["unit", "year", "population", "doctors"]
    # A sheet per year: every visible sheet is a table (only the first was read before).
    book = openpyxl.Workbook()
    book.remove(book.active)
    for year, rows in {2023: [["21010", 2023, 7877, 2], ["21013", 2023, 11300, 4]],
                       2024: [["21010", 2024, 7913, 3], ["21013", 2024, 11366, 5]]}.items():  # fmt: skip
        sheet = book.create_sheet(str(year))
        for row in [header, *rows]:
            sheet.append(row)
    book.save(case("xlsx-sheet-per-year", UNITS_QN) / "counts.xlsx")
    # A stale copy, hidden and first (it was the one read), before the visible sheet of this year.
    book = openpyxl.Workbook()
    stale = book.active
    stale.title = "cũ"
    for row in [header, ["21010", 2024, 1, 99], ["21013", 2024, 1, 99]]:
        stale.append(row)
    stale.sheet_state = "hidden"
    current = book.create_sheet("2024")
    for row in [header, ["21010", 2024, 7913, 3], ["21013", 2024, 11366, 5]]:
        current.append(row)
    book.active = 1
    book.save(case("xlsx-hidden-stale-sheet", UNITS_QN) / "counts.xlsx")
    # Formulas saved by Excel with their results: read as those numbers.
    book = _workbook([header, ["21010", 2024, "=7900+13", 3], ["21013", 2024, 11366, "=2+3"]])
    _save_with_results(book, case("xlsx-formula-cached", UNITS_QN) / "counts.xlsx", {"7900+13": "7913", "2+3": "5"})
    # One stray cell at the last cell of the sheet: a 5 KB workbook declaring 17 billion cells.
    book = _workbook([header, ["21010", 2024, 7913, 3], ["21013", 2024, 11366, 5]])
    book.active["XFD1048576"] = "x"
    book.save(case("xlsx-far-cell", UNITS_QN) / "counts.xlsx")
    # A yearbook value typed into a cell formatted as a percentage: 0.997 shown 99,7%.
    folder = case("xlsx-percent-published", UNITS_QN)
    rows = [["unit", "year", "indicator", "value", "source"], ["51", 2010, "full_immunization_pct", 0.997, "NGTK 2010"]]
    book = _workbook(rows, title="Niên giám")
    book.active["D2"].number_format = "0.0%"
    book.save(folder / "published.xlsx")
    (folder / "communes.csv").write_text(
        "unit,year,children_under1,children_under1_fully_immunized\n21010,2024,150,146\n21013,2024,200,194\n",
        encoding="utf-8",
    )
    # Fullwidth digits (an East Asian input method) and Arabic-Indic digits in count cells.
    (case("fullwidth-digits", UNITS_QN) / "communes.csv").write_text(
        "unit,year,population,doctors\n21010,2024,７９１３,３\n21013,2024,١١٣٦٦,٥\n", encoding="utf-8"
    )
    # Thousands separated by a no-break space (U+00A0, as Word and Excel's French locale write) and a narrow
    # one (U+202F).
    (case("nbsp-thousands", UNITS_QN) / "communes.csv").write_text(
        "unit,year,population,doctors\n21010,2024,7\u00a0913,3\n21013,2024,11\u202f366,5\n", encoding="utf-8"
    )
    # Two exports pasted one after the other: the second one's BOM is now the first character of a unit code.
    (case("bom-unit-code", UNITS_QN) / "communes.csv").write_bytes(
        b"\xef\xbb\xbfunit,year,population,doctors\n" + "\ufeff21010,2024,7913,3\n".encode() + b"21013,2024,11366,5\n"
    )
    # The same in units.csv: refused, since a unit list must be right, with the BOM shown escaped.
    (case("units-bom-code", UNITS_QN.replace("\n21013,", "\n\ufeff21013,")) / "communes.csv").write_text(
        "unit,year,population,doctors\n21010,2024,7913,3\n21013,2024,11366,5\n", encoding="utf-8"
    )
    # A zero-width space typed after a header (copied from a web page): no variable, shown escaped.
    (case("zero-width-header", UNITS_QN) / "communes.csv").write_text(
        "unit,year,population,doctors\u200b\n21010,2024,7913,3\n21013,2024,11366,5\n", encoding="utf-8"
    )
    # Unit codes typed as numbers: Excel drops the leading zero of Lai Châu's '03390'.
    book = _workbook([header, [3390, 2024, 8240, 10], [3394, 2024, 4260, 2]])
    book.save(case("xlsx-unit-code-as-number") / "counts.xlsx")
    # An error cell other than #DIV/0!: a lookup that found nothing.
    book = _workbook([header, ["21010", 2024, 7913, 3], ["21013", 2024, 11366, "#N/A"]])
    book.save(case("xlsx-na-cell", UNITS_QN) / "counts.xlsx")


if __name__ == "__main__":
    if sys.argv[1:] == ["hostile"]:
        hostile()
    elif sys.argv[1:] == ["messy"]:
        messy()
    else:
        main()
        hostile()
        messy()
