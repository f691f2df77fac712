"""`ytcs gap` for the Quảng Ngãi plan on the bundled 2024 data (the folder as it was
before 2025, tests/support/bundled_2024.py), checked against the document.

The current values are the document's own 2024 column ("Thực hiện 2024"), which the bundled data
reproduce; the gaps below are worked by hand from the document's table. The golden file pins the
whole table; regenerate it with `UPDATE_GOLDEN=1 make test` after a deliberate change, and read the diff.
"""

from __future__ import annotations

import json
import os

import pytest

from tests.support.cli import QN, QN_2024, invoke
from tests.support.paths import GOLDEN

GOLDEN_TABLE = GOLDEN / "gap_quang_ngai_2024_province.txt"
ARGS = ["gap", QN, "--data", QN_2024, "--unit", "51", "--all", "--detail"]


@pytest.fixture(scope="module")
def rows(cli_once) -> dict[tuple[str, int], dict]:
    out = json.loads(cli_once([*ARGS, "--format", "json"]).stdout)
    return {(r["indicator"], r["target_year"]): r for r in out if r["indicator"]}


# (indicator, target year, document value 2024, comparator, target, gap by hand, decimals of the document)
HAND_WORKED = [
    ("full_immunization_pct", 2025, 89.9, ">", 95, 5.1, 1),  # 95 − 89,9
    ("insurance_coverage_pct", 2025, 94.15, ">=", 95.25, 1.10, 2),  # 95,25 − 94,15
    ("doctors_per_10k", 2025, 8.0, ">=", 8.25, 0.25, 2),  # 8,25 − 8,0
    ("pharmacists_per_10k", 2025, 2.3, ">=", 3.2, 0.9, 1),  # 3,2 − 2,3
    ("hospital_beds_per_10k", 2025, 31.80, ">=", 31.90, 0.10, 2),  # 31,90 − 31,80
    ("communes_meeting_national_criteria_pct", 2025, 97.1, ">=", 97.6, 0.5, 1),
    ("underweight_pct", 2025, 11.5, "<=", 10, 1.5, 1),  # 11,5 − 10
    ("sex_ratio_at_birth", 2025, 110.7, "<=", 110.6, 0.1, 1),
    ("hiv_prevalence", 2025, 0.06, "<", 0.05, 0.01, 2),
    ("life_expectancy", 2025, 74.5, ">=", 74.6, 0.1, 1),
    ("infant_mortality_rate", 2025, 2.07, "<=", 2.5, 0.0, 2),  # already below the ceiling
    ("villages_with_health_worker_pct", 2025, 100, ">=", 100, 0.0, 0),
    ("medical_waste_treated_pct", 2025, 95, ">=", 95, 0.0, 0),
]


@pytest.mark.parametrize(("indicator", "year", "value", "comparator", "target", "gap", "places"), HAND_WORKED)
def test_against_the_document(rows, indicator, year, value, comparator, target, gap, places):
    row = rows[(indicator, year)]
    assert round(row["value"], places) == value
    assert (row["comparator"], row["target"]) == (comparator, target)
    assert round(row["gap"], places) == pytest.approx(gap)
    assert row["year"] == 2024
    if gap == 0:
        assert row["status"] == "achieved"  # met before its year
    else:
        assert row["status"] in {"deterioration", "limited progress", "needs acceleration", "on track"}


def test_immunisation_is_behind_beyond_noise(rows):
    row = rows[("full_immunization_pct", 2025)]
    assert row["significance"] == "significantly behind"  # ~17,000 children: the interval is narrow
    assert row["ci_high"] < 95


def test_population_is_about_the_planned_size(rows):
    row = rows[("population_size", 2025)]
    assert row["value"] == 1_248_643 and row["status"] == "achieved"  # within 1% of 1.250.197


def test_golden_table():
    output = invoke(ARGS, env={"COLUMNS": "200"}).stdout
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN_TABLE.write_text(output, encoding="utf-8")
    assert output == GOLDEN_TABLE.read_text(encoding="utf-8")
