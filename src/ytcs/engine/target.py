"""Engine, one target for every unit it is judged for: values, bases, gaps, significance and statuses.

A target whose year has come (or whose "duy trì" span has begun) is met or missed; before that it is
achieved (already satisfied) or judged on progress from its base (the plan's baseline for the plan's
own area, else the unit's earliest value) to the latest value. Every rule runs on whole columns
(`ytcs.engine.judge`); the units are the rows of `Facts`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ytcs.engine.judge import (
    Aim,
    Bools,
    Floats,
    Objects,
    choose,
    directions,
    meets,
    power,
    progress,
    shortfalls,
    significances,
    statuses_from_ratio,
)
from ytcs.plans.models import Indicator, Plan, Target
from ytcs.vocab import Significance, Status

Columns = dict[str, np.ndarray]

# The columns a judgement fills (NaN where a rule leaves one empty, as for a target without data).
JUDGED_FLOATS = ("gap", "relative_gap", "percent_achieved", "projected", "observed_change", "required_change", "ratio")


@dataclass
class Facts:
    """What one target's units look up, a row per unit: today's value and interval (NaN where none),
    and the unit's earliest value up to the data year (`has_base` False where it has none)."""

    unit: Objects
    value: Floats
    ci_low: Floats
    ci_high: Floats
    base_year: Floats
    base_value: Floats
    has_base: Bools


def evaluate_target(plan: Plan, target: Target, indicator: Indicator, facts: Facts, data_year: int | None) -> Columns:
    """Every column of the gap rows of one target, one row per unit of `facts` (the plan's own columns,
    the unit's name and what it lacks are the caller's)."""
    facts = _with_plan_baseline(plan, target, facts, data_year)
    n = len(facts.unit)
    columns: Columns = {name: np.full(n, np.nan) for name in JUDGED_FLOATS}
    columns["significance"] = np.full(n, np.nan, dtype=object)
    columns.update(value=facts.value, ci_low=facts.ci_low, ci_high=facts.ci_high)
    for name in ("base_year", "base_value"):  # None where the unit has no base, as a missing year or value
        column = getattr(facts, name).astype(object)
        column[~facts.has_base] = None
        columns[name] = column
    if target.kind == "annual_change" or (target.kind == "range" and target.per_year):
        _evaluate_change(columns, target, facts, data_year)
    else:
        _evaluate_level(columns, target, indicator, facts, data_year)
    return columns


def _with_plan_baseline(plan: Plan, target: Target, facts: Facts, data_year: int | None) -> Facts:
    """The plan's baseline serves the area it describes (when before the data year); others keep their
    earliest value."""
    baseline = target.baseline
    if not baseline or (data_year is not None and baseline.year >= data_year):
        return facts
    own = facts.unit == (target.scope or plan.jurisdiction.code)
    return Facts(
        facts.unit, facts.value, facts.ci_low, facts.ci_high, np.where(own, float(baseline.year), facts.base_year),
        np.where(own, baseline.value, facts.base_value), facts.has_base | own,
    )  # fmt: skip


def _year_reached(target: Target, data_year: int | None) -> bool:
    return data_year is not None and data_year >= target.first_year


def _aim(target: Target) -> Aim:
    return Aim(target.comparator, target.value, target.tolerance, target.upper)


def _evaluate_level(
    columns: Columns, target: Target, indicator: Indicator, facts: Facts, data_year: int | None
) -> None:
    """Met or missed once the year has come; else achieved, or progress from the base; no data without a value."""
    aim, value = _aim(target), facts.value
    has = ~np.isnan(value)
    met = meets(value, aim)
    columns["gap"] = np.where(has, shortfalls(value, aim), np.nan)
    columns["relative_gap"] = columns["gap"] / abs(target.value) if target.value else np.full(len(value), np.nan)
    columns["percent_achieved"] = np.where(has, _percent_achieved(value, target), np.nan)
    significance = significances(facts.ci_low, facts.ci_high, aim)
    columns["significance"] = np.where(has, significance, columns["significance"])
    if _year_reached(target, data_year):
        columns["status"] = choose(Status.MISSED, (~has, Status.NO_DATA), (met, Status.MET))
        return
    no_base = ~facts.has_base | (data_year is None) | (facts.base_year >= (data_year or 0))
    columns["status"] = choose(None, (~has, Status.NO_DATA), (met, Status.ACHIEVED), (no_base, Status.INSUFFICIENT))
    judged = np.flatnonzero(has & ~met & ~no_base)
    if len(judged) and data_year is not None:
        _progress(columns, target, indicator, facts, data_year, judged)


def _progress(
    columns: Columns, target: Target, indicator: Indicator, facts: Facts, data_year: int, rows: np.ndarray
) -> None:
    """Progress from the base to today against what reaching the target needs, for `rows`."""
    aim, value = _aim(target), facts.value[rows]
    towards = _aim_point(value, target)
    outcome = progress(
        facts.base_year[rows], facts.base_value[rows], data_year, value, target.year, towards,
        directions(aim, towards, value), bounded=indicator.bounded,
    )  # fmt: skip
    status = outcome.status
    if not aim.rising:  # the trend carries the value through the band and out the other side
        status[(status == Status.ON_TRACK) & ~meets(outcome.projected, aim)] = Status.LIMITED
    columns["status"][rows] = status
    columns["ratio"][rows] = outcome.ratio
    columns["projected"][rows] = outcome.projected
    columns["observed_change"][rows] = outcome.observed_change
    columns["required_change"][rows] = outcome.required_change


def _aim_point(value: Floats, target: Target) -> Floats:
    """The point each value must reach: the target, or for a band (~, between) its nearest edge."""
    if target.comparator == "~":
        tolerance = target.tolerance or 0
        return np.where(value < target.value, target.value - tolerance, target.value + tolerance)
    if target.comparator == "between":
        high = target.upper if target.upper is not None else target.value
        return np.where(value < target.value, target.value, high)
    return np.full(len(value), target.value)


def _percent_achieved(value: Floats, target: Target) -> Floats:
    """value / target (higher is better) or target / value (lower is better), in %; else missing."""
    rising = _aim(target).rising
    if rising > 0 and target.value > 0:
        return 100 * value / target.value
    if rising < 0:
        positive = value > 0
        return np.where(positive, 100 * target.value / np.where(positive, value, 1.0), np.nan)
    return np.full(len(value), np.nan)


def _evaluate_change(columns: Columns, target: Target, facts: Facts, data_year: int | None) -> None:
    """Average annual change from the base to the latest value, against the required change."""
    value, base, n = facts.value, facts.base_value, len(facts.value)
    columns["ci_low"] = columns["ci_high"] = np.full(n, np.nan)  # the interval is the level's, not the change's
    has = ~np.isnan(value)
    judged = has & facts.has_base & (data_year is not None) & (facts.base_year < (data_year or 0))
    years = np.where(judged, (data_year or 0) - facts.base_year, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        if target.change_unit == "percent":
            growth = judged & (base > 0) & (value > 0)
            g = np.flatnonzero(growth)
            observed = np.full(n, np.nan)
            observed[g] = (power(value[g] / base[g], 1 / years[g]) - 1) * 100
        else:
            observed = np.where(judged, (value - base) / years, np.nan)
    columns["observed_change"] = np.where(judged, observed, np.nan)
    columns["required_change"] = np.where(judged, target.value, np.nan)
    columns["significance"][judged] = Significance.NONE
    changing = judged & ~np.isnan(observed)
    aim = Aim(target.comparator, target.value, upper=target.upper)
    met = meets(observed, aim)
    columns["gap"] = np.where(changing, shortfalls(observed, aim), np.nan)
    relative = columns["gap"] / abs(target.value) if target.value else np.full(n, np.nan)
    columns["relative_gap"] = np.where(changing, relative, np.nan)
    per_year = observed if target.change_unit == "points" else base * observed / 100
    projected = value + per_year * (target.year - (data_year or 0))
    columns["projected"] = np.where(changing, projected, np.nan)
    status = choose(Status.INSUFFICIENT, (~has, Status.NO_DATA))
    if _year_reached(target, data_year):
        status[changing] = choose(Status.MISSED, (met, Status.MET))[changing]
    else:
        slow, ratio = _change_statuses(observed, target)
        slow[met] = Status.ON_TRACK
        status[changing] = slow[changing]
        columns["ratio"] = np.where(changing & ~met, ratio, np.nan)
    columns["status"] = status


def _change_statuses(observed: Floats, target: Target) -> tuple[Objects, Floats]:
    """R = d · observed / |required| against the edge to reach; beyond a range's upper end is not on track."""
    n, required = len(observed), target.value
    with np.errstate(invalid="ignore"):
        if required == 0:
            status, ratio = np.full(n, Status.DETERIORATION, dtype=object), np.full(n, np.nan)
        else:
            ratio = directions(_aim(target), required, observed) * observed / abs(required)
            status = statuses_from_ratio(ratio)
        if target.comparator == "between" and target.upper is not None:
            beyond = observed > target.upper
            status[beyond], ratio[beyond] = Status.LIMITED, np.nan
    return status, ratio
