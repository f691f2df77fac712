"""`crosswalk.csv`: which new units each old unit became at a change of the map, and in what share.

Columns `old_code,new_code,share[,basis][,note]`, a row per (old unit, new unit it went into). `share` is
the fraction of the old unit that went to the new one (1 when whole; an old unit's shares sum to 1 ± 0.001);
`basis` says how it was set: `whole`, `population` or `area`. The old code is the version of that code that
ends on the day of the change, the new code the version that starts on it, so one file can hold several
changes. Every old unit at the bottom of the old map (a commune; a district without communes) must have a
successor; units above it are carried through their parts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ytcs.data.csv_table import read_csv_table
from ytcs.data.joins import join
from ytcs.data.names import normalise_name
from ytcs.data.table import CheckedRows, Table
from ytcs.data.versions import OPEN_TO, UnitVersions, day_text
from ytcs.diagnostics import InputError, Location, display_path

CROSSWALK_FILE = "crosswalk.csv"
CROSSWALK_HEADERS = ("old_code", "new_code", "share")
BASES = ("whole", "population", "area")
SHARE_TOLERANCE = 0.001


@dataclass(frozen=True)
class Crosswalk:
    """The rows as version positions: `old`, `new`, `share`, `basis`, `row` (the line in crosswalk.csv)."""

    frame: pd.DataFrame
    display: str

    @classmethod
    def empty(cls) -> Crosswalk:
        frame = pd.DataFrame(
            {
                "old": np.zeros(0, np.int64),
                "new": np.zeros(0, np.int64),
                "share": np.zeros(0),
                "basis": pd.Series(dtype=object),
                "row": np.zeros(0, np.int64),
            }
        )
        return cls(frame, CROSSWALK_FILE)

    def __len__(self) -> int:
        return len(self.frame)


def _texts(table: Table) -> CheckedRows:
    normed = [normalise_name(h) for h in table.headers]
    missing = [h for h in CROSSWALK_HEADERS if h not in normed]
    if missing:
        raise InputError(
            f"no {', '.join(repr(m) for m in missing)} column; "
            "the header must be old_code,new_code,share[,basis][,note]",
            Location(table.display, 1),
        )
    columns = {h: table.text(normed.index(h)) for h in (*CROSSWALK_HEADERS, "basis") if h in normed}
    frame = pd.DataFrame(columns)
    if "basis" not in frame:
        frame["basis"] = ""
    frame["row"] = table.rows
    frame = frame[~(frame[list(CROSSWALK_HEADERS)] == "").all(axis=1)].reset_index(drop=True)
    return CheckedRows(frame, table, {h: normed.index(h) for h in columns})


def _resolve(frame: pd.DataFrame, versions: UnitVersions) -> pd.DataFrame:
    """Each row's old and new version: the old code's version ending on a day the new code's starts (when
    two pairs would fit, the last in the order of the versions, as a merge of the rows with them gives)."""
    codes, start, end = (
        versions.version_codes,
        versions.frame["valid_from"].to_numpy(),
        versions.frame["valid_to"].to_numpy(),
    )
    line, old_version = join(codes, versions.positions(frame["old_code"].to_numpy(dtype=object)))
    new_code = versions.positions(frame["new_code"].to_numpy(dtype=object))[line]
    new_version = versions.at_positions(new_code, end[old_version])  # a code's versions never overlap
    fits = (new_version >= 0) & (start[new_version] == end[old_version]) & (end[old_version] != OPEN_TO)
    old = np.full(len(frame), -1, dtype=np.int64)
    new = np.full(len(frame), -1, dtype=np.int64)
    old[line[fits]] = old_version[fits]
    new[line[fits]] = new_version[fits]
    return frame.assign(old=old, new=new)


def _check_cells(rows: CheckedRows, versions: UnitVersions) -> CheckedRows:
    frame = rows.frame
    for column in ("old_code", "new_code"):
        rows.fail(
            ~versions.known(frame[column].to_numpy(dtype=object)),
            column,
            "is not a unit code of units.csv; add the unit or correct the code",
        )
    share = pd.to_numeric(frame["share"].str.replace(",", ".", regex=False), errors="coerce")
    rows.fail(
        ~((share > 0) & (share <= 1)),
        "share",
        "is not a share; give the fraction of the old unit that went to the new one, above 0 and at most 1",
    )
    basis = frame["basis"].str.casefold()
    rows.fail(~basis.isin(["", *BASES]), "basis", f"is not a basis; use {', '.join(BASES)}")
    rows = replace(rows, frame=_resolve(frame.assign(share=share, basis=basis.replace("", "whole")), versions))
    rows.fail(
        rows.frame["old"] < 0,
        "old_code",
        "has no version in units.csv that ends on the day the new unit's version starts; set valid_to of the "
        "old unit and valid_from of the new one to the day of the change (2025-07-01)",
    )
    return rows


def _check_shares(rows: CheckedRows) -> None:
    """An old unit went somewhere whole: its shares sum to 1."""
    frame = rows.frame
    sums = frame.groupby("old")["share"].transform("sum")
    off = ((sums - 1).abs() > SHARE_TOLERANCE).to_numpy()
    if off.any():
        first = frame.iloc[int(np.flatnonzero(off)[0])]
        raise InputError(
            f"the shares of old unit {first['old_code']} sum to {sums.iloc[int(np.flatnonzero(off)[0])]:.4g}, "
            "not 1 (± 0.001); give each new unit's fraction of it so that together they make the whole unit",
            rows.at(first, "share"),
        )


def _check_successors(display: str, frame: pd.DataFrame, versions: UnitVersions) -> None:
    """Every old unit at the bottom of its map, ending on a day the crosswalk carries, has a successor."""
    units = versions.frame
    change_days = set(units["valid_from"].to_numpy()[frame["new"].to_numpy()].tolist())
    ending = units["valid_to"].isin(change_days).to_numpy()
    has_child = np.zeros(len(units), dtype=bool)
    parents = units["parent_version"].to_numpy()
    has_child[parents[(parents >= 0) & ending]] = True
    leaves = np.flatnonzero(ending & ~has_child & ~np.isin(np.arange(len(units)), frame["old"].to_numpy()))
    if len(leaves):
        first = units.iloc[int(leaves[0])]
        raise InputError(
            f"unit {first['code']} ({first['name']}) ends on {day_text(int(first['valid_to']))} but has no row in "
            f"crosswalk.csv; add a row old_code,new_code,share for each new unit it went into "
            f"({len(leaves)} such unit(s))",
            Location(display),
        )


def read_crosswalk(path: Path, versions: UnitVersions) -> Crosswalk:
    """Read and check crosswalk.csv against the unit versions; an empty Crosswalk when there is none."""
    if not os.path.lexists(path):
        return Crosswalk.empty()
    display = display_path(path)
    table = read_csv_table(path, path.name, display)
    rows = _check_cells(_texts(table), versions)
    _check_shares(rows)
    _check_successors(display, rows.frame, versions)
    return Crosswalk(rows.frame[["old", "new", "share", "basis", "row"]].reset_index(drop=True), display)
