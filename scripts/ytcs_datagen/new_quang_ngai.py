"""2025 on the new Quảng Ngãi (51: old Quảng Ngãi and old Kon Tum), written alike into both seeds' folders."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .allocation import noisy
from .map_2025 import (
    LAST_OLD_YEAR,
    NEW_YEAR,
    new_units,
    old_version,
    population_file,
    reporters_population,
    set_map,
    table_of,
    year_frame,
)
from .new_map import Each, Flag, Grow, Plus, Rate, Rest, Spec, Total, carry, filled_by_rate, share_matrix
from .reference import SEED, Reference, unit_table
from .tables import Folder, Table

STAFF = ("doctors", "pharmacists", "nurses")
# 2025 by old province: growth of the population and of births and deaths; rates as the plans write them;
# counts of communes (of 55 in old Quảng Ngãi, Lý Sơn apart; of 40 in old Kon Tum) and of maternal deaths.
NQ_TRENDS = {
    "51": dict(
        growth=1_250_197 / 1_248_643,  # the plan's 2025 population
        births=0.995,
        deaths=1.0,
        srb=110.2,
        imr=2.3,
        u5mr=2.8,
        maternal=1,
        immunised=93.4,
        underweight=10.9,
        stunting=19.5,
        insured=95.4,
        managed=88.0,
        criteria=54,
        ncd=50,
    ),
    "62": dict(
        growth=1.019,
        births=0.996,
        deaths=1.019,
        srb=108.5,
        imr=28.0,
        u5mr=43.0,
        maternal=2,
        immunised=92.6,
        underweight=16.8,
        stunting=33.2,
        insured=94.5,
        managed=89.4,
        criteria=36,
        ncd=39,
    ),
}
# Health workers and beds of each old province's area per 10,000 people in 2025 (provincial hospitals, regional
# health centres and stations), private beds as % of beds, pharmaceutical facilities, kg of waste per bed-day.
NQ_RESOURCES = {
    "51": dict(doctors=8.2, pharmacists=2.5, nurses=15.5, beds=31.95, private=4.0, pharma=1180, waste=0.33),
    "62": dict(doctors=10.6, pharmacists=1.36, nurses=20.4, beds=36.9, private=7.0, pharma=615, waste=0.30),
}
NQ_WASTE_TREATED = 96.0
NQ_REPORTED = dict(
    life_expectancy=72.6,  # between old Quảng Ngãi's 74.5 and old Kon Tum's 68.3, by population
    hiv_prevalence_pct=0.07,
    technical_services_pct=87.8,
    patient_satisfaction_pct=89.6,
    epi_vaccine_types=11,
)


def specs(trend: Mapping[str, float]) -> dict[str, Spec]:
    """How each variable of a new commune is drawn, in order; every variable of either folder's 2024 files."""
    srb_share = trend["srb"] / (100 + trend["srb"]) * 100
    return {
        "population": Grow(trend["growth"], 0.004),
        "live_births": Grow(trend["births"], 0.05),
        "live_births_male": Rate("live_births", srb_share, sigma=0.04),
        "live_births_female": Rest("live_births", "live_births_male"),
        "deaths": Grow(trend["deaths"], 0.06),
        "infant_deaths": Rate("live_births", trend["imr"], 1000, sigma=0.5),
        "under5_deaths": Plus("infant_deaths", "live_births", trend["u5mr"]),
        "maternal_deaths": Total(int(trend["maternal"]), upper="live_births"),
        "children_under1": Grow(trend["births"], 0.03),
        "children_under1_fully_immunized": Rate("children_under1", trend["immunised"], sigma=0.02),
        "children_under5_measured": Grow(trend["growth"], 0.03),
        "children_under5_underweight": Rate("children_under5_measured", trend["underweight"], sigma=0.08),
        "children_under5_stunted": Rate("children_under5_measured", trend["stunting"], sigma=0.08),
        "insured_population": Rate("population", trend["insured"], sigma=0.01),
        "people_health_managed": Rate("population", trend["managed"], sigma=0.02),
        "villages": Grow(1.0, 0.0),
        "villages_with_health_worker": Rate("villages", 100.0, sigma=0.0),
        "communes": Each(),
        "communes_meeting_national_criteria": Flag("communes", int(trend["criteria"])),
        "health_stations": Each(),
        "health_stations_with_doctor": Flag("health_stations"),
        "health_stations_ncd_management": Flag("health_stations", int(trend["ncd"])),
        "doctors": Grow(1.0, 0.1),
        "pharmacists": Grow(1.0, 0.1),
        "nurses": Grow(1.0, 0.1),
    }


def old_counts(folder: Folder) -> pd.DataFrame:
    """A folder's 2024 counts by reporter: its commune file, and its stations' staff (none on Lý Sơn, whose
    health workers are its district centre's)."""
    reporters = folder.setting.area.reporters
    counts = year_frame(folder.wide["communes.csv"], LAST_OLD_YEAR, reporters)
    staff = year_frame(folder.wide["staff.csv"], LAST_OLD_YEAR, reporters)
    is_commune = folder.setting.area.is_commune
    return counts.join(staff.mul(is_commune, axis=0).astype(float))


def new_communes_2025(ref: Reference, qn: Folder, kt: Folder) -> tuple[pd.DataFrame, np.ndarray, list[str]]:
    """The new communes' 2025 counts, each commune's old province, and their codes."""
    communes = new_units(ref, "51").query("level == 'commune'")["code"].tolist()
    old = pd.concat([old_counts(qn), old_counts(kt)])
    filled = filled_by_rate(old, [pd.Index(qn.setting.area.reporters), pd.Index(kt.setting.area.reporters)])
    matrix = share_matrix(ref.crosswalk, filled.index.tolist(), communes)
    origin = np.where(np.isin(filled.index, qn.setting.area.reporters), "51", "62")
    groups = origin[matrix.argmax(axis=1)]
    rng = np.random.default_rng([SEED, NEW_YEAR, 51])
    counts = carry(rng, matrix, filled, groups, {group: specs(trend) for group, trend in NQ_TRENDS.items()})
    return counts, groups, communes


def resources(counts: pd.DataFrame, groups: np.ndarray, rng: np.random.Generator) -> dict[str, int]:
    """The new province unit's own 2025 counts: what each old area's totals leave after the stations."""
    own: dict[str, int] = {}
    for group, per in NQ_RESOURCES.items():
        members = groups == group
        population = int(counts.loc[members, "population"].sum())
        beds = round(per["beds"] * population / 1e4)
        for name in STAFF:
            total = round(per[name] * population / 1e4)
            own[name] = own.get(name, 0) + total - int(counts.loc[members, name].sum())
        own["hospital_beds"] = own.get("hospital_beds", 0) + beds
        own["private_hospital_beds"] = own.get("private_hospital_beds", 0) + round(per["private"] / 100 * beds)
        own["pharma_facilities"] = own.get("pharma_facilities", 0) + int(per["pharma"])
        waste = round(float(noisy(rng, np.array([beds * 365 * per["waste"]]), 0.03)[0]))
        own["medical_waste_generated_kg"] = own.get("medical_waste_generated_kg", 0) + waste
    own["medical_waste_generated_kg"] -= own["medical_waste_generated_kg"] % 20
    own["medical_waste_treated_kg"] = round(NQ_WASTE_TREATED / 100 * own["medical_waste_generated_kg"])
    own["pharma_facilities_gxp"] = own["pharma_facilities"]
    own["regional_polyclinics"] = 0
    return own


def add_to_folder(folder: Folder, counts: pd.DataFrame, own: Mapping[str, int], communes: list[str]) -> None:
    """The folder's files get 2025 rows on the new units, with the columns they had."""
    for name in ("communes.csv",):
        folder.later[name] = table_of(communes, counts, folder.wide[name].columns)
    staff = pd.concat([pd.DataFrame([own]), counts[list(STAFF)]], ignore_index=True)
    folder.later["staff.csv"] = table_of(["51", *communes], staff, folder.wide["staff.csv"].columns)
    hospitals = Table(["51"], [NEW_YEAR])
    for variable in folder.wide["hospitals.csv"].columns:
        hospitals.set(variable, NEW_YEAR, [own[variable]])
    folder.later["hospitals.csv"] = hospitals
    reported = {variable for _, _, variable, _ in folder.long["province.csv"]}
    folder.long["province.csv"] += [("51", NEW_YEAR, v, value) for v, value in NQ_REPORTED.items() if v in reported]


def new_quang_ngai(ref: Reference, qn: Folder, kt: Folder) -> None:
    """Both folders get the new map (each with the other's old units, whose land the new province took in),
    the same 2025 counts on the new units, and the other's 2024 populations."""
    counts, groups, communes = new_communes_2025(ref, qn, kt)
    own = resources(counts, groups, np.random.default_rng([SEED, NEW_YEAR, 5162]))
    new = new_units(ref, "51")
    pairs = ((qn, kt, unit_table(ref, "62")), (kt, qn, unit_table(ref, "51")))
    for folder, other, other_units in pairs:
        set_map(folder, ref, [old_version(folder.units), old_version(other_units)], new)
        add_to_folder(folder, counts, own, communes)
        population = reporters_population(other)
        folder.extra["population_outside.csv"] = population_file(population.index, population.to_numpy())
