"""XLSX workbooks → a Table of cells as the workbook holds them (numbers stay numbers)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from ytcs.data.table import Table
from ytcs.diagnostics import InputError, Location, number_for_message


def read_xlsx_table(path: Path, file: str, display: str) -> Table:
    """The first sheet of a workbook, header on row 1, each cell as the workbook holds it."""
    try:
        frame = pd.read_excel(path, engine="calamine", header=None, dtype=object, sheet_name=0)
    except Exception as error:  # calamine raises its own types for every kind of broken file
        reason = (str(error).splitlines() or [type(error).__name__])[0]
        raise InputError(
            f"cannot be read as an XLSX workbook ({reason}); open it in Excel and save it as .xlsx", Location(display)
        ) from error
    if frame.empty:
        raise InputError("the first sheet is empty; put the header (unit,year,…) on row 1", Location(display))
    header_cells = frame.iloc[0]
    headers = [
        ""
        if pd.isna(v)
        else " ".join(unicodedata.normalize("NFC", number_for_message(v) if isinstance(v, float) else str(v)).split())
        for v in header_cells
    ]
    body = frame.iloc[1:]
    rows = np.asarray(body.index, dtype=np.int64) + 1
    cells = [body[c].reset_index(drop=True) for c in body.columns]
    return Table(file, display, headers, cells, rows, None, True)
