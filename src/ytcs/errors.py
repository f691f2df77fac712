"""Domain errors and issues. The CLI turns a `YtcsError` into one line and exit status 2."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


class YtcsError(Exception):
    """A user's mistake (bad input, bad usage): reported in one line, never as a traceback."""

    exit_code = 2


class InputError(YtcsError):
    """An input file cannot be used as it is; the message names the file and the place."""


class UsageError(YtcsError):
    """The command was called with options or arguments that do not fit."""


@dataclass(frozen=True)
class Issue:
    """One problem found in a file: the unit of every validation and data-check report."""

    file: str
    line: int
    column: int
    severity: Severity
    path: str
    message: str
    code: str = ""

    def format(self) -> str:
        """The one message template: `file:line:col: severity: path: message`."""
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {where}{self.message}"
