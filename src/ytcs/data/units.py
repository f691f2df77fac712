"""`units.csv`: the administrative units a data folder reports on, checked before anything else.

Columns `code,name,level,parent`: GSO codes as text (leading zeros kept), level province | district |
commune, parent empty for the root; an optional `uid` column gives each unit's DHIS2 UID. A commune may
sit directly under a province (the 2025 map).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ytcs.data.csv_table import read_csv_table
from ytcs.data.names import normalise_name
from ytcs.data.table import Table
from ytcs.diagnostics import Finding, InputError, Location, display_path, quote
from ytcs.vocab import UNIT_CODE_PATTERN, Level

UNITS_FILE = "units.csv"
UNITS_HEADERS = ("code", "name", "level", "parent")
UID_HEADER = "uid"


@dataclass
class _UnitRows:
    """The rows of units.csv as text, with what is needed to name a cell in a message."""

    frame: pd.DataFrame
    table: Table
    column_of: dict[str, int]

    def fail(self, mask: pd.Series, column: str, problem: str) -> None:
        """An error at the first row where `mask` holds, quoting that row's cell of `column`."""
        if mask.any():
            first = self.frame[mask].iloc[0]
            raise InputError(f"{quote(first[column])} {problem}", self.at(first, column))

    def at(self, row: pd.Series, column: str) -> Location:
        return self.table.where(int(row["row"]), self.column_of[column])


def _unit_rows(path: Path, display: str) -> _UnitRows:
    """units.csv read as text; blank rows dropped; the four columns required."""
    if not os.path.lexists(path):
        raise InputError(
            "no units.csv in the data folder; add one with the columns code,name,level,parent", Location(display)
        )
    table = read_csv_table(path, path.name, display)
    normed = [normalise_name(h) for h in table.headers]
    missing = [h for h in UNITS_HEADERS if h not in normed]
    if missing:
        raise InputError(
            f"no {', '.join(repr(m) for m in missing)} column; the header must be code,name,level,parent",
            Location(display, 1),
        )
    frame = pd.DataFrame({h: table.text(normed.index(h)) for h in UNITS_HEADERS})
    if UID_HEADER in normed:  # optional: the unit's DHIS2 UID, so that DHIS2 exports by UID find it
        frame[UID_HEADER] = table.text(normed.index(UID_HEADER))
    frame["row"] = table.rows
    frame = frame[~(frame[list(UNITS_HEADERS)] == "").all(axis=1)].reset_index(drop=True)
    if frame.empty:
        raise InputError("lists no units; add one row per province, district and commune", Location(display))
    return _UnitRows(frame, table, {h: normed.index(h) for h in (*UNITS_HEADERS, UID_HEADER) if h in normed})


def _check_codes_and_levels(rows: _UnitRows) -> None:
    """Every unit has a GSO code of its own, a name and a known level."""
    frame = rows.frame
    rows.fail(frame["code"] == "", "code", "is empty; every unit needs its GSO code")
    rows.fail(
        ~frame["code"].str.fullmatch(UNIT_CODE_PATTERN),
        "code",
        "is not a GSO code (2 to 5 digits); keep codes as text so leading zeros stay ('03390')",
    )
    rows.fail(frame["name"] == "", "name", "is empty; give the unit's name")
    frame["level"] = frame["level"].str.casefold()
    rows.fail(~frame["level"].isin(list(Level)), "level", "is not a level; use province, district or commune")
    duplicated = frame["code"].duplicated(keep="first")
    if duplicated.any():
        second = frame[duplicated].iloc[0]
        first = frame[frame["code"] == second["code"]].iloc[0]
        raise InputError(
            f"unit code {second['code']} is already on row {int(first['row'])}; each code must appear once",
            rows.at(second, "code"),
        )


def _check_parents(rows: _UnitRows) -> None:
    """Every parent exists and is of a level that may hold the child; only the top units have none."""
    frame = rows.frame
    has_parent = frame["parent"] != ""
    rows.fail(
        has_parent & ~frame["parent"].isin(frame["code"]),
        "parent",
        "is not the code of any unit in units.csv; add the parent unit or correct the code",
    )
    parent_level = frame["parent"].map(frame.set_index("code")["level"])
    bad_parent = has_parent & ~_parent_allowed(frame["level"], parent_level)
    if bad_parent.any():
        first = frame[bad_parent].iloc[0]
        expected = " or ".join(Level(first["level"]).parents) or "nothing (leave parent empty)"
        raise InputError(
            f"the {first['level']} {first['code']} has the {parent_level[first.name]} {first['parent']} as "
            f"parent; a {first['level']}'s parent must be {expected}",
            rows.at(first, "parent"),
        )
    depth = -frame["level"].map(lambda level: Level(level).rank)
    orphan = ~has_parent & (depth > depth.min())
    if orphan.any():
        first = frame[orphan].iloc[0]
        raise InputError(
            f"the {first['level']} {first['code']} has no parent; give the code of its "
            f"{' or '.join(Level(first['level']).parents)} (only the top unit has none)",
            rows.at(first, "parent"),
        )


def _short_codes(frame: pd.DataFrame, file: str) -> list[Finding]:
    """Codes shorter than their level's GSO codes: Excel probably dropped their leading zeros."""
    short = frame["code"].str.len() < frame["level"].map(lambda level: Level(level).code_length)
    if not short.any():
        return []
    first = frame[short].iloc[0]
    message = (
        f"{int(short.sum())} unit code(s) are shorter than GSO codes of their level (e.g. {first['level']} "
        f"{first['code']}); Excel may have dropped leading zeros: keep codes as text"
    )
    return [Finding("short-code", message, Location(file, int(first["row"])), unit=str(first["code"]))]


def read_units(path: Path) -> tuple[pd.DataFrame, list[Finding]]:
    """Read and check units.csv: unique GSO codes, known levels, parents that exist one level up."""
    rows = _unit_rows(path, display_path(path))
    _check_codes_and_levels(rows)
    _check_parents(rows)
    frame = rows.frame
    units = pd.DataFrame(
        {
            "code": frame["code"].astype("string"),
            "name": frame["name"].astype("string"),
            "level": frame["level"].astype("string"),
            "parent": frame["parent"].astype("string").replace("", pd.NA),
        }
    )
    if UID_HEADER in frame:
        uid = frame[UID_HEADER]
        rows.fail(
            uid.ne("") & uid.duplicated(keep="first"),
            UID_HEADER,
            "is the DHIS2 UID of two units; each UID must appear once",
        )
        units[UID_HEADER] = uid.astype("string").replace("", pd.NA)
    return units, _short_codes(frame, path.name)


def _parent_allowed(child_levels: pd.Series, parent_levels: pd.Series) -> pd.Series:
    """Whether each parent's level may hold the child's level (vectorised over the allowed pairs)."""
    allowed = {f"{child}>{parent}" for child in Level for parent in child.parents}
    combined = child_levels.astype(str) + ">" + parent_levels.fillna("").astype(str)
    return combined.isin(allowed)
