"""Rules across targets: baselines of related indicators agree (under-5 mortality ≥ infant mortality)."""

from __future__ import annotations

from collections.abc import Iterator

from ytcs.diagnostics import Issue
from ytcs.plans.load import PlanSet
from ytcs.plans.rules.common import issue_in, plan_files


def rule_related_baselines(plan_set: PlanSet) -> Iterator[Issue]:
    """Baselines of related indicators agree, e.g. under-5 mortality is never below infant mortality."""
    for file, plan in plan_files(plan_set):
        indicators = plan_set.indicators(plan)
        baselines: dict[tuple[str, int, str | None], tuple[int, float]] = {}
        for index, target in enumerate(plan.targets):
            if target.baseline and target.kind == "level":
                key = (target.indicator, target.baseline.year, target.scope)
                baselines.setdefault(key, (index, target.baseline.value))
        for (indicator_id, year, scope), (index, value) in baselines.items():
            indicator = indicators.get(indicator_id)
            for lower_id in indicator.not_below if indicator else []:
                other = baselines.get((lower_id, year, scope))
                if other and value < other[1]:
                    yield issue_in(
                        file,
                        ("targets", index, "baseline", "value"),
                        "warning",
                        f"{indicator_id} baseline {value:g} ({year}) is below {lower_id} baseline "
                        f"{other[1]:g} (targets[{other[0]}]), which it includes; the document is "
                        "inconsistent",
                        "inconsistent-baselines",
                    )
