"""Engine, compute: every indicator of a plan at every unit and year, from summed counts.

Each row carries the numerator and denominator it was computed from, the confidence interval in
the indicator's own units, the completeness of the sums and flags, so anyone can check it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ytcs.data.hierarchy import LEVEL_RANK, build_ancestry, expected_by_level
from ytcs.engine.aggregate import aggregate_over_time, reporting_levels, sum_up_hierarchy, to_wide
from ytcs.engine.stats import proportion_limits, rate_limits
from ytcs.plans.models import Indicator, Variable, parse_expression
from ytcs.vocab import Flag

RESULT_COLUMNS = [
    "unit",
    "unit_name",
    "level",
    "year",
    "indicator",
    "indicator_name",
    "indicator_unit",
    "value",
    "numerator",
    "denominator",
    "ci_low",
    "ci_high",
    "completeness",
    "reporting",
    "expected",
    "flags",
]


@dataclass(frozen=True)
class ComputeOptions:
    confidence: float = 0.95
    require_complete: bool = False


@dataclass(frozen=True)
class Prepared:
    """The per-dataset work every indicator shares: yearly values, ancestry, reporting levels."""

    units: pd.DataFrame
    yearly: pd.DataFrame
    wide: pd.DataFrame
    ancestry: pd.DataFrame
    levels: dict[str, str]
    expected: dict[str, pd.Index]


def prepare(units: pd.DataFrame, values: pd.DataFrame, variables: Mapping[str, Variable]) -> Prepared:
    # Plain Python strings for codes: membership tests on Arrow-backed strings are far slower.
    units = units.astype({"code": object, "parent": object})
    yearly = aggregate_over_time(values, variables)
    ancestry = build_ancestry(units)
    return Prepared(
        units, yearly, to_wide(yearly), ancestry, reporting_levels(yearly, units), expected_by_level(units, ancestry)
    )


def compute_indicators(
    units: pd.DataFrame,
    values: pd.DataFrame,
    indicators: Mapping[str, Indicator],
    variables: Mapping[str, Variable],
    options: ComputeOptions | None = None,
) -> pd.DataFrame:
    """All `indicators` for every unit and year in the data; columns as `RESULT_COLUMNS`."""
    return compute_prepared(prepare(units, values, variables), indicators, options)


def compute_prepared(
    prepared: Prepared, indicators: Mapping[str, Indicator], options: ComputeOptions | None = None
) -> pd.DataFrame:
    """`compute_indicators` on data already prepared (the pipeline keeps `prepared` for gap)."""
    options = options or ComputeOptions()
    units = prepared.units
    frames = [compute_one(indicator, indicators, prepared, options) for indicator in indicators.values()]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    result = pd.concat(frames, ignore_index=True)
    info = units.set_index("code")
    result["unit_name"] = result["unit"].map(info["name"])
    result["level"] = result["unit"].map(info["level"])
    order = {name: i for i, name in enumerate(indicators)}
    result["_order"] = result["indicator"].map(order)
    result["_level"] = -result["level"].map(LEVEL_RANK)  # the province first
    result = result.sort_values(["year", "_level", "unit", "_order"], kind="stable")
    return result[RESULT_COLUMNS].reset_index(drop=True)


def compute_one(
    indicator: Indicator, indicators: Mapping[str, Indicator], prepared: Prepared, options: ComputeOptions
) -> pd.DataFrame:
    kind = indicator.formula_kind
    if kind == "reported":
        frame = _reported(indicator, prepared)
    elif kind == "decline":
        frame = _decline(indicator, indicators, prepared, options)
    else:
        frame = _from_sums(indicator, prepared, options)
    frame["indicator"] = indicator.id
    frame["indicator_name"] = indicator.name_vi
    frame["indicator_unit"] = indicator.unit
    return frame


def _evaluate(expression: str, totals: pd.DataFrame) -> pd.Series:
    """Σ of signed terms; missing if any term is missing (missing is never zero)."""
    result = pd.Series(0.0, index=totals.index)
    for sign, name in parse_expression(expression):
        result = result + sign * totals[name]
    return result


def _from_sums(indicator: Indicator, prepared: Prepared, options: ComputeOptions) -> pd.DataFrame:
    totals = sum_up_hierarchy(
        prepared.wide, indicator.variables(), prepared.units, prepared.ancestry, prepared.levels, prepared.expected
    )
    # Not defined at this unit's level: an input is reported only above it (e.g. beds at communes).
    totals = totals[totals["completeness"].notna()].reset_index(drop=True)
    if indicator.formula_kind == "count":
        numerator = _evaluate(indicator.count or "", totals)
        denominator = pd.Series(np.nan, index=totals.index)
        value = numerator.copy()
        low = high = np.full(len(totals), np.nan)
    else:
        numerator = _evaluate(indicator.numerator or "", totals)
        denominator = _evaluate(indicator.denominator or "", totals)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = (numerator / denominator.where(denominator != 0)) * indicator.multiplier
        low, high = _limits(indicator, numerator, denominator, options.confidence)
    frame = pd.DataFrame(
        {
            "unit": totals["unit"],
            "year": totals["year"].astype("int64"),
            "value": value.astype(float),
            "numerator": numerator.astype(float),
            "denominator": denominator.astype(float),
            "ci_low": low,
            "ci_high": high,
            "completeness": totals["completeness"].astype(float),
            "reporting": totals["reporting"].astype("Int64"),
            "expected": totals["expected"].astype("Int64"),
        }
    )
    frame["flags"] = _flags(frame, indicator, denominator, options)
    if options.require_complete:
        suppress = frame["completeness"] < 1
        frame.loc[suppress, ["value", "ci_low", "ci_high"]] = np.nan
    return frame


def _limits(
    indicator: Indicator, numerator: pd.Series, denominator: pd.Series, confidence: float
) -> tuple[np.ndarray, np.ndarray]:
    if indicator.ci == "wilson":
        return proportion_limits(numerator.to_numpy(), denominator.to_numpy(), indicator.multiplier, confidence)
    if indicator.ci == "poisson":
        return rate_limits(numerator.to_numpy(), denominator.to_numpy(), indicator.multiplier, confidence)
    return np.full(len(numerator), np.nan), np.full(len(numerator), np.nan)


def _flags(frame: pd.DataFrame, indicator: Indicator, denominator: pd.Series, options: ComputeOptions) -> np.ndarray:
    """The flags of each row (`Flag` bits), built column-wise."""
    conditions = {
        Flag.NO_DATA: frame["reporting"].fillna(0).to_numpy() == 0,
        Flag.INCOMPLETE: ((frame["completeness"] < 1) & (frame["reporting"].fillna(0) > 0)).to_numpy(),
        Flag.ZERO_DENOMINATOR: (denominator == 0).to_numpy(),
        Flag.ABOVE_100: (indicator.bounded & (frame["value"] > 100)).to_numpy(),
        Flag.INCOMPLETE_SUPPRESSED: (
            options.require_complete & (frame["completeness"] < 1) & (frame["reporting"].fillna(0) > 0)
        ).to_numpy(),
    }
    return _join_flags(conditions, len(frame))


def _join_flags(conditions: Mapping[Flag, np.ndarray], length: int) -> np.ndarray:
    """The flags whose condition holds, OR-ed into one integer per row (0 when none)."""
    bits = np.zeros(length, dtype=np.int64)
    for flag, mask in conditions.items():
        bits |= np.where(np.asarray(mask, dtype=bool), int(flag), 0)
    return bits


def _reported(indicator: Indicator, prepared: Prepared) -> pd.DataFrame:
    """Taken as given where reported, never summed up the hierarchy."""
    rows = prepared.yearly[prepared.yearly["variable"] == indicator.reported]
    length = len(rows)
    frame = pd.DataFrame(
        {
            "unit": rows["unit"].to_numpy(),
            "year": rows["year"].to_numpy(),
            "value": rows["value"].to_numpy(dtype=float),
            "numerator": np.nan,
            "denominator": np.nan,
            "ci_low": np.nan,
            "ci_high": np.nan,
            "completeness": 1.0,
            "reporting": pd.array([1] * length, dtype="Int64"),
            "expected": pd.array([1] * length, dtype="Int64"),
        }
    )
    frame["flags"] = _join_flags({Flag.REPORTED: np.ones(length, dtype=bool)}, length)
    return frame


def _decline(
    indicator: Indicator, indicators: Mapping[str, Indicator], prepared: Prepared, options: ComputeOptions
) -> pd.DataFrame:
    """X(t−1) − X(t): the fall of another indicator from the previous year."""
    base = compute_one(indicators[indicator.decline_of or ""], indicators, prepared, options)
    previous = base[["unit", "year", "value", "completeness"]].copy()
    previous["year"] = previous["year"] + 1
    merged = base[["unit", "year", "value", "completeness"]].merge(
        previous, on=["unit", "year"], suffixes=("", "_previous")
    )
    frame = pd.DataFrame(
        {
            "unit": merged["unit"],
            "year": merged["year"],
            "value": merged["value_previous"] - merged["value"],
            "numerator": np.nan,
            "denominator": np.nan,
            "ci_low": np.nan,
            "ci_high": np.nan,
            "completeness": np.fmin(merged["completeness"], merged["completeness_previous"]),
            "reporting": pd.array([pd.NA] * len(merged), dtype="Int64"),
            "expected": pd.array([pd.NA] * len(merged), dtype="Int64"),
        }
    )
    frame["flags"] = _join_flags(
        {
            Flag.NO_DATA: frame["value"].isna().to_numpy(),
            Flag.INCOMPLETE: (frame["completeness"] < 1).to_numpy(),
        },
        len(frame),
    )
    return frame


def missing_inputs(
    prepared: Prepared, results: pd.DataFrame, indicators: Mapping[str, Indicator], year: int
) -> dict[tuple[str, int, str], list[str]]:
    """For rows of `year` without a value: the input variables with no data anywhere in that unit's area
    (or last year's value, for a fall from last year)."""
    rows = results[(results["year"] == year) & results["value"].isna()]
    if rows.empty:
        return {}
    yearly = prepared.yearly
    present = yearly[yearly["year"] == year].merge(prepared.ancestry[["unit", "ancestor"]], on="unit")
    have = set(zip(present["ancestor"], present["variable"], strict=True))
    out: dict[tuple[str, int, str], list[str]] = {}
    for unit, indicator in zip(rows["unit"], rows["indicator"], strict=True):  # only the rows lacking data
        definition = indicators[indicator]
        if definition.decline_of:
            out[(unit, year, indicator)] = [f"{definition.decline_of} {year - 1}"]
            continue
        out[(unit, year, indicator)] = [v for v in definition.variables() if (unit, v) not in have]
    return out
