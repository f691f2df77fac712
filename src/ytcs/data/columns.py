"""Reading a header: which column holds the unit, the year, the month, and which variable each column is."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ytcs.data.names import did_you_mean, normalise_name, suggestions
from ytcs.data.table import Table
from ytcs.diagnostics import Finding, InputError, Location, quote

# How many rows from the top the header row is looked for in (below it: ytcs.data.layout).
HEADER_SEARCH_ROWS = 30
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
# Without any code column, a name column is the unit: names are matched to units.csv (`ytcs.data.unit_names`).
UNIT_NAME_HEADERS = ("tên đơn vị", "đơn vị", "tên xã", "tên huyện", "tên tỉnh", "tên", "name")
# Beside a unit-name column, the name of the unit above it (a Sở's district column): it tells apart two
# communes of one name, as the path form 'Huyện X/Xã Y' does. District headers first, then province ones.
PARENT_NAME_HEADERS = (
    "huyện",
    "tên huyện",
    "quận/huyện",
    "quận, huyện",
    "huyện/thị xã/thành phố",
    "huyện, thị xã, thành phố",
    "đơn vị cấp huyện",
    "tỉnh",
    "tên tỉnh",
    "tỉnh/thành phố",
    "đơn vị cấp tỉnh",
)
# Columns Vietnamese sheets commonly carry beside the data; ignored without a word.
SILENT_HEADERS = frozenset(
    {"name", "tên đơn vị", "tên xã", "tên", "tên huyện", "tên tỉnh", "stt", "tt", "ghi chú", "note", "notes"}
    | set(UNIT_LEVEL_HEADERS)
    | set(PARENT_NAME_HEADERS)
)


def header_names_unit(cells: Sequence[str]) -> bool:
    """Whether one of a row's cells is a unit column's header (how the header row is told from titles)."""
    accepted = {*ROLE_HEADERS["unit"], *UNIT_LEVEL_HEADERS, *UNIT_NAME_HEADERS}
    return any(normalise_name(cell) in accepted for cell in cells)


def key_columns(headers: Sequence[str]) -> tuple[int, int] | None:
    """The (unit, year) columns of a header, where the data's end is looked for; None when either is not
    plainly there (the header's reading then says what is wrong)."""
    normed = [normalise_name(header) for header in headers]
    units = [i for i, name in enumerate(normed) if name in ROLE_HEADERS["unit"]]
    units = units or [normed.index(name) for name in UNIT_LEVEL_HEADERS if name in normed][:1]
    units = units or [normed.index(name) for name in UNIT_NAME_HEADERS if name in normed][:1]
    years = [i for i, name in enumerate(normed) if name in ROLE_HEADERS["year"]]
    return (units[0], years[0]) if len(units) == 1 and len(years) == 1 else None


def no_unit_column(display: str, sheet: str | None = None) -> InputError:
    """No row names the unit column: say where the header was looked for and what names it."""
    shown = ", ".join(ROLE_HEADERS["unit"] + UNIT_LEVEL_HEADERS + UNIT_NAME_HEADERS)
    where = f" of sheet {sheet}" if sheet and not display.endswith(f"!{sheet}") else ""
    return InputError(
        f"no header row with a unit column in rows 1–{HEADER_SEARCH_ROWS}{where}; the header must name the unit "
        f"column ({shown}), followed by year[,month] and the variables (or variable,value)",
        Location(display),
    )


def roles_of(table: Table) -> dict[str, int]:
    """Which column holds unit, year, month, variable, value, indicator and source."""
    roles: dict[str, int] = {}
    for index, header in enumerate(table.headers):
        normed = normalise_name(header)
        for role, accepted in ROLE_HEADERS.items():
            if normed in accepted:
                if role in roles:
                    other = table.headers[roles[role]]
                    raise InputError(
                        f"columns '{other}' and '{header}' both give the {role}; keep one of them",
                        Location(table.display, table.header_row, header),
                    )
                roles[role] = index
    if "unit" not in roles:
        normed_headers = [normalise_name(h) for h in table.headers]
        for header in UNIT_LEVEL_HEADERS + UNIT_NAME_HEADERS:
            if header in normed_headers:
                roles["unit"] = normed_headers.index(header)
                break
    if "unit" not in roles:
        raise no_unit_column(table.display, table.sheet)
    parent = _parent_column(table.headers, roles["unit"])
    if parent is not None:
        roles["parent"] = parent
    if "year" not in roles:
        shown = ", ".join(f"'{h}'" for h in ROLE_HEADERS["year"])
        raise InputError(
            f"no year column (accepted headers: {shown}); the header must start "
            "with unit,year[,month] followed by the variables (or variable,value)",
            Location(table.display, table.header_row),
        )
    return roles


def _parent_column(headers: Sequence[str], unit: int) -> int | None:
    """The column naming the unit above, when the unit column holds names (a code needs no parent)."""
    normed = [normalise_name(header) for header in headers]
    if normed[unit] not in UNIT_NAME_HEADERS:
        return None
    found = [normed.index(name) for name in PARENT_NAME_HEADERS if name in normed and normed.index(name) != unit]
    return found[0] if found else None


def _ignored_column(table: Table, message: str) -> Finding:
    return Finding("ignored-column", message, Location(table.file, table.header_row))


def _column_variable(
    table: Table, index: int, names: Mapping[str, tuple[str, ...]]
) -> tuple[str | None, Finding | None]:
    """The variable a wide-form column names, or None with a finding when it is ignored (None, None:
    ignored silently); an error when it looks like a misspelt variable or names several."""
    header = table.headers[index]
    normed = normalise_name(header)
    if normed in SILENT_HEADERS:
        return None, None
    if normed in names:
        ids = names[normed]
        if len(ids) > 1:
            raise InputError(
                f"'{header}' names several variables ({', '.join(ids)}) in the data dictionary; use the "
                "variable id as the header",
                Location(table.display, table.header_row, header),
            )
        return ids[0], None
    if normed == "":
        if (table.text(index) != "").any():
            return None, _ignored_column(table, f"column {index + 1} has no header; its cells are ignored")
        return None, None
    close = suggestions(normed, names)
    if close:
        raise InputError(
            f"column '{header}' is not in the data dictionary; did you mean {did_you_mean(close, names)}? "
            "rename the column to the variable id or its Vietnamese label",
            Location(table.display, table.header_row, header),
        )
    message = (
        f"column '{header}' is not a variable of the data dictionary and is ignored; rename it to a "
        "variable id or Vietnamese label if it holds counts"
    )
    return None, _ignored_column(table, message)


def variable_columns(
    table: Table, roles: dict[str, int], names: Mapping[str, tuple[str, ...]]
) -> tuple[list[tuple[int, str]], list[Finding]]:
    """Wide form: (column index, variable id) of each column naming a variable; other columns are ignored
    (silently for the usual name/STT/notes columns) unless they look like a misspelt variable."""
    found: list[tuple[int, str]] = []
    findings: list[Finding] = []
    ignored: list[str] = []
    seen: dict[str, int] = {}
    for index, header in enumerate(table.headers):
        if index in roles.values():
            continue
        variable, finding = _column_variable(table, index, names)
        if finding is not None:
            findings.append(finding)
            ignored += [header] if header else []
        if variable is None:
            continue
        if variable in seen:
            raise InputError(
                f"columns '{table.headers[seen[variable]]}' and '{header}' both give {variable}; keep one of them",
                Location(table.display, table.header_row, header),
            )
        seen[variable] = index
        found.append((index, variable))
    if not found:
        shown = ", ".join(f"'{h}'" for h in ignored) or "none"
        raise InputError(
            f"no column names a variable of the data dictionary (ignored: {shown}); name the columns by "
            "variable id (e.g. population) or Vietnamese label (e.g. Dân số)",
            Location(table.display, table.header_row),
        )
    return found, findings


def ignore_other_columns(table: Table, used: set[int], form: str) -> list[Finding]:
    """Long and published forms: any column besides the known ones is ignored, with a finding."""
    findings = []
    for index, header in enumerate(table.headers):
        normed = normalise_name(header)
        if index in used or normed in SILENT_HEADERS or (normed == "" and not (table.text(index) != "").any()):
            continue
        findings.append(
            _ignored_column(table, f"column '{header or index + 1}' is not used in a {form} file and is ignored")
        )
    return findings


def first_bad(codes: np.ndarray, bad_unique: np.ndarray) -> int:
    """Position of the first row whose unique value is bad."""
    return int(np.flatnonzero(bad_unique[codes])[0])


def map_variables(
    table: Table, index: int, texts: pd.Series, rows: np.ndarray, names: Mapping[str, tuple[str, ...]]
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
        row = int(rows[first_bad(codes, np.arange(len(uniques)) == position)])
        where = table.where(row, index)
        if name == "":
            raise InputError("the variable is empty but the row has a value; give the variable id", where)
        if found:
            raise InputError(
                f"{quote(str(name))} names several variables ({', '.join(found)}); use the variable id", where
            )
        close = suggestions(normed, names)
        hint = f"did you mean {did_you_mean(close, names)}? " if close else ""
        raise InputError(
            f"{quote(str(name))} is not a variable of the data dictionary; {hint}use a variable id "
            "(e.g. population, live_births) or its Vietnamese label",
            where,
        )
    return labels, label_codes[codes]


def drop_comment_rows(table: Table, roles: Mapping[str, int]) -> Table:
    """Rows whose unit cell starts with '#' are notes (the label row of `ytcs template`), not data."""
    if "unit" not in roles:
        return table
    keep = ~table.text(roles["unit"]).str.startswith("#").to_numpy(dtype=bool)
    if keep.all():
        return table
    cells = [column[keep].reset_index(drop=True) for column in table.cells]
    return dataclasses.replace(table, cells=cells, rows=table.rows[keep])
