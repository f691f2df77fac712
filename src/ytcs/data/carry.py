"""Counts carried onto one map of units across a change of the map (1 July 2025), through crosswalk.csv.

Every row is read on the unit version in force at the end of its period. A row on a version that is not
on the chosen map (a plan's map, the day it was issued) is carried to the map's units:

- forward (old → new: the map is after the change): a new unit gets Σ share(old → new) × old count;
- backward (new → old: the map is before the change): an old unit gets Σ w(old, new) × new count, where
  w is the fraction of the new unit that came from the old one: share(old → new) × population(old),
  over the same for every old part of the new unit (population in the last whole year before the
  change). A new unit wholly inside one old unit (w = 1) gives it all of its count.

A carried value is missing unless every unit that feeds it reported (missing is never zero). It is
exact when each unit feeding it lies wholly inside it (or wholly outside), and `apportioned` otherwise;
higher units of the map are judged alike, so the old province summed from whole new communes is exact.
Reported values (a rate, life expectancy) are carried only from one unit to the same area; otherwise
they are missing, with a finding that says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ytcs.data.carry_paths import APPORTIONED, ancestor_shares, edges, paths_to_map, pre_change_population
from ytcs.data.counts import KEY_COLUMNS, Counts, counts_frame, period_keys, unit_categorical
from ytcs.data.crosswalk import Crosswalk
from ytcs.data.joins import join, join_sorted
from ytcs.data.versions import TODAY, UnitVersions, day_text, map_text, period_ends
from ytcs.diagnostics import Finding, InputError, Location
from ytcs.plans.models import Variable


@dataclass
class Carried:
    """Counts on one map, and which of its values were carried there: `markers` has unit (code), year,
    variable and marker (1 exact, 2 apportioned) for every unit of the map, its ancestors included."""

    counts: Counts
    markers: pd.DataFrame
    # variables left missing rather than apportioned: "reported" values and "facility" counts
    withheld: dict[str, list[str]] = field(default_factory=dict)
    day: int = TODAY
    crosswalk: str = ""

    def findings(self) -> list[Finding]:
        """What was carried (on the units kept), and which reported values were not."""
        return _summary(self.markers, self.withheld, self.day, self.crosswalk)


def empty_markers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit": pd.Series(dtype=object),
            "year": pd.Series(dtype=np.int64),
            "variable": pd.Series(dtype=object),
            "marker": pd.Series(dtype=np.int8),
        }
    )


def _row_versions(counts: Counts, versions: UnitVersions, displays: Mapping[str, str]) -> tuple[np.ndarray, np.ndarray]:
    """Each row's version, −2 for a code units.csv does not know (left to the unknown-unit check), and each
    row's code position (`UnitVersions.code_index`, −1: unknown). A known code with no version in force at
    the end of the row's period is an error naming the row."""
    frame = counts.frame
    code = counts.unit_index(versions.code_index)
    days = period_ends(frame["year"].to_numpy(), frame["month"].to_numpy())
    found = versions.at_positions(code, days)
    bad = np.flatnonzero((code >= 0) & (found < 0))
    if len(bad):
        position = int(bad[0])
        unit = frame["unit"].iat[position]
        own = versions.frame.index[versions.frame["code"].astype(object) == unit]
        listed = "; ".join(versions.label(int(v)) for v in own)
        raise InputError(
            f"unit {unit} has no version in force on {day_text(int(days[position]))} in units.csv "
            f"({listed}); report the period on the unit valid then, or add its version to units.csv",
            Location(displays.get(counts.files[int(counts.file[position])], ""), int(counts.row[position]), "unit"),
        )
    return np.where(code >= 0, found, -2), code


@dataclass
class _Contributions:
    """Every (source row, map unit) pair: the row's position, its version (`origin`), the weight and the
    group it adds to; each group (a map unit and period: `target`, `year`, `month`), how many origins it
    needs and its first pair's row (`first_position`: the place a carried row is said to come from)."""

    position: np.ndarray
    origin: np.ndarray
    weight: np.ndarray
    group: np.ndarray
    target: np.ndarray
    year: np.ndarray
    month: np.ndarray
    expected: np.ndarray
    first_position: np.ndarray


def _expected_origins(target: np.ndarray, day: np.ndarray, paths: pd.DataFrame, versions: UnitVersions) -> np.ndarray:
    """For each carried (target, period), how many origins in force at the period's end feed the target:
    the value is only complete when every one of them reported."""
    valid_from = versions.frame["valid_from"].to_numpy()
    valid_to = versions.frame["valid_to"].to_numpy()
    group, path = join(paths["target"].to_numpy(), target)
    origin = paths["origin"].to_numpy()[path]
    live = (valid_from[origin] <= day[group]) & (day[group] < valid_to[origin])
    return np.bincount(group[live], minlength=len(target))


def _contributions(
    counts: Counts, source: np.ndarray, row_version: np.ndarray, paths: pd.DataFrame, versions: UnitVersions
) -> _Contributions:
    """The source rows joined with their paths (paths are sorted by origin), and grouped by map unit and
    period in order of first appearance."""
    positions = np.flatnonzero(source)
    row, path = join_sorted(paths["origin"].to_numpy(), row_version[positions])
    position = positions[row]
    target = paths["target"].to_numpy()[path]
    year = counts.frame["year"].to_numpy()[position].astype(np.int64)
    month = counts.frame["month"].to_numpy()[position].astype(np.int64)
    group, _ = pd.factorize(period_keys(target, year, month, 0, int(year.max(initial=0)) + 1))  # years are ≥ 0
    first = np.unique(group, return_index=True)[1]  # each group's first pair
    day = period_ends(year[first], month[first])
    expected = _expected_origins(target[first], day, paths, versions)
    weight = paths["weight"].to_numpy()[path]
    return _Contributions(position, row_version[position], weight, group, target[first], year[first], month[first],
                          expected, position[first])  # fmt: skip


def _carried_values(
    counts: Counts, parts: _Contributions, variables: Mapping[str, Variable]
) -> tuple[np.ndarray, dict[str, list[str]]]:
    """The carried value of every variable (rows) in every group (columns): the weighted sum when every
    origin reported, else missing. A reported value only where one origin is the same area; a facility
    count (staff, beds, stations) only from whole units: split by population it would be a guess at where
    facilities are, and where one unit of the map would get a share, the variable is carried nowhere that year."""
    size = len(parts.target)
    weight = parts.weight
    whole = np.bincount(parts.group, weights=np.isclose(weight, 1.0), minlength=size) == np.bincount(
        parts.group, minlength=size
    )
    allowed = {"reported": whole & (parts.expected == 1), "facility": whole}
    result = np.full((len(counts.variables), size), np.nan)
    withheld: dict[str, list[str]] = {"reported": [], "facility": []}
    for index, variable in enumerate(counts.variables):
        column = counts.frame[variable].to_numpy(dtype=np.float64)[parts.position]
        given = ~np.isnan(column) & ~np.isnan(weight)
        total = np.bincount(parts.group[given], weights=column[given] * weight[given], minlength=size)
        count = np.bincount(parts.group[given], minlength=size)
        value = np.where((count == parts.expected) & (count > 0), total, np.nan)
        spec = variables.get(variable)
        kind = None if spec is None else ("reported" if spec.kind == "reported" else spec.extent)
        if kind in allowed:
            refused = ~np.isnan(value) & ~allowed[kind]
            if refused.any():
                withheld[kind].append(variable)
            keep = allowed[kind]
            if kind == "facility":  # all or nothing in a year: a total of the whole parts only would look complete
                keep = keep & ~np.isin(parts.year, parts.year[refused])
            value = np.where(keep, value, np.nan)
        result[index] = value
    return result, withheld


def _markers(
    counts: Counts, parts: _Contributions, values: np.ndarray, shares: pd.DataFrame, codes: np.ndarray
) -> pd.DataFrame:
    """Which values of each map unit (and of the units above it) came across the change, exact or
    apportioned, per year and variable (the greatest marker; sorted by unit, year and variable name):
    only values carried (not those left missing)."""
    year = counts.frame["year"].to_numpy()[parts.position]
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for index, variable in enumerate(counts.variables):
        given = ~np.isnan(counts.frame[variable].to_numpy(dtype=np.float64)[parts.position])
        given &= ~np.isnan(values[index][parts.group])
        found.append((parts.origin[given], year[given], np.full(int(given.sum()), index)))
    row, share = join_sorted(shares["origin"].to_numpy(), np.concatenate([f[0] for f in found]))
    if not len(row):
        return empty_markers()
    names = np.asarray(counts.variables, dtype=object)
    rank = np.empty(len(names), dtype=np.int64)
    rank[np.argsort(names, kind="stable")] = np.arange(len(names))
    target = shares["target"].to_numpy()[share]
    years = np.concatenate([f[1] for f in found])[row].astype(np.int64)
    variable = np.concatenate([f[2] for f in found])[row]
    order = np.lexsort((rank[variable], years, target))
    target, years, variable = target[order], years[order], variable[order]
    starts = np.flatnonzero(np.r_[True, (np.diff(target) != 0) | (np.diff(years) != 0) | (np.diff(variable) != 0)])
    marker = np.maximum.reduceat(shares["marker"].to_numpy()[share][order], starts)
    return pd.DataFrame(
        {
            "unit": codes[target[starts]],
            "year": years[starts],
            "variable": pd.Series(names[variable[starts]], dtype=object),
            "marker": marker.astype(np.int8),
        }
    )


def _unreachable(
    counts: Counts,
    source: np.ndarray,
    row_version: np.ndarray,
    paths: pd.DataFrame,
    versions: UnitVersions,
    displays: Mapping[str, str],
    day: int,
) -> None:
    """A row on a unit the crosswalk does not lead to the map from would be lost: an error naming it."""
    stuck = source & ~np.isin(row_version, paths["origin"].to_numpy())
    if stuck.any():
        position = int(np.flatnonzero(stuck)[0])
        raise InputError(
            f"unit {versions.label(int(row_version[position]))} is not on {map_text(day)} and "
            "crosswalk.csv does not say which units it became or came from; add its rows to crosswalk.csv",
            Location(displays.get(counts.files[int(counts.file[position])], ""), int(counts.row[position]), "unit"),
        )


def _check_no_overlap(
    counts: Counts,
    kept: np.ndarray,
    code: np.ndarray,
    parts: _Contributions,
    values: np.ndarray,
    versions: UnitVersions,
) -> None:
    """A value given on a map unit and also carried to it from other units would be counted twice: the
    first such row (kept rows in order), for the first variable that has one."""
    frame = counts.frame
    year, month = frame["year"].to_numpy()[kept], frame["month"].to_numpy()[kept]
    span = int(max(year.max(initial=0), parts.year.max(initial=0))) + 1  # years are ≥ 0
    carried = pd.Index(period_keys(versions.version_codes[parts.target], parts.year, parts.month, 0, span))
    match = carried.get_indexer(period_keys(np.maximum(code[kept], 0), year, month, 0, span))
    match[code[kept] < 0] = -1  # a code units.csv does not know is carried to nothing
    for index, variable in enumerate(counts.variables):
        both = (match >= 0) & ~np.isnan(frame[variable].to_numpy(dtype=np.float64)[kept])
        both[both] = ~np.isnan(values[index][match[both]])
        if both.any():
            first = int(kept[np.flatnonzero(both)[0]])
            unit, row_year, row_month = (frame[k].iat[first] for k in KEY_COLUMNS)
            period = str(row_year) if row_month == 0 else f"{row_year}-{int(row_month):02d}"
            raise InputError(
                f"{variable} of unit {unit} for {period} is given on that unit and also on the units it "
                "became or came from (carried through crosswalk.csv); keep one of the two"
            )


def _append(counts: Counts, keep: np.ndarray, parts: _Contributions, values: np.ndarray, codes: np.ndarray) -> Counts:
    """The rows kept, then a row per group carried (placed at the first row that fed it)."""
    frame = counts.frame
    kept = np.flatnonzero(keep)
    unit = frame["unit"]
    target_codes, target_texts = pd.factorize(codes[parts.target])
    column = unit_categorical(
        [
            (unit.cat.codes.to_numpy()[kept].astype(np.int64), np.asarray(unit.cat.categories, dtype=object)),
            (target_codes, np.asarray(target_texts, dtype=object)),
        ]
    )
    year = np.concatenate([frame["year"].to_numpy(dtype=np.int64)[kept], parts.year])
    month = np.concatenate([frame["month"].to_numpy(dtype=np.int64)[kept], parts.month])
    array = np.empty((len(counts.variables), len(kept) + len(parts.target)))
    for index, variable in enumerate(counts.variables):
        array[index, : len(kept)] = frame[variable].to_numpy(dtype=np.float64)[kept]
        array[index, len(kept) :] = values[index]
    cell_rows = None
    if counts.cell_rows is not None:
        blank = pd.DataFrame(np.nan, index=range(len(parts.target)), columns=counts.cell_rows.columns)
        cell_rows = pd.concat([counts.cell_rows[keep], blank], ignore_index=True)
    new_index = np.cumsum(keep) - 1
    merged = {(int(new_index[p]), v): place for (p, v), place in counts.merged.items() if keep[p]}
    file = np.concatenate([counts.file[keep], counts.file[parts.first_position]])
    row = np.concatenate([counts.row[keep], counts.row[parts.first_position]])
    frame = counts_frame(column, year, month, array, counts.variables)
    return Counts(frame, counts.variables, file, row, counts.files, cell_rows, merged)


def _summary(markers: pd.DataFrame, withheld: dict[str, list[str]], day: int, display: str) -> list[Finding]:
    findings = []
    own = markers.drop_duplicates(["unit", "year", "variable"])
    if len(own):
        years = ", ".join(str(y) for y in sorted(own["year"].unique()))
        apportioned = int((own["marker"] == APPORTIONED).sum())
        findings.append(
            Finding(
                "carried",
                f"values of {years} reported on units not on {map_text(day)} were carried to it through "
                f"{display}: {len(own)} values (unit × year × variable), {apportioned} of them apportioned by "
                "population (flag 'apportioned'; their confidence intervals are approximate)",
                Location(display),
            )
        )
    reasons = {
        "reported": "reported values are not apportioned across the change of units; they are missing where "
        "the map's unit is not the same area as the unit that reported them",
        "facility": "counts of what facilities have (staff, beds, stations, units) are not split by population "
        "across the change of units; where a unit of the map would get only a share of a new unit's facilities "
        "they are missing in that year (everywhere, so that no total is made of the whole parts only): report "
        "them on the plan's units to judge them",
    }
    for kind, names in withheld.items():
        if names:
            findings.append(Finding("not-carried", f"{', '.join(names)}: {reasons[kind]}", Location(display)))
    return findings


def carry_to_map(
    counts: Counts,
    versions: UnitVersions,
    crosswalk: Crosswalk,
    day: int | None,
    variables: Mapping[str, Variable],
    displays: Mapping[str, str],
) -> Carried:
    """The counts on the map of `day` (None: today's map, the units whose validity is open), with the
    values carried there from other versions of the units (see the module docstring)."""
    if not versions.versioned or not len(counts.frame):
        return Carried(counts, empty_markers())
    map_day = TODAY if day is None else day
    row_version, code = _row_versions(counts, versions, displays)
    on_map = np.zeros(len(versions.frame), dtype=bool)
    on_map[versions.in_force(map_day)] = True
    source = (row_version >= 0) & ~on_map[np.maximum(row_version, 0)]
    if not source.any():
        return Carried(counts, empty_markers())
    population = pre_change_population(counts, row_version, versions)
    paths = paths_to_map(versions, edges(crosswalk, population), on_map, map_day)
    _unreachable(counts, source, row_version, paths, versions, displays, map_day)
    parts = _contributions(counts, source, row_version, paths, versions)
    values, withheld = _carried_values(counts, parts, variables)
    _check_no_overlap(counts, np.flatnonzero(~source), code, parts, values, versions)
    codes = versions.frame["code"].to_numpy(dtype=object)
    markers = _markers(counts, parts, values, ancestor_shares(paths, versions), codes)
    return Carried(_append(counts, ~source, parts, values, codes), markers, withheld, map_day, crosswalk.display)
