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
from ytcs.data.joins import join
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


Edges = tuple[np.ndarray, np.ndarray, np.ndarray]  # one step: source, target, weight (crosswalk order)


def edges(crosswalk: Crosswalk, population: np.ndarray) -> tuple[Edges, Edges]:
    """One step each way: forward (old → new, weight share) and backward (new → old, weight w)."""
    frame = crosswalk.frame
    old, new, share = frame["old"].to_numpy(), frame["new"].to_numpy(), frame["share"].to_numpy(dtype=np.float64)
    mass = share * population[old]
    size = max(int(new.max(initial=-1)) + 1, 0)
    parts = np.bincount(new, minlength=size)[new]
    total = pd.Series(mass).groupby(new).transform("sum").to_numpy()  # NaN-skipping: checked just below
    unknown = np.bincount(new, weights=np.isnan(mass), minlength=size)[new] > 0
    weight = np.where(parts == 1, 1.0, np.where(unknown, np.nan, mass / total))
    return (old, new, share), (new, old, weight)


def _step(frontier: Edges, edge: Edges) -> Edges:
    """The frontier (origin, current unit, weight) one step on along the edges from its current units, in
    the order a merge of the two gives (the frontier's, then the crosswalk's)."""
    origin, current, weight = frontier
    row, found = join(edge[0], current)
    return origin[row], edge[1][found], weight[row] * edge[2][found]


def _take(parts: Edges, mask: np.ndarray) -> Edges:
    return parts[0][mask], parts[1][mask], parts[2][mask]


def paths_to_map(versions: UnitVersions, edges: tuple[Edges, Edges], on_map: np.ndarray, day: int) -> pd.DataFrame:
    """For every version off the map, the map units it is carried to and with what weight (origin,
    target, weight; sorted), following the crosswalk forward to a later map and backward to an earlier one."""
    valid_to = versions.frame["valid_to"].to_numpy()
    off = np.flatnonzero(~on_map)
    frontier: Edges = (off, off, np.ones(len(off)))
    done = []
    for _ in range(MAX_STEPS):
        reached = on_map[frontier[1]]
        done.append(_take(frontier, reached))
        frontier = _take(frontier, ~reached)
        if not len(frontier[0]):
            break
        forward = day >= valid_to[frontier[1]]
        ahead, back = _step(_take(frontier, forward), edges[0]), _step(_take(frontier, ~forward), edges[1])
        frontier = (
            np.concatenate([ahead[0], back[0]]),
            np.concatenate([ahead[1], back[1]]),
            np.concatenate([ahead[2], back[2]]),
        )
    return _summed(done)


def _summed(parts: list[Edges]) -> pd.DataFrame:
    """(origin, target, weight) rows, one per (origin, target) with the weights summed (pandas' sum, in the
    rows' order; missing only when every weight is), sorted."""
    paths = pd.DataFrame(
        {name: np.concatenate([part[i] for part in parts]) for i, name in enumerate(("origin", "target", "weight"))}
    )
    return paths.groupby(["origin", "target"], as_index=False)["weight"].sum(min_count=1)


def ancestor_shares(paths: pd.DataFrame, versions: UnitVersions) -> pd.DataFrame:
    """f(unit, origin): the share of an origin's count that lands in a map unit or below it; a value is
    apportioned at a unit exactly when some origin feeding it has 0 < f < 1 there."""
    parent = versions.frame["parent_version"].to_numpy()
    origin, target, weight = (paths[name].to_numpy() for name in ("origin", "target", "weight"))
    levels: list[Edges] = [(origin, target, weight)]
    for _ in range(3):
        up = parent[target]
        origin, target, weight = origin[up >= 0], up[up >= 0], weight[up >= 0]
        if not len(origin):
            break
        levels.append((origin, target, weight))
    shares = _summed(levels)
    weight = shares["weight"].to_numpy()
    exact = np.isclose(weight, 1.0, atol=1e-9) | np.isclose(weight, 0.0, atol=1e-9)
    return shares.assign(marker=np.where(exact, EXACT, APPORTIONED).astype(np.int8))
