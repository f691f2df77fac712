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

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ytcs.data.counts import Counts
from ytcs.data.hierarchy import Hierarchy
from ytcs.data.reported import row_years, unit_positions
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


@dataclass(frozen=True)
class _Periods:
    """Each row's unit, year position and month, and the shape of the units × periods arrays."""

    unit: np.ndarray
    year: np.ndarray
    month: np.ndarray
    years: int
    with_units_below: np.ndarray  # the rows whose unit has any unit below it (only those can give a total)

    @classmethod
    def of(cls, counts: Counts, hierarchy: Hierarchy) -> _Periods:
        found, year = row_years(counts)
        month = counts.frame["month"].to_numpy().astype(np.int64)
        unit, _ = unit_positions(counts, hierarchy)
        parents = hierarchy.roll_up(np.ones(len(hierarchy))) > 1
        below = np.flatnonzero((unit >= 0) & parents[np.maximum(unit, 0)])
        return cls(unit, year.astype(np.int64), month, len(found), below)


def _yearly(column: np.ndarray, usable: np.ndarray, at: _Periods, units: int, rule: str) -> np.ndarray:
    """Each unit's value for each year: its whole-year row, else its months combined by the variable's rule."""
    result = np.full((units, at.years), np.nan)
    monthly = np.flatnonzero(usable & (at.month > 0))
    if len(monthly):
        key = at.unit[monthly] * at.years + at.year[monthly]
        frame = pd.DataFrame({"key": key, "month": at.month[monthly], "value": column[monthly]})
        grouped = frame.sort_values(["key", "month"]).groupby("key")["value"]
        combined = grouped.sum() if rule == "sum" else (grouped.mean() if rule == "mean" else grouped.last())
        result.flat[combined.index.to_numpy()] = combined.to_numpy()
    annual = np.flatnonzero(usable & (at.month == 0))
    result[at.unit[annual], at.year[annual]] = column[annual]
    return result


def _below(values: np.ndarray, given: np.ndarray, hierarchy: Hierarchy) -> tuple[np.ndarray, np.ndarray]:
    """For every unit and column: the sum of `values` over the units below it, and how many of them give one."""
    return hierarchy.roll_up(values) - values, hierarchy.roll_up(given) - given


def _months_below(column: np.ndarray, usable: np.ndarray, at: _Periods, hierarchy: Hierarchy,
                  rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """For monthly `rows`: the sum of the same month below their unit, and how many units below give it. Only
    the months of `rows` are summed (a district's total row for June needs the communes' June only)."""
    period = at.year * 13 + at.month
    months, column_of_row = np.unique(period[rows], return_inverse=True)
    column_of = np.full(at.years * 13, -1)
    column_of[months] = np.arange(len(months))
    source = np.flatnonzero(usable & (at.month > 0))
    source = source[column_of[period[source]] >= 0]
    values, given = np.zeros((len(hierarchy), len(months))), np.zeros((len(hierarchy), len(months)))
    values[at.unit[source], column_of[period[source]]] = column[source]
    given[at.unit[source], column_of[period[source]]] = 1.0
    below, reported = _below(values, given, hierarchy)
    return below[at.unit[rows], column_of_row], reported[at.unit[rows], column_of_row]


def _years_below(column: np.ndarray, usable: np.ndarray, at: _Periods, hierarchy: Hierarchy, rows: np.ndarray,
                 rule: str) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """For whole-year `rows`: the sum of the year below their unit (a unit's year: its whole-year row, else its
    months combined by the variable's rule), and how many units below give it; only the years of `rows`."""
    in_years = np.zeros(at.years, bool)
    in_years[at.year[rows]] = True
    years = _yearly(column, usable & in_years[at.year], at, len(hierarchy), rule)
    year_given = ~np.isnan(years)
    below, reported = _below(np.nan_to_num(years), year_given.astype(float), hierarchy)
    return below[at.unit[rows], at.year[rows]], reported[at.unit[rows], at.year[rows]]


def _sums_below(counts: Counts, at: _Periods, name: str, hierarchy: Hierarchy, rule: str,
                excluded: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """For each row giving `name`: its position, the sum of the units below it (totals already found left
    out) and how many of them report it. A month is compared with the same month below; a whole year with
    the year below, months combined by the variable's rule (an annual total beside monthly counts)."""
    column = counts.frame[name].to_numpy()
    rows = at.with_units_below[~np.isnan(column[at.with_units_below])]
    if not len(rows):  # every value belongs to a unit with nothing below it: no total to find
        return rows, np.zeros(0), np.zeros(0)
    usable = ~np.isnan(column) & (at.unit >= 0) & ~excluded
    annual = at.month[rows] == 0
    below, reported = np.zeros(len(rows)), np.zeros(len(rows))
    if (~annual).any():
        below[~annual], reported[~annual] = _months_below(column, usable, at, hierarchy, rows[~annual])
    if annual.any():
        below[annual], reported[annual] = _years_below(column, usable, at, hierarchy, rows[annual], rule)
    return rows, below, reported


def _total_rows(sources: np.ndarray, equal: np.ndarray) -> np.ndarray:
    """The file rows (`sources`) of which two cells at least are compared and every one equals its sum below."""
    if not len(sources):
        return np.zeros(0, np.int64)
    per_row = pd.DataFrame({"source": sources, "equal": equal}).groupby("source")["equal"].agg(["all", "size"])
    return per_row.index[per_row["all"] & (per_row["size"] >= 2)].to_numpy()


def file_rows(counts: Counts, positions: np.ndarray, variable: str) -> np.ndarray:
    """The file row each cell of `variable` at `positions` came from, as one integer (file index × 10¹⁰ + line),
    as `Totals.rows` holds them: the values of one unit and period from several files are told apart."""
    files, lines = counts.places(positions, variable)
    return files * 10_000_000_000 + lines


def _one_pass(counts: Counts, hierarchy: Hierarchy, variables: Mapping[str, Variable], at: _Periods,
              excluded: dict[str, np.ndarray]) -> Totals:  # fmt: skip
    frame = counts.frame
    found: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = {}
    sources, equal = [], []
    for name in counts.variables:
        if name in variables and variables[name].kind == "count":
            rule = variables[name].time_aggregation
            rows, below, reported = _sums_below(counts, at, name, hierarchy, rule, excluded[name])
            source = file_rows(counts, rows, name)
            found[name] = (rows, below, reported > 0, source)
            sources.append(source[reported > 0])
            equal.append(frame[name].to_numpy()[rows][reported > 0] == below[reported > 0])
    total_sources = _total_rows(np.concatenate(sources or [np.zeros(0, np.int64)]),
                                np.concatenate(equal or [np.zeros(0, bool)]))  # fmt: skip
    positions, below_sums, total_rows = {}, {}, []
    for name, (rows, below, has_below, source) in found.items():
        in_total_row = np.isin(source, total_sources)
        total = has_below if variables[name].extent == "territory" else has_below & in_total_row
        positions[name], below_sums[name] = rows[total], below[total]
        total_rows.append(source[has_below & in_total_row])
    return Totals(positions, below_sums, np.unique(np.concatenate(total_rows or [np.zeros(0, np.int64)])))


def find_totals(counts: Counts, hierarchy: Hierarchy, variables: Mapping[str, Variable]) -> Totals:
    """Every reported total (see the module docstring), found per variable and period. A total row is a row
    of a file (the values of one unit and period from several files are compared file row by file row).
    Totals nest (a province's total beside its districts' totals beside their communes): each pass leaves
    out the totals found so far, until no more are found. Computed once per dataset and dictionary (the checks
    and the engine both ask)."""
    key = (
        "totals",
        hashlib.sha1(hierarchy.parent.tobytes() + hierarchy.rank.tobytes()).hexdigest(),
        tuple((name, v.kind, v.extent, v.time_aggregation) for name, v in sorted(variables.items())
              if name in counts.variables),
    )  # fmt: skip
    if key not in counts.memo:
        counts.memo[key] = _find_totals(counts, hierarchy, variables)
    found = counts.memo[key]
    assert isinstance(found, Totals)
    return found


def _find_totals(counts: Counts, hierarchy: Hierarchy, variables: Mapping[str, Variable]) -> Totals:
    at = _Periods.of(counts, hierarchy)
    excluded = {name: np.zeros(len(counts.frame), dtype=bool) for name in counts.variables}
    totals = _one_pass(counts, hierarchy, variables, at, excluded)
    for _ in range(len(hierarchy.by_depth)):  # one more level of nesting at most per pass
        if not totals.any():
            break
        marked = {name: excluded[name].copy() for name in excluded}
        for name, rows in totals.positions.items():
            marked[name][rows] = True
        if all((marked[name] == excluded[name]).all() for name in excluded):
            break
        excluded = marked
        totals = _one_pass(counts, hierarchy, variables, at, excluded)
    return totals


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
    return counts.with_values(frame)  # the same rows: their units' and years' positions are kept


def total_findings(counts: Counts, totals: Totals, variables: Mapping[str, Variable]) -> list[Finding]:
    """A finding for each territorial total that differs from the sum of its units (total rows, whose every
    count equals its units' sum, are reported by the data checks as rows)."""
    findings = []
    for name, rows in totals.positions.items():
        if variables[name].extent != "territory":
            continue
        column = counts.frame[name].to_numpy()
        differ = np.flatnonzero(column[rows] != totals.below[name])  # only these are looked at one by one
        for position, below in zip(rows[differ].tolist(), totals.below[name][differ], strict=True):
            findings.append(_finding(counts, position, name, column[position], below))
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
