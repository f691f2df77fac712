"""Data, the checks for what is missing: a unit that gives no value where others do, named and grouped.

A commune left out of a file must be one finding naming it ('Xã An Phú (21262)'), not one per variable
and year: the gaps are grouped by the set of variables and the set of units lacking them, over the years
in which they do. Which units owe a variable follows `Hierarchy.expected`, the aggregator's rule, so the
checks and the completeness of the sums agree. One pass per variable over arrays.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ytcs.data.counts import Counts
from ytcs.diagnostics import Finding, Location

if TYPE_CHECKING:
    from ytcs.data.folder import DataSet


def _reported_years(counts: Counts, unit: np.ndarray, variable: str) -> pd.DataFrame:
    """(unit index, year) pairs in which a unit gives any value of `variable` (any month)."""
    frame = counts.frame
    given = frame[variable].notna().to_numpy() & (unit >= 0)
    year = frame["year"].to_numpy()[given].astype(np.int64)
    key = np.unique(unit[given].astype(np.int64) * 10_000 + year)
    return pd.DataFrame({"unit": key // 10_000, "year": key % 10_000})


def _missing_reports(data: DataSet, needed: list[str]) -> tuple[pd.DataFrame, pd.Series]:
    """(unit, year, variable) of each expected reporter with no value in a year others report it, and how
    many variables each (unit, year) was expected to give."""
    hierarchy = data.hierarchy
    unit = data.counts.unit_index(hierarchy.codes)
    expected_by_rank: dict[int, np.ndarray] = {}
    parts, owed = [], []
    for variable in needed:
        if variable not in data.counts.frame:
            continue
        reported = _reported_years(data.counts, unit, variable)
        if reported.empty:
            continue
        rank = int(hierarchy.rank[reported["unit"].to_numpy()].min())
        if rank not in expected_by_rank:
            expected_by_rank[rank] = np.flatnonzero(hierarchy.expected(rank))
        expected = expected_by_rank[rank]
        present = reported[np.isin(reported["unit"].to_numpy(), expected)]
        grid = pd.MultiIndex.from_product([expected, np.sort(present["year"].unique())], names=["unit", "year"])
        owed.append(grid.to_frame(index=False))
        gaps = grid.difference(pd.MultiIndex.from_frame(present)).to_frame(index=False)
        parts.append(gaps.assign(variable=variable))
    if not parts:
        return pd.DataFrame(columns=["unit", "year", "variable", "code"]), pd.Series(dtype="int64")
    missing = pd.concat(parts, ignore_index=True)
    missing["code"] = hierarchy.codes[missing["unit"].to_numpy()]
    counts = pd.concat(owed, ignore_index=True).value_counts(["unit", "year"])
    return missing.sort_values(["variable", "year", "code"], kind="stable"), counts


def _unit_labels(data: DataSet) -> dict[str, str]:
    """'Xã An Phú (21262)' for every unit code: how a message names a unit."""
    codes, names = data.units["code"].astype(str).tolist(), data.units["name"].astype(str).tolist()
    return {code: f"{name} ({code})" for code, name in zip(codes, names, strict=True)}


def _listed(items: list[str], limit: int) -> str:
    """'a, b, c and 4 more': a list a message can hold."""
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def _gaps_by_unit(missing: pd.DataFrame, owed: pd.Series) -> pd.DataFrame:
    """Per unit and year: the variables it lacks (joined, alphabetical), how many it owes, its code. The set
    of variables is a bit mask per unit and year, spelled out once per distinct set (a national unit list
    has tens of thousands of units lacking the same few)."""
    ordered = missing.sort_values(["unit", "year", "variable"], kind="stable")
    grouped = ordered.groupby(["unit", "year"], sort=False)
    per_unit = grouped.agg(lacking=("variable", "size"), code=("code", "first"))
    ids, names = pd.factorize(ordered["variable"].astype(str), sort=True)
    if len(names) < 64:
        bits = np.left_shift(np.uint64(1), ids.astype(np.uint64))
        unique = ~ordered.duplicated(["unit", "year", "variable"]).to_numpy()  # a bit once, whatever repeats
        masks = pd.Series(np.where(unique, bits, np.uint64(0)), index=ordered.index)
        mask = masks.groupby([ordered["unit"], ordered["year"]], sort=False).sum()
        spelled = {
            m: ", ".join(names[np.flatnonzero([(int(m) >> i) & 1 for i in range(len(names))])]) for m in mask.unique()
        }
        per_unit["variables"] = mask.map(spelled).reindex(per_unit.index).to_numpy()
    else:
        per_unit["variables"] = grouped["variable"].agg(lambda found: ", ".join(map(str, found))).to_numpy()
    per_unit["owed"] = owed.reindex(per_unit.index).to_numpy()
    per_unit["everything"] = (per_unit["lacking"] == per_unit["owed"]) & (per_unit["owed"] >= 2)
    return per_unit.reset_index().sort_values(["year", "code"], kind="stable")


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


def _several_units_message(variables: list[str], years: str, units: list[str], everything: bool) -> str:
    shown = _listed(units, 10)
    if len(variables) == 1:
        return (f"no value for {variables[0]} in {years} from {len(units)} units while other units report it: "
                f"{shown}; add their values (0 if there were none), or they are left out of the totals")  # fmt: skip
    which = "none of the variables they report" if everything else f"no value for {len(variables)} variables"
    return (f"{len(units)} units give {which} in {years} while other units do ({_listed(variables, 5)}): {shown}; "
            "add their values (0 where there were none), or they are left out of the totals")  # fmt: skip


def _gap_groups(missing: pd.DataFrame, owed: pd.Series) -> pd.DataFrame:
    """The same units lacking the same variables: per year first, then the years in which exactly those
    units lack exactly those variables joined. Groups about several variables first, then by variable."""
    per_unit = _gaps_by_unit(missing, owed)
    per_year = per_unit.groupby(["year", "variables", "everything"], sort=False).agg(
        codes=("code", lambda codes: " ".join(map(str, codes))), owed=("owed", "max"), lacking=("lacking", "first")
    )
    groups = per_year.reset_index().groupby(["variables", "everything", "codes", "owed", "lacking"], sort=False)
    joined = groups.agg(years=("year", lambda years: sorted(int(y) for y in years))).reset_index()
    joined["first_year"] = joined["years"].str[0]
    single = joined[joined["lacking"] == 1].sort_values(["variables", "first_year"], kind="stable")
    return pd.concat([joined[joined["lacking"] > 1], single])


def _grouped_gaps(data: DataSet, missing: pd.DataFrame, owed: pd.Series) -> list[Finding]:
    """One finding per set of variables lacking and set of units lacking them, over the years in which they
    do: a unit that gives nothing (in a year or several) is one finding, not one per variable and year, and
    many units lacking the same variable are one finding too. `year` is set when the finding is about one."""
    labels = _unit_labels(data)
    findings = []
    for row in _gap_groups(missing, owed).itertuples(index=False):
        variables, codes, years = str(row.variables).split(", "), str(row.codes).split(" "), list(row.years)
        variable, year = (variables[0] if len(variables) == 1 else None), (years[0] if len(years) == 1 else None)
        if len(codes) == 1:
            message = _one_unit_message(variables, _in_years(years), int(row.owed), bool(row.everything))
            findings.append(Finding("no-data", message, unit=codes[0], variable=variable, year=year))
        else:
            units = [labels[code] for code in codes]
            message = _several_units_message(variables, _in_years(years), units, bool(row.everything))
            findings.append(Finding("no-data", message, variable=variable, year=year))
    return findings


def check_no_data(data: DataSet, needed_variables: Iterable[str]) -> list[Finding]:
    """A unit with no value at all for a needed variable in a year other units report it; and a needed
    variable no unit reports in any year. Grouped: one finding per year and set of variables lacking, naming
    the units (`_grouped_gaps`), so a unit that gives nothing in a year is one finding.

    A variable's reporting level is the lowest level any unit reports it at (communes for births, districts
    for a district hospital's beds); the units expected to report it are those of `Hierarchy.expected`,
    and a year counts when at least one of them reports it (the aggregator's rule, so checks and
    completeness agree). Linear in the units: one pass per variable over arrays."""
    needed = list(dict.fromkeys(needed_variables))
    frame = data.counts.frame
    findings = [
        Finding(
            "no-data", f"no file gives {variable} for any unit or year; add a column or rows for it", variable=variable
        )
        for variable in needed
        if variable not in frame or not frame[variable].notna().any()
    ]
    missing, owed = _missing_reports(data, needed)
    if missing.empty:
        return findings
    return findings + _grouped_gaps(data, missing, owed)


def _partial_rows(data: DataSet, events: Iterable[str]) -> pd.DataFrame:
    """(code, year, months, position of the first cell, variable) of each unit, year and monthly event
    reported for fewer than 12 months."""
    frame = data.counts.frame
    parts = []
    for variable in events:
        if variable not in frame:
            continue
        monthly = np.flatnonzero(frame[variable].notna().to_numpy() & (frame["month"].to_numpy() > 0))
        table = pd.DataFrame(
            {
                "unit": frame["unit"].cat.codes.to_numpy()[monthly],
                "year": frame["year"].to_numpy()[monthly],
                "month": frame["month"].to_numpy()[monthly],
                "position": monthly,
            }
        )
        grouped = table.groupby(["unit", "year"], as_index=False).agg(
            months=("month", "nunique"), position=("position", "first")
        )
        parts.append(grouped[grouped["months"] < 12].assign(variable=variable))
    if not parts:
        return pd.DataFrame(columns=["code", "year", "months", "position", "variable"])
    partial = pd.concat(parts, ignore_index=True)
    partial["code"] = frame["unit"].cat.categories.astype(str).to_numpy()[partial["unit"].to_numpy()]
    return partial.sort_values(["code", "variable", "year"], kind="stable")


def _partial_message(variables: list[str], months: int, year: int, units: list[str]) -> str:
    verb = "is" if len(variables) == 1 else "are"
    by = f" by {len(units)} units: {_listed(units, 10)}" if len(units) > 1 else ""
    return (f"{_listed(variables, 5)} {verb} reported for {months} of 12 months of {year}{by}; the year's total "
            "counts only those months (add the missing months, or read the value as year-to-date)")  # fmt: skip


def check_partial_years(data: DataSet, events: Iterable[str]) -> list[Finding]:
    """Monthly events (births, deaths…) reported for fewer than 12 months of a year: the year's sum is partial.
    One finding per year, number of months and set of variables, naming the units: the first months of a
    new year are one finding, placed at the first cell."""
    partial = _partial_rows(data, events)
    if partial.empty:
        return []
    per_unit = partial.groupby(["code", "year", "months"], sort=False).agg(
        variables=("variable", lambda names: ", ".join(map(str, names))), position=("position", "first")
    )
    groups = per_unit.reset_index().groupby(["year", "months", "variables"], sort=False)
    labels = _unit_labels(data)
    findings = []
    for (year, months, joined), group in groups:
        variables, codes = str(joined).split(", "), group["code"].astype(str).tolist()
        file, line = data.counts.place(int(group["position"].iloc[0]), variables[0])
        message = _partial_message(variables, int(months), int(year), [labels.get(c, c) for c in codes])
        unit, variable = (codes[0] if len(codes) == 1 else None), (variables[0] if len(variables) == 1 else None)
        findings.append(
            Finding("partial-year", message, Location(file, line), unit=unit, variable=variable, year=int(year))
        )
    return findings
