"""Which map of units a plan is judged on, and a note saying so when units.csv has versions."""

from __future__ import annotations

import datetime as dt

from ytcs.data.folder import DataSet
from ytcs.data.versions import day_text
from ytcs.plans.models import Plan


def plan_map_day(plan: Plan) -> dt.date:
    """The day whose units a plan's targets are about: its date, else 1 January of its first year."""
    return plan.document.date or dt.date(plan.period.start, 1, 1)


def map_note(data: DataSet, jurisdiction: str) -> str | None:
    """Which map the results are on and what was carried onto it, when units.csv has versions."""
    if data.versions is None or data.map_day is None:
        return None
    versions = data.versions
    in_force = versions.in_force(data.map_day)
    own = [int(v) for v in in_force if versions.frame["code"].iat[int(v)] == jurisdiction]
    place = versions.label(own[0]) if own else jurisdiction
    note = (
        f"Đánh giá trên đơn vị hành chính ngày {day_text(data.map_day)} (của kế hoạch): {place}"
        f" / judged on the units of {day_text(data.map_day)}, the plan's map"
    )
    carried = data.carried[data.carried["unit"] == jurisdiction]
    if len(carried):
        years = ", ".join(str(y) for y in sorted(carried["year"].unique()))
        how = "phân bổ theo dân số" if (carried["marker"] == 2).any() else "cộng đủ, không phân bổ"
        note += (
            f"\nSố liệu {years} báo cáo theo đơn vị khác được chuyển về đơn vị của kế hoạch qua crosswalk.csv "
            f"({how}; cờ carried/apportioned) / {years} counts reported on other units were carried through "
            "crosswalk.csv"
        )
    return note
