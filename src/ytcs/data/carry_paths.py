"""Where each version of a unit leads on a given map: the weights of the crosswalk, followed step by step.

Forward (old → new) a step's weight is the crosswalk's share; backward (new → old) it is the fraction of
the new unit that came from the old one, by the old units' population in the last whole year before the
change (see `ytcs.data.carry`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ytcs.data.counts import Counts
from ytcs.data.crosswalk import Crosswalk
from ytcs.data.versions import OPEN_TO, UnitVersions

WEIGHT_VARIABLE = "population"
EXACT, APPORTIONED = 1, 2  # markers of a carried value
MAX_STEPS = 8  # changes of the map one value may be carried across


def _own_population(counts: Counts, row_version: np.ndarray, versions: UnitVersions) -> np.ndarray:
    """Each version's own population in the last whole year before it ended: its whole-year row, else
    the mean of its months (NaN where it reported none)."""
    size = len(versions.frame)
    own = np.full(size, np.nan)
    if WEIGHT_VARIABLE not in counts.frame:
        return own
    valid_to = versions.frame["valid_to"].to_numpy()
    value = counts.frame[WEIGHT_VARIABLE].to_numpy(dtype=np.float64)
    year = counts.frame["year"].to_numpy()
    month = counts.frame["month"].to_numpy()
    safe = np.maximum(row_version, 0)
    wanted = (row_version >= 0) & (valid_to[safe] != OPEN_TO) & (year == valid_to[safe] // 10_000 - 1)
    wanted &= ~np.isnan(value)
    monthly = wanted & (month > 0)
    total = np.bincount(row_version[monthly], weights=value[monthly], minlength=size)
    count = np.bincount(row_version[monthly], minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        own = np.where(count > 0, total / count, np.nan)
    annual = wanted & (month == 0)
    own[row_version[annual]] = value[annual]
    return own


def pre_change_population(counts: Counts, row_version: np.ndarray, versions: UnitVersions) -> np.ndarray:
    """Each version's population before the change: its own, else the sum of its parts when every part
    has one (missing is never zero)."""
    value = _own_population(counts, row_version, versions)
    parent = versions.frame["parent_version"].to_numpy()
    children = np.flatnonzero(parent >= 0)
    for _ in range(3):  # province ← district ← commune
        size = len(value)
        total = np.bincount(parent[children], weights=np.nan_to_num(value[children]), minlength=size)
        missing = np.bincount(parent[children], weights=np.isnan(value[children]), minlength=size)
        has = np.bincount(parent[children], minlength=size) > 0
        value = np.where(np.isnan(value) & has & (missing == 0), total, value)
    return value


def edges(crosswalk: Crosswalk, population: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One step each way: forward (old → new, weight share) and backward (new → old, weight w)."""
    frame = crosswalk.frame
    forward = pd.DataFrame({"source": frame["old"], "target": frame["new"], "weight": frame["share"]})
    parts = frame.assign(mass=frame["share"] * population[frame["old"].to_numpy()])
    parts["parts"] = parts.groupby("new")["old"].transform("size")
    parts["total"] = parts.groupby("new")["mass"].transform("sum")  # NaN-skipping: checked just below
    parts["unknown"] = parts["mass"].isna().groupby(parts["new"]).transform("any")
    weight = np.where(parts["parts"] == 1, 1.0, np.where(parts["unknown"], np.nan, parts["mass"] / parts["total"]))
    backward = pd.DataFrame({"source": frame["new"], "target": frame["old"], "weight": weight})
    return forward, backward


def paths_to_map(
    versions: UnitVersions, edges: tuple[pd.DataFrame, pd.DataFrame], on_map: np.ndarray, day: int
) -> pd.DataFrame:
    """For every version off the map, the map units it is carried to and with what weight (origin,
    target, weight), following the crosswalk forward to a later map and backward to an earlier one."""
    frame = versions.frame
    off = np.flatnonzero(~on_map)
    frontier = pd.DataFrame({"origin": off, "current": off, "weight": 1.0})
    done = []
    for _ in range(MAX_STEPS):
        reached = on_map[frontier["current"].to_numpy()]
        done.append(frontier[reached])
        frontier = frontier[~reached]
        if frontier.empty:
            break
        forward = day >= frame["valid_to"].to_numpy()[frontier["current"].to_numpy()]
        steps = []
        for mask, edge in ((forward, edges[0]), (~forward, edges[1])):
            step = frontier[mask].merge(edge, left_on="current", right_on="source", suffixes=("", "_edge"))
            steps.append(
                pd.DataFrame(
                    {
                        "origin": step["origin"],
                        "current": step["target"],
                        "weight": step["weight"] * step["weight_edge"],
                    }
                )
            )
        frontier = pd.concat(steps, ignore_index=True)
    paths = pd.concat(done, ignore_index=True).rename(columns={"current": "target"})
    return paths.groupby(["origin", "target"], as_index=False)["weight"].sum(min_count=1)


def ancestor_shares(paths: pd.DataFrame, versions: UnitVersions) -> pd.DataFrame:
    """f(unit, origin): the share of an origin's count that lands in a map unit or below it; a value is
    apportioned at a unit exactly when some origin feeding it has 0 < f < 1 there."""
    parent = versions.frame["parent_version"].to_numpy()
    levels = [paths]
    current = paths
    for _ in range(3):
        up = parent[current["target"].to_numpy()]
        current = current.assign(target=up)[up >= 0]
        if current.empty:
            break
        levels.append(current)
    shares = (
        pd.concat(levels, ignore_index=True).groupby(["origin", "target"], as_index=False)["weight"].sum(min_count=1)
    )
    weight = shares["weight"].to_numpy()
    exact = np.isclose(weight, 1.0, atol=1e-9) | np.isclose(weight, 0.0, atol=1e-9)
    return shares.assign(marker=np.where(exact, EXACT, APPORTIONED).astype(np.int8))
