"""The stages joined for one plan and one data folder: read → check → aggregate → compute.

This is the library entry point behind `ytcs compute` (and `ytcs gap`), usable from Python:

    plan_set, plan = load_plan_ref("quang-ngai-2024-ct37")
    result = compute_plan(plan_set, plan, Path("data/quang-ngai"))
    result.results  # a DataFrame, one row per unit, year and indicator
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from ytcs.checks import Finding, check_data
from ytcs.compute import ComputeOptions, Prepared, compute_prepared, prepare
from ytcs.errors import UsageError
from ytcs.models import Indicator, Plan, Variable
from ytcs.plans import PlanSet
from ytcs.read import DataSet, read_data_folder

NumberFormat = Literal["auto", "vi", "en"]


@dataclass
class ComputeResult:
    plan: Plan
    indicators: dict[str, Indicator]
    variables: dict[str, Variable]
    data: DataSet
    results: pd.DataFrame
    findings: list[Finding]
    prepared: Prepared

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.results["year"].unique())


def plan_indicators(plan_set: PlanSet, plan: Plan) -> dict[str, Indicator]:
    """The indicators a plan's targets use, in order of first use, plus what their formulas need."""
    known = plan_set.indicators(plan)
    chosen: dict[str, Indicator] = {}

    def add(indicator_id: str) -> None:
        indicator = known[indicator_id]
        if indicator.decline_of:
            add(indicator.decline_of)
        chosen.setdefault(indicator_id, indicator)

    for target in plan.targets:
        add(target.indicator)
    for indicator in plan.indicators:
        add(indicator.id)
    return chosen


def needed_variables(indicators: Iterable[Indicator]) -> list[str]:
    names: list[str] = []
    for indicator in indicators:
        names += indicator.variables()
    return list(dict.fromkeys(names))


def compute_plan(
    plan_set: PlanSet,
    plan: Plan,
    data_folder: Path,
    *,
    number_format: NumberFormat = "auto",
    options: ComputeOptions | None = None,
) -> ComputeResult:
    """Read the folder, run the data checks, and compute every indicator of the plan for all years."""
    variables = plan_set.variables(plan)
    indicators = plan_indicators(plan_set, plan)
    data = read_data_folder(data_folder, variables, number_format=number_format)
    needed = needed_variables(indicators.values())
    events = [name for name in needed if name in variables and variables[name].time_aggregation == "sum"]
    findings = [*data.findings, *check_data(data, needed, events)]
    prepared = prepare(data.units, data.values, variables)
    results = compute_prepared(prepared, indicators, options)
    return ComputeResult(plan, indicators, variables, data, results, findings, prepared)


def select_rows(
    results: pd.DataFrame,
    units: pd.DataFrame,
    *,
    year: int | None = None,
    level: str | None = None,
    unit: str | None = None,
) -> pd.DataFrame:
    """Rows for one year (default: the latest in the data), a level, and a unit with its descendants."""
    if results.empty:
        return results
    years = sorted(int(y) for y in results["year"].unique())
    chosen_year = years[-1] if year is None else year
    if chosen_year not in years:
        raise UsageError(f"no data for year {year}; years in the data: {', '.join(map(str, years))}")
    rows = results[results["year"] == chosen_year]
    if unit is not None:
        if unit not in set(units["code"]):
            raise UsageError(f"unknown unit code '{unit}' (not in units.csv)")
        rows = rows[rows["unit"].isin(descendants(units, unit))]
    if level is not None:
        rows = rows[rows["level"] == level]
    return rows.reset_index(drop=True)


def descendants(units: pd.DataFrame, code: str) -> set[str]:
    """A unit and every unit below it."""
    found = {code}
    frontier = {code}
    while frontier:
        frontier = set(units.loc[units["parent"].isin(frontier), "code"]) - found
        found |= frontier
    return found


def units_to_evaluate(plan: Plan, units: pd.DataFrame, *, level: str | None, unit: str | None) -> list[str]:
    """Default: the plan's jurisdiction and the level right below it; or one level; or one unit."""
    if unit is not None:
        if unit not in set(units["code"]):
            raise UsageError(f"unknown unit code '{unit}' (not in units.csv)")
        return [unit]
    root = plan.jurisdiction.code
    if root not in set(units["code"]):
        raise UsageError(f"the plan's jurisdiction {root} ({plan.jurisdiction.name}) is not in units.csv")
    inside = units[units["code"].isin(descendants(units, root))]
    if level is not None:
        return list(inside.loc[inside["level"] == level, "code"])
    children = list(inside.loc[inside["parent"] == root, "code"])
    return [root, *children]


def missing_inputs(result: ComputeResult, year: int) -> dict[tuple[str, int, str], list[str]]:
    """For rows without a value: the input variables with no data anywhere in that unit's area."""
    rows = result.results[(result.results["year"] == year) & result.results["value"].isna()]
    if rows.empty:
        return {}
    yearly = result.prepared.yearly
    present = yearly[yearly["year"] == year].merge(result.prepared.ancestry[["unit", "ancestor"]], on="unit")
    have = set(zip(present["ancestor"], present["variable"], strict=True))
    out: dict[tuple[str, int, str], list[str]] = {}
    for unit, indicator in zip(rows["unit"], rows["indicator"], strict=True):  # only the rows lacking data
        definition = result.indicators[indicator]
        if definition.decline_of:  # a fall from last year needs last year's value
            out[(unit, year, indicator)] = [f"{definition.decline_of} {year - 1}"]
            continue
        out[(unit, year, indicator)] = [v for v in definition.variables() if (unit, v) not in have]
    return out


@dataclass
class GapResult:
    compute: ComputeResult
    rows: pd.DataFrame
    year: int | None


def gap_plan(
    plan_set: PlanSet,
    plan: Plan,
    data_folder: Path,
    *,
    year: int | None = None,
    target_year: int | None = None,
    level: str | None = None,
    unit: str | None = None,
    number_format: NumberFormat = "auto",
    options: ComputeOptions | None = None,
) -> GapResult:
    """Every target of the plan against the data, for the units asked."""
    from ytcs.gap import evaluate_plan

    result = compute_plan(plan_set, plan, data_folder, number_format=number_format, options=options)
    years = result.years
    if year is not None and year not in years:
        raise UsageError(f"no data for year {year}; years in the data: {', '.join(map(str, years)) or 'none'}")
    data_year = year if year is not None else (years[-1] if years else None)
    codes = units_to_evaluate(plan, result.data.units, level=level, unit=unit)
    missing = missing_inputs(result, data_year) if data_year is not None else {}
    rows = evaluate_plan(plan, result.indicators, result.results, result.data.units,
                         published=result.data.published, year=data_year, target_year=target_year,
                         unit_codes=codes, missing_inputs=missing, only_unit=unit)
    return GapResult(result, rows, data_year)
