"""The one vocabulary: levels, comparators, flags, statuses and significance, each defined once.

Every stage speaks these words; the labels people read (Vietnamese first, English beside) live
next to each value, so a renderer never keeps a table of its own: statuses, significance, flags, levels,
target kinds, and the column headers of every table and spreadsheet (`COLUMN_LABELS`, `DISPLAY_LABELS`).
The string values are the public ids that JSON and CSV outputs carry. Nothing here imports a third-party
package.
"""

from __future__ import annotations

import enum
from typing import Literal

YEAR_MIN, YEAR_MAX = 1900, 2100
UNIT_CODE_PATTERN = r"[0-9]{2,5}"

# The spellings plan files use; `Level` and `Comparator` below are the same values with their meaning.
LevelName = Literal["province", "district", "commune"]
ComparatorSymbol = Literal[">=", ">", "<=", "<", "==", "~", "between"]
# The languages of labels: Vietnamese (the default everywhere people read) and English.
LANGS = ("vi", "en")


def pick(labels: tuple[str, str], lang: str) -> str:
    """The label in `lang` from a (Vietnamese, English) pair."""
    return labels[1] if lang == "en" else labels[0]


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
        return _LEVEL_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LEVEL_LABELS[self][1]

    def label(self, lang: str = "vi") -> str:
        return pick(_LEVEL_LABELS[self], lang)


_LEVEL_RANK = {Level.COMMUNE: 0, Level.DISTRICT: 1, Level.PROVINCE: 2}
_PARENT_LEVELS: dict[Level, tuple[Level, ...]] = {
    Level.COMMUNE: (Level.DISTRICT, Level.PROVINCE),
    Level.DISTRICT: (Level.PROVINCE,),
    Level.PROVINCE: (),
}
_CODE_LENGTH = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}
_LEVEL_LABELS = {
    Level.PROVINCE: ("Tỉnh", "Province"),
    Level.DISTRICT: ("Huyện", "District"),
    Level.COMMUNE: ("Xã", "Commune"),
}
LEVELS_BY_RANK = {level.rank: level for level in Level}


def level_label(level: object, lang: str = "vi") -> str:
    """The label of a level id in `lang`, or the text itself when it is no level."""
    return Level(level).label(lang) if isinstance(level, str) and level in Level._value2member_map_ else str(level)


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
    NEGATIVE = enum.auto()
    CARRIED = enum.auto()
    APPORTIONED = enum.auto()

    @property
    def text(self) -> str:
        """The public id outputs carry: `no-data`, `zero-denominator`, …"""
        return _FLAG_LABELS[self][0]

    def label(self, lang: str = "vi") -> str:
        """What a reader sees: 'chưa đủ đơn vị báo cáo' / 'incomplete'."""
        return pick(_FLAG_LABELS[self][1:], lang)


# public id, Vietnamese label, English label
_FLAG_LABELS = {
    Flag.NO_DATA: ("no-data", "không có số liệu", "no data"),
    Flag.INCOMPLETE: ("incomplete", "chưa đủ đơn vị báo cáo", "incomplete: not every unit reported"),
    Flag.ZERO_DENOMINATOR: ("zero-denominator", "mẫu số bằng 0", "zero denominator"),
    Flag.ABOVE_100: ("above-100", "vượt 100%", "above 100%"),
    Flag.INCOMPLETE_SUPPRESSED: ("incomplete-suppressed", "để trống vì chưa đủ báo cáo", "left blank: incomplete"),
    Flag.REPORTED: ("reported", "số liệu báo cáo sẵn", "reported value"),
    Flag.NEGATIVE: ("negative", "giá trị âm: kiểm tra số liệu đầu vào", "negative: check the inputs"),
    Flag.CARRIED: (
        "carried",
        "tính từ số liệu báo cáo theo đơn vị hành chính khác (sắp xếp đơn vị)",
        "carried from counts reported on other units (reorganisation)",
    ),
    Flag.APPORTIONED: (
        "apportioned",
        "phân bổ theo dân số khi sắp xếp đơn vị; khoảng tin cậy gần đúng",
        "apportioned by population across a reorganisation; approximate interval",
    ),
}
# Flags that make a value less than a full count of what it claims: marked † wherever values are shown.
CAVEAT_FLAGS = Flag.INCOMPLETE | Flag.INCOMPLETE_SUPPRESSED | Flag.APPORTIONED
MARK_SIGNIFICANT = "*"  # the whole interval lies on one side of the target
MARK_CAVEAT = "†"  # the value is incomplete (or carried across a change of units)


def flag_texts(flags: int) -> list[str]:
    """The public ids of the flags set in `flags`, in their fixed order."""
    return [flag.text for flag in Flag if flags & flag]


def flag_labels(flags: int, lang: str = "vi") -> list[str]:
    """The labels of the flags set in `flags`, in their fixed order."""
    return [flag.label(lang) for flag in Flag if flags & flag]


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
        return _STATUS_LOOK[self][0]

    @property
    def label_en(self) -> str:
        return _STATUS_LOOK[self][1]

    def label(self, lang: str = "vi") -> str:
        return pick(_STATUS_LOOK[self][:2], lang)

    @property
    def symbol(self) -> str:
        """One character that tells the status without colour (matrices, scorecard cells)."""
        return _STATUS_LOOK[self][2]

    @property
    def fill(self) -> str:
        """Background colour (hex) in the report and spreadsheets: ColorBrewer RdYlBu, safe for colour blindness."""
        return _STATUS_LOOK[self][3]

    @property
    def ink(self) -> str:
        """Text colour (hex) readable on `fill`."""
        return "#ffffff" if self in _DARK_FILLS else "#1a1a1a"

    @property
    def style(self) -> str:
        """The terminal colour of the status (Rich style)."""
        return _STATUS_LOOK[self][4]


_BEHIND = frozenset({Status.MISSED, Status.DETERIORATION, Status.LIMITED, Status.ACCELERATE, Status.NO_DATA})
# Vietnamese, English, symbol, fill, terminal style. "deterioration" is "xấu đi": moving away from the target,
# whichever way the value must go (an underweight rate that rises is getting worse, not "going down").
_STATUS_LOOK = {
    Status.MISSED: ("không đạt", "missed", "✗", "#a50026", "bold red"),
    Status.DETERIORATION: ("xấu đi", "getting worse", "▼", "#d73027", "red"),
    Status.LIMITED: ("tiến bộ hạn chế", "limited progress", "○", "#fdae61", "dark_orange"),
    Status.ACCELERATE: ("cần tăng tốc", "needs acceleration", "◐", "#fee090", "yellow"),
    Status.NO_DATA: ("thiếu số liệu", "no data", "?", "#bdbdbd", "magenta"),
    Status.INSUFFICIENT: ("chưa đủ số liệu", "insufficient data", "·", "#e0e0e0", "magenta"),
    Status.ON_TRACK: ("đúng tiến độ", "on track", "●", "#abd9e9", "green"),
    Status.ACHIEVED: ("đã đạt trước hạn", "achieved early", "★", "#4575b4", "bold green"),
    Status.MET: ("đạt", "met", "✓", "#313695", "bold green"),
    Status.NOT_MEASURABLE: ("không đo được", "not measurable", "–", "#f5f5f5", "dim"),
}
_DARK_FILLS = frozenset({Status.MISSED, Status.DETERIORATION, Status.ACHIEVED, Status.MET})


class Significance(enum.StrEnum):
    """Where a value's whole confidence interval lies relative to the target."""

    BEHIND = "significantly behind"
    SAME = "not significantly different"
    AHEAD = "significantly ahead"
    NONE = "no interval"

    @property
    def label_vi(self) -> str:
        return _SIGNIFICANCE_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _SIGNIFICANCE_LABELS[self][1]

    def label(self, lang: str = "vi") -> str:
        return pick(_SIGNIFICANCE_LABELS[self], lang)

    @property
    def mark(self) -> str:
        """`MARK_SIGNIFICANT` where the whole interval lies on one side of the target, else ''."""
        return MARK_SIGNIFICANT if self in (Significance.BEHIND, Significance.AHEAD) else ""


_SIGNIFICANCE_LABELS = {
    Significance.BEHIND: ("chậm có ý nghĩa thống kê", "significantly behind"),
    Significance.SAME: ("khác biệt không có ý nghĩa", "not significantly different"),
    Significance.AHEAD: ("vượt có ý nghĩa thống kê", "significantly ahead"),
    Significance.NONE: ("", ""),
}


def significance_label(value: object, lang: str = "vi") -> str:
    """The label of a significance id, '' for none or a missing value."""
    return Significance(value).label(lang) if isinstance(value, str) and value in _SIGNIFICANCE_IDS else ""


def status_label(value: object, lang: str = "vi") -> str:
    """The label of a status id, or the text itself when it is no status."""
    return Status(value).label(lang) if isinstance(value, str) and value in _STATUS_IDS else str(value)


_SIGNIFICANCE_IDS = frozenset(member.value for member in Significance)
_STATUS_IDS = frozenset(member.value for member in Status)

# Target kinds, as plan files spell them.
KIND_LABELS = {
    "level": ("mức", "level"),
    "annual_change": ("thay đổi hằng năm", "annual change"),
    "range": ("khoảng", "range"),
}

# Headers of the columns of result frames (compute and gap), as spreadsheets show them.
COLUMN_LABELS = {
    "plan": ("Kế hoạch", "Plan"),
    "unit": ("Mã đơn vị", "Unit code"),
    "unit_name": ("Tên đơn vị", "Unit"),
    "level": ("Cấp", "Level"),
    "year": ("Năm số liệu", "Data year"),
    "indicator": ("Mã chỉ số", "Indicator id"),
    "indicator_name": ("Chỉ số", "Indicator"),
    "indicator_unit": ("Đơn vị tính", "Unit of measure"),
    "value": ("Giá trị", "Value"),
    "numerator": ("Tử số", "Numerator"),
    "denominator": ("Mẫu số", "Denominator"),
    "ci_low": ("Cận dưới KTC", "CI lower limit"),
    "ci_high": ("Cận trên KTC", "CI upper limit"),
    "completeness": ("Độ đầy đủ", "Completeness"),
    "reporting": ("Số đơn vị báo cáo", "Units reporting"),
    "expected": ("Số đơn vị phải báo cáo", "Units expected"),
    "flags": ("Lưu ý số liệu", "Data notes"),
    "target_year": ("Năm mục tiêu", "Target year"),
    "from_year": ("Từ năm", "From year"),
    "kind": ("Loại chỉ tiêu", "Kind"),
    "comparator": ("So sánh", "Comparator"),
    "target": ("Mục tiêu", "Target"),
    "upper": ("Cận trên mục tiêu", "Target upper end"),
    "tolerance": ("Dung sai", "Tolerance"),
    "change_unit": ("Đơn vị thay đổi", "Change unit"),
    "gap": ("Khoảng cách", "Gap"),
    "relative_gap": ("Khoảng cách tương đối", "Relative gap"),
    "percent_achieved": ("% so với mục tiêu", "% of target"),
    "status": ("Tình trạng", "Status"),
    "significance": ("Ý nghĩa thống kê", "Significance"),
    "projected": ("Dự báo năm mục tiêu", "Projected for the target year"),
    "base_year": ("Năm gốc", "Base year"),
    "base_value": ("Giá trị gốc", "Base value"),
    "observed_change": ("Thay đổi quan sát/năm", "Observed change/year"),
    "required_change": ("Thay đổi cần đạt/năm", "Required change/year"),
    "ratio": ("Tỷ số R", "Ratio R"),
    "missing": ("Biến thiếu", "Missing variables"),
    "scope": ("Phạm vi", "Scope"),
    "section": ("Mục", "Section"),
    "quote": ("Trích dẫn", "Quote"),
    "note": ("Ghi chú", "Note"),
}

# Headers of the columns people read in terminal tables, Markdown and the HTML report.
DISPLAY_LABELS = {
    "number": ("TT", "No."),
    "unit": ("Đơn vị", "Unit"),
    "level": ("Cấp", "Level"),
    "year": ("Năm", "Year"),
    "indicator": ("Chỉ số", "Indicator"),
    "target_name": ("Chỉ tiêu", "Indicator"),
    "target": ("Mục tiêu", "Target"),
    "current": ("Hiện tại", "Current"),
    "value": ("Giá trị", "Value"),
    "measure": ("Đơn vị tính", "Unit of measure"),
    "numerator": ("Tử số", "Numerator"),
    "denominator": ("Mẫu số", "Denominator"),
    "ci": ("KTC", "CI"),
    "completeness": ("Đầy đủ", "Complete"),
    "flags": ("Lưu ý", "Notes"),
    "gap": ("Khoảng cách", "Gap"),
    "status": ("Tình trạng", "Status"),
    "significance": ("Ý nghĩa thống kê", "Significance"),
    "projected": ("Dự báo", "Projected"),
    "base": ("Gốc", "Base"),
    "section": ("Mục", "Section"),
    "scope": ("Phạm vi", "Scope"),
    "plan_id": ("Kế hoạch (id)", "Plan (id)"),
    "title": ("Tên", "Title"),
    "jurisdiction": ("Địa bàn", "Area"),
    "period": ("Giai đoạn", "Period"),
    "targets": ("Số chỉ tiêu", "Targets"),
    "objectives": ("Mục tiêu định tính", "Qualitative objectives"),
    "id": ("Mã", "Id"),
    "formula": ("Công thức", "Formula"),
    "polarity": ("Chiều tốt", "Better when"),
    "definition": ("Định nghĩa", "Definition"),
}


def column_label(column: str, lang: str = "vi") -> str:
    """A result frame's column header in `lang` (the id itself when unknown)."""
    return pick(COLUMN_LABELS[column], lang) if column in COLUMN_LABELS else column


def display_label(column: str, lang: str = "vi") -> str:
    """A displayed column's header in `lang`."""
    return pick(DISPLAY_LABELS[column], lang)
