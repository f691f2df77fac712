"""Count files for analysts to fill in: exactly the variables a plan needs, a row per unit, headers in Vietnamese.

The headers are names the reader accepts (`ytcs.data.columns.ROLE_HEADERS`, the name column it skips, and
each variable's `label_vi`), so a filled-in template reads back as it is. The rows are the plan's area and
every unit under it in units.csv (or the area alone when no data folder is given), for one year; month is
left blank (whole-year values). In a workbook, count cells accept only whole numbers from 0 (amounts in kg
and values taken as reported, any number from 0), so a typo is caught while typing.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence
from pathlib import Path

from ytcs.diagnostics import UsageError
from ytcs.plans.models import Plan, Variable

AGGREGATION_VI = {
    "sum": "cộng dồn các tháng (sự kiện)",
    "mean": "trung bình các kỳ (dân số)",
    "last": "số cuối kỳ (số hiện có)",
}
KEY_HEADERS = ("Mã đơn vị", "Tên đơn vị", "Năm", "Tháng")  # unit, its name (skipped), year, month
MEASURED_UNITS = frozenset({"kg"})  # amounts, not counts: any number from 0
VALIDATED_ROWS = 5000  # rows below the header whose cells are validated, pre-filled or added later

Unit = tuple[str, str]  # code, name


def default_year(today: datetime.date | None = None) -> int:
    """The year a template is for by default: last year, the one whose counts are being gathered."""
    return (today or datetime.date.today()).year - 1


def plan_units(plan: Plan, data_folder: Path | None, year: int | None = None) -> list[Unit]:
    """The plan's area and every unit under it, in the order of the folder's units.csv, as in force at the
    end of `year` when units.csv has versions (counts are read on that map); without a folder, the plan's
    area alone (as the plan names it)."""
    if data_folder is None:
        return [(plan.jurisdiction.code, plan.jurisdiction.name)]
    from ytcs.data.hierarchy import Hierarchy
    from ytcs.data.units import read_units

    entries = sorted(data_folder.iterdir()) if data_folder.is_dir() else []
    path = next((p for p in entries if p.name.casefold() == "units.csv"), data_folder / "units.csv")
    versions, _ = read_units(path)
    day = year * 10_000 + 1231 if year is not None and versions.versioned else None  # 31 December: annual rows
    units = versions.on(day)
    root = plan.jurisdiction.code
    inside = Hierarchy.of(units).under(root)
    if not inside.any():
        when = f" in force on 31/12/{year}" if day is not None else ""
        raise UsageError(f"the plan's jurisdiction {root} ({plan.jurisdiction.name}) is not in {path.name}{when}")
    chosen = units[inside]
    return list(zip(chosen["code"].astype(str), chosen["name"].astype(str), strict=True))


def _rows(units: Sequence[Unit], year: int | None, width: int) -> list[list[str | int]]:
    return [[code, name, year if year is not None else "", "", *[""] * width] for code, name in units]


def template_csv(variables: Sequence[Variable], units: Sequence[Unit] = (), year: int | None = None) -> str:
    """The Vietnamese header, a comment row (`#` in the unit column, skipped when read) of the ids ytcs
    reads, then a row per unit for `year` with the counts left blank."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*KEY_HEADERS, *(v.label_vi for v in variables)])
    writer.writerow(["# unit", "name", "year", "month (trống: cả năm)", *(v.id for v in variables)])
    writer.writerows(_rows(units, year, len(variables)))
    return buffer.getvalue()


def write_template_xlsx(
    path: Path, variables: Sequence[Variable], units: Sequence[Unit] = (), year: int | None = None
) -> None:
    """Sheet 'Số liệu' to fill in (header frozen, count cells validated), sheet 'Ghi chú' explaining each column."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Số liệu"
    sheet.append([*KEY_HEADERS, *(v.label_vi for v in variables)])
    for row in _rows(units, year, len(variables)):
        sheet.append(row)
    for cell in sheet["A"][1:]:
        cell.number_format = "@"  # codes are text: '03390' keeps its zero
    sheet.freeze_panes = "C2"
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 12, 28
    _validate(sheet, variables)
    notes = book.create_sheet("Ghi chú")
    notes.append(["Cột", "Mã biến (id)", "English", "Đơn vị", "Cách cộng trong năm"])
    for variable in variables:
        aggregation = AGGREGATION_VI[variable.time_aggregation]
        notes.append([variable.label_vi, variable.id, variable.label_en, variable.unit or "", aggregation])
    book.save(path)


def _validate(sheet: object, variables: Sequence[Variable]) -> None:
    """Whole numbers from 0 in count columns, numbers from 0 in amounts and reported values; blanks allowed."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    rules = {
        "whole": ("Nhập số nguyên không âm (0, 1, 2…); để trống nếu không có số liệu.", "Số đếm"),
        "decimal": ("Nhập số không âm; để trống nếu không có số liệu.", "Số liệu"),
    }
    checks = {}
    for kind, (message, title) in rules.items():
        checks[kind] = DataValidation(type=kind, operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                      showErrorMessage=True, error=message, errorTitle=title)  # fmt: skip
        sheet.add_data_validation(checks[kind])  # type: ignore[attr-defined]
    for offset, variable in enumerate(variables):
        column = get_column_letter(len(KEY_HEADERS) + offset + 1)
        whole = variable.kind == "count" and variable.unit not in MEASURED_UNITS
        checks["whole" if whole else "decimal"].add(f"{column}2:{column}{VALIDATED_ROWS + 1}")
