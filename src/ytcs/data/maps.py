"""Which map of units a plan is judged on, and a note saying so when units.csv has versions."""

from __future__ import annotations

import datetime as dt

from ytcs.data.folder import DataSet
from ytcs.data.versions import day_text
from ytcs.plans.models import Plan


def plan_map_day(plan: Plan) -> dt.date:
    """The day whose units a plan's targets are about: its date, else 1 January of its first year."""
    return plan.document.date or dt.date(plan.period.start, 1, 1)


def map_note(data: DataSet, jurisdiction: str) -> tuple[str, str] | None:
    """Which map the results are on and what was carried onto it, in Vietnamese and English; None when
    units.csv has no versions (every unit is the same on every day)."""
    if data.versions is None or data.map_day is None:
        return None
    versions = data.versions
    own = [int(v) for v in versions.in_force(data.map_day) if versions.frame["code"].iat[int(v)] == jurisdiction]
    place = versions.label(own[0]) if own else jurisdiction
    day = day_text(data.map_day)
    vi = f"Đánh giá trên địa giới hành chính ngày {day} (ngày của kế hoạch): {place}."
    en = f"Judged on the administrative units of {day} (the plan's date): {place}."
    carried = data.carried[data.carried["unit"] == jurisdiction]
    if len(carried):
        years = ", ".join(str(y) for y in sorted(carried["year"].unique()))
        apportioned = bool((carried["marker"] == 2).any())
        vi += f" Số liệu {years} báo cáo theo đơn vị hành chính khác được chuyển về qua crosswalk.csv" + (
            " (một phần phân bổ theo dân số: cờ 'apportioned', †)." if apportioned else " (cộng đủ, không phân bổ)."
        )
        en += f" {years} counts reported on other units were carried through crosswalk.csv" + (
            " (partly apportioned by population: flag 'apportioned', †)." if apportioned else " (whole units)."
        )
    return vi, en
