"""Engine, compute: every indicator of a plan at every unit and year, from summed counts.

Each row carries the numerator and denominator it was computed from, the confidence interval in
the indicator's own units, the completeness of the sums and flags, so anyone can check it.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ytcs.data.counts import Counts, block_from_long, concat_blocks
from ytcs.data.hierarchy import LEVEL_RANK, Hierarchy
from ytcs.data.totals import find_totals, without_totals
from ytcs.engine.aggregate import (
    SumMemo,
    Yearly,
    aggregate_over_time,
    reporting_levels,
    sum_groups,
    sum_up_hierarchy,
)
from ytcs.engine.rows import RESULT_COLUMNS, Rows, result_frame
from ytcs.engine.stats import proportion_limits, rate_limits
from ytcs.plans.models import Indicator, Variable, parse_expression
from ytcs.vocab import Flag


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
    prepared: Prepared,
    indicators: Mapping[str, Indicator],
    options: ComputeOptions | None = None,
    shown: Collection[int] | None = None,
) -> pd.DataFrame:
    """`compute_indicators` on data already prepared (the pipeline keeps `prepared` for gap). Every indicator's
    rows are arrays on integer unit and year positions; the one result frame is built at the end, with the
    rows of the years `shown` only (default: every year prepared; a fall from last year is worked out from
    the year before even when that year is not shown)."""
    years = np.asarray(prepared.yearly.years, dtype=np.int64)
    made = np.isin(years, np.fromiter(shown, dtype=np.int64)) if shown is not None else np.ones(len(years), bool)
    work = _Work(prepared, indicators, options or ComputeOptions(), SumMemo(prepared.hierarchy), made)
    summed = [i.variables() for i in indicators.values() if i.formula_kind not in ("reported", "decline")]
    sum_groups(prepared.yearly, summed, prepared.levels, prepared.expected, work.memo)  # one roll-up for them all
    for indicator in indicators.values():
        _rows(indicator, work)
    parts = [(position, work.shown_rows(i)) for position, i in enumerate(indicators.values())]
    parts = [(position, rows) for position, rows in parts if len(rows.unit)]
    if not parts:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    return result_frame(prepared.units, prepared.hierarchy, prepared.yearly.years, list(indicators.values()), parts)


@dataclass
class _Work:
    """What the rows of a plan's indicators are made from, and those made so far. Rows are made for the years
    `made` (a boolean per year prepared) only, but for every year for what a fall from last year falls from."""

    prepared: Prepared
    indicators: Mapping[str, Indicator]
    options: ComputeOptions
    memo: SumMemo
    made: np.ndarray
    done: dict[str, Rows] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.falling = {i.decline_of for i in self.indicators.values() if i.decline_of}

    def years_of(self, indicator: Indicator) -> np.ndarray:
        """For each year prepared, whether the indicator's rows are made for it."""
        return np.ones_like(self.made) if indicator.id in self.falling else self.made

    def shown_rows(self, indicator: Indicator) -> Rows:
        """The indicator's rows in the years shown."""
        rows = self.done[indicator.id]
        every_year = indicator.id in self.falling or indicator.decline_of
        return rows.where(self.made[rows.year]) if every_year and not self.made.all() else rows


def _rows(indicator: Indicator, work: _Work) -> Rows:
    """One indicator's rows, computed once (a fall from last year reuses the rows of what falls)."""
    if indicator.id in work.done:
        return work.done[indicator.id]
    kind = indicator.formula_kind
    if kind == "reported":
        rows = _reported(indicator, work.prepared, work.years_of(indicator))
    elif kind == "decline":
        base = _rows(work.indicators[indicator.decline_of or ""], work)
        rows = _decline(base, work.prepared.yearly.years)
    else:
        rows = _from_sums(indicator, work.prepared, work.options, work.memo, work.years_of(indicator))
    work.done[indicator.id] = rows
    return rows


def _evaluate(expression: str, totals: Mapping[str, np.ndarray]) -> np.ndarray:
    """Σ of signed terms; missing if any term is missing (missing is never zero)."""
    terms = parse_expression(expression)
    result = np.zeros(len(totals[terms[0][1]]))
    for sign, name in terms:
        result = result + sign * totals[name]
    return result


def _from_sums(
    indicator: Indicator, prepared: Prepared, options: ComputeOptions, memo: SumMemo, made: np.ndarray
) -> Rows:
    """Rows from inputs summed up the hierarchy, in the years `made` (a boolean per year prepared)."""
    totals = sum_up_hierarchy(prepared.yearly, indicator.variables(), prepared.levels, prepared.expected, memo)
    # Not defined at this unit's level: an input is reported only above it (e.g. beds at communes).
    defined = ~np.isnan(totals.completeness) & (totals.years_with_data & made)[None, :]
    units, years = np.nonzero(defined)  # a mask takes the same cells in the same order, faster
    columns = {name: array[defined] for name, array in totals.values.items()}
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
    completeness = totals.completeness[defined]
    reporting = totals.reporting[defined]
    flags = _flags(indicator, value, denominator, completeness, reporting, options)
    flags |= _carried_flags(_carried_marker(indicator, prepared, units, years))
    if options.require_complete:
        suppress = completeness < 1
        value, low, high = (np.where(suppress, np.nan, column) for column in (value, low, high))
    return Rows(unit=units, year=years, value=value, numerator=numerator, denominator=denominator, ci_low=low,
                ci_high=high, completeness=completeness, reporting=reporting, expected=totals.expected[defined],
                flags=flags)  # fmt: skip


def _limits(
    indicator: Indicator, numerator: np.ndarray, denominator: np.ndarray, confidence: float
) -> tuple[np.ndarray, np.ndarray]:
    if indicator.ci == "wilson":
        return proportion_limits(numerator, denominator, indicator.multiplier, confidence)
    if indicator.ci == "poisson":
        return rate_limits(numerator, denominator, indicator.multiplier, confidence)
    return np.full(len(numerator), np.nan), np.full(len(numerator), np.nan)


def _flags(
    indicator: Indicator,
    value: np.ndarray,
    denominator: np.ndarray,
    completeness: np.ndarray,
    reporting: np.ndarray,
    options: ComputeOptions,
) -> np.ndarray:
    """The flags of each row (`Flag` bits), built column-wise. A negative value (a difference of counts that
    came out below zero) is flagged, and gap never judges it met."""
    incomplete = (completeness < 1) & (reporting > 0)
    conditions = {
        Flag.NO_DATA: reporting == 0,
        Flag.INCOMPLETE: incomplete,
        Flag.ZERO_DENOMINATOR: denominator == 0,
        Flag.ABOVE_100: indicator.bounded & (value > 100),
        Flag.NEGATIVE: value < 0,
        Flag.INCOMPLETE_SUPPRESSED: options.require_complete & incomplete,
    }
    return _join_flags(conditions, len(value))


def _carried_flags(marker: np.ndarray) -> np.ndarray:
    return _join_flags({Flag.CARRIED: marker == 1, Flag.APPORTIONED: marker == 2}, len(marker))


def _join_flags(conditions: Mapping[Flag, np.ndarray], length: int) -> np.ndarray:
    """The flags whose condition holds, OR-ed into one integer per row (0 when none)."""
    bits = np.zeros(length, dtype=np.int64)
    for flag, mask in conditions.items():
        bits |= np.where(np.asarray(mask, dtype=bool), int(flag), 0)
    return bits


def _reported(indicator: Indicator, prepared: Prepared, made: np.ndarray) -> Rows:
    """Taken as given where reported, never summed up the hierarchy; in the years `made`."""
    array = prepared.yearly.values.get(indicator.reported or "")
    given = ~np.isnan(array) & made[None, :] if array is not None else None
    units, years = np.nonzero(given) if given is not None else (np.zeros(0, int), np.zeros(0, int))
    length = len(units)
    value = array[units, years] if array is not None else np.zeros(0)
    missing, one = np.full(length, np.nan), np.ones(length)
    flags = _join_flags({Flag.REPORTED: np.ones(length, dtype=bool)}, length)
    flags |= _carried_flags(_carried_marker(indicator, prepared, units, years))
    return Rows(unit=units, year=years, value=value, numerator=missing, denominator=missing, ci_low=missing,
                ci_high=missing, completeness=one, reporting=one, expected=one, flags=flags)  # fmt: skip


def _decline(base: Rows, years: list[int]) -> Rows:
    """X(t−1) − X(t): the fall of another indicator from the previous year, at each unit and year where the
    indicator has a row for both years."""
    row_at = np.full((int(base.unit.max(initial=-1)) + 1, len(years)), -1, dtype=np.int64)
    row_at[base.unit, base.year] = np.arange(len(base.unit))
    year_before = pd.Index(years).get_indexer(np.asarray(years, dtype=np.int64) - 1)[base.year]
    before = np.where(year_before >= 0, row_at[base.unit, np.maximum(year_before, 0)], -1)
    now = np.flatnonzero(before >= 0)
    before = before[now]
    value = base.value[before] - base.value[now]
    completeness = np.fmin(base.completeness[now], base.completeness[before])
    flags = _join_flags({Flag.NO_DATA: np.isnan(value), Flag.INCOMPLETE: completeness < 1}, len(now))
    flags |= (base.flags[now] | base.flags[before]) & int(Flag.CARRIED | Flag.APPORTIONED)
    missing = np.full(len(now), np.nan)
    return Rows(unit=base.unit[now], year=base.year[now], value=value, numerator=missing, denominator=missing,
                ci_low=missing, ci_high=missing, completeness=completeness, reporting=missing, expected=missing,
                flags=flags)  # fmt: skip


def missing_inputs(
    prepared: Prepared, results: pd.DataFrame, indicators: Mapping[str, Indicator], year: int
) -> dict[tuple[str, int, str], list[str]]:
    """For rows of `year` without a value: the input variables with no data anywhere in that unit's area
    (or last year's value, for a fall from last year). Worked out per indicator and pattern of inputs
    lacking, not per row: a national unit list without data has millions of such rows."""
    rows = results[(results["year"] == year) & results["value"].isna()]
    if rows.empty:
        return {}
    which = rows["indicator"].astype(object).to_numpy()
    present = {str(indicator): which == indicator for indicator in pd.unique(which)}
    have = _reported_below(prepared, {name for key in present for name in indicators[key].variables()}, year)
    at = prepared.hierarchy.codes.get_indexer(rows["unit"].astype(object).to_numpy())
    lacking = np.empty(len(rows), dtype=object)
    for key, mine in present.items():
        definition = indicators[key]
        if definition.decline_of:
            lacking[mine] = _as_objects([[f"{definition.decline_of} {year - 1}"]])[np.zeros(mine.sum(), dtype=int)]
            continue
        names = definition.variables()
        # Which inputs each row lacks, as bits (an input named twice has one bit), then one list per pattern.
        bit = {name: 1 << i for i, name in enumerate(dict.fromkeys(names))}
        pattern = np.zeros(int(mine.sum()), dtype=np.int64)
        for name, value in bit.items():
            pattern |= np.where(have[name][at[mine]] if len(have[name]) else False, 0, value)
        distinct, where = np.unique(pattern, return_inverse=True)
        lists = [[name for name in names if int(code) & bit[name]] for code in distinct]
        lacking[mine] = _as_objects(lists)[where]
    keys = zip(rows["unit"].astype(object).to_numpy(), itertools.repeat(year), which, strict=False)
    return dict(zip(keys, lacking, strict=False))


def _reported_below(prepared: Prepared, names: set[str], year: int) -> dict[str, np.ndarray]:
    """For each input, whether any unit in each unit's area reports it in `year` (empty: nobody, any year)."""
    position = prepared.yearly.years.index(year) if year in prepared.yearly.years else None
    have: dict[str, np.ndarray] = {}
    for name in names:
        array = prepared.yearly.values.get(name)
        given = ~np.isnan(array[:, position]) if array is not None and position is not None else None
        have[name] = prepared.hierarchy.roll_up(given.astype(float)) > 0 if given is not None else np.zeros(0, bool)
    return have


def _as_objects(lists: list[list[str]]) -> np.ndarray:
    """Lists as the elements of an object array (numpy would otherwise read them as a second dimension)."""
    array = np.empty(len(lists), dtype=object)
    for i, item in enumerate(lists):
        array[i] = item
    return array
