"""The bad-input corpus of data folders, tests/data_bad/cases.yaml: its two kinds of case, checked for typos.

A case that must FAIL has `fragments`: reading its folder raises one InputError (exit 2 through the CLI)
whose one-line message holds every fragment. A case that must be READ has `values`: its folder is computed
for `plan` (exit 0) and the numbers, findings and judgements are those worked out by hand in cases.yaml.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.cli import QN
from tests.support.paths import DATA_BAD, PLANS

CASES: dict[str, dict[str, Any]] = yaml.safe_load((DATA_BAD / "cases.yaml").read_text(encoding="utf-8"))

FAILING_KEYS = {"fragments", "number_format", "args", "output", "plan"}
READ_KEYS = {"plan", "year", "findings", "more_findings", "values", "published", "gap", "xfail"}
GAP_KEYS = {"args", "rows", "md", "md_absent"}
XFAIL_PARTS = {"findings", "numbers"}  # the library test (findings, published) and the CLI test (values, gap)

# Numbers worked out by hand are written to 4 decimals at most: they must agree with ytcs to within half a
# unit of the 4th decimal. Counts (populations, numerators) are whole numbers and agree exactly at that.
TOLERANCE = 5e-5


def is_read_case(spec: dict[str, Any]) -> bool:
    return "values" in spec


def _check_keys(name: str, spec: dict[str, Any]) -> None:
    allowed = READ_KEYS if is_read_case(spec) else FAILING_KEYS
    unknown = set(spec) - allowed
    assert not unknown, f"cases.yaml: {name}: unknown keys {sorted(unknown)}"
    if is_read_case(spec):
        assert {"plan", "year", "findings"} <= set(spec), f"cases.yaml: {name}: a read case needs plan, year, findings"
        assert set(spec.get("xfail", {})) <= XFAIL_PARTS, f"cases.yaml: {name}: xfail names {XFAIL_PARTS}"
        for block in spec.get("gap", []):
            assert set(block) <= GAP_KEYS, f"cases.yaml: {name}: unknown gap keys {sorted(set(block) - GAP_KEYS)}"
    else:
        assert "fragments" in spec, f"cases.yaml: {name}: a case needs `fragments` (must fail) or `values` (read)"


for _name, _spec in CASES.items():
    _check_keys(_name, _spec)


def failing_cases(*, library: bool = False) -> list[str]:
    """The cases that must fail; `library=True`: only those a library reader sees (no CLI options, no -o)."""
    return sorted(
        name
        for name, spec in CASES.items()
        if not is_read_case(spec) and not (library and ({"args", "output"} & set(spec)))
    )


def read_cases(part: str) -> list[Any]:
    """The cases that must be read, as pytest params; a case that shows a known bug in `part` is a strict xfail."""
    params = []
    for name, spec in sorted(CASES.items()):
        if not is_read_case(spec):
            continue
        reason = spec.get("xfail", {}).get(part)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(name, marks=marks, id=name))
    return params


def plan_ref(spec: dict[str, Any]) -> str:
    """The case's plan as the command line takes it: a file under tests/data_bad, or a plan id of plans/."""
    plan = spec.get("plan", QN)
    return str(DATA_BAD / plan) if plan.endswith((".yaml", ".yml")) else plan


def plan_args(spec: dict[str, Any]) -> list[str]:
    return [plan_ref(spec), "--plans", str(PLANS)]


def folder(name: str) -> Path:
    return DATA_BAD / name


def split_key(key: str, year: int) -> tuple[str, str, int]:
    """'51/doctors_per_10k' (the case's year) or '51/doctors_per_10k/2023' → unit, indicator, year."""
    parts = key.split("/")
    assert len(parts) in (2, 3), key
    return parts[0], parts[1], int(parts[2]) if len(parts) == 3 else year


def agrees(actual: Any, expected: Any) -> bool:
    """A number within TOLERANCE, None for null (a missing value), anything else equal."""
    if expected is None:
        return actual is None or (isinstance(actual, float) and math.isnan(actual))
    if isinstance(expected, bool) or not isinstance(expected, int | float):
        return actual == expected
    return isinstance(actual, int | float) and abs(actual - expected) <= TOLERANCE


def differences(row: dict[str, Any], expected: Any) -> dict[str, tuple[Any, Any]]:
    """The fields of `row` that disagree with `expected`: a number (the value) or a mapping of fields."""
    fields = expected if isinstance(expected, dict) else {"value": expected}
    return {field: (row.get(field), want) for field, want in fields.items() if not agrees(row.get(field), want)}
