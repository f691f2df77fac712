"""Reading numbers written the Vietnamese way or the plain way, decided per file from evidence.

Vietnamese offices write `1.248.643` for 1248643 and `8,25` for 8.25; exports from English
software write `1,248,643` and `8.25`. A cell such as `12.000` or `1,248` means a thousand-fold
different number under the two conventions, so ytcs never guesses. This is the one rule
(public behaviour):

1. A cell is trimmed; blank, `-`, `–`, `—` and whitespace-only cells are missing (never zero).
   Spaces (also no-break spaces) between 3-digit groups are dropped: `1 248 643` is 1248643.
   `−` (U+2212) is a minus sign. An optional sign `+`/`-` may lead: `-5` is a number.
   Digits, signs and separators typed in another script (fullwidth `１２．５` from an East Asian
   keyboard, Arabic-Indic `١٢`) are read as 0–9, `.`, `,`, `+`, `-` (as NFKC makes them); only 0–9
   count as digits after that, so any other character refuses the cell.
2. Each cell is matched against both grammars:
   - Vietnamese: digits, or digits grouped by `.` in threes with a non-zero first group
     (`1.248.643`), then optionally `,` and decimals (`8,25`, `1.248,5`).
   - plain (en): digits, or digits grouped by `,` in threes with a non-zero first group
     (`1,248,643`), then optionally `.` and decimals (`7920.25`, `1,248.5`).
   A cell neither grammar accepts (`abc`, `12a`, `1.2.3,4.5`) is an error naming the cell.
   A cell only one grammar accepts is evidence for that convention. A cell both accept is
   either *neutral* (plain digits: `12`, `2024`, `0`) or *ambiguous* (`12.000`, `1,248`).
3. The format of a file is then decided:
   - `number_format="vi"` or `"en"` (the `--number-format` option, for every file or for one:
     `--number-format communes.csv=vi`) wins; a cell that only the other convention accepts is an
     error naming the cell.
   - cells with Vietnamese-only and plain-only readings in one file are an error naming one cell
     of each kind;
   - Vietnamese-only cells, or a `;` column separator (the Vietnamese locale's CSV), mean
     Vietnamese; plain-only cells mean plain; a `;` separator with a plain-only cell is an error;
   - with no evidence either way, ambiguous cells are an error naming one of them and asking
     for `--number-format NAME=vi` or `--number-format NAME=en` (NAME: that file's); neutral cells
     need no decision.
4. XLSX cells that are numbers in the workbook are used as they are and are no evidence; text
   cells in a sheet follow rules 1–3 (a sheet has no separator).
5. A number beyond ±10^15 (`MAX_MAGNITUDE`) is an error naming the cell: no count or rate is that
   large, and a 400-digit cell would otherwise become infinity. `inf` and `nan` are no numbers.

`0.500` is therefore plain-only (a Vietnamese group never starts with 0) and `0,500` Vietnamese-only.

API: `parse_numbers` (one convention), `classify` (rule 2), `decide_format` / `detect_format`
(rule 3) and `read_text_numbers` (rules 1–3 for a file's columns, as the reader uses it).
Everything runs on the distinct texts of a file's number columns (dictionary-encoded together by
Arrow) with vectorised regular expressions, so 400,000 rows × 8 columns take well under a second;
the only Python loops run over columns or over the few cells an error names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ytcs.data.decode import ascii_digits
from ytcs.data.number_formats import FormatOption, format_option
from ytcs.diagnostics import InputError, Location, escape_invisible, number_for_message, quote

NumberFormat = Literal["vi", "en"]
Kind = Literal["missing", "neutral", "ambiguous", "vi", "en", "invalid"]
KINDS: tuple[Kind, ...] = ("missing", "neutral", "ambiguous", "vi", "en", "invalid")
MISSING, NEUTRAL, AMBIGUOUS, VI, EN, INVALID = range(6)

MISSING_TEXTS = ("", "-", "–", "—")
MAX_MAGNITUDE = 1e15
# Signs and separators from other scripts: the minus sign, fullwidth forms, the ideographic space.
_SIGNS = str.maketrans({"\u2212": "-", "\uff0b": "+", "\uff0d": "-", "\uff0c": ",", "\uff0e": ".", "\u3000": " "})
_SPACES = "[ \u00a0\u202f\u2009]"
# [0-9], never \d: Python's \d also matches digits of other scripts, which Arrow cannot cast.
_SPACE_GROUPED = rf"[+-]?[1-9][0-9]{{0,2}}(?:{_SPACES}[0-9]{{3}})+(?:[.,][0-9]+)?"
_NEUTRAL = r"[+-]?[0-9]+"
_VI = r"[+-]?(?:[0-9]+|[1-9][0-9]{0,2}(?:\.[0-9]{3})+)(?:,[0-9]+)?"
_EN = r"[+-]?(?:[0-9]+|[1-9][0-9]{0,2}(?:,[0-9]{3})+)(?:\.[0-9]+)?"
FORMAT_NAMES: dict[str, str] = {"vi": "Vietnamese number (1.248.643,5)", "en": "plain number (1,248,643.5)"}


@dataclass(frozen=True)
class Cell:
    """One cell of a file, kept to name it in a message."""

    file: str
    row: int
    column: str
    text: str

    def where(self) -> Location:
        return Location(self.file, self.row, self.column)

    def quoted(self) -> str:
        return quote(self.text)


@dataclass
class Evidence:
    """The first cell (by row) of each kind that matters to the decision, over one or more columns."""

    vi: Cell | None = None
    en: Cell | None = None
    ambiguous: Cell | None = None

    def merge(self, other: Evidence) -> Evidence:
        def first(a: Cell | None, b: Cell | None) -> Cell | None:
            if a is None or (b is not None and b.row < a.row):
                return b
            return a

        return Evidence(first(self.vi, other.vi), first(self.en, other.en), first(self.ambiguous, other.ambiguous))


def clean_texts(texts: pd.Series) -> pd.Series:
    """Trim, unify the minus sign and drop spaces between digit groups (rule 1); keeps the index."""
    cleaned = texts.astype("string").fillna("").str.strip()
    # literal search and an ASCII test: far faster than one regex over every cell
    odd = cleaned.str.contains(" ", regex=False).to_numpy(dtype=bool) | ~cleaned.str.isascii().to_numpy(dtype=bool)
    if odd.any():
        fixed = cleaned[odd].map(lambda text: ascii_digits(text.translate(_SIGNS))).astype("string").str.strip()
        spaced = fixed.str.fullmatch(_SPACE_GROUPED)
        fixed = fixed.mask(spaced, fixed.str.replace(_SPACES, "", regex=True))
        cleaned = cleaned.mask(odd, fixed)
    return cleaned


def _classify_clean(cleaned: pd.Series) -> np.ndarray:
    """Kind codes (indexes into KINDS) of already cleaned texts; the cheap plain-digits test runs first
    so that the two grammars only see the texts that have separators."""
    kinds = np.full(len(cleaned), INVALID, dtype=np.int8)
    missing = cleaned.isin(MISSING_TEXTS).to_numpy(dtype=bool)
    neutral = cleaned.str.fullmatch(_NEUTRAL).to_numpy(dtype=bool)
    kinds[missing] = MISSING
    kinds[neutral] = NEUTRAL
    rest = ~(missing | neutral)
    if rest.any():
        others = cleaned[rest]
        vi = others.str.fullmatch(_VI).to_numpy(dtype=bool)
        en = others.str.fullmatch(_EN).to_numpy(dtype=bool)
        kinds[rest] = np.select([vi & en, vi, en], [AMBIGUOUS, VI, EN], default=INVALID)
    return kinds


def classify(texts: pd.Series) -> pd.Series:
    """The kind of each text (rule 2): missing, neutral, ambiguous, vi, en or invalid."""
    codes = _classify_clean(clean_texts(texts))
    return pd.Series(np.asarray(KINDS, dtype=object)[codes], index=texts.index, dtype=object)


def _to_float(cleaned: pd.Series, fmt: NumberFormat, valid: np.ndarray) -> np.ndarray:
    """Cleaned texts valid under `fmt` → floats (NaN elsewhere), cast by Arrow rather than Python."""
    if fmt == "vi":
        plain = cleaned.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        plain = cleaned.str.replace(",", "", regex=False)
    arrow = pa.array(plain.astype("string").array)
    if isinstance(arrow, pa.ChunkedArray):
        arrow = arrow.combine_chunks()
    kept = pc.if_else(pa.array(valid, type=pa.bool_()), arrow, pa.scalar(None, pa.string()))
    numbers = pc.cast(kept, pa.float64())
    return np.asarray(numbers.to_numpy(zero_copy_only=False), dtype="float64")


def _valid_for(kinds: np.ndarray, fmt: NumberFormat) -> np.ndarray:
    return (kinds == NEUTRAL) | (kinds == AMBIGUOUS) | (kinds == (VI if fmt == "vi" else EN))


def parse_numbers(series: pd.Series, fmt: NumberFormat) -> pd.Series:
    """Texts read with one convention → float64; missing texts and texts that are no number → NaN."""
    cleaned = clean_texts(series)
    valid = _valid_for(_classify_clean(cleaned), fmt)
    return pd.Series(_to_float(cleaned, fmt, valid), index=series.index, dtype="float64")


def _suggest(name: str | None, fmt: NumberFormat | None = None) -> str:
    if fmt is not None:
        other = "en" if fmt == "vi" else "vi"
        return f"correct the cell, or pass {format_option(name, other)} if the whole file is written that way"
    return f"write every number of a file the same way, or pass {_either(name)}"


def _either(name: str | None) -> str:
    return f"{format_option(name, 'vi')} or {format_option(name, 'en')}"


def decide_format(
    evidence: Evidence,
    *,
    file: str,
    separator: str | None = None,
    option: FormatOption = "auto",
    name: str | None = None,
) -> NumberFormat | None:
    """The file's number format by rule 3; None when every cell reads the same either way. `name` is the
    file's name, for the option the messages ask for (`--number-format communes.csv=vi`)."""
    if option in ("vi", "en"):
        against = evidence.en if option == "vi" else evidence.vi
        if against is not None:
            raise InputError(
                f"{against.quoted()} reads only as a "
                f"{FORMAT_NAMES['en' if option == 'vi' else 'vi']} but --number-format {option} was given; "
                f"{_suggest(name, option)}",
                against.where(),
            )
        return option
    if evidence.vi is not None and evidence.en is not None:
        first, second = sorted((evidence.vi, evidence.en), key=lambda c: c.row)
        kind_1 = "Vietnamese" if first is evidence.vi else "plain"
        kind_2 = "plain" if kind_1 == "Vietnamese" else "Vietnamese"
        raise InputError(
            f"{first.quoted()} reads only as a {kind_1} number but {second.where()} "
            f"{second.quoted()} reads only as a {kind_2} number: Vietnamese and plain number formats mixed "
            f"in one file; {_suggest(name)}",
            first.where(),
        )
    if evidence.en is not None and separator == ";":
        cell = evidence.en
        raise InputError(
            f"{cell.quoted()} reads only as a plain number (1,248.5) but the file is "
            "separated by ';' as Vietnamese files are (1.248,5); write the number the Vietnamese way, or "
            f"pass {format_option(name, 'en')}",
            cell.where(),
        )
    if evidence.vi is not None or separator == ";":
        return "vi"
    if evidence.en is not None:
        return "en"
    if evidence.ambiguous is not None:
        cell = evidence.ambiguous
        vi_value = parse_numbers(pd.Series([cell.text]), "vi").iloc[0]
        en_value = parse_numbers(pd.Series([cell.text]), "en").iloc[0]
        raise InputError(
            f"{cell.quoted()} reads as {number_for_message(vi_value)} the Vietnamese way and "
            f"{number_for_message(en_value)} the plain way, and nothing in the file tells which; pass "
            f"{_either(name)}",
            cell.where(),
        )
    return None


def _arrow_strings(texts: pd.Series) -> pa.Array:
    arrow = pa.array(texts.astype("string").fillna("").array)
    return arrow.combine_chunks() if isinstance(arrow, pa.ChunkedArray) else arrow


@dataclass
class TextCells:
    """A file's number columns, encoded together so that classification and parsing run once per
    distinct text (counts repeat a lot, across columns too)."""

    names: list[str]
    rows: np.ndarray
    codes: np.ndarray
    uniques: pd.Series
    cleaned: pd.Series
    kinds: np.ndarray

    @classmethod
    def of(cls, columns: Mapping[str, pd.Series], rows: Sequence[int] | np.ndarray) -> TextCells:
        names = list(columns)
        row_array = np.asarray(rows, dtype=np.int64)
        if names:
            stacked = pa.concat_arrays([_arrow_strings(columns[name]) for name in names])
        else:
            stacked = pa.array([], type=pa.string())
        encoded = pc.dictionary_encode(stacked)
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        uniques = pd.Series(pd.array(encoded.dictionary, dtype="string"))
        cleaned = clean_texts(uniques)
        return cls(names, row_array, codes, uniques, cleaned, _classify_clean(cleaned))

    def cell_of(self, kind: int, file: str) -> Cell | None:
        """The first cell (lowest row) whose text is of a kind, or None. Runs only for kinds present,
        which in a clean file are few or none."""
        return self.first_cell(self.kinds == kind, file)

    def first_cell(self, unique_mask: np.ndarray, file: str) -> Cell | None:
        """The first cell (lowest row) whose distinct text is marked in `unique_mask`, or None."""
        found = np.flatnonzero(unique_mask)
        if len(found) == 0:
            return None
        positions = np.flatnonzero(np.isin(self.codes, found))
        rows = self.rows[positions % len(self.rows)]
        best = int(positions[np.argmin(rows)])
        column = self.names[best // len(self.rows)]
        return Cell(file, int(self.rows[best % len(self.rows)]), column, str(self.uniques.iloc[self.codes[best]]))

    def evidence(self, file: str) -> Evidence:
        """The cells that decide the format; raises InputError on a cell that is no number at all."""
        invalid = self.cell_of(INVALID, file)
        if invalid is not None:
            odd = next((char for char in invalid.text if char.isdigit() and not "0" <= char <= "9"), None)
            hint = f" ({escape_invisible(odd)} is not one of the digits 0–9)" if odd else ""
            raise InputError(
                f"{invalid.quoted()} is not a number{hint}; write a number such as 1248, "
                "1.248.643 or 8,25 (leave the cell blank or '-' when there is no data)",
                invalid.where(),
            )
        return Evidence(self.cell_of(VI, file), self.cell_of(EN, file), self.cell_of(AMBIGUOUS, file))

    def parse(self, fmt: NumberFormat, file: str = "") -> dict[str, np.ndarray]:
        """Every column read with `fmt`; raises InputError naming the first cell beyond ±MAX_MAGNITUDE."""
        unique_values = _to_float(self.cleaned, fmt, _valid_for(self.kinds, fmt))
        too_large = self.first_cell(~np.isnan(unique_values) & ~(np.abs(unique_values) <= MAX_MAGNITUDE), file)
        if too_large is not None:
            raise InputError(
                f"{too_large.quoted()} is beyond ±10^15: no count or rate is that large; check the cell "
                "(two numbers run together? an identity number in a count column?)",
                too_large.where(),
            )
        values = unique_values[self.codes]
        n = len(self.rows)
        return {name: values[i * n : (i + 1) * n] for i, name in enumerate(self.names)}


def read_text_numbers(
    columns: Mapping[str, pd.Series],
    rows: Sequence[int] | np.ndarray,
    *,
    file: str,
    separator: str | None = None,
    option: FormatOption = "auto",
    name: str | None = None,
) -> dict[str, np.ndarray]:
    """Decide one file's format from all its number columns and parse them (NaN where missing).

    `columns` maps a column's name as written in the file to its texts (all the same length as `rows`,
    the 1-based row numbers used in messages). Raises InputError naming a cell when rule 2 or 3 fails;
    `name` (the file's name) makes the option it asks for that file's own.
    """
    cells = TextCells.of(columns, rows)
    fmt = decide_format(cells.evidence(file), file=file, separator=separator, option=option, name=name) or "en"
    return cells.parse(fmt, file)


def detect_format(
    columns: Mapping[str, pd.Series],
    rows: Sequence[int] | np.ndarray,
    *,
    file: str,
    separator: str | None = None,
    option: FormatOption = "auto",
) -> NumberFormat | None:
    """The number format of one file's number columns by rules 2–3 (None: every cell reads the same
    either way); raises InputError naming the cell that makes a decision impossible."""
    return decide_format(TextCells.of(columns, rows).evidence(file), file=file, separator=separator, option=option)
