"""Finding a plan's targets by what the document says: indicator, year and scope."""

from __future__ import annotations

from ytcs.plans import PlanSet
from ytcs.plans.models import Plan, Target


def get_plan(plan_set: PlanSet, plan_id: str) -> Plan:
    return plan_set.plan(plan_id)


def find_targets(plan: Plan, indicator: str, year: int | None = None, scope: str | None = None) -> list[Target]:
    return [
        t
        for t in plan.targets
        if t.indicator == indicator and (year is None or t.year == year) and (scope is None or t.scope == scope)
    ]


def find_target(plan: Plan, indicator: str, year: int, scope: str | None = None) -> Target:
    found = find_targets(plan, indicator, year, scope)
    assert len(found) == 1, f"expected one {indicator} target for {year} (scope {scope}); found {len(found)}"
    return found[0]
