"""The unit hierarchy of a data folder: who is under whom, and who is expected to report what.

Units are numbered by their row in units.csv; every roll-up is then a few vectorised passes over a
parent-index array (one per depth of the tree), whatever the number of units. Both the data checks
and the engine's sums use `expected`, so the rule for which units must report a variable is written once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ytcs.vocab import Level

LEVEL_RANK = {level.value: level.rank for level in Level}


@dataclass(frozen=True)
class Hierarchy:
    """The units as arrays: code, level rank (commune 0 … province 2), parent index (−1 for a root)."""

    codes: pd.Index
    rank: np.ndarray
    parent: np.ndarray
    by_depth: tuple[np.ndarray, ...]

    @classmethod
    def of(cls, units: pd.DataFrame) -> Hierarchy:
        codes = pd.Index(units["code"].astype(str).to_numpy(), dtype=object)
        parent = codes.get_indexer(units["parent"].astype(object).where(units["parent"].notna(), "").to_numpy())
        rank = units["level"].astype(str).map(LEVEL_RANK).to_numpy(dtype=np.int8)
        depth = np.zeros(len(codes), dtype=np.int64)
        current = parent.copy()
        while (current >= 0).any():  # at most the number of levels
            depth += current >= 0
            current = np.where(current >= 0, parent[np.maximum(current, 0)], -1)
        levels = tuple(np.flatnonzero(depth == d) for d in range(int(depth.max(initial=0)) + 1))
        return cls(codes, rank, parent, levels)

    def __len__(self) -> int:
        return len(self.codes)

    def under(self, code: str) -> np.ndarray:
        """Whether each unit is `code` or below it (none, when `code` is not a unit): a pass per depth."""
        inside = np.asarray(self.codes == code, dtype=bool)
        for units in self.by_depth[1:]:  # from the top down: a unit is inside when its parent is
            inside[units] |= inside[self.parent[units]]
        return inside

    def roll_up(self, values: np.ndarray) -> np.ndarray:
        """For every unit, the sum of `values` over itself and every unit below it (rows are units): its own
        value plus its children's totals, one child after another in the order of units.csv."""
        totals = np.array(values, dtype=np.float64, copy=True)
        for depth in self._child_passes:
            for parents, children in depth:  # no parent twice in a pass
                totals[parents] += totals[children]
        return totals

    @cached_property
    def _child_passes(self) -> tuple[tuple[tuple[np.ndarray, np.ndarray], ...], ...]:
        """The deepest depth first; within a depth, a pass adds the k-th child of every parent at once (np.add.at,
        an index at a time, was several times slower on the wide arrays of many inputs summed together)."""
        passes = []
        for units in reversed(self.by_depth[1:]):
            parents = self.parent[units]
            order = np.argsort(parents, kind="stable")  # children of a parent stay in the order of units.csv
            parents, children = parents[order], units[order]
            starts = np.flatnonzero(np.r_[True, parents[1:] != parents[:-1]]) if len(parents) else np.zeros(0, int)
            rank = np.arange(len(parents)) - np.repeat(starts, np.diff(np.r_[starts, len(parents)]))
            passes.append(
                tuple((parents[rank == k], children[rank == k]) for k in range(int(rank.max(initial=-1)) + 1))
            )
        return tuple(passes)

    def expected(self, rank: int) -> np.ndarray:
        """Units that should report a variable whose reporting level has this rank.

        The units at that level, plus any unit above it with no unit of that level below it (Lý Sơn, a
        district without communes, stands in for its communes).
        """
        at_level = self.rank == rank
        below = self.roll_up(at_level.astype(np.float64)) - at_level
        return at_level | ((self.rank > rank) & (below == 0))
