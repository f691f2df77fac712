"""Diagnostics: every problem ytcs reports, as data, with one way of naming where it is.

The plan side reports `Issue`s (validate collects every one); the data side reports `Finding`s
(problems that do not stop the work) and `InputError`s (an input that cannot be used as it is).
Each carries a `Location`. Library code only builds and returns them; the CLI alone decides how
they print and which exit status follows. Nothing here imports a third-party package.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file, and within it a sheet, a row (or line) and a column, as far as known.

    `str()` gives the one place format of every message: `file[!sheet][:row[:column]]`, or for a workbook
    cell named by its address, `file!sheet!cell` (`counts.xlsx!2024!D7`), as Excel names a cell.
    Invisible characters in any part are shown escaped (`\\u200b`).
    """

    file: str | None = None
    row: int | None = None
    column: int | str | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        parts = [self.file or ""]
        if self.sheet:
            parts[0] += f"!{self.sheet}"
        if self.cell:
            parts[0] += f"!{self.cell}"
        elif self.row is not None:
            parts.append(str(self.row))
            if self.column is not None and self.column != "":
                parts.append(str(self.column))
        return escape_invisible(":".join(parts))


class YtcsError(Exception):
    """A user's mistake (bad input, bad usage): reported in one line, never as a traceback."""

    exit_code = 2


class UsageError(YtcsError):
    """The command was called with options or arguments that do not fit."""


class OutputError(UsageError, OSError):
    """An output file that cannot be written (the disk is full, no permission): one line naming the file.

    Also an OSError, with its `errno`, so a library caller that catches OSError around a write still does."""

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.errno = code

    def __str__(self) -> str:
        return self.message


class InputError(YtcsError):
    """An input file cannot be used as it is: the message says what to do, the location where.

    `str()` is the one-line message `place: problem`, the place first so that editors can jump to it.
    """

    def __init__(self, message: str, location: Location | None = None) -> None:
        self.message = message
        self.location = location
        shown = escape_invisible(message, keep="\n")
        super().__init__(f"{location}: {shown}" if location is not None else shown)


class DataErrors(InputError):
    """Every input error found in a data folder (one per file that cannot be used), reported together."""

    def __init__(self, errors: Sequence[InputError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


@dataclass(frozen=True)
class Issue:
    """One problem found in a plan or catalog file: the unit of every validation report."""

    location: Location
    severity: Severity
    path: str
    message: str
    code: str = ""

    @property
    def file(self) -> str:
        return self.location.file or ""

    @property
    def line(self) -> int:
        return self.location.row or 1

    @property
    def column(self) -> int:
        return int(self.location.column or 1)

    def format(self) -> str:
        """The one message template: `file:line:col: severity: path: message`."""
        where = f"{self.path}: " if self.path else ""
        return escape_invisible(f"{self.file}:{self.line}:{self.column}: {self.severity}: {where}{self.message}")


def issue_at(file: str, line: int, column: int, severity: Severity, path: str, message: str, code: str) -> Issue:
    """An Issue at a line and column of a plan file (the shape every plan-side check reports)."""
    return Issue(Location(file, line, column), severity, path, message, code)


@dataclass(frozen=True)
class Finding:
    """One non-fatal problem in the data, placed as precisely as it can be."""

    code: str
    message: str
    location: Location = Location()
    unit: str | None = None
    variable: str | None = None
    year: int | None = None
    unit_name: str | None = None  # from units.csv, so that a message names 'Xã An Phú (21262)'

    @property
    def file(self) -> str | None:
        return self.location.file

    @property
    def row(self) -> int | None:
        return self.location.row

    def format(self) -> str:
        """`file:row: unit 03390 (infant_deaths, 2024): message`, or with the unit's name
        `file:row: Thị trấn Tam Đường (03390), infant_deaths, 2024: message`; unknown parts are left out."""
        place = f"{Location(self.location.file, self.location.row, sheet=self.location.sheet)}: "
        if self.location.file is None:
            place = ""
        about = [str(part) for part in (self.variable, self.year) if part is not None]
        subject = f"unit {self.unit}" if self.unit is not None else ""
        if self.unit is not None and self.unit_name:
            subject = ", ".join([f"{self.unit_name} ({self.unit})", *about])
        elif about:
            subject = f"{subject} ({', '.join(about)})".strip()
        return escape_invisible(f"{place}{subject + ': ' if subject else ''}{self.message}")


def display_path(path: Path) -> str:
    """Paths relative to the working directory where possible, as editors and CI annotations want them.

    A path that cannot be resolved (a symbolic link loop, a folder that was removed) is shown as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: Python < 3.13 on a symlink loop
        return str(path)


# Characters a reader cannot see or tell apart from a space: controls (Cc), format characters (Cf: BOM,
# zero-width space, bidi overrides), surrogates, private-use and unassigned code points, line and
# paragraph separators, and every space but the plain one.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"})


def _escaped(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char, f"\\x{code:02x}")
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def escape_invisible(text: str, keep: str = "") -> str:
    """`text` with every invisible character shown as its escape (`\\u200b`, `\\ufeff`, `\\xa0`), so
    that '21013' and '21013' preceded by a zero-width space read differently in a message.
    Characters in `keep` are left as they are."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(
        _escaped(char)
        if char != " " and char not in keep and unicodedata.category(char) in _INVISIBLE_CATEGORIES
        else char
        for char in text
    )


def quote(text: str, limit: int = 40) -> str:
    """A cell's text for a one-line message: quoted, newlines and invisible characters shown escaped,
    long texts shortened."""
    shown = escape_invisible(text[: limit * 4])
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return f"'{shown}'"


def number_for_message(value: float) -> str:
    """A number as a message shows it: whole numbers without `.0`, others with up to 15 significant digits."""
    if value == value and value not in (float("inf"), float("-inf")) and float(value).is_integer():
        return str(int(value))
    return f"{value:.15g}"
