"""Counts on the units of the 1 July 2025 map, carried from the old units' 2024 counts through the crosswalk.

A new commune's count of a variable is drawn around the sum of its old parts' 2024 counts (each times the share
of it the new commune took), and the counts of a group of new communes (those of one old province) add up to a
total set by the seed's trend: a growth factor on the old parts' total, or a rate of another variable. Where an
old unit has no 2024 count of a variable (an old unit outside the seed's folder), its population times the
folder's own rate stands in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .allocation import apportion, noisy

Drawn = dict[str, np.ndarray]  # variable -> one value per new unit of the group


@dataclass(frozen=True)
class Grow:
    """The old parts' total times `factor`, shared by the old parts' counts (log-normal noise `sigma`)."""

    factor: float = 1.0
    sigma: float = 0.04

    def draw(self, rng: np.random.Generator, variable: str, base: pd.DataFrame, done: Drawn) -> np.ndarray:
        weights = base[variable].to_numpy(dtype=float)
        total = round(weights.sum() * self.factor)
        return apportion(total, noisy(rng, weights, self.sigma) if self.sigma else weights)


@dataclass(frozen=True)
class Rate:
    """`value` per `per` of the variable `whole` (already drawn), never above it in a unit."""

    whole: str
    value: float
    per: float = 100.0
    sigma: float = 0.05

    def draw(self, rng: np.random.Generator, variable: str, base: pd.DataFrame, done: Drawn) -> np.ndarray:
        whole = done[self.whole]
        total = round(self.value / self.per * int(whole.sum()))
        ratio = ratio_of(base, variable, self.whole)
        return apportion(total, noisy(rng, whole * ratio, self.sigma), upper=whole)


@dataclass(frozen=True)
class Plus:
    """The variable `part` (already drawn) plus more events, `value` per `per` of `of` in all (under-5 deaths are
    infant deaths plus deaths at 1–4 years)."""

    part: str
    of: str
    value: float
    per: float = 1000.0

    def draw(self, rng: np.random.Generator, variable: str, base: pd.DataFrame, done: Drawn) -> np.ndarray:
        total = round(self.value / self.per * int(done[self.of].sum()))
        more = total - int(done[self.part].sum())
        if more < 0:
            raise ValueError(f"{variable}: {total} in all is fewer than the {self.part} already drawn")
        weights = np.clip(base[variable].to_numpy(dtype=float) - base[self.part].to_numpy(dtype=float), 0.1, None)
        return done[self.part] + apportion(more, noisy(rng, weights, 0.5))


@dataclass(frozen=True)
class Rest:
    """`whole` minus `part` (girls born = births minus boys)."""

    whole: str
    part: str

    def draw(self, rng: np.random.Generator, variable: str, base: pd.DataFrame, done: Drawn) -> np.ndarray:
        return done[self.whole] - done[self.part]


@dataclass(frozen=True)
class Total:
    """Exactly `total` (events, stations built), where the old parts had most, never above `upper` in a unit."""

    total: int
    upper: str | None = None

    def draw(self, rng: np.random.Generator, variable: str, base: pd.DataFrame, done: Drawn) -> np.ndarray:
        weights = base[variable].to_numpy(dtype=float) + 0.2
        upper = None if self.upper is None else done[self.upper]
        return apportion(self.total, noisy(rng, weights, 0.3), upper=upper)


@dataclass(frozen=True)
class Each:
    """One for every new unit whose old parts had any (a commune, its health station)."""

    def draw(self, rng: np.random.Generator, variable: str, base: pd.DataFrame, done: Drawn) -> np.ndarray:
        return (base[variable].to_numpy(dtype=float) > 0).astype(np.int64)


@dataclass(frozen=True)
class Flag:
    """A yes/no property (≤ `whole`) for `count` units: those whose old parts had it most, give or take."""

    whole: str
    count: int | None = None  # None: every unit that has a `whole`

    def draw(self, rng: np.random.Generator, variable: str, base: pd.DataFrame, done: Drawn) -> np.ndarray:
        eligible = done[self.whole] > 0
        count = int(eligible.sum()) if self.count is None else self.count
        if count > eligible.sum():
            raise ValueError(f"{variable}: {count} units asked, {int(eligible.sum())} can have it")
        score = ratio_of(base, variable, self.whole) + rng.normal(0.0, 0.1, len(eligible))
        order = np.argsort(-np.where(eligible, score, -np.inf), kind="stable")
        values = np.zeros(len(eligible), dtype=np.int64)
        values[order[:count]] = 1
        return values


Spec = Grow | Rate | Plus | Rest | Total | Each | Flag


def ratio_of(base: pd.DataFrame, part: str, whole: str) -> np.ndarray:
    """The old parts' part per whole in each new unit; the group's ratio where a unit's parts had no whole."""
    part_values, whole_values = base[part].to_numpy(dtype=float), base[whole].to_numpy(dtype=float)
    overall = part_values.sum() / whole_values.sum() if whole_values.sum() > 0 else 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(whole_values > 0, part_values / whole_values, overall)
    return np.clip(ratio, 0.0, None)


def share_matrix(crosswalk: pd.DataFrame, old_codes: Sequence[str], new_codes: Sequence[str]) -> np.ndarray:
    """Shares as a matrix (new units × old units): the fraction of each old unit each new unit took."""
    rows = crosswalk[crosswalk["old_code"].isin(old_codes) & crosswalk["new_code"].isin(new_codes)]
    matrix = np.zeros((len(new_codes), len(old_codes)))
    new_index = pd.Index(new_codes).get_indexer(rows["new_code"])
    old_index = pd.Index(old_codes).get_indexer(rows["old_code"])
    np.add.at(matrix, (new_index, old_index), rows["share"].astype(float).to_numpy())
    return matrix


def filled_by_rate(old: pd.DataFrame, folders: Sequence[pd.Index]) -> pd.DataFrame:
    """Old units' 2024 counts (rows: old units, columns: variables, NaN where not given), each missing count
    replaced by the unit's population times the rate of the first folder's units (`folders`) that give it."""
    for own in folders:
        mine = old.loc[own]
        rates = mine.sum(min_count=1) / mine["population"].sum()
        fallback = pd.DataFrame(np.outer(old["population"], rates), index=old.index, columns=old.columns)
        old = old.fillna(fallback)
    if old.isna().any().any():
        raise ValueError(f"no folder gives {old.columns[old.isna().any()].tolist()}")
    return old


def carry(
    rng: np.random.Generator, matrix: np.ndarray, old: pd.DataFrame, groups: np.ndarray, specs: Mapping[str, dict]
) -> pd.DataFrame:
    """Each new unit's counts (rows: new units, in the matrix's order), group by group, variable by variable
    in each group's spec order. `old` is `filled_by_rate`'s frame, in the matrix's column order."""
    base = pd.DataFrame(matrix @ old.to_numpy(dtype=float), columns=old.columns)
    result = pd.DataFrame(index=range(len(base)), columns=list(next(iter(specs.values()))), dtype="Int64")
    for group, spec in specs.items():
        members = np.flatnonzero(groups == group)
        group_base, done = base.iloc[members].reset_index(drop=True), {}
        for variable, how in spec.items():
            done[variable] = np.asarray(how.draw(rng, variable, group_base, done), dtype=np.int64)
        for variable, values in done.items():
            result.loc[members, variable] = values
    return result
