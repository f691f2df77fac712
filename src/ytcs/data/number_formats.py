"""`--number-format`: how text numbers are read, for every file of a folder or file by file.

A plain `vi`, `en` or `auto` applies to every count file; `NAME=vi` (repeatable) to the file of that name
(every sheet of a workbook), overriding the plain one for it. So one ambiguous file is settled without
forcing a convention on the others. Names are compared case-insensitively; a name that is no count file of
the folder is refused (a misspelt name would otherwise settle nothing, silently). Messages that ask for the
option show it for the file in question (`--number-format communes.csv=vi`).

Pandas-free, so that the command line can parse the option without loading the data stack.
"""

from __future__ import annotations

import difflib
import shlex
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Literal

from ytcs.diagnostics import UsageError

FormatOption = Literal["auto", "vi", "en"]
FORMAT_OPTIONS: tuple[FormatOption, ...] = ("auto", "vi", "en")


def _format(value: str, given: str) -> FormatOption:
    value = value.strip().casefold()
    if value not in FORMAT_OPTIONS:
        raise UsageError(
            f"--number-format {given!r}: the format must be auto, vi or en "
            "(for one file: NAME=vi, e.g. communes.csv=vi)"
        )
    return value


@dataclass(frozen=True)
class NumberFormats:
    """The rule for every file (`default`) and the files given their own (`files`: name casefolded → format)."""

    default: FormatOption = "auto"
    files: dict[str, FormatOption] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # casefolded → as given, for messages

    @classmethod
    def parse(cls, values: Iterable[str]) -> NumberFormats:
        """The option's values as given on the command line (`vi`, `communes.csv=vi`, …)."""
        default: FormatOption | None = None
        files: dict[str, FormatOption] = {}
        names: dict[str, str] = {}
        for given in values:
            name, equals, value = given.rpartition("=")
            if not equals:
                if default is not None and default != _format(given, given):
                    raise UsageError(f"--number-format is given twice for every file ({default} and {given})")
                default = _format(given, given)
                continue
            key = name.strip().casefold()
            if not key:
                raise UsageError(f"--number-format {given!r}: name the file before '=' (e.g. communes.csv=vi)")
            if key in files and files[key] != _format(value, given):
                raise UsageError(f"--number-format is given twice for {name.strip()}")
            files[key], names[key] = _format(value, given), name.strip()
        return cls(default or "auto", files, names)

    @classmethod
    def of(cls, value: str | NumberFormats) -> NumberFormats:
        """A library caller's `number_format`: a plain 'vi', 'en' or 'auto', or a NumberFormats."""
        return value if isinstance(value, NumberFormats) else cls.parse([value])

    def for_file(self, name: str) -> FormatOption:
        return self.files.get(name.casefold(), self.default)

    def check_files(self, names: Collection[str], folder: str) -> None:
        """Every file named by the option must be a count file of the folder."""
        known = {name.casefold(): name for name in names}
        for key, given in self.names.items():
            if key not in known:
                close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
                hint = f"; did you mean {known[close[0]]}?" if close else f" (they are: {', '.join(sorted(names))})"
                raise UsageError(f"--number-format names {given}, which is not a count file of {folder}{hint}")


def format_option(name: str | None, fmt: str) -> str:
    """The option as a user types it for one file (`--number-format communes.csv=vi`), quoted for a shell
    when the name needs it; for every file when no name is known."""
    return f"--number-format {shlex.quote(f'{name}={fmt}') if name else fmt}"
