"""Quảng Ngãi (plan quang-ngai-2024-ct37): calibrated to the plan's "Thực hiện 2024" column."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .allocation import Figures, by_year, counts_of, marked, noisy, per, staged
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
from .reference import CENSUS_TIME, Area, Reference, Setting, district_populations, hierarchy_rows, unit_table
from .tables import Folder, Series, Table, published_csv, reported_rows

QN_YEARS = [2022, 2023, 2024]
QN_POPULATION_2024 = 1_248_643
QN_MOUNTAIN = ("525", "529", "530", "531", "535")
QN_GROWTH = {"522": 0.006}  # otherwise 0.009 a year in the mountain districts, 0 elsewhere
QN_CONTRAST = RemoteContrast(
    fertility=(1.3, 1.0),
    risk=(2.0, 1.0),
    coverage=(0.86, 0.93),
    thinness=(1.7, 1.0),
    thinness_sigma=0.25,
    insured=(1.05, 1.0),  # free cards for ethnic-minority communes
)
QN_LY_SON_VILLAGES = 6  # Lý Sơn's thôn, reported by the district itself
# Each list runs 2022–2024; 2024 is the plan's column, 2022 and 2023 move toward it. Rates per 10,000 and %
# as in the plan; criteria, no_doctor and no_worker count communes; waste is the % of medical waste treated.
QN_PATH = dict(
    doctors=[7.52, 7.81, 8.0],
    pharmacists=[2.05, 2.18, 2.3],
    nurses=[14.4, 14.8, 15.2],
    beds=[30.9, 31.4, 31.80],
    immunised=[92.3, 90.8, 89.9],
    underweight=[12.4, 11.9, 11.5],
    insured=[92.6, 93.4, 94.15],
    criteria=[161, 163, 165],  # 165 / 170 = 97.06%
    no_doctor=[2, 1, 0],
    no_worker=[5, 2, 0],
    waste=[90.0, 93.0, 95.0],
    life=[74.2, 74.3, 74.5],
    hiv=[0.07, 0.06, 0.06],
)
# Vital rates of 2022 and 2023 (‰; boys per 100 girls; maternal deaths); 2023's births follow from 2024's rate.
QN_CBR_2022 = 14.6
QN_VITAL_RATES = dict(nir=[9.0, 8.6], srb=[111.4, 111.0], imr=[2.6, 2.3], u5mr=[3.3, 2.9], maternal=[1, 1])
# The plan's 2024 events and children; README shows the arithmetic.
QN_2024_EVENTS = dict(
    live_births=17_400,  # CBR 13.94‰
    deaths=17_400 - 10_490,  # natural increase 10,490 / 1,248,643 = 8.40‰
    live_births_male=9_142,  # 9,142 / 8,258 = 110.70 boys per 100 girls
    infant_deaths=36,  # 36 / 17,400 = 2.07‰
    under5_deaths=44,  # 2.53‰: the plan's 1.4‰ is below its infant rate, impossible
    maternal_deaths=0,  # "00"
    children_under1=17_650,
    children_under5_measured=77_400,
)
QN_CENTRE_STAFF_PER_10K = {"doctors": 2.6, "pharmacists": 0.6, "nurses": 5.0}
QN_REPORTED: Series = (("life_expectancy", "life", float), ("hiv_prevalence_pct", "hiv", float))


def quang_ngai_events(rates: Mapping[str, float], population: int, births: int) -> dict[str, int]:
    """A year's vital events and children from the plan's rates, shaped like QN_2024_EVENTS."""
    infant = per(rates["imr"], births, 1000)
    return dict(
        live_births=births,
        deaths=births - per(rates["nir"], population, 1000),
        live_births_male=round(births * rates["srb"] / (100 + rates["srb"])),
        infant_deaths=infant,
        under5_deaths=max(per(rates["u5mr"], births, 1000), infant),
        maternal_deaths=int(rates["maternal"]),
        children_under1=round(births * 1.014),
        children_under5_measured=round(population * 0.062),
    )


def quang_ngai_year_totals(
    population: int, events: Mapping[str, int], path: Mapping[str, float]
) -> dict[str, int | float]:
    """A year's province totals: its events, and counts at the year's rates of the plan."""
    under1, measured = events["children_under1"], events["children_under5_measured"]
    return dict(
        population=population,
        **events,
        children_under1_fully_immunized=per(path["immunised"], under1, 100),
        children_under5_underweight=per(path["underweight"], measured, 100),
        insured_population=per(path["insured"], population, 100),
        communes_meeting_national_criteria=int(path["criteria"]),
        no_doctor=int(path["no_doctor"]),
        no_worker=int(path["no_worker"]),
        doctors=per(path["doctors"], population, 10_000),
        pharmacists=per(path["pharmacists"], population, 10_000),
        nurses=per(path["nurses"], population, 10_000),
        hospital_beds=per(path["beds"], population, 10_000),
        waste=path["waste"],
        life=path["life"],
        hiv=path["hiv"],
    )


def quang_ngai_totals(population: Mapping[int, int], communes: int) -> dict[int, dict[str, int | float]]:
    """Province totals per year. 2024 from the plan's column; README shows the arithmetic."""
    rates = by_year(QN_VITAL_RATES, [2022, 2023])
    births_2024 = QN_2024_EVENTS["live_births"]
    # 2023 births: the smallest count whose crude birth rate is not below 2024's, so the fall rounds to 0.0.
    births = {
        2022: per(QN_CBR_2022, population[2022], 1000),
        2023: math.ceil(births_2024 * population[2023] / population[2024]),
    }
    events = {year: quang_ngai_events(rates[year], population[year], births[year]) for year in rates}
    events[2024] = QN_2024_EVENTS
    path = by_year(QN_PATH, QN_YEARS)
    totals = {year: quang_ngai_year_totals(population[year], events[year], path[year]) for year in QN_YEARS}
    check_quang_ngai_2024(totals, population, communes)
    return totals


def check_quang_ngai_2024(totals: Figures, population: Mapping[int, int], communes: int) -> None:
    """The province totals reproduce the plan's 2024 column to its precision (an independent re-check)."""
    t = totals[2024]
    p = t["population"]
    cbr = {y: totals[y]["live_births"] / population[y] * 1000 for y in (2023, 2024)}
    expected = [
        (p, 1_248_643, 0),
        (t["doctors"] / p * 1e4, 8.0, 1),
        (t["pharmacists"] / p * 1e4, 2.3, 1),
        (t["hospital_beds"] / p * 1e4, 31.80, 2),
        (t["children_under1_fully_immunized"] / t["children_under1"] * 100, 89.9, 1),
        (t["communes_meeting_national_criteria"] / communes * 100, 97.1, 1),
        (t["insured_population"] / p * 100, 94.15, 2),
        (t["infant_deaths"] / t["live_births"] * 1000, 2.07, 2),
        ((t["live_births"] - t["deaths"]) / p * 1000, 8.4, 1),
        (t["live_births_male"] / (t["live_births"] - t["live_births_male"]) * 100, 110.7, 1),
        (t["children_under5_underweight"] / t["children_under5_measured"] * 100, 11.5, 1),
        (cbr[2023] - cbr[2024], 0.0, 1),
    ]
    for value, document, digits in expected:
        if round(value, digits) != document:
            raise ValueError(f"Quảng Ngãi 2024: {value} does not round to the plan's {document}")
    if t["under5_deaths"] < t["infant_deaths"] or t["maternal_deaths"] != 0:
        raise ValueError("Quảng Ngãi 2024: under-5 deaths below infant deaths, or a maternal death")


def quang_ngai_setting(ref: Reference) -> tuple[Setting, dict[int, int]]:
    """Populations on the 2025 units, with province totals on the straight line from the census (1 April 2019)
    to the plan's 2024 figure (mid-2024); returns the setting and those totals."""
    area = Area.of(unit_table(ref, "51"))
    census = {d: ref.census[d] for d in area.districts}
    census["525"] += ref.census["526"]  # Tây Trà merged into Trà Bồng in 2020
    growth = {d: QN_GROWTH.get(d, 0.009 if d in QN_MOUNTAIN else 0.0) for d in area.districts}
    census_total = sum(census.values())
    province = {
        y: round(census_total + (QN_POPULATION_2024 - census_total) * (y + 0.5 - CENSUS_TIME) / (2024.5 - CENSUS_TIME))
        for y in QN_YEARS
    }
    return Setting.grow(51, area, district_populations(census, growth, QN_YEARS, province)), province


@dataclass(frozen=True)
class QuangNgaiCommunes:
    """What stays with each reporter across the years: traits, villages, station staff, and the nested orders
    in which communes meet the national criteria, get a doctor and get a health worker in every village."""

    traits: Traits
    insured: Propensity
    stations: np.ndarray  # 1 per commune; Lý Sơn has no commune and no commune health station
    communes: np.ndarray  # positions of the communes among the reporters
    mountain_communes: np.ndarray  # positions of the mountain districts' communes
    villages: np.ndarray
    criteria: dict[int, np.ndarray]  # communes meeting the national criteria (a mask over communes)
    no_doctor: dict[int, np.ndarray]  # stations without a doctor (a mask over communes)
    no_worker: dict[int, np.ndarray]  # a village without a health worker (a mask over mountain communes)
    second_doctor: np.ndarray
    station_nurses: np.ndarray

    @classmethod
    def draw(cls, setting: Setting, totals: Figures) -> QuangNgaiCommunes:
        """The draws in the stream's order: traits, villages, the three nested orders, station staff."""
        rng, size, is_commune = setting.rng, setting.size, setting.area.is_commune
        mountain = setting.area.in_districts(QN_MOUNTAIN)
        traits = contrasted_traits(rng, mountain, QN_CONTRAST)
        villages = np.where(is_commune, rng.integers(4, 13, size), 0)
        villages[~is_commune] = QN_LY_SON_VILLAGES
        communes, mountain_communes = np.flatnonzero(is_commune), np.flatnonzero(mountain & is_commune)
        return cls(
            traits=traits,
            insured=insurance(np.where(mountain, *QN_CONTRAST.insured)),
            stations=is_commune.astype(np.int64),
            communes=communes,
            mountain_communes=mountain_communes,
            villages=villages,
            criteria=staged(rng, len(communes), counts_of(totals, "communes_meeting_national_criteria")),
            no_doctor=staged(rng, len(communes), counts_of(totals, "no_doctor")),
            no_worker=staged(rng, len(mountain_communes), counts_of(totals, "no_worker")),
            second_doctor=rng.random(size) < 0.2,
            station_nurses=rng.integers(1, 4, size),
        )

    def columns(self, setting: Setting, year: int, totals: Mapping[str, float]) -> Columns:
        """One year's commune columns, summing to the year's province totals."""
        rng, size, pop = setting.rng, setting.size, setting.population[year]
        vital = vital_events(rng, pop, self.traits, totals)
        children = ChildTargets(
            under1=int(totals["children_under1"]),
            immunised=int(totals["children_under1_fully_immunized"]),
            measured=int(totals["children_under5_measured"]),
            underweight=int(totals["children_under5_underweight"]),
        )
        return {
            "population": pop,
            **vital,
            **child_health(rng, vital["live_births"], pop, self.traits, children),
            "insured_population": share_of(rng, int(totals["insured_population"]), pop, self.insured),
            "villages": self.villages,
            "villages_with_health_worker": self.villages - marked(size, self.mountain_communes[self.no_worker[year]]),
            "communes": self.stations,
            "communes_meeting_national_criteria": marked(size, self.communes[self.criteria[year]]),
            "health_stations": self.stations,
            "health_stations_with_doctor": self.stations - marked(size, self.communes[self.no_doctor[year]]),
        }

    def station_staff(self, communes: Table) -> StationStaff:
        """One or two doctors where the station has one, no pharmacists, one to three nurses."""
        return {
            "doctors": {y: communes.get("health_stations_with_doctor", y) * (1 + self.second_doctor) for y in QN_YEARS},
            "pharmacists": {y: np.zeros(len(self.stations), dtype=np.int64) for y in QN_YEARS},
            "nurses": {y: self.stations * self.station_nurses for y in QN_YEARS},
        }


def quang_ngai_hospitals(setting: Setting, totals: Figures) -> Table:
    """District health centres' beds (at least 40), the provincial hospitals' (what the plan's total leaves), and
    medical waste in proportion to beds, its total a multiple of 20 so that the treated share is whole."""
    rng, n_districts = setting.rng, len(setting.area.districts)
    hospitals = Table(hierarchy_rows(setting.area), QN_YEARS)
    bed_factor = rng.lognormal(0.0, 0.25, n_districts)
    waste_factor = np.r_[0.40, np.full(n_districts, 0.30)] * rng.lognormal(0.0, 0.15, n_districts + 1)
    for year in QN_YEARS:
        scale = 1 + 0.03 * (year - 2024)
        centres = np.round(setting.district_population(year) * 11.5 / 1e4 * bed_factor * scale)
        beds = np.maximum(centres, 40).astype(np.int64)
        hospital_beds = np.array([int(totals[year]["hospital_beds"]) - int(beds.sum()), *beds])
        generated = np.round(noisy(rng, hospital_beds * 365 * waste_factor, 0.03)).astype(np.int64)
        generated[0] -= int(generated.sum()) % 20
        treated = round(float(totals[year]["waste"]) / 100 * int(generated.sum()))
        hospitals.record(
            year,
            {
                "hospital_beds": hospital_beds,
                "medical_waste_generated_kg": generated,
                "medical_waste_treated_kg": share_of(rng, treated, generated, Propensity(1.0, 0.02)),
            },
        )
    return hospitals


def quang_ngai(ref: Reference) -> Folder:
    setting, province = quang_ngai_setting(ref)
    area = setting.area
    totals = quang_ngai_totals(province, int(area.is_commune.sum()))
    fixed = QuangNgaiCommunes.draw(setting, totals)
    communes = Table(area.reporters, QN_YEARS)
    for year in QN_YEARS:
        communes.record(year, fixed.columns(setting, year, totals[year]))
    # The one deliberate gap: a commune that did not report its insured population in 2023.
    gap_unit = area.reporters[int(setting.rng.choice(np.flatnonzero(area.in_districts(["535"]))))]
    communes.blank(gap_unit, 2023, "insured_population")
    # Staff: commune stations, district health centres (Lý Sơn's includes its island health staff), and the
    # provincial hospitals on the province unit itself.
    staff = staff_table(setting, totals, fixed.station_staff(communes), QN_CENTRE_STAFF_PER_10K)
    hospitals = quang_ngai_hospitals(setting, totals)
    return Folder(
        area.units,
        setting,
        wide={"communes.csv": communes, "staff.csv": staff, "hospitals.csv": hospitals},
        long={"province.csv": reported_rows("51", totals, QN_REPORTED)},
        texts={"published.csv": published_csv(ref)},
    )
