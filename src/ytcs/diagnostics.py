"""Diagnostics: every problem ytcs reports, as data, with one way of naming where it is.

The plan side reports `Issue`s (validate collects every one); the data side reports `Finding`s
(problems that do not stop the work) and `InputError`s (an input that cannot be used as it is).
Each carries a `Location`. Library code only builds and returns them; the CLI alone decides how
they print and which exit status follows. Nothing here imports a third-party package.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file, and within it a sheet, a row (or line) and a column, as far as known.

    `str()` gives the one place format of every message: `file[!sheet][:row[:column]]`.
    """

    file: str | None = None
    row: int | None = None
    column: int | str | None = None
    sheet: str | None = None

    def __str__(self) -> str:
        parts = [self.file or ""]
        if self.sheet:
            parts[0] += f"!{self.sheet}"
        if self.row is not None:
            parts.append(str(self.row))
            if self.column is not None and self.column != "":
                parts.append(str(self.column))
        return ":".join(parts)


class YtcsError(Exception):
    """A user's mistake (bad input, bad usage): reported in one line, never as a traceback."""

    exit_code = 2


class UsageError(YtcsError):
    """The command was called with options or arguments that do not fit."""


class InputError(YtcsError):
    """An input file cannot be used as it is: the message says what to do, the location where.

    `str()` is the one-line message `place: problem`, the place first so that editors can jump to it.
    """

    def __init__(self, message: str, location: Location | None = None) -> None:
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if location is not None else message)


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
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {where}{self.message}"


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

    @property
    def file(self) -> str | None:
        return self.location.file

    @property
    def row(self) -> int | None:
        return self.location.row

    def format(self) -> str:
        """`file:row: unit 03390 (infant_deaths, 2024): message`; parts that are unknown are left out."""
        place = f"{Location(self.location.file, self.location.row, sheet=self.location.sheet)}: "
        if self.location.file is None:
            place = ""
        about = [str(part) for part in (self.variable, self.year) if part is not None]
        subject = f"unit {self.unit}" if self.unit is not None else ""
        if about:
            subject = f"{subject} ({', '.join(about)})".strip()
        return f"{place}{subject + ': ' if subject else ''}{self.message}"


def display_path(path: Path) -> str:
    """Paths relative to the working directory where possible, as editors and CI annotations want them."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def quote(text: str, limit: int = 40) -> str:
    """A cell's text for a one-line message: quoted, newlines shown, long texts shortened."""
    shown = text.replace("\r", "\\r").replace("\n", "\\n")
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return f"'{shown}'"


def number_for_message(value: float) -> str:
    """A number as a message shows it: whole numbers without `.0`, others with up to 15 significant digits."""
    if value == value and value not in (float("inf"), float("-inf")) and float(value).is_integer():
        return str(int(value))
    return f"{value:.15g}"
