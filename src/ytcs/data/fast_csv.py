"""The fast road for the common case: a clean wide CSV of whole numbers, parsed by pyarrow with its types.

A national commune file is 33 MB of plain digits. Read as text and put through the number rule cell by
cell (the general road) it took four seconds; pyarrow reads its numbers in a tenth of that. The fast road
is taken only when it cannot differ from the general one: UTF-8 text without quotes or carriage returns,
a wide header on line 1, whole numbers in every variable column (no separators, so the number rule has nothing to
decide), years and months in range, every data row with its unit and no words in the unit column of the others
(a footer). Anything else — one odd cell is
enough — goes the general road, which reads the same file and says exactly what is wrong where.

The checks are made where they cost least: on the bytes (an ASCII file needs no decoding), on the distinct
unit codes (a few thousand, not the rows) and on each column's least and greatest number.
"""

from __future__ import annotations

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
from ytcs.data.decode import ascii_has_controls, check_text, detect_separator
from ytcs.data.layout import is_header
from ytcs.data.numbers import MAX_MAGNITUDE
from ytcs.data.table import Table
from ytcs.diagnostics import Finding, InputError
from ytcs.inputs import read_bounded
from ytcs.vocab import YEAR_MAX, YEAR_MIN

_CODE = r"^[0-9A-Za-z]*$"  # a unit cell the fast road takes: a plain code, or nothing on a row without numbers


def _clean_bytes(path: Path, display: str) -> tuple[bytes, np.ndarray] | None:
    """The file's bytes (BOM removed) and where its newlines are, when the general road's checks would find
    nothing to say or change: bounded size, UTF-8, no control character, no digit of another script, no
    over-long line, no quote. ASCII bytes (a national export) are UTF-8 and NFC without being decoded."""
    data = read_bounded(path, MAX_CSV_BYTES, display, "CSV files")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data or b'"' in data or b"\r" in data:
        return None
    if data.isascii():
        if ascii_has_controls(data):
            return None  # a control character: the general road names its line
    else:
        try:
            text = data.decode("utf-8")
            if check_text(text, display) != text or unicodedata.is_normalized("NFC", text) is False:
                return None
        except (UnicodeDecodeError, InputError):
            return None  # the general road reads it and says what is wrong where
    newlines = _newlines(data)
    try:
        _refuse_long_lines(data, newlines, display)
    except InputError:
        return None
    return data, newlines


def _plain_header(first_line: bytes, file: str, display: str) -> Table | None:
    """The header of a file the fast road can take, as a Table without rows; None otherwise."""
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
    return Table(
        file=file, display=display, headers=headers, cells=cells, rows=empty, separator=separator, is_excel=False
    )


def _typed_columns(data: bytes, table: Table, wanted: list[int]) -> dict[int, pa.ChunkedArray] | None:
    """The wanted columns parsed by pyarrow: the unit as text, every other one as whole numbers (int64);
    None when a cell of those is not a whole number (or the rows do not fit the header)."""
    names = [f"c{i}" for i in range(len(table.headers))]
    try:
        parsed = pa_csv.read_csv(
            pa.BufferReader(data),  # read in place: no copy of the file into pyarrow
            read_options=pa_csv.ReadOptions(column_names=names, skip_rows=1, block_size=1 << 24),
            parse_options=pa_csv.ParseOptions(delimiter=table.separator or ","),
            convert_options=pa_csv.ConvertOptions(
                include_columns=[names[i] for i in wanted],
                column_types={names[i]: pa.string() if i == wanted[0] else pa.int64() for i in wanted},
                null_values=[""],
                strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException):
        return None
    return {i: parsed.column(names[i]) for i in wanted}  # in pyarrow's blocks: copied once, into the numbers


def _numbers(columns: list[pa.ChunkedArray], length: int) -> np.ndarray | None:
    """The variable columns as one (variables × rows) float array, NaN where a cell is empty; None when a
    number is beyond ±MAX_MAGNITUDE (the general road names the cell). Filled in place, block by block: no
    frame is built and consolidated column by column; each column leaves the list as it is copied, so that
    pyarrow's memory goes as the array fills."""
    values = np.empty((len(columns), length), dtype=np.float64)
    for position in range(len(values)):
        column = columns.pop(0)
        low, high = pc.min_max(column).values()
        if low.is_valid and (float(low.as_py()) < -MAX_MAGNITUDE or float(high.as_py()) > MAX_MAGNITUDE):
            return None  # int → float is monotonic: the least and greatest floats are those of the ints
        start = 0
        for chunk in column.chunks:
            values[position, start : start + len(chunk)] = chunk.to_numpy(zero_copy_only=False)  # nulls: NaN
            start += len(chunk)
    return values


def _rows(data: bytes, newlines: np.ndarray, table: Table, records: int) -> np.ndarray:
    """The line of each record: the line after the header's and so on, unless pyarrow skipped a line (an
    empty one, or one of separators only), which only more lines than records can show."""
    lines = len(newlines) + (0 if data.endswith(b"\n") else 1)
    if lines == records + 1:
        return np.arange(records, dtype=np.int64) + 2
    numbers = _line_numbers(data, newlines, table.separator or ",", len(table.headers))
    return numbers[1:] if len(numbers) == records + 1 and len(numbers) and numbers[0] == 1 else np.arange(records) + 2


def _whole(column: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """An int64 column as numbers (0 where empty) and a mask of its empty cells."""
    return column.fill_null(0).to_numpy(), column.is_null().to_numpy(zero_copy_only=False)


def _units_fit(units: pa.DictionaryArray, given: np.ndarray) -> bool:
    """Every distinct unit text a plain code or nothing (words may be a footer, which the general road
    reports), and nothing only on rows without a number."""
    texts = units.dictionary
    if len(texts) and not pc.all(pc.match_substring_regex(texts, _CODE)).as_py():
        return False
    empty = np.flatnonzero(pc.equal(pc.binary_length(texts), 0).to_numpy(zero_copy_only=False))
    return not (len(empty) and np.isin(units.indices.to_numpy()[given], empty).any())


def _periods_fit(
    year: tuple[np.ndarray, np.ndarray], month: tuple[np.ndarray, np.ndarray] | None, given: np.ndarray
) -> bool:
    """Every data row has a year in range and a month 1–12 (or none: a whole year); `year` and `month` as
    `_whole` gives them (numbers, and where the cell is empty)."""
    years, no_year = year[0][given], year[1][given]
    if no_year.any() or ((years < YEAR_MIN) | (years > YEAR_MAX)).any():
        return False
    if month is None:
        return True
    months, no_month = month
    return not (((months < 1) | (months > 12)) & ~no_month)[given].any()


def _unit_categories(units: pa.DictionaryArray, given: np.ndarray) -> pd.Categorical:
    """The data rows' unit codes as categories: only the codes they use, in order of first appearance."""
    codes = units.indices.to_numpy()[given]
    used = np.flatnonzero(np.bincount(codes, minlength=len(units.dictionary)))
    renumber = np.full(len(units.dictionary), -1, dtype=np.int64)
    renumber[used] = np.arange(len(used))
    texts = np.asarray(units.dictionary.to_pylist(), dtype=object)[used]
    return pd.Categorical.from_codes(renumber[codes], categories=pd.Index(texts, dtype=object))


def _readable(path: Path, file: str, display: str) -> tuple[bytes, np.ndarray, Table, dict[str, int]] | None:
    """The file's bytes, newlines, header and the roles of its key columns, when the fast road may read it."""
    clean = _clean_bytes(path, display)
    if clean is None:
        return None
    data, newlines = clean
    table = _plain_header(data[: newlines[0]] if len(newlines) else data, file, display)
    if table is None:
        return None
    try:
        roles = roles_of(table)
    except InputError:
        return None  # the general road reports it, with the same words
    if set(roles) - {"unit", "year", "month"}:
        return None
    return data, newlines, table, roles


def fast_wide_block(
    path: Path, file: str, display: str, names: Mapping[str, tuple[str, ...]]
) -> tuple[Block, list[Finding]] | None:
    """A clean wide CSV as a Block (its unit column categorical), or None when the general road must read it."""
    readable = _readable(path, file, display)
    if readable is None:
        return None
    data, newlines, table, roles = readable
    try:
        number_columns, findings = variable_columns(table, roles, names)
    except InputError:
        return None  # the general road reports it, with the same words
    chosen = {variable: index for index, variable in number_columns}
    keys = [roles["unit"], roles["year"], *([roles["month"]] if "month" in roles else [])]
    columns = _typed_columns(data, table, keys + list(chosen.values()))
    if columns is None:
        return None
    units = columns.pop(roles["unit"]).combine_chunks().dictionary_encode()
    rows = _rows(data, newlines, table, len(units))
    del readable, data, newlines  # the file's bytes are not needed any more: gone before the numbers come
    numbers = [columns.pop(index) for index in chosen.values()]
    complete = any(column.null_count == 0 for column in numbers)  # a column never empty: every row has a number
    values = _numbers(numbers, len(units))
    if values is None:
        return None
    given = np.ones(len(units), dtype=bool) if complete else ~np.isnan(values).all(axis=0)
    year = _whole(columns[roles["year"]])
    month = _whole(columns[roles["month"]]) if "month" in roles else None
    if not (_units_fit(units, given) and _periods_fit(year, month, given)):
        return None
    key_frame = pd.DataFrame(
        {
            "unit": _unit_categories(units, given),
            "year": year[0][given],
            "month": month[0][given] if month is not None else np.zeros(int(given.sum()), dtype=np.int64),
        }
    )
    frame = pd.DataFrame((values if given.all() else values[:, given]).T, columns=list(chosen), copy=False)
    return Block(file, key_frame, frame, rows[given].astype(np.int64)), findings
