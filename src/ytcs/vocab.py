"""The one vocabulary: levels, comparators, flags, statuses and significance, each defined once.

Every stage speaks these words; the labels people read (Vietnamese first, English beside) live
next to each value, so a renderer never keeps a table of its own. The string values are the public
ids that JSON and CSV outputs carry. Nothing here imports a third-party package.
"""

from __future__ import annotations

import enum
from typing import Literal

YEAR_MIN, YEAR_MAX = 1900, 2100
UNIT_CODE_PATTERN = r"[0-9]{2,5}"

# The spellings plan files use; `Level` and `Comparator` below are the same values with their meaning.
LevelName = Literal["province", "district", "commune"]
ComparatorSymbol = Literal[">=", ">", "<=", "<", "==", "~", "between"]


class Level(enum.StrEnum):
    """An administrative level, from the top down."""

    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"

    @property
    def rank(self) -> int:
        """Height above the communes: commune 0, district 1, province 2 (sums run up the ranks)."""
        return _LEVEL_RANK[self]

    @property
    def parents(self) -> tuple[Level, ...]:
        """The levels a unit of this level may sit under.

        A commune may sit directly under a province: Vietnam abolished the district level on 1 July 2025
        (two-level local government), so post-2025 unit lists have no districts.
        """
        return _PARENT_LEVELS[self]

    @property
    def code_length(self) -> int:
        """The length of a GSO code of this level (shorter ones lost their leading zeros)."""
        return _CODE_LENGTH[self]

    @property
    def label_vi(self) -> str:
        return _LEVEL_VI[self]


_LEVEL_RANK = {Level.COMMUNE: 0, Level.DISTRICT: 1, Level.PROVINCE: 2}
_PARENT_LEVELS: dict[Level, tuple[Level, ...]] = {
    Level.COMMUNE: (Level.DISTRICT, Level.PROVINCE),
    Level.DISTRICT: (Level.PROVINCE,),
    Level.PROVINCE: (),
}
_CODE_LENGTH = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}
_LEVEL_VI = {Level.PROVINCE: "Tỉnh", Level.DISTRICT: "Huyện", Level.COMMUNE: "Xã"}
LEVELS_BY_RANK = {level.rank: level for level in Level}


def level_label(level: object) -> str:
    """The Vietnamese label of a level id, or the text itself when it is no level."""
    return Level(level).label_vi if isinstance(level, str) and level in Level._value2member_map_ else str(level)


class Comparator(enum.StrEnum):
    """How a target's value is compared: the public spellings of plan files."""

    AT_LEAST = ">="
    ABOVE = ">"
    AT_MOST = "<="
    BELOW = "<"
    EQUAL = "=="
    ABOUT = "~"
    BETWEEN = "between"

    @property
    def rising(self) -> int:
        """+1 when meeting it means being high enough, −1 low enough, 0 for two-sided targets."""
        if self in (Comparator.AT_LEAST, Comparator.ABOVE):
            return 1
        if self in (Comparator.AT_MOST, Comparator.BELOW):
            return -1
        return 0

    @property
    def symbol(self) -> str:
        """As a person writes it: ≥, ≤, ≈; the others as they are."""
        return {"~": "≈", ">=": "≥", "<=": "≤"}.get(self.value, self.value)


class Flag(enum.IntFlag):
    """Notes a computed value carries; a row holds any combination (a bit each, in this order)."""

    NO_DATA = enum.auto()
    INCOMPLETE = enum.auto()
    ZERO_DENOMINATOR = enum.auto()
    ABOVE_100 = enum.auto()
    INCOMPLETE_SUPPRESSED = enum.auto()
    REPORTED = enum.auto()

    @property
    def text(self) -> str:
        """The public id outputs carry: `no-data`, `zero-denominator`, …"""
        return _FLAG_TEXT[self]


_FLAG_TEXT = {
    Flag.NO_DATA: "no-data",
    Flag.INCOMPLETE: "incomplete",
    Flag.ZERO_DENOMINATOR: "zero-denominator",
    Flag.ABOVE_100: "above-100",
    Flag.INCOMPLETE_SUPPRESSED: "incomplete-suppressed",
    Flag.REPORTED: "reported",
}


def flag_texts(flags: int) -> list[str]:
    """The public ids of the flags set in `flags`, in their fixed order."""
    return [flag.text for flag in Flag if flags & flag]


class Status(enum.StrEnum):
    """Where a target stands; the members are listed most severe first (the default listing order)."""

    MISSED = "missed"
    DETERIORATION = "deterioration"
    LIMITED = "limited progress"
    ACCELERATE = "needs acceleration"
    NO_DATA = "no data"
    INSUFFICIENT = "insufficient data"
    ON_TRACK = "on track"
    ACHIEVED = "achieved"
    MET = "met"
    NOT_MEASURABLE = "not measurable"

    @property
    def severity(self) -> int:
        """0 for the most severe; the listing order."""
        return list(Status).index(self)

    @property
    def behind(self) -> bool:
        """Missed, getting worse, too slow, or impossible to judge for lack of data."""
        return self in _BEHIND

    @property
    def label_vi(self) -> str:
        return _STATUS_VI[self]

    @property
    def style(self) -> str:
        """The terminal colour of the status (Rich style)."""
        return _STATUS_STYLE[self]


_BEHIND = frozenset({Status.MISSED, Status.DETERIORATION, Status.LIMITED, Status.ACCELERATE, Status.NO_DATA})
_STATUS_VI = {
    Status.MISSED: "không đạt",
    Status.DETERIORATION: "đi xuống",
    Status.LIMITED: "tiến bộ hạn chế",
    Status.ACCELERATE: "cần tăng tốc",
    Status.NO_DATA: "thiếu số liệu",
    Status.INSUFFICIENT: "chưa đủ số liệu",
    Status.ON_TRACK: "đúng tiến độ",
    Status.ACHIEVED: "đã đạt trước hạn",
    Status.MET: "đạt",
    Status.NOT_MEASURABLE: "không đo được",
}
_STATUS_STYLE = {
    Status.MISSED: "bold red",
    Status.DETERIORATION: "red",
    Status.LIMITED: "dark_orange",
    Status.ACCELERATE: "yellow",
    Status.NO_DATA: "magenta",
    Status.INSUFFICIENT: "magenta",
    Status.ON_TRACK: "green",
    Status.ACHIEVED: "bold green",
    Status.MET: "bold green",
    Status.NOT_MEASURABLE: "dim",
}


class Significance(enum.StrEnum):
    """Where a value's whole confidence interval lies relative to the target."""

    BEHIND = "significantly behind"
    SAME = "not significantly different"
    AHEAD = "significantly ahead"
    NONE = "no interval"

    @property
    def label_vi(self) -> str:
        return _SIGNIFICANCE_VI[self]


_SIGNIFICANCE_VI = {
    Significance.BEHIND: "chậm có ý nghĩa thống kê",
    Significance.SAME: "khác biệt không có ý nghĩa",
    Significance.AHEAD: "vượt có ý nghĩa thống kê",
    Significance.NONE: "",
}
