"""Tam Đường (plan tam-duong-2022): the district is the root of units.csv; no baseline in the plan."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .allocation import Figures, apportion, by_year, counts_of, per, staged
from .draws import (
    ChildTargets,
    Columns,
    Propensity,
    Traits,
    child_health,
    draw_births,
    monthly_births,
    share_of,
)
from .reference import Area, Reference, Setting, district_populations, unit_table
from .tables import Folder, MonthlyRow, Row, Series, Table, reported_rows

TD_YEARS = [2021, 2022, 2023, 2024]
TD_GROWTH = 0.019
# Each list runs 2021–2024. Counts of stations are out of 13; percentages and rates as the plan writes them.
TD_PATH = dict(
    cbr=[21.5, 20.9, 20.5, 19.8],
    up_to_standard=[7, 8, 9, 10],
    staff_university=[24.0, 25.6, 27.1, 28.4],
    bhyt_eligible=[12, 13, 13, 13],
    full_phc=[10, 11, 12, 12],
    ncd=[9, 10, 11, 12],
    family_medicine=[0, 1, 1, 1],
    criteria=[10, 11, 11, 12],
    midwife=[12, 13, 13, 13],
    traditional=[6, 7, 8, 9],
    managed=[78.0, 84.0, 89.0, 93.0],
    ehr=[18.0, 32.0, 47.0, 61.0],
    immunised=[92.8, 93.5, 91.9, 93.1],
    underweight=[16.2, 15.6, 15.0, 14.3],
    stunting=[25.9, 25.0, 24.2, 23.4],
    hiv=[0.34, 0.33, 0.32, 0.31],
    technical_district=[76.0, 77.8, 79.2, 81.0],
    technical_commune=[66.0, 67.7, 69.5, 71.6],
)
TD_STATION_FLAGS = {
    "health_stations_up_to_standard": "up_to_standard",
    "health_stations_bhyt_eligible": "bhyt_eligible",
    "health_stations_full_phc": "full_phc",
    "health_stations_ncd_management": "ncd",
    "health_stations_family_medicine": "family_medicine",
    "health_stations_with_midwife": "midwife",
    "health_stations_with_traditional_medicine": "traditional",
}
TD_CENTRE_STAFF = (150, 4)  # the district health centre's staff in 2021, and how many it gains each year
TD_REPORTED: Series = (
    ("technical_services_district_pct", "technical_district", float),
    ("technical_services_commune_pct", "technical_commune", float),
    ("hiv_prevalence_pct", "hiv", float),
)


@dataclass(frozen=True)
class TamDuongCommunes:
    """What stays with each commune across the years: traits, station staff, and the nested orders in which
    stations gain each property and communes meet the national criteria."""

    traits: Traits
    managed: Propensity
    station_staff: np.ndarray
    flags: dict[str, dict[int, np.ndarray]]  # station property -> year -> mask over communes
    criteria: dict[int, np.ndarray]

    @classmethod
    def draw(cls, setting: Setting, figures: Figures) -> TamDuongCommunes:
        """The draws in the stream's order: traits, health management, staff, the nested orders."""
        rng, size = setting.rng, setting.size
        fertility = rng.lognormal(0.0, 0.12, size)
        thinness = rng.lognormal(0.0, 0.25, size)
        coverage = rng.uniform(0.95, 1.05, size)
        managed = Propensity(rng.uniform(0.9, 1.1, size), 0.02)
        station_staff = rng.integers(5, 9, size)
        flags = {variable: staged(rng, size, counts_of(figures, name)) for variable, name in TD_STATION_FLAGS.items()}
        criteria = staged(rng, size, counts_of(figures, "criteria"))
        traits = Traits(fertility, coverage, thinness, risk=np.ones(size))  # the folder counts no deaths
        return cls(traits, managed, station_staff, flags, criteria)

    def columns(self, setting: Setting, year: int, p: Mapping[str, float]) -> tuple[Columns, list[MonthlyRow]]:
        """One year's commune columns (all but the staff), and the year's births by month."""
        rng, size, pop = setting.rng, setting.size, setting.population[year]
        total = int(pop.sum())
        births = draw_births(rng, per(p["cbr"], total, 1000), pop, self.traits.fertility)
        monthly = monthly_births(rng, setting.area.reporters, year, births)
        children = ChildTargets.at_rates(round(int(births.sum()) * 1.01), round(total * 0.085), p)
        columns = {"population": pop, **child_health(rng, births, pop, self.traits, children)}
        managed = share_of(rng, per(p["managed"], total, 100), pop, self.managed)
        columns |= {
            "people_health_managed": managed,
            "people_with_ehr": share_of(rng, per(p["ehr"], total, 100), managed, Propensity(1.0, 0.15)),
            "communes": np.ones(size),
            "communes_meeting_national_criteria": self.criteria[year],
            "health_stations": np.ones(size),
        }
        columns |= {variable: masks[year] for variable, masks in self.flags.items()}
        return columns, monthly


def tam_duong_staff(station_staff: np.ndarray, year: int, p: Mapping[str, float]) -> tuple[Columns, list[Row]]:
    """The stations' staff and those with a university degree (commune columns), and the district health
    centre's (district rows: the centre is on the district unit itself)."""
    start, gain = TD_CENTRE_STAFF
    centre = start + gain * (year - TD_YEARS[0])
    everyone = int(station_staff.sum()) + centre
    university = apportion(
        per(p["staff_university"], everyone, 100),
        np.r_[centre * 0.33, station_staff * 0.2],
        upper=np.r_[centre, station_staff],
    )
    rows: list[Row] = [("106", year, "staff_total", centre), ("106", year, "staff_university", int(university[0]))]
    return {"staff_total": station_staff, "staff_university": university[1:]}, rows


def tam_duong(ref: Reference) -> Folder:
    area = Area.of(unit_table(ref, "12", district="106"))
    by_district = district_populations({"106": ref.census["106"]}, {"106": TD_GROWTH}, TD_YEARS, {})
    setting = Setting.grow(106, area, by_district)
    figures = by_year(TD_PATH, TD_YEARS)
    fixed = TamDuongCommunes.draw(setting, figures)
    communes = Table(area.reporters, TD_YEARS)
    monthly_rows: list[MonthlyRow] = []
    district_rows = reported_rows("106", figures, TD_REPORTED)
    for year, p in figures.items():
        columns, monthly = fixed.columns(setting, year, p)
        staff_columns, staff_rows = tam_duong_staff(fixed.station_staff, year, p)
        communes.record(year, {**columns, **staff_columns})
        monthly_rows += monthly
        district_rows += staff_rows
    # The one deliberate gap: a commune that did not report its electronic health records in 2022.
    communes.blank(area.reporters[int(setting.rng.integers(setting.size))], 2022, "people_with_ehr")
    return Folder(
        area.units, setting, wide={"communes.csv": communes}, long={"district.csv": district_rows}, monthly=monthly_rows
    )
