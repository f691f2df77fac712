"""Engine, one target for one unit: its value, base, gap, significance and status.

A target whose year has come (or whose "duy trì" span has begun) is met or missed; before that it is
achieved (already satisfied) or judged on progress from its base (the plan's baseline for the plan's
own area, else the unit's earliest value) to the latest value.
"""

from __future__ import annotations

import math

import pandas as pd

from ytcs.engine.judge import direction, progress, satisfies, shortfall, significance, status_from_ratio
from ytcs.plans.models import Indicator, Plan, Target
from ytcs.vocab import Comparator, Significance, Status

Current = dict[tuple[str, str], tuple[float, float, float]]


def evaluate_target(
    plan: Plan,
    target: Target,
    indicator: Indicator,
    unit: str,
    data_year: int | None,
    current: dict | None,
    series: pd.DataFrame,
    missing: list[str],
) -> dict:
    """One target for one unit; `series` is that unit's history of the indicator, by year."""
    row: dict = {
        "plan": plan.id,
        "unit": unit,
        "indicator": indicator.id,
        "indicator_name": indicator.name_vi,
        "indicator_unit": indicator.unit,
        "year": data_year,
        "target_year": target.year,
        "from_year": target.from_year,
        "kind": target.kind,
        "comparator": target.comparator,
        "target": target.value,
        "upper": target.upper,
        "tolerance": target.tolerance,
        "change_unit": target.change_unit,
        "scope": target.scope,
        "section": target.section,
        "quote": target.quote,
        "note": target.note,
        "missing": ",".join(missing) or None,
    }
    if data_year is not None:
        series = series[series["year"] <= data_year]
    value = math.nan
    found = current.get((unit, indicator.id)) if current is not None else None
    if found is not None:
        value, row["ci_low"], row["ci_high"] = found
    row["value"] = value
    own_area = unit == (target.scope or plan.jurisdiction.code)
    base_year, base_value = _base(target, series, data_year, own_area=own_area)
    row["base_year"], row["base_value"] = base_year, base_value
    if target.kind == "annual_change" or (target.kind == "range" and target.per_year):
        return _evaluate_change(row, target, indicator, series, data_year, base_year, base_value)
    return _evaluate_level(row, target, indicator, data_year, base_year, base_value)


def _base(
    target: Target, series: pd.DataFrame, data_year: int | None, *, own_area: bool
) -> tuple[int | None, float | None]:
    """The plan's baseline (for the area it describes), else the earliest year of the unit's history."""
    if own_area and target.baseline and (data_year is None or target.baseline.year < data_year):
        return target.baseline.year, target.baseline.value
    if len(series):
        first = series.iloc[0]
        return int(first["year"]), float(first["value"])
    return None, None


def _year_reached(target: Target, data_year: int | None) -> bool:
    return data_year is not None and data_year >= target.first_year


def _evaluate_level(
    row: dict,
    target: Target,
    indicator: Indicator,
    data_year: int | None,
    base_year: int | None,
    base_value: float | None,
) -> dict:
    value = row["value"]
    if math.isnan(value):
        row["status"] = Status.NO_DATA
        return row
    kwargs = {"tolerance": target.tolerance, "upper": target.upper}
    met = satisfies(value, target.comparator, target.value, **kwargs)
    row["gap"] = shortfall(value, target.comparator, target.value, **kwargs)
    row["relative_gap"] = row["gap"] / abs(target.value) if target.value else math.nan
    row["percent_achieved"] = _percent_achieved(value, target, indicator)
    row["significance"] = significance(
        row.get("ci_low", math.nan), row.get("ci_high", math.nan), target.comparator, target.value, **kwargs
    )
    if _year_reached(target, data_year):
        row["status"] = Status.MET if met else Status.MISSED
        return row
    if met:
        row["status"] = Status.ACHIEVED
        return row
    if base_year is None or base_value is None or data_year is None or base_year >= data_year:
        row["status"] = Status.INSUFFICIENT
        return row
    aim = _aim(value, target)
    sign = direction(target.comparator, aim, value)
    outcome = progress(base_year, base_value, data_year, value, target.year, aim, sign, bounded=indicator.bounded)
    status = outcome.status
    two_sided = not Comparator(target.comparator).rising
    if (
        two_sided
        and status == Status.ON_TRACK
        and not satisfies(outcome.projected, target.comparator, target.value, **kwargs)
    ):
        status = Status.LIMITED  # the trend carries the value through the band and out the other side
    row.update(
        ratio=outcome.ratio,
        status=status,
        projected=outcome.projected,
        observed_change=outcome.observed_change,
        required_change=outcome.required_change,
    )
    return row


def _aim(value: float, target: Target) -> float:
    """The point the value must reach: the target, or for a band (~, between) its nearest edge."""
    if target.comparator == "~":
        tolerance = target.tolerance or 0
        return target.value - tolerance if value < target.value else target.value + tolerance
    if target.comparator == "between":
        return target.value if value < target.value else (target.upper if target.upper is not None else target.value)
    return target.value


def _percent_achieved(value: float, target: Target, indicator: Indicator) -> float:
    """value / target (higher is better) or target / value (lower is better), in %; else missing."""
    rising = Comparator(target.comparator).rising
    if rising > 0 and target.value > 0:
        return 100 * value / target.value
    if rising < 0 and value > 0:
        return 100 * target.value / value
    return math.nan


def _evaluate_change(
    row: dict,
    target: Target,
    indicator: Indicator,
    series: pd.DataFrame,
    data_year: int | None,
    base_year: int | None,
    base_value: float | None,
) -> dict:
    """Average annual change from the base to the latest value, against the required change."""
    value = row["value"]
    row["ci_low"] = row["ci_high"] = math.nan  # the interval is the level's, not the change's
    if math.isnan(value) or base_year is None or data_year is None or base_year >= data_year:
        row["status"] = Status.NO_DATA if math.isnan(value) else Status.INSUFFICIENT
        return row
    years = data_year - base_year
    if target.change_unit == "percent":
        growth_defined = base_value is not None and base_value > 0 and value > 0
        observed = ((value / base_value) ** (1 / years) - 1) * 100 if growth_defined else math.nan
    else:
        observed = (value - base_value) / years
    row["observed_change"] = observed
    row["required_change"] = target.value
    row["significance"] = Significance.NONE
    if math.isnan(observed):
        row["status"] = Status.INSUFFICIENT
        return row
    kwargs = {"upper": target.upper}
    met = satisfies(observed, target.comparator, target.value, **kwargs)
    row["gap"] = shortfall(observed, target.comparator, target.value, **kwargs)
    row["relative_gap"] = row["gap"] / abs(target.value) if target.value else math.nan
    per_year = observed if target.change_unit == "points" else (base_value or 0) * observed / 100
    row["projected"] = value + per_year * (target.year - data_year)
    if _year_reached(target, data_year):
        row["status"] = Status.MET if met else Status.MISSED
    elif met:
        row["status"] = Status.ON_TRACK
    else:
        row["status"], row["ratio"] = _change_status(observed, target)
    return row


def _change_status(observed: float, target: Target) -> tuple[str, float]:
    """R = d · observed / |required| against the edge to reach; beyond a range's upper end is not on track."""
    if target.comparator == "between" and target.upper is not None and observed > target.upper:
        return Status.LIMITED, math.nan
    required = target.value
    sign = direction(target.comparator, required, observed)
    if required == 0:
        return Status.DETERIORATION, math.nan
    ratio = sign * observed / abs(required)
    return status_from_ratio(ratio), ratio
