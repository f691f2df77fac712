"""Engine, rows: the one result frame of `compute`, built once from every indicator's arrays.

Each indicator's rows are numpy arrays on integer positions (unit in units.csv, year in the years computed);
they are joined, put in order with one sort on integer keys, and only then turned into the frame, its texts
(unit code and name, level, the indicator's id, name and unit) taken by position from their distinct values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from ytcs.data.hierarchy import Hierarchy
from ytcs.plans.models import Indicator

RESULT_COLUMNS = [
    "unit",
    "unit_name",
    "level",
    "year",
    "indicator",
    "indicator_name",
    "indicator_unit",
    "value",
    "numerator",
    "denominator",
    "ci_low",
    "ci_high",
    "completeness",
    "reporting",
    "expected",
    "flags",
]


@dataclass(frozen=True)
class Rows:
    """One indicator's rows as arrays: unit and year positions, then its numbers. `reporting` and `expected`
    count units (NaN where not given: a fall from last year has none); `flags` are `Flag` bits."""

    unit: np.ndarray
    year: np.ndarray
    value: np.ndarray
    numerator: np.ndarray
    denominator: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    completeness: np.ndarray
    reporting: np.ndarray
    expected: np.ndarray
    flags: np.ndarray

    def where(self, mask: np.ndarray) -> Rows:
        """The rows where `mask` (a boolean per row) holds."""
        return Rows(*(getattr(self, f.name)[mask] for f in fields(self)))


NUMBERS = [f.name for f in fields(Rows)][2:]
COUNTS = ("reporting", "expected")


def result_frame(
    units: pd.DataFrame,
    hierarchy: Hierarchy,
    years: Sequence[int],
    indicators: Sequence[Indicator],
    parts: Sequence[tuple[int, Rows]],
) -> pd.DataFrame:
    """The rows of every indicator (`parts`: its position in `indicators` and its rows) as one frame with
    `RESULT_COLUMNS`: by year, the province first, then by unit code and the plan's order of indicators."""
    places, size = _unit_places(hierarchy), len(hierarchy)
    key = np.concatenate([(rows.year * size + places[rows.unit]) * len(indicators) + at for at, rows in parts])
    order = np.argsort(key, kind="stable")
    unit = np.concatenate([rows.unit for _, rows in parts])[order]
    year = np.concatenate([rows.year for _, rows in parts])[order]
    which = np.repeat(np.array([at for at, _ in parts], dtype=np.int64), [len(rows.unit) for _, rows in parts])[order]
    columns: dict[str, object] = {
        "unit": pd.Series(hierarchy.codes.to_numpy()[unit], dtype=object, copy=False),
        "unit_name": _texts(units["name"]).take(unit),
        "level": _texts(units["level"]).take(unit),
        "year": np.asarray(years, dtype=np.int64)[year],
        "indicator": _texts([i.id for i in indicators]).take(which),
        "indicator_name": _texts([i.name_vi for i in indicators]).take(which),
        "indicator_unit": _texts([i.unit for i in indicators]).take(which),
    }
    for name in NUMBERS:
        column = np.concatenate([getattr(rows, name) for _, rows in parts])[order]
        columns[name] = _counts(column) if name in COUNTS else column
    return pd.DataFrame(columns, columns=RESULT_COLUMNS, copy=False)


def _unit_places(hierarchy: Hierarchy) -> np.ndarray:
    """Each unit's place in the order of results: the province first, then districts, then communes, each
    level by code."""
    code_rank = np.empty(len(hierarchy), dtype=np.int64)
    code_rank[np.argsort(hierarchy.codes.to_numpy().astype(str), kind="stable")] = np.arange(len(hierarchy))
    places = np.empty(len(hierarchy), dtype=np.int64)
    places[np.lexsort((code_rank, -hierarchy.rank.astype(np.int64)))] = np.arange(len(hierarchy))
    return places


def _texts(values: pd.Series | list[str]) -> pd.api.extensions.ExtensionArray:
    """Distinct texts as a column pandas would make of them (`str`), to be taken by position."""
    given = values.astype(object).to_numpy() if isinstance(values, pd.Series) else np.asarray(values, dtype=object)
    return pd.Series(given).array


def _counts(column: np.ndarray) -> pd.arrays.IntegerArray:
    """Counts of units as nullable integers (<NA> where NaN)."""
    missing = np.isnan(column)
    return pd.arrays.IntegerArray(np.where(missing, 0, column).astype(np.int64), missing)
