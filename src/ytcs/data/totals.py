"""A total is never added to what it totals.

Whether a value reported for a district or a province is its own or the total of the units below it is
decided by meaning, by the data dictionary's `extent` of the variable:

- a territorial count (population, births, deaths, insured people, children immunised — a district has
  none outside its communes) reported for a unit whose units below also report it, in the same period,
  is their total: it is never added, and a finding says so when it differs from their sum;
- a facility count (doctors, beds, stations) reported for a higher unit is that unit's own (a provincial
  hospital's beds) and is added — unless its row is a total row: a row in which every count that the units
  below also report equals their sum, two counts at least (a "Cộng" row). One equal count alone is not
  taken as a total: a district health centre with 5 doctors beside communes with 5 in all is common.

The comparison runs on arrays of units × periods, one variable at a time, whatever the form or file of the
values; the data checks report total rows and territorial totals that differ from their units' sum.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ytcs.data.counts import Counts
from ytcs.data.hierarchy import Hierarchy
from ytcs.diagnostics import Finding, Location, number_for_message
from ytcs.plans.models import Variable


@dataclass(frozen=True)
class Totals:
    """The cells that are totals of the units below them: row positions in the counts, per variable."""

    positions: dict[str, np.ndarray]
    below: dict[str, np.ndarray]  # the sum of the units below, for each position
    rows: np.ndarray  # total rows (file index × 10¹⁰ + line): every count the units below also report equals their sum

    def any(self) -> bool:
        return any(len(p) for p in self.positions.values())


def _sums_below(counts: Counts, unit: np.ndarray, period: np.ndarray, size: tuple[int, int], name: str,
                hierarchy: Hierarchy) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """For each row giving `name`: its position, the sum of the units below it, how many of them report it."""
    column = counts.frame[name].to_numpy()
    rows = np.flatnonzero(~np.isnan(column) & (unit >= 0))
    values, given = np.zeros(size), np.zeros(size)
    values[unit[rows], period[rows]] = column[rows]
    given[unit[rows], period[rows]] = 1.0
    below = hierarchy.roll_up(values)[unit[rows], period[rows]] - column[rows]
    reported = hierarchy.roll_up(given)[unit[rows], period[rows]] - 1.0
    return rows, below, reported


def find_totals(counts: Counts, hierarchy: Hierarchy, variables: Mapping[str, Variable]) -> Totals:
    """Every reported total (see the module docstring), found per variable and period. A total row is a row
    of a file (the values of one unit and period from several files are compared file row by file row)."""
    unit = counts.unit_index(hierarchy.codes)
    frame = counts.frame
    period, _ = pd.factorize(frame["year"].to_numpy().astype(np.int64) * 100 + frame["month"].to_numpy())
    size = (len(hierarchy), int(period.max(initial=-1)) + 1)
    found: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = {}
    sources, equal = [], []
    for name in counts.variables:
        if name in variables and variables[name].kind == "count":
            rows, below, reported = _sums_below(counts, unit, period, size, name, hierarchy)
            files, lines = counts.places(rows, name)
            source = files * 10_000_000_000 + lines  # the file row each cell came from
            found[name] = (rows, below, reported > 0, source)
            sources.append(source[reported > 0])
            equal.append(frame[name].to_numpy()[rows][reported > 0] == below[reported > 0])
    table = pd.DataFrame({"source": np.concatenate(sources or [np.zeros(0, np.int64)]),
                          "equal": np.concatenate(equal or [np.zeros(0, bool)])})  # fmt: skip
    per_row = table.groupby("source")["equal"].agg(["all", "size"])
    total_sources = per_row.index[per_row["all"] & (per_row["size"] >= 2)].to_numpy()
    positions, below_sums, total_rows = {}, {}, []
    for name, (rows, below, has_below, source) in found.items():
        in_total_row = np.isin(source, total_sources)
        total = has_below if variables[name].extent == "territory" else has_below & in_total_row
        positions[name], below_sums[name] = rows[total], below[total]
        total_rows.append(source[has_below & in_total_row])
    return Totals(positions, below_sums, np.unique(np.concatenate(total_rows or [np.zeros(0, np.int64)])))


def without_totals(counts: Counts, totals: Totals) -> Counts:
    """The counts with every total left out (their cells missing), for the sums up the hierarchy."""
    if not totals.any():
        return counts
    frame = counts.frame.copy()
    for name, rows in totals.positions.items():
        if len(rows):
            column = frame[name].to_numpy().copy()
            column[rows] = np.nan
            frame[name] = column
    return Counts(frame, counts.variables, counts.file, counts.row, counts.files, counts.cell_rows, counts.merged)


def total_findings(counts: Counts, totals: Totals, variables: Mapping[str, Variable]) -> list[Finding]:
    """A finding for each territorial total that differs from the sum of its units (total rows, whose every
    count equals its units' sum, are reported by the data checks as rows)."""
    findings = []
    frame = counts.frame
    for name, rows in totals.positions.items():
        if variables[name].extent != "territory":
            continue
        for position, below in zip(rows, totals.below[name], strict=True):
            own = frame[name].iat[int(position)]
            if own != below:
                findings.append(_finding(counts, int(position), name, own, below))
    return findings


def _finding(counts: Counts, position: int, name: str, own: float, below: float) -> Finding:
    file, line = counts.place(position, name)
    unit, year, month = (counts.frame[key].iat[position] for key in ("unit", "year", "month"))
    period = f"{year}" if month == 0 else f"{year}-{int(month):02d}"
    message = (
        f"{name} {number_for_message(own)} given for {unit} in {period} differs from the sum of the units below "
        f"it, {number_for_message(below)}; it is their total, so ytcs uses their sum and does not add it (a total "
        "is never added to what it totals): check which is right"
    )
    return Finding("total-differs", message, Location(file, line), unit=str(unit), variable=name, year=int(year))
