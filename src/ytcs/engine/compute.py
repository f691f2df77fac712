"""Engine, compute: every indicator of a plan at every unit and year, from summed counts.

Each row carries the numerator and denominator it was computed from, the confidence interval in
the indicator's own units, the completeness of the sums and flags, so anyone can check it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ytcs.data.counts import Counts, block_from_long, concat_blocks
from ytcs.data.hierarchy import LEVEL_RANK, Hierarchy
from ytcs.data.totals import find_totals, without_totals
from ytcs.engine.aggregate import Yearly, aggregate_over_time, reporting_levels, sum_up_hierarchy
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
    """The per-dataset work every indicator shares: the hierarchy, yearly values, reporting levels."""

    units: pd.DataFrame
    hierarchy: Hierarchy
    yearly: Yearly
    levels: dict[str, str]
    expected: dict[str, np.ndarray]
    carried: dict[str, np.ndarray] = field(default_factory=dict)  # variable → units × years: 1 exact, 2 apportioned


def prepare(
    units: pd.DataFrame,
    counts: Counts,
    variables: Mapping[str, Variable],
    years: Iterable[int] | None = None,
    hierarchy: Hierarchy | None = None,
    carried: pd.DataFrame | None = None,
) -> Prepared:
    """Combine the counts within each year (only `years`, when given) and find each variable's level.
    `hierarchy`: the units as arrays, when the caller has them already (a DataSet's); `carried`: which
    values came across a change of units (a DataSet's `carried`)."""
    hierarchy = hierarchy if hierarchy is not None else Hierarchy.of(units)
    counts = without_totals(counts, find_totals(counts, hierarchy, variables))  # never added to what they total
    yearly = aggregate_over_time(counts, hierarchy, variables, years)
    expected = {level: hierarchy.expected(rank) for level, rank in LEVEL_RANK.items()}
    markers = _carried_arrays(carried, hierarchy, yearly.years)
    return Prepared(units, hierarchy, yearly, reporting_levels(yearly, hierarchy), expected, markers)


def _carried_arrays(carried: pd.DataFrame | None, hierarchy: Hierarchy, years: list[int]) -> dict[str, np.ndarray]:
    """The markers of values carried across a change of units, as a units × years array per variable."""
    if carried is None or carried.empty:
        return {}
    unit = hierarchy.codes.get_indexer(carried["unit"].astype(object).to_numpy())
    year = pd.Index(years).get_indexer(carried["year"].to_numpy())
    known = (unit >= 0) & (year >= 0)
    arrays = {}
    for variable, rows in carried[known].groupby("variable").indices.items():
        array = np.zeros((len(hierarchy), len(years)), dtype=np.int8)
        np.maximum.at(array, (unit[known][rows], year[known][rows]), carried["marker"].to_numpy()[known][rows])
        arrays[str(variable)] = array
    return arrays


def _carried_marker(indicator: Indicator, prepared: Prepared, units: np.ndarray, years: np.ndarray) -> np.ndarray:
    """The highest marker among an indicator's inputs at each (unit, year): 0 none, 1 carried, 2 apportioned."""
    marker = np.zeros(len(units), dtype=np.int8)
    for name in indicator.variables():
        if name in prepared.carried:
            marker = np.maximum(marker, prepared.carried[name][units, years])
    return marker


def compute_indicators(
    units: pd.DataFrame,
    values: pd.DataFrame,
    indicators: Mapping[str, Indicator],
    variables: Mapping[str, Variable],
    options: ComputeOptions | None = None,
) -> pd.DataFrame:
    """All `indicators` for every unit and year in `values` (long form: unit, year, month, variable, value);
    columns as `RESULT_COLUMNS`."""
    long = values.assign(file="values", row=np.arange(len(values)) + 1)
    counts = concat_blocks([block_from_long("values", long)])
    return compute_prepared(prepare(units, counts, variables), indicators, options)


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
    hierarchy = prepared.hierarchy
    unit = hierarchy.codes.get_indexer(result["unit"].astype(object).to_numpy())
    result["unit_name"] = units["name"].astype(object).to_numpy()[unit]
    result["level"] = units["level"].astype(object).to_numpy()[unit]
    code_rank = np.empty(len(hierarchy), dtype=np.int64)
    code_rank[np.argsort(hierarchy.codes.to_numpy().astype(str), kind="stable")] = np.arange(len(hierarchy))
    order = pd.Index(list(indicators)).get_indexer(result["indicator"].astype(object).to_numpy())
    # By year, the province first, then by unit code and the plan's order of indicators.
    ranking = np.lexsort((order, code_rank[unit], -hierarchy.rank[unit].astype(np.int64), result["year"].to_numpy()))
    return result[RESULT_COLUMNS].take(ranking).reset_index(drop=True)


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


def _evaluate(expression: str, totals: Mapping[str, np.ndarray]) -> np.ndarray:
    """Σ of signed terms; missing if any term is missing (missing is never zero)."""
    terms = parse_expression(expression)
    result = np.zeros(len(totals[terms[0][1]]))
    for sign, name in terms:
        result = result + sign * totals[name]
    return result


def _from_sums(indicator: Indicator, prepared: Prepared, options: ComputeOptions) -> pd.DataFrame:
    totals = sum_up_hierarchy(
        prepared.yearly, indicator.variables(), prepared.hierarchy, prepared.levels, prepared.expected
    )
    # Not defined at this unit's level: an input is reported only above it (e.g. beds at communes).
    defined = ~np.isnan(totals.completeness) & totals.years_with_data[None, :]
    units, years = np.nonzero(defined)
    columns = {name: array[units, years] for name, array in totals.values.items()}
    if indicator.formula_kind == "count":
        numerator = _evaluate(indicator.count or "", columns)
        denominator = np.full(len(units), np.nan)
        value = numerator.copy()
        low = high = np.full(len(units), np.nan)
    else:
        numerator = _evaluate(indicator.numerator or "", columns)
        denominator = _evaluate(indicator.denominator or "", columns)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = numerator / np.where(denominator != 0, denominator, np.nan) * indicator.multiplier
        low, high = _limits(indicator, numerator, denominator, options.confidence)
    frame = pd.DataFrame(
        {
            "unit": prepared.hierarchy.codes[units],
            "year": np.asarray(prepared.yearly.years, dtype="int64")[years],
            "value": value.astype(float),
            "numerator": numerator.astype(float),
            "denominator": denominator.astype(float),
            "ci_low": low,
            "ci_high": high,
            "completeness": totals.completeness[units, years],
            "reporting": pd.array(totals.reporting[units, years].astype(np.int64), dtype="Int64"),
            "expected": pd.array(totals.expected[units, years].astype(np.int64), dtype="Int64"),
        }
    )
    frame["flags"] = _flags(frame, indicator, denominator, options) | _carried_flags(
        _carried_marker(indicator, prepared, units, years)
    )
    if options.require_complete:
        suppress = frame["completeness"] < 1
        frame.loc[suppress, ["value", "ci_low", "ci_high"]] = np.nan
    return frame


def _limits(
    indicator: Indicator, numerator: np.ndarray, denominator: np.ndarray, confidence: float
) -> tuple[np.ndarray, np.ndarray]:
    if indicator.ci == "wilson":
        return proportion_limits(numerator, denominator, indicator.multiplier, confidence)
    if indicator.ci == "poisson":
        return rate_limits(numerator, denominator, indicator.multiplier, confidence)
    return np.full(len(numerator), np.nan), np.full(len(numerator), np.nan)


def _flags(frame: pd.DataFrame, indicator: Indicator, denominator: np.ndarray, options: ComputeOptions) -> np.ndarray:
    """The flags of each row (`Flag` bits), built column-wise. A negative value (a difference of counts that
    came out below zero) is flagged, and gap never judges it met."""
    conditions = {
        Flag.NO_DATA: frame["reporting"].fillna(0).to_numpy() == 0,
        Flag.INCOMPLETE: ((frame["completeness"] < 1) & (frame["reporting"].fillna(0) > 0)).to_numpy(),
        Flag.ZERO_DENOMINATOR: denominator == 0,
        Flag.ABOVE_100: (indicator.bounded & (frame["value"] > 100)).to_numpy(),
        Flag.NEGATIVE: (frame["value"] < 0).to_numpy(),
        Flag.INCOMPLETE_SUPPRESSED: (
            options.require_complete & (frame["completeness"] < 1) & (frame["reporting"].fillna(0) > 0)
        ).to_numpy(),
    }
    return _join_flags(conditions, len(frame))


def _carried_flags(marker: np.ndarray) -> np.ndarray:
    return _join_flags({Flag.CARRIED: marker == 1, Flag.APPORTIONED: marker == 2}, len(marker))


def _join_flags(conditions: Mapping[Flag, np.ndarray], length: int) -> np.ndarray:
    """The flags whose condition holds, OR-ed into one integer per row (0 when none)."""
    bits = np.zeros(length, dtype=np.int64)
    for flag, mask in conditions.items():
        bits |= np.where(np.asarray(mask, dtype=bool), int(flag), 0)
    return bits


def _reported(indicator: Indicator, prepared: Prepared) -> pd.DataFrame:
    """Taken as given where reported, never summed up the hierarchy."""
    array = prepared.yearly.values.get(indicator.reported or "")
    units, years = np.nonzero(~np.isnan(array)) if array is not None else (np.zeros(0, int), np.zeros(0, int))
    length = len(units)
    frame = pd.DataFrame(
        {
            "unit": prepared.hierarchy.codes[units],
            "year": np.asarray(prepared.yearly.years, dtype="int64")[years],
            "value": array[units, years] if array is not None else np.zeros(0),
            "numerator": np.nan,
            "denominator": np.nan,
            "ci_low": np.nan,
            "ci_high": np.nan,
            "completeness": 1.0,
            "reporting": pd.array([1] * length, dtype="Int64"),
            "expected": pd.array([1] * length, dtype="Int64"),
        }
    )
    frame["flags"] = _join_flags({Flag.REPORTED: np.ones(length, dtype=bool)}, length) | _carried_flags(
        _carried_marker(indicator, prepared, units, years)
    )
    return frame


def _decline(
    indicator: Indicator, indicators: Mapping[str, Indicator], prepared: Prepared, options: ComputeOptions
) -> pd.DataFrame:
    """X(t−1) − X(t): the fall of another indicator from the previous year."""
    base = compute_one(indicators[indicator.decline_of or ""], indicators, prepared, options)
    columns = ["unit", "year", "value", "completeness", "flags"]
    previous = base[columns].copy()
    previous["year"] = previous["year"] + 1
    merged = base[columns].merge(previous, on=["unit", "year"], suffixes=("", "_previous"))
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
    ) | ((merged["flags"].to_numpy() | merged["flags_previous"].to_numpy()) & int(Flag.CARRIED | Flag.APPORTIONED))
    return frame


def missing_inputs(
    prepared: Prepared, results: pd.DataFrame, indicators: Mapping[str, Indicator], year: int
) -> dict[tuple[str, int, str], list[str]]:
    """For rows of `year` without a value: the input variables with no data anywhere in that unit's area
    (or last year's value, for a fall from last year)."""
    rows = results[(results["year"] == year) & results["value"].isna()]
    if rows.empty:
        return {}
    position = prepared.yearly.years.index(year) if year in prepared.yearly.years else None
    needed = {name for indicator in rows["indicator"].unique() for name in indicators[indicator].variables()}
    have: dict[str, np.ndarray] = {}
    for name in needed:  # whether any unit in each unit's area reports the variable this year
        array = prepared.yearly.values.get(name)
        given = ~np.isnan(array[:, position]) if array is not None and position is not None else None
        have[name] = prepared.hierarchy.roll_up(given.astype(float)) > 0 if given is not None else np.zeros(0, bool)
    index = prepared.hierarchy.codes.get_indexer(rows["unit"].astype(object).to_numpy())
    out: dict[tuple[str, int, str], list[str]] = {}
    for unit, at, indicator in zip(rows["unit"], index, rows["indicator"], strict=True):  # rows lacking data
        definition = indicators[indicator]
        if definition.decline_of:
            out[(unit, year, indicator)] = [f"{definition.decline_of} {year - 1}"]
            continue
        out[(unit, year, indicator)] = [v for v in definition.variables() if not (len(have[v]) and have[v][at])]
    return out
