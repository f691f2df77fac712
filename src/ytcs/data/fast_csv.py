"""The fast road for the common case: a clean wide CSV of whole numbers, parsed by pyarrow with its types.

A national commune file is 33 MB of plain digits. Read as text and put through the number rule cell by
cell (the general road) it took four seconds; pyarrow reads its numbers in a tenth of that. The fast road
is taken only when it cannot differ from the general one: UTF-8 text without quotes or carriage returns,
a wide header on line 1, whole numbers in every variable column (no separators, so the number rule has nothing to
decide), years and months in range, every data row with its unit and no words in the unit column of the others
(a footer). Anything else — one odd cell is
enough — goes the general road, which reads the same file and says exactly what is wrong where.

The checks are made where they cost least: on the bytes (an ASCII file needs no decoding), on the distinct
unit codes (a few thousand, not the rows) and on each batch's least and greatest number. The file is parsed
in parts side by side (a part per core), a megabyte batch at a time copied straight into the final arrays:
pyarrow's int64 columns of the whole file never exist beside them (a third of the memory it took).
"""

from __future__ import annotations

import itertools
import os
import unicodedata
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from ytcs.data.columns import roles_of, variable_columns
from ytcs.data.counts import Block
from ytcs.data.csv_table import MAX_CSV_BYTES, MAX_LINE_BYTES, _newlines, _refuse_long_lines
from ytcs.data.decode import ascii_has_controls, check_text, detect_separator
from ytcs.data.layout import is_header
from ytcs.data.numbers import MAX_MAGNITUDE
from ytcs.data.table import Table
from ytcs.diagnostics import Finding, InputError
from ytcs.inputs import read_bounded
from ytcs.vocab import YEAR_MAX, YEAR_MIN

_BOM = b"\xef\xbb\xbf"
_CODE = r"^[0-9A-Za-z]*$"  # a unit cell the fast road takes: a plain code, or nothing on a row without numbers


def _clean_bytes(path: Path, display: str) -> bytes | None:
    """The file's bytes (BOM removed) when the general road's checks would find nothing to say or change:
    bounded size, UTF-8, no control character, no digit of another script, no over-long line, no quote.
    ASCII bytes (a national export) are UTF-8 and NFC without being decoded."""
    data = read_bounded(path, MAX_CSV_BYTES, display, "CSV files")
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
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
    return data if _no_long_line(data, display) else None


def _no_long_line(data: bytes, display: str) -> bool:
    """Whether no line is over MAX_LINE_BYTES. A longer line holds a whole aligned stretch of half that many
    bytes, so when every such stretch holds a newline (one C search each, a few hundred) there is none; only
    otherwise are the lines measured, as the general road measures them."""
    find, stretch = data.find, MAX_LINE_BYTES // 2
    if all(find(b"\n", start, start + stretch) >= 0 for start in range(0, len(data) - stretch + 1, stretch)):
        return True
    try:
        _refuse_long_lines(data, _newlines(data), display)
    except InputError:
        return False
    return True


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


BLOCK_BYTES = 1 << 20  # pyarrow parses and converts a megabyte at a time, each part copied while it is fresh
PART_BYTES = 1 << 22  # a file of several times this is cut into parts, parsed side by side (one per core)
CORES = min(8, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)  # usable


@dataclass
class _Parsed:
    """The wanted columns, parsed part by part, batch by batch, into arrays of the file's size (its lines,
    less the header): no table of pyarrow columns is built beside them. Part i fills the positions from
    `starts[i]`, `records[i]` of them."""

    units: list[list[pa.Array]]  # the unit column's text, part by part, batch by batch
    keys: np.ndarray  # (year[, month]) × rows, int64, 0 where empty
    empty_keys: np.ndarray  # where those are empty
    values: np.ndarray  # variables × rows, float64, NaN where empty
    gaps: np.ndarray  # per variable: whether a cell of it is empty
    starts: list[int]
    records: list[int]
    blank: bool  # whether the file has an empty line


def _cuts(data: bytes) -> list[int]:
    """Where the file is cut into parts for the cores: just after a newline, near even shares (one part for
    a small file). No part starts with a BOM, which pyarrow would drop at the start of its input only."""
    count = max(1, min(CORES, len(data) // PART_BYTES))
    cuts = [0]
    for share in range(1, count):
        cut = data.find(b"\n", max(cuts[-1], len(data) * share // count)) + 1
        if 0 < cut < len(data) and not data.startswith(_BOM, cut):
            cuts.append(cut)
    return [*cuts, len(data)]


class _Lines(NamedTuple):
    """The records of each part of a file (its lines but the empty ones, the header not counted), and
    whether any line is empty (then a record's line is not its position + 2)."""

    records: list[int]
    blank: bool


def _lines(data: bytes, cuts: list[int]) -> _Lines:
    """The records of each part: its lines but the empty ones, which pyarrow skips (a file of empty lines
    would otherwise size the arrays by them), counted a megabyte at a time (no array of the file's size, no
    Python per line). The same pass says whether there is an empty line, which a search for two newlines
    in a row would take longer to say than counting them all here."""
    codes = np.frombuffer(data, dtype=np.uint8)
    step = 1 << 20
    counted = [
        [_line_ends(codes, at, min(at + step, end)) for at in range(start, end, step)]
        for start, end in itertools.pairwise(cuts)
    ]
    records = [sum(ends - empty for ends, empty in part) for part in counted]
    records[-1] += 0 if data.endswith(b"\n") else 1
    records[0] -= 1
    return _Lines(records, any(empty for part in counted for _, empty in part))


def _line_ends(codes: np.ndarray, start: int, end: int) -> tuple[int, int]:
    """The newlines in codes[start:end], and how many of them end an empty line (right after another newline,
    in the whole file: a part starts just after a newline, so an empty line first in a part is counted)."""
    newline = codes[start:end] == 10
    before = codes[start - 1 : end - 1] == 10 if start > 0 else np.r_[False, newline[:-1]]
    return int(np.count_nonzero(newline)), int(np.count_nonzero(newline & before))


def _parse(data: bytes, table: Table, wanted: list[int], keys: int) -> _Parsed | None:
    """The wanted columns (the unit, `keys` whole-number keys, then the variables) parsed by pyarrow, part by
    part on the cores: the unit as text, every other one as whole numbers (int64); None when a cell of those
    is not a whole number, a number is beyond ±MAX_MAGNITUDE (the general road names the cell), or the rows
    do not fit the header."""
    cuts = _cuts(data)
    counted = _lines(data, cuts)
    lines = counted.records
    rows, length = sum(lines), len(wanted) - 1 - keys
    parsed = _Parsed(
        [[] for _ in lines], np.empty((keys, rows), dtype=np.int64), np.zeros((keys, rows), dtype=bool),
        np.empty((length, rows), dtype=np.float64), np.zeros(length, dtype=bool),
        [0, *itertools.accumulate(lines)], [0] * len(lines), counted.blank,
    )  # fmt: skip
    names = [f"c{i}" for i in range(len(table.headers))]
    convert = pa_csv.ConvertOptions(
        include_columns=[names[i] for i in wanted],
        column_types={names[i]: pa.string() if i == wanted[0] else pa.int64() for i in wanted},
        null_values=[""],
        strings_can_be_null=False,
    )
    buffer = pa.py_buffer(data)  # read in place: no copy of the file into pyarrow

    def part(index: int) -> bool:
        try:
            reader = pa_csv.open_csv(
                pa.BufferReader(buffer.slice(cuts[index], cuts[index + 1] - cuts[index])),
                read_options=pa_csv.ReadOptions(
                    column_names=names, skip_rows=1 if index == 0 else 0, block_size=BLOCK_BYTES, use_threads=False
                ),
                parse_options=pa_csv.ParseOptions(delimiter=table.separator or ","),
                convert_options=convert,
            )
            return all(_take(parsed, index, batch) for batch in reader)
        except (pa.ArrowInvalid, pa.ArrowException):
            return False

    if len(lines) == 1:
        read = part(0)
    else:
        with ThreadPoolExecutor(len(lines)) as pool:  # pyarrow and numpy let go of the GIL while they work
            read = all(list(pool.map(part, range(len(lines)))))
    return parsed if read and parsed.records == lines else None  # each part's every record, as counted


def _int64s(column: pa.Array) -> np.ndarray:
    """An int64 column's numbers where pyarrow put them (an empty cell's slot holds whatever it left there)."""
    buffer = column.buffers()[1]
    if buffer is None:
        return np.zeros(len(column), dtype=np.int64)
    return np.frombuffer(buffer, dtype=np.int64, count=len(column), offset=column.offset * 8)


def _take(parsed: _Parsed, part: int, batch: pa.RecordBatch) -> bool:
    """One batch of a part copied into the arrays (False when a number is beyond ±MAX_MAGNITUDE): the numbers
    are checked as floats before the empty cells are made NaN (int → float is monotonic; NaN compares false)."""
    start = parsed.starts[part] + parsed.records[part]
    end = start + batch.num_rows
    if end > parsed.starts[part + 1]:
        return False  # more records than lines: cannot happen without quotes; the general road reads it
    parsed.units[part].append(batch.column(0))
    keys = len(parsed.keys)
    for position, column in enumerate(batch.columns[1 : 1 + keys]):
        parsed.keys[position, start:end] = _int64s(column)
        if column.null_count:
            empty = column.is_null().to_numpy(zero_copy_only=False)
            parsed.keys[position, start:end][empty] = 0
            parsed.empty_keys[position, start:end] = empty
    values = parsed.values[:, start:end]
    for position, column in enumerate(batch.columns[1 + keys :]):
        values[position] = _int64s(column)
    if values.size and (values.min() < -MAX_MAGNITUDE or values.max() > MAX_MAGNITUDE):
        return False
    for position, column in enumerate(batch.columns[1 + keys :]):
        if column.null_count:
            values[position][column.is_null().to_numpy(zero_copy_only=False)] = np.nan
            parsed.gaps[position] = True
    parsed.records[part] += batch.num_rows
    return True


def _rows(data: bytes, records: int, blank: bool) -> np.ndarray:
    """The line of each record: every line after the header's but the empty ones (`blank`: there are some),
    which pyarrow skips."""
    if not blank:
        return np.arange(records, dtype=np.int64) + 2
    newlines = _newlines(data)
    starts, ends = np.r_[0, newlines + 1], np.r_[newlines, len(data)]
    return np.flatnonzero(ends > starts)[1:] + 1


_Rows = np.ndarray | slice  # the data rows: a mask, or every row (a slice: no copy taken)


def _units_fit(units: pa.DictionaryArray, given: _Rows) -> bool:
    """Every distinct unit text a plain code or nothing (words may be a footer, which the general road
    reports), and nothing only on rows without a number."""
    texts = units.dictionary
    if len(texts) and not pc.all(pc.match_substring_regex(texts, _CODE)).as_py():
        return False
    empty = np.flatnonzero(pc.equal(pc.binary_length(texts), 0).to_numpy(zero_copy_only=False))
    return not (len(empty) and np.isin(units.indices.to_numpy()[given], empty).any())


def _periods_fit(
    year: tuple[np.ndarray, np.ndarray], month: tuple[np.ndarray, np.ndarray] | None, given: _Rows
) -> bool:
    """Every data row has a year in range and a month 1–12 (or none: a whole year); `year` and `month`
    as `_parse` gives them (numbers, 0 where empty, and where the cell is empty)."""
    years, no_year = year[0][given], year[1][given]
    if no_year.any() or ((years < YEAR_MIN) | (years > YEAR_MAX)).any():
        return False
    if month is None:
        return True
    months, no_month = month
    return not (((months < 1) | (months > 12)) & ~no_month)[given].any()


def _unit_categories(units: pa.DictionaryArray, given: _Rows) -> pd.Categorical:
    """The data rows' unit codes as categories: only the codes they use, in order of first appearance."""
    codes = units.indices.to_numpy()[given]
    used = np.flatnonzero(np.bincount(codes, minlength=len(units.dictionary)))
    texts = np.asarray(units.dictionary.to_pylist(), dtype=object)[used]
    if len(used) < len(units.dictionary):  # codes only on rows without a number: numbered again without them
        renumber = np.full(len(units.dictionary), -1, dtype=np.int64)
        renumber[used] = np.arange(len(used))
        codes = renumber[codes]
    return pd.Categorical.from_codes(codes, categories=pd.Index(texts, dtype=object))


def _readable(path: Path, file: str, display: str) -> tuple[bytes, Table, dict[str, int]] | None:
    """The file's bytes, header and the roles of its key columns, when the fast road may read it."""
    data = _clean_bytes(path, display)
    if data is None:
        return None
    end = data.find(b"\n")
    table = _plain_header(data[:end] if end >= 0 else data, file, display)
    if table is None:
        return None
    try:
        roles = roles_of(table)
    except InputError:
        return None  # the general road reports it, with the same words
    if set(roles) - {"unit", "year", "month"}:
        return None
    return data, table, roles


def fast_wide_block(
    path: Path, file: str, display: str, names: Mapping[str, tuple[str, ...]]
) -> tuple[Block, list[Finding]] | None:
    """A clean wide CSV as a Block (its unit column categorical), or None when the general road must read it."""
    readable = _readable(path, file, display)
    if readable is None:
        return None
    data, table, roles = readable
    try:
        number_columns, findings = variable_columns(table, roles, names)
    except InputError:
        return None  # the general road reports it, with the same words
    chosen = {variable: index for index, variable in number_columns}
    keys = [roles["year"], *([roles["month"]] if "month" in roles else [])]
    parsed = _parse(data, table, [roles["unit"], *keys, *chosen.values()], len(keys))
    if parsed is None:
        return None
    rows = _rows(data, sum(parsed.records), parsed.blank)
    del readable, data  # the file's bytes are not needed any more
    texts = [chunk for part in parsed.units for chunk in part]
    units = pa.chunked_array(texts, type=pa.string()).combine_chunks().dictionary_encode()
    values = parsed.values
    given = slice(None) if not parsed.gaps.all() else _given(values)
    year = (parsed.keys[0], parsed.empty_keys[0])
    month = (parsed.keys[1], parsed.empty_keys[1]) if "month" in roles else None
    if not (_units_fit(units, given) and _periods_fit(year, month, given)):
        return None
    years = year[0][given]
    key_frame = pd.DataFrame(
        {
            "unit": _unit_categories(units, given),
            "year": years,
            "month": month[0][given] if month is not None else np.zeros(len(years), dtype=np.int64),
        }
    )
    frame = pd.DataFrame(values[:, given].T, columns=list(chosen), copy=False)
    return Block(file, key_frame, frame, rows[given].astype(np.int64, copy=False)), findings


def _given(values: np.ndarray) -> _Rows:
    """The rows with a number (every variable has an empty cell somewhere, so each row is looked at)."""
    given = ~np.isnan(values).all(axis=0)
    return slice(None) if given.all() else given
