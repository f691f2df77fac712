"""Plans: plan and catalog YAML files → checked models (no pandas anywhere in this package).

The steps: `safe_yaml` (YAML that keeps every line) → `models` (Pydantic) → `load` (a PlanSet of files)
→ `rules` (checks across objects) → `validate` (the report of `ytcs validate`); `resolve` finds the plan
a command names, `schema` writes the JSON Schemas editors use.
"""

from ytcs.plans.load import DEFAULT_PLANS_DIR, PlanSet, load_plan_set
from ytcs.plans.models import Catalog, Indicator, Plan, Target, Variable
from ytcs.plans.resolve import load_plan_ref
from ytcs.plans.validate import ValidationReport, validate_paths

__all__ = [
    "DEFAULT_PLANS_DIR",
    "Catalog",
    "Indicator",
    "Plan",
    "PlanSet",
    "Target",
    "ValidationReport",
    "Variable",
    "load_plan_ref",
    "load_plan_set",
    "validate_paths",
]
