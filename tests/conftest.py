"""Shared test helpers: the repository's plans loaded once, and a CliRunner wrapper."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ytcs.cli import cli
from ytcs.plans import PlanSet, load_plan_set
from ytcs.plans.models import Plan, Target

REPO = Path(__file__).resolve().parents[1]
PLANS = REPO / "plans"
DATA = REPO / "data"


@pytest.fixture(scope="session")
def repo_plans() -> PlanSet:
    return load_plan_set([PLANS])


def get_plan(plan_set: PlanSet, plan_id: str) -> Plan:
    return plan_set.plan(plan_id)


def find_targets(plan: Plan, indicator: str, year: int | None = None, scope: str | None = None) -> list[Target]:
    return [
        t for t in plan.targets
        if t.indicator == indicator and (year is None or t.year == year) and (scope is None or t.scope == scope)
    ]


def find_target(plan: Plan, indicator: str, year: int, scope: str | None = None) -> Target:
    found = find_targets(plan, indicator, year, scope)
    assert len(found) == 1, f"expected one {indicator} target for {year} (scope {scope}); found {len(found)}"
    return found[0]


def invoke(args: list[str], expect_exit: int = 0, **kwargs) -> Result:
    """Run the CLI in-process and assert its exit status; never let an exception pass silently."""
    result = CliRunner().invoke(cli, args, catch_exceptions=True, **kwargs)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == expect_exit, (result.exit_code, result.output)
    return result
