"""The wide, array-based engine gives exactly the numbers the long-form engine gave (issue: speed).

`tests/golden/engine_before_speed.json` holds SHA-256 digests of what the engine before the rewrite
(commit 264bfc4) produced on every bundled folder (as it was before 2025: tests/support/bundled_2024.py)
and on a small national file (benchmarks/national.py, 2 % of the communes): every computed row of every
year as CSV (values, intervals, completeness, flags), every gap row as CSV, and every data finding but the
no-data ones, which are now grouped by design (one per unit and year, or per variable and year:
tests/data/test_checks.py). To see a difference, run the same code at that commit.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import pytest

from tests.support.bundled_2024 import bundled_2024
from tests.support.paths import REPO
from ytcs.pipeline import compute_plan, gap_plan
from ytcs.plans.resolve import load_plan_ref
from ytcs.report.files import frame_to_csv_bytes
from ytcs.report.rows import flags_as_text

BEFORE = json.loads((REPO / "tests" / "golden" / "engine_before_speed.json").read_text())
CASES = {
    "quang-ngai": ("quang-ngai-2024-ct37", bundled_2024("quang-ngai")),
    "bac-giang": ("bac-giang-2024-ct25", bundled_2024("bac-giang")),
    "tam-duong": ("tam-duong-2022", bundled_2024("tam-duong")),
    "kon-tum": ("kon-tum-2018-nq139", bundled_2024("kon-tum")),
    "national": ("quang-ngai-2024-ct37", None),
}


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> Path:
    spec = importlib.util.spec_from_file_location("national", REPO / "benchmarks" / "national.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_folder(tmp_path_factory.mktemp("national"), 0.02)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("name", list(CASES))
def test_compute_gap_and_findings_are_what_they_were(name, national):
    plan_id, folder = CASES[name]
    plan_set, plan = load_plan_ref(plan_id, REPO / "plans")
    result = compute_plan(plan_set, plan, folder or national)
    findings = "\n".join(sorted(f.format() for f in result.findings if f.code != "no-data")).encode()
    rows = frame_to_csv_bytes(result.results.assign(flags=flags_as_text(result.results["flags"], ";")))
    # Gap rows have since gained completeness and flags (columns added at the end, issue 10).
    gaps = frame_to_csv_bytes(gap_plan(plan_set, plan, folder or national).rows.drop(columns=["completeness", "flags"]))
    assert _digest(findings) == BEFORE[f"{name}/findings"]
    assert _digest(rows) == BEFORE[f"{name}/compute"]
    assert _digest(gaps) == BEFORE[f"{name}/gap"]
