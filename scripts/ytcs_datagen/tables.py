"""Tables and CSV text: one writer per file shape, so every folder's files are formatted alike."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .allocation import Figures
from .reference import Reference, Setting

YEARBOOK_2016 = (
    "Cục Thống kê Quảng Ngãi, Niên giám thống kê 2016, Biểu 242 'Một số chỉ tiêu về chăm sóc sức khoẻ' (tr. 351)"
)
PUBLISHED_IDS = {
    "doctors_per_10000_inhabitants": "doctors_per_10k",
    "hospital_beds_per_10000_inhabitants": "hospital_beds_per_10k",
    "pct_commune_health_stations_with_doctor": "health_stations_with_doctor_pct",
    "pct_commune_health_stations_with_midwife": "health_stations_with_midwife_pct",
    "pct_under1_fully_vaccinated": "full_immunization_pct",
    # The yearbook's "suy dinh dưỡng" without a form is weight-for-age (README explains why).
    "pct_under5_malnutrition": "underweight_pct",
}

Row = tuple[str, int, str, float | int]  # a long-form file's unit, year, variable, value
MonthlyRow = tuple[str, int, int, int]  # unit, year, month, count
Series = Sequence[tuple[str, str, Callable[[float], float | int]]]  # reported variable, figure name, int or float


@dataclass
class Table:
    """Counts of variables for a fixed list of units and years, written as one wide CSV file."""

    units: list[str]
    years: list[int]
    columns: dict[str, dict[int, np.ndarray]] = field(default_factory=dict)
    blanks: set[tuple[str, int, str]] = field(default_factory=set)

    def set(self, variable: str, year: int, values: Iterable[int] | np.ndarray) -> None:
        array = np.asarray(values, dtype=np.int64).reshape(-1)
        if len(array) != len(self.units):
            raise ValueError(f"{variable} {year}: {len(array)} values for {len(self.units)} units")
        if (array < 0).any():
            raise ValueError(f"{variable} {year}: negative count")
        self.columns.setdefault(variable, {})[year] = array

    def record(self, year: int, columns: Mapping[str, Iterable[int] | np.ndarray]) -> None:
        """Several variables of one year; the first year recorded fixes the file's column order."""
        for variable, values in columns.items():
            self.set(variable, year, values)

    def get(self, variable: str, year: int) -> np.ndarray:
        return self.columns[variable][year]

    def blank(self, unit: str, year: int, variable: str) -> None:
        self.blanks.add((unit, year, variable))

    def csv_text(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        variables = list(self.columns)
        writer.writerow(["unit", "year", *variables])
        for index, unit in enumerate(self.units):
            for year in self.years:
                cells = [
                    "" if (unit, year, v) in self.blanks else str(int(self.columns[v][year][index])) for v in variables
                ]
                writer.writerow([unit, year, *cells])
        return buffer.getvalue()


def long_csv(rows: Iterable[Row]) -> str:
    """A long-form file `unit,year,variable,value`: counts as integers, reported values with two decimals."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["unit", "year", "variable", "value"])
    for unit, year, variable, value in sorted(rows, key=lambda r: (r[0], r[2], r[1])):
        text = str(value) if isinstance(value, int) else f"{value:.2f}"
        writer.writerow([unit, year, variable, text])
    return buffer.getvalue()


def reported_rows(unit: str, figures: Figures, series: Series) -> list[Row]:
    """Rows of a long-form file: each series' figure of every year, as an integer or a float (two decimals)."""
    return [
        (unit, year, variable, kind(values[name]))
        for year, values in figures.items()
        for variable, name, kind in series
    ]


def monthly_csv(rows: Iterable[MonthlyRow], variable: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["unit", "year", "month", variable])
    writer.writerows(rows)
    return buffer.getvalue()


def units_csv(units: pd.DataFrame) -> str:
    buffer = io.StringIO()
    units.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def published_csv(ref: Reference) -> str:
    """The real yearbook series as published history, with the catalog's indicator ids."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["unit", "year", "indicator", "value", "source"])
    rows = ref.health[ref.health["province_code"] == "51"]
    records = sorted(
        (PUBLISHED_IDS[i], int(y), v) for i, y, v in zip(rows["indicator"], rows["year"], rows["value"], strict=True)
    )
    for indicator, year, value in records:
        writer.writerow(["51", year, indicator, value, YEARBOOK_2016])
    return buffer.getvalue()


def versioned_units_csv(units: pd.DataFrame) -> str:
    """units.csv with validity: the columns of `units_csv` and `valid_from,valid_to` (ISO dates, empty = open)."""
    return units_csv(units[["code", "name", "level", "parent", "valid_from", "valid_to"]])


@dataclass
class Folder:
    """A folder's files before they are written: the generated tables, and what the 2025 map adds to them.

    `later` holds tables of later years on other units (the new map), written under the first ones in the same
    file, with the same columns; `extra` holds whole files (crosswalk.csv...); `units` is written with validity
    once `valid_to` is set."""

    units: pd.DataFrame
    setting: Setting
    wide: dict[str, Table]
    long: dict[str, list[Row]]
    texts: dict[str, str] = field(default_factory=dict)
    monthly: list[MonthlyRow] = field(default_factory=list)
    later: dict[str, Table] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)

    def files(self) -> dict[str, str]:
        versioned = "valid_to" in self.units.columns
        files = {"units.csv": versioned_units_csv(self.units) if versioned else units_csv(self.units)}
        for name, table in self.wide.items():
            files[name] = table.csv_text() + self._later_rows(name, table)
        if self.monthly:
            files["births_monthly.csv"] = monthly_csv(self.monthly, "live_births")
        files |= {name: long_csv(rows) for name, rows in self.long.items()}
        return files | self.texts | self.extra

    def _later_rows(self, name: str, table: Table) -> str:
        if name not in self.later:
            return ""
        later = self.later[name]
        if list(later.columns) != list(table.columns):
            raise ValueError(f"{name}: the later rows have columns {list(later.columns)}, not {list(table.columns)}")
        return later.csv_text().split("\n", 1)[1]
