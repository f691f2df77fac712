"""Stage 3, read data: a folder of count files from Vietnamese offices → one checked, long-form DataSet.

The folder layout is a public interface:

- `units.csv`: `code,name,level,parent` — GSO codes as text (leading zeros kept), level
  province | district | commune, parent empty for the root.
- every other `*.csv` / `*.xlsx` (not recursive, sorted by name, names starting with `.` or `~$`
  skipped) is a count file in one of three forms, told apart by its header:
  wide `unit,year[,month],<variable>…`; long `unit,year[,month],variable,value`;
  published history `unit,year,indicator,value[,source]`.

Real files arrive as UTF-8 (with or without BOM), UTF-16 "Unicode text" from Excel or Windows-1258,
separated by `,`, `;` or tab; all text is normalised to NFC so that names typed on different
machines compare equal. Numbers follow the one rule of `ytcs.numbers`. Every bad input is one
`InputError` naming file, row and column; problems that do not stop the reading are `Finding`s.
Parsing is vectorised (pyarrow for CSV, classification on unique values) because a national
commune file has hundreds of thousands of rows.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from ytcs.checks import Finding
from ytcs.errors import InputError, UsageError
from ytcs.models import Variable
from ytcs.numbers import FormatOption, format_number, quote, read_text_numbers
from ytcs.plans import display_path

UNITS_FILE = "units.csv"
COUNT_SUFFIXES = (".csv", ".xlsx")
# Data files ytcs does not read: worth a word, since their counts would otherwise be silently missed.
UNREAD_DATA_SUFFIXES = (".xls", ".xlsm", ".xlsb", ".ods", ".tsv", ".txt", ".json", ".parquet")
LEVELS = ("province", "district", "commune")
# Depth in the tree (0 = the top); aggregate.LEVEL_RANK counts the other way, from the communes up.
DEPTH = {"province": 0, "district": 1, "commune": 2}
# Allowed parent levels. A commune may sit directly under a province: Vietnam abolished the district
# level on 1 July 2025 (two-level local government), so post-2025 unit lists have no districts.
PARENT_LEVELS = {"commune": ("district", "province"), "district": ("province",), "province": ()}
CODE_PATTERN = r"[0-9]{2,5}"
GSO_CODE_LENGTH = {"province": 2, "district": 3, "commune": 5}
YEAR_MIN, YEAR_MAX = 1900, 2100
DIFFLIB_CUTOFF = 0.85

# Header names accepted for the key columns (compared after NFC, whitespace collapsing and casefold).
ROLE_HEADERS: dict[str, tuple[str, ...]] = {
    "unit": ("unit", "mã đơn vị", "mã", "mã đvhc"),
    "year": ("year", "năm"),
    "month": ("month", "tháng"),
    "variable": ("variable", "biến"),
    "value": ("value", "giá trị"),
    "indicator": ("indicator", "chỉ số"),
    "source": ("source", "nguồn"),
}
# Level-specific code columns (GSO lists carry all three): without a `unit` column the most detailed
# one present is the unit; the others only repeat units.csv and are ignored.
UNIT_LEVEL_HEADERS = ("mã xã", "mã huyện", "mã tỉnh")
# Columns Vietnamese sheets commonly carry beside the data; ignored without a word.
SILENT_HEADERS = frozenset(
    {"name", "tên đơn vị", "tên xã", "tên", "tên huyện", "tên tỉnh", "stt", "tt", "ghi chú", "note", "notes"}
    | set(UNIT_LEVEL_HEADERS)
)
UNITS_HEADERS = ("code", "name", "level", "parent")

VALUE_COLUMNS = ("unit", "year", "month", "variable", "value", "file", "row")
PUBLISHED_COLUMNS = ("unit", "year", "indicator", "value", "source", "file", "row")
UNIT_COLUMNS = ("code", "name", "level", "parent")


@dataclass
class DataSet:
    """Everything read from a data folder, in long form, ready for indicators and checks."""

    units: pd.DataFrame
    values: pd.DataFrame
    published: pd.DataFrame
    findings: list[Finding] = field(default_factory=list)


@dataclass
class _Table:
    """One file's cells before interpretation: headers as written, cells as text or workbook values."""

    file: str
    display: str
    headers: list[str]
    cells: list[pd.Series]
    rows: np.ndarray
    separator: str | None
    is_excel: bool

    def text(self, index: int) -> pd.Series:
        """The column as trimmed NFC text; workbook numbers as their shortest text ('3390', '2024')."""
        column = self.cells[index]
        if not self.is_excel:
            return column.astype("string").fillna("").str.strip()
        texts, numbers, other = _split_excel(column)
        result = texts.mask(~np.isnan(numbers), _numbers_as_text(numbers))
        if other.any():
            result = result.mask(other, column.astype(str).astype("string"))
        return result.fillna("").str.strip()

    def where(self, row: int, index: int) -> str:
        return f"{self.display}:{row}:{self.headers[index] or f'column {index + 1}'}"


def _numbers_as_text(numbers: np.ndarray) -> pd.Series:
    """Workbook numbers as the text a person typed: 3390.0 → '3390', 12.5 → '12.5' (NaN → <NA>)."""
    whole = np.isfinite(numbers) & (np.mod(numbers, 1) == 0)
    as_int = pd.Series(np.where(whole, numbers, np.nan)).astype("Int64").astype("string")
    as_float = pd.Series(np.where(whole, np.nan, numbers)).astype("string")
    return as_int.fillna(as_float)


def normalise_name(text: str) -> str:
    """How headers and names are compared: NFC, whitespace collapsed, case folded."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def variable_names(variables: Mapping[str, Variable]) -> dict[str, tuple[str, ...]]:
    """Every accepted name of each variable (id, label_vi, aliases) → the ids it names (one, unless the
    dictionary gives two variables the same alias)."""
    names: dict[str, list[str]] = {}
    for variable in variables.values():
        for name in (variable.id, variable.label_vi, *variable.aliases):
            ids = names.setdefault(normalise_name(name), [])
            if variable.id not in ids:
                ids.append(variable.id)
    return {name: tuple(ids) for name, ids in names.items()}


# --------------------------------------------------------------------------------------------------
# Decoding and low-level reading


def _decode(data: bytes, display: str) -> str:
    """Bytes → NFC text: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1258."""
    if data.startswith(b"PK\x03\x04"):
        raise InputError(f"{display}: this is an Excel workbook, not a CSV text file; rename it to .xlsx")
    try:
        if data.startswith(codecs.BOM_UTF8):
            text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        elif b"\x00" in data[:4096]:
            sample = data[:4096]
            if sample[1::2].count(0) > len(sample) // 4:
                text = data.decode("utf-16-le")
            elif sample[0::2].count(0) > len(sample) // 4:
                text = data.decode("utf-16-be")
            else:
                raise InputError(f"{display}: this is not a text file; save it as CSV (UTF-8) or .xlsx")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1258")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{display}: byte {error.start + 1} cannot be read as UTF-8, UTF-16 or Windows-1258 text; "
            "save the file as 'CSV UTF-8' from Excel"
        ) from error
    text = text.lstrip("\ufeff")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _detect_separator(header_line: str) -> str:
    """The header line's most frequent separator outside quotes (tab, then ';', then ',' on a tie)."""
    unquoted = re.sub(r'"[^"]*"', "", header_line)
    counts = {sep: unquoted.count(sep) for sep in ("\t", ";", ",")}
    best = max(counts.values())
    if best == 0:
        return ","
    return next(sep for sep in ("\t", ";", ",") if counts[sep] == best)


def _line_numbers(encoded: bytes, separator: str, columns: int) -> np.ndarray:
    """1-based line numbers of the records pyarrow returns, header included: the lines it skips (empty
    ones, and blank or separator-only ones with the wrong number of cells, which the invalid-row handler
    skips) are left out.

    Only lines that are empty or start with whitespace or a separator can be skipped, so only those
    (a handful in real files) are looked at one by one."""
    arr = np.frombuffer(encoded, dtype=np.uint8)
    newlines = np.flatnonzero(arr == 10)
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


def _read_csv(path: Path, file: str, display: str) -> _Table:
    """A CSV file → all-text columns, its header and the line number of each row."""
    data = path.read_bytes()
    if not data:
        raise InputError(
            f"{display}: the file is empty (0 bytes); give it a header line (unit,year,…) or remove it"
        )
    text = _decode(data, display)
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # also old Mac Excel's bare CR
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        raise InputError(f"{display}:1: line 1 is empty; the header (unit,year,…) must be on line 1")
    separator = _detect_separator(first_line)
    headers = [
        " ".join(h.split())
        for h in next(csv.reader([first_line], delimiter=separator, skipinitialspace=False))
    ]
    if not text.endswith("\n"):
        text += "\n"
    encoded = text.encode("utf-8")
    names = [f"c{i}" for i in range(len(headers))]
    invalid: list[str] = []

    def on_invalid(row: pa_csv.InvalidRow) -> str:
        if row.text.strip(" \t\r" + separator) == "":
            return "skip"
        invalid.append(row.text)
        return "error"

    try:
        table = pa_csv.read_csv(
            io.BytesIO(encoded),
            read_options=pa_csv.ReadOptions(column_names=names, skip_rows=1, block_size=1 << 24),
            parse_options=pa_csv.ParseOptions(
                delimiter=separator, newlines_in_values=True, invalid_row_handler=on_invalid
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException) as error:
        if invalid:
            bad = invalid[0]
            lines = text.split("\n")
            line = next((i + 1 for i, content in enumerate(lines) if content == bad), None)
            got = len(next(csv.reader([bad], delimiter=separator)))
            where = f"{display}:{line}" if line else display
            raise InputError(
                f"{where}: {got} cells where the header has {len(headers)} ({quote(bad)}); "
                f"every row needs one cell per header column, separated by {_separator_name(separator)}"
            ) from error
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InputError(
            f"{display}: cannot be read as CSV ({message}); check its quotes and separators"
        ) from error
    frame = table.to_pandas()
    lines = _line_numbers(encoded, separator, len(headers))
    rows = (
        lines[1:]
        if len(lines) == len(frame) + 1 and len(lines) and lines[0] == 1
        else np.arange(len(frame)) + 2
    )
    cells = [frame[name] for name in names]
    return _Table(file, display, headers, cells, np.asarray(rows, dtype=np.int64), separator, False)


def _separator_name(separator: str) -> str:
    return {"\t": "tabs", ";": "';'", ",": "','"}[separator]


def _split_excel(column: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray]:
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
                [
                    not (isinstance(v, (int, float)) and not isinstance(v, bool)) and not pd.isna(v)
                    for v in non_text
                ],
                dtype=bool,
            )
            & ~is_text
        )
        numbers = np.where(other, np.nan, numbers)
    texts = values.where(is_text, "").astype("string").str.normalize("NFC")
    return texts, numbers, other


def _read_xlsx(path: Path, file: str, display: str) -> _Table:
    """The first sheet of a workbook, header on row 1, each cell as the workbook holds it."""
    try:
        frame = pd.read_excel(path, engine="calamine", header=None, dtype=object, sheet_name=0)
    except Exception as error:  # calamine raises its own types for every kind of broken file
        reason = (str(error).splitlines() or [type(error).__name__])[0]
        raise InputError(
            f"{display}: cannot be read as an XLSX workbook ({reason}); open it in Excel and save it as .xlsx"
        ) from error
    if frame.empty:
        raise InputError(f"{display}: the first sheet is empty; put the header (unit,year,…) on row 1")
    header_cells = frame.iloc[0]
    headers = [
        ""
        if pd.isna(v)
        else " ".join(
            unicodedata.normalize("NFC", format_number(v) if isinstance(v, float) else str(v)).split()
        )
        for v in header_cells
    ]
    body = frame.iloc[1:]
    rows = np.asarray(body.index, dtype=np.int64) + 1
    cells = [body[c].reset_index(drop=True) for c in body.columns]
    return _Table(file, display, headers, cells, rows, None, True)


# --------------------------------------------------------------------------------------------------
# units.csv


def read_units(path: Path) -> tuple[pd.DataFrame, list[Finding]]:
    """Read and check units.csv: unique GSO codes, known levels, parents that exist one level up."""
    display = display_path(path)
    if not path.is_file():
        raise InputError(
            f"{display}: no units.csv in the data folder; add one with the columns code,name,level,parent"
        )
    table = _read_csv(path, path.name, display)
    normed = [normalise_name(h) for h in table.headers]
    missing = [h for h in UNITS_HEADERS if h not in normed]
    if missing:
        raise InputError(
            f"{display}:1: no {', '.join(repr(m) for m in missing)} column; the header must be "
            "code,name,level,parent"
        )
    columns = {h: table.text(normed.index(h)) for h in UNITS_HEADERS}
    index_of = {h: normed.index(h) for h in UNITS_HEADERS}
    frame = pd.DataFrame(columns)
    frame["row"] = table.rows
    blank = (frame[list(UNITS_HEADERS)] == "").all(axis=1)
    frame = frame[~blank].reset_index(drop=True)
    if frame.empty:
        raise InputError(f"{display}: lists no units; add one row per province, district and commune")

    def fail(mask: pd.Series, column: str, problem: str) -> None:
        if mask.any():
            first = frame[mask].iloc[0]
            raise InputError(
                f"{table.where(int(first['row']), index_of[column])}: {quote(first[column])} {problem}"
            )

    fail(frame["code"] == "", "code", "is empty; every unit needs its GSO code")
    fail(
        ~frame["code"].str.fullmatch(CODE_PATTERN),
        "code",
        "is not a GSO code (2 to 5 digits); keep codes as text so leading zeros stay ('03390')",
    )
    fail(frame["name"] == "", "name", "is empty; give the unit's name")
    frame["level"] = frame["level"].str.casefold()
    fail(~frame["level"].isin(LEVELS), "level", "is not a level; use province, district or commune")
    duplicated = frame["code"].duplicated(keep="first")
    if duplicated.any():
        second = frame[duplicated].iloc[0]
        first = frame[frame["code"] == second["code"]].iloc[0]
        raise InputError(
            f"{table.where(int(second['row']), index_of['code'])}: unit code {second['code']} is already on "
            f"row {int(first['row'])}; each code must appear once"
        )
    has_parent = frame["parent"] != ""
    known = frame["code"]
    fail(
        has_parent & ~frame["parent"].isin(known),
        "parent",
        "is not the code of any unit in units.csv; add the parent unit or correct the code",
    )
    levels = frame.set_index("code")["level"]
    parent_level = frame["parent"].map(levels)
    allowed = _parent_allowed(frame["level"], parent_level)
    bad_parent = has_parent & ~allowed
    if bad_parent.any():
        first = frame[bad_parent].iloc[0]
        expected = " or ".join(PARENT_LEVELS[first["level"]]) or "nothing (leave parent empty)"
        raise InputError(
            f"{table.where(int(first['row']), index_of['parent'])}: the {first['level']} {first['code']} "
            f"has the {parent_level[first.name]} {first['parent']} as parent; a {first['level']}'s parent "
            f"must be {expected}"
        )
    top_rank = frame["level"].map(DEPTH).min()
    orphan = ~has_parent & (frame["level"].map(DEPTH) > top_rank)
    if orphan.any():
        first = frame[orphan].iloc[0]
        raise InputError(
            f"{table.where(int(first['row']), index_of['parent'])}: the {first['level']} {first['code']} "
            f"has no parent; give the code of its {' or '.join(PARENT_LEVELS[first['level']])} (only the "
            "top unit has none)"
        )
    findings: list[Finding] = []
    short = frame["code"].str.len() < frame["level"].map(GSO_CODE_LENGTH)
    if short.any():
        first = frame[short].iloc[0]
        findings.append(
            Finding(
                "short-code",
                f"{int(short.sum())} unit code(s) are shorter than GSO codes of their level (e.g. "
                f"{first['level']} {first['code']}); Excel may have dropped leading zeros: keep codes as "
                "text",
                path.name,
                int(first["row"]),
                str(first["code"]),
                None,
            )
        )
    units = pd.DataFrame(
        {
            "code": frame["code"].astype("string"),
            "name": frame["name"].astype("string"),
            "level": frame["level"].astype("string"),
            "parent": frame["parent"].astype("string").replace("", pd.NA),
        }
    )
    return units, findings


def _parent_allowed(child_levels: pd.Series, parent_levels: pd.Series) -> pd.Series:
    """Whether each parent's level may hold the child's level (vectorised over the PARENT_LEVELS table)."""
    pairs = {(child, parent) for child, parents in PARENT_LEVELS.items() for parent in parents}
    combined = child_levels.astype(str) + ">" + parent_levels.fillna("").astype(str)
    return combined.isin({f"{c}>{p}" for c, p in pairs})


# --------------------------------------------------------------------------------------------------
# Count files


def _empty_values() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit": pd.Series(dtype="string"),
            "year": pd.Series(dtype="int64"),
            "month": pd.Series(dtype="Int64"),
            "variable": pd.Series(dtype="string"),
            "value": pd.Series(dtype="float64"),
            "file": pd.Series(dtype="string"),
            "row": pd.Series(dtype="int64"),
        }
    )


def _empty_published() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit": pd.Series(dtype="string"),
            "year": pd.Series(dtype="int64"),
            "indicator": pd.Series(dtype="string"),
            "value": pd.Series(dtype="float64"),
            "source": pd.Series(dtype="string"),
            "file": pd.Series(dtype="string"),
            "row": pd.Series(dtype="int64"),
        }
    )


def _roles(table: _Table) -> dict[str, int]:
    """Which column holds unit, year, month, variable, value, indicator and source."""
    roles: dict[str, int] = {}
    for index, header in enumerate(table.headers):
        normed = normalise_name(header)
        for role, accepted in ROLE_HEADERS.items():
            if normed in accepted:
                if role in roles:
                    other = table.headers[roles[role]]
                    raise InputError(
                        f"{table.display}:1:{header}: columns '{other}' and '{header}' both give the {role}; "
                        "keep one of them"
                    )
                roles[role] = index
    if "unit" not in roles:
        normed_headers = [normalise_name(h) for h in table.headers]
        for header in UNIT_LEVEL_HEADERS:
            if header in normed_headers:
                roles["unit"] = normed_headers.index(header)
                break
    for role in ("unit", "year"):
        if role not in roles:
            accepted = ", ".join(
                f"'{h}'" for h in ROLE_HEADERS[role] + (UNIT_LEVEL_HEADERS if role == "unit" else ())
            )
            raise InputError(
                f"{table.display}:1: no {role} column (accepted headers: {accepted}); the header must start "
                "with unit,year[,month] followed by the variables (or variable,value)"
            )
    return roles


def _suggestions(name: str, names: Mapping[str, tuple[str, ...]]) -> list[str]:
    return difflib.get_close_matches(name, list(names), n=3, cutoff=DIFFLIB_CUTOFF)


def _did_you_mean(close: list[str], names: Mapping[str, tuple[str, ...]]) -> str:
    """The closest name of each suggested variable: `'dân số' (population) or …`."""
    best: dict[tuple[str, ...], str] = {}
    for name in close:
        best.setdefault(names[name], name)
    return " or ".join(f"'{name}' ({', '.join(ids)})" for ids, name in best.items())


def _variable_columns(
    table: _Table, roles: dict[str, int], names: Mapping[str, tuple[str, ...]], findings: list[Finding]
) -> list[tuple[int, str]]:
    """Wide form: (column index, variable id) of each column naming a variable; other columns are ignored
    (silently for the usual name/STT/notes columns) unless they look like a misspelt variable."""
    found: list[tuple[int, str]] = []
    ignored: list[str] = []
    for index, header in enumerate(table.headers):
        if index in roles.values():
            continue
        normed = normalise_name(header)
        if normed in SILENT_HEADERS:
            continue
        if normed in names:
            ids = names[normed]
            if len(ids) > 1:
                raise InputError(
                    f"{table.display}:1:{header}: '{header}' names several variables ({', '.join(ids)}) in "
                    "the data dictionary; use the variable id as the header"
                )
            found.append((index, ids[0]))
            continue
        if normed == "":
            if (table.text(index) != "").any():
                findings.append(
                    Finding(
                        "ignored-column",
                        f"column {index + 1} has no header; its cells are ignored",
                        table.file,
                        1,
                        None,
                        None,
                    )
                )
            continue
        close = _suggestions(normed, names)
        if close:
            raise InputError(
                f"{table.display}:1:{header}: column '{header}' is not in the data dictionary; did you mean "
                f"{_did_you_mean(close, names)}? rename the column to the variable id or its Vietnamese label"
            )
        ignored.append(header)
        findings.append(
            Finding(
                "ignored-column",
                f"column '{header}' is not a variable of the data dictionary and is ignored; rename it to a "
                "variable id or Vietnamese label if it holds counts",
                table.file,
                1,
                None,
                None,
            )
        )
    seen: dict[str, int] = {}
    for index, variable in found:
        if variable in seen:
            raise InputError(
                f"{table.display}:1:{table.headers[index]}: columns '{table.headers[seen[variable]]}' and "
                f"'{table.headers[index]}' both give {variable}; keep one of them"
            )
        seen[variable] = index
    if not found:
        shown = ", ".join(f"'{h}'" for h in ignored) or "none"
        raise InputError(
            f"{table.display}:1: no column names a variable of the data dictionary (ignored: {shown}); "
            "name the columns by variable id (e.g. population) or Vietnamese label (e.g. Dân số)"
        )
    return found


def _ignore_other_columns(table: _Table, used: set[int], form: str, findings: list[Finding]) -> None:
    """Long and published forms: any column besides the known ones is ignored, with a finding."""
    for index, header in enumerate(table.headers):
        normed = normalise_name(header)
        if (
            index in used
            or normed in SILENT_HEADERS
            or (normed == "" and not (table.text(index) != "").any())
        ):
            continue
        findings.append(
            Finding(
                "ignored-column",
                f"column '{header or index + 1}' is not used in a {form} file and is ignored",
                table.file,
                1,
                None,
                None,
            )
        )


def _value_cells(table: _Table, index: int) -> tuple[pd.Series, np.ndarray]:
    """A number column as (texts to parse by the number rule, workbook numbers; NaN where not given)."""
    column = table.cells[index]
    if not table.is_excel:
        return column.astype("string").fillna(""), np.full(len(column), np.nan)
    texts, numbers, other = _split_excel(column)
    if other.any():
        position = int(np.flatnonzero(other)[0])
        raise InputError(
            f"{table.where(int(table.rows[position]), index)}: {quote(str(column.iloc[position]))} is a "
            "date or true/false, not a number; format the cell as a number"
        )
    return texts.fillna(""), numbers


def _first_bad(codes: np.ndarray, bad_unique: np.ndarray) -> int:
    """Position of the first row whose unique value is bad."""
    return int(np.flatnonzero(bad_unique[codes])[0])


def _parse_years(table: _Table, index: int, texts: pd.Series, rows: np.ndarray) -> np.ndarray:
    codes, uniques = pd.factorize(texts, sort=False)
    unique = pd.Series(np.asarray(uniques, dtype=object), dtype="string")
    # '2024.0' is what spreadsheets and pandas write for a year held as a float: still a whole year.
    years = pd.to_numeric(
        unique.where(unique.str.fullmatch(r"\d{4}(?:\.0+)?")).str.replace(r"\.0+$", "", regex=True),
        errors="coerce",
    )
    ok = years.between(YEAR_MIN, YEAR_MAX).to_numpy(dtype=bool, na_value=False)
    if not ok.all():
        position = _first_bad(codes, ~ok)
        text = str(texts.iloc[position])
        problem = (
            "the year is empty; every row needs its year"
            if text == ""
            else f"{quote(text)} is not a year; write a whole year from {YEAR_MIN} to {YEAR_MAX} (e.g. 2024)"
        )
        raise InputError(f"{table.where(int(rows[position]), index)}: {problem}")
    return years.to_numpy(dtype="int64", na_value=0)[codes]


def _parse_months(table: _Table, index: int, texts: pd.Series, rows: np.ndarray) -> pd.Series:
    codes, uniques = pd.factorize(texts, sort=False)
    unique = pd.Series(np.asarray(uniques, dtype=object), dtype="string")
    months = pd.to_numeric(
        unique.where(unique.str.fullmatch(r"\d{1,2}(?:\.0+)?")).str.replace(r"\.0+$", "", regex=True),
        errors="coerce",
    )
    ok = months.between(1, 12).to_numpy(dtype=bool, na_value=False) | (unique == "").to_numpy(dtype=bool)
    if not ok.all():
        position = _first_bad(codes, ~ok)
        raise InputError(
            f"{table.where(int(rows[position]), index)}: {quote(str(texts.iloc[position]))} is not a "
            "month; write "
            "1 to 12, or leave the cell empty for a whole-year row"
        )
    return pd.Series(months.astype("Int64").to_numpy()[codes], dtype="Int64")


def _map_variables(
    table: _Table, index: int, texts: pd.Series, rows: np.ndarray, names: Mapping[str, tuple[str, ...]]
) -> tuple[list[str], np.ndarray]:
    """Long form: variable names (ids or aliases) → (ids, a code into them per row), or an error naming
    the first unknown name."""
    codes, uniques = pd.factorize(texts, sort=False)
    labels: list[str] = []
    label_codes = np.empty(len(uniques), dtype=np.int32)
    for position, name in enumerate(uniques):  # one pass over the distinct names, not the rows
        normed = normalise_name(str(name))
        found = names.get(normed, ())
        if len(found) == 1:
            if found[0] not in labels:
                labels.append(found[0])
            label_codes[position] = labels.index(found[0])
            continue
        row = int(rows[_first_bad(codes, np.arange(len(uniques)) == position)])
        where = table.where(row, index)
        if name == "":
            raise InputError(f"{where}: the variable is empty but the row has a value; give the variable id")
        if found:
            raise InputError(
                f"{where}: {quote(str(name))} names several variables ({', '.join(found)}); use the "
                "variable id"
            )
        close = _suggestions(normed, names)
        hint = f"did you mean {_did_you_mean(close, names)}? " if close else ""
        raise InputError(
            f"{where}: {quote(str(name))} is not a variable of the data dictionary; {hint}use a variable id "
            "(e.g. population, live_births) or its Vietnamese label"
        )
    return labels, label_codes[codes]


def _drop_comment_rows(table: _Table, roles: Mapping[str, int]) -> _Table:
    """Rows whose unit cell starts with '#' are notes (the label row of `ytcs template`), not data."""
    if "unit" not in roles:
        return table
    keep = ~table.text(roles["unit"]).str.startswith("#").to_numpy(dtype=bool)
    if keep.all():
        return table
    cells = [column[keep].reset_index(drop=True) for column in table.cells]
    return _Table(table.file, table.display, table.headers, cells, table.rows[keep], table.separator, table.is_excel)


def _interpret(
    table: _Table, names: Mapping[str, tuple[str, ...]], option: FormatOption, findings: list[Finding]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One file's cells → (values, published) frames, every cell checked."""
    roles = _roles(table)
    table = _drop_comment_rows(table, roles)
    if "indicator" in roles:
        form: Literal["wide", "long", "published"] = "published"
    elif "variable" in roles:
        form = "long"
    else:
        form = "wide"
    if form != "published":
        roles.pop("source", None)
    if form in ("long", "published") and "value" not in roles:
        key = "variable" if form == "long" else "indicator"
        raise InputError(
            f"{table.display}:1: a '{key}' column needs a 'value' column beside it; the header must be "
            f"unit,year{',month' if form == 'long' else ''},{key},value"
        )
    if form == "wide" and "value" in roles:
        raise InputError(
            f"{table.display}:1:{table.headers[roles['value']]}: a 'value' column needs a 'variable' column "
            "(long form unit,year,variable,value); in the wide form name each column by its variable"
        )
    if form == "published" and "month" in roles:
        raise InputError(
            f"{table.display}:1:{table.headers[roles['month']]}: published indicators are annual; remove the "
            "month column (unit,year,indicator,value[,source])"
        )
    if form == "wide":
        number_columns = _variable_columns(table, roles, names, findings)
    else:
        number_columns = [(roles["value"], "")]
        _ignore_other_columns(
            table, set(roles.values()), "long-form" if form == "long" else "published-indicator", findings
        )

    # Numbers first, over every row: a row without any number holds nothing to read and is dropped
    # whatever its other cells say (blank separator rows, headings repeated, a unit listed without data).
    value_cells = {index: _value_cells(table, index) for index, _ in number_columns}
    parsed = read_text_numbers(
        {table.headers[index]: cells[0] for index, cells in value_cells.items()},
        table.rows,
        file=table.display,
        separator=table.separator,
        option=option,
    )
    all_numbers = {
        index: np.where(np.isnan(cells[1]), parsed[table.headers[index]], cells[1])
        for index, cells in value_cells.items()
    }
    keep = np.logical_or.reduce([~np.isnan(numbers) for numbers in all_numbers.values()])
    key_texts = {role: table.text(index) for role, index in roles.items() if role != "value"}
    no_unit = keep & (key_texts["unit"] == "").to_numpy(dtype=bool)
    if no_unit.any():
        first = int(table.rows[np.flatnonzero(no_unit)[0]])
        findings.append(
            Finding(
                "row-without-unit",
                f"{int(no_unit.sum())} row(s) without a unit code are ignored (a total row?); every data row "
                "needs its unit code",
                table.file,
                first,
                None,
                None,
            )
        )
        keep &= ~no_unit
    rows = table.rows[keep]
    keys = {role: texts[keep].reset_index(drop=True) for role, texts in key_texts.items()}
    numbers = {index: values[keep] for index, values in all_numbers.items()}
    years = _parse_years(table, roles["year"], keys["year"], rows)
    months = (
        _parse_months(table, roles["month"], keys["month"], rows)
        if "month" in roles
        else pd.Series(pd.NA, index=range(len(rows)), dtype="Int64")
    )

    units = keys["unit"].astype("string")
    if form == "published":
        value = numbers[roles["value"]]
        given = ~np.isnan(value)
        indicator = keys["indicator"]
        empty = given & (indicator == "").to_numpy()
        if empty.any():
            row = int(rows[np.flatnonzero(empty)[0]])
            raise InputError(
                f"{table.where(row, roles['indicator'])}: the indicator is empty but the row has a value; "
                "give the indicator id"
            )
        source = keys["source"] if "source" in keys else pd.Series("", index=range(len(rows)))
        published = pd.DataFrame(
            {
                "unit": units[given],
                "year": years[given],
                "indicator": indicator[given].astype("string"),
                "value": value[given],
                "source": source[given].astype("string").replace("", pd.NA),
                "file": pd.Series(table.file, index=range(len(rows)), dtype="string")[given],
                "row": rows[given],
            }
        ).reset_index(drop=True)
        return _empty_values(), published

    if form == "long":
        value = numbers[roles["value"]]
        given = ~np.isnan(value)
        labels, codes = _map_variables(table, roles["variable"], keys["variable"], rows, names)
        positions = np.flatnonzero(given)
        variable_codes = codes[positions]
        picked = value[positions]
    else:
        labels = [variable for _, variable in number_columns]
        position_parts, code_parts, value_parts = [], [], []
        for code, (index, _) in enumerate(number_columns):
            value = numbers[index]
            found = np.flatnonzero(~np.isnan(value))
            position_parts.append(found)
            code_parts.append(np.full(len(found), code, dtype=np.int32))
            value_parts.append(value[found])
        positions = np.concatenate(position_parts)
        variable_codes = np.concatenate(code_parts)
        picked = np.concatenate(value_parts)
    values = pd.DataFrame(
        {
            "unit": _take_strings(units, positions),
            "year": years[positions],
            "month": months.take(positions).reset_index(drop=True),
            "variable": _strings_from_codes(variable_codes, labels),
            "value": picked.astype("float64"),
            "file": _strings_from_codes(np.zeros(len(positions), dtype=np.int32), [table.file]),
            "row": rows[positions].astype("int64"),
        }
    )
    return values, _empty_published()


def _take_strings(series: pd.Series, positions: np.ndarray) -> pd.Series:
    """series[positions] as a string column, taken by Arrow (fast for millions of rows)."""
    arrow = pa.array(series.astype("string").array)
    if isinstance(arrow, pa.ChunkedArray):
        arrow = arrow.combine_chunks()
    return pd.Series(pd.array(pc.take(arrow, pa.array(positions, type=pa.int64())), dtype="string"))


def _strings_from_codes(codes: np.ndarray, labels: list[str]) -> pd.Series:
    """labels[codes] as a string column without building one Python object per row."""
    taken = pc.take(pa.array(labels, type=pa.large_string()), pa.array(codes, type=pa.int32()))
    return pd.Series(pd.array(taken, dtype="string"))


# --------------------------------------------------------------------------------------------------
# Combining files


def _restore_leading_zeros(frame: pd.DataFrame, units: pd.DataFrame, findings: list[Finding]) -> pd.DataFrame:
    """Codes that lost their leading zeros in Excel ('3390', '3390.0') → the units.csv code ('03390') when
    exactly one unit matches; reported once per file. Works on the distinct codes, not on every row."""
    if frame.empty:
        return frame
    codes = units["code"].astype(str)
    stripped = codes.str.lstrip("0")
    unique_stripped = stripped[~stripped.duplicated(keep=False)]
    lookup = dict(zip(unique_stripped.to_numpy(), codes[unique_stripped.index].to_numpy(), strict=True))
    known = set(codes)
    row_codes, distinct = pd.factorize(frame["unit"])
    replacement: dict[int, str] = {}
    for position, code in enumerate(distinct):  # one pass over the distinct unit codes
        code = str(code)
        digits = re.sub(r"\.0+$", "", code)  # '3390.0': a code that went through a float column
        if code not in known and digits.isdigit() and digits.lstrip("0") in lookup:
            replacement[position] = lookup[digits.lstrip("0")]
    if not replacement:
        return frame
    changed = np.flatnonzero(np.isin(row_codes, list(replacement)))
    frame = frame.copy()
    for file, group in frame.iloc[changed].groupby("file", sort=False):
        first = group.index[0]
        findings.append(
            Finding(
                "unit-code-padded",
                f"{len(group)} unit code(s) without leading zeros were read as units.csv codes (e.g. "
                f"'{frame.at[first, 'unit']}' as '{replacement[row_codes[first]]}'); keep codes as text so "
                "the zeros stay",
                str(file),
                int(frame.at[first, "row"]),
                replacement[row_codes[first]],
                None,
            )
        )
    fixed = [replacement.get(i, str(code)) for i, code in enumerate(distinct)]
    frame["unit"] = _strings_from_codes(row_codes.astype(np.int32), fixed).set_axis(frame.index)
    return frame


def _period(year: int, month: object) -> str:
    return f"{year}" if pd.isna(month) else f"{year}-{int(month):02d}"  # type: ignore[call-overload]


def _concat(parts: list[pd.DataFrame], empty: pd.DataFrame) -> pd.DataFrame:
    """Concatenate the files' frames; one frame is used as it is (no copy of millions of rows)."""
    if not parts:
        return empty
    return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)


def _key_ids(frame: pd.DataFrame, key: list[str]) -> np.ndarray:
    """One int64 per row, equal exactly when the key columns are equal (missing equals missing)."""
    ids = np.zeros(len(frame), dtype=np.int64)
    span = 1
    for column in key:
        series = frame[column]
        if pd.api.types.is_integer_dtype(series.dtype):
            numbers = series.to_numpy(dtype="int64", na_value=-1)
            low = int(numbers.min()) if len(numbers) else 0
            codes, size = numbers - low, (int(numbers.max()) - low + 1 if len(numbers) else 1)
        else:
            codes, uniques = pd.factorize(series, use_na_sentinel=False)
            size = len(uniques) + 1
        if span * size >= 2**62:  # too many combinations for one integer: renumber first
            ids, found = pd.factorize(ids)
            span = len(found) + 1
        ids = ids * size + codes
        span *= size
    return ids


def _drop_duplicates(
    frame: pd.DataFrame, key: list[str], displays: Mapping[str, str], what: str
) -> pd.DataFrame:
    """Identical repeats are kept once; the same key with two different values is an error naming both.

    Keys are compared as one integer per row (factorised columns), which hashes far faster than strings."""
    ids = _key_ids(frame, key)
    later = pd.Series(ids).duplicated(keep="first").to_numpy()
    if not later.any():
        return frame
    repeated = np.isin(ids, ids[later])
    candidates = frame[repeated]
    distinct = candidates["value"].groupby(ids[repeated], sort=False).transform("nunique").to_numpy()
    conflicts = candidates[distinct > 1]
    conflict_ids = ids[repeated][distinct > 1]
    if not conflicts.empty:
        first = conflicts.iloc[0]
        same = conflicts[conflict_ids == conflict_ids[0]]
        other = same[same["value"] != first["value"]].iloc[0]
        if what == "value":
            subject = (
                f"unit {first['unit']}, {first['variable']}, {_period(int(first['year']), first['month'])}"
            )
        else:
            subject = f"unit {first['unit']}, {first['indicator']}, {int(first['year'])}"
        raise InputError(
            f"{displays[str(other['file'])]}:{int(other['row'])}: {subject}: "
            f"{format_number(other['value'])} here "
            f"but {format_number(first['value'])} at {displays[str(first['file'])]}:{int(first['row'])}; a "
            "value given twice must agree: correct or remove one of the two rows"
        )
    return frame[~later].reset_index(drop=True)


def read_data_folder(
    folder: Path, variables: dict[str, Variable], *, number_format: Literal["auto", "vi", "en"] = "auto"
) -> DataSet:
    """Read units.csv and every count file of `folder` into one DataSet (see the module docstring).

    Raises InputError (one line naming file, row and column) for any input that cannot be used as it is.
    """
    if number_format not in ("auto", "vi", "en"):
        raise UsageError(f"number format must be auto, vi or en, not '{number_format}'")
    folder = Path(folder)
    shown = display_path(folder)
    if not folder.is_dir():
        raise InputError(f"{shown}: no such data folder")
    entries = sorted(
        (p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$"))),
        key=lambda p: p.name,
    )
    if not entries:
        raise InputError(
            f"{shown}: the data folder is empty; put units.csv and the count files (*.csv, *.xlsx) in it"
        )
    units_path = next((p for p in entries if p.name.casefold() == UNITS_FILE), folder / UNITS_FILE)
    units, findings = read_units(units_path)
    count_files: list[Path] = []
    for path in entries:
        if path == units_path:
            continue
        if path.suffix.casefold() in COUNT_SUFFIXES:
            count_files.append(path)
        elif path.suffix.casefold() in UNREAD_DATA_SUFFIXES:
            findings.append(
                Finding(
                    "ignored-file",
                    f"{path.name} is ignored: only .csv and .xlsx files are read; save it as one of them",
                    path.name,
                    None,
                    None,
                    None,
                )
            )
    if not count_files:
        raise InputError(f"{shown}: no count files (*.csv, *.xlsx) beside units.csv; add at least one")
    names = variable_names(variables)
    value_parts: list[pd.DataFrame] = []
    published_parts: list[pd.DataFrame] = []
    displays: dict[str, str] = {}
    for path in count_files:
        display = display_path(path)
        displays[path.name] = display
        if path.suffix.casefold() == ".xlsx":
            table = _read_xlsx(path, path.name, display)
        else:
            table = _read_csv(path, path.name, display)
        values, published = _interpret(table, names, number_format, findings)
        value_parts.append(values)
        published_parts.append(published)
    values = _concat([v for v in value_parts if not v.empty], _empty_values())
    published = _concat([p for p in published_parts if not p.empty], _empty_published())
    values = _restore_leading_zeros(values, units, findings)
    published = _restore_leading_zeros(published, units, findings)
    values = _drop_duplicates(values, ["unit", "year", "month", "variable"], displays, "value")
    published = _drop_duplicates(published, ["unit", "year", "indicator", "source"], displays, "published")
    return DataSet(units=units, values=values, published=published.reset_index(drop=True), findings=findings)
