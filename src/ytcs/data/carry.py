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
from ytcs.data.counts import KEY_COLUMNS, Counts
from ytcs.data.crosswalk import Crosswalk
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


def _row_versions(counts: Counts, versions: UnitVersions, displays: Mapping[str, str]) -> np.ndarray:
    """Each row's version; −2 for a code units.csv does not know (left to the unknown-unit check). A known
    code with no version in force at the end of the row's period is an error naming the row."""
    frame = counts.frame
    codes = frame["unit"].astype(object).to_numpy()
    days = period_ends(frame["year"].to_numpy(), frame["month"].to_numpy())
    found = versions.at(codes, days)
    known = versions.known(codes)
    bad = np.flatnonzero(known & (found < 0))
    if len(bad):
        position = int(bad[0])
        own = versions.frame.index[versions.frame["code"].astype(object) == codes[position]]
        listed = "; ".join(versions.label(int(v)) for v in own)
        raise InputError(
            f"unit {codes[position]} has no version in force on {day_text(int(days[position]))} in units.csv "
            f"({listed}); report the period on the unit valid then, or add its version to units.csv",
            Location(displays.get(counts.files[int(counts.file[position])], ""), int(counts.row[position]), "unit"),
        )
    return np.where(known, found, -2)


def _expected_origins(groups: pd.DataFrame, paths: pd.DataFrame, versions: UnitVersions) -> np.ndarray:
    """For each carried (target, period), how many origins in force at the period's end feed the target:
    the value is only complete when every one of them reported."""
    valid_from = versions.frame["valid_from"].to_numpy()
    valid_to = versions.frame["valid_to"].to_numpy()
    pairs = groups.merge(paths[["origin", "target"]], on="target")
    origin = pairs["origin"].to_numpy()
    live = (valid_from[origin] <= pairs["day"].to_numpy()) & (pairs["day"].to_numpy() < valid_to[origin])
    return np.bincount(pairs["group"].to_numpy()[live], minlength=len(groups))


@dataclass
class _Contributions:
    """Every (source row, map unit) pair: the row's position, the map unit, the weight, the group (target
    unit and period) it adds to, and how many origins each group needs."""

    position: np.ndarray
    origin: np.ndarray
    weight: np.ndarray
    group: np.ndarray
    groups: pd.DataFrame
    expected: np.ndarray


def _contributions(
    counts: Counts, source: np.ndarray, row_version: np.ndarray, paths: pd.DataFrame, versions: UnitVersions
) -> _Contributions:
    positions = np.flatnonzero(source)
    joined = pd.DataFrame({"position": positions, "origin": row_version[positions]}).merge(paths, on="origin")
    position = joined["position"].to_numpy()
    year = counts.frame["year"].to_numpy()[position].astype(np.int64)
    month = counts.frame["month"].to_numpy()[position].astype(np.int64)
    keys = pd.DataFrame({"target": joined["target"].to_numpy(), "year": year, "month": month})
    group, uniques = pd.factorize(pd.MultiIndex.from_frame(keys))
    groups = uniques.to_frame(index=False, name=["target", "year", "month"])
    groups["day"] = period_ends(groups["year"].to_numpy(), groups["month"].to_numpy())
    groups["group"] = np.arange(len(groups))
    expected = _expected_origins(groups, paths, versions)
    return _Contributions(position, joined["origin"].to_numpy(), joined["weight"].to_numpy(), group, groups, expected)


def _carried_values(
    counts: Counts, parts: _Contributions, variables: Mapping[str, Variable]
) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """The carried value of every variable in every group: the weighted sum when every origin reported,
    else missing. A reported value only where one origin is the same area; a facility count (staff, beds,
    stations) only from whole units: split by population it would be a guess at where facilities are, and
    where one unit of the map would get a share, the variable is carried nowhere that year."""
    size = len(parts.groups)
    weight = parts.weight
    whole = np.bincount(parts.group, weights=np.isclose(weight, 1.0), minlength=size) == np.bincount(
        parts.group, minlength=size
    )
    allowed = {"reported": whole & (parts.expected == 1), "facility": whole}
    years = parts.groups["year"].to_numpy()
    result = {}
    withheld: dict[str, list[str]] = {"reported": [], "facility": []}
    for variable in counts.variables:
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
                keep = keep & ~np.isin(years, years[refused])
            value = np.where(keep, value, np.nan)
        result[variable] = value
    return pd.DataFrame(result), withheld


def _markers(
    counts: Counts, parts: _Contributions, values: pd.DataFrame, shares: pd.DataFrame, versions: UnitVersions
) -> pd.DataFrame:
    """Which values of each map unit (and of the units above it) came across the change, exact or
    apportioned, per year and variable: only values carried (not those left missing)."""
    frames = []
    year = counts.frame["year"].to_numpy()[parts.position]
    for variable in counts.variables:
        given = ~np.isnan(counts.frame[variable].to_numpy(dtype=np.float64)[parts.position])
        given &= ~np.isnan(values[variable].to_numpy()[parts.group])
        if given.any():
            frames.append(pd.DataFrame({"origin": parts.origin[given], "year": year[given], "variable": variable}))
    if not frames:
        return empty_markers()
    present = pd.concat(frames, ignore_index=True).drop_duplicates()
    joined = present.merge(shares[["origin", "target", "marker"]], on="origin")
    markers = joined.groupby(["target", "year", "variable"], as_index=False)["marker"].max()
    codes = versions.frame["code"].astype(object).to_numpy()
    return pd.DataFrame(
        {
            "unit": codes[markers["target"].to_numpy()],
            "year": markers["year"].to_numpy().astype(np.int64),
            "variable": markers["variable"].astype(object),
            "marker": markers["marker"].to_numpy().astype(np.int8),
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


def _check_no_overlap(kept: pd.DataFrame, carried: pd.DataFrame, variables: list[str]) -> None:
    """A value given on a map unit and also carried to it from other units would be counted twice."""
    both = kept.reset_index(names="kept").merge(carried.reset_index(names="carried"), on=list(KEY_COLUMNS))
    for variable in variables:
        clash = both[both[f"{variable}_x"].notna() & both[f"{variable}_y"].notna()]
        if len(clash):
            first = clash.iloc[0]
            period = str(first["year"]) if first["month"] == 0 else f"{first['year']}-{int(first['month']):02d}"
            raise InputError(
                f"{variable} of unit {first['unit']} for {period} is given on that unit and also on the units it "
                "became or came from (carried through crosswalk.csv); keep one of the two"
            )


def _append(counts: Counts, keep: np.ndarray, carried: pd.DataFrame, first: np.ndarray) -> Counts:
    frame = pd.concat([counts.frame[keep], carried], ignore_index=True)
    frame["unit"] = frame["unit"].astype(object).astype("category")
    cell_rows = None
    if counts.cell_rows is not None:
        blank = pd.DataFrame(np.nan, index=range(len(carried)), columns=counts.cell_rows.columns)
        cell_rows = pd.concat([counts.cell_rows[keep], blank], ignore_index=True)
    new_index = np.cumsum(keep) - 1
    merged = {(int(new_index[p]), v): place for (p, v), place in counts.merged.items() if keep[p]}
    file = np.concatenate([counts.file[keep], counts.file[first]])
    row = np.concatenate([counts.row[keep], counts.row[first]])
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
    row_version = _row_versions(counts, versions, displays)
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
    codes = versions.frame["code"].astype(object).to_numpy()
    carried = pd.concat(
        [
            pd.DataFrame(
                {
                    "unit": codes[parts.groups["target"].to_numpy()],
                    "year": parts.groups["year"].to_numpy(),
                    "month": parts.groups["month"].to_numpy(),
                }
            ),
            values,
        ],
        axis=1,
    )
    keep = ~source
    kept = counts.frame[keep][[*KEY_COLUMNS, *counts.variables]].astype({"unit": object})
    _check_no_overlap(kept, carried, counts.variables)
    first = pd.Series(parts.position).groupby(parts.group).min().to_numpy()
    markers = _markers(counts, parts, values, ancestor_shares(paths, versions), versions)
    return Carried(_append(counts, keep, carried, first), markers, withheld, map_day, crosswalk.display)
