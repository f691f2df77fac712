"""Engine, which (target, unit) pairs a plan is judged for, and what each looks up: one pass on integer keys.

Every target of the plan's whole area is asked of every unit listed, a target scoped to one unit of that
unit alone. Each pair is a (unit, indicator) key, numbered once; the rows of the units asked (one filter
of the results) are numbered the same way, and every lookup is then an array indexed by key: today's value
and interval, whether the value is undefined for lack of a denominator, whether the unit has any history
of it, its earliest value up to the data year, its completeness and flags; then units.csv and the inputs
each unit lacked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ytcs.plans.models import Indicator, Plan, Target
from ytcs.vocab import Flag

# What `judged_pairs` gives for each pair, besides `target`, `unit` and `indicator`.
LOOKED_UP = ["value", "ci_low", "ci_high", "today", "undefined", "history", "base_year", "base_value", "has_base",
             "completeness", "flags"]  # fmt: skip
UNIT_FACTS = ("unit_name", "level", "missing")

Pairs = dict[str, np.ndarray]


def _objects(values: pd.Series | np.ndarray | Sequence[object]) -> np.ndarray:
    """Keys as Python objects, so that text of any string storage compares equal."""
    return np.asarray(values.astype(object) if isinstance(values, pd.Series) else values, dtype=object)


def _requested(targets: Sequence[Target], codes: Sequence[str], only_unit: str | None) -> Pairs:
    """Every target with every unit asked, in plan then listing order; a scoped target with its unit only
    (none when `only_unit` names another)."""
    listed = np.asarray(list(codes), dtype=object)
    chosen = [
        (number, np.asarray([target.scope], dtype=object) if target.scope else listed)
        for number, target in enumerate(targets)
        if not (target.scope and only_unit is not None and target.scope != only_unit)
    ]
    if not chosen:
        return {"target": np.zeros(0, np.int64), "unit": np.zeros(0, object), "indicator": np.zeros(0, object)}
    place = np.concatenate([np.full(len(units), n, np.int64) for n, units in chosen])
    indicator_of = np.asarray([target.indicator for target in targets], dtype=object)
    return {"target": place, "unit": np.concatenate([units for _, units in chosen]), "indicator": indicator_of[place]}


@dataclass(frozen=True)
class _Keys:
    """(unit, indicator) numbered: unit number × number of indicators + indicator number."""

    units: pd.Index
    indicators: pd.Index

    def __len__(self) -> int:
        return len(self.units) * len(self.indicators)

    def of(self, unit: np.ndarray, indicator: np.ndarray) -> np.ndarray:
        """The key of each (unit, indicator); −1 where either is not one of the pairs'."""
        u, i = self.units.get_indexer(_objects(unit)), self.indicators.get_indexer(_objects(indicator))
        return np.where((u >= 0) & (i >= 0), u * len(self.indicators) + i, -1)


def _last_row(keys: np.ndarray, size: int) -> np.ndarray:
    """For every key, the position of its last row in `keys` (−1 there: no key); −1 where it has none."""
    found = np.flatnonzero(keys >= 0)
    out = np.full(size, -1, dtype=np.int64)
    np.maximum.at(out, keys[found], found)
    return out


def _take(values: np.ndarray, at: np.ndarray, empty: float = np.nan) -> np.ndarray:
    """values[at] as floats, `empty` where `at` is −1."""
    if not len(values):
        return np.full(len(at), empty)
    return np.where(at >= 0, np.asarray(values, dtype=float)[np.maximum(at, 0)], empty)


def _column(frame: pd.DataFrame, name: str) -> np.ndarray:
    """A column as floats; all missing where the frame has no such column."""
    return frame[name].to_numpy(dtype=float) if name in frame else np.full(len(frame), np.nan)


def _history(results: pd.DataFrame, published: pd.DataFrame | None, keys: _Keys) -> tuple[np.ndarray, ...]:
    """Values by unit, indicator and year, as (key, year, value) arrays in order: the computed ones, then the
    published ones (a published year that is also computed comes after it, so the computed one is found first)."""
    computed = results[results["value"].notna()]
    parts = [(computed["unit"], computed["indicator"], computed["year"].to_numpy(), computed["value"].to_numpy(float))]
    if published is not None and not published.empty:
        years = published["year"].astype("int64").to_numpy()
        parts.append((published["unit"], published["indicator"], years, published["value"].to_numpy(float)))
    key = np.concatenate([keys.of(unit.to_numpy(), indicator.to_numpy()) for unit, indicator, _, _ in parts])
    year = np.concatenate([part[2].astype(np.int64) for part in parts])
    value = np.concatenate([part[3] for part in parts])
    return key, year, value


def _earliest(key: np.ndarray, year: np.ndarray, size: int, up_to: int | None) -> np.ndarray:
    """For every key, the position of its earliest row up to `up_to` (the first of those of that year); −1."""
    kept = np.flatnonzero((key >= 0) & (year <= up_to if up_to is not None else True))
    order = kept[np.lexsort((kept, year[kept], key[kept]))]
    first = order[np.r_[True, key[order][1:] != key[order][:-1]]] if len(order) else order
    out = np.full(size, -1, dtype=np.int64)
    out[key[first]] = first
    return out


def _look_up(pairs: Pairs, results: pd.DataFrame, published: pd.DataFrame | None, data_year: int | None) -> Pairs:
    """Each pair with today's value and interval, whether it is undefined there (zero denominator), whether
    the unit has any history of it, its earliest value up to the data year, and today's completeness and
    flags: the `LOOKED_UP` columns."""
    keys = _Keys(pd.Index(pd.unique(pairs["unit"])), pd.Index(pd.unique(pairs["indicator"])))
    asked = keys.of(pairs["unit"], pairs["indicator"])
    row_key = keys.of(results["unit"].to_numpy(), results["indicator"].to_numpy())
    today = results["year"].to_numpy() == data_year if data_year is not None else np.zeros(len(results), bool)
    flags = results["flags"].astype("int64").to_numpy() if "flags" in results else np.zeros(len(results), np.int64)
    undefined = np.zeros(len(keys), bool)
    undefined[row_key[today & ((flags & int(Flag.ZERO_DENOMINATOR)) != 0) & (row_key >= 0)]] = True
    # A data year of None (no results) has no value today; a unit's undefined values still count.
    shown = today if data_year else np.zeros(len(results), bool)
    now = _last_row(np.where(shown, row_key, -1), len(keys))[asked]
    key, year, value = _history(results, published, keys)
    has_history = np.zeros(len(keys), bool)
    has_history[key[key >= 0]] = True
    first = _earliest(key, year, len(keys), data_year)[asked]
    today_of = {name: _take(_column(results, name), now) for name in ("value", "ci_low", "ci_high", "completeness")}
    return pairs | today_of | {
        "today": now >= 0, "undefined": undefined[asked], "history": has_history[asked],
        "base_year": _take(year, first), "base_value": _take(value, first), "has_base": first >= 0,
        "flags": _take(flags, now, 0).astype(np.int64),
    }  # fmt: skip


def judged_pairs(
    plan: Plan,
    targets: Sequence[Target],
    indicators: Mapping[str, Indicator],
    results: pd.DataFrame,
    units: pd.DataFrame,
    published: pd.DataFrame | None,
    *,
    data_year: int | None,
    codes: Sequence[str],
    missing_inputs: Mapping[tuple[str, int, str], list[str]],
    only_unit: str | None,
) -> Pairs:
    """One entry per (target, unit) judged, in plan then listing order, as arrays: `target` (its place in
    `targets`), unit, indicator, the `LOOKED_UP` columns and the `UNIT_FACTS` (what the unit lacks, its
    name and level)."""
    pairs = _requested(targets, codes, only_unit)
    wanted = pd.unique(pairs["unit"])
    results = rows_of_units(results, wanted)
    if published is not None:
        published = rows_of_units(published, wanted)
    found = _look_up(pairs, results, published, data_year)
    kept = _judged_here(plan, targets, indicators, found)
    found = {name: array[kept] for name, array in found.items()}
    return found | _unit_facts(found, units, missing_inputs, data_year)


def rows_of_units(frame: pd.DataFrame, codes: Sequence[str] | np.ndarray) -> pd.DataFrame:
    """The rows of `frame` whose unit is one of `codes` (one pass over its unit column)."""
    return frame[frame["unit"].isin(_objects(codes))]


def _judged_here(
    plan: Plan, targets: Sequence[Target], indicators: Mapping[str, Indicator], found: Pairs
) -> np.ndarray:
    """Targets of the plan's whole area are judged for a unit below it only where they apply there:
    rates and proportions (each district should reach the province's 95%) with a value defined there;
    counts such as the population size or a number of beds, and values reported only for the whole
    area, are not."""
    scoped = np.asarray([bool(t.scope) for t in targets] + [False])[found["target"]]
    applies = np.asarray([indicators[t.indicator].formula_kind in ("rate", "decline") for t in targets] + [False])
    computed_here = found["history"] | found["today"]
    below = ~found["undefined"] & applies[found["target"]] & computed_here
    return scoped | (found["unit"] == plan.jurisdiction.code) | below


def _unit_facts(
    found: Pairs, units: pd.DataFrame, missing_inputs: Mapping[tuple[str, int, str], list[str]], data_year: int | None
) -> Pairs:
    """Each unit's name and level from units.csv, and the inputs it did not report (or that it is not listed)."""
    year = data_year or 0
    lacking = [(unit, indicator, ",".join(names) or None) for (unit, at, indicator), names in missing_inputs.items()
               if at == year]  # fmt: skip
    unit = found["unit"]
    missing = np.full(len(unit), None, dtype=object)
    if lacking:
        keys = _Keys(pd.Index(pd.unique(unit)), pd.Index(pd.unique(found["indicator"])))
        text = np.full(len(keys), None, dtype=object)
        said = keys.of(*(np.asarray([row[i] for row in lacking], dtype=object) for i in (0, 1)))
        text[said[said >= 0]] = np.asarray([row[2] for row in lacking], dtype=object)[said >= 0]
        missing = text[keys.of(unit, found["indicator"])] if len(unit) else missing
    at = pd.Index(units["code"].astype(object)).get_indexer(unit)
    known = at >= 0
    missing[~known] = [f"unit {code} is not in units.csv" for code in unit[~known]]
    named = {name: np.full(len(unit), None, dtype=object) for name in ("name", "level")}
    for name, values in named.items():
        values[known] = units[name].astype(object).to_numpy()[at[known]]
    return {"missing": missing, "unit_name": named["name"], "level": named["level"]}
