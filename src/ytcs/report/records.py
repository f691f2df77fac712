"""Records of plans, indicators and targets: the rows every renderer draws from.

`plan_records`, `indicator_records` and `target_records` are the public JSON of `ytcs plans`,
`ytcs indicators` and `ytcs targets` (no pandas: listing plans starts fast); the rows of result frames
are in `ytcs.report.rows`.
"""

from __future__ import annotations

from typing import Any

from ytcs.plans import Plan, PlanSet


def plan_records(plan_set: PlanSet) -> list[dict[str, Any]]:
    return [
        {
            "id": plan.id,
            "title": plan.title,
            "issuer": plan.issuer,
            "document": plan.document.number,
            "date": plan.document.date.isoformat() if plan.document.date else None,
            "jurisdiction": plan.jurisdiction.name,
            "jurisdiction_code": plan.jurisdiction.code,
            "level": plan.jurisdiction.level,
            "period": f"{plan.period.start}–{plan.period.end}",
            "targets": len(plan.targets),
            "objectives": len(plan.objectives),
            "source": plan.source,
        }
        for plan in sorted(plan_set.plans, key=lambda p: p.id)
    ]


def indicator_records(plan_set: PlanSet, plan: Plan | None = None) -> list[dict[str, Any]]:
    return [
        {
            "id": ind.id,
            "name_vi": ind.name_vi,
            "name_en": ind.name_en,
            "unit": ind.unit,
            "formula": ind.formula_text(),
            "polarity": ind.polarity,
            "bounded": ind.bounded,
            "ci": ind.ci,
            "definition": ind.definition,
        }
        for ind in plan_set.indicators(plan).values()
    ]


def target_records(plan_set: PlanSet, plans: list[Plan]) -> list[dict[str, Any]]:
    """The public JSON of `ytcs targets`: keep these key names, scripts rely on them."""
    records: list[dict[str, Any]] = []
    for plan in plans:
        indicators = plan_set.indicators(plan)
        for target in plan.targets:
            indicator = indicators.get(target.indicator)
            records.append(
                {
                    "plan": plan.id,
                    "source": plan.source,
                    "indicator": target.indicator,
                    "indicator_name": indicator.name_vi if indicator else None,
                    "kind": target.kind,
                    "year": target.year,
                    "from_year": target.from_year,
                    "comparator": target.comparator,
                    "value": target.value,
                    "upper": target.upper,
                    "tolerance": target.tolerance,
                    "change_unit": target.change_unit,
                    "unit": indicator.unit if indicator else None,
                    "scope": target.scope,
                    "baseline_year": target.baseline.year if target.baseline else None,
                    "baseline_value": target.baseline.value if target.baseline else None,
                    "quote": target.quote,
                    "section": target.section,
                    "note": target.note,
                }
            )
    return records
