"""Engine, which (target, unit) pairs a plan is judged for, and what each looks up: one join.

Every target of the plan's whole area is asked of every unit listed, a target scoped to one unit of that
unit alone; the pairs are joined in one pass with what the data hold for their unit and indicator (today's
value and interval, whether the value is undefined for lack of a denominator, the unit's history and its
earliest value up to the data year), and with units.csv and the inputs each unit lacked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ytcs.plans.models import Indicator, Plan, Target
from ytcs.vocab import Flag

KEYS = ["unit", "indicator"]
LOOKED_UP = ["value", "ci_low", "ci_high", "today", "undefined", "history", "base_year", "base_value", "has_base"]


def history_frame(results: pd.DataFrame, published: pd.DataFrame | None) -> pd.DataFrame:
    """Values by unit, indicator and year: computed ones, and published ones for years not computed."""
    computed = results.loc[results["value"].notna(), ["unit", "indicator", "year", "value"]].assign(source="computed")
    if published is None or published.empty:
        return computed.reset_index(drop=True)
    published_rows = published[["unit", "indicator", "year", "value"]].assign(source="published")
    combined = pd.concat([computed, published_rows], ignore_index=True)
    combined["year"] = combined["year"].astype("int64")
    return combined.drop_duplicates(["unit", "indicator", "year"], keep="first").reset_index(drop=True)


def _with_text_keys(frame: pd.DataFrame) -> pd.DataFrame:
    """Unit and indicator as Python strings, so that frames of any string storage join."""
    return frame.assign(**{key: frame[key].astype(object) for key in KEYS})


def _requested(targets: Sequence[Target], codes: Sequence[str], only_unit: str | None) -> pd.DataFrame:
    """Every target with every unit asked, in plan then listing order; a scoped target with its unit only
    (none when `only_unit` names another)."""
    listed = np.asarray(list(codes), dtype=object)
    numbers, units = [], []
    for number, target in enumerate(targets):
        if target.scope and only_unit is not None and target.scope != only_unit:
            continue
        chosen = np.asarray([target.scope], dtype=object) if target.scope else listed
        numbers.append(np.full(len(chosen), number, dtype=np.int64))
        units.append(chosen)
    place = np.concatenate(numbers) if numbers else np.zeros(0, np.int64)
    indicator_of = np.asarray([target.indicator for target in targets] or [""], dtype=object)
    return pd.DataFrame({
        "target": place,
        "unit": np.concatenate(units) if units else np.zeros(0, dtype=object),
        "indicator": indicator_of[place],
    })  # fmt: skip


def _places(keys: pd.MultiIndex, frame: pd.DataFrame) -> np.ndarray:
    """Where each (unit, indicator) of `keys` is in `frame` (one row per pair there), −1 where it is not."""
    return pd.MultiIndex.from_arrays([frame[key].astype(object) for key in KEYS]).get_indexer(keys)


def _look_up(pairs: pd.DataFrame, results: pd.DataFrame, history: pd.DataFrame, data_year: int | None) -> pd.DataFrame:
    """Each pair with today's value and interval, whether it is undefined there (zero denominator), whether
    the unit has any history of it, and its earliest value up to the data year: the `LOOKED_UP` columns."""
    keys = pd.MultiIndex.from_arrays([pairs[key] for key in KEYS])
    today = results[results["year"] == data_year]
    flags = today["flags"] if "flags" in today else pd.Series(0, index=today.index)
    undefined = today.loc[(flags.astype("int64") & int(Flag.ZERO_DENOMINATOR)) != 0, KEYS].drop_duplicates()
    # A data year of None (no results) has no value today; a unit's undefined values still count.
    current = today.drop_duplicates(KEYS, keep="last") if data_year else today.iloc[0:0]
    up_to = history if data_year is None else history[history["year"] <= data_year]
    base = up_to.sort_values("year", kind="stable").drop_duplicates(KEYS, keep="first")
    now, first = _places(keys, current), _places(keys, base)

    def take(frame: pd.DataFrame, column: str, at: np.ndarray) -> np.ndarray:
        return (
            np.where(at >= 0, frame[column].to_numpy(dtype=float)[np.maximum(at, 0)], np.nan)
            if len(frame)
            else np.full(len(at), np.nan)
        )

    return pairs.assign(
        value=take(current, "value", now), ci_low=take(current, "ci_low", now), ci_high=take(current, "ci_high", now),
        today=now >= 0, undefined=_places(keys, undefined) >= 0,
        history=_places(keys, history[KEYS].drop_duplicates()) >= 0,
        base_year=take(base, "year", first), base_value=take(base, "value", first), has_base=first >= 0,
    )  # fmt: skip


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
) -> pd.DataFrame:
    """One row per (target, unit) judged, in plan then listing order: `target` (its place in `targets`),
    unit, indicator, the `LOOKED_UP` columns, `missing` (what the unit lacks), unit_name and level."""
    pairs = _requested(targets, codes, only_unit)
    wanted = pd.unique(pairs["unit"])
    results = results[results["unit"].isin(wanted)]
    if published is not None:
        published = published[published["unit"].isin(wanted)]
    found = _look_up(pairs, results, history_frame(results, published), data_year)
    found = found[_judged_here(plan, targets, indicators, found)].reset_index(drop=True)
    return _with_unit_facts(found, units, missing_inputs, data_year)


def _judged_here(plan: Plan, targets: Sequence[Target], indicators: Mapping[str, Indicator],
                 found: pd.DataFrame) -> np.ndarray:  # fmt: skip
    """Targets of the plan's whole area are judged for a unit below it only where they apply there:
    rates and proportions (each district should reach the province's 95%) with a value defined there;
    counts such as the population size or a number of beds, and values reported only for the whole
    area, are not."""
    scoped = np.asarray([bool(t.scope) for t in targets] + [False])[found["target"].to_numpy()]
    applies = np.asarray([indicators[t.indicator].formula_kind in ("rate", "decline") for t in targets] + [False])
    computed_here = found["history"].to_numpy() | found["today"].to_numpy()
    below = ~found["undefined"].to_numpy() & applies[found["target"].to_numpy()] & computed_here
    return scoped | (found["unit"].to_numpy() == plan.jurisdiction.code) | below


def _with_unit_facts(
    found: pd.DataFrame, units: pd.DataFrame, missing_inputs: Mapping[tuple[str, int, str], list[str]],
    data_year: int | None,
) -> pd.DataFrame:  # fmt: skip
    """Each unit's name and level from units.csv, and the inputs it did not report (or that it is not listed)."""
    year = data_year or 0
    lacking = pd.DataFrame(
        [(unit, indicator, ",".join(names) or None) for (unit, at, indicator), names in missing_inputs.items()
         if at == year],
        columns=[*KEYS, "missing"],
    )  # fmt: skip
    lacked = found[KEYS].merge(_with_text_keys(lacking), on=KEYS, how="left", sort=False)["missing"]
    missing = lacked.astype(object).where(lacked.notna(), None).to_numpy(copy=True)
    unit = found["unit"].to_numpy()
    at = pd.Index(units["code"].astype(object)).get_indexer(unit)
    known = at >= 0
    missing[~known] = [f"unit {code} is not in units.csv" for code in unit[~known]]
    named = {name: np.full(len(unit), None, dtype=object) for name in ("name", "level")}
    for name, values in named.items():
        values[known] = units[name].astype(object).to_numpy()[at[known]]
    return found.assign(missing=missing, unit_name=named["name"], level=named["level"])
