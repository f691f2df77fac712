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

import numpy as np
import pandas as pd

OPEN_FROM = 0
OPEN_TO = 99_991_231
TODAY = OPEN_TO - 1  # the day of "today's map": only the units whose validity is open-ended are in force
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
    """Every row of units.csv: code, name, level, parent and the days it is valid (`valid_from`, `valid_to`)."""

    frame: pd.DataFrame

    @property
    def versioned(self) -> bool:
        """Whether any unit has a validity (otherwise every unit is in force on every day)."""
        return bool((self.frame["valid_from"] != OPEN_FROM).any() or (self.frame["valid_to"] != OPEN_TO).any())

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

    def at(self, codes: np.ndarray, days: np.ndarray) -> np.ndarray:
        """The version (row position) of each code in force on its day; −1 where none is (or the code is
        unknown). Looked up once per distinct (code, day)."""
        keys = pd.DataFrame({"code": pd.array(codes, dtype=object), "day": np.asarray(days, dtype=np.int64)})
        distinct = keys.drop_duplicates().reset_index(drop=True)
        table = self.frame[["code", "valid_from", "valid_to"]].assign(version=np.arange(len(self.frame)))
        table = table.astype({"code": object})
        joined = distinct.reset_index().merge(table, on="code", how="inner")
        joined = joined[(joined["valid_from"] <= joined["day"]) & (joined["day"] < joined["valid_to"])]
        found = np.full(len(distinct), -1, dtype=np.int64)
        found[joined["index"].to_numpy()] = joined["version"].to_numpy()
        position = pd.MultiIndex.from_frame(distinct).get_indexer(pd.MultiIndex.from_frame(keys))
        return found[position]

    def known(self, codes: np.ndarray) -> np.ndarray:
        """Whether each code has any version at all."""
        return pd.Index(self.frame["code"].astype(object).unique()).get_indexer(codes) >= 0

    def label(self, version: int) -> str:
        """A version as messages name it: 'Tỉnh Quảng Ngãi (51, đến 01/07/2025)'."""
        row = self.frame.iloc[version]
        valid = validity_text(int(row["valid_from"]), int(row["valid_to"]))
        return f"{row['name']} ({row['code']}{', ' + valid if valid else ''})"
