"""XLSX workbooks → one Table per visible sheet, each cell as the workbook holds it (numbers stay numbers).

Every visible worksheet is a table, as a CSV file is: the header on the first of its first 30 rows that
names the unit column (titles above it, a signature block below the data: see ytcs.data.layout), the
data below. Hidden sheets are
skipped with a finding (a stale copy is often hidden); empty sheets, chart sheets and sheets of notes
(`Ghi chú`, `Hướng dẫn`, `Notes`…, such as the one `ytcs template` writes) are skipped without a word.
A cell is read for what it shows:

- a formula's saved result is its value; a formula saved without one (as scripts and report generators
  write them) and an error cell (`#DIV/0!`, `#N/A`) are errors naming `file!sheet!cell`;
- a number formatted as a percentage reads as the number shown (0.997 shown 99,7% is 99.7); a format whose
  sections disagree (`0%;0`) is refused; a number formatted as a date becomes a date (refused later in a
  number column);
- numbers beyond ±10^15, and text numbers that are no finite number, are refused at their cell;
- text is NFC, with digits of other scripts made 0–9; text of spaces only is blank.

Only cells that hold something are kept, so memory and time follow the cells that hold data, never the
sheet's declared dimension; the table is as wide as its header, and cells right of it are ignored with a
finding. Workbooks with several sheets name the sheet in every message (`counts.xlsx!2024:7:population`).
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
import xml.etree.ElementTree as ElementTree
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from ytcs.data.columns import HEADER_SEARCH_ROWS, key_columns
from ytcs.data.layout import Footer, footer_texts, is_header, sheet_footer_length, title_finding
from ytcs.data.names import normalise_name
from ytcs.data.numbers import MAX_MAGNITUDE
from ytcs.data.table import Table
from ytcs.data.xlsx_book import MAX_WORKBOOK_BYTES, Book, SheetRef, local, open_book, text_cell
from ytcs.diagnostics import Finding, InputError, Location, number_for_message, quote
from ytcs.inputs import read_bounded

MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384  # Excel's own limits
MAX_CELLS = 50_000_000  # header columns × data rows: a national monthly file is about 13 million
NOTE_SHEETS = frozenset({"ghi chú", "chú thích", "hướng dẫn", "notes", "note", "readme", "read me", "instructions"})
_DIGITS = "0123456789"
_RESAVE = "open the workbook in Excel and save it again"
_CALCULATE = (
    "the workbook was written by a program that does not calculate; open it in Excel or LibreOffice and save it, "
    "or paste the values"
)
_AS_NUMBER = "format the cell as Number (or Percentage)"
_EPOCHS = {False: dt.datetime(1899, 12, 30), True: dt.datetime(1904, 1, 1)}


def column_letters(number: int) -> str:
    """1 → 'A', 28 → 'AB': how Excel names a column."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class _SheetCells:
    """One sheet's cells as they are read: the header, then each row that holds data, as wide as the header."""

    sheet: str
    where: Location
    header: list[object] | None = None
    header_row: int = 1
    titles: bool = False  # rows above the header hold something
    above: list[tuple[int, dict[int, object]]] = field(default_factory=list)  # rows while the header is sought
    rows: list[int] = field(default_factory=list)
    values: list[list[object]] = field(default_factory=list)
    beyond: list[tuple[int, int, str, object]] = field(default_factory=list)  # row, cells, first cell, its value
    empty: bool = True


@functools.cache
def _column_numbers() -> dict[str, int]:
    """Every column's letters → its number (A → 1 … XFD → 16384): one look-up per cell."""
    return {column_letters(number): number for number in range(1, MAX_COLUMNS + 1)}


@dataclass(frozen=True)
class _Tags:
    """A sheet's tag names with their namespace (transitional or strict OOXML), compared as they come."""

    row: str
    cell: str
    value: str

    @classmethod
    def like(cls, tag: str) -> _Tags:
        namespace = tag[: tag.rfind("}") + 1]
        return cls(f"{namespace}row", f"{namespace}c", f"{namespace}v")


class _SheetReader:
    """Reads one worksheet's XML as a stream, row by row, every cell's value decided by its type and style.
    The common cells (a plain number, a shared string) take a short path; the rest `_value`."""

    def __init__(self, book: Book, sheet: SheetRef) -> None:
        self.book = book
        self.sheet = sheet
        self.cells = _SheetCells(sheet.name, Location(book.display, sheet=sheet.name))
        self.columns = _column_numbers()
        self.last_row = 0

    def fail(self, reference: str, message: str) -> InputError:
        return InputError(message, replace(self.cells.where, cell=reference))

    def read(self) -> _SheetCells:
        row_number = 0
        tags: _Tags | None = None
        assert self.sheet.part is not None
        for _, element in ElementTree.iterparse(self.book.open(self.sheet.part), events=("end",)):
            tags = tags or _Tags.like(element.tag)
            if element.tag == tags.row:
                given = element.get("r")
                row_number = int(given) if given and given.isdigit() else row_number + 1
                self._row(row_number, element, tags)
                element.clear()  # its cells are kept in our own lists: an emptied row is all that stays
        if self.cells.above:  # no row named the unit column: the first is the header, its reading says so
            self._settle_header(self.cells.above, beyond_search=True)
        return self.cells

    def _row(self, number: int, element: ElementTree.Element, tags: _Tags) -> None:
        if number > MAX_ROWS or number <= self.last_row:
            raise self.fail(f"A{number}", f"rows are out of order or beyond row {MAX_ROWS:,}; {_RESAVE}")
        self.last_row = number
        found: dict[int, object] = {}
        column, row_text, strings = 0, str(number), self.book.strings
        for cell in element:
            if cell.tag != tags.cell:
                continue
            reference = cell.get("r") or ""
            letters = reference.rstrip(_DIGITS)
            column = self.columns.get(letters, 0) if reference[len(letters) :] == row_text else 0
            if column == 0:
                column, reference = self._position(reference, found, number)
            kind, children = cell.get("t"), list(cell)
            if len(children) == 1 and children[0].tag == tags.value and children[0].text and kind in (None, "n", "s"):
                saved = children[0].text
                value = self._number(saved, cell.get("s"), reference) if kind != "s" else None
                if kind == "s":
                    index = int(saved) if saved.isdigit() else -1
                    value = strings[index] if 0 <= index < len(strings) else self._missing_string(reference)
            else:
                value = self._value(cell, reference)
            if value is not None:
                found[column] = value
        if found:
            self._keep(number, found)

    def _position(self, reference: str, found: dict[int, object], row: int) -> tuple[int, str]:
        """A cell without a reference follows the previous one; a broken reference is refused."""
        if reference:
            raise self.fail(reference, f"the cell's reference is broken; {_RESAVE}")
        column = max(found, default=0) + 1
        if column > MAX_COLUMNS:
            raise self.fail(f"row {row}", f"a row is wider than Excel allows; {_RESAVE}")
        return column, f"{column_letters(column)}{row}"

    def _missing_string(self, reference: str) -> str:
        raise self.fail(reference, "refers to text the workbook does not hold; open it in Excel and save it")

    def _keep(self, number: int, found: dict[int, object]) -> None:
        cells = self.cells
        cells.empty = False
        if cells.header is not None:
            self._data_row(number, found)
        elif number <= HEADER_SEARCH_ROWS and not is_header([_header_text(value) for value in found.values()]):
            cells.above.append((number, found))  # a title, or the first row when no row is a header
        else:
            self._settle_header([*cells.above, (number, found)], beyond_search=number > HEADER_SEARCH_ROWS)

    def _settle_header(self, rows: list[tuple[int, dict[int, object]]], *, beyond_search: bool) -> None:
        """The header is the last of `rows` (it names the unit column), or when none did in the rows
        searched, the first of them, with the rows below it read as data."""
        cells = self.cells
        cells.above = []
        header_at = 0 if beyond_search else len(rows) - 1
        number, found = rows[header_at]
        cells.header = [found.get(column) for column in range(1, max(found) + 1)]
        cells.header_row, cells.titles = number, header_at > 0
        for later, later_found in rows[header_at + 1 :]:
            self._data_row(later, later_found)

    def _data_row(self, number: int, found: dict[int, object]) -> None:
        cells = self.cells
        assert cells.header is not None
        width = len(cells.header)
        outside = [column for column in found if column > width]
        if outside:
            first = min(outside)
            cells.beyond.append((number, len(outside), f"{column_letters(first)}{number}", found[first]))
        if (len(cells.rows) + 1) * width > MAX_CELLS:
            raise InputError(
                f"the table is larger than {MAX_CELLS:,} cells ({width} columns); save it as CSV", cells.where
            )
        cells.rows.append(number)
        cells.values.append([found.get(column) for column in range(1, width + 1)])

    def _value(self, cell: ElementTree.Element, reference: str) -> object:
        kind = cell.get("t", "n")
        saved: str | None = None
        formula: ElementTree.Element | None = None
        inline: ElementTree.Element | None = None
        for child in cell:
            name = local(child.tag)
            if name == "v":
                saved = child.text or ""
            elif name == "f":
                formula = child
            elif name == "is":
                inline = child
        if kind == "inlineStr":
            return text_cell("".join(inline.itertext()) if inline is not None else "")
        if saved is None or (saved == "" and kind not in ("str", "inlineStr")):
            if formula is not None:
                shown = f" {quote('=' + formula.text)}" if formula.text else ""
                raise self.fail(reference, f"holds a formula{shown} with no saved result; {_CALCULATE}")
            return None
        return self._saved(kind, saved, cell, reference)

    def _saved(self, kind: str, saved: str, cell: ElementTree.Element, reference: str) -> object:
        if kind == "e":
            raise self.fail(reference, f"holds the error {saved}; correct the formula or clear the cell")
        if kind == "s":
            index = int(saved) if saved.strip().isdigit() else -1
            if not 0 <= index < len(self.book.strings):
                return self._missing_string(reference)
            return self.book.strings[index]
        if kind in ("str", "d"):
            return text_cell(saved) if kind == "str" else _iso_date(saved)
        if kind == "b":
            return saved.strip() in ("1", "true")
        return self._number(saved, cell.get("s"), reference)

    def _number(self, saved: str, style: str | None, reference: str) -> object:
        try:
            number = float(saved)
        except ValueError:
            number = float("nan")
        if not abs(number) <= MAX_MAGNITUDE:
            raise self.fail(reference, f"{quote(saved)} is not a number within ±10^15; correct the cell")
        if not style:
            return number
        index = int(style) if style.isdigit() else 0
        kind = self.book.kinds[index] if index < len(self.book.kinds) else "number"
        if kind == "number":
            return number
        if kind == "percent":
            return float(Decimal(saved.strip()) * 100)  # 0.997 → 99.7 exactly, as the cell shows it
        if kind == "date":
            date = _date(number, self.book.date1904)
            if date is None:  # Excel shows ####
                raise self.fail(reference, f"is formatted as a date but holds {saved}, which is no date; {_AS_NUMBER}")
            return date
        if kind == "ambiguous":
            message = f"{number_for_message(number)} has a number format that shows some values as percentages "
            raise self.fail(reference, f"{message}and others not; {_AS_NUMBER}")
        return number


def _iso_date(text: str) -> object:
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return text_cell(text)


def _date(serial: float, date1904: bool) -> dt.datetime | None:
    """A date-formatted number as the date Excel shows (None when no date: Excel shows ####)."""
    if not 0 <= serial < 2_958_466:  # 9999-12-31
        return None
    return _EPOCHS[date1904] + dt.timedelta(days=serial)


def _header_text(value: object) -> str:
    if value is None:
        return ""
    shown = number_for_message(value) if isinstance(value, float) else str(value)
    return " ".join(unicodedata.normalize("NFC", shown).split())


def _cut_footer(cells: _SheetCells, headers: list[str], file: str) -> list[Finding]:
    """Drop the footer below the data (signatures, a date: see ytcs.data.layout), with one finding when it
    holds anything; cells right of the header in it are part of it."""
    keys = key_columns(headers)
    if keys is None or not cells.rows:
        return []
    length = sheet_footer_length(cells.header_row, cells.rows, cells.values, keys)
    if length == 0:
        return []
    first = cells.rows[-length]
    beside = [value for row, _, _, value in cells.beyond if row >= first]
    texts = footer_texts([*cells.values[-length:], beside])
    footer = Footer(first, cells.rows[-1], texts)  # every row is kept, also one with cells right of the header only
    del cells.values[-length:], cells.rows[-length:]
    cells.beyond = [entry for entry in cells.beyond if entry[0] < first]
    return [footer.finding(file)] if texts else []


def _table(cells: _SheetCells, file: str, display: str) -> Table:
    header = cells.header or []
    headers = [_header_text(v) for v in header]
    findings = [title_finding(file, cells.header_row)] if cells.titles else []
    findings += _cut_footer(cells, headers, file)
    columns = [pd.Series([row[index] for row in cells.values], dtype=object) for index in range(len(header))]
    if cells.beyond:
        findings.append(
            Finding(
                "ignored-cells",
                f"{sum(count for _, count, _, _ in cells.beyond)} cell(s) right of the header's last column (the "
                f"first at {cells.beyond[0][2]}) are ignored; give their column a header if they hold data",
                Location(file),
            )
        )
    rows = np.asarray(cells.rows, dtype=np.int64)
    return Table(file, display, headers, columns, rows, None, True, cells.sheet, findings, header_row=cells.header_row)


def _sheets(book: Book, file: str) -> Iterator[_SheetCells | Finding]:
    for sheet in book.sheets:
        if sheet.state != "visible":
            yield Finding(
                "hidden-sheet",
                f"sheet '{sheet.name}' is hidden and is not read; unhide it if it holds data for ytcs",
                Location(file),
            )
        elif sheet.part is not None and normalise_name(sheet.name) not in NOTE_SHEETS:
            cells = _SheetReader(book, sheet).read()
            if not cells.empty:
                yield cells


# What zipfile, zlib and ElementTree raise on a broken workbook (a missing part is a KeyError).
_BROKEN: tuple[type[Exception], ...] = (zipfile.BadZipFile, ElementTree.ParseError, zlib.error, KeyError, ValueError)
_BROKEN += (EOFError, OSError, NotImplementedError, RuntimeError, UnicodeError)  # unsupported compression, encrypted


def read_xlsx_tables(path: Path, file: str, display: str) -> list[Table]:
    """Every visible sheet of a workbook that holds cells, as a Table; the findings about
    sheets that are not read (hidden ones) ride on the first Table's `findings`."""
    data = read_bounded(path, MAX_WORKBOOK_BYTES, display, "workbooks")
    try:
        book = open_book(data, display)
        found = list(_sheets(book, file))
    except InputError:
        raise
    except _BROKEN as error:
        reason = (str(error).splitlines() or [type(error).__name__])[0][:200]
        raise InputError(
            f"cannot be read as an XLSX workbook ({reason}); open it in Excel and save it as .xlsx", Location(display)
        ) from None
    sheets = [item for item in found if isinstance(item, _SheetCells)]
    if not sheets:
        hidden = [sheet.name for sheet in book.sheets if sheet.state != "visible"]
        unhide = (
            f" (hidden: {', '.join(repr(name) for name in hidden)}; unhide the one with the data)" if hidden else ""
        )
        raise InputError(
            f"no visible sheet holds any cell{unhide}; put the header (unit,year,…) and the data in a sheet",
            Location(display),
        )
    several = len(sheets) > 1
    tables = [
        _table(cells, f"{file}!{cells.sheet}" if several else file, f"{display}!{cells.sheet}" if several else display)
        for cells in sheets
    ]
    tables[0].findings[:0] = [item for item in found if isinstance(item, Finding)]
    return tables


def read_xlsx_table(path: Path, file: str, display: str) -> Table:
    """A workbook with one sheet of data, as a Table; a workbook with several is refused (read them with
    `read_xlsx_tables`), so that no sheet is silently left out."""
    tables = read_xlsx_tables(path, file, display)
    if len(tables) > 1:
        names = ", ".join(f"'{table.sheet}'" for table in tables)
        raise InputError(
            f"holds {len(tables)} sheets of data ({names}); give each its own workbook, or hide the sheets that "
            "are not data",
            Location(display),
        )
    return tables[0]
