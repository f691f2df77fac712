"""Engine, aggregate: counts over time within a year, then up the administrative hierarchy.

Rules (README, "How numbers are computed"):
- Within a year each variable combines by its dictionary rule: `sum` for events (births, deaths),
  `mean` for population (GSO average population), `last` for stocks (doctors, beds, stations).
  A whole-year row is used instead of monthly rows for the same unit, year and variable.
- Up the hierarchy, counts are summed; rates are computed later from the sums, never averaged.
- A variable's *reporting level* is the lowest level at which any unit reports it (communes for
  population, districts for a district hospital's beds). A unit above that level with no unit of
  that level below it (Lý Sơn, a district without communes) stands in for its own children.
- Inputs reported at the same level are summed over the units that report *all* of them, so a
  missing insured count in one commune leaves that commune out of both the numerator and the
  denominator (completeness 2/3), instead of silently lowering the rate.
- Values attached to a district or province itself (a provincial hospital's beds) are added to
  that unit's total and its ancestors'.
- Missing is never zero: a sum over no reporting unit is missing.

Everything runs on arrays of units × years (a row per unit of units.csv, in its order), one per
variable: a roll-up is a pass per depth of the tree over a parent-index array.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ytcs.data.counts import Counts
from ytcs.data.hierarchy import LEVEL_RANK, Hierarchy
from ytcs.plans.models import Variable

LEVELS_BY_RANK = {rank: name for name, rank in LEVEL_RANK.items()}


@dataclass(frozen=True)
class Yearly:
    """Each variable's value per unit and year (NaN = not reported): arrays of units × years."""

    years: list[int]
    values: dict[str, np.ndarray]


def _group_keys(counts: Counts, hierarchy: Hierarchy, years: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Rows of known units in the years asked: their positions and (unit × years + year position) keys."""
    unit = counts.unit_index(hierarchy.codes)
    year = counts.frame["year"].to_numpy()
    chosen = np.asarray(years, dtype=np.int64)
    year_position = np.minimum(np.searchsorted(chosen, year), max(len(chosen) - 1, 0))
    asked = chosen[year_position] == year if len(chosen) else np.zeros(len(year), dtype=bool)
    rows = np.flatnonzero((unit >= 0) & asked)
    return rows, unit[rows].astype(np.int64) * len(years) + year_position[rows]


@dataclass
class _Periods:
    """The rows of one aggregation: each row's key (unit and year) and month (0 for a whole year), in the
    order of months within each key, and the work every fully reported variable shares."""

    key: np.ndarray
    month: np.ndarray
    size: int

    def __post_init__(self) -> None:
        self.monthly = self.month > 0
        self.annual = ~self.monthly if not self.monthly.all() else None
        # By unit and year, then month: the last month last (one stable sort of one integer key).
        first = int(self.month.min(initial=0))
        step = int(self.month.max(initial=0)) - first + 1
        self.order = np.argsort(self.key * step + (self.month - first), kind="stable")
        self.monthly_keys = self.key[self.monthly]
        self.monthly_count = np.bincount(self.monthly_keys, minlength=self.size).astype(np.float64)
        self.last_rows, self.last_keys = self.last_of(self.monthly)

    def last_of(self, monthly: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The row of the last month given for each key, and that key."""
        in_order = self.order[monthly[self.order]]
        ordered_keys = self.key[in_order]
        last = np.r_[ordered_keys[1:] != ordered_keys[:-1], True] if len(in_order) else np.zeros(0, dtype=bool)
        return in_order[last], ordered_keys[last]


def aggregate_over_time(
    counts: Counts, hierarchy: Hierarchy, variables: Mapping[str, Variable], years: Iterable[int] | None = None
) -> Yearly:
    """One value per unit, year and variable: the sum, mean or last of the months reported, or the
    whole-year row where there is one (adding both would double-count events)."""
    in_data = counts.frame["year"].to_numpy()
    chosen = sorted({int(y) for y in years}) if years is not None else [int(y) for y in np.unique(in_data)]
    rows, key = _group_keys(counts, hierarchy, chosen)
    every_row = len(rows) == len(counts.frame)
    periods = _Periods(key, counts.frame["month"].to_numpy()[rows], len(hierarchy) * len(chosen))
    values = {}
    for variable in counts.variables:
        rule = variables[variable].time_aggregation if variable in variables else "last"
        column = counts.frame[variable].to_numpy(dtype=np.float64)
        column = column if every_row else column[rows]
        values[variable] = _combine(column, periods, rule).reshape(len(hierarchy), len(chosen))
    return Yearly(chosen, values)


def _combine(column: np.ndarray, at: _Periods, rule: str) -> np.ndarray:
    given = ~np.isnan(column)
    whole = bool(given.all())  # fully reported: the rows, keys and counts every such variable shares
    monthly = at.monthly if whole else given & at.monthly
    if rule == "last":
        rows, keys = (at.last_rows, at.last_keys) if whole else at.last_of(monthly)
        result = np.full(at.size, np.nan)
        result[keys] = column[rows]
    else:
        keys = at.monthly_keys if whole else at.key[monthly]
        count = at.monthly_count if whole else np.bincount(keys, minlength=at.size).astype(np.float64)
        weights = column if whole and at.annual is None else column[monthly]
        total = np.bincount(keys, weights=weights, minlength=at.size)
        with np.errstate(invalid="ignore", divide="ignore"):
            result = np.where(count > 0, total / count if rule == "mean" else total, np.nan)
    if at.annual is not None:
        annual = given & at.annual
        result[at.key[annual]] = column[annual]
    return result


def reporting_levels(yearly: Yearly, hierarchy: Hierarchy) -> dict[str, str]:
    """For each variable, the lowest level at which any unit reports it."""
    levels = {}
    for variable, array in yearly.values.items():
        reporting = np.isnan(array).all(axis=1) == False  # noqa: E712  (a unit reporting in any year)
        if reporting.any():
            levels[variable] = LEVELS_BY_RANK[int(hierarchy.rank[reporting].min())]
    return levels


@dataclass(frozen=True)
class Totals:
    """Sums of some variables for every unit and year, with how complete the least complete group is."""

    values: dict[str, np.ndarray]
    reporting: np.ndarray
    expected: np.ndarray
    completeness: np.ndarray
    years_with_data: np.ndarray  # the years in which any unit reports any of the inputs


# Group sums already rolled up, by reporting level and the group's inputs: indicators sharing inputs at a
# level (doctors and population, nurses and population…) share nothing else, but the same group is rolled up once.
SumMemo = dict[tuple[str, frozenset[str]], Totals]


def _sum_group(yearly: Yearly, group: list[str], expected: np.ndarray, hierarchy: Hierarchy) -> Totals:
    """Sum one group of inputs sharing a reporting level, over the units reporting all of them (expected
    units) plus what units outside the expected ones report themselves. Each input's sum depends only on
    which units report the whole group, never on the order of the group."""
    arrays = [yearly.values[name] for name in group]
    complete = np.logical_and.reduce([~np.isnan(a) for a in arrays])
    reporting = expected[:, None] & complete
    contributing = reporting | ~expected[:, None]
    stacked = [np.where(contributing & ~np.isnan(a), a, 0.0) for a in arrays]
    given = [(contributing & ~np.isnan(a)).astype(np.float64) for a in arrays]
    rolled = hierarchy.roll_up(np.hstack([*stacked, *given, reporting.astype(np.float64)]))
    width = len(yearly.years)
    sums = {}
    for i, name in enumerate(group):
        total = rolled[:, i * width : (i + 1) * width]
        counted = rolled[:, (len(group) + i) * width : (len(group) + i + 1) * width]
        sums[name] = np.where(counted > 0, total, np.nan)
    reporting_count = rolled[:, 2 * len(group) * width :]
    expected_count = np.repeat(hierarchy.roll_up(expected.astype(np.float64))[:, None], width, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        completeness = np.where(expected_count > 0, reporting_count / expected_count, np.nan)
    return Totals(sums, reporting_count, expected_count, completeness, np.ones(width, dtype=bool))


def _memo_group(
    yearly: Yearly,
    members: list[str],
    level: str,
    hierarchy: Hierarchy,
    expected: Mapping[str, np.ndarray],
    memo: SumMemo | None,
) -> Totals:
    """The group's sums from `memo` when another indicator needed the same group, else summed (and kept)."""
    key = (level, frozenset(members))
    if memo is not None and key in memo:
        return memo[key]
    group = _sum_group(yearly, members, expected[level], hierarchy)
    if memo is not None:
        memo[key] = group
    return group


def sum_up_hierarchy(
    yearly: Yearly,
    names: Sequence[str],
    hierarchy: Hierarchy,
    levels: Mapping[str, str],
    expected: Mapping[str, np.ndarray],
    memo: SumMemo | None = None,
) -> Totals:
    """Totals of `names` for every unit and year, with completeness: the least complete group of inputs
    decides, and a group with no expected unit at a unit's level (NaN) means the indicator is not defined
    there. An input nobody reports makes nothing complete (missing is not zero). `memo`: groups summed
    already for other indicators of the same data, reused (and filled)."""
    names = list(dict.fromkeys(names))
    present = [n for n in names if n in levels]
    shape = (len(hierarchy), len(yearly.years))
    values = {name: np.full(shape, np.nan) for name in names}
    reporting, expected_count, completeness = np.full(shape, np.nan), np.full(shape, np.nan), np.full(shape, np.nan)
    first = True
    for level in sorted({levels[n] for n in present}, key=LEVEL_RANK.__getitem__):
        group = _memo_group(yearly, [n for n in present if levels[n] == level], level, hierarchy, expected, memo)
        values.update(group.values)
        if first:
            reporting, expected_count, completeness = group.reporting, group.expected, group.completeness
            first = False
            continue
        worse = np.isnan(group.completeness) | (group.completeness < completeness)
        worse &= ~np.isnan(completeness)
        reporting = np.where(worse, group.reporting, reporting)
        expected_count = np.where(worse, group.expected, expected_count)
        completeness = np.where(worse, group.completeness, completeness)
    if len(present) < len(names):
        defined = ~np.isnan(completeness) | (len(present) == 0)
        reporting = np.where(defined, 0.0, reporting)
        completeness = np.where(defined, 0.0, completeness)
    with_data = np.zeros(len(yearly.years), dtype=bool)
    for name in present:
        with_data |= (~np.isnan(yearly.values[name])).any(axis=0)
    return Totals(values, reporting, expected_count, completeness, with_data)
