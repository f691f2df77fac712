"""Stage 7, compare: every target against the computed value — gap, significance, progress.

The rules (README, "How `ytcs gap` decides"):
- gap is the shortfall in the indicator's own units, positive when behind and 0 when met, whatever
  the polarity; relative gap = gap / |target|.
- significance, as the UK public-health tools rate a value against a goal: where a confidence
  interval exists, "significantly behind" when the whole interval lies on the wrong side of the
  target, "significantly ahead" when it lies wholly on the right side, else "not significantly
  different"; "no interval" for censuses (staff, beds) and reported values.
- once the data year is the target year or later (or inside a "duy trì" span), a target is
  met or missed; before that, progress is judged by the Eurostat SDG / Open SDG method:
  R = d · CAGR_obs / |CAGR_req|, on track (R ≥ 0.95), needs acceleration (0.6 ≤ R < 0.95),
  limited progress (0 ≤ R < 0.6), deterioration (R < 0); achieved if already satisfying.
  Where a growth rate is undefined (a base, latest value or target of 0) the same ratio is taken
  of linear slopes. When the base already met the target (required change 0), moving away is
  deterioration and standing still is on track.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ytcs.models import Indicator, Plan, Target

# Statuses, most severe first (the default listing order).
MISSED = "missed"
DETERIORATION = "deterioration"
LIMITED = "limited progress"
ACCELERATE = "needs acceleration"
NO_DATA = "no data"
INSUFFICIENT = "insufficient data"
ON_TRACK = "on track"
ACHIEVED = "achieved"
MET = "met"
NOT_MEASURABLE = "not measurable"
STATUS_ORDER = [MISSED, DETERIORATION, LIMITED, ACCELERATE, NO_DATA, INSUFFICIENT, ON_TRACK, ACHIEVED, MET,
                NOT_MEASURABLE]
BEHIND = {MISSED, DETERIORATION, LIMITED, ACCELERATE, NO_DATA}

SIG_BEHIND = "significantly behind"
SIG_SAME = "not significantly different"
SIG_AHEAD = "significantly ahead"
SIG_NONE = "no interval"

ON_TRACK_FROM = 0.95
ACCELERATE_FROM = 0.6

GAP_COLUMNS = [
    "plan", "unit", "unit_name", "level", "indicator", "indicator_name", "indicator_unit", "year", "target_year",
    "from_year", "kind", "comparator", "target", "upper", "tolerance", "change_unit", "value", "ci_low", "ci_high",
    "gap", "relative_gap", "percent_achieved", "status", "significance", "projected", "base_year", "base_value",
    "observed_change", "required_change", "ratio", "missing", "scope", "section", "quote", "note",
]


@dataclass(frozen=True)
class Progress:
    ratio: float
    status: str
    projected: float
    observed_change: float
    required_change: float


def satisfies(value: float, comparator: str, target: float, *, tolerance: float | None = None,
              upper: float | None = None) -> bool:
    """Whether `value` meets the target; False when the value is missing."""
    if value is None or math.isnan(value):
        return False
    if comparator == ">=":
        return value >= target
    if comparator == ">":
        return value > target
    if comparator == "<=":
        return value <= target
    if comparator == "<":
        return value < target
    if comparator == "==":
        return math.isclose(value, target, rel_tol=1e-9, abs_tol=1e-9)
    if comparator == "~":
        return abs(value - target) <= (tolerance or 0) + 1e-12
    if comparator == "between":
        return target <= value <= (upper if upper is not None else target)
    raise ValueError(f"unknown comparator {comparator!r}")


def shortfall(value: float, comparator: str, target: float, *, tolerance: float | None = None,
              upper: float | None = None) -> float:
    """The gap: how far the value is on the wrong side, in the indicator's units (0 when met)."""
    if value is None or math.isnan(value):
        return math.nan
    if satisfies(value, comparator, target, tolerance=tolerance, upper=upper):
        return 0.0
    if comparator in (">=", ">"):
        return max(0.0, target - value)
    if comparator in ("<=", "<"):
        return max(0.0, value - target)
    if comparator == "==":
        return abs(value - target)
    if comparator == "~":
        return max(0.0, abs(value - target) - (tolerance or 0))
    if comparator == "between":
        high = upper if upper is not None else target
        return max(0.0, target - value, value - high)
    raise ValueError(f"unknown comparator {comparator!r}")


def direction(comparator: str, target: float, current: float) -> int:
    """+1 when the value must rise to reach the target, −1 when it must fall.

    One-sided targets say it; for two-sided ones (~, between, ==) it is where the target lies from
    the current value.
    """
    if comparator in (">=", ">"):
        return 1
    if comparator in ("<=", "<"):
        return -1
    return 1 if target >= current else -1


def significance(ci_low: float, ci_high: float, comparator: str, target: float, *,
                 tolerance: float | None = None, upper: float | None = None) -> str:
    """Where the whole interval lies relative to the target."""
    if ci_low is None or ci_high is None or math.isnan(ci_low) or math.isnan(ci_high):
        return SIG_NONE
    low_ok = satisfies(ci_low, comparator, target, tolerance=tolerance, upper=upper)
    high_ok = satisfies(ci_high, comparator, target, tolerance=tolerance, upper=upper)
    if low_ok and high_ok:
        return SIG_AHEAD
    if comparator in (">=", ">") and not high_ok:
        return SIG_BEHIND
    if comparator in ("<=", "<") and not low_ok:
        return SIG_BEHIND
    if comparator in ("~", "between", "=="):
        low_end = target - (tolerance or 0) if comparator == "~" else target
        high_end = target + (tolerance or 0) if comparator == "~" else (upper if upper is not None else target)
        if ci_high < low_end or ci_low > high_end:
            return SIG_BEHIND
    return SIG_SAME


def _status_from_ratio(ratio: float) -> str:
    if ratio >= ON_TRACK_FROM:
        return ON_TRACK
    if ratio >= ACCELERATE_FROM:
        return ACCELERATE
    if ratio >= 0:
        return LIMITED
    return DETERIORATION


def progress(base_year: int, base: float, latest_year: int, latest: float, target_year: int, target: float,
             sign: int, *, bounded: bool = False) -> Progress:
    """Eurostat/Open SDG ratio of observed to required compound growth, with a linear fallback.

    `sign` is +1 when the value must rise, −1 when it must fall.
    """
    observed_years = latest_year - base_year
    required_years = target_year - base_year
    if observed_years <= 0 or required_years <= 0:
        raise ValueError("progress needs base_year < latest_year and base_year < target_year")
    use_growth = base > 0 and latest > 0 and target > 0
    if use_growth:
        observed = (latest / base) ** (1 / observed_years) - 1
        required = (target / base) ** (1 / required_years) - 1
        projected = base * (1 + observed) ** required_years
    else:
        observed = (latest - base) / observed_years
        required = (target - base) / required_years
        projected = base + observed * required_years
    if bounded:
        projected = min(100.0, max(0.0, projected))
    if required == 0:
        moving_away = sign * observed < 0
        ratio = -math.inf if moving_away else (1.0 if observed == 0 else math.inf)
        status = DETERIORATION if moving_away else ON_TRACK
        return Progress(ratio, status, projected, observed, required)
    ratio = sign * observed / abs(required)
    return Progress(ratio, _status_from_ratio(ratio), projected, observed, required)


# --- evaluating a plan ----------------------------------------------------------------------------


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
    current = {
        (u, i): (float(v), float(lo), float(hi))
        for u, i, v, lo, hi in zip(this_year["unit"], this_year["indicator"], this_year["value"],
                                   this_year["ci_low"], this_year["ci_high"], strict=True)
    } if data_year else None
    # A unit with a zero denominator (an island district without communes has no commune stations)
    # is outside the indicator's scope, not missing data.
    flags = this_year["flags"] if "flags" in this_year else pd.Series("", index=this_year.index)
    undefined = set(zip(this_year["unit"][flags.str.contains("zero-denominator", na=False)],
                        this_year["indicator"][flags.str.contains("zero-denominator", na=False)], strict=True))
    series_by_key = {key: group for key, group in history.sort_values("year").groupby(["unit", "indicator"])}
    empty = history.iloc[0:0]
    rows: list[dict] = []
    for target in plan.targets:
        if target_year is not None and target.year != target_year:
            continue
        indicator = indicators[target.indicator]
        for code in ([target.scope] if target.scope else codes):
            if target.scope and only_unit is not None and code != only_unit:
                continue
            below = not target.scope and code != plan.jurisdiction.code
            if below and ((code, indicator.id) in undefined or not _applies_below(
                    indicator, (code, indicator.id) in series_by_key or (current or {}).get((code, indicator.id)))):
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
        rows.append({"plan": plan.id, "unit": plan.jurisdiction.code, "unit_name": plan.jurisdiction.name,
                     "level": plan.jurisdiction.level, "indicator": None, "indicator_name": objective.text,
                     "status": NOT_MEASURABLE, "significance": None, "section": objective.section,
                     "quote": objective.quote, "note": objective.note, "year": data_year})
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


def _evaluate_target(plan: Plan, target: Target, indicator: Indicator, unit: str, data_year: int | None,
                     current: dict | None, series: pd.DataFrame, missing: list[str]) -> dict:
    """One target for one unit; `series` is that unit's history of the indicator, by year."""
    row: dict = {
        "plan": plan.id, "unit": unit, "indicator": indicator.id, "indicator_name": indicator.name_vi,
        "indicator_unit": indicator.unit, "year": data_year, "target_year": target.year,
        "from_year": target.from_year, "kind": target.kind, "comparator": target.comparator, "target": target.value,
        "upper": target.upper, "tolerance": target.tolerance, "change_unit": target.change_unit,
        "scope": target.scope, "section": target.section,
        "quote": target.quote, "note": target.note, "missing": ",".join(missing) or None,
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


def _base(target: Target, series: pd.DataFrame, data_year: int | None, *, own_area: bool
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


def _evaluate_level(row: dict, target: Target, indicator: Indicator, data_year: int | None,
                    base_year: int | None, base_value: float | None) -> dict:
    value = row["value"]
    if math.isnan(value):
        row["status"] = NO_DATA
        return row
    kwargs = {"tolerance": target.tolerance, "upper": target.upper}
    met = satisfies(value, target.comparator, target.value, **kwargs)
    row["gap"] = shortfall(value, target.comparator, target.value, **kwargs)
    row["relative_gap"] = row["gap"] / abs(target.value) if target.value else math.nan
    row["percent_achieved"] = _percent_achieved(value, target, indicator)
    row["significance"] = significance(row.get("ci_low", math.nan), row.get("ci_high", math.nan),
                                       target.comparator, target.value, **kwargs)
    if _year_reached(target, data_year):
        row["status"] = MET if met else MISSED
        return row
    if met:
        row["status"] = ACHIEVED
        return row
    if base_year is None or base_value is None or data_year is None or base_year >= data_year:
        row["status"] = INSUFFICIENT
        return row
    aim = _aim(value, target)
    sign = direction(target.comparator, aim, value)
    outcome = progress(base_year, base_value, data_year, value, target.year, aim, sign, bounded=indicator.bounded)
    status = outcome.status
    two_sided = target.comparator in ("~", "between", "==")
    if two_sided and status == ON_TRACK and not satisfies(outcome.projected, target.comparator, target.value,
                                                          **kwargs):
        status = LIMITED  # the trend carries the value through the band and out the other side
    row.update(ratio=outcome.ratio, status=status, projected=outcome.projected,
               observed_change=outcome.observed_change, required_change=outcome.required_change)
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
    if target.comparator in (">=", ">") and target.value > 0:
        return 100 * value / target.value
    if target.comparator in ("<=", "<") and value > 0:
        return 100 * target.value / value
    return math.nan


def _evaluate_change(row: dict, target: Target, indicator: Indicator, series: pd.DataFrame,
                     data_year: int | None, base_year: int | None, base_value: float | None) -> dict:
    """Average annual change from the base to the latest value, against the required change."""
    value = row["value"]
    row["ci_low"] = row["ci_high"] = math.nan  # the interval is the level's, not the change's
    if math.isnan(value) or base_year is None or data_year is None or base_year >= data_year:
        row["status"] = NO_DATA if math.isnan(value) else INSUFFICIENT
        return row
    years = data_year - base_year
    if target.change_unit == "percent":
        growth_defined = base_value is not None and base_value > 0 and value > 0
        observed = ((value / base_value) ** (1 / years) - 1) * 100 if growth_defined else math.nan
    else:
        observed = (value - base_value) / years
    row["observed_change"] = observed
    row["required_change"] = target.value
    row["significance"] = SIG_NONE
    if math.isnan(observed):
        row["status"] = INSUFFICIENT
        return row
    kwargs = {"upper": target.upper}
    met = satisfies(observed, target.comparator, target.value, **kwargs)
    row["gap"] = shortfall(observed, target.comparator, target.value, **kwargs)
    row["relative_gap"] = row["gap"] / abs(target.value) if target.value else math.nan
    per_year = observed if target.change_unit == "points" else (base_value or 0) * observed / 100
    row["projected"] = value + per_year * (target.year - data_year)
    if _year_reached(target, data_year):
        row["status"] = MET if met else MISSED
    elif met:
        row["status"] = ON_TRACK
    else:
        row["status"], row["ratio"] = _change_status(observed, target)
    return row


def _change_status(observed: float, target: Target) -> tuple[str, float]:
    """R = d · observed / |required| against the edge to reach; beyond a range's upper end is not on track."""
    if target.comparator == "between" and target.upper is not None and observed > target.upper:
        return LIMITED, math.nan
    required = target.value
    sign = direction(target.comparator, required, observed)
    if required == 0:
        return DETERIORATION, math.nan
    ratio = sign * observed / abs(required)
    return _status_from_ratio(ratio), ratio


def order_by_severity(frame: pd.DataFrame) -> pd.DataFrame:
    """Most severe first: by status, significantly behind before the rest, then by relative gap."""
    rank = frame["status"].map({s: i for i, s in enumerate(STATUS_ORDER)}).fillna(len(STATUS_ORDER))
    significant = (frame["significance"] != SIG_BEHIND).astype(int)
    return (frame.assign(_rank=rank, _sig=significant, _rel=-frame["relative_gap"].astype(float).fillna(-np.inf))
            .sort_values(["_rank", "_sig", "_rel", "level", "unit"], kind="stable")
            .drop(columns=["_rank", "_sig", "_rel"]).reset_index(drop=True))


def is_behind(frame: pd.DataFrame) -> pd.Series:
    """Missed, deterioration, limited progress, needs acceleration, or no data.

    A target whose year is still ahead and whose trend gets there (on track) is not behind, even when
    today's value is significantly below the final target: that is what being on the way looks like.
    """
    return frame["status"].isin(BEHIND)


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
        vi = (f"{self.behind}/{self.targets} chỉ tiêu chưa đạt hoặc chậm tiến độ "
              f"({self.significantly_behind} chậm có ý nghĩa thống kê; {self.no_data} thiếu số liệu)")
        en = f"{self.behind} of {self.targets} targets behind; {self.significantly_behind} significantly"
        if self.not_measurable:
            vi += f"; {self.not_measurable} mục tiêu định tính không đo được"
            en += f"; {self.not_measurable} qualitative objectives not measurable"
        return f"{vi}\n{en}"


def summarise(frame: pd.DataFrame) -> GapSummary:
    measurable = frame[frame["status"] != NOT_MEASURABLE]
    return GapSummary(
        targets=len(measurable),
        behind=int(is_behind(measurable).sum()),
        significantly_behind=int((is_behind(measurable) & (measurable["significance"] == SIG_BEHIND)).sum()),
        missed=int((measurable["status"] == MISSED).sum()),
        no_data=int((measurable["status"] == NO_DATA).sum()),
        not_measurable=int((frame["status"] == NOT_MEASURABLE).sum()),
    )
