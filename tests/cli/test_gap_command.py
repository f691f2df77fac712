"""`ytcs gap` from the command line: public JSON fields, exit codes for CI, Markdown, every bundled plan."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from tests.support.cli import QN, QN_DATA, invoke, records
from tests.support.paths import BUNDLED_FOLDERS, DATA, PLANS

GAP_KEYS = {
    "plan", "unit", "unit_name", "level", "indicator", "year", "target_year", "comparator", "target", "value",
    "ci_low", "ci_high", "gap", "relative_gap", "status", "significance", "projected", "base_year", "base_value",
}  # fmt: skip


def with_2025(tmp_path: Path) -> Path:
    """The bundled Quảng Ngãi folder plus a 2025 that repeats 2024's counts."""
    folder = tmp_path / "qn"
    shutil.copytree(DATA / "quang-ngai", folder)
    for path in folder.glob("*.csv"):
        if path.name in ("units.csv", "published.csv"):
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        repeat = frame[frame["year"] == "2024"].assign(year="2025")
        pd.concat([frame, repeat]).to_csv(path, index=False)
    return folder


def test_gap_in_the_target_year_is_met_or_missed(tmp_path):
    folder = with_2025(tmp_path)
    args = ["gap", QN, "--data", str(folder), "--year", "2025", "--target-year", "2025", "--unit", "51", "--all"]
    out = records(invoke([*args, "--format", "json"]).stdout)
    statuses = {r["indicator"]: r["status"] for r in out if r["indicator"]}
    assert set(statuses.values()) <= {"met", "missed", "no data"}
    assert statuses["full_immunization_pct"] == "missed"  # 89,9% against > 95%
    assert statuses["insurance_coverage_pct"] == "missed"  # 94,15% against 95,25%
    assert statuses["infant_mortality_rate"] == "met"  # 2,07‰ against ≤ 2,5‰
    immunisation = next(r for r in out if r["indicator"] == "full_immunization_pct")
    assert immunisation["significance"] == "significantly behind"
    assert round(immunisation["gap"], 1) == 5.1


def test_gap_json_public_fields(cli_once):
    out = records(cli_once(["gap", QN, "--data", QN_DATA, "--all", "--format", "json"]).stdout)
    assert out and all(set(r) >= GAP_KEYS for r in out)


def test_gap_fail_on(cli_once):
    cli_once(["gap", QN, "--data", QN_DATA, "--fail-on", "behind", "--format", "json"], expect_exit=1)
    cli_once(["gap", QN, "--data", QN_DATA, "--fail-on", "never", "--format", "json"], expect_exit=0)
    # nothing has reached its year in 2024 data, so nothing is 'missed'
    cli_once(["gap", QN, "--data", QN_DATA, "--unit", "51", "--fail-on", "missed", "--format", "json"], expect_exit=0)


def test_gap_markdown_and_summary(cli_once):
    output = cli_once(["gap", QN, "--data", QN_DATA, "--unit", "51", "--format", "md"]).stdout
    assert output.startswith("| Đơn vị | Chỉ tiêu |")
    assert "targets behind" in output.splitlines()[-1]


def test_output_number_style_is_not_the_input_option(cli_once):
    base = ["gap", QN, "--data", QN_DATA, "--plans", str(PLANS), "--format", "md"]
    vietnamese = cli_once(base).output
    read_plain = cli_once([*base, "--number-format", "en"]).output
    english = cli_once([*base, "--decimal-point"]).output
    assert "89,9 %" in vietnamese and "89,9 %" in read_plain  # immunisation, as the plan writes it
    assert "89.9 %" in english and "89,9 %" not in english


def test_plan_without_targets_says_so(cli_once):
    output = cli_once(["gap", "quang-ngai-2023-kh193", "--data", QN_DATA]).output
    assert "no quantified targets" in output
    assert "không đo được" in output
    targets = cli_once(["targets", "quang-ngai-2023-kh193"]).output
    assert "no quantified targets" in targets


@pytest.mark.parametrize(
    ("plan", "folder"), [*BUNDLED_FOLDERS.items(), ("quang-ngai-2023-kh193", "quang-ngai")], ids=lambda v: v
)
def test_every_plan_gaps_on_its_bundled_data(cli_once, plan, folder):
    out = records(cli_once(["gap", plan, "--data", str(DATA / folder), "--all", "--format", "json"]).stdout)
    assert out, plan
