"""Unit versions: which unit a code names on a given day.

On 1 July 2025 most old codes were reused for new, larger units (Quảng Ngãi's 51 took in Kon Tum).
`units.csv` may therefore list a code several times, each row valid over its own days (`valid_from`
inclusive, `valid_to` exclusive, ISO dates, empty = open) that never overlap. Days are handled as
integers `yyyymmdd`, which order like dates. A count row is read on the version in force on the last
day of its period (the end of its month; 31 December for a whole-year row); a plan on the version in
force on its own date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

OPEN_FROM = 0
OPEN_TO = 99_991_231
TODAY = OPEN_TO - 1  # the day of "today's map": only the units whose validity is open-ended are in force
DAY_SPAN = 1_000_000_000  # above every day number (yyyymmdd): code × DAY_SPAN + day orders by code, then day
MONTH_ENDS = np.array([31, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])  # index 0: a whole year → 31 Dec


def day_number(day: dt.date) -> int:
    return day.year * 10_000 + day.month * 100 + day.day


def day_text(number: int) -> str:
    """A day number as Vietnamese readers write it: 01/07/2025."""
    return f"{number % 100:02d}/{number // 100 % 100:02d}/{number // 10_000}"


def validity_text(valid_from: int, valid_to: int) -> str:
    """'từ 01/07/2025', 'đến 01/07/2025', both, or '' for a unit valid on every day."""
    start = f"từ {day_text(valid_from)}" if valid_from != OPEN_FROM else ""
    end = f"đến {day_text(valid_to)}" if valid_to != OPEN_TO else ""
    return " ".join(part for part in (start, end) if part)


def map_text(day: int) -> str:
    """'the map of 17/10/2024'; "today's map" for a read on no day (OPEN_TO − 1, the open-ended units)."""
    return "today's map" if day >= TODAY else f"the map of {day_text(day)}"


def period_ends(years: np.ndarray, months: np.ndarray) -> np.ndarray:
    """The last day of each period (month 0: the whole year) as day numbers."""
    years = np.asarray(years, dtype=np.int64)
    months = np.asarray(months, dtype=np.int64)
    leap = (years % 4 == 0) & ((years % 100 != 0) | (years % 400 == 0))
    last = MONTH_ENDS[months] + ((months == 2) & leap)
    return years * 10_000 + np.where(months == 0, 12, months) * 100 + last


def parse_days(texts: pd.Series, open_value: int) -> tuple[np.ndarray, np.ndarray]:
    """ISO dates as day numbers (`open_value` where empty) and a mask of the cells that are not dates."""
    empty = texts.fillna("").str.strip() == ""
    if empty.all():  # no validity given (most unit lists): nothing to parse
        return np.full(len(texts), open_value, dtype=np.int64), np.zeros(len(texts), dtype=bool)
    parsed = pd.to_datetime(texts.where(~empty), format="%Y-%m-%d", errors="coerce")
    bad = ~empty & parsed.isna()
    numbers = parsed.dt.year * 10_000 + parsed.dt.month * 100 + parsed.dt.day
    return np.where(empty | bad, open_value, numbers.fillna(open_value)).astype(np.int64), bad.to_numpy()


@dataclass(frozen=True)
class UnitVersions:
    """Every row of units.csv: code, name, level, parent and the days it is valid (`valid_from`, `valid_to`).
    What is derived from the rows (the distinct codes, the versions ordered for look-ups) is worked out once."""

    frame: pd.DataFrame

    @cached_property
    def versioned(self) -> bool:
        """Whether any unit has a validity (otherwise every unit is in force on every day)."""
        return bool((self.frame["valid_from"] != OPEN_FROM).any() or (self.frame["valid_to"] != OPEN_TO).any())

    @cached_property
    def code_index(self) -> pd.Index:
        """The distinct codes, in order of first appearance: a code's position is its number in look-ups."""
        return pd.Index(self.frame["code"].to_numpy(dtype=object), dtype=object).unique()

    @cached_property
    def _ordered(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each version's code position, and the versions ordered by code and then by start with the key
        they are searched by (code position × DAY_SPAN + valid_from)."""
        code = self.code_index.get_indexer(self.frame["code"].to_numpy(dtype=object)).astype(np.int64)
        keys = code * DAY_SPAN + self.frame["valid_from"].to_numpy(dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        return code, order, keys[order]

    @property
    def version_codes(self) -> np.ndarray:
        """Each version's code position (`code_index`)."""
        return self._ordered[0]

    def in_force(self, day: int) -> np.ndarray:
        """The versions (row positions) in force on a day."""
        return np.flatnonzero((self.frame["valid_from"].to_numpy() <= day) & (day < self.frame["valid_to"].to_numpy()))

    def on(self, day: int | None) -> pd.DataFrame:
        """The map of a day: its units with unique codes (`code,name,level,parent`); None: every unit
        whose validity is open-ended (today's map)."""
        chosen = self.in_force(TODAY if day is None else day)
        columns = ["code", "name", "level", "parent", *(["uid"] if "uid" in self.frame else [])]
        units = self.frame.iloc[chosen][columns]
        return units.reset_index(drop=True)

    def positions(self, codes: np.ndarray | pd.Index) -> np.ndarray:
        """Each code's position among the distinct codes (`code_index`); −1 for a code units.csv does not know."""
        return self.code_index.get_indexer(np.asarray(codes, dtype=object))

    def at(self, codes: np.ndarray, days: np.ndarray) -> np.ndarray:
        """The version (row position) of each code in force on its day; −1 where none is (or the code is
        unknown)."""
        return self.at_positions(self.positions(codes), days)

    def at_positions(self, positions: np.ndarray, days: np.ndarray) -> np.ndarray:
        """`at` for codes given by their positions (`positions`): the versions of a code never overlap, so
        the only one that can be in force on a day is its last one starting on or before it (a search)."""
        code, order, keys = self._ordered
        days = np.asarray(days, dtype=np.int64)
        if not len(order):
            return np.full(len(days), -1, dtype=np.int64)
        found = np.searchsorted(keys, positions * DAY_SPAN + days, side="right") - 1
        version = order[np.maximum(found, 0)]
        valid_to = self.frame["valid_to"].to_numpy()[version]
        hit = (positions >= 0) & (found >= 0) & (code[version] == positions) & (days < valid_to)
        return np.where(hit, version, -1).astype(np.int64)

    def known(self, codes: np.ndarray) -> np.ndarray:
        """Whether each code has any version at all."""
        return self.positions(codes) >= 0

    def label(self, version: int) -> str:
        """A version as messages name it: 'Tỉnh Quảng Ngãi (51, đến 01/07/2025)'."""
        row = self.frame.iloc[version]
        valid = validity_text(int(row["valid_from"]), int(row["valid_to"]))
        return f"{row['name']} ({row['code']}{', ' + valid if valid else ''})"
