"""Data, the checks: problems in counts that are reported, never fatal.

A negative count, a part larger than its whole, a unit missing from units.csv or a commune that
reports nothing: each is a `Finding` naming the file, row, unit and variable, so an analyst can go
to the cell. The checks are column operations on the wide counts (a row per unit and period); the file
and line of a cell are looked up only for the cells a finding names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ytcs.data.counts import Counts
from ytcs.data.totals import find_totals, total_findings
from ytcs.diagnostics import Finding, Location, number_for_message
from ytcs.plans.models import Variable

if TYPE_CHECKING:
    from ytcs.data.folder import DataSet

# (part, whole): the part can never exceed the whole in the same unit and period. Extend freely.
PART_WHOLE: tuple[tuple[str, str], ...] = (
    ("infant_deaths", "live_births"),
    ("infant_deaths", "under5_deaths"),
    ("live_births_male", "live_births"),
    ("live_births_female", "live_births"),
    ("health_stations_with_doctor", "health_stations"),
    ("health_stations_with_midwife", "health_stations"),
    ("health_stations_with_traditional_medicine", "health_stations"),
    ("health_stations_ncd_management", "health_stations"),
    ("health_stations_family_medicine", "health_stations"),
    ("health_stations_bhyt_eligible", "health_stations"),
    ("health_stations_up_to_standard", "health_stations"),
    ("villages_with_health_worker", "villages"),
    ("communes_meeting_national_criteria", "communes"),
    ("children_under1_fully_immunized", "children_under1"),
    ("children_under5_underweight", "children_under5_measured"),
    ("children_under5_stunted", "children_under5_measured"),
    ("insured_population", "population"),
    ("people_health_managed", "population"),
    ("people_with_ehr", "population"),
    ("private_hospital_beds", "hospital_beds"),
    ("staff_university", "staff_total"),
    ("medical_waste_treated_kg", "medical_waste_generated_kg"),
)


def _period(year: int, month: int) -> str:
    return f"{year}" if month == 0 else f"{year}-{month:02d}"


def _cell_finding(counts: Counts, code: str, position: int, variable: str, message: str) -> Finding:
    file, line = counts.place(position, variable)
    unit, year = counts.frame["unit"].iat[position], int(counts.frame["year"].iat[position])
    return Finding(code, message, Location(file, line), unit=str(unit), variable=variable, year=year)


def _in_file_order(counts: Counts, findings: list[tuple[int, Finding]]) -> list[Finding]:
    """Findings ordered by file (as read), then line: the order an analyst walks through the files."""
    ranked = sorted(findings, key=lambda item: (counts.files.index(item[1].file or ""), item[0]))
    return [finding for _, finding in ranked]


def check_negative(counts: Counts) -> list[Finding]:
    """Counts below zero: a typo or a sign from a difference column."""
    found = []
    months = counts.frame["month"].to_numpy()
    for variable in counts.variables:
        for position in np.flatnonzero(counts.frame[variable].to_numpy() < 0):  # only the negative cells
            value = counts.frame[variable].iat[position]
            period = _period(int(counts.frame["year"].iat[position]), int(months[position]))
            message = (
                f"value {number_for_message(value)} in {period} is below zero; counts cannot be negative: "
                "correct the cell"
            )
            finding = _cell_finding(counts, "negative", int(position), variable, message)
            found.append((finding.row or 0, finding))
    return _in_file_order(counts, found)


def check_part_whole(counts: Counts, pairs: Iterable[tuple[str, str]] = PART_WHOLE) -> list[Finding]:
    """A part larger than its whole in the same unit and period (e.g. infant deaths above live births):
    one comparison of two columns per pair."""
    found = []
    frame = counts.frame
    for part, whole in pairs:
        if part not in frame or whole not in frame:
            continue
        for found_at in np.flatnonzero(frame[part].to_numpy() > frame[whole].to_numpy()):
            position = int(found_at)
            whole_file, whole_line = counts.place(position, whole)
            period = _period(int(frame["year"].iat[position]), int(frame["month"].iat[position]))
            message = (
                f"{part} {number_for_message(frame[part].iat[position])} is larger than {whole} "
                f"{number_for_message(frame[whole].iat[position])} in {period} ({whole} at {whole_file}:{whole_line}); "
                "one of the two cells is wrong"
            )
            finding = _cell_finding(counts, "part-exceeds-whole", position, part, message)
            found.append((finding.row or 0, finding))
    return _in_file_order(counts, found)


def check_unknown_units(data: DataSet) -> list[Finding]:
    """Values for a unit code that units.csv does not list: one finding per unit and file."""
    counts = data.counts
    known = pd.Index(data.units["code"].astype(str).to_numpy(), dtype=object)
    unknown = np.flatnonzero(counts.unit_index(known) < 0)
    findings = []
    if len(unknown):
        given = counts.frame[counts.variables].iloc[unknown].notna()
        table = pd.DataFrame(
            {
                "file": counts.file[unknown],
                "unit": counts.frame["unit"].astype(object).to_numpy()[unknown],
                "position": unknown,
                "cells": given.sum(axis=1).to_numpy(),
            }
        )
        for (_, unit), group in table.groupby(["file", "unit"], sort=False):
            position = int(group["position"].iloc[0])
            variable = next(v for v in counts.variables if given.loc[given.index[unknown == position][0], v])
            message = (
                f"unit code {unit} is not in units.csv ({int(group['cells'].sum())} value(s)); add the unit "
                "to units.csv or correct the code"
            )
            findings.append(_cell_finding(counts, "unknown-unit", position, variable, message))
    return findings + _unknown_published_units(data, known)


def _unknown_published_units(data: DataSet, known: pd.Index) -> list[Finding]:
    published = data.published
    unknown = published[known.get_indexer(published["unit"].astype(object).to_numpy()) < 0]
    findings = []
    for (file, unit), group in unknown.groupby(["file", "unit"], sort=False):
        first = group.iloc[0]
        message = (
            f"unit code {unit} is not in units.csv ({len(group)} value(s)); add the unit to units.csv or "
            "correct the code"
        )
        findings.append(
            Finding(
                "unknown-unit",
                message,
                Location(str(file), int(first["row"])),
                unit=str(unit),
                variable=str(first["indicator"]),
                year=int(first["year"]),
            )
        )
    return findings


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
    """Per unit and year: the variables it lacks (joined, alphabetical), how many it owes, its code."""
    ordered = missing.sort_values(["unit", "year", "variable"], kind="stable")
    per_unit = ordered.groupby(["unit", "year"], sort=False).agg(
        variables=("variable", lambda names: ", ".join(map(str, names))),
        lacking=("variable", "size"),
        code=("code", "first"),
    )
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


def check_total_rows(data: DataSet, variables: Mapping[str, Variable] | None = None) -> list[Finding]:
    """A row whose counts all equal the sums of the units below it (two at least): a total row. It is read as
    their total and not added (`ytcs.data.totals`); the finding asks to remove it."""
    counts = data.counts
    if variables is None:
        variables = {name: _count(name) for name in counts.variables}
    totals = find_totals(counts, data.hierarchy, variables)
    findings = []
    for source in totals.rows:
        file, line = counts.files[int(source // 10_000_000_000)], int(source % 10_000_000_000)
        name, position = next((v, int(p)) for v, positions in totals.positions.items() for p in positions
                              if counts.place(int(p), v) == (file, line))  # fmt: skip
        unit, year = counts.frame["unit"].iat[position], int(counts.frame["year"].iat[position])
        message = (
            f"this row repeats the sum of the units below it for every column they report ({year}): it is read "
            "as their total and not added; remove the total row (ytcs sums the units)"
        )
        findings.append(Finding("total-row", message, Location(file, line), unit=str(unit), variable=name, year=year))
    return findings


def _count(name: str) -> Variable:
    """A variable the dictionary does not describe, taken as a facility count (added unless a total row)."""
    return Variable(id=name, label_vi=name, label_en=name, time_aggregation="last")


def check_partial_years(data: DataSet, events: Iterable[str]) -> list[Finding]:
    """Monthly events (births, deaths…) reported for fewer than 12 months of a year: the year's sum is partial."""
    counts = data.counts
    frame = counts.frame
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
        return []
    partial = pd.concat(parts, ignore_index=True)
    partial["code"] = frame["unit"].cat.categories.astype(str).to_numpy()[partial["unit"].to_numpy()]
    partial = partial.sort_values(["code", "variable", "year"], kind="stable")
    return [
        _cell_finding(
            counts,
            "partial-year",
            int(position),
            str(variable),
            f"{variable} is reported for {n} of 12 months of {year}; the year's total counts only those "
            "months (add the missing months, or read the value as year-to-date)",
        )
        for variable, year, n, position in zip(
            partial["variable"], partial["year"], partial["months"], partial["position"], strict=True
        )
    ]


def check_totals(data: DataSet, variables: Mapping[str, Variable], rows: list[Finding]) -> list[Finding]:
    """Territorial totals that differ from their units' sum (`ytcs.data.totals`), but for the whole total
    rows already reported in `rows`."""
    totals = find_totals(data.counts, data.hierarchy, variables)
    in_total_rows = {(f.file, f.row) for f in rows}  # already reported, as a row
    return [f for f in total_findings(data.counts, totals, variables) if (f.file, f.row) not in in_total_rows]


def with_unit_names(findings: Iterable[Finding], units: pd.DataFrame) -> list[Finding]:
    """Each finding about a unit of units.csv with the unit's name, so it prints 'Xã An Phú (21262)'; units
    units.csv does not list (an unknown code) keep their code alone."""
    names = dict(zip(units["code"].astype(str), units["name"].astype(str), strict=True))
    return [
        replace(finding, unit_name=names[finding.unit])
        if finding.unit is not None and finding.unit_name is None and finding.unit in names
        else finding
        for finding in findings
    ]


def check_data(
    data: DataSet,
    needed_variables: Iterable[str],
    events: Iterable[str] = (),
    variables: Mapping[str, Variable] | None = None,
) -> list[Finding]:
    """Every data check, in a stable order: negative, part > whole, unknown units, missing data, total rows,
    totals (with the data dictionary `variables`), partial years (for `events`, the variables that add up
    over the months). Each finding about a known unit carries its name."""
    total_rows = check_total_rows(data, variables)
    findings = [
        *check_negative(data.counts),
        *check_part_whole(data.counts),
        *check_unknown_units(data),
        *check_no_data(data, needed_variables),
        *total_rows,
        *(check_totals(data, variables, total_rows) if variables is not None else []),
        *check_partial_years(data, events),
    ]
    return with_unit_names(findings, data.units)
