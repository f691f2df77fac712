"""What every rule shares: how an issue points into its file, and the plan files of a set."""

from __future__ import annotations

from collections.abc import Iterator

from ytcs.diagnostics import Issue, Severity, issue_at
from ytcs.plans.load import PlanFile, PlanSet
from ytcs.plans.models import Plan
from ytcs.plans.safe_yaml import Path_, format_path


def issue_in(file: PlanFile, path: Path_, severity: Severity, message: str, code: str, *, key: bool = False) -> Issue:
    """An issue at the line and column of `path` (its key with `key=True`) in `file`."""
    line, col = file.position(path, of_key=key)
    return issue_at(file.display, line, col, severity, format_path(path), message, code)


def plan_files(plan_set: PlanSet) -> Iterator[tuple[PlanFile, Plan]]:
    """The plan files of the set, with their plans (catalog files left out)."""
    for file in plan_set.files:
        if isinstance(file.model, Plan):
            yield file, file.model
