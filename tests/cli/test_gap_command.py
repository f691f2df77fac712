"""`ytcs gap` from the command line: public JSON fields, exit codes for CI, Markdown, every bundled plan."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.support.cli import QN, QN_2024, QN_DATA, invoke, records
from tests.support.paths import BUNDLED_FOLDERS, DATA, PLANS

GAP_KEYS = {
    "plan", "unit", "unit_name", "level", "indicator", "year", "target_year", "comparator", "target", "value",
    "ci_low", "ci_high", "gap", "relative_gap", "status", "significance", "projected", "base_year", "base_value",
}  # fmt: skip


def old_quang_ngai_2025() -> pd.DataFrame:
    """The 2025 rows of data/quang-ngai that cover old Quảng Ngãi (51): the new communes whose old parts in
    crosswalk.csv all lie in it (its 55 communes and Đặc khu Lý Sơn), read with pandas, not ytcs."""
    folder = DATA / "quang-ngai"
    units = pd.read_csv(folder / "units.csv", dtype=str, keep_default_na=False)
    old_map = units[units["valid_to"] != ""]
    parents = dict(zip(old_map["code"], old_map["parent"], strict=True))

    def province(code: str) -> str:
        while parents.get(code):
            code = parents[code]
        return code

    crosswalk = pd.read_csv(folder / "crosswalk.csv", dtype=str)
    provinces = crosswalk["old_code"].map(province)
    whole = crosswalk.assign(province=provinces).groupby("new_code")["province"].agg(lambda p: set(p) == {"51"})
    counts = pd.read_csv(folder / "communes.csv", dtype={"unit": str})
    return counts[(counts["year"] == 2025) & counts["unit"].isin(whole[whole].index)]


def test_the_bundled_2025_rows_of_old_quang_ngai_are_the_readmes_figures():
    """The sums the next test relies on, against data/README.md's 2025 paths for old Quảng Ngãi."""
    rows = old_quang_ngai_2025()
    total = rows.drop(columns=["unit", "year"]).sum()
    assert len(rows) == 56 and total["communes"] == 55
    assert total["population"] == 1_250_197
    assert (total["insured_population"], total["children_under1_fully_immunized"]) == (1_192_688, 16_403)
    assert (total["children_under1"], total["infant_deaths"], total["live_births"]) == (17_562, 40, 17_313)
    # the README's paths: insured 95.4%, immunisation 93.4%, IMR 2.3‰
    assert round(100 * total["insured_population"] / total["population"], 1) == 95.4
    assert round(100 * total["children_under1_fully_immunized"] / total["children_under1"], 1) == 93.4
    assert round(1000 * total["infant_deaths"] / total["live_births"], 1) == 2.3


def test_gap_in_the_target_year_is_met_or_missed():
    """2025 on the bundled data: the counts are on the new communes and carried back to old Quảng Ngãi (51),
    the plan's own map. Old 51's new communes each came whole from it, so its 2025 totals are their sums."""
    args = ["gap", QN, "--data", QN_DATA, "--year", "2025", "--target-year", "2025", "--unit", "51", "--all"]
    out = records(invoke([*args, "--format", "json"]).stdout)
    statuses = {r["indicator"]: r["status"] for r in out if r["indicator"]}
    assert set(statuses.values()) <= {"met", "missed", "no data"}
    assert statuses["full_immunization_pct"] == "missed"  # 16.403 / 17.562 = 93,40% against > 95%
    assert statuses["insurance_coverage_pct"] == "met"  # 1.192.688 / 1.250.197 = 95,40% against ≥ 95,25%
    assert statuses["infant_mortality_rate"] == "met"  # 40 / 17.313 = 2,31‰ against ≤ 2,5‰
    by_indicator = {r["indicator"]: r for r in out if r["indicator"]}
    assert by_indicator["insurance_coverage_pct"]["value"] == pytest.approx(100 * 1_192_688 / 1_250_197)
    assert by_indicator["infant_mortality_rate"]["value"] == pytest.approx(1000 * 40 / 17_313)
    immunisation = by_indicator["full_immunization_pct"]
    assert immunisation["value"] == pytest.approx(100 * 16_403 / 17_562)
    assert immunisation["significance"] == "significantly behind"  # ~17,500 children: the interval is narrow
    assert round(immunisation["gap"], 1) == 1.6  # 95 − 93,40
    assert all("carried" in by_indicator[i]["flags"] for i in ("full_immunization_pct", "insurance_coverage_pct"))


def test_gap_json_public_fields(cli_once):
    out = records(cli_once(["gap", QN, "--data", QN_DATA, "--all", "--format", "json"]).stdout)
    assert out and all(set(r) >= GAP_KEYS for r in out)


def test_gap_fail_on(cli_once):
    cli_once(["gap", QN, "--data", QN_2024, "--fail-on", "behind", "--format", "json"], expect_exit=1)
    cli_once(["gap", QN, "--data", QN_2024, "--fail-on", "never", "--format", "json"], expect_exit=0)
    # nothing has reached its year in the 2024 data, so nothing is 'missed'
    cli_once(["gap", QN, "--data", QN_2024, "--unit", "51", "--fail-on", "missed", "--format", "json"], expect_exit=0)
    # 2025, the plan's target year, is in the bundled data, and immunisation missed it (previous test)
    cli_once(["gap", QN, "--data", QN_DATA, "--unit", "51", "--fail-on", "missed", "--format", "json"], expect_exit=1)


def test_gap_markdown_and_summary(cli_once):
    output = cli_once(["gap", QN, "--data", QN_DATA, "--unit", "51", "--format", "md"]).stdout
    assert output.startswith("| Đơn vị | Chỉ tiêu |")
    assert "targets behind" in output.splitlines()[-1]


def test_output_number_style_is_not_the_input_option(cli_once):
    base = ["gap", QN, "--data", QN_2024, "--plans", str(PLANS), "--format", "md"]
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
