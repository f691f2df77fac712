"""`units.csv`: the administrative units a data folder reports on, checked before anything else.

Columns `code,name,level,parent[,uid][,valid_from,valid_to]`: GSO codes as text (leading zeros kept),
level province | district | commune, parent empty for the root; an optional `uid` column gives each
unit's DHIS2 UID. A commune may sit directly under a province (the 2025 map). A code may appear on
several rows when their validities (ISO dates, `valid_from` inclusive, `valid_to` exclusive, empty =
open) do not overlap: see `ytcs.data.versions`.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from ytcs.data.csv_table import read_csv_table
from ytcs.data.joins import join
from ytcs.data.names import normalise_name
from ytcs.data.table import CheckedRows
from ytcs.data.versions import OPEN_FROM, OPEN_TO, UnitVersions, parse_days, validity_text
from ytcs.diagnostics import Finding, InputError, Location, display_path
from ytcs.vocab import UNIT_CODE_PATTERN, Level

UNITS_FILE = "units.csv"
UNITS_HEADERS = ("code", "name", "level", "parent")
VALIDITY_HEADERS = ("valid_from", "valid_to")
UID_HEADER = "uid"


def _unit_rows(path: Path, display: str) -> CheckedRows:
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
    # Optional: the unit's DHIS2 UID (so that DHIS2 exports by UID find it) and its validity.
    present = [h for h in (*UNITS_HEADERS, UID_HEADER, *VALIDITY_HEADERS) if h in normed]
    frame = pd.DataFrame({h: table.text(normed.index(h)) for h in present})
    for header in VALIDITY_HEADERS:
        if header not in frame:
            frame[header] = ""
    frame["row"] = table.rows
    blank = np.logical_and.reduce([(frame[h] == "").to_numpy(dtype=bool) for h in UNITS_HEADERS])
    if blank.any():  # blank rows: most lists have none, and keep every row without a copy
        frame = frame[~blank].reset_index(drop=True)
    if frame.empty:
        raise InputError("lists no units; add one row per province, district and commune", Location(display))
    return CheckedRows(frame, table, {h: normed.index(h) for h in present})


def _check_codes_and_levels(rows: CheckedRows) -> None:
    """Every unit has a GSO code of its own, a name and a known level."""
    frame = rows.frame
    rows.fail(frame["code"] == "", "code", "is empty; every unit needs its GSO code")
    rows.fail(
        ~frame["code"].str.fullmatch(UNIT_CODE_PATTERN),
        "code",
        "is not a GSO code (2 to 5 digits); keep codes as text so leading zeros stay ('03390')",
    )
    rows.fail(frame["name"] == "", "name", "is empty; give the unit's name")
    known = frame["level"].isin(list(Level))
    if not known.all():  # the known levels are their own casefold: only other spellings are folded
        frame["level"] = frame["level"].str.casefold()
        known = frame["level"].isin(list(Level))
    rows.fail(~known, "level", "is not a level; use province, district or commune")


def _check_validity(rows: CheckedRows) -> None:
    """Validity dates are ISO dates, each row's `valid_from` is before its `valid_to`, and the rows of one
    code never overlap (a code names one unit on any day)."""
    frame = rows.frame
    for header, open_value in (("valid_from", OPEN_FROM), ("valid_to", OPEN_TO)):
        days, bad = parse_days(frame[header], open_value)
        rows.fail(pd.Series(bad, index=frame.index), header, "is not a date; write it as YYYY-MM-DD (2025-07-01)")
        frame[header + "_day"] = days
    rows.fail(
        frame["valid_from_day"] >= frame["valid_to_day"],
        "valid_to",
        "is not after valid_from; a version is valid from valid_from up to (not including) valid_to",
    )
    if not frame["code"].duplicated().any():
        return  # one row per code: no two rows of a code to overlap
    ordered = frame.sort_values(["code", "valid_from_day"], kind="stable")
    overlap = (ordered["code"] == ordered["code"].shift()) & (
        ordered["valid_from_day"] < ordered["valid_to_day"].shift()
    )
    if overlap.any():
        second = ordered[overlap].iloc[0]
        first = ordered.loc[ordered.index[np.flatnonzero(overlap.to_numpy())[0] - 1]]
        raise InputError(
            f"unit code {second['code']} is already on row {int(first['row'])} for some of these days; a code may "
            "appear again only with valid_from/valid_to that do not overlap (a code names one unit on any day)",
            rows.at(second, "code"),
        )


def _parent_versions(frame: pd.DataFrame, number: np.ndarray, parent_number: np.ndarray) -> np.ndarray:
    """Each row's parent as a row position: the version of the parent's code (`parent_number`, numbered as
    the codes are in `number`; −1 for none) in force over all of the child's days (−1 for no parent or
    none such; versions of a code never overlap, so at most one covers them)."""
    child, candidate = join(number, parent_number)
    start, end = frame["valid_from_day"].to_numpy(), frame["valid_to_day"].to_numpy()
    covering = (start[candidate] <= start[child]) & (end[child] <= end[candidate])
    found = np.full(len(frame), -1, dtype=np.int64)
    found[child[covering]] = candidate[covering]
    return found


def _check_parents(rows: CheckedRows) -> np.ndarray:
    """Every parent exists over the child's days and is of a level that may hold the child; only the top
    units have none. Returns each row's parent row (−1 for none)."""
    frame = rows.frame
    code, parent_code = frame["code"].to_numpy(dtype=object), frame["parent"].to_numpy(dtype=object)
    numbers = pd.factorize(np.concatenate([code, parent_code]))[0]  # hashed once, not code by code
    number, parent_number = numbers[: len(code)], numbers[len(code) :]
    parent_number = np.where(parent_number <= number.max(initial=-1), parent_number, -1)  # not a code: -1
    has_parent = parent_code != ""
    problem = "is not the code of any unit in units.csv; add the parent unit or correct the code"
    rows.fail(has_parent & (parent_number < 0), "parent", problem)
    parent = _parent_versions(frame, number, parent_number)
    uncovered = has_parent & (parent < 0)
    if uncovered.any():
        first = frame[uncovered].iloc[0]
        raise InputError(
            f"the parent {first['parent']} of unit {first['code']} is not valid over all of that unit's days "
            f"({_days(first)}); give the parent valid then, or split the unit's validity",
            rows.at(first, "parent"),
        )
    order = _level_order(frame["level"])
    bad_parent = has_parent & ~_parent_allowed(order, parent)
    if bad_parent.any():
        position = int(np.flatnonzero(bad_parent)[0])
        first = frame.iloc[position]
        expected = " or ".join(Level(first["level"]).parents) or "nothing (leave parent empty)"
        parent_level = frame["level"].iat[parent[position]]
        raise InputError(
            f"the {first['level']} {first['code']} has the {parent_level} {first['parent']} as "
            f"parent; a {first['level']}'s parent must be {expected}",
            rows.at(first, "parent"),
        )
    _check_orphans(rows, has_parent, order)
    return parent


def _level_order(levels: pd.Series) -> np.ndarray:
    """Each unit's level as its position in `Level` (province 0, district 1, commune 2), found by one
    comparison per level rather than a lookup per unit (levels are known ones: checked before)."""
    order = np.full(len(levels), -1, dtype=np.int64)
    for position, known in enumerate(Level):
        order[(levels == known.value).to_numpy(dtype=bool)] = position
    return order


def _check_orphans(rows: CheckedRows, has_parent: np.ndarray, order: np.ndarray) -> None:
    """A unit without parent while a unit of a higher level is in force on some of its days is missing
    its parent (a lone district may be the top of a folder; not beside its province); `order` as
    `_level_order` gives it."""
    frame = rows.frame
    rank = np.array([known.rank for known in Level])[order]
    roots = ~has_parent
    if not roots.any() or not (rank > rank[roots].min()).any():
        return  # the roots are of the highest level there is (the usual list: provinces at the top)
    root_frame = frame[roots].assign(rank=rank[roots])
    higher = frame.assign(rank=rank)[["rank", "valid_from_day", "valid_to_day"]]
    higher = higher[higher["rank"] > root_frame["rank"].min()]  # few: not the communes
    pairs = root_frame.reset_index().merge(higher, how="cross", suffixes=("", "_other"))
    overlapping = (pairs["valid_from_day"] < pairs["valid_to_day_other"]) & (
        pairs["valid_from_day_other"] < pairs["valid_to_day"]
    )
    orphans = pairs[overlapping & (pairs["rank_other"] > pairs["rank"])]
    if len(orphans):
        first = frame.loc[int(orphans["index"].iloc[0])]
        raise InputError(
            f"the {first['level']} {first['code']} has no parent; give the code of its "
            f"{' or '.join(Level(first['level']).parents)} (only the top unit has none)",
            rows.at(first, "parent"),
        )


def _days(row: pd.Series) -> str:
    return validity_text(int(row["valid_from_day"]), int(row["valid_to_day"])) or "mọi ngày"


def _short_codes(frame: pd.DataFrame, file: str) -> list[Finding]:
    """Codes shorter than their level's GSO codes: Excel probably dropped their leading zeros."""
    short = frame["code"].str.len() < frame["level"].map({level.value: level.code_length for level in Level})
    if not short.any():
        return []
    first = frame[short].iloc[0]
    message = (
        f"{int(short.sum())} unit code(s) are shorter than GSO codes of their level (e.g. {first['level']} "
        f"{first['code']}); Excel may have dropped leading zeros: keep codes as text"
    )
    return [Finding("short-code", message, Location(file, int(first["row"])), unit=str(first["code"]))]


def read_units(path: Path) -> tuple[UnitVersions, list[Finding]]:
    """Read and check units.csv: GSO codes, known levels, validities that do not overlap per code, and
    parents that exist one level up over each unit's days."""
    rows = _unit_rows(path, display_path(path))
    _check_codes_and_levels(rows)
    _check_validity(rows)
    parent = _check_parents(rows)
    frame = rows.frame
    versions = pd.DataFrame(
        {
            "code": frame["code"].astype("string"),
            "name": frame["name"].astype("string"),
            "level": frame["level"].astype("string"),
            "parent": frame["parent"].astype("string").replace("", pd.NA),
            "valid_from": frame["valid_from_day"].to_numpy(),
            "valid_to": frame["valid_to_day"].to_numpy(),
            "parent_version": parent,
            "row": frame["row"].to_numpy(),
        }
    )
    if UID_HEADER in frame:
        uid = frame[UID_HEADER]
        pairs = frame[[UID_HEADER, "code"]].drop_duplicates()  # versions of one unit may share its UID
        rows.fail(
            uid.ne("") & uid.duplicated(keep="first") & frame.index.isin(pairs.index),
            UID_HEADER,
            "is the DHIS2 UID of two units; each UID must appear once",
        )
        versions[UID_HEADER] = uid.astype("string").replace("", pd.NA)
    return UnitVersions(versions), _short_codes(frame, path.name)


def _parent_allowed(order: np.ndarray, parent: np.ndarray) -> np.ndarray:
    """Whether each unit's parent row (−1: none) is of a level that may hold the unit's level; `order` as
    `_level_order` gives it."""
    allowed = np.array([[parent_level in child.parents for parent_level in Level] for child in Level])
    return (parent >= 0) & allowed[order, order[np.maximum(parent, 0)]]
