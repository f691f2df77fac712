"""Where the table sits in a sheet or a text file: the header row below the titles, the data above the footer.

A report from a Sở has title rows above its header (the ministry, the unit, "BÁO CÁO …", the period) and a
signature block below its data ("Người lập biểu", "GIÁM ĐỐC", a date, notes). Both readers (CSV and XLSX)
apply the same two rules, so that a sheet saved either way reads the same:

- the header is the first row among the first `HEADER_SEARCH_ROWS` that names a unit column and has at
  least one other cell (the year, the variables); the rows above it are titles, skipped with one finding.
  When no row qualifies, the first row that holds anything is the header, and the reading of its columns
  says that no unit column was found (and where it looked).
- the data ends at the first row blank in both key columns (unit and year), or empty, below which no row
  gives both a unit and a year; what follows is the footer, skipped with one finding quoting its first words. A blank
  row between data rows is therefore never an end: the rows below it that give a unit and a year are read,
  as the rows above it are (and a row left with numbers but no unit is reported where it is).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from ytcs.data.columns import header_names_unit
from ytcs.diagnostics import Finding, Location, quote

# How far up from the end the last data row is looked for: a footer is a few rows, never a hundred.
FOOTER_SEARCH_ROWS = 100
_SAMPLE_TEXTS = 3


def is_header(cells: Sequence[str]) -> bool:
    """Whether a row's cells (header texts) read as the header: a unit column and something beside it."""
    return header_names_unit(cells) and sum(1 for cell in cells if cell.strip()) >= 2


def title_finding(file: str, header_row: int) -> Finding:
    """The one finding for the rows above a header that is not on row 1."""
    last = header_row - 1
    rows = "row 1 is" if last == 1 else f"rows 1–{last} are"
    return Finding(
        "title-rows",
        f"title {rows} skipped: the header is row {header_row} (the first row that names the unit column)",
        Location(file, header_row),
    )


def footer_length(keys: Sequence[tuple[str, str]], gaps: Sequence[bool] = ()) -> int:
    """How many rows at the end are a footer, from each row's (unit, year) texts, last rows last; `gaps`
    marks the rows with an empty row above them that is not among `keys` (a workbook keeps no empty row).

    Only the last `FOOTER_SEARCH_ROWS` rows are looked at. The footer starts at the first row blank in
    both keys (or below an empty row) below the last row that gives both; 0 when there is none (or no
    row gives both)."""
    tail = list(keys[-FOOTER_SEARCH_ROWS:])
    gaps = list(gaps[-FOOTER_SEARCH_ROWS:]) if gaps else [False] * len(tail)
    last_data = next((i for i in range(len(tail) - 1, -1, -1) if tail[i][0] and tail[i][1]), None)
    if last_data is None:
        return 0
    after = range(last_data + 1, len(tail))
    first_blank = next((i for i in after if gaps[i] or not (tail[i][0] or tail[i][1])), None)
    return 0 if first_blank is None else len(tail) - first_blank


def sheet_footer_length(
    header_row: int, rows: Sequence[int], values: Sequence[Sequence[object]], keys: tuple[int, int]
) -> int:
    """`footer_length` of a workbook sheet's rows (numbers and cells below the header): a workbook keeps no
    empty row, so a gap in the row numbers is an empty row."""
    tail = values[-FOOTER_SEARCH_ROWS:]
    numbers = [header_row, *rows[-FOOTER_SEARCH_ROWS - 1 :]][-len(tail) - 1 :]
    gaps = [below > above + 1 for above, below in itertools.pairwise(numbers)]
    return footer_length([(_key_text(row[keys[0]]), _key_text(row[keys[1]])) for row in tail], gaps)


def _key_text(value: object) -> str:
    return "" if value is None else str(value).strip()


@dataclass
class Footer:
    """Rows skipped below the data: their first and last row numbers and the first texts they hold."""

    first: int
    last: int
    texts: list[str]

    def finding(self, file: str) -> Finding:
        rows = f"row {self.first} is" if self.first == self.last else f"rows {self.first}–{self.last} are"
        shown = ", ".join(quote(text) for text in self.texts[:_SAMPLE_TEXTS])
        more = ", …" if len(self.texts) > _SAMPLE_TEXTS else ""
        return Finding(
            "footer-rows",
            f"{rows} below the data ({shown}{more}: signatures, dates, notes) and skipped; the data ends at the "
            "first row blank in the unit and year columns below which no row has both",
            Location(file, self.first),
        )


def footer_texts(rows: Sequence[Sequence[object]]) -> list[str]:
    """The non-blank cells of footer rows, row by row, as text (for the finding to quote)."""
    return [str(cell).strip() for row in rows for cell in row if cell is not None and str(cell).strip()]
