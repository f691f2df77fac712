"""A total is never added to what it totals (issue 10): decided by the data dictionary's `extent`.

Every expected number is worked out here from the bundled Quảng Ngãi files and the plan document's
2024 column (population 1.248.643, doctors 999: 8,0 per 10,000).
"""

from __future__ import annotations

import csv
import shutil

import pytest

from tests.support.paths import DATA, PLANS
from ytcs.pipeline import compute_plan
from ytcs.plans.resolve import load_plan_ref

DISTRICT = "522"  # Thành phố Quảng Ngãi


@pytest.fixture
def folder(tmp_path):
    copy = tmp_path / "quang-ngai"
    shutil.copytree(DATA / "quang-ngai", copy)
    return copy


def _communes_of(folder, district):
    with (folder / "units.csv").open(encoding="utf-8") as handle:
        return {u["code"] for u in csv.DictReader(handle) if u["parent"] == district}


def _commune_rows(folder):
    with (folder / "communes.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _district_sum(folder, column, year="2024"):
    communes = _communes_of(folder, DISTRICT)
    return sum(int(r[column]) for r in _commune_rows(folder) if r["unit"] in communes and r["year"] == year)


def _province(folder):
    plan_set, plan = load_plan_ref("quang-ngai-2024-ct37", PLANS)
    result = compute_plan(plan_set, plan, folder, year=2024, whole_history=False)
    rows = result.results[(result.results["unit"] == "51") & (result.results["year"] == 2024)]
    values = dict(zip(rows["indicator"], rows["value"], strict=True))
    return values, result.findings


def test_a_district_total_in_a_long_file_is_not_added(folder):
    total = _district_sum(folder, "population")
    (folder / "district_totals.csv").write_text(f"unit,year,variable,value\n{DISTRICT},2024,population,{total}\n")
    values, findings = _province(folder)
    assert values["population_size"] == 1_248_643  # not 1.248.643 + the district's total again
    assert round(values["doctors_per_10k"], 2) == round(999 / 1_248_643 * 10_000, 2) == 8.0
    assert not [f for f in findings if f.code.startswith("total")]  # it agrees with its communes: no word needed


def test_a_district_total_that_differs_is_a_finding_and_not_added(folder):
    total = _district_sum(folder, "population")
    (folder / "district.csv").write_text(f"unit,population,year\n{DISTRICT},{total + 500},2024\n")
    values, findings = _province(folder)
    assert values["population_size"] == 1_248_643
    [finding] = [f for f in findings if f.code == "total-differs"]
    assert (finding.unit, finding.variable, finding.year, finding.file, finding.row) == (
        DISTRICT, "population", 2024, "district.csv", 2)  # fmt: skip
    assert f"differs from the sum of the units below it, {total}" in finding.message


def test_total_rows_in_a_wide_file_are_read_as_totals(folder):
    rows = _commune_rows(folder)
    columns = [c for c in rows[0] if c not in ("unit", "year")]
    total = {c: _district_sum(folder, c) for c in columns}
    with (folder / "communes.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow([DISTRICT, "2024", *(total[c] for c in columns)])  # a "Cộng" row
    values, findings = _province(folder)
    assert values["population_size"] == 1_248_643 and round(values["doctors_per_10k"], 2) == 8.0
    assert values["crude_birth_rate"] == pytest.approx(
        sum(int(r["live_births"]) for r in rows if r["year"] == "2024") / 1_248_643 * 1000
    )
    [finding] = [f for f in findings if f.code == "total-row"]
    assert (finding.unit, finding.file, finding.row) == (DISTRICT, "communes.csv", len(rows) + 2)
    assert "read as their total and not added" in finding.message
