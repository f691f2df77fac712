"""One file's cells before they are interpreted: headers as written, cells as text or workbook values."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ytcs.diagnostics import Finding, InputError, Location, quote


@dataclass
class Table:
    """One file's cells before interpretation: headers as written, cells as text or workbook values.

    A CSV file is one Table; a workbook gives one per visible sheet (`sheet` is its name). When a workbook
    has several, `file` and `display` name the sheet too (`counts.xlsx!2024`), so every message built from
    them says which sheet it is about. `findings` are what reading found without stopping (a hidden sheet
    skipped, cells right of the header ignored, title rows above the header and a footer below the data
    skipped): report them with the table's own. `header_row` is the header's row (or line) number.
    """

    file: str
    display: str
    headers: list[str]
    cells: list[pd.Series]
    rows: np.ndarray
    separator: str | None
    is_excel: bool
    sheet: str | None = None
    findings: list[Finding] = field(default_factory=list)
    header_row: int = 1

    @property
    def source_name(self) -> str:
        """The file's name without the sheet: what `--number-format NAME=vi` names."""
        return self.file.removesuffix(f"!{self.sheet}") if self.sheet else self.file

    def text(self, index: int) -> pd.Series:
        """The column as trimmed NFC text; workbook numbers as their shortest text ('3390', '2024')."""
        column = self.cells[index]
        if not self.is_excel:
            return column.astype("string").fillna("").str.strip()
        texts, numbers, other = split_excel(column)
        result = texts.mask(~np.isnan(numbers), numbers_as_text(numbers))
        if other.any():
            result = result.mask(other, column.astype(str).astype("string"))
        return result.fillna("").str.strip()

    def where(self, row: int, index: int) -> Location:
        """The cell at a row of a column, the column named by its header (or its number when it has none)."""
        return Location(self.display, row, self.column_label(index))

    def column_label(self, index: int) -> str:
        """A column as messages name it: its header, else 'column 3'."""
        return self.headers[index] or f"column {index + 1}"


def numbers_as_text(numbers: np.ndarray) -> pd.Series:
    """Workbook numbers as the text a person typed: 3390.0 → '3390', 12.5 → '12.5' (NaN → <NA>)."""
    whole = np.isfinite(numbers) & (np.mod(numbers, 1) == 0)
    as_int = pd.Series(np.where(whole, numbers, np.nan)).astype("Int64").astype("string")
    as_float = pd.Series(np.where(whole, np.nan, numbers)).astype("string")
    return as_int.fillna(as_float)


def split_excel(column: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """A workbook column → (text cells, NaN elsewhere as ''), numbers (NaN where not a number), and a mask
    of cells that are neither (dates, booleans)."""
    values = column.astype(object)
    try:
        is_text = values.str.len().notna().to_numpy()
    except AttributeError:  # no string at all in the column
        is_text = np.zeros(len(values), dtype=bool)
    non_text = values.where(~is_text)
    numbers = pd.to_numeric(non_text, errors="coerce").to_numpy(dtype="float64")
    kind = pd.api.types.infer_dtype(non_text, skipna=True)
    if kind in ("integer", "floating", "mixed-integer-float", "decimal", "empty"):
        other = np.zeros(len(values), dtype=bool)
    else:
        # Rare: dates or booleans among the numbers. Found one by one, only on this path.
        other = (
            np.array(
                [not (isinstance(v, (int, float)) and not isinstance(v, bool)) and not pd.isna(v) for v in non_text],
                dtype=bool,
            )
            & ~is_text
        )
        numbers = np.where(other, np.nan, numbers)
    texts = values.where(is_text, "").astype("string").str.normalize("NFC")
    return texts, numbers, other


@dataclass
class CheckedRows:
    """A small file's rows as text columns (units.csv, crosswalk.csv) with what names a cell in a message:
    its `row` column (the line) and the column each name came from."""

    frame: pd.DataFrame
    table: Table
    column_of: dict[str, int]

    def fail(self, mask: pd.Series | np.ndarray, column: str, problem: str) -> None:
        """An error at the first row where `mask` holds, quoting that row's cell of `column`."""
        hits = np.flatnonzero(np.asarray(mask, dtype=bool))
        if len(hits):
            first = self.frame.iloc[int(hits[0])]
            raise InputError(f"{quote(str(first[column]))} {problem}", self.at(first, column))

    def at(self, row: pd.Series, column: str) -> Location:
        return self.table.where(int(row["row"]), self.column_of[column])
