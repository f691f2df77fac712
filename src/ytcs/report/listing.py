"""`ytcs plans`, `ytcs indicators` and `ytcs targets` as text tables or JSON."""

from __future__ import annotations

from ytcs.plans import Plan, PlanSet
from ytcs.report.files import to_json
from ytcs.report.records import indicator_records, plan_records, target_records
from ytcs.report.table import render_table
from ytcs.report.text import target_phrase
from ytcs.vocab import display_label

# record key → the displayed column (its header from `ytcs.vocab.DISPLAY_LABELS`)
PLAN_COLUMNS = [("id", "plan_id"), ("title", "title"), ("jurisdiction", "jurisdiction"), ("period", "period"),
                ("targets", "targets"), ("objectives", "objectives")]  # fmt: skip
INDICATOR_COLUMNS = [("id", "id"), ("name_vi", "indicator"), ("unit", "measure"), ("formula", "formula"),
                     ("polarity", "polarity"), ("ci", "ci"), ("definition", "definition")]  # fmt: skip
TARGET_COLUMNS = [("indicator_name", "target_name"), ("target", "target"), ("unit", "measure"), ("scope", "scope"),
                  ("section", "section")]  # fmt: skip


def _headed(columns: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(key, display_label(shown)) for key, shown in columns]


def render_plans(plan_set: PlanSet, fmt: str) -> str:
    records = plan_records(plan_set)
    return (
        to_json(records)
        if fmt == "json"
        else render_table(records, _headed(PLAN_COLUMNS), title=f"{len(records)} kế hoạch")
    )


def render_indicators(plan_set: PlanSet, fmt: str) -> str:
    records = indicator_records(plan_set)
    if fmt == "json":
        return to_json(records)
    return render_table(records, _headed(INDICATOR_COLUMNS), title=f"{len(records)} chỉ số")


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
        out.append(render_table(shown, _headed(TARGET_COLUMNS), title=f"{plan.id}: {len(rows)} chỉ tiêu"))
    return "".join(out)
