"""Plans, the rules: checks across objects that no single schema can express.

One module per family of rules; each rule is a small function yielding issues, and `check_plan_set`
runs them all and collects every issue (never stopping at the first), as validators in
dbt-semantic-interfaces do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ytcs.diagnostics import Issue
from ytcs.plans.load import PlanSet
from ytcs.plans.rules.baselines import rule_related_baselines
from ytcs.plans.rules.formulas import rule_decline_cycles, rule_formula_variables
from ytcs.plans.rules.ids import rule_catalog_has_content, rule_plan_local_ids_do_not_shadow, rule_unique_ids
from ytcs.plans.rules.targets import rule_targets

Rule = Callable[[PlanSet], Iterator[Issue]]

RULES: tuple[Rule, ...] = (
    rule_catalog_has_content,
    rule_unique_ids,
    rule_formula_variables,
    rule_decline_cycles,
    rule_plan_local_ids_do_not_shadow,
    rule_targets,
    rule_related_baselines,
)


def check_plan_set(plan_set: PlanSet) -> list[Issue]:
    """Run every rule; return all the issues, loading and schema issues first."""
    issues = list(plan_set.issues)
    for rule in RULES:
        issues += rule(plan_set)
    return issues
