"""Rules on targets: known indicators, years inside the plan period, bounds, direction and unit labels."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ytcs.diagnostics import Issue
from ytcs.plans.load import PlanFile, PlanSet, did_you_mean
from ytcs.plans.models import Indicator, Plan, Target
from ytcs.plans.rules.common import issue_in, plan_files
from ytcs.plans.safe_yaml import Path_
from ytcs.vocab import Comparator

# A parenthesised unit label in a document's wording: short, and shaped like a unit —
# "(%)", "(1000 người)", "(p100.000)", "(trai/100 gái)", "(tuổi)" — not "(110 giường bệnh)".
_QUOTED_UNIT = re.compile(
    r"\(([^()]{0,20}(?:%|‰|/\s*\d|/\s*vạn|\bp\d)[^()]{0,20}|\s*(?:\d[\d.]*\s*)?(?:tuổi|người)\s*)\)"
)


def rule_targets(plan_set: PlanSet) -> Iterator[Issue]:
    """Targets name known indicators, sit in the plan period, and respect bounds and polarity."""
    for file, plan in plan_files(plan_set):
        indicators = plan_set.indicators(plan)
        for index, target in enumerate(plan.targets):
            at: Path_ = ("targets", index)
            indicator = indicators.get(target.indicator)
            if indicator is None:
                yield issue_in(
                    file,
                    (*at, "indicator"),
                    "error",
                    f"unknown indicator '{target.indicator}'{did_you_mean(target.indicator, indicators)}",
                    "unknown-indicator",
                )
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
            yield issue_in(
                file,
                (*at, key),
                "error",
                f"year {year} lies outside the plan period {period.start}–{period.end}",
                "year-outside-period",
            )
    if target.baseline and target.baseline.year >= target.first_year:
        yield issue_in(
            file,
            (*at, "baseline", "year"),
            "error",
            f"baseline year {target.baseline.year} must precede the target year {target.first_year}",
            "baseline-after-target",
        )


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
            yield issue_in(file, path, "error", f"a percentage must lie in [0, 100]; got {value:g}", "out-of-bounds")


def _target_direction(file: PlanFile, indicator: Indicator, target: Target, at: Path_) -> Iterator[Issue]:
    wrong_way = {"higher_is_better": -1, "lower_is_better": 1}.get(indicator.polarity, 0)
    if target.kind == "level" and wrong_way and Comparator(target.comparator).rising == wrong_way:
        yield issue_in(
            file,
            (*at, "comparator"),
            "warning",
            f"'{target.comparator}' on '{indicator.id}', which is {indicator.polarity.replace('_', ' ')}; "
            "check the document's wording and explain in `note`",
            "comparator-polarity",
        )
    if target.kind == "annual_change" and indicator.polarity != "none":
        improving = target.value > 0 if indicator.polarity == "higher_is_better" else target.value < 0
        if not improving and target.value != 0:
            yield issue_in(
                file,
                (*at, "value"),
                "warning",
                f"an annual change of {target.value:g} moves '{indicator.id}' the wrong way "
                f"({indicator.polarity.replace('_', ' ')})",
                "change-polarity",
            )


def _target_unit_label(file: PlanFile, indicator: Indicator, target: Target, at: Path_) -> Iterator[Issue]:
    """The document's own unit label disagrees with the indicator's unit (e.g. '(%)' on a per-mille rate)."""
    accepted = {_normalise_unit(u) for u in (indicator.unit, *indicator.unit_labels)}
    for label in _QUOTED_UNIT.findall(target.quote):
        if _normalise_unit(label) not in accepted:
            yield issue_in(
                file,
                (*at, "quote"),
                "warning",
                f"the document labels the unit '({label})' but '{indicator.id}' is in {indicator.unit}"
                f"{'; see note' if target.note else '; explain in `note`'}",
                "unit-label",
            )


def _normalise_unit(label: str) -> str:
    return re.sub(r"\s+", "", label).lower()
