"""Which plan target a gap row judges, and the plan's area: what overviews, matrices and the report group by.

A gap row carries its target's fields (indicator, kind, years, comparator, values, scope, section), not
its position in the plan; `target_numbers` numbers the plan's targets 1, 2, … in the document's order and
`row_numbers` finds each row's number from those fields.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ytcs.plans.models import Plan, Target
from ytcs.vocab import Status

TargetKey = tuple[Any, ...]
_KEY_FIELDS = ("indicator", "kind", "target_year", "from_year", "comparator", "target", "upper", "scope", "section")


def _clean(value: Any) -> Any:
    """NaN, NA and None alike; whole floats and numpy numbers as plain Python numbers."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def key_of_target(target: Target) -> TargetKey:
    fields = (target.indicator, target.kind, target.year, target.from_year, target.comparator, target.value,
              target.upper, target.scope, target.section)  # fmt: skip
    return tuple(_clean(value) for value in fields)


def key_of_row(row: Any) -> TargetKey:
    """The key of a gap row (a dict or a pandas row)."""
    return tuple(_clean(row[field]) for field in _KEY_FIELDS)


def target_numbers(plan: Plan) -> dict[TargetKey, int]:
    """Each target's number in the plan, from 1, in the document's order."""
    numbers: dict[TargetKey, int] = {}
    for number, target in enumerate(plan.targets, start=1):
        numbers.setdefault(key_of_target(target), number)
    return numbers


def row_numbers(frame: pd.DataFrame, plan: Plan) -> pd.Series:
    """The plan's number of the target each row judges (<NA> for objectives)."""
    numbers = target_numbers(plan)
    found = [numbers.get(key_of_row(row)) if _clean(row["indicator"]) else None for _, row in frame.iterrows()]
    return pd.Series(found, index=frame.index, dtype="Int64")


def own_unit_rows(frame: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """One row per target: the plan's area, or for a target about one unit, that unit; objectives left out."""
    scope = frame["scope"].astype(object).where(frame["scope"].notna(), plan.jurisdiction.code)
    own = frame["unit"].astype(str) == scope.astype(str)
    return frame[own & frame["indicator"].notna()]


def objective_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["indicator"].isna()]


# The order a headline counts targets in: the good news first, then what is behind, then what cannot be judged.
HEADLINE_ORDER = (
    Status.MET,
    Status.ACHIEVED,
    Status.ON_TRACK,
    Status.ACCELERATE,
    Status.LIMITED,
    Status.DETERIORATION,
    Status.MISSED,
    Status.NO_DATA,
    Status.INSUFFICIENT,
)


def status_counts(rows: pd.DataFrame) -> dict[Status, int]:
    """How many rows have each status, in `HEADLINE_ORDER`; 'insufficient data' only when there is any."""
    found = rows["status"].value_counts()
    counts = {status: int(found.get(status.value, 0)) for status in HEADLINE_ORDER}
    if not counts[Status.INSUFFICIENT]:
        del counts[Status.INSUFFICIENT]
    return counts
