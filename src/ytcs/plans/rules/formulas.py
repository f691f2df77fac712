"""Rules on formulas: every variable and indicator a formula names exists, and is of the right kind."""

from __future__ import annotations

from collections.abc import Iterator

from ytcs.diagnostics import Issue
from ytcs.plans.load import PlanSet, did_you_mean
from ytcs.plans.models import Indicator, Plan, parse_expression
from ytcs.plans.rules.common import issue_in


def rule_formula_variables(plan_set: PlanSet) -> Iterator[Issue]:
    """Every formula reads variables the dictionary knows; `decline_of` names a known indicator."""
    for file in plan_set.files:
        plan = file.model if isinstance(file.model, Plan) else None
        variables = plan_set.variables(plan)
        indicators = plan_set.indicators(plan)
        for index, indicator in enumerate(file.model.indicators):
            for field_name in ("numerator", "denominator", "count"):
                expression = getattr(indicator, field_name)
                for _, name in parse_expression(expression) if expression else []:
                    if name not in variables:
                        yield issue_in(
                            file,
                            ("indicators", index, field_name),
                            "error",
                            f"unknown variable '{name}'{did_you_mean(name, variables)}",
                            "unknown-variable",
                        )
            if indicator.reported and indicator.reported not in variables:
                yield issue_in(
                    file,
                    ("indicators", index, "reported"),
                    "error",
                    f"unknown variable '{indicator.reported}'{did_you_mean(indicator.reported, variables)}",
                    "unknown-variable",
                )
            elif indicator.reported and variables[indicator.reported].kind != "reported":
                yield issue_in(
                    file,
                    ("indicators", index, "reported"),
                    "error",
                    f"variable '{indicator.reported}' is a count; a reported indicator reads a "
                    "variable of kind 'reported'",
                    "reported-kind",
                )
            for field_name, names in (("decline_of", [indicator.decline_of]), ("not_below", indicator.not_below)):
                for name in filter(None, names):
                    if name not in indicators:
                        yield issue_in(
                            file,
                            ("indicators", index, field_name),
                            "error",
                            f"unknown indicator '{name}'{did_you_mean(name, indicators)}",
                            "unknown-indicator",
                        )


def _decline_cycle(start: str, indicators: dict[str, Indicator]) -> list[str]:
    """The ids round a `decline_of` cycle through `start` (['a', 'b', 'a']), or [] when its chain ends."""
    chain = [start]
    current = indicators[start].decline_of
    while current is not None and current in indicators and current not in chain:
        chain.append(current)
        current = indicators[current].decline_of
    return [*chain, start] if current == start else []


def rule_decline_cycles(plan_set: PlanSet) -> Iterator[Issue]:
    """A `decline_of` chain must end at an indicator with a formula of its own: a cycle (two indicators each
    the other's decline) defines no value at all."""
    for file in plan_set.files:
        indicators = plan_set.indicators(file.model if isinstance(file.model, Plan) else None)
        for index, indicator in enumerate(file.model.indicators):
            cycle = _decline_cycle(indicator.id, indicators) if indicator.decline_of else []
            if cycle:
                yield issue_in(
                    file,
                    ("indicators", index, "decline_of"),
                    "error",
                    f"decline_of goes round in a circle ({' → '.join(cycle)}), so none of them has a value; "
                    "point one of them at an indicator with a formula of its own",
                    "decline-cycle",
                )
