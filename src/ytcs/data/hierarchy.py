"""The unit hierarchy of a data folder: who is under whom, and who is expected to report what.

Both the data checks and the engine's sums use these, so the rule for which units must report a
variable is written once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ytcs.vocab import Level

LEVEL_RANK = {level.value: level.rank for level in Level}


def build_ancestry(units: pd.DataFrame) -> pd.DataFrame:
    """Every (unit, ancestor) pair, a unit being its own ancestor, with both levels."""
    parent = units.set_index("code")["parent"]
    level = units.set_index("code")["level"]
    pairs = []
    current = pd.Series(units["code"].to_numpy(), index=units["code"].to_numpy())
    for _ in range(len(LEVEL_RANK) + 1):
        current = current.dropna()
        if current.empty:
            break
        pairs.append(pd.DataFrame({"unit": current.index, "ancestor": current.to_numpy()}))
        current = current.map(parent)
    ancestry = pd.concat(pairs, ignore_index=True).drop_duplicates()
    ancestry["unit_level"] = ancestry["unit"].map(level)
    ancestry["ancestor_level"] = ancestry["ancestor"].map(level)
    return ancestry.reset_index(drop=True)


def expected_units(units: pd.DataFrame, ancestry: pd.DataFrame, level: str) -> pd.Index:
    """Units that should report a variable whose reporting level is `level`.

    The units at that level, plus any unit above it with no unit of that level below it (Lý Sơn, a
    district without communes, stands in for its communes). The data checks use the same rule.
    """
    at_level = units.loc[units["level"] == level, "code"]
    above = units.loc[units["level"].map(LEVEL_RANK) > LEVEL_RANK[level], "code"]
    has_below = ancestry.loc[ancestry["unit_level"] == level, "ancestor"].unique()
    return pd.Index(at_level, dtype=object).append(pd.Index(above[~member(above, has_below)], dtype=object))


def expected_by_level(units: pd.DataFrame, ancestry: pd.DataFrame) -> dict[str, pd.Index]:
    """`expected_units` for every level, computed once per dataset (every indicator asks the same)."""
    return {level: expected_units(units, ancestry, level) for level in LEVEL_RANK}


def member(values: pd.Series | pd.Index, among: pd.Index | np.ndarray) -> np.ndarray:
    """`values.isin(among)` through an object hash table (Arrow-string isin is slow on large frames)."""
    lookup = pd.Index(np.asarray(among, dtype=object), dtype=object)
    return lookup.get_indexer(np.asarray(values, dtype=object)) >= 0
