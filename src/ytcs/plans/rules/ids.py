"""Rules on ids: each names one thing, and plan-local definitions never replace shared ones."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from ytcs.diagnostics import Issue, issue_at
from ytcs.plans.load import PlanFile, PlanSet
from ytcs.plans.models import Catalog, Indicator, Plan, Variable
from ytcs.plans.rules.common import issue_in, plan_files
from ytcs.plans.safe_yaml import Path_


def rule_catalog_has_content(plan_set: PlanSet) -> Iterator[Issue]:
    """Plans without any catalog cannot be checked: say so once."""
    if any(isinstance(f.model, Plan) for f in plan_set.files) and not any(
        isinstance(f.model, Catalog) for f in plan_set.files
    ):
        first = next(f for f in plan_set.files if isinstance(f.model, Plan))
        yield issue_at(
            first.display,
            1,
            1,
            "error",
            "",
            "no indicator catalog found: put catalog files (kind: catalog) in a `catalog/` folder beside the plans",
            "no-catalog",
        )


def rule_unique_ids(plan_set: PlanSet) -> Iterator[Issue]:
    """Ids name one thing each: catalog ids across catalog files, plan-local ids within a plan, plan ids."""
    catalog_seen: dict[tuple[str, str], str] = {}
    plan_seen: dict[str, str] = {}
    for file in plan_set.files:
        model = file.model
        local_seen: dict[tuple[str, str], str] = {}
        seen = catalog_seen if isinstance(model, Catalog) else local_seen
        for group in ("variables", "indicators"):
            for index, item in enumerate(getattr(model, group)):
                yield from _once(file, (group, index, "id"), (group, item.id), seen, group.rstrip("s"))
        if isinstance(model, Plan):
            yield from _once(file, ("id",), model.id, plan_seen, "plan")


def _once(file: PlanFile, where: Path_, key: object, seen: dict, what: str) -> Iterator[Issue]:
    here = f"{file.display}:{file.position(where)[0]}"
    if key in seen:
        name = key[1] if isinstance(key, tuple) else key
        yield issue_in(
            file, where, "error", f"duplicate {what} id '{name}' (first defined at {seen[key]})", "duplicate-id"
        )
    else:
        seen[key] = here


def rule_plan_local_ids_do_not_shadow(plan_set: PlanSet) -> Iterator[Issue]:
    """A plan-local definition must not silently replace the shared one."""
    shared_variables = plan_set.variables()
    shared_indicators = plan_set.indicators()
    for file, plan in plan_files(plan_set):
        groups: list[tuple[str, Sequence[Variable | Indicator], Mapping[str, Variable | Indicator]]] = [
            ("variables", plan.variables, shared_variables),
            ("indicators", plan.indicators, shared_indicators),
        ]
        for group, items, shared in groups:
            for index, item in enumerate(items):
                if item.id in shared and shared[item.id] is not item:
                    yield issue_in(
                        file,
                        (group, index, "id"),
                        "error",
                        f"'{item.id}' is already defined in the shared catalog; use it or pick another id",
                        "shadowed-id",
                    )
