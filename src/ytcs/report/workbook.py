"""Spreadsheets people open: widths set, a bold frozen header with filters, numbers formatted, statuses coloured.

A sheet is a header and rows of cells; a cell is a plain value or a `Cell` carrying its number format and
colours. Text that a spreadsheet would run as a formula is neutralised; numbers stay numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ytcs.report.cells import neutralise_cell
from ytcs.vocab import Status

_WIDEST = 60
_NARROWEST = 6
_HEADER_FILL = "DDDDDD"


@dataclass(frozen=True)
class Cell:
    """A value with its look: an Excel number format, a status whose colours it takes, bold."""

    value: Any
    number_format: str | None = None
    status: Status | None = None
    bold: bool = False


@dataclass
class Sheet:
    title: str
    header: list[str]
    rows: list[list[Any]]
    freeze: str = "A2"  # the first row (and the columns left of this cell) stay in view
    widest: int = _WIDEST
    footer: list[list[Any]] | None = None  # rows below the table, after a blank row, outside its filter


def number_format(decimals: int, unit: str | None = None) -> str:
    """'#,##0.0' for one decimal; a '%' or '‰' unit written after the number, the value unchanged."""
    text = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    if unit in ("%", "‰"):
        text += f'" {unit}"'
    return text


PERCENT_OF_ONE = "0%"  # completeness 1 → 100%
PERCENT_OF_ONE_DECIMAL = "0.0%"


def plain(value: Any) -> Any:
    """Missing values as empty cells, numpy numbers as Python ones."""
    if value is None or (not isinstance(value, str | list | tuple) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def write_workbook(path: Path, sheets: Sequence[Sheet]) -> None:
    """Write the sheets, in order, to `path` (an .xlsx file)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        _fill_sheet(workbook.create_sheet(sheet.title[:31]), sheet)
    workbook.save(path)


def _fill_sheet(worksheet: Any, sheet: Sheet) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    worksheet.append([neutralise_cell(text) for text in sheet.header])
    header_fill = PatternFill("solid", fgColor=_HEADER_FILL)
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [len(str(text)) for text in sheet.header]
    fills: dict[Status, Any] = {}
    for row_number, row in enumerate(sheet.rows, start=2):
        for column_number, item in enumerate(row, start=1):
            value = _put(worksheet, row_number, column_number, item, fills)
            number_format = item.number_format if isinstance(item, Cell) else None
            widths[column_number - 1] = max(widths[column_number - 1], _shown_length(value, number_format))
    _set_widths(worksheet, widths, sheet.widest)
    worksheet.freeze_panes = sheet.freeze
    if sheet.rows:
        worksheet.auto_filter.ref = worksheet.dimensions
    start = len(sheet.rows) + 3
    for row_number, row in enumerate(sheet.footer or [], start=start):
        for column_number, item in enumerate(row, start=1):
            _put(worksheet, row_number, column_number, item, fills)


def _put(worksheet: Any, row_number: int, column_number: int, item: Any, fills: dict[Status, Any]) -> Any:
    """Write one cell with its format and colours; returns the value written."""
    from openpyxl.styles import Font, PatternFill

    styled = item if isinstance(item, Cell) else Cell(item)
    value = neutralise_cell(plain(styled.value))
    cell = worksheet.cell(row=row_number, column=column_number, value=value)
    if styled.number_format and isinstance(value, int | float):
        cell.number_format = styled.number_format
    if styled.status is not None:
        if styled.status not in fills:
            fills[styled.status] = PatternFill("solid", fgColor=styled.status.fill.lstrip("#").upper())
        cell.fill = fills[styled.status]
        cell.font = Font(color=styled.status.ink.lstrip("#").upper(), bold=styled.bold)
    elif styled.bold:
        cell.font = Font(bold=True)
    return value


def _shown_length(value: Any, number_format: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, float):
        return len(f"{value:,.2f}") + (2 if number_format and '"' in number_format else 0)
    return len(str(value))


def _set_widths(worksheet: Any, widths: list[int], widest: int) -> None:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = min(widest, max(_NARROWEST, width + 2))
