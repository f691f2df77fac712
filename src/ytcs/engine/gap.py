"""Engine, the gap: every target of a plan against the computed values, for the units asked.

Once the data year is the target year or later (or inside a "duy trì" span), a target is met or missed;
before that, progress is judged (`ytcs.engine.judge`); achieved if already satisfying.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ytcs.engine.judge import direction, progress, satisfies, shortfall, significance, status_from_ratio
from ytcs.plans.models import Indicator, Plan, Target
from ytcs.vocab import Comparator, Flag, Significance, Status

GAP_COLUMNS = [
    "plan",
    "unit",
    "unit_name",
    "level",
    "indicator",
    "indicator_name",
    "indicator_unit",
    "year",
    "target_year",
    "from_year",
    "kind",
    "comparator",
    "target",
    "upper",
    "tolerance",
    "change_unit",
    "value",
    "ci_low",
    "ci_high",
    "gap",
    "relative_gap",
    "percent_achieved",
    "status",
    "significance",
    "projected",
    "base_year",
    "base_value",
    "observed_change",
    "required_change",
    "ratio",
    "missing",
    "scope",
    "section",
    "quote",
    "note",
]


def history_frame(results: pd.DataFrame, published: pd.DataFrame | None) -> pd.DataFrame:
    """Values by unit, indicator and year: computed ones, and published ones for years not computed."""
    computed = results.loc[results["value"].notna(), ["unit", "indicator", "year", "value"]].assign(source="computed")
    if published is None or published.empty:
        return computed.reset_index(drop=True)
    published_rows = published[["unit", "indicator", "year", "value"]].assign(source="published")
    combined = pd.concat([computed, published_rows], ignore_index=True)
    combined["year"] = combined["year"].astype("int64")
    return combined.drop_duplicates(["unit", "indicator", "year"], keep="first").reset_index(drop=True)


def evaluate_plan(
    plan: Plan,
    indicators: Mapping[str, Indicator],
    results: pd.DataFrame,
    units: pd.DataFrame,
    *,
    published: pd.DataFrame | None = None,
    year: int | None = None,
    target_year: int | None = None,
    unit_codes: Iterable[str] | None = None,
    missing_inputs: Mapping[tuple[str, int, str], list[str]] | None = None,
    only_unit: str | None = None,
) -> pd.DataFrame:
    """One row per (target, unit) for the units asked (default: the plan's jurisdiction), plus one row
    per qualitative objective; columns as `GAP_COLUMNS`.

    `missing_inputs` maps (unit, year, indicator) to the variables that unit did not report.
    A target scoped to one unit is always judged for that unit, unless `only_unit` names another.
    """
    history = history_frame(results, published)
    data_year = year if year is not None else (int(results["year"].max()) if len(results) else None)
    codes = list(unit_codes) if unit_codes is not None else [plan.jurisdiction.code]
    info = units.set_index("code")
    this_year = results[results["year"] == data_year]
    current = (
        {
            (u, i): (float(v), float(lo), float(hi))
            for u, i, v, lo, hi in zip(
                this_year["unit"],
                this_year["indicator"],
                this_year["value"],
                this_year["ci_low"],
                this_year["ci_high"],
                strict=True,
            )
        }
        if data_year
        else None
    )
    # A unit with a zero denominator (an island district without communes has no commune stations)
    # is outside the indicator's scope, not missing data.
    flags = this_year["flags"] if "flags" in this_year else pd.Series(0, index=this_year.index)
    zero_denominator = (flags.astype("int64") & int(Flag.ZERO_DENOMINATOR)) != 0
    undefined = set(zip(this_year["unit"][zero_denominator], this_year["indicator"][zero_denominator], strict=True))
    series_by_key = {key: group for key, group in history.sort_values("year").groupby(["unit", "indicator"])}
    empty = history.iloc[0:0]
    rows: list[dict] = []
    for target in plan.targets:
        if target_year is not None and target.year != target_year:
            continue
        indicator = indicators[target.indicator]
        for code in [target.scope] if target.scope else codes:
            if target.scope and only_unit is not None and code != only_unit:
                continue
            below = not target.scope and code != plan.jurisdiction.code
            if below and (
                (code, indicator.id) in undefined
                or not _applies_below(
                    indicator, (code, indicator.id) in series_by_key or (current or {}).get((code, indicator.id))
                )
            ):
                continue
            series = series_by_key.get((code, indicator.id), empty)
            missing = (missing_inputs or {}).get((code, data_year or 0, indicator.id), [])
            if code not in info.index:
                missing = [f"unit {code} is not in units.csv"]
            row = _evaluate_target(plan, target, indicator, code, data_year, current, series, missing)
            row["unit_name"] = info["name"].get(code) if code in info.index else None
            row["level"] = info["level"].get(code) if code in info.index else None
            rows.append(row)
    for objective in plan.objectives:
        rows.append(
            {
                "plan": plan.id,
                "unit": plan.jurisdiction.code,
                "unit_name": plan.jurisdiction.name,
                "level": plan.jurisdiction.level,
                "indicator": None,
                "indicator_name": objective.text,
                "status": Status.NOT_MEASURABLE,
                "significance": None,
                "section": objective.section,
                "quote": objective.quote,
                "note": objective.note,
                "year": data_year,
            }
        )
    frame = pd.DataFrame(rows, columns=GAP_COLUMNS)
    for column in ("year", "target_year", "from_year", "base_year"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _applies_below(indicator: Indicator, computed_here: object) -> bool:
    """Whether a target of the plan's whole area is also judged for a unit inside it.

    Rates and proportions are (each district should reach the province's 95%); counts such as the
    population size or a number of beds, and values reported only for the whole area, are not.
    """
    return indicator.formula_kind in ("rate", "decline") and bool(computed_here)


def _evaluate_target(
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


def order_by_severity(frame: pd.DataFrame) -> pd.DataFrame:
    """Most severe first: by status, significantly behind before the rest, then by relative gap."""
    rank = frame["status"].map({status: status.severity for status in Status}).fillna(len(Status))
    significant = (frame["significance"] != Significance.BEHIND).astype(int)
    return (
        frame.assign(_rank=rank, _sig=significant, _rel=-frame["relative_gap"].astype(float).fillna(-np.inf))
        .sort_values(["_rank", "_sig", "_rel", "level", "unit"], kind="stable")
        .drop(columns=["_rank", "_sig", "_rel"])
        .reset_index(drop=True)
    )


def is_behind(frame: pd.DataFrame) -> pd.Series:
    """Missed, deterioration, limited progress, needs acceleration, or no data.

    A target whose year is still ahead and whose trend gets there (on track) is not behind, even when
    today's value is significantly below the final target: that is what being on the way looks like.
    """
    return frame["status"].isin([status for status in Status if status.behind])


def behind_only(frame: pd.DataFrame) -> pd.DataFrame:
    """What the default listing shows."""
    return frame[is_behind(frame)].reset_index(drop=True)


@dataclass(frozen=True)
class GapSummary:
    targets: int
    behind: int
    significantly_behind: int
    missed: int
    no_data: int
    not_measurable: int

    def text(self) -> str:
        """'7 of 38 targets behind; 3 significantly', in Vietnamese and English."""
        vi = (
            f"{self.behind}/{self.targets} chỉ tiêu chưa đạt hoặc chậm tiến độ "
            f"({self.significantly_behind} chậm có ý nghĩa thống kê; {self.no_data} thiếu số liệu)"
        )
        en = f"{self.behind} of {self.targets} targets behind; {self.significantly_behind} significantly"
        if self.not_measurable:
            vi += f"; {self.not_measurable} mục tiêu định tính không đo được"
            en += f"; {self.not_measurable} qualitative objectives not measurable"
        return f"{vi}\n{en}"


def summarise(frame: pd.DataFrame) -> GapSummary:
    measurable = frame[frame["status"] != Status.NOT_MEASURABLE]
    return GapSummary(
        targets=len(measurable),
        behind=int(is_behind(measurable).sum()),
        significantly_behind=int((is_behind(measurable) & (measurable["significance"] == Significance.BEHIND)).sum()),
        missed=int((measurable["status"] == Status.MISSED).sum()),
        no_data=int((measurable["status"] == Status.NO_DATA).sum()),
        not_measurable=int((frame["status"] == Status.NOT_MEASURABLE).sum()),
    )
