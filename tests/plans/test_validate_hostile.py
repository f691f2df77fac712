"""Plans that are hostile or typed by hand (issue 10): non-finite values, decline_of cycles, `*.YAML`,
`≥`/`≤`, the document's decimal comma, and paths that are no files. The broken plans themselves are in
tests/plans_bad (nan_value, inf_baseline, decline_cycle, vi_thousands); these cover what a corpus file
cannot: folders, devices, and what `gap` does with such a plan."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from tests.support.cli import QN_DATA, invoke
from tests.support.paths import PLANS_BAD
from tests.support.tiny import tiny_plan
from ytcs.plans import load_plan_set, validate_paths
from ytcs.plans.resolve import load_plan_ref


def _edit_plan(path: Path, change: dict) -> Path:
    plan = yaml.safe_load(path.read_text(encoding="utf-8"))
    plan["targets"][0].update(change)
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    return path


def test_files_ending_yaml_in_any_case_are_validated(tmp_path):
    shutil.copytree(PLANS_BAD / "catalog", tmp_path / "catalog")
    shutil.copy(PLANS_BAD / "nan_value.yaml", tmp_path / "SHOUTED.YAML")
    shutil.copy(PLANS_BAD / "unknown_key.yaml", tmp_path / "mixed.Yml")
    result = invoke(["validate", str(tmp_path)], expect_exit=1)
    assert "SHOUTED.YAML:14:12: error: targets[0].value: Input should be a finite number; got nan" in result.output
    assert "mixed.Yml:" in result.output
    assert result.output.splitlines()[-1] == "3 errors, 0 warnings in 3 files"  # unknown_key has two


def test_comparators_typed_as_planners_type_them(tmp_path):
    plan = _edit_plan(tiny_plan(tmp_path), {"comparator": "≥"})
    report = validate_paths([plan])
    assert report.errors == 0, [i.format() for i in report.issues]
    _, loaded = load_plan_ref(str(plan))
    assert loaded.targets[0].comparator == ">="
    plan = _edit_plan(plan, {"comparator": "≠"})
    assert any("comparator" in i.path for i in validate_paths([plan]).issues)  # only ≥ and ≤ are read


def test_a_decimal_comma_is_refused_with_the_plain_number_to_write(tmp_path):
    plan = _edit_plan(tiny_plan(tmp_path), {"value": "8,25"})
    messages = [issue.message for issue in validate_paths([plan]).issues]
    assert messages == [
        "Input should be a valid number; got '8,25'; plan files write numbers with a decimal point: the "
        "document's 8,25 is 8.25"
    ]


@pytest.mark.parametrize("case", ["nan_value", "decline_cycle"])
def test_gap_refuses_such_a_plan_in_one_line(tmp_path, case):
    """`value: .nan` was judged 'deterioration' with gap 0; two indicators each other's decline_of hit
    RecursionError. Both now stop at the plan, before any data is read."""
    result = invoke(["gap", str(PLANS_BAD / f"{case}.yaml"), "--data", QN_DATA], expect_exit=2)
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and "Traceback" not in result.output, result.output
    assert ("finite number" if case == "nan_value" else "goes round in a circle") in errors[0]


def test_a_device_or_a_pipe_is_not_read_as_a_plan(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")  # nobody writes to it
    result = invoke(["validate", "/dev/zero", str(tmp_path / "pipe.yaml")], expect_exit=1)  # /dev/zero never ends
    assert "/dev/zero:1:1: error: is a device, not a file; give the path of a file" in result.output
    assert "pipe.yaml:1:1: error: is a pipe (FIFO), not a file" in result.output


def test_a_plan_folder_with_a_symbolic_link_loop_still_validates(tmp_path):
    shutil.copytree(PLANS_BAD / "catalog", tmp_path / "catalog")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    (tmp_path / "sub").symlink_to(tmp_path)
    assert validate_paths([tmp_path]).errors == 0
    assert load_plan_set([tmp_path]).files_read == 1
