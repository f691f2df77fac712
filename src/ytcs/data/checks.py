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
from ytcs.data.missing import check_no_data, check_partial_years
from ytcs.data.reported import unit_positions
from ytcs.data.totals import Totals, file_rows, find_totals, total_findings
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


class _Rows:
    """Unit code, year and month of the rows as arrays: a finding reads its cell without a pandas call."""

    def __init__(self, counts: Counts) -> None:
        units = counts.frame["unit"]  # categorical, as every Counts frame is built
        self.counts = counts
        self.unit_codes, self.units = units.cat.codes.to_numpy(), units.cat.categories
        self.year, self.month = counts.frame["year"].to_numpy(), counts.frame["month"].to_numpy()

    def period(self, position: int) -> str:
        return _period(int(self.year[position]), int(self.month[position]))

    def finding(self, code: str, position: int, variable: str, message: str) -> Finding:
        """A finding at a cell: its file and line, unit and year."""
        file, line = self.counts.place(position, variable)
        unit, year = self.units[self.unit_codes[position]], int(self.year[position])
        return Finding(code, message, Location(file, line), unit=str(unit), variable=variable, year=year)


def _in_file_order(counts: Counts, findings: list[tuple[int, Finding]]) -> list[Finding]:
    """Findings ordered by file (as read), then line: the order an analyst walks through the files."""
    ranked = sorted(findings, key=lambda item: (counts.files.index(item[1].file or ""), item[0]))
    return [finding for _, finding in ranked]


def check_negative(counts: Counts) -> list[Finding]:
    """Counts below zero: a typo or a sign from a difference column."""
    found = []
    rows = _Rows(counts)
    for variable in counts.variables:
        column = counts.frame[variable].to_numpy()
        for position in np.flatnonzero(column < 0).tolist():  # only the negative cells
            message = (
                f"value {number_for_message(column[position])} in {rows.period(position)} is below zero; counts "
                "cannot be negative: correct the cell"
            )
            finding = rows.finding("negative", position, variable, message)
            found.append((finding.row or 0, finding))
    return _in_file_order(counts, found)


def check_part_whole(counts: Counts, pairs: Iterable[tuple[str, str]] = PART_WHOLE) -> list[Finding]:
    """A part larger than its whole in the same unit and period (e.g. infant deaths above live births):
    one comparison of two columns per pair."""
    found = []
    frame, rows = counts.frame, _Rows(counts)
    for part, whole in pairs:
        if part not in frame or whole not in frame:
            continue
        parts, wholes = frame[part].to_numpy(), frame[whole].to_numpy()
        for position in np.flatnonzero(parts > wholes).tolist():
            whole_file, whole_line = counts.place(position, whole)
            message = (
                f"{part} {number_for_message(parts[position])} is larger than {whole} "
                f"{number_for_message(wholes[position])} in {rows.period(position)} ({whole} at "
                f"{whole_file}:{whole_line}); one of the two cells is wrong"
            )
            finding = rows.finding("part-exceeds-whole", position, part, message)
            found.append((finding.row or 0, finding))
    return _in_file_order(counts, found)


def check_unknown_units(data: DataSet) -> list[Finding]:
    """Values for a unit code that units.csv does not list: one finding per unit and file."""
    counts = data.counts
    known = data.hierarchy.codes  # the codes of units.csv
    unknown = np.flatnonzero(unit_positions(counts, data.hierarchy)[0] < 0)
    findings, rows = [], _Rows(counts)
    if len(unknown):
        given = counts.frame.iloc[unknown][counts.variables].notna()  # the rows first: a few of many
        table = pd.DataFrame(
            {
                "file": counts.file[unknown],
                "unit": np.asarray(rows.units, dtype=object)[rows.unit_codes[unknown]],
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
            findings.append(rows.finding("unknown-unit", position, variable, message))
    return findings + _unknown_published_units(data, known)


def _unknown_published_units(data: DataSet, known: pd.Index) -> list[Finding]:
    published = data.published
    outside = known.get_indexer(published["unit"].astype(object).to_numpy()) < 0
    if not outside.any():
        return []
    unknown = published[outside]
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


def check_total_rows(data: DataSet, variables: Mapping[str, Variable] | None = None) -> list[Finding]:
    """A row whose counts all equal the sums of the units below it (two at least): a total row. It is read as
    their total and not added (`ytcs.data.totals`); the finding asks to remove it."""
    counts = data.counts
    if variables is None:
        variables = {name: _count(name) for name in counts.variables}
    totals = find_totals(counts, data.hierarchy, variables)
    first = _first_cells(counts, totals)
    findings, rows = [], _Rows(counts)
    for source in totals.rows.tolist():
        name, position = first[source]
        year = int(rows.year[position])
        message = (
            f"this row repeats the sum of the units below it for every column they report ({year}): it is read "
            "as their total and not added; remove the total row (ytcs sums the units)"
        )
        findings.append(rows.finding("total-row", position, name, message))
    return findings


def _first_cells(counts: Counts, totals: Totals) -> dict[int, tuple[str, int]]:
    """For each total row (file index × 10¹⁰ + line): its first total cell, variable and position, in the
    order of `totals.positions`. Only the cells of total rows are looked at one by one."""
    first: dict[int, tuple[str, int]] = {}
    for name, positions in totals.positions.items():
        sources = file_rows(counts, positions, name)
        in_rows = np.flatnonzero(np.isin(sources, totals.rows))
        for source, position in zip(sources[in_rows].tolist(), positions[in_rows].tolist(), strict=True):
            first.setdefault(source, (name, position))
    return first


def _count(name: str) -> Variable:
    """A variable the dictionary does not describe, taken as a facility count (added unless a total row)."""
    return Variable(id=name, label_vi=name, label_en=name, time_aggregation="last")


def check_totals(data: DataSet, variables: Mapping[str, Variable], rows: list[Finding]) -> list[Finding]:
    """Territorial totals that differ from their units' sum (`ytcs.data.totals`), but for the whole total
    rows already reported in `rows`."""
    totals = find_totals(data.counts, data.hierarchy, variables)
    in_total_rows = {(f.file, f.row) for f in rows}  # already reported, as a row
    return [f for f in total_findings(data.counts, totals, variables) if (f.file, f.row) not in in_total_rows]


def with_unit_names(findings: Iterable[Finding], units: pd.DataFrame) -> list[Finding]:
    """Each finding about a unit of units.csv with the unit's name, so it prints 'Xã An Phú (21262)'; units
    units.csv does not list (an unknown code) keep their code alone."""
    findings = list(findings)
    wanted = {finding.unit for finding in findings if finding.unit is not None and finding.unit_name is None}
    if not wanted:
        return findings
    codes = units["code"].astype(str)
    named = codes.isin(wanted).to_numpy()  # only the units the findings name: a national list has 90,000
    names = dict(zip(codes[named], units["name"][named].astype(str), strict=True))
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
