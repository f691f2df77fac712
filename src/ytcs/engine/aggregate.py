"""Engine, aggregate: counts over time within a year, then up the administrative hierarchy.

Rules (README, "How numbers are computed"):
- Within a year each variable combines by its dictionary rule: `sum` for events (births, deaths),
  `mean` for population (GSO average population), `last` for stocks (doctors, beds, stations).
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
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ytcs.data.hierarchy import LEVEL_RANK, expected_units, member
from ytcs.plans.models import Variable


def aggregate_over_time(values: pd.DataFrame, variables: Mapping[str, Variable]) -> pd.DataFrame:
    """One value per unit, year and variable: sum, mean or last of the periods reported.

    Returns columns unit, year, variable, value, periods (how many rows were combined).
    An annual row (no month) and monthly rows for the same unit-year-variable are not mixed:
    the annual row is used, since adding both would double-count events.
    Works on integer group keys (factorised unit and variable), so national monthly files stay fast.
    """
    if values.empty:
        return pd.DataFrame(
            {
                "unit": pd.Series(dtype=str),
                "year": pd.Series(dtype="int64"),
                "variable": pd.Series(dtype=str),
                "value": pd.Series(dtype=float),
                "periods": pd.Series(dtype="int64"),
            }
        )
    unit_codes, unit_labels = pd.factorize(values["unit"], sort=False)
    variable_codes, variable_labels = pd.factorize(values["variable"], sort=False)
    year_codes, year_labels = pd.factorize(values["year"], sort=False)
    key = (unit_codes.astype(np.int64) * len(year_labels) + year_codes) * len(variable_labels) + variable_codes
    month = values["month"].to_numpy(dtype=float, na_value=np.nan)
    value = values["value"].to_numpy(dtype=float)
    annual = np.isnan(month)
    if not annual.all():
        keep = annual | ~np.isin(key, np.unique(key[annual]))
        key, month, value = key[keep], month[keep], value[keep]
        annual = annual[keep]
    # Order by key, then month (an annual row sorts last; it is alone in its group anyway).
    order = np.lexsort((np.where(annual, np.inf, month), key))
    key, value = key[order], value[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    ends = np.r_[starts[1:], len(key)]
    group_key = key[starts]
    periods = ends - starts
    sums = np.add.reduceat(value, starts) if len(value) else np.array([], dtype=float)
    lasts = value[ends - 1] if len(value) else np.array([], dtype=float)
    variable_of_group = group_key % len(variable_labels) if len(variable_labels) else group_key
    rules = np.array([variables[v].time_aggregation if v in variables else "last" for v in variable_labels])
    rule = rules[variable_of_group] if len(rules) else np.array([], dtype=str)
    chosen = np.select([rule == "sum", rule == "mean"], [sums, sums / np.maximum(periods, 1)], default=lasts)
    unit_year = group_key // max(len(variable_labels), 1)
    return pd.DataFrame(
        {
            "unit": pd.Index(unit_labels, dtype=object)[unit_year // max(len(year_labels), 1)],
            "year": np.asarray(year_labels, dtype="int64")[unit_year % max(len(year_labels), 1)],
            "variable": pd.Index(variable_labels, dtype=object)[variable_of_group],
            "value": chosen.astype(float),
            "periods": periods.astype("int64"),
        }
    )


def reporting_levels(yearly: pd.DataFrame, units: pd.DataFrame) -> dict[str, str]:
    """For each variable, the lowest level at which any unit reports it."""
    rank = yearly["unit"].map(units.set_index("code")["level"].map(LEVEL_RANK))
    lowest = rank.groupby(yearly["variable"]).min()
    by_rank = {r: name for name, r in LEVEL_RANK.items()}
    return {variable: by_rank[int(r)] for variable, r in lowest.dropna().items()}


def to_wide(yearly: pd.DataFrame) -> pd.DataFrame:
    """Yearly values as one row per (unit, year) and one column per variable (NaN = not reported)."""
    wide = yearly.set_index(["unit", "year", "variable"])["value"].unstack("variable")
    wide.columns.name = None
    return wide


def sum_up_hierarchy(
    wide: pd.DataFrame,
    names: Sequence[str],
    units: pd.DataFrame,
    ancestry: pd.DataFrame,
    levels: Mapping[str, str],
    expected: Mapping[str, pd.Index] | None = None,
) -> pd.DataFrame:
    """Totals of `names` for every unit and year, with completeness (`wide` as made by `to_wide`;
    `expected` as made by `expected_by_level`, computed here when not given).

    Returns one row per (unit, year) with a column per variable (NaN when nothing reported),
    `reporting` and `expected` (units counted, for the least complete group of inputs) and
    `completeness` = reporting / expected. Variables with no data anywhere are all-NaN.
    """
    names = list(dict.fromkeys(names))
    present = [n for n in names if n in levels]
    wide = wide[present].dropna(how="all")
    years = sorted(wide.index.get_level_values("year").unique())
    result = pd.MultiIndex.from_product([units["code"], years], names=["unit", "year"]).to_frame(index=False)
    completeness_parts = []
    for level in sorted({levels[n] for n in present}, key=LEVEL_RANK.__getitem__):
        group = [n for n in present if levels[n] == level]
        reporters = expected[level] if expected is not None else expected_units(units, ancestry, level)
        totals, counts = _sum_group(wide[group], reporters, units, ancestry)
        result = result.merge(totals, on=["unit", "year"], how="left")
        completeness_parts.append(counts)
    for name in names:
        if name not in result:
            result[name] = np.nan
    if completeness_parts:
        # The least complete group decides; a group with no expected unit here (NaN) means the
        # indicator is not defined at this unit's level, and that wins over everything.
        counts = pd.concat(completeness_parts).sort_values("completeness", kind="stable", na_position="first")
        counts = counts.drop_duplicates(["unit", "year"], keep="first")
        result = result.merge(counts, on=["unit", "year"], how="left")
    else:
        result[["reporting", "expected", "completeness"]] = np.nan
    if len(present) < len(names):
        # An input no unit reports at all: nothing is complete, and that must show (missing is not zero).
        defined = result["completeness"].notna() | (len(present) == 0)
        result.loc[defined, ["reporting", "completeness"]] = 0
    return result


def _sum_group(
    wide: pd.DataFrame, expected: pd.Index, units: pd.DataFrame, ancestry: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sum one group of inputs that share a reporting level, over units reporting all of them."""
    group = list(wide.columns)
    frame = wide.reset_index()
    is_expected = pd.Series(member(frame["unit"], expected), index=frame.index)
    complete = frame[group].notna().all(axis=1)
    # Expected units count only when they report every input; units above the level add what they have.
    contributing = frame[(is_expected & complete) | ~is_expected]
    linked = contributing.merge(ancestry[["unit", "ancestor"]], on="unit")
    totals = (
        linked.groupby(["ancestor", "year"])[group].sum(min_count=1).reset_index().rename(columns={"ancestor": "unit"})
    )
    reporting_units = frame.loc[is_expected & complete, ["unit", "year"]]
    reporting = (
        reporting_units.merge(ancestry[["unit", "ancestor"]], on="unit")
        .groupby(["ancestor", "year"])
        .size()
        .rename("reporting")
        .reset_index()
        .rename(columns={"ancestor": "unit"})
    )
    expected_counts = ancestry[member(ancestry["unit"], expected)].groupby("ancestor").size().rename("expected")
    years = frame["year"].unique()
    counts = pd.MultiIndex.from_product([units["code"], years], names=["unit", "year"]).to_frame(index=False)
    counts["expected"] = counts["unit"].map(expected_counts).fillna(0).astype("int64")
    counts = counts.merge(reporting, on=["unit", "year"], how="left")
    counts["reporting"] = counts["reporting"].fillna(0).astype("int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        counts["completeness"] = np.where(counts["expected"] > 0, counts["reporting"] / counts["expected"], np.nan)
    return totals, counts
