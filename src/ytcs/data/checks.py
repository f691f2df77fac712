"""Data, the checks: problems in counts that are reported, never fatal.

A negative count, a part larger than its whole, a unit missing from units.csv or a commune that
reports nothing: each is a `Finding` naming the file, row, unit and variable, so an analyst can go
to the cell. The checks are vectorised over the long-form frames (merges and masks, no row loops),
so a national commune file is checked in about the time it takes to read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ytcs.data.hierarchy import LEVEL_RANK, build_ancestry, expected_by_level
from ytcs.diagnostics import Finding, Location

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


def _numbers_text(values: pd.Series) -> pd.Series:
    """Floats as short text, vectorised: 12.0 → '12', 8.25 → '8.25'."""
    numbers = values.to_numpy(dtype="float64")
    whole = np.isfinite(numbers) & (np.mod(numbers, 1) == 0)
    as_int = pd.Series(np.where(whole, numbers, np.nan), index=values.index).astype("Int64").astype("string")
    as_float = pd.Series(np.where(whole, np.nan, numbers), index=values.index).astype("string")
    return as_int.fillna(as_float).fillna("")


def _periods_text(frame: pd.DataFrame) -> pd.Series:
    """'2024' for annual rows, '2024-03' for monthly ones, vectorised."""
    years = frame["year"].astype("string")
    months = frame["month"].astype("Int64").astype("string").str.zfill(2)
    return (years + ("-" + months).fillna("")).astype("string")


def _findings(code: str, messages: pd.Series, frame: pd.DataFrame, variable: str = "variable") -> list[Finding]:
    """One Finding per row of `frame` (file, row, unit, `variable`, year), built from whole columns: the
    only per-row Python work is creating the objects themselves."""
    if frame.empty:
        return []
    columns = (
        messages.astype(str).tolist(),
        frame["file"].astype(str).tolist(),
        frame["row"].astype("int64").tolist(),
        frame["unit"].astype(str).tolist(),
        frame[variable].astype(str).tolist(),
        frame["year"].astype("int64").tolist(),
    )
    return [
        Finding(code, message, Location(file, row), unit=unit, variable=name, year=year)
        for message, file, row, unit, name, year in zip(*columns, strict=True)
    ]


def check_negative(values: pd.DataFrame) -> list[Finding]:
    """Counts below zero: a typo or a sign from a difference column."""
    negative = values[values["value"] < 0]
    messages = (
        "value "
        + _numbers_text(negative["value"])
        + " in "
        + _periods_text(negative)
        + " is below zero; counts cannot be negative: correct the cell"
    )
    return _findings("negative", messages, negative)


def check_part_whole(values: pd.DataFrame, pairs: Iterable[tuple[str, str]] = PART_WHOLE) -> list[Finding]:
    """A part larger than its whole in the same unit and period (e.g. infant deaths above live births).

    The values of the variables involved are laid out as a (unit and period) × variable matrix, so each
    pair is one vectorised comparison of two columns."""
    pairs = list(pairs)
    involved = {name for pair in pairs for name in pair}
    subset = values[values["variable"].isin(involved)].reset_index(drop=True)
    if subset.empty:
        return []
    unit_codes, _ = pd.factorize(subset["unit"])
    month = subset["month"].fillna(0).to_numpy(dtype="int64")
    period_key = unit_codes.astype("int64") * 1_000_000 + subset["year"].to_numpy(dtype="int64") * 100 + month
    groups, _ = pd.factorize(period_key)
    variable_codes, variable_names = pd.factorize(subset["variable"])
    column_of = {str(name): i for i, name in enumerate(variable_names)}
    shape = (int(groups.max()) + 1, len(variable_names))
    matrix = np.full(shape, np.nan)
    position = np.full(shape, -1, dtype=np.int64)
    matrix[groups, variable_codes] = subset["value"].to_numpy(dtype="float64")
    position[groups, variable_codes] = np.arange(len(subset))
    part_rows, whole_rows = [], []
    for part, whole in pairs:  # one vectorised comparison per pair
        if part not in column_of or whole not in column_of:
            continue
        p, w = column_of[part], column_of[whole]
        hit = np.flatnonzero(matrix[:, p] > matrix[:, w])
        part_rows.append(position[hit, p])
        whole_rows.append(position[hit, w])
    if not part_rows:
        return []
    parts = subset.take(np.concatenate(part_rows)).reset_index(drop=True)
    wholes = subset.take(np.concatenate(whole_rows)).reset_index(drop=True)
    order = np.lexsort((parts["row"].to_numpy(), parts["file"].astype(str).to_numpy()))
    parts, wholes = parts.take(order).reset_index(drop=True), wholes.take(order).reset_index(drop=True)
    messages = (
        parts["variable"].astype("string")
        + " "
        + _numbers_text(parts["value"])
        + " is larger than "
        + wholes["variable"].astype("string")
        + " "
        + _numbers_text(wholes["value"])
        + " in "
        + _periods_text(parts)
        + " ("
        + wholes["variable"].astype("string")
        + " at "
        + wholes["file"].astype("string")
        + ":"
        + wholes["row"].astype("string")
        + "); one of the two cells is wrong"
    )
    return _findings("part-exceeds-whole", messages, parts)


def check_unknown_units(data: DataSet) -> list[Finding]:
    """Values for a unit code that units.csv does not list: one finding per unit and file."""
    known = set(data.units["code"].astype(str))
    findings: list[Finding] = []
    for frame, what in ((data.values, "variable"), (data.published, "indicator")):
        unknown = frame[~frame["unit"].astype(str).isin(known)]
        if unknown.empty:
            continue
        grouped = unknown.groupby(["file", "unit"], sort=False)
        first = grouped.head(1).set_index(["file", "unit"])
        counts = grouped.size()
        for (file, unit), r in first.iterrows():
            findings.append(
                Finding(
                    "unknown-unit",
                    f"unit code {unit} is not in units.csv ({counts[(file, unit)]} value(s)); add the unit "
                    "to units.csv or correct the code",
                    Location(str(file), int(r["row"])),
                    unit=str(unit),
                    variable=str(r[what]),
                    year=int(r["year"]),
                )
            )
    return findings


def _missing_reports(data: DataSet, needed: list[str]) -> pd.DataFrame:
    """(unit, year, variable) of each expected reporter with no value in a year others report it."""
    values = data.values
    subset = values.loc[values["variable"].isin(needed), ["unit", "variable", "year"]].astype(
        {"unit": str, "variable": str}
    )
    level_of = pd.Series(data.units["level"].astype(str).to_numpy(), index=data.units["code"].astype(str))
    subset["rank"] = subset["unit"].map(level_of).map(LEVEL_RANK)
    subset = subset.dropna(subset=["rank"]).drop_duplicates(["unit", "variable", "year"])
    if subset.empty:
        return pd.DataFrame(columns=["unit", "year", "variable"])
    lowest = subset.groupby("variable")["rank"].min()
    by_rank = {rank: name for name, rank in LEVEL_RANK.items()}
    units = data.units.astype({"code": object, "parent": object, "level": object})
    reporters = expected_by_level(units, build_ancestry(units))
    missing_parts = []
    for variable, rank in lowest.items():  # one pass per variable, vectorised within
        expected = pd.DataFrame({"unit": reporters[by_rank[int(rank)]].astype(str).to_numpy()})
        present = subset[(subset["variable"] == variable) & subset["unit"].isin(expected["unit"])]
        years = pd.DataFrame({"year": present["year"].unique()})
        wanted = expected.merge(years, how="cross")
        merged = wanted.merge(present[["unit", "year"]], on=["unit", "year"], how="left", indicator=True)
        gaps = merged[merged["_merge"] == "left_only"][["unit", "year"]]
        missing_parts.append(gaps.assign(variable=variable))
    return pd.concat(missing_parts, ignore_index=True).sort_values(["variable", "year", "unit"], kind="stable")


def check_no_data(data: DataSet, needed_variables: Iterable[str]) -> list[Finding]:
    """A unit with no value at all for a needed variable in a year other units report it; and a needed
    variable no unit reports in any year.

    A variable's reporting level is the lowest level any unit reports it at (communes for births, districts
    for a district hospital's beds); the units expected to report it are those of `hierarchy.expected_units`,
    and a year counts when at least one of them reports it (the aggregator's rule, so checks and
    completeness agree)."""
    needed = list(dict.fromkeys(needed_variables))
    if not needed:
        return []
    findings = [
        Finding(
            "no-data",
            f"no file gives {variable} for any unit or year; add a column or rows for it",
            variable=variable,
        )
        for variable in needed
        if not (data.values["variable"] == variable).any()
    ]
    missing = _missing_reports(data, needed)
    if missing.empty:
        return findings
    messages = (
        "no value for "
        + missing["variable"].astype("string")
        + " in "
        + missing["year"].astype("string")
        + " while other units report it; add the unit's value (0 if there were none), or it is left out "
        "of the totals"
    )
    columns = (
        messages.astype(str).tolist(),
        missing["unit"].astype(str).tolist(),
        missing["variable"].astype(str).tolist(),
        missing["year"].astype("int64").tolist(),
    )
    findings += [
        Finding("no-data", message, unit=unit, variable=variable, year=year)
        for message, unit, variable, year in zip(*columns, strict=True)
    ]
    return findings


def check_total_rows(data: DataSet) -> list[Finding]:
    """A row whose values all equal the sums of the unit's children: a total row, which would count twice.

    Values attached to a district or province itself are added to its children's (a provincial hospital's
    beds); a row that merely repeats their total doubles it. Annual rows only.
    """
    values = data.values[data.values["month"].isna()][["unit", "year", "variable", "value", "file", "row"]]
    parent_of = pd.Series(data.units["parent"].astype(object).to_numpy(), index=data.units["code"].astype(str))
    children = values.assign(parent=values["unit"].astype(str).map(parent_of)).dropna(subset=["parent"])
    sums = children.groupby(["parent", "year", "variable"], as_index=False)["value"].sum()
    own = values.astype({"unit": str, "variable": str}).merge(
        sums.rename(columns={"parent": "unit", "value": "children"}).astype({"unit": str, "variable": str}),
        on=["unit", "year", "variable"],
    )
    # A total row repeats every column its children also report; one equal count is often chance.
    own["equal"] = own["value"] == own["children"]
    per_row = own.groupby(["file", "row"])["equal"].agg(["all", "size"])
    total_rows = per_row[per_row["all"] & (per_row["size"] >= 2)].index
    totals = own.set_index(["file", "row"]).loc[lambda f: f.index.isin(total_rows)].reset_index()
    totals = totals.drop_duplicates(["file", "row"])
    return [
        Finding(
            "total-row",
            f"this row repeats the sum of the units below {unit} for every column they report "
            f"({year}): it is added to them and counted twice; remove the total row (ytcs sums the units)",
            Location(file, row),
            unit=unit,
            variable=variable,
            year=year,
        )
        for unit, year, variable, file, row in zip(
            totals["unit"],
            totals["year"].astype(int),
            totals["variable"],
            totals["file"],
            totals["row"].astype(int),
            strict=True,
        )
    ]


def check_partial_years(data: DataSet, events: Iterable[str]) -> list[Finding]:
    """Monthly events (births, deaths…) reported for fewer than 12 months of a year: the year's sum is partial."""
    events = list(events)
    monthly = data.values[data.values["month"].notna() & data.values["variable"].isin(events)]
    months = monthly.groupby(["unit", "variable", "year"], as_index=False).agg(
        months=("month", "nunique"), file=("file", "first"), row=("row", "first")
    )
    partial = months[months["months"] < 12]
    return [
        Finding(
            "partial-year",
            f"{variable} is reported for {n} of 12 months of {year}; the year's total counts "
            "only those months (add the missing months, or read the value as year-to-date)",
            Location(file, int(row)),
            unit=str(unit),
            variable=str(variable),
            year=int(year),
        )
        for unit, variable, year, n, file, row in zip(
            partial["unit"],
            partial["variable"],
            partial["year"],
            partial["months"],
            partial["file"],
            partial["row"],
            strict=True,
        )
    ]


def check_data(data: DataSet, needed_variables: Iterable[str], events: Iterable[str] = ()) -> list[Finding]:
    """Every data check, in a stable order: negative, part > whole, unknown units, missing data, total rows,
    partial years (for `events`, the variables that add up over the months)."""
    return [
        *check_negative(data.values),
        *check_part_whole(data.values),
        *check_unknown_units(data),
        *check_no_data(data, needed_variables),
        *check_total_rows(data),
        *check_partial_years(data, events),
    ]
