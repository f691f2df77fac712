"""`ytcs plans`, `ytcs indicators` and `ytcs targets` as text tables or JSON."""

from __future__ import annotations

from ytcs.plans import Plan, PlanSet
from ytcs.report.files import to_json
from ytcs.report.records import indicator_records, plan_records, target_records
from ytcs.report.table import render_table
from ytcs.report.text import target_phrase

PLAN_COLUMNS = [
    ("id", "Kế hoạch (id)"),
    ("title", "Tên"),
    ("jurisdiction", "Địa bàn"),
    ("period", "Giai đoạn"),
    ("targets", "Chỉ tiêu"),
    ("objectives", "Mục tiêu định tính"),
]
INDICATOR_COLUMNS = [
    ("id", "id"),
    ("name_vi", "Chỉ số"),
    ("unit", "Đơn vị"),
    ("formula", "Công thức"),
    ("polarity", "Chiều"),
    ("ci", "KTC"),
    ("definition", "Định nghĩa"),
]
TARGET_COLUMNS = [
    ("indicator_name", "Chỉ tiêu"),
    ("target", "Mục tiêu"),
    ("unit", "Đơn vị"),
    ("scope", "Phạm vi"),
    ("section", "Mục"),
]


def render_plans(plan_set: PlanSet, fmt: str) -> str:
    records = plan_records(plan_set)
    return to_json(records) if fmt == "json" else render_table(records, PLAN_COLUMNS, title=f"{len(records)} kế hoạch")


def render_indicators(plan_set: PlanSet, fmt: str) -> str:
    records = indicator_records(plan_set)
    if fmt == "json":
        return to_json(records)
    return render_table(records, INDICATOR_COLUMNS, title=f"{len(records)} chỉ số")


def render_targets(plan_set: PlanSet, plans: list[Plan], fmt: str) -> str:
    """Each plan's targets as a table (or a line saying it has none), or all of them as JSON."""
    records = target_records(plan_set, plans)
    if fmt == "json":
        return to_json(records)
    out = []
    for plan in plans:
        rows = [r for r in records if r["plan"] == plan.id]
        if not rows:
            out.append(
                f"{plan.id}: no quantified targets ({len(plan.objectives)} qualitative objectives, not measurable)\n"
            )
            continue
        shown = [{**r, "target": target_phrase(r)} for r in rows]
        out.append(render_table(shown, TARGET_COLUMNS, title=f"{plan.id}: {len(rows)} chỉ tiêu"))
    return "".join(out)
