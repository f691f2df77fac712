"""Kon Tum (plan kon-tum-2018-nq139): 2017–2024; no baseline in the plan."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .allocation import Figures, apportion, by_year, counts_of, noisy, per, staged
from .draws import (
    ChildTargets,
    Columns,
    Propensity,
    RemoteContrast,
    StationStaff,
    Traits,
    child_health,
    contrasted_traits,
    insurance,
    share_of,
    staff_table,
    vital_events,
)
from .reference import Area, Reference, Setting, district_populations, hierarchy_rows, unit_table
from .tables import Folder, Series, Table, reported_rows

KT_YEARS = list(range(2017, 2025))
KT_REMOTE = ("610", "613", "614", "617", "618")
KT_GROWTH = {"608": 0.023, "618": 0.04}  # otherwise 0.019 a year
KT_CONTRAST = RemoteContrast(
    fertility=(1.2, 1.0),
    risk=(1.6, 1.0),
    coverage=(0.93, 1.0),
    thinness=(1.4, 1.0),
    thinness_sigma=0.2,
    insured=(1.0, 0.95),
)
KT_FIRST_DOCTOR_YEAR = 2021  # stations of remote communes waiting for a doctor get one this year
# Each list runs 2017–2024.
KT_PATH = dict(
    cbr=[20.6, 20.3, 19.9, 19.5, 19.0, 18.6, 18.1, 17.6],
    imr=[33.5, 32.6, 31.9, 31.0, 30.4, 29.8, 29.1, 28.6],
    u5mr=[50.2, 49.0, 48.1, 47.0, 46.2, 45.3, 44.6, 43.8],
    immunised=[96.0, 95.4, 94.8, 93.2, 90.4, 92.1, 87.5, 91.3],
    stunting=[40.1, 39.2, 38.3, 37.2, 36.4, 35.5, 34.6, 33.9],
    underweight=[21.5, 20.9, 20.3, 19.6, 19.0, 18.5, 17.9, 17.4],
    insured=[91.2, 92.0, 92.6, 93.1, 93.4, 93.8, 93.9, 94.1],
    managed=[35.0, 45.0, 52.0, 60.0, 66.0, 74.0, 80.0, 86.0],
    ncd=[31, 40, 52, 61, 70, 79, 86, 93],  # stations of 102
    doctors=[7.8, 8.1, 8.5, 8.9, 9.3, 9.6, 9.9, 10.2],
    pharmacists=[0.82, 0.88, 0.95, 1.02, 1.10, 1.18, 1.25, 1.31],
    nurses=[15.1, 15.6, 16.3, 17.0, 17.8, 18.5, 19.1, 19.8],
    beds=[31.0, 31.8, 32.7, 33.5, 34.3, 35.0, 35.7, 36.4],
    private_beds=[2.0, 2.6, 3.3, 4.0, 4.8, 5.5, 6.1, 6.7],  # % of beds
    pharma=[452, 476, 503, 521, 548, 566, 583, 601],  # facilities counted
    pharma_not_gxp=[72, 48, 20, 3, 0, 0, 0, 0],
    polyclinics=[7, 2, 0, 0, 0, 0, 0, 0],
    general_hospital_beds=[600, 650, 700, 720, 750, 750, 800, 800],
    life=[67.6, 67.7, 67.8, 67.9, 68.0, 68.0, 68.1, 68.3],
    technical=[72.0, 74.5, 76.8, 79.0, 81.3, 83.5, 85.2, 86.4],
    satisfaction=[78.5, 80.2, 82.0, 83.1, 84.6, 86.0, 87.9, 88.9],
    vaccines=[10, 10, 10, 10, 10, 10, 10, 10],
    seed_facilities=[0, 0, 1, 1, 2, 2, 3, 3],
)
KT_PER_10K = ("doctors", "pharmacists", "nurses", "beds")  # province totals at the path's rate per 10,000
KT_CENTRE_STAFF_PER_10K = {"doctors": 3.0, "pharmacists": 0.4, "nurses": 7.0}
KT_REPORTED: Series = (
    ("life_expectancy", "life", float),
    ("technical_services_pct", "technical", float),
    ("patient_satisfaction_pct", "satisfaction", float),
    ("epi_vaccine_types", "vaccines", int),
    ("provincial_general_hospital_beds", "general_hospital_beds", int),
    ("medicinal_seed_facilities_new", "seed_facilities", int),
)


@dataclass(frozen=True)
class KonTumCommunes:
    """What stays with each commune across the years: traits, station staff, and the nested order in which
    stations take up the management of non-communicable diseases."""

    remote: np.ndarray
    traits: Traits
    insured: Propensity
    managed: Propensity
    ncd: dict[int, np.ndarray]
    second_doctor: np.ndarray
    no_doctor: np.ndarray  # stations of remote communes still waiting for a doctor
    station_nurses: np.ndarray

    @classmethod
    def draw(cls, setting: Setting, figures: Figures) -> KonTumCommunes:
        """The draws in the stream's order (the keyword arguments are evaluated left to right)."""
        rng, size = setting.rng, setting.size
        remote = setting.area.in_districts(KT_REMOTE)
        return cls(
            remote=remote,
            traits=contrasted_traits(rng, remote, KT_CONTRAST),
            insured=insurance(np.where(remote, *KT_CONTRAST.insured)),
            managed=Propensity(rng.uniform(0.8, 1.2, size), 0.03),
            ncd=staged(rng, size, counts_of(figures, "ncd")),
            second_doctor=rng.random(size) < 0.15,
            no_doctor=rng.random(size) < 0.25,
            station_nurses=rng.integers(1, 3, size),
        )

    def columns(self, setting: Setting, year: int, p: Mapping[str, float]) -> Columns:
        """One year's commune columns at the year's rates."""
        rng, pop = setting.rng, setting.population[year]
        total = int(pop.sum())
        births = per(p["cbr"], total, 1000)
        deaths = {"infant_deaths": per(p["imr"], births, 1000), "under5_deaths": per(p["u5mr"], births, 1000)}
        vital = vital_events(rng, pop, self.traits, {"live_births": births, **deaths})
        children = ChildTargets.at_rates(round(births * 1.02), round(total * 0.08), p)
        return {
            "population": pop,
            **vital,
            **child_health(rng, vital["live_births"], pop, self.traits, children),
            "insured_population": share_of(rng, per(p["insured"], total, 100), pop, self.insured),
            "people_health_managed": share_of(rng, per(p["managed"], total, 100), pop, self.managed),
            "health_stations": np.ones(setting.size),
            "health_stations_ncd_management": self.ncd[year],
        }

    def station_staff(self) -> StationStaff:
        """One or two doctors (none before KT_FIRST_DOCTOR_YEAR where waiting), no pharmacists, one or two nurses."""
        size = len(self.remote)
        waiting = {y: self.no_doctor & (y < KT_FIRST_DOCTOR_YEAR) for y in KT_YEARS}
        return {
            "doctors": {y: np.where(waiting[y], 0, 1 + self.second_doctor).astype(np.int64) for y in KT_YEARS},
            "pharmacists": {y: np.zeros(size, dtype=np.int64) for y in KT_YEARS},
            "nurses": {y: self.station_nurses for y in KT_YEARS},
        }


def kon_tum_hospitals(setting: Setting, figures: Figures, totals: Figures) -> Table:
    """District centres' beds and the provincial hospitals' (the rest of the total, private beds among them),
    pharmaceutical facilities and the GxP-certified among them, and the regional polyclinics still open."""
    rng, n_districts = setting.rng, len(setting.area.districts)
    hospitals = Table(hierarchy_rows(setting.area), KT_YEARS)
    bed_factor = rng.lognormal(0.0, 0.2, n_districts)
    pharma_factor = rng.lognormal(0.0, 0.3, n_districts + 1)
    polyclinics = staged(rng, n_districts, counts_of(figures, "polyclinics"))
    for year, p in figures.items():
        district_pop = setting.district_population(year)
        beds = np.round(district_pop * 14.0 / 1e4 * bed_factor).astype(np.int64)
        all_beds = int(totals[year]["beds"])
        provincial = all_beds - int(beds.sum())
        private = per(p["private_beds"], all_beds, 100)
        if provincial < private + p["general_hospital_beds"]:
            raise ValueError(f"Kon Tum {year}: provincial beds {provincial} below the hospitals they include")
        facilities = apportion(int(p["pharma"]), pharma_factor * np.r_[0.3, district_pop / district_pop.sum()])
        certified = apportion(int(p["pharma"] - p["pharma_not_gxp"]), noisy(rng, facilities, 0.05), upper=facilities)
        hospitals.record(
            year,
            {
                "hospital_beds": [provincial, *beds],
                "private_hospital_beds": [private, *np.zeros(n_districts, dtype=np.int64)],
                "pharma_facilities": facilities,
                "pharma_facilities_gxp": certified,
                "regional_polyclinics": [0, *polyclinics[year].astype(np.int64)],
            },
        )
    return hospitals


def kon_tum(ref: Reference) -> Folder:
    area = Area.of(unit_table(ref, "62"))
    census = {d: ref.census[d] for d in area.districts}
    growth = {d: KT_GROWTH.get(d, 0.019) for d in area.districts}
    setting = Setting.grow(62, area, district_populations(census, growth, KT_YEARS, {}))
    figures = by_year(KT_PATH, KT_YEARS)
    fixed = KonTumCommunes.draw(setting, figures)
    communes = Table(area.reporters, KT_YEARS)
    for year, p in figures.items():
        communes.record(year, fixed.columns(setting, year, p))
    # The one deliberate gap: a commune that did not report its stunted children in 2020.
    gap_unit = area.reporters[int(setting.rng.choice(np.flatnonzero(fixed.remote)))]
    communes.blank(gap_unit, 2020, "children_under5_stunted")
    totals = {
        year: {name: per(p[name], int(setting.population[year].sum()), 10_000) for name in KT_PER_10K}
        for year, p in figures.items()
    }
    staff = staff_table(setting, totals, fixed.station_staff(), KT_CENTRE_STAFF_PER_10K)
    hospitals = kon_tum_hospitals(setting, figures, totals)
    return Folder(
        area.units,
        setting,
        wide={"communes.csv": communes, "staff.csv": staff, "hospitals.csv": hospitals},
        long={"province.csv": reported_rows("62", figures, KT_REPORTED)},
    )
