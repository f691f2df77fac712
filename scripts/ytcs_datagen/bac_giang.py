"""Bắc Giang (plan bac-giang-2024-ct25): 2022–2024 on the 2025 units; no baseline in the plan."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .allocation import Figures, apportion, by_year, counts_of, marked, per, staged, staged_slots
from .draws import (
    Columns,
    Propensity,
    insurance,
    share_of,
)
from .reference import Area, Reference, Setting, district_populations, hierarchy_rows, unit_table
from .tables import Folder, Series, Table, reported_rows

BG_YEARS = [2022, 2023, 2024]
BG_GROWTH = {
    "213": 0.022,
    "222": 0.025,
    "223": 0.015,
    "216": 0.010,
    "217": 0.012,
    "218": 0.009,
    "219": 0.010,
    "220": 0.009,
    "215": 0.008,
    "224": 0.010,
}
BG_MERGED = 17  # commune health stations to merge with their merged communes (209 → 192)
BG_MOUNTAIN = ("215", "218", "219", "220", "224")
# Each list runs 2022–2024. Stations, communes and villages out of the 209 former communes.
BG_PATH = dict(
    no_doctor=[6, 4, 3],
    no_worker=[18, 6, 0],
    insured=[93.0, 94.1, 95.2],
    managed=[80.2, 84.6, 88.1],
    ehr=[12.5, 45.0, 72.3],
    criteria=[184, 191, 196],
    adb=[4, 10, 16],
    recovery=[0, 0, 3],
    primary_care_paid=[74.5, 76.8, 78.9],
    provincial_beds=[4150, 4300, 4420],
)
# Beds of each district health centre (district-level unit code), 2022–2024. 213 holds the TP Bắc Giang and
# Yên Dũng centres; the old Lục Ngạn centre stands in Chũ (224), so the new Lục Ngạn (219) has none yet.
BG_CENTRE_BEDS = {
    "213": [210, 220, 230],
    "215": [80, 80, 100],
    "216": [90, 90, 90],
    "217": [140, 150, 150],
    "218": [120, 120, 150],
    "219": [0, 0, 0],
    "220": [80, 90, 90],
    "222": [120, 130, 140],
    "223": [130, 130, 130],
    "224": [220, 230, 230],
}
BG_CENTRES = {"213": 2, "219": 0}  # district-level health units per district when not 1
BG_REPORTED: Series = (("primary_care_bhyt_paid_pct", "primary_care_paid", float),)


def bac_giang_census(ref: Reference, area: Area) -> dict[str, int]:
    """The 2019 census on the districts of 2025."""
    census = {d: ref.census[d] for d in area.districts if d in ref.census}
    census["213"] += ref.census["221"]  # Yên Dũng merged into TP Bắc Giang on 01/01/2025
    # Thị xã Chũ (224) split from Lục Ngạn (219) on 01/01/2025: the census count shared by number of communes.
    counts = [int((area.district_of == d).sum()) for d in ("219", "224")]
    census["219"], census["224"] = apportion(ref.census["219"], counts).tolist()
    return {d: census[d] for d in area.districts}


@dataclass(frozen=True)
class BacGiangCommunes:
    """What stays with each commune across the years: how many former communes it counts (2 for the merged
    ones), its villages, propensities, and the nested orders in which stations and communes gain properties."""

    former: np.ndarray  # communes of 2022–2024 (and their stations) now in this one
    villages: np.ndarray
    insured: Propensity
    managed: Propensity
    ehr: Propensity
    mountain: np.ndarray  # positions of the mountain districts' communes
    lowland: np.ndarray  # positions of the others
    no_doctor: dict[int, np.ndarray]  # count per commune
    meeting: dict[int, np.ndarray]  # count per commune
    adb: dict[int, np.ndarray]  # stations built with ADB funds (a mask over mountain communes)
    recovery: dict[int, np.ndarray]  # stations upgraded by the recovery programme (a mask over lowland ones)
    worker_gaps: dict[int, np.ndarray]  # a village without a health worker (a mask over mountain communes)

    @classmethod
    def draw(cls, setting: Setting, figures: Figures) -> BacGiangCommunes:
        """The draws in the stream's order (the keyword arguments are evaluated left to right)."""
        rng, size = setting.rng, setting.size
        former = np.ones(size, dtype=np.int64)
        former[rng.choice(size, BG_MERGED, replace=False)] = 2  # communes formed by merging two in 2024–2025
        slots = np.repeat(np.arange(size), former)  # one slot per former commune and its health station
        mountain = setting.area.in_districts(BG_MOUNTAIN)
        mountain_index, lowland_index = np.flatnonzero(mountain), np.flatnonzero(~mountain)
        return cls(
            former=former,
            villages=rng.integers(6, 17, size) * former,
            insured=insurance(rng.uniform(0.97, 1.03, size)),
            managed=Propensity(rng.uniform(0.92, 1.08, size), 0.02),
            ehr=Propensity(rng.uniform(0.85, 1.15, size), 0.1),
            mountain=mountain_index,
            lowland=lowland_index,
            no_doctor=staged_slots(rng, slots, size, counts_of(figures, "no_doctor")),
            meeting=staged_slots(rng, slots, size, counts_of(figures, "criteria")),
            adb=staged(rng, len(mountain_index), counts_of(figures, "adb")),
            recovery=staged(rng, len(lowland_index), counts_of(figures, "recovery")),
            worker_gaps=staged(rng, len(mountain_index), counts_of(figures, "no_worker")),
        )

    def columns(self, setting: Setting, year: int, p: Mapping[str, float]) -> Columns:
        """One year's commune columns at the year's rates and counts."""
        rng, size, pop = setting.rng, setting.size, setting.population[year]
        total = int(pop.sum())
        insured = share_of(rng, per(p["insured"], total, 100), pop, self.insured)
        managed = share_of(rng, per(p["managed"], total, 100), pop, self.managed)
        return {
            "population": pop,
            "insured_population": insured,
            "people_health_managed": managed,
            "people_with_ehr": share_of(rng, per(p["ehr"], total, 100), managed, self.ehr),
            "villages": self.villages,
            "villages_with_health_worker": self.villages - marked(size, self.mountain[self.worker_gaps[year]]),
            "communes": self.former,
            "communes_meeting_national_criteria": self.meeting[year],
            "health_stations": self.former,
            "health_stations_with_doctor": self.former - self.no_doctor[year],
            "health_stations_built_adb": marked(size, self.mountain[self.adb[year]]),
            "health_stations_upgraded_recovery": marked(size, self.lowland[self.recovery[year]]),
        }


def bac_giang_hospitals(area: Area, figures: Figures) -> Table:
    """Beds of the provincial hospitals and of each district health centre; district-level health units."""
    hospitals = Table(hierarchy_rows(area), BG_YEARS)
    for index, (year, p) in enumerate(figures.items()):
        centre_beds = [BG_CENTRE_BEDS[d][index] for d in area.districts]
        hospitals.record(
            year,
            {
                "hospital_beds": [int(p["provincial_beds"]), *centre_beds],
                # The province's own unit: the provincial industrial-zone health centre.
                "district_level_health_units": [1, *(BG_CENTRES.get(d, 1) for d in area.districts)],
            },
        )
    return hospitals


def bac_giang(ref: Reference) -> Folder:
    area = Area.of(unit_table(ref, "24"))
    setting = Setting.grow(24, area, district_populations(bac_giang_census(ref, area), BG_GROWTH, BG_YEARS, {}))
    figures = by_year(BG_PATH, BG_YEARS)
    fixed = BacGiangCommunes.draw(setting, figures)
    communes = Table(area.reporters, BG_YEARS)
    for year, p in figures.items():
        communes.record(year, fixed.columns(setting, year, p))
    # The one deliberate gap: a commune that did not report the people under health management in 2023.
    communes.blank(area.reporters[int(setting.rng.integers(setting.size))], 2023, "people_health_managed")
    return Folder(
        area.units,
        setting,
        wide={"communes.csv": communes, "hospitals.csv": bac_giang_hospitals(area, figures)},
        long={"province.csv": reported_rows("24", figures, BG_REPORTED)},
    )
