"""The 1 July 2025 map in a data folder: versioned units.csv, crosswalk.csv, the old parts' 2024 counts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from .reference import Reference
from .tables import Folder, Table

CHANGE = "2025-07-01"
NEW_YEAR = 2025
LAST_OLD_YEAR = 2024
CROSSWALK_COLUMNS = ["old_code", "new_code", "share", "basis", "note"]


def old_version(units: pd.DataFrame, root_parent: bool = True) -> pd.DataFrame:
    """Units of the old map: valid until the change. Without `root_parent`, every unit's parent is dropped
    (old communes listed only because a new unit took them in: a partial district would be summed wrongly)."""
    units = units if root_parent else units.assign(parent="")
    return units.assign(valid_from="", valid_to=CHANGE)


def new_units(ref: Reference, province: str, communes: Iterable[str] | None = None) -> pd.DataFrame:
    """The new province and its communes; with `communes`, only those, as roots (no province)."""
    units = ref.new_units
    if communes is None:
        return units[(units["code"] == province) | (units["parent"] == province)].reset_index(drop=True)
    chosen = units[units["code"].isin(list(communes)) & (units["level"] == "commune")]
    return chosen.assign(parent="").reset_index(drop=True)


def folder_crosswalk(ref: Reference, old: pd.DataFrame, new: pd.DataFrame) -> str:
    """The reference crosswalk's rows between the folder's old and new units, checked complete both ways:
    every old leaf and province has successors here, every new unit's old parts are all here."""
    rows = ref.crosswalk[ref.crosswalk["old_code"].isin(old["code"]) & ref.crosswalk["new_code"].isin(new["code"])]
    parents = set(old["parent"])
    needing = old[(old["level"] == "province") | ~old["code"].isin(parents)]
    orphans = sorted(set(needing["code"]) - set(rows["old_code"]))
    if orphans:
        raise ValueError(f"old unit(s) without successors in the folder: {orphans[:5]}")
    parts = ref.crosswalk[ref.crosswalk["new_code"].isin(new["code"])]
    outside = parts[~parts["old_code"].isin(old["code"])]
    if len(outside):
        raise ValueError(f"new unit {outside['new_code'].iloc[0]} took in {outside['old_code'].iloc[0]}, not listed")
    buffer = rows[CROSSWALK_COLUMNS].to_csv(index=False, lineterminator="\n")
    return buffer


def year_frame(table: Table, year: int, units: Sequence[str] | None = None) -> pd.DataFrame:
    """One year of a table as a frame (rows: units, columns: variables), optionally for some units only."""
    frame = pd.DataFrame({variable: values[year] for variable, values in table.columns.items()}, index=table.units)
    return frame if units is None else frame.reindex(list(units))


def table_of(units: Sequence[str], frame: pd.DataFrame, columns: Sequence[str], year: int = NEW_YEAR) -> Table:
    """A one-year Table of `columns` of `frame` (rows in `units` order)."""
    table = Table(list(units), [year])
    for column in columns:
        table.set(column, year, frame[column].to_numpy(dtype=np.int64))
    return table


def population_file(codes: Sequence[str], population: np.ndarray) -> str:
    """`population_outside.csv`: 2024 populations of old units outside the seed's area whose land went into
    new units of the folder; the carrying of numbers across the change weighs by them."""
    table = Table(list(codes), [LAST_OLD_YEAR])
    table.set("population", LAST_OLD_YEAR, population)
    return table.csv_text()


def reporters_population(folder: Folder) -> pd.Series:
    """2024 population of each of a folder's reporters (communes, and districts without communes)."""
    return pd.Series(folder.setting.population[LAST_OLD_YEAR], index=folder.setting.area.reporters)


def set_map(folder: Folder, ref: Reference, old: Sequence[pd.DataFrame], new: pd.DataFrame) -> None:
    """The folder's units.csv (old units, then new) and crosswalk.csv."""
    old_units = pd.concat(list(old), ignore_index=True)
    folder.units = pd.concat([old_units, new.assign(valid_from=CHANGE, valid_to="")], ignore_index=True)
    folder.extra["crosswalk.csv"] = folder_crosswalk(ref, old_units, new)
