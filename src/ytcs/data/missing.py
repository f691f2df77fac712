"""Data, the checks for what is missing: a unit that gives no value where others do, named and grouped.

A commune left out of a file must be one finding naming it ('Xã An Phú (21262)'), not one per variable
and year: the gaps are grouped by the set of variables and the set of units lacking them, over the years
in which they do. Which units owe a variable follows `Hierarchy.expected`, the aggregator's rule, so the
checks and the completeness of the sums agree. The work is on arrays of units × years (`ytcs.data.reported`),
a few operations per variable; Python runs once per finding.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ytcs.data.reported import Reported, reported, row_years
from ytcs.diagnostics import Finding, Location

if TYPE_CHECKING:
    from ytcs.data.folder import DataSet


def _gaps(data: DataSet, found: Reported, needed: list[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(variables, years, units): each expected reporter with no value in a year others report the variable;
    (years, units): how many of the variables each unit was expected to give; the variables, in order. A
    variable's expected reporters are those of `Hierarchy.expected` for the lowest level that reports it."""
    hierarchy = data.hierarchy
    names = [name for name in needed if name in found.names]
    given = found.given_each(names)  # (variables, years, units)
    reporting = np.logical_or.reduce(given, axis=1)  # (variables, units)
    kept = np.logical_or.reduce(reporting, axis=1)  # a variable no unit of units.csv gives owes nothing
    names, given, reporting = [n for n, keep in zip(names, kept, strict=True) if keep], given[kept], reporting[kept]
    ranks = np.where(reporting, hierarchy.rank[None, :], np.iinfo(np.int8).max).min(axis=1)
    by_rank = {int(rank): hierarchy.expected(int(rank)) for rank in np.unique(ranks)}
    expected = np.array([by_rank[int(rank)] for rank in ranks], dtype=bool).reshape(len(names), 1, len(hierarchy))
    in_years = (given & expected).any(axis=2)  # the years in which an expected unit reports it
    owes = expected & in_years[:, :, None]
    return owes & ~given, owes.sum(axis=0), names


def _labels(data: DataSet, units: Sequence[int], codes: Sequence[str]) -> list[str]:
    """'Xã An Phú (21262)' for units of the hierarchy (−1: a code units.csv does not list, shown alone)."""
    names = data.units["name"]
    return [f"{names.iat[unit]!s} ({code})" if unit >= 0 else code for unit, code in zip(units, codes, strict=True)]


def _listed(items: list[str], limit: int, total: int | None = None) -> str:
    """'a, b, c and 4 more': a list a message can hold (`items` may hold only the first `limit` of `total`)."""
    count = len(items) if total is None else total
    more = f" and {count - limit} more" if count > limit else ""
    return ", ".join(items[:limit]) + more


def _listed_units(data: DataSet, units: np.ndarray, codes: list[str], limit: int) -> str:
    """The units named as a message lists them: the first `limit` labelled, then how many more."""
    return _listed(_labels(data, units[:limit].tolist(), codes[:limit]), limit, len(codes))


def _sets(present: np.ndarray, names: Sequence[str]) -> tuple[np.ndarray, list[list[str]]]:
    """Each row's set of variables (a row of `present`) as a number, and each number's variables in
    alphabetical order: spelled once per distinct set, not per row."""
    ids = np.zeros(len(present), np.int64)
    for start in range(0, present.shape[1], 64):  # 64 variables to a number, numbered together
        word = np.zeros((len(present), 8), np.uint8)
        packed = np.packbits(present[:, start : start + 64], axis=1, bitorder="little")
        word[:, : packed.shape[1]] = packed
        ids = pd.factorize(ids * (len(present) + 1) + pd.factorize(word.view(np.uint64)[:, 0])[0])[0]
    first = np.flatnonzero(np.diff(np.maximum.accumulate(ids), prepend=-1) > 0)  # ids count up as they appear
    columns = np.asarray(names, dtype=object)
    return ids, [sorted(map(str, columns[present[row]])) for row in first]


def _in_years(years: list[int]) -> str:
    """'2024', or '2022, 2023 and 2024'."""
    shown = [str(year) for year in years]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _one_unit_message(variables: list[str], years: str, owed: int, everything: bool) -> str:
    if len(variables) == 1:
        return (f"no value for {variables[0]} in {years} while other units report it; add the unit's value (0 if "
                "there were none), or it is left out of the totals")  # fmt: skip
    which = f"none of the {owed}" if everything else f"no value for {len(variables)} of the {owed}"
    return (f"gives {which} variables it reports in {years} while other units do ({_listed(variables, 5)}); add "
            "its values (0 where there were none), or it is left out of the totals")  # fmt: skip


def _several_units_message(variables: list[str], years: str, count: int, shown: str, everything: bool) -> str:
    if len(variables) == 1:
        return (f"no value for {variables[0]} in {years} from {count} units while other units report it: "
                f"{shown}; add their values (0 if there were none), or they are left out of the totals")  # fmt: skip
    which = "none of the variables they report" if everything else f"no value for {len(variables)} variables"
    return (f"{count} units give {which} in {years} while other units do ({_listed(variables, 5)}): {shown}; "
            "add their values (0 where there were none), or they are left out of the totals")  # fmt: skip


def _runs(key: np.ndarray) -> list[np.ndarray]:
    """Positions of `key` per distinct value: values in order of first appearance, positions in order."""
    ids = pd.factorize(key)[0]
    order = np.argsort(ids, kind="stable")
    return np.split(order, np.flatnonzero(np.diff(ids[order])) + 1) if len(order) else []


@dataclass
class _Group:
    """Units lacking the same variables in the same years (or months of a year)."""

    variables: list[str]  # alphabetical
    codes: list[str]  # in order of code
    units: np.ndarray  # their index in the hierarchy (−1: not in units.csv)
    years: list[int] = field(default_factory=list)
    owed: int = 0  # the most variables one of them was expected to give
    everything: bool = False  # whether they give none of them


def _ranks_by_code(codes: pd.Index, units: np.ndarray) -> np.ndarray:
    """For every unit: its rank by code (in text order) among `units` (distinct), so rows sort on integers."""
    ranks = np.zeros(len(codes), np.int64)
    ranks[units[np.argsort(codes.to_numpy()[units].astype(str))]] = np.arange(len(units))
    return ranks


def _gap_groups(data: DataSet, found: Reported, gaps: np.ndarray, owed: np.ndarray, names: list[str]) -> list[_Group]:
    """The same units lacking the same variables: per year first (units in order of code), then the years in
    which exactly those units lack exactly those variables joined. Groups about several variables first (in
    order of first appearance), then those about one, by variable and first year."""
    year, unit = np.nonzero(gaps.any(axis=0))
    lacking_units = np.flatnonzero(np.bincount(unit, minlength=len(data.hierarchy)))
    order = np.lexsort((_ranks_by_code(data.hierarchy.codes, lacking_units)[unit], year))  # by year, then code
    unit, year = unit[order], year[order]
    codes = data.hierarchy.codes.to_numpy()[unit]
    lacking = gaps[:, year, unit].T
    ids, spelled = _sets(lacking, names)
    owes = owed[year, unit]
    everything = (lacking.sum(axis=1) == owes) & (owes >= 2)
    joined: dict[tuple[int, bool, tuple[str, ...], int], _Group] = {}
    for members in _runs((year * (int(ids.max(initial=0)) + 1) + ids) * 2 + everything):
        first, most = int(members[0]), int(owes[members].max())
        key = (int(ids[first]), bool(everything[first]), tuple(codes[members].tolist()), most)
        if key not in joined:
            joined[key] = _Group(spelled[key[0]], list(key[2]), unit[members], owed=most, everything=key[1])
        joined[key].years.append(int(found.years[year[first]]))
    groups = list(joined.values())
    for group in groups:
        group.years.sort()
    several = [group for group in groups if len(group.variables) > 1]
    return several + sorted((g for g in groups if len(g.variables) == 1), key=lambda g: (g.variables[0], g.years[0]))


def _gap_finding(data: DataSet, group: _Group) -> Finding:
    """One no-data finding: about one unit (named by the caller) or several (named in the message)."""
    variables, years = group.variables, group.years
    variable, year = (variables[0] if len(variables) == 1 else None), (years[0] if len(years) == 1 else None)
    if len(group.codes) == 1:
        message = _one_unit_message(variables, _in_years(years), group.owed, group.everything)
        return Finding("no-data", message, unit=group.codes[0], variable=variable, year=year)
    shown = _listed_units(data, group.units, group.codes, 10)
    message = _several_units_message(variables, _in_years(years), len(group.codes), shown, group.everything)
    return Finding("no-data", message, variable=variable, year=year)


def check_no_data(data: DataSet, needed_variables: Iterable[str]) -> list[Finding]:
    """A unit with no value at all for a needed variable in a year other units report it; and a needed
    variable no unit reports in any year. Grouped: one finding per year and set of variables lacking, naming
    the units (`_gap_groups`), so a unit that gives nothing in a year is one finding.

    A variable's reporting level is the lowest level any unit reports it at (communes for births, districts
    for a district hospital's beds); the units expected to report it are those of `Hierarchy.expected`,
    and a year counts when at least one of them reports it (the aggregator's rule, so checks and
    completeness agree). Linear in the units: a few operations per variable on arrays of units × years."""
    needed = list(dict.fromkeys(needed_variables))
    found = reported(data.counts, data.hierarchy)
    findings = [
        Finding(
            "no-data", f"no file gives {variable} for any unit or year; add a column or rows for it", variable=variable
        )
        for variable in needed
        if not found.given_anywhere(variable)
    ]
    gaps, owed, names = _gaps(data, found, needed)
    if not gaps.any():
        return findings
    return findings + [_gap_finding(data, group) for group in _gap_groups(data, found, gaps, owed, names)]


def _partial_message(variables: list[str], months: int, year: int, units: str, count: int) -> str:
    verb = "is" if len(variables) == 1 else "are"
    by = f" by {count} units: {units}" if count > 1 else ""
    return (f"{_listed(variables, 5)} {verb} reported for {months} of 12 months of {year}{by}; the year's total "
            "counts only those months (add the missing months, or read the value as year-to-date)")  # fmt: skip


def _partial_groups(data: DataSet, found: Reported, names: list[str]) -> list[tuple[_Group, int, int]]:
    """Units reporting the same monthly events for the same number of months of a year (fewer than 12), with
    that number and the group (unit × years + year) of their first unit. A unit's events with the same number
    of months are one entry; entries in order of code, first event (alphabetical), year."""
    months = np.stack([found.months(name) for name in names])  # (events, years, units of the counts)
    event, year, unit = np.nonzero((months > 0) & (months < 12))
    if not len(unit):
        return []
    count = months[event, year, unit]
    entry = pd.factorize((unit * len(found.years) + year) * 12 + count)[0]
    lacking = np.zeros((entry.max() + 1, len(names)), bool)
    lacking[entry, event] = True
    _, entry_at = np.unique(entry, return_index=True)
    unit, year, count = unit[entry_at], year[entry_at], count[entry_at]
    ids, spelled = _sets(lacking, names)
    alphabetical = {name: rank for rank, name in enumerate(sorted(names))}
    lowest = np.array([alphabetical[spelled[i][0]] for i in range(len(spelled))])[ids]
    categories = data.counts.frame["unit"].cat.categories
    order = np.lexsort((year, lowest, _ranks_by_code(categories, np.unique(unit))[unit]))  # by code, event, year
    unit, year, count, ids = unit[order], year[order], count[order], ids[order]
    codes = categories.astype(str).to_numpy()[unit].astype(str)
    groups = []
    for members in _runs((year * 12 + count) * (int(ids.max()) + 1) + ids):
        first = int(members[0])
        group = _Group(spelled[ids[first]], codes[members].tolist(), found.unit[unit[members]],
                       [int(found.years[year[first]])])  # fmt: skip
        groups.append((group, int(count[first]), int(unit[first]) * len(found.years) + int(year[first])))
    return groups


def _first_cells(data: DataSet, found: Reported, wanted: list[tuple[str, int]]) -> dict[tuple[str, int], int]:
    """The position of the first monthly cell of each (variable, unit × years + year): one pass per variable."""
    if not wanted:
        return {}
    frame = data.counts.frame
    monthly = frame["month"].to_numpy() > 0
    _, year = row_years(data.counts)
    group = frame["unit"].cat.codes.to_numpy().astype(np.int64) * len(found.years) + year  # as `_partial_groups`
    positions = {}
    for variable in dict.fromkeys(name for name, _ in wanted):
        keys = [key for name, key in wanted if name == variable]
        given = ~np.isnan(frame[variable].to_numpy(dtype=np.float64)) & monthly
        rows = np.flatnonzero(given & np.isin(group, keys))
        keys_found, first = np.unique(group[rows], return_index=True)
        positions.update({(variable, int(key)): int(rows[at]) for key, at in zip(keys_found, first, strict=True)})
    return positions


def check_partial_years(data: DataSet, events: Iterable[str]) -> list[Finding]:
    """Monthly events (births, deaths…) reported for fewer than 12 months of a year: the year's sum is partial.
    One finding per year, number of months and set of variables, naming the units: the first months of a
    new year are one finding, placed at the first cell."""
    found = reported(data.counts, data.hierarchy)
    names = [name for name in dict.fromkeys(events) if name in found.names]
    groups = _partial_groups(data, found, names) if names else []
    cells = _first_cells(data, found, [(group.variables[0], key) for group, _, key in groups])
    findings = []
    for group, months, key in groups:
        variables, codes, year = group.variables, group.codes, group.years[0]
        file, line = data.counts.place(cells[(variables[0], key)], variables[0])
        shown = _listed_units(data, group.units, codes, 10)
        message = _partial_message(variables, months, year, shown, len(codes))
        unit, variable = (codes[0] if len(codes) == 1 else None), (variables[0] if len(variables) == 1 else None)
        findings.append(Finding("partial-year", message, Location(file, line), unit=unit, variable=variable, year=year))
    return findings
