"""Fixtures shared by the whole suite, and the Hypothesis profiles.

Helpers (paths, `invoke`, target look-ups) live in tests/support/; this file holds only fixtures
and settings, so that work done once per session is visibly done once.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from click.testing import Result
from hypothesis import settings

from tests.support.cli import invoke
from tests.support.paths import BUNDLED_FOLDERS, DATA, PLANS
from ytcs.pipeline import ComputeResult, compute_plan
from ytcs.plans import PlanSet, load_plan_set

# "ci", the default and what `make test` runs: 50 examples per property, the same ones on every run
# (derandomize), and no deadline, so a busy machine cannot turn a slow example into a failure.
# "thorough", for local runs (HYPOTHESIS_PROFILE=thorough make test): 10 times as many examples, new ones
# each run, and failures remembered in .hypothesis/ until they pass.
settings.register_profile("ci", max_examples=50, deadline=None, derandomize=True, database=None, print_blob=True)
settings.register_profile("thorough", max_examples=500, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def repo_plans() -> PlanSet:
    """The repository's plans and catalog, loaded once."""
    return load_plan_set([PLANS])


@pytest.fixture(scope="session")
def bundled_results(repo_plans: PlanSet) -> dict[str, ComputeResult]:
    """Each plan computed once on its bundled data folder, through the library. Read it; never change it."""
    return {
        plan_id: compute_plan(repo_plans, repo_plans.plan(plan_id), DATA / folder)
        for plan_id, folder in BUNDLED_FOLDERS.items()
    }


@pytest.fixture(scope="session")
def cli_once() -> Callable[..., Result]:
    """`invoke` for runs that only read what the command prints: each distinct command line runs once per
    session and its Result is shared. Runs that write files, or need their own folder, call `invoke`."""
    results: dict[tuple[str, ...], Result] = {}

    def run(args: list[str], expect_exit: int = 0) -> Result:
        key = tuple(args)
        if key not in results:
            results[key] = invoke(args, expect_exit=expect_exit)
        assert results[key].exit_code == expect_exit, (results[key].exit_code, results[key].output)
        return results[key]

    return run
