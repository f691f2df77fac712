"""The fast road for the common case: a clean wide CSV of whole numbers, parsed by pyarrow with its types.

A national commune file is 33 MB of plain digits. Read as text and put through the number rule cell by
cell (the general road) it took four seconds; pyarrow reads its numbers in a tenth of that. The fast road
is taken only when it cannot differ from the general one: UTF-8 text without quotes or carriage returns,
a wide header on line 1, whole numbers in every variable column (no separators, so the number rule has nothing to
decide), years and months in range, every data row with its unit and no words in the unit column of the others
(a footer). Anything else — one odd cell is
enough — goes the general road, which reads the same file and says exactly what is wrong where.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from ytcs.data.columns import roles_of, variable_columns
from ytcs.data.counts import Block
from ytcs.data.csv_table import MAX_CSV_BYTES, _line_numbers, _newlines, _refuse_long_lines
from ytcs.data.decode import check_text, detect_separator
from ytcs.data.layout import is_header
from ytcs.data.numbers import MAX_MAGNITUDE
from ytcs.data.table import Table
from ytcs.diagnostics import Finding, InputError
from ytcs.inputs import read_bounded
from ytcs.vocab import YEAR_MAX, YEAR_MIN

WHOLE_NUMBERS = (pa.int64(), pa.null())


def _clean_bytes(path: Path, display: str) -> bytes | None:
    """The file's bytes (BOM removed) when the general road's checks would find nothing to say or change:
    bounded size, UTF-8, no control character, no digit of another script, no over-long line, no quote."""
    data = read_bounded(path, MAX_CSV_BYTES, display, "CSV files")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data or b'"' in data or b"\r" in data:
        return None
    try:
        text = data.decode("utf-8")
        if check_text(text, display) != text or unicodedata.is_normalized("NFC", text) is False:
            return None
        _refuse_long_lines(data, _newlines(data), display)
    except (UnicodeDecodeError, InputError):
        return None  # the general road reads it and says what is wrong where
    return data


def _plain_header(data: bytes, file: str, display: str) -> tuple[Table, str] | None:
    """The header of a file the fast road can take, as a Table without rows; None otherwise."""
    first_line = data.split(b"\n", 1)[0]
    try:
        header = first_line.decode("utf-8")
    except UnicodeDecodeError:
        return None
    header = unicodedata.normalize("NFC", header)
    separator = detect_separator(header)
    headers = [" ".join(h.split()) for h in header.split(separator)]
    if any(h == "" for h in headers) or not is_header(headers):
        return None  # titles above the header, or no header: the general road finds it or says so
    empty = np.zeros(0, dtype=np.int64)
    cells = [pd.Series([], dtype=object)] * len(headers)
    table = Table(
        file=file, display=display, headers=headers, cells=cells, rows=empty, separator=separator, is_excel=False
    )
    return table, separator


def _typed_columns(data: bytes, table: Table, wanted: list[int]) -> dict[int, pa.Array] | None:
    """The wanted columns parsed by pyarrow (unit as text, the rest typed); None if one is not whole numbers."""
    names = [f"c{i}" for i in range(len(table.headers))]
    try:
        parsed = pa_csv.read_csv(
            io.BytesIO(data),
            read_options=pa_csv.ReadOptions(column_names=names, skip_rows=1, block_size=1 << 24),
            parse_options=pa_csv.ParseOptions(delimiter=table.separator or ","),
            convert_options=pa_csv.ConvertOptions(
                include_columns=[names[i] for i in wanted],
                column_types={names[wanted[0]]: pa.string()},
                null_values=[""],
                true_values=["\x00"],
                false_values=["\x00"],
                strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException):
        return None
    columns = {i: parsed.column(names[i]).combine_chunks() for i in wanted}
    if any(columns[i].type not in WHOLE_NUMBERS for i in wanted[1:]):
        return None
    return columns


def _keys_fit(unit: pa.Array, year: np.ndarray, month: np.ndarray | None, given: np.ndarray) -> bool:
    """Whether every data row has a plain unit code, a year in range and a month 1–12 (or none), and every
    row without a number a code or nothing in its unit cell (words there may be a footer, which the
    general road reports)."""
    units = unit.filter(pa.array(given))
    if len(units) and not pc.all(pc.match_substring_regex(units, r"^[0-9A-Za-z]+$")).as_py():
        return False
    others = unit.filter(pa.array(~given))
    if len(others) and not pc.all(pc.match_substring_regex(others, r"^[0-9A-Za-z]*$")).as_py():
        return False
    years = year[given]
    if np.isnan(years).any() or ((years < YEAR_MIN) | (years > YEAR_MAX)).any():
        return False
    if month is not None:
        months = month[given]
        if ((months < 1) | (months > 12)).any():  # NaN compares False: an empty month is a whole year
            return False
    return True


def fast_wide_block(
    path: Path, file: str, display: str, names: Mapping[str, tuple[str, ...]]
) -> tuple[Block, list[Finding]] | None:
    """A clean wide CSV as a Block, or None when the general road must read it."""
    data = _clean_bytes(path, display)
    if data is None:
        return None
    found = _plain_header(data, file, display)
    if found is None:
        return None
    table, separator = found
    try:
        roles = roles_of(table)
        if set(roles) - {"unit", "year", "month"}:
            return None
        number_columns, findings = variable_columns(table, roles, names)
    except InputError:
        return None  # the general road reports it, with the same words
    keys = [roles["unit"], roles["year"], *([roles["month"]] if "month" in roles else [])]
    columns = _typed_columns(data, table, keys + [index for index, _ in number_columns])
    if columns is None:
        return None
    values = pd.DataFrame({v: columns[i].to_numpy(zero_copy_only=False).astype(np.float64) for i, v in number_columns})
    if (values.abs() > MAX_MAGNITUDE).to_numpy().any():
        return None  # the general road names the cell that is too large
    given = values.notna().any(axis=1).to_numpy()
    year = columns[roles["year"]].to_numpy(zero_copy_only=False).astype(np.float64)
    month = columns[roles["month"]].to_numpy(zero_copy_only=False).astype(np.float64) if "month" in roles else None
    if not _keys_fit(columns[roles["unit"]], year, month, given):
        return None
    lines = _line_numbers(data, _newlines(data), separator, len(table.headers))
    rows = lines[1:] if len(lines) == len(values) + 1 and len(lines) and lines[0] == 1 else np.arange(len(values)) + 2
    key_frame = pd.DataFrame(
        {
            "unit": columns[roles["unit"]].to_numpy(zero_copy_only=False).astype(object)[given],
            "year": year[given].astype(np.int64),
            "month": np.nan_to_num(month[given], nan=0).astype(np.int64) if month is not None else 0,
        }
    )
    block = Block(file, key_frame, values[given].reset_index(drop=True), np.asarray(rows)[given].astype(np.int64))
    return block, findings
