"""Rules on formulas: every variable and indicator a formula names exists, and is of the right kind."""

from __future__ import annotations

from collections.abc import Iterator

from ytcs.diagnostics import Issue
from ytcs.plans.load import PlanSet, did_you_mean
from ytcs.plans.models import Plan, parse_expression
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
