"""`ytcs validate` as a library call: load, check every rule, and summarise."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ytcs.diagnostics import Issue
from ytcs.plans.load import load_plan_set
from ytcs.plans.rules import check_plan_set


@dataclass(frozen=True)
class ValidationReport:
    issues: list[Issue]
    files_read: int

    @property
    def errors(self) -> int:
        return sum(issue.severity == "error" for issue in self.issues)

    @property
    def warnings(self) -> int:
        return sum(issue.severity == "warning" for issue in self.issues)

    def summary(self) -> str:
        def plural(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        if not self.issues:
            return f"all valid: {plural(self.files_read, 'file')}"
        return (
            f"{plural(self.errors, 'error')}, {plural(self.warnings, 'warning')} in {plural(self.files_read, 'file')}"
        )

    def exit_code(self, *, strict: bool = False) -> int:
        """1 when any error (or any warning under --strict), else 0."""
        return 1 if self.errors or (strict and self.warnings) else 0


def validate_paths(paths: Sequence[Path]) -> ValidationReport:
    """Validate plan and catalog files (folders are searched); every problem is reported, in file order."""
    plan_set = load_plan_set(paths)
    issues = check_plan_set(plan_set)
    issues.sort(key=lambda i: (i.file, i.line, i.column))
    return ValidationReport(issues=issues, files_read=plan_set.files_read)
