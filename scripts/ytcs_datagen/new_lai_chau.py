"""2025 in the Tam Đường folder: the new communes of Lai Châu that took in Tam Đường's communes.

The district is gone; the folder lists, as roots, the six new communes that took in its communes, and the five
old communes of Lai Châu city and Phong Thổ that went into two of them under their old districts (105, 109:
roots like Tam Đường, so that no commune is left without its parent; ytcs keeps a plan to its own area, so
these partial districts are never shown). Monthly births: January–June on the old communes, July–December on
the new ones."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .allocation import apportion, noisy
from .map_2025 import LAST_OLD_YEAR, NEW_YEAR, new_units, old_version, population_file, set_map, table_of, year_frame
from .new_map import Each, Flag, Grow, Rate, Spec, carry, filled_by_rate, share_matrix
from .reference import SEED, Area, Reference, Setting, district_populations, unit_table
from .tables import Folder, MonthlyRow

TD_NEIGHBOUR_DISTRICTS = ("105", "109")  # Thành phố Lai Châu, Phong Thổ
TD_NEIGHBOUR_GROWTH = 0.022
TD_BIRTHS_2025 = 0.985  # births of 2025 against 2024 (the crude birth rate keeps falling)
TD_FLAGS_2025 = {  # stations of the 6 new communes with each property
    "health_stations_up_to_standard": 5,
    "health_stations_bhyt_eligible": 6,
    "health_stations_full_phc": 6,
    "health_stations_ncd_management": 6,
    "health_stations_family_medicine": 1,
    "health_stations_with_midwife": 6,
    "health_stations_with_traditional_medicine": 5,
}


def specs() -> dict[str, Spec]:
    return {
        "population": Grow(1.019, 0.004),
        "live_births": Grow(TD_BIRTHS_2025, 0.05),
        "children_under1": Grow(TD_BIRTHS_2025, 0.03),
        "children_under1_fully_immunized": Rate("children_under1", 95.6, sigma=0.02),
        "children_under5_measured": Grow(1.0, 0.03),
        "children_under5_underweight": Rate("children_under5_measured", 13.9, sigma=0.08),
        "children_under5_stunted": Rate("children_under5_measured", 22.6, sigma=0.08),
        "people_health_managed": Rate("population", 95.5, sigma=0.02),
        "people_with_ehr": Rate("people_health_managed", 72.0, sigma=0.15),
        "communes": Each(),
        "communes_meeting_national_criteria": Flag("communes", 5),
        "health_stations": Each(),
        **{variable: Flag("health_stations", count) for variable, count in TD_FLAGS_2025.items()},
        "staff_total": Grow(1.0, 0.0),
        "staff_university": Rate("staff_total", 31.0, sigma=0.1),
    }


def neighbours(ref: Reference) -> tuple[pd.DataFrame, pd.Series]:
    """Old communes of Lai Châu city and Phong Thổ (all of them here; the caller keeps those it needs) and their
    2024 populations: the 2019 census grown, shared among communes, from their own random stream."""
    units = pd.concat([unit_table(ref, "12", district=d) for d in TD_NEIGHBOUR_DISTRICTS], ignore_index=True)
    area = Area.of(units)
    census = {district: ref.census[district] for district in area.districts}
    growth = dict.fromkeys(area.districts, TD_NEIGHBOUR_GROWTH)
    setting = Setting.grow(12, area, district_populations(census, growth, [LAST_OLD_YEAR], {}))
    return units, pd.Series(setting.population[LAST_OLD_YEAR], index=area.reporters)


def half_year(rng: np.random.Generator, units: list[str], births: np.ndarray, months: range) -> list[MonthlyRow]:
    """Half of each unit's births of the year (binomially), spread over `months` at random."""
    rows: list[MonthlyRow] = []
    for unit, count in zip(units, rng.binomial(births, 0.5), strict=True):
        spread = rng.multinomial(count, np.full(len(months), 1 / len(months)))
        rows += [(unit, NEW_YEAR, month, int(n)) for month, n in zip(months, spread, strict=True)]
    return rows


def new_lai_chau(ref: Reference, td: Folder) -> None:
    reporters = td.setting.area.reporters
    parts = ref.crosswalk[ref.crosswalk["old_code"].isin(reporters)]
    communes = sorted(set(parts["new_code"]) & set(ref.new_units["code"]))
    taken = ref.crosswalk[ref.crosswalk["new_code"].isin(communes)]["old_code"]
    units, population = neighbours(ref)
    outside = [code for code in population.index if code in set(taken) and code not in reporters]
    own = year_frame(td.wide["communes.csv"], LAST_OLD_YEAR, reporters)
    births = pd.DataFrame(td.monthly, columns=["unit", "year", "month", "n"]).query("year == @LAST_OLD_YEAR")
    own["live_births"] = births.groupby("unit")["n"].sum().reindex(reporters).to_numpy()
    old = pd.concat([own, population[outside].to_frame("population")]).astype(float)
    matrix = share_matrix(ref.crosswalk, old.index.tolist(), communes)
    rng = np.random.default_rng([SEED, NEW_YEAR, 106])
    counts = carry(rng, matrix, filled_by_rate(old, [own.index]), np.zeros(len(communes)), {0: specs()})
    old_births = apportion(round(own["live_births"].sum() * TD_BIRTHS_2025), noisy(rng, own["live_births"], 0.05))
    td.monthly += half_year(rng, reporters, old_births, range(1, 7))
    td.monthly += half_year(rng, communes, counts["live_births"].to_numpy(dtype=np.int64), range(7, 13))
    neighbours_old = old_version(units[units["code"].isin([*outside, *TD_NEIGHBOUR_DISTRICTS])])
    set_map(td, ref, [old_version(td.units), neighbours_old], new_units(ref, "12", communes))
    td.later["communes.csv"] = table_of(communes, counts, td.wide["communes.csv"].columns)
    td.extra["population_outside.csv"] = population_file(outside, population[outside].to_numpy())
