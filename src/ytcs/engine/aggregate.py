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
variable. A roll-up goes up the tree a depth at a time, adding the k-th child of every parent at once
(`Hierarchy.roll_up`); every group of inputs that the indicators need is rolled up in one such pass (`sum_groups`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ytcs.data.counts import Counts
from ytcs.data.hierarchy import LEVEL_RANK, Hierarchy
from ytcs.data.reported import row_years, unit_positions
from ytcs.plans.models import Variable

LEVELS_BY_RANK = {rank: name for name, rank in LEVEL_RANK.items()}


@dataclass(frozen=True)
class Yearly:
    """Each variable's value per unit and year (NaN = not reported): arrays of units × years."""

    years: list[int]
    values: dict[str, np.ndarray]


def _group_keys(counts: Counts, hierarchy: Hierarchy, years: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Rows of known units in the years asked: their positions and (unit × years + year position) keys."""
    unit, _ = unit_positions(counts, hierarchy)  # looked up by the data checks already, for the same rows
    found, row_year = row_years(counts)  # likewise: the distinct years, and each row's among them
    chosen = np.asarray(years, dtype=np.int64)  # ascending
    place = np.minimum(np.searchsorted(chosen, found), max(len(chosen) - 1, 0))
    asked = chosen[place] == found if len(chosen) else np.zeros(len(found), dtype=bool)
    year_position = np.where(asked, place, -1)[row_year]  # per row: its year's position among those asked
    rows = np.flatnonzero((unit >= 0) & (year_position >= 0))
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
        self.every_row_monthly = bool(self.monthly.all())
        annual = self.month == 0
        self.annual = annual if annual.any() else None  # None: no whole-year row to put in place of months
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
    chosen = sorted({int(y) for y in years}) if years is not None else [int(y) for y in row_years(counts)[0]]
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
        weights = column if whole and at.every_row_monthly else column[monthly]
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


@dataclass
class SumMemo:
    """Work the indicators of one dataset share, done once: each group of inputs summed at its reporting
    level (doctors and population, nurses and population…), and per level the count of expected units
    and, per input, where units outside the expected ones report it themselves (None: nowhere)."""

    hierarchy: Hierarchy
    groups: dict[tuple[str, frozenset[str]], Totals] = field(default_factory=dict)
    expected: dict[str, np.ndarray] = field(default_factory=dict)
    own: dict[tuple[str, str], np.ndarray | None] = field(default_factory=dict)


# Columns rolled up together at most (units × columns): wide enough for a national file's every input at
# once, narrow enough that a list of 90,000 units does not hold hundreds of megabytes.
ROLL_UP_CELLS = 4_000_000


def _groups(names: Sequence[str], levels: Mapping[str, str]) -> list[tuple[str, list[str]]]:
    """The inputs among `names` that someone reports, grouped by reporting level, the lowest level first."""
    present = [n for n in dict.fromkeys(names) if n in levels]
    ranked = sorted({levels[n] for n in present}, key=LEVEL_RANK.__getitem__)
    return [(level, [n for n in present if levels[n] == level]) for level in ranked]


def sum_groups(
    yearly: Yearly,
    needs: Iterable[Sequence[str]],
    levels: Mapping[str, str],
    expected: Mapping[str, np.ndarray],
    memo: SumMemo,
) -> None:
    """Sum up the hierarchy every group of inputs that the indicators (`needs`: each one's inputs) use and
    `memo` lacks: all of them in one roll-up (a few when the units are many)."""
    wanted: dict[tuple[str, frozenset[str]], tuple[str, list[str]]] = {}
    for names in needs:
        for level, members in _groups(names, levels):
            if (level, frozenset(members)) not in memo.groups:
                wanted.setdefault((level, frozenset(members)), (level, members))
    _roll_own_and_expected(yearly, list(wanted.values()), expected, memo)
    width = len(yearly.years)
    batch: list[tuple[str, list[str]]] = []
    for level, members in wanted.values():
        batch.append((level, members))
        if sum(len(m) + 1 for _, m in batch) * width * len(memo.hierarchy) > ROLL_UP_CELLS:
            _sum_batch(yearly, batch, expected, memo)
            batch = []
    if batch:
        _sum_batch(yearly, batch, expected, memo)


def _roll_own_and_expected(
    yearly: Yearly, groups: list[tuple[str, list[str]]], expected: Mapping[str, np.ndarray], memo: SumMemo
) -> None:
    """For the groups' levels and inputs not in `memo` yet: how many units are expected at or below each unit,
    and whether a unit outside the expected ones reports the input at or below it."""
    levels = [level for level in dict.fromkeys(level for level, _ in groups) if level not in memo.expected]
    owns = []
    for level, name in dict.fromkeys((level, name) for level, members in groups for name in members):
        if (level, name) in memo.own:
            continue
        own = ~expected[level][:, None] & ~np.isnan(yearly.values[name])
        if own.any():
            owns.append(((level, name), own.astype(np.float64)))
        else:
            memo.own[(level, name)] = None
    if not levels and not owns:
        return
    rolled = memo.hierarchy.roll_up(np.hstack([*(expected[level].astype(np.float64)[:, None] for level in levels),
                                     *(own for _, own in owns)]))  # fmt: skip
    for at, level in enumerate(levels):
        memo.expected[level] = rolled[:, at]
    width = len(yearly.years)
    for i, (key, _) in enumerate(owns):
        memo.own[key] = rolled[:, len(levels) + i * width : len(levels) + (i + 1) * width] > 0


def _sum_batch(
    yearly: Yearly, batch: list[tuple[str, list[str]]], expected: Mapping[str, np.ndarray], memo: SumMemo
) -> None:
    """Sum each group of inputs sharing a reporting level over the units reporting all of them (expected
    units) plus what units outside the expected ones report themselves, the groups rolled up together.
    Each input's sum depends only on which units report the whole group, never on the order of the group."""
    blocks, with_data = [], []
    for level, members in batch:
        arrays = [yearly.values[name] for name in members]
        given = [~np.isnan(a) for a in arrays]
        complete = np.logical_and.reduce(given)
        reporting = expected[level][:, None] & complete
        contributing = reporting | ~expected[level][:, None]
        blocks += [np.where(contributing & reported, a, 0.0) for a, reported in zip(arrays, given, strict=True)]
        blocks.append(reporting.astype(np.float64))
        with_data.append(np.logical_or.reduce([reported.any(axis=0) for reported in given]))
    rolled = memo.hierarchy.roll_up(np.hstack(blocks))
    width, at = len(yearly.years), 0
    for (level, members), years_with_data in zip(batch, with_data, strict=True):
        columns = rolled[:, at : at + (len(members) + 1) * width]
        memo.groups[(level, frozenset(members))] = _group_totals(columns, level, members, years_with_data, memo)
        at += (len(members) + 1) * width


def _group_totals(
    rolled: np.ndarray, level: str, members: list[str], years_with_data: np.ndarray, memo: SumMemo
) -> Totals:
    """A group's totals from its rolled-up columns (each input's sums, then the count of units reporting all).
    A sum over no unit is missing: an input counts below a unit where an expected unit reports the whole
    group or another unit reports the input itself. `years_with_data`: the years any unit reports a member."""
    width = len(years_with_data)
    reporting_count = rolled[:, len(members) * width :]
    anyone = reporting_count > 0
    sums = {}
    for i, name in enumerate(members):
        own = memo.own[(level, name)]
        sums[name] = np.where(anyone if own is None else anyone | own, rolled[:, i * width : (i + 1) * width], np.nan)
    expected_count = np.repeat(memo.expected[level][:, None], width, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        completeness = np.where(expected_count > 0, reporting_count / expected_count, np.nan)
    return Totals(sums, reporting_count, expected_count, completeness, years_with_data)


def sum_up_hierarchy(
    yearly: Yearly,
    names: Sequence[str],
    levels: Mapping[str, str],
    expected: Mapping[str, np.ndarray],
    memo: SumMemo,
) -> Totals:
    """Totals of `names` for every unit and year, with completeness: the least complete group of inputs
    decides, and a group with no expected unit at a unit's level (NaN) means the indicator is not defined
    there. An input nobody reports makes nothing complete (missing is not zero). `memo`: the units' hierarchy
    and the groups summed already for other indicators of the same data (`sum_groups`), reused (and filled)."""
    sum_groups(yearly, [names], levels, expected, memo)
    names = list(dict.fromkeys(names))
    groups = [memo.groups[(level, frozenset(members))] for level, members in _groups(names, levels)]
    shape = (len(memo.hierarchy), len(yearly.years))
    values = {name: np.full(shape, np.nan) for name in names if name not in levels}  # nobody reports it
    if not groups:
        reporting, expected_count, completeness = np.full(shape, np.nan), np.full(shape, np.nan), np.full(shape, np.nan)
    else:
        reporting, expected_count, completeness = groups[0].reporting, groups[0].expected, groups[0].completeness
    for group in groups[1:]:
        worse = np.isnan(group.completeness) | (group.completeness < completeness)
        worse &= ~np.isnan(completeness)
        reporting = np.where(worse, group.reporting, reporting)
        expected_count = np.where(worse, group.expected, expected_count)
        completeness = np.where(worse, group.completeness, completeness)
    if values:  # an input nobody reports: defined where the others are, with nothing complete
        defined = ~np.isnan(completeness) | (not groups)
        reporting = np.where(defined, 0.0, reporting)
        completeness = np.where(defined, 0.0, completeness)
    with_data = np.zeros(len(yearly.years), dtype=bool)
    for group in groups:
        values.update(group.values)
        with_data |= group.years_with_data
    return Totals(values, reporting, expected_count, completeness, with_data)
