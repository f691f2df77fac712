"""CSV files → a Table of text cells with the line number of every row (pyarrow, for national files).

The header is the first line among the first 30 that names the unit column (title lines above it are
skipped with a finding), and a footer below the data (signatures, a date) is cut off with one: see
`ytcs.data.layout`. A header cell may hold a line break (Alt+Enter in Excel, quoted in the file).

Bounded: a file over 256 MB, or a line over 128 KB (no row of a count file is; a pasted note or a
binary file is), is refused before parsing, so memory and time stay proportional to a real file.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from ytcs.data.columns import HEADER_SEARCH_ROWS, header_names_unit, key_columns, no_unit_column
from ytcs.data.decode import check_text, decode, detect_separator, separator_name
from ytcs.data.layout import FOOTER_SEARCH_ROWS, Footer, footer_length, footer_texts, is_header, title_finding
from ytcs.data.table import Table
from ytcs.diagnostics import Finding, InputError, Location, quote
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
    """1-based line numbers of the records pyarrow returns: the lines it skips (empty
    ones, and blank or separator-only ones with the wrong number of cells, which the invalid-row handler
    skips) are left out.

    Only lines that are empty or start with whitespace or a separator can be skipped, so only those are
    looked at, every one of them (`_skipped`)."""
    arr = np.frombuffer(encoded, dtype=np.uint8)
    starts = np.concatenate(([0], newlines + 1))
    ends = np.concatenate((newlines, [len(arr)]))
    length = ends - starts
    first = np.full(len(starts), 10, dtype=np.uint8)
    first[length > 0] = arr[starts[length > 0]]
    sep = separator.encode()[0]
    candidates = np.flatnonzero(np.isin(first, (9, 13, 32, sep)) & (length > 0))
    dropped = length == 0
    if len(candidates):
        dropped[candidates] = _skipped(arr, starts[candidates], ends[candidates], sep, columns)
    return np.flatnonzero(~dropped) + 1


_WINDOW = 1 << 24  # bytes of a file whose skippable lines are looked at together


def _skipped(arr: np.ndarray, starts: np.ndarray, ends: np.ndarray, separator: int, columns: int) -> np.ndarray:
    """Whether each line arr[starts[i]:ends[i]] (non-empty, in order) holds only blanks and separators with
    other than `columns` cells. Its bytes that are not blank and its separators are counted per line by numpy,
    for the lines within a window of the file at a time: work and memory follow those lines, not the file."""
    skipped = np.empty(len(starts), dtype=bool)
    not_blank = np.ones(256, dtype=np.uint8)
    not_blank[[9, 13, 32, separator]] = 0
    windows = np.flatnonzero(np.diff((starts - starts[0]) // _WINDOW)) + 1
    for lines in np.split(np.arange(len(starts)), windows):
        begin = starts[lines[0]]
        piece = arr[begin : ends[lines[-1]]]
        bounds = (np.column_stack((starts[lines], ends[lines])) - begin).reshape(-1)[:-1]  # the last: to the end
        words = np.add.reduceat(not_blank[piece], bounds, dtype=np.int64)[::2]
        cells = np.add.reduceat((piece == separator).view(np.uint8), bounds, dtype=np.int64)[::2] + 1
        skipped[lines] = (words == 0) & (cells != columns)
    return skipped


@dataclass
class _Text:
    """A CSV file's text split at its header: the header's cells, and where the lines of data below it
    start and end (the footer cut off) in the text."""

    text: str
    encoded: bytes  # the text as UTF-8
    separator: str
    headers: list[str]
    header_line: int
    offset: int  # the number of lines above the data (the header's last line)
    start: int = 0
    end: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def body(self) -> str:
        return self.text[self.start : self.end]

    def data_bytes(self) -> bytes:
        """The lines of data as UTF-8, after the newline that ends the header: an empty line first, which
        pyarrow skips, so that a BOM left at the start of the first data row is kept as the cell's text
        (pyarrow drops one at the very start of its input)."""
        start = len(self.text[: self.start].encode("utf-8"))
        end = len(self.encoded) - len(self.text[self.end :].encode("utf-8"))
        return self.encoded[start - 1 : end]


def _decoded(path: Path, display: str) -> str:
    """The file's text: decoded, checked, line ends unified (also old Mac Excel's bare CR)."""
    data = read_bounded(path, MAX_CSV_BYTES, display, "CSV files")
    if not data:
        raise InputError(
            "the file is empty (0 bytes); give it a header line (unit,year,…) or remove it", Location(display)
        )
    text = decode(data.rstrip(b"\x1a"), display)  # Ctrl-Z: the end-of-file mark of old DOS programs
    text = check_text(text.replace("\r\n", "\n").replace("\r", "\n"), display)
    return text if text.endswith("\n") else text + "\n"


_Record = tuple[int, int, list[str]]  # first line, last line, the cells as header texts


def _records(head: str, separator: str) -> list[_Record]:
    """The records that start on the first HEADER_SEARCH_ROWS lines, quotes respected (a header cell may
    hold a line break: its lines are joined with a space)."""
    reader = csv.reader(io.StringIO(head), delimiter=separator)
    found: list[_Record] = []
    last = 0
    try:
        for cells in reader:
            if last >= HEADER_SEARCH_ROWS:
                break
            found.append((last + 1, reader.line_num, [" ".join(cell.split()) for cell in cells]))
            last = reader.line_num
    except csv.Error:  # a quote left open: the records before it are all there is to look at
        pass
    return found


def _header(text: str, display: str) -> tuple[str, _Record]:
    """The separator and the header record: the first that names a unit column, by the separator that
    splits it into the most cells; else the first record holding anything (its reading then says no unit
    column was found)."""
    head = "\n".join(text.split("\n", 4 * HEADER_SEARCH_ROWS)[: 4 * HEADER_SEARCH_ROWS])
    best: tuple[str, _Record] | None = None
    for separator in ("\t", ";", ","):
        found = next((record for record in _records(head, separator) if is_header(record[2])), None)
        if found is not None and (best is None or len(found[2]) > len(best[1][2])):
            best = (separator, found)
    if best is not None:
        return best
    first_line = next((line for line in head.split("\n") if line.strip()), "")
    separator = detect_separator(first_line)
    filled = [record for record in _records(head, separator) if any(record[2])]
    if not filled:
        raise InputError(
            f"lines 1–{HEADER_SEARCH_ROWS} hold no header; the header (unit,year,…) must be on one of them",
            Location(display),
        )
    return separator, filled[0]


def _line_start(text: str, lines: int) -> int:
    """The position in `text` where line `lines + 1` starts."""
    position = 0
    for _ in range(lines):
        position = text.index("\n", position) + 1
    return position


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def _last_lines(source: _Text, end: int) -> list[int]:
    """Where each of the last FOOTER_SEARCH_ROWS lines of data (ending at `end`) starts, found from the end."""
    starts: list[int] = []
    position = end
    while len(starts) < FOOTER_SEARCH_ROWS:
        newline = source.text.rfind("\n", source.start, position)
        starts.append(newline + 1 if newline >= 0 else source.start)
        if newline < 0:
            break
        position = newline
    return starts[::-1]


def _footer_start(source: _Text, file: str) -> int:
    """Where the footer below the data starts (signatures, dates, notes: see ytcs.data.layout), or the
    text's end; a footer that holds anything is reported once. Only the last lines are split."""
    text, end = source.text, len(source.text)
    keys = key_columns(source.headers)
    while end > source.start and text[end - 1] == "\n":
        end -= 1
    if keys is None or end == source.start:
        return len(text)
    starts = _last_lines(source, end)
    ends = [*starts[1:], end + 1]  # each line ends before the next one's newline
    cells = [_split_line(text[start : stop - 1], source.separator) for start, stop in zip(starts, ends, strict=True)]
    unit, year = keys
    length = footer_length([(_cell(row, unit), _cell(row, year)) for row in cells])
    if length == 0:
        return len(text)
    cut = starts[-length]
    texts = footer_texts(cells[-length:])
    if texts:
        first = source.offset + text.count("\n", source.start, cut) + 1
        source.findings.append(Footer(first, first + length - 1, texts).finding(file))
    return cut


def _file_text(path: Path, file: str, display: str) -> _Text:
    """The file decoded, its header found below any title lines, its data lines and footer told apart."""
    text = _decoded(path, display)
    if text.find("\n") > MAX_LINE_BYTES:
        raise InputError(
            f"the header line is over {MAX_LINE_BYTES:,} characters long; is this a count file?", Location(display, 1)
        )
    encoded = text.encode("utf-8")
    _refuse_long_lines(encoded, _newlines(encoded), display)
    separator, (first, last, headers) = _header(text, display)
    source = _Text(text, encoded, separator, headers, first, last, start=_line_start(text, last))
    if first > 1 and text[: _line_start(text, first - 1)].strip(" \t\n;,"):
        source.findings.append(title_finding(file, first))
    source.end = _footer_start(source, file)
    return source


def _split_line(line: str, separator: str) -> list[str]:
    """One line's cells as the csv module splits them (a line is short: longer ones were refused)."""
    try:
        return next(csv.reader([line], delimiter=separator), [])
    except csv.Error:  # a quote left open across lines: count the separators instead
        return line.split(separator)


def _wrong_cell_count(source: _Text, bad: str, display: str) -> InputError:
    """The error for a row whose cells do not match the header, at its line when it can be found."""
    found = next((i + 1 for i, content in enumerate(source.body.split("\n")) if content == bad), None)
    got = len(_split_line(bad, source.separator))
    return InputError(
        f"{got} cells where the header has {len(source.headers)} ({quote(bad)}); every row needs one cell per "
        f"header column, separated by {separator_name(source.separator)}",
        Location(display, None if found is None else source.offset + found),
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
            read_options=pa_csv.ReadOptions(column_names=names, block_size=1 << 24),
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
    source = _file_text(path, file, display)
    encoded = source.data_bytes()
    names = [f"c{i}" for i in range(len(source.headers))]
    if len(encoded) > encoded.count(b"\n"):  # not only empty lines
        try:
            frame = _parse(source, encoded, names, display).to_pandas()
        except InputError as error:  # rows that do not fit a header that is none: say the header is missing
            raise (error if header_names_unit(source.headers) else no_unit_column(display)) from None
    else:
        frame = pd.DataFrame({name: pd.Series([], dtype=object) for name in names})
    lines = _line_numbers(encoded, _newlines(encoded), source.separator, len(source.headers)) - 1
    rows = lines if len(lines) == len(frame) else np.arange(1, len(frame) + 1)
    cells = [frame[name] for name in names]
    return Table(
        file,
        display,
        source.headers,
        cells,
        np.asarray(rows, dtype=np.int64) + source.offset,
        source.separator,
        False,
        findings=source.findings,
        header_row=source.header_line,
    )
