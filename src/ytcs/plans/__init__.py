"""Plans: plan and catalog YAML files → checked models (no pandas anywhere in this package).

The steps: `safe_yaml` (YAML that keeps every line) → `models` (Pydantic) → `load` (a PlanSet of files)
→ `rules` (checks across objects) → `validate` (the report of `ytcs validate`); `resolve` finds the plan
a command names, `schema` writes the JSON Schemas editors use.

The names below are imported when first asked for, so that a command imports only the steps it runs
(`ytcs compute` never needs `validate`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ytcs.plans.folders import DEFAULT_PLANS_DIR
    from ytcs.plans.load import PlanSet, load_plan_set
    from ytcs.plans.models import Catalog, Indicator, Plan, Target, Variable
    from ytcs.plans.resolve import load_plan_ref
    from ytcs.plans.validate import ValidationReport, validate_paths

_HOME = {
    "DEFAULT_PLANS_DIR": "folders", "PlanSet": "load", "load_plan_set": "load",
    "Catalog": "models", "Indicator": "models", "Plan": "models", "Target": "models", "Variable": "models",
    "load_plan_ref": "resolve", "ValidationReport": "validate", "validate_paths": "validate",
}  # fmt: skip

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


def __getattr__(name: str) -> Any:
    """`ytcs.plans.Plan` and the like, from the module that defines them."""
    if name in _HOME:
        return getattr(importlib.import_module(f"ytcs.plans.{_HOME[name]}"), name)
    raise AttributeError(f"module 'ytcs.plans' has no attribute {name!r}")
