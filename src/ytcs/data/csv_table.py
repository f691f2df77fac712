"""CSV files → a Table of text cells with the line number of every row (pyarrow, for national files).

Bounded: a file over 256 MB, or a line over 128 KB (no row of a count file is; a pasted note or a
binary file is), is refused before parsing, so memory and time stay proportional to a real file.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

from ytcs.data.decode import check_text, decode, detect_separator, separator_name
from ytcs.data.table import Table
from ytcs.diagnostics import InputError, Location, quote
from ytcs.inputs import read_bounded

MAX_CSV_BYTES = 256_000_000
MAX_LINE_BYTES = 131_072  # also the csv module's field limit, which the header is split with


def _newlines(encoded: bytes) -> np.ndarray:
    return np.flatnonzero(np.frombuffer(encoded, dtype=np.uint8) == 10)


def _refuse_long_lines(encoded: bytes, newlines: np.ndarray, display: str) -> None:
    """A line longer than any row of a count file (a pasted document, a binary file) is refused at its line."""
    ends = np.concatenate((newlines, [len(encoded)]))
    lengths = np.diff(np.concatenate(([-1], ends))) - 1
    if len(lengths) and lengths.max() > MAX_LINE_BYTES:
        line = int(np.argmax(lengths > MAX_LINE_BYTES))
        raise InputError(
            f"the line is {int(lengths[line]):,} bytes long; a row of a count file is at most "
            f"{MAX_LINE_BYTES:,} (is a long note or a binary file in it?); shorten the cell or remove the line",
            Location(display, line + 1),
        )


def _line_numbers(encoded: bytes, newlines: np.ndarray, separator: str, columns: int) -> np.ndarray:
    """1-based line numbers of the records pyarrow returns, header included: the lines it skips (empty
    ones, and blank or separator-only ones with the wrong number of cells, which the invalid-row handler
    skips) are left out.

    Only lines that are empty or start with whitespace or a separator can be skipped, so only those
    (a handful in real files) are looked at one by one."""
    arr = np.frombuffer(encoded, dtype=np.uint8)
    starts = np.concatenate(([0], newlines + 1))
    ends = np.concatenate((newlines, [len(arr)]))
    length = ends - starts
    first = np.full(len(starts), 10, dtype=np.uint8)
    first[length > 0] = arr[starts[length > 0]]
    sep = separator.encode()
    candidates = np.flatnonzero(np.isin(first, (9, 10, 13, 32, sep[0])))[:100_000]
    dropped = np.zeros(len(starts), dtype=bool)
    for i in candidates:
        line = encoded[starts[i] : ends[i]]
        dropped[i] = line.strip(b" \t\r" + sep) == b"" and (line == b"" or line.count(sep) + 1 != columns)
    return np.flatnonzero(~dropped) + 1


@dataclass
class _Text:
    """A CSV file's text with its header line read: what pyarrow parses, and what messages quote."""

    text: str
    separator: str
    headers: list[str]


def _file_text(path: Path, display: str) -> _Text:
    """The file decoded, line ends unified, the header split by its own separator."""
    data = read_bounded(path, MAX_CSV_BYTES, display, "CSV files")
    if not data:
        raise InputError(
            "the file is empty (0 bytes); give it a header line (unit,year,…) or remove it", Location(display)
        )
    text = decode(data.rstrip(b"\x1a"), display)  # Ctrl-Z: the end-of-file mark of old DOS programs
    text = check_text(text.replace("\r\n", "\n").replace("\r", "\n"), display)  # also old Mac Excel's bare CR
    first_line = text.split("\n", 1)[0] if len(text) <= MAX_LINE_BYTES else text[: MAX_LINE_BYTES + 1].split("\n")[0]
    if not first_line.strip():
        raise InputError("line 1 is empty; the header (unit,year,…) must be on line 1", Location(display, 1))
    if len(first_line) > MAX_LINE_BYTES:
        raise InputError(
            f"the header line is over {MAX_LINE_BYTES:,} characters long; is this a count file?", Location(display, 1)
        )
    separator = detect_separator(first_line)
    headers = [" ".join(h.split()) for h in _split_line(first_line, separator)]
    return _Text(text if text.endswith("\n") else text + "\n", separator, headers)


def _split_line(line: str, separator: str) -> list[str]:
    """One line's cells as the csv module splits them (a line is short: longer ones were refused)."""
    try:
        return next(csv.reader([line], delimiter=separator), [])
    except csv.Error:  # a quote left open across lines: count the separators instead
        return line.split(separator)


def _wrong_cell_count(source: _Text, bad: str, display: str) -> InputError:
    """The error for a row whose cells do not match the header, at its line when it can be found."""
    line = next((i + 1 for i, content in enumerate(source.text.split("\n")) if content == bad), None)
    got = len(_split_line(bad, source.separator))
    return InputError(
        f"{got} cells where the header has {len(source.headers)} ({quote(bad)}); every row needs one cell per "
        f"header column, separated by {separator_name(source.separator)}",
        Location(display, line),
    )


def _parse(source: _Text, encoded: bytes, names: list[str], display: str) -> pa.Table:
    """Every cell as text, by pyarrow; blank or separator-only lines are skipped, other bad rows refused."""
    invalid: list[str] = []

    def on_invalid(row: pa_csv.InvalidRow) -> str:
        if row.text.strip(" \t\r" + source.separator) == "":
            return "skip"
        invalid.append(row.text)
        return "error"

    try:
        return pa_csv.read_csv(
            io.BytesIO(encoded),
            read_options=pa_csv.ReadOptions(column_names=names, skip_rows=1, block_size=1 << 24),
            parse_options=pa_csv.ParseOptions(
                delimiter=source.separator, newlines_in_values=True, invalid_row_handler=on_invalid
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException) as error:
        if invalid:
            raise _wrong_cell_count(source, invalid[0], display) from error
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InputError(
            f"cannot be read as CSV ({message}); check its quotes and separators", Location(display)
        ) from error


def read_csv_table(path: Path, file: str, display: str) -> Table:
    """A CSV file → all-text columns, its header and the line number of each row."""
    source = _file_text(path, display)
    encoded = source.text.encode("utf-8")
    newlines = _newlines(encoded)
    _refuse_long_lines(encoded, newlines, display)
    names = [f"c{i}" for i in range(len(source.headers))]
    frame = _parse(source, encoded, names, display).to_pandas()
    lines = _line_numbers(encoded, newlines, source.separator, len(source.headers))
    rows = lines[1:] if len(lines) == len(frame) + 1 and len(lines) and lines[0] == 1 else np.arange(len(frame)) + 2
    cells = [frame[name] for name in names]
    return Table(file, display, source.headers, cells, np.asarray(rows, dtype=np.int64), source.separator, False)
