"""Stage 3, rules: checks across objects that no single schema can express.

Each rule is a small function yielding issues; `check_plan_set` runs them all and collects every
issue (never stopping at the first), as validators in dbt-semantic-interfaces do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ytcs.errors import Issue, Severity
from ytcs.models import Catalog, Indicator, Plan, Target, parse_expression
from ytcs.plans import PlanFile, PlanSet, did_you_mean
from ytcs.yamlio import Path_, format_path

Rule = Callable[[PlanSet], Iterator[Issue]]

_INCREASING = {">=", ">"}
_DECREASING = {"<=", "<"}
# A parenthesised unit label in a document's wording: short, and shaped like a unit —
# "(%)", "(1000 người)", "(p100.000)", "(trai/100 gái)", "(tuổi)" — not "(110 giường bệnh)".
_QUOTED_UNIT = re.compile(
    r"\(([^()]{0,20}(?:%|‰|/\s*\d|/\s*vạn|\bp\d)[^()]{0,20}|\s*(?:\d[\d.]*\s*)?(?:tuổi|người)\s*)\)"
)


def _issue(file: PlanFile, path: Path_, severity: Severity, message: str, code: str, *, key: bool = False) -> Issue:
    line, col = file.position(path, of_key=key)
    return Issue(file.display, line, col, severity, format_path(path), message, code)


def _plan_files(plan_set: PlanSet) -> Iterator[tuple[PlanFile, Plan]]:
    for file in plan_set.files:
        if isinstance(file.model, Plan):
            yield file, file.model


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
        yield _issue(file, where, "error", f"duplicate {what} id '{name}' (first defined at {seen[key]})",
                     "duplicate-id")
    else:
        seen[key] = here


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
                        yield _issue(file, ("indicators", index, field_name), "error",
                                     f"unknown variable '{name}'{did_you_mean(name, variables)}", "unknown-variable")
            if indicator.reported and indicator.reported not in variables:
                yield _issue(file, ("indicators", index, "reported"), "error",
                             f"unknown variable '{indicator.reported}'{did_you_mean(indicator.reported, variables)}",
                             "unknown-variable")
            elif indicator.reported and variables[indicator.reported].kind != "reported":
                yield _issue(file, ("indicators", index, "reported"), "error",
                             f"variable '{indicator.reported}' is a count; a reported indicator reads a "
                             "variable of kind 'reported'", "reported-kind")
            for field_name, names in (("decline_of", [indicator.decline_of]), ("not_below", indicator.not_below)):
                for name in filter(None, names):
                    if name not in indicators:
                        yield _issue(file, ("indicators", index, field_name), "error",
                                     f"unknown indicator '{name}'{did_you_mean(name, indicators)}", "unknown-indicator")


def rule_plan_local_ids_do_not_shadow(plan_set: PlanSet) -> Iterator[Issue]:
    """A plan-local definition must not silently replace the shared one."""
    shared_variables = plan_set.variables()
    shared_indicators = plan_set.indicators()
    for file, plan in _plan_files(plan_set):
        for group, items, shared in (("variables", plan.variables, shared_variables),
                                     ("indicators", plan.indicators, shared_indicators)):
            for index, item in enumerate(items):
                if item.id in shared and shared[item.id] is not item:
                    yield _issue(file, (group, index, "id"), "error",
                                 f"'{item.id}' is already defined in the shared catalog; use it or pick another id",
                                 "shadowed-id")


def rule_targets(plan_set: PlanSet) -> Iterator[Issue]:
    """Targets name known indicators, sit in the plan period, and respect bounds and polarity."""
    for file, plan in _plan_files(plan_set):
        indicators = plan_set.indicators(plan)
        for index, target in enumerate(plan.targets):
            at: Path_ = ("targets", index)
            indicator = indicators.get(target.indicator)
            if indicator is None:
                yield _issue(file, (*at, "indicator"), "error",
                             f"unknown indicator '{target.indicator}'{did_you_mean(target.indicator, indicators)}",
                             "unknown-indicator")
                continue
            yield from _target_years(file, plan, target, at)
            yield from _target_bounds(file, indicator, target, at)
            yield from _target_direction(file, indicator, target, at)
            yield from _target_unit_label(file, indicator, target, at)


def _target_years(file: PlanFile, plan: Plan, target: Target, at: Path_) -> Iterator[Issue]:
    period = plan.period
    for key in ("from_year", "year"):
        year = getattr(target, key)
        if year is not None and not period.start <= year <= period.end:
            yield _issue(file, (*at, key), "error",
                         f"year {year} lies outside the plan period {period.start}–{period.end}", "year-outside-period")
    if target.baseline and target.baseline.year >= target.first_year:
        yield _issue(file, (*at, "baseline", "year"), "error",
                     f"baseline year {target.baseline.year} must precede the target year {target.first_year}",
                     "baseline-after-target")


def _target_bounds(file: PlanFile, indicator: Indicator, target: Target, at: Path_) -> Iterator[Issue]:
    if not indicator.bounded or target.kind == "annual_change" or target.per_year:
        return
    checks: list[tuple[Path_, float]] = [((*at, "value"), target.value)]
    if target.upper is not None:
        checks.append(((*at, "upper"), target.upper))
    if target.baseline:
        checks.append(((*at, "baseline", "value"), target.baseline.value))
    for path, value in checks:
        if not 0 <= value <= 100:
            yield _issue(file, path, "error", f"a percentage must lie in [0, 100]; got {value:g}", "out-of-bounds")


def _target_direction(file: PlanFile, indicator: Indicator, target: Target, at: Path_) -> Iterator[Issue]:
    wrong = {"higher_is_better": _DECREASING, "lower_is_better": _INCREASING}.get(indicator.polarity, set())
    if target.kind == "level" and target.comparator in wrong:
        yield _issue(file, (*at, "comparator"), "warning",
                     f"'{target.comparator}' on '{indicator.id}', which is {indicator.polarity.replace('_', ' ')}; "
                     "check the document's wording and explain in `note`", "comparator-polarity")
    if target.kind == "annual_change" and indicator.polarity != "none":
        improving = target.value > 0 if indicator.polarity == "higher_is_better" else target.value < 0
        if not improving and target.value != 0:
            yield _issue(file, (*at, "value"), "warning",
                         f"an annual change of {target.value:g} moves '{indicator.id}' the wrong way "
                         f"({indicator.polarity.replace('_', ' ')})", "change-polarity")


def _target_unit_label(file: PlanFile, indicator: Indicator, target: Target, at: Path_) -> Iterator[Issue]:
    """The document's own unit label disagrees with the indicator's unit (e.g. '(%)' on a per-mille rate)."""
    accepted = {_normalise_unit(u) for u in (indicator.unit, *indicator.unit_labels)}
    for label in _QUOTED_UNIT.findall(target.quote):
        if _normalise_unit(label) not in accepted:
            yield _issue(file, (*at, "quote"), "warning",
                         f"the document labels the unit '({label})' but '{indicator.id}' is in {indicator.unit}"
                         f"{'; see note' if target.note else '; explain in `note`'}", "unit-label")


def _normalise_unit(label: str) -> str:
    return re.sub(r"\s+", "", label).lower()


def rule_related_baselines(plan_set: PlanSet) -> Iterator[Issue]:
    """Baselines of related indicators agree, e.g. under-5 mortality is never below infant mortality."""
    for file, plan in _plan_files(plan_set):
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
                    yield _issue(file, ("targets", index, "baseline", "value"), "warning",
                                 f"{indicator_id} baseline {value:g} ({year}) is below {lower_id} baseline "
                                 f"{other[1]:g} (targets[{other[0]}]), which it includes; the document is "
                                 "inconsistent", "inconsistent-baselines")


def rule_catalog_has_content(plan_set: PlanSet) -> Iterator[Issue]:
    """Plans without any catalog cannot be checked: say so once."""
    if any(isinstance(f.model, Plan) for f in plan_set.files) and not any(
        isinstance(f.model, Catalog) for f in plan_set.files
    ):
        first = next(f for f in plan_set.files if isinstance(f.model, Plan))
        yield Issue(first.display, 1, 1, "error", "", "no indicator catalog found: put catalog files "
                    "(kind: catalog) in a `catalog/` folder beside the plans", "no-catalog")


RULES: tuple[Rule, ...] = (
    rule_catalog_has_content,
    rule_unique_ids,
    rule_formula_variables,
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
