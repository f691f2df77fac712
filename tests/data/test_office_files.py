"""Issue 12, the files a Sở really has: a workbook with titles, a signature block and a sheet per year, and
its "Unicode text" .txt save, read as the bundled Quảng Ngãi folder they are made from.

The workbook and the text files are written here from data/quang-ngai/communes.csv as it was before 2025
(tests/support/bundled_2024.py; read with the csv module, not with ytcs), so the compute results of the two
folders must be the same, row for row. As a Sở writes them they name units, not codes: the commune's name
and, beside it, its district's (two communes are "Phường Nguyễn Nghiêm": 21025 in Thành phố Quảng Ngãi,
21439 in Thị xã Đức Phổ; only the district tells them apart).
"""

from __future__ import annotations

import codecs
import csv
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tests.support.bundled_2024 import bundled_2024
from ytcs.data.folder import read_data_folder
from ytcs.data.names import normalise_name, variable_names
from ytcs.diagnostics import InputError
from ytcs.pipeline import ComputeResult, compute_plan
from ytcs.plans import PlanSet

PLAN = "quang-ngai-2024-ct37"
BUNDLED = bundled_2024("quang-ngai")  # as it was before 2025: one map, 171 communes a year, 2022–2024
TITLES = [
    ["SỞ Y TẾ TỈNH QUẢNG NGÃI", None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["TRUNG TÂM KIỂM SOÁT BỆNH TẬT", None, None, None, None, "Độc lập - Tự do - Hạnh phúc"],
    ["BÁO CÁO SỐ LIỆU Y TẾ XÃ, PHƯỜNG NĂM {year}"],
    ["(Kèm theo Công văn số 123/SYT-KHTC ngày 10/01/{next})"],
]
# Below the data, after one empty row: the unit column (B) holds the left signature, a count column the right.
SIGNATURES = [
    [None, "Người lập biểu", None, None, None, "Quảng Ngãi, ngày 15 tháng 01 năm {next}"],
    [None, None, None, None, None, "GIÁM ĐỐC"],
    [None, "Nguyễn Văn An", None, None, None, "Trần Thị Bình"],
]


def bundled_communes() -> tuple[list[str], list[list[str]]]:
    with (BUNDLED / "communes.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def unit_names() -> dict[str, tuple[str, str]]:
    """Each unit's (name, its district's name for a commune, else '') from units.csv."""
    with (BUNDLED / "units.csv").open(encoding="utf-8", newline="") as handle:
        units = list(csv.DictReader(handle))
    names = {row["code"]: row["name"] for row in units}
    return {row["code"]: (row["name"], names[row["parent"]] if row["level"] == "commune" else "") for row in units}


def sheet_rows(year: int, repo_plans: PlanSet, *, districts: bool = True) -> list[list[object]]:
    """One year of the bundled communes as a Sở lays it out: four title rows, a header on row 5 (STT, the
    unit's name under a header with a line break, its district's name, the year, variables by Vietnamese
    label), the communes, an empty row and a signature block. No unit code anywhere."""
    header, rows = bundled_communes()
    names = variable_names(repo_plans.variables())
    labels = []
    for variable in header[2:]:
        label = repo_plans.variables()[variable].label_vi
        labels.append(label if names[normalise_name(label)] == (variable,) else variable)
    labels[0] = labels[0].replace(" ", "\n", 1)  # Alt+Enter in the first variable's header too
    names_of = unit_names()
    table: list[list[object]] = [
        [None if cell is None else cell.format(year=year, next=year + 1) for cell in row] for row in TITLES
    ]
    table.append(["STT", "Tên\nđơn vị", "Huyện" if districts else "Ghi chú", "Năm", *labels])
    chosen = [row for row in rows if row[1] == str(year)]
    for number, row in enumerate(chosen, start=1):
        counts = [int(cell) if cell else None for cell in row[2:]]
        name, district = names_of[row[0]]
        table.append([number, name, district if districts else None, year, *counts])
    table.append([])
    table += [[None if cell is None else cell.format(next=year + 1) for cell in row] for row in SIGNATURES]
    return table


def years() -> list[int]:
    return sorted({int(row[1]) for row in bundled_communes()[1]})


def folder_without_communes(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(BUNDLED, folder)
    (folder / "communes.csv").unlink()
    return folder


def write_workbook(path: Path, repo_plans: PlanSet, *, districts: bool = True) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for year in years():
        sheet = book.create_sheet(str(year))
        for row in sheet_rows(year, repo_plans, districts=districts):
            sheet.append(row)
        sheet.merge_cells("A3:H3")
    book.save(path)


def unicode_text(rows: list[list[object]]) -> bytes:
    """Rows as Excel's "Save as Unicode text" writes them: UTF-16 LE with its BOM, tabs, CRLF, a cell with
    a line break or a quote in double quotes; trailing empty cells left out."""

    def cell(value: object) -> str:
        text = "" if value is None else str(value)
        return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(c in text for c in '\t\n"') else text

    lines = []
    for row in rows:
        cells = [cell(value) for value in row]
        while cells and cells[-1] == "":
            cells.pop()
        lines.append("\t".join(cells))
    return codecs.BOM_UTF16_LE + "\r\n".join(lines).encode("utf-16-le") + b"\r\n"


def sorted_results(result: ComputeResult) -> pd.DataFrame:
    return result.results.sort_values(["unit", "year", "indicator"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def bundled(repo_plans: PlanSet) -> ComputeResult:
    return compute_plan(repo_plans, repo_plans.plan(PLAN), BUNDLED)


def test_a_so_workbook_with_titles_signatures_and_a_sheet_per_year_gives_the_bundled_results(
    tmp_path, repo_plans, bundled
):
    folder = folder_without_communes(tmp_path)
    write_workbook(folder / "communes.xlsx", repo_plans)
    result = compute_plan(repo_plans, repo_plans.plan(PLAN), folder)
    pd.testing.assert_frame_equal(sorted_results(result), sorted_results(bundled))
    # 171 communes a year: rows 6–176 are data, 177 is empty, the signatures are on rows 178–180.
    read = [f.format() for f in result.data.findings]
    for year in years():
        assert f"communes.xlsx!{year}:5: title rows 1–4 are skipped: the header is row 5" in " ".join(read)
        footer = next(f for f in read if f.startswith(f"communes.xlsx!{year}:178: rows 178–180 are below the data"))
        assert "('Người lập biểu', 'Quảng Ngãi, ngày 15 tháng 01 năm" in footer
    assert len(read) == 2 * len(years())
    checks = [f.message for f in result.findings if f not in result.data.findings]
    assert checks == [f.message for f in bundled.findings]  # the checks see the same data


def test_its_unicode_text_saves_give_the_bundled_results(tmp_path, repo_plans, bundled):
    folder = folder_without_communes(tmp_path)
    for year in years():
        (folder / f"communes {year}.txt").write_bytes(unicode_text(sheet_rows(year, repo_plans)))
    result = compute_plan(repo_plans, repo_plans.plan(PLAN), folder)
    pd.testing.assert_frame_equal(sorted_results(result), sorted_results(bundled))
    read = [f.format() for f in result.data.findings]
    # Rows are lines here: the header's two line breaks (in two cells) make it lines 5–7, the communes lines
    # 8–178; the empty row is line 179, blank in the unit and year columns, and the footer starts there.
    for year in years():
        assert f"communes {year}.txt:5: title rows 1–4 are skipped: the header is row 5" in " ".join(read)
        footer = f"communes {year}.txt:179: rows 179–182 are below the data ('Người lập biểu', 'Quảng Ngãi, ngày"
        assert any(f.startswith(footer) for f in read), read
    assert len(read) == 2 * len(years())


def test_the_read_values_are_the_bundled_files_values(tmp_path, repo_plans):
    """The first and last commune of each year, as communes.csv gives them (read by the csv module)."""
    folder = folder_without_communes(tmp_path)
    write_workbook(folder / "communes.xlsx", repo_plans)
    values = read_data_folder(folder, repo_plans.variables()).values
    header, rows = bundled_communes()
    for year in years():
        chosen = [row for row in rows if row[1] == str(year)]
        for row in (chosen[0], chosen[-1]):
            for variable, cell in zip(header[2:], row[2:], strict=True):
                mask = (values["unit"] == row[0]) & (values["year"] == year) & (values["variable"] == variable)
                found = values.loc[mask, "value"].tolist()
                assert found == ([float(cell)] if cell else []), (row[0], year, variable)
        rows_read = values.loc[values["file"] == f"communes.xlsx!{year}", "row"]
        assert rows_read.agg(["min", "max"]).tolist() == [6, 5 + len(chosen)]


def test_without_the_district_column_the_two_phuong_nguyen_nghiem_are_refused_naming_both(tmp_path, repo_plans):
    folder = folder_without_communes(tmp_path)
    write_workbook(folder / "communes.xlsx", repo_plans, districts=False)
    with pytest.raises(InputError) as caught:
        read_data_folder(folder, repo_plans.variables())
    message = str(caught.value)
    assert "unit 'Phường Nguyễn Nghiêm' could be " in message
    assert "Phường Nguyễn Nghiêm (21025, in Thành phố Quảng Ngãi 522)" in message
    assert "Phường Nguyễn Nghiêm (21439, in Thị xã Đức Phổ 534)" in message
