"""2025 on the new Bắc Ninh (24: old Bắc Giang and old Bắc Ninh), in the Bắc Giang folder."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .map_2025 import (
    LAST_OLD_YEAR,
    NEW_YEAR,
    new_units,
    old_version,
    population_file,
    set_map,
    table_of,
    year_frame,
)
from .new_map import Each, Flag, Grow, Rate, Spec, Total, carry, filled_by_rate, share_matrix
from .reference import SEED, Area, Reference, Setting, district_populations, unit_table
from .tables import Folder, Table

BN_GROWTH = 0.022  # old Bắc Ninh's districts from the 2019 census, a year (industrial zones draw people)
# 2025 by old province: population growth, % insured, under health management, with an electronic record
# (of those managed), communes meeting the national criteria (of 58 and 41), stations built or upgraded.
BN_TRENDS = {
    "24": dict(growth=1.012, insured=95.9, managed=91.2, ehr=93.5, criteria=56, adb=22, recovery=5),
    "27": dict(growth=1.024, insured=94.2, managed=90.0, ehr=88.0, criteria=39, adb=0, recovery=0),
}
# The new province unit's own: beds of the provincial hospitals and the regional health centres of both old
# areas, and the health centres (the old district centres, now regional, under the province).
BN_HOSPITALS = dict(hospital_beds=5_850 + 4_730, district_level_health_units=20)
BN_REPORTED = dict(primary_care_bhyt_paid_pct=80.1)


def specs(trend: Mapping[str, float]) -> dict[str, Spec]:
    return {
        "population": Grow(trend["growth"], 0.004),
        "insured_population": Rate("population", trend["insured"], sigma=0.01),
        "people_health_managed": Rate("population", trend["managed"], sigma=0.02),
        "people_with_ehr": Rate("people_health_managed", trend["ehr"], sigma=0.1),
        "villages": Grow(1.0, 0.0),
        "villages_with_health_worker": Rate("villages", 100.0, sigma=0.0),
        "communes": Each(),
        "communes_meeting_national_criteria": Flag("communes", int(trend["criteria"])),
        "health_stations": Each(),
        "health_stations_with_doctor": Flag("health_stations"),
        "health_stations_built_adb": Total(int(trend["adb"])),
        "health_stations_upgraded_recovery": Total(int(trend["recovery"])),
    }


def old_bac_ninh(ref: Reference) -> tuple[pd.DataFrame, pd.Series]:
    """Old Bắc Ninh's units and its communes' 2024 populations (2019 census by district, grown, shared among
    communes as in the other folders), from its own random stream."""
    units = unit_table(ref, "27")
    area = Area.of(units)
    census = {district: ref.census[district] for district in area.districts}
    growth = dict.fromkeys(area.districts, BN_GROWTH)
    setting = Setting.grow(27, area, district_populations(census, growth, [LAST_OLD_YEAR], {}))
    return units, pd.Series(setting.population[LAST_OLD_YEAR], index=area.reporters)


def new_bac_ninh(ref: Reference, bg: Folder) -> None:
    """The Bắc Giang folder gets the new map, old Bắc Ninh's units and 2024 populations, and 2025 rows."""
    bn_units, bn_population = old_bac_ninh(ref)
    new = new_units(ref, "24")
    communes = new.query("level == 'commune'")["code"].tolist()
    own = year_frame(bg.wide["communes.csv"], LAST_OLD_YEAR, bg.setting.area.reporters)
    old = pd.concat([own, bn_population.to_frame("population")]).astype(float)
    filled = filled_by_rate(old, [own.index])
    matrix = share_matrix(ref.crosswalk, filled.index.tolist(), communes)
    origin = np.where(np.isin(filled.index, own.index), "24", "27")
    rng = np.random.default_rng([SEED, NEW_YEAR, 24])
    trends = {group: specs(trend) for group, trend in BN_TRENDS.items()}
    counts = carry(rng, matrix, filled, origin[matrix.argmax(axis=1)], trends)
    set_map(bg, ref, [old_version(bg.units), old_version(bn_units)], new)
    bg.later["communes.csv"] = table_of(communes, counts, bg.wide["communes.csv"].columns)
    hospitals = Table(["24"], [NEW_YEAR])
    for variable in bg.wide["hospitals.csv"].columns:
        hospitals.set(variable, NEW_YEAR, [BN_HOSPITALS[variable]])
    bg.later["hospitals.csv"] = hospitals
    bg.long["province.csv"] += [("24", NEW_YEAR, variable, value) for variable, value in BN_REPORTED.items()]
    bg.extra["population_outside.csv"] = population_file(bn_population.index, bn_population.to_numpy())
