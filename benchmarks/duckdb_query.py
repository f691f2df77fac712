"""The analyst's alternative: the same roll-up and ratios in a few lines of DuckDB SQL (benchmark only).

Usage: python benchmarks/duckdb_query.py DATA_FOLDER YEAR OUT.csv

Within the year: events summed over the months, population averaged, stocks taken at the last month;
up the hierarchy: communes summed into districts and provinces; then every rate of the Quảng Ngãi plan
as Σ numerator / Σ denominator × multiplier, for every unit. duckdb is a `bench` extra, never a
dependency of ytcs.
"""

from __future__ import annotations

import sys

import duckdb

EVENTS = [
    "children_under1_fully_immunized", "medical_waste_generated_kg", "medical_waste_treated_kg", "maternal_deaths",
    "live_births", "infant_deaths", "under5_deaths", "deaths", "live_births_male", "live_births_female",
]  # fmt: skip
STOCKS = [
    "doctors", "pharmacists", "villages_with_health_worker", "villages", "health_stations_with_doctor",
    "health_stations", "hospital_beds", "children_under1", "communes_meeting_national_criteria", "communes",
    "insured_population", "children_under5_underweight", "children_under5_measured", "nurses",
]  # fmt: skip
RATES = {  # indicator: (numerator, denominator, multiplier)
    "doctors_per_10k": ("doctors", "population", 10_000),
    "pharmacists_per_10k": ("pharmacists", "population", 10_000),
    "villages_with_health_worker_pct": ("villages_with_health_worker", "villages", 100),
    "health_stations_with_doctor_pct": ("health_stations_with_doctor", "health_stations", 100),
    "hospital_beds_per_10k": ("hospital_beds", "population", 10_000),
    "full_immunization_pct": ("children_under1_fully_immunized", "children_under1", 100),
    "communes_meeting_national_criteria_pct": ("communes_meeting_national_criteria", "communes", 100),
    "insurance_coverage_pct": ("insured_population", "population", 100),
    "medical_waste_treated_pct": ("medical_waste_treated_kg", "medical_waste_generated_kg", 100),
    "maternal_mortality_ratio": ("maternal_deaths", "live_births", 100_000),
    "infant_mortality_rate": ("infant_deaths", "live_births", 1_000),
    "under5_mortality_rate": ("under5_deaths", "live_births", 1_000),
    "crude_birth_rate": ("live_births", "population", 1_000),
    "natural_increase_rate": ("live_births - deaths", "population", 1_000),
    "sex_ratio_at_birth": ("live_births_male", "live_births_female", 100),
    "underweight_pct": ("children_under5_underweight", "children_under5_measured", 100),
    "nurses_per_10k": ("nurses", "population", 10_000),
}


def query(folder: str, year: int) -> str:
    yearly = ", ".join(
        [f"sum({v}) AS {v}" for v in EVENTS]
        + ["avg(population) AS population"]
        + [f"arg_max({v}, month) AS {v}" for v in STOCKS]
    )
    summed = ", ".join(f"sum({v}) AS {v}" for v in [*EVENTS, "population", *STOCKS])
    rates = ", ".join(f"({n}) / nullif({d}, 0) * {m} AS {name}" for name, (n, d, m) in RATES.items())
    return f"""
    WITH units AS (SELECT * FROM read_csv('{folder}/units.csv', all_varchar = true)),
    yearly AS (
        SELECT unit, {yearly} FROM read_csv('{folder}/counts.csv', types = {{'unit': 'VARCHAR'}})
        WHERE year = {year} GROUP BY unit),
    ancestry AS (
        SELECT c.code AS unit, c.code AS ancestor FROM units c WHERE c.level = 'commune'
        UNION ALL SELECT c.code, c.parent FROM units c WHERE c.level = 'commune'
        UNION ALL SELECT c.code, d.parent FROM units c JOIN units d ON c.parent = d.code WHERE c.level = 'commune'),
    totals AS (SELECT a.ancestor AS unit, {summed} FROM yearly y JOIN ancestry a USING (unit) GROUP BY a.ancestor)
    SELECT unit, {year} AS year, population, {rates} FROM totals ORDER BY unit
    """


def main(folder: str, year: int, out: str) -> None:
    connection = duckdb.connect()
    connection.execute(f"COPY ({query(folder, year)}) TO '{out}' (HEADER)")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
