"""`PLAN` on the command line: a plan id looked up in the plans folder, or the path of a plan file."""

from __future__ import annotations

import re
from pathlib import Path

from ytcs.diagnostics import InputError, UsageError
from ytcs.inputs import read_bounded
from ytcs.plans.folders import DEFAULT_PLANS_DIR
from ytcs.plans.load import PlanSet, collect_yaml_files, is_yaml, load_plan_set
from ytcs.plans.models import Plan
from ytcs.plans.rules import check_plan_set
from ytcs.plans.safe_yaml import MAX_BYTES


def _text_or_empty(path: Path) -> str:
    """A plan file's text to search for its id; one that cannot be read is left to the loader to report."""
    try:
        return read_bounded(path, MAX_BYTES, str(path)).decode("utf-8", errors="replace")
    except InputError:
        return ""


def _files_declaring(plans_dir: Path, plan_id: str) -> list[Path]:
    """Plan files whose text declares `id: <plan_id>`, so one plan loads without parsing them all.

    Falls back to the whole folder (and its 'unknown plan' message listing every id) when none does.
    """
    pattern = re.compile(rf"^id:\s*[\"']?{re.escape(plan_id)}[\"']?\s*(#.*)?$", re.M)
    files = collect_yaml_files([plans_dir])
    found = [p for p in files if pattern.search(_text_or_empty(p))]
    return found or [plans_dir]


def load_plan_ref(reference: str, plans_dir: Path = DEFAULT_PLANS_DIR) -> tuple[PlanSet, Plan]:
    """`PLAN` on the command line: the path of a plan file, or a plan id found under `plans_dir`.

    Fails with a usage error when the plan does not load cleanly, so no computation runs on a
    plan that `ytcs validate` would reject.
    """
    as_path = Path(reference)
    by_path = is_yaml(as_path) or as_path.is_file()
    if by_path and not as_path.is_file():
        raise UsageError(f"{reference}: no such plan file")
    if not by_path and not plans_dir.is_dir():
        raise UsageError(f"no plans folder '{plans_dir}' to look up plan id '{reference}'; give a file path")
    plan_set = load_plan_set([as_path] if by_path else _files_declaring(plans_dir, reference))
    errors = [i for i in check_plan_set(plan_set) if i.severity == "error"]
    if errors:
        raise UsageError(f"{errors[0].format()} (run `ytcs validate` for all {len(errors)} errors)")
    if by_path:
        resolved = as_path.resolve()
        plan = next((f.model for f in plan_set.files if f.path == resolved and isinstance(f.model, Plan)), None)
        if plan is None:
            raise UsageError(f"{reference}: not a plan file (kind: plan)")
        return plan_set, plan
    return plan_set, plan_set.plan(reference)
