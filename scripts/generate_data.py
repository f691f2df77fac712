#!/usr/bin/env python3
"""Generate the bundled data folders data/<jurisdiction>/: real units and census, synthetic counts.

    .venv/bin/python scripts/generate_data.py             # rewrite the folders under data/
    .venv/bin/python scripts/generate_data.py --out DIR   # write them under DIR instead

Real inputs come from data/reference/ (a copy of shared/reference with its SOURCES.md): GSO administrative
units, the 2019 census population by district and Quảng Ngãi's 2010–2016 yearbook series. Every count is
synthetic: drawn from numpy's default_rng seeded with SEED, then rounded with largest remainders so that the
jurisdiction's totals hit figures chosen from each plan (Quảng Ngãi 2024 reproduces the plan's "Thực hiện 2024"
column exactly). data/README.md says what is real, what is synthetic and every deliberate imperfection.
Re-running the script reproduces every file byte for byte.

Layout: shared helpers first (integer allocation, units and populations, tables and files, the draws every
folder makes), then one section per folder: its plan's figures as module-level constants, the draws made once
per folder (a frozen dataclass), one year's columns, and the function that assembles the folder's files. Each
folder has its own seeded random stream, so the order of the draws inside a folder is part of its output.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
REFERENCE = DATA / "reference"
SEED = 20241017
CENSUS_TIME = 2019.25  # the census counted the population on 1 April 2019

YEARBOOK_2016 = (
    "Cục Thống kê Quảng Ngãi, Niên giám thống kê 2016, Biểu 242 'Một số chỉ tiêu về chăm sóc sức khoẻ' (tr. 351)"
)
PUBLISHED_IDS = {
    "doctors_per_10000_inhabitants": "doctors_per_10k",
    "hospital_beds_per_10000_inhabitants": "hospital_beds_per_10k",
    "pct_commune_health_stations_with_doctor": "health_stations_with_doctor_pct",
    "pct_commune_health_stations_with_midwife": "health_stations_with_midwife_pct",
    "pct_under1_fully_vaccinated": "full_immunization_pct",
    # The yearbook's "suy dinh dưỡng" without a form is weight-for-age (README explains why).
    "pct_under5_malnutrition": "underweight_pct",
}

Row = tuple[str, int, str, float | int]  # a long-form file's unit, year, variable, value
MonthlyRow = tuple[str, int, int, int]  # unit, year, month, count
PlanPaths = Mapping[str, Sequence[float]]  # a plan's figures: name -> one value per year of the folder
Figures = Mapping[int, Mapping[str, float]]  # the same by year: year -> name -> value
Columns = dict[str, np.ndarray]  # one year's values of several variables, in the file's column order
StationStaff = dict[str, dict[int, np.ndarray]]  # staff kind -> year -> count at each reporter's station
Series = Sequence[tuple[str, str, Callable[[float], float | int]]]  # reported variable, figure name, int or float


# --------------------------------------------------------------------------------------------------
# Integer allocation


def apportion(total: int, weights: Sequence[float] | np.ndarray, upper: np.ndarray | None = None) -> np.ndarray:
    """Integers that sum to `total`, proportional to `weights` by largest remainders, never above `upper`."""
    weights = np.asarray(weights, dtype=float)
    cap = np.full(len(weights), 10**15) if upper is None else np.asarray(upper, dtype=np.int64)
    total = int(total)
    if total < 0 or total > cap.sum():
        raise ValueError(f"cannot share {total} among units holding at most {int(cap.sum())}")
    if total == 0:
        return np.zeros(len(weights), dtype=np.int64)
    if weights.sum() <= 0:
        weights = np.ones(len(weights))
    quota = total * weights / weights.sum()
    result = np.minimum(np.floor(quota).astype(np.int64), cap)
    while (missing := total - int(result.sum())) > 0:
        room = result < cap
        score = np.where(room, quota - result, -np.inf)
        chosen = np.argsort(-score, kind="stable")[: min(missing, int(room.sum()))]
        result[chosen] += 1
    return result


def noisy(rng: np.random.Generator, expected: np.ndarray, sigma: float) -> np.ndarray:
    """Expected values times log-normal noise: weights for `apportion`."""
    expected = np.asarray(expected, dtype=float)
    return expected * rng.lognormal(0.0, sigma, len(expected))


def staged(rng: np.random.Generator, size: int, counts: Mapping[int, int]) -> dict[int, np.ndarray]:
    """For each year, a mask of `counts[year]` units, nested: a unit chosen in a smaller year stays chosen."""
    order = rng.permutation(size)
    masks = {}
    for year, count in counts.items():
        mask = np.zeros(size, dtype=bool)
        mask[order[:count]] = True
        masks[year] = mask
    return masks


def staged_slots(
    rng: np.random.Generator, slots: np.ndarray, size: int, counts: Mapping[int, int]
) -> dict[int, np.ndarray]:
    """`staged` over slots (e.g. the former communes a unit is made of), counted per unit holding the slots."""
    masks = staged(rng, len(slots), counts)
    return {year: np.bincount(slots[mask], minlength=size) for year, mask in masks.items()}


def marked(size: int, positions: np.ndarray) -> np.ndarray:
    """0 for every unit, 1 at `positions`: a yes/no count per unit."""
    values = np.zeros(size, dtype=np.int64)
    values[positions] = 1
    return values


def per(rate: float, denominator: int, multiplier: float) -> int:
    """The count that gives `rate` per `multiplier` of `denominator`, rounded."""
    return round(rate * denominator / multiplier)


def path_of(path: PlanPaths, years: Sequence[int], year: int) -> dict[str, float]:
    """One year's figures out of a plan's paths."""
    return {name: values[years.index(year)] for name, values in path.items()}


def by_year(path: PlanPaths, years: Sequence[int]) -> dict[int, dict[str, float]]:
    """Every year's figures out of a plan's paths, so loops read `figures[year][name]`."""
    return {year: path_of(path, years, year) for year in years}


def counts_of(figures: Figures, name: str) -> dict[int, int]:
    """One figure, a count of units, for every year: the argument `staged` takes."""
    return {year: int(values[name]) for year, values in figures.items()}


# --------------------------------------------------------------------------------------------------
# Reference data and units


@dataclass(frozen=True)
class Reference:
    units: pd.DataFrame
    census: dict[str, int]
    health: pd.DataFrame

    @classmethod
    def load(cls, folder: Path) -> Reference:
        units = pd.read_csv(folder / "units.csv", dtype=str, keep_default_na=False)
        population = pd.read_csv(folder / "population.csv", dtype={"unit_code": str})
        health = pd.read_csv(folder / "health_indicators.csv", dtype=str, keep_default_na=False)
        census = dict(zip(population["unit_code"], population["population"].astype(int), strict=True))
        return cls(units, census, health)


def unit_table(ref: Reference, province: str, district: str | None = None) -> pd.DataFrame:
    """units.csv rows in hierarchical order: the root, then each district followed by its communes.

    With `district`, that district is the root (parent empty) and the province is left out.
    """
    rows = ref.units[ref.units["province_code"] == province]
    if district is not None:
        rows = rows[rows["district_code"] == district]
    out = []
    if district is None:
        out.append((province, rows["province_name"].iloc[0], "province", ""))
    for code, group in rows.groupby("district_code", sort=True):
        out.append((code, group["district_name"].iloc[0], "district", "" if district else province))
        communes = group[group["commune_code"] != ""].sort_values("commune_code")
        names = zip(communes["commune_code"], communes["commune_name"], strict=True)
        out += [(commune, name, "commune", code) for commune, name in names]
    return pd.DataFrame(out, columns=["code", "name", "level", "parent"])


@dataclass(frozen=True)
class Area:
    """The units a folder describes: who reports commune-level counts and which district each belongs to."""

    units: pd.DataFrame
    districts: list[str]
    reporters: list[str]  # communes, plus districts without communes (Lý Sơn) reporting for themselves
    district_of: np.ndarray  # district code of each reporter

    @classmethod
    def of(cls, units: pd.DataFrame) -> Area:
        districts = units.loc[units["level"] == "district", "code"].tolist()
        parents = set(units.loc[units["level"] == "commune", "parent"])
        reporters, district_of = [], []
        for _, row in units.iterrows():
            if row["level"] == "commune":
                reporters.append(row["code"])
                district_of.append(row["parent"])
            elif row["level"] == "district" and row["code"] not in parents:
                reporters.append(row["code"])
                district_of.append(row["code"])
        return cls(units, districts, reporters, np.array(district_of))

    def in_districts(self, codes: Iterable[str]) -> np.ndarray:
        return np.isin(self.district_of, list(codes))

    @property
    def is_commune(self) -> np.ndarray:
        return np.array([len(code) == 5 for code in self.reporters])


def hierarchy_rows(area: Area) -> list[str]:
    """The root and the districts, in units.csv order: rows of the facility files."""
    levels = area.units.set_index("code")["level"]
    return [code for code in area.units["code"] if levels[code] != "commune"]


def district_populations(
    census: Mapping[str, int], growth: Mapping[str, float], years: Sequence[int], totals: Mapping[int, int]
) -> dict[int, dict[str, int]]:
    """Census populations grown at each district's rate to mid-year, then scaled to the year's total."""
    result = {}
    for year in years:
        raw = np.array([census[d] * (1 + growth[d]) ** (year + 0.5 - CENSUS_TIME) for d in census])
        total = totals.get(year, round(raw.sum()))
        result[year] = dict(zip(census, apportion(total, raw).tolist(), strict=True))
    return result


def commune_populations(
    rng: np.random.Generator, area: Area, by_district: Mapping[int, Mapping[str, int]], concentration: float = 6.0
) -> dict[int, np.ndarray]:
    """Each district's population shared among its communes by Dirichlet weights drifting slowly over years."""
    weights = np.zeros(len(area.reporters))
    for district in area.districts:
        members = area.district_of == district
        weights[members] = rng.dirichlet(np.full(members.sum(), concentration))
    drift = rng.normal(0.0, 0.008, len(area.reporters))
    result = {}
    for year, totals in by_district.items():
        shares = weights * (1 + drift) ** (year - 2019)
        values = np.zeros(len(area.reporters), dtype=np.int64)
        for district in area.districts:
            members = area.district_of == district
            values[members] = apportion(totals[district], shares[members])
        result[year] = values
    return result


@dataclass(frozen=True)
class Setting:
    """One folder's random stream, units and populations by year: what all of its tables draw on."""

    rng: np.random.Generator
    area: Area
    by_district: dict[int, dict[str, int]]
    population: dict[int, np.ndarray]  # of each reporter

    @classmethod
    def grow(cls, stream: int, area: Area, by_district: dict[int, dict[str, int]]) -> Setting:
        """The folder's own stream (SEED and `stream`); its first draws share districts among communes."""
        rng = np.random.default_rng([SEED, stream])
        return cls(rng, area, by_district, commune_populations(rng, area, by_district))

    @property
    def size(self) -> int:
        return len(self.area.reporters)

    def district_population(self, year: int) -> np.ndarray:
        return np.array([self.by_district[year][d] for d in self.area.districts])


# --------------------------------------------------------------------------------------------------
# Tables and files


@dataclass
class Table:
    """Counts of variables for a fixed list of units and years, written as one wide CSV file."""

    units: list[str]
    years: list[int]
    columns: dict[str, dict[int, np.ndarray]] = field(default_factory=dict)
    blanks: set[tuple[str, int, str]] = field(default_factory=set)

    def set(self, variable: str, year: int, values: Iterable[int] | np.ndarray) -> None:
        array = np.asarray(values, dtype=np.int64).reshape(-1)
        if len(array) != len(self.units):
            raise ValueError(f"{variable} {year}: {len(array)} values for {len(self.units)} units")
        if (array < 0).any():
            raise ValueError(f"{variable} {year}: negative count")
        self.columns.setdefault(variable, {})[year] = array

    def record(self, year: int, columns: Mapping[str, Iterable[int] | np.ndarray]) -> None:
        """Several variables of one year; the first year recorded fixes the file's column order."""
        for variable, values in columns.items():
            self.set(variable, year, values)

    def get(self, variable: str, year: int) -> np.ndarray:
        return self.columns[variable][year]

    def blank(self, unit: str, year: int, variable: str) -> None:
        self.blanks.add((unit, year, variable))

    def csv_text(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        variables = list(self.columns)
        writer.writerow(["unit", "year", *variables])
        for index, unit in enumerate(self.units):
            for year in self.years:
                cells = [
                    "" if (unit, year, v) in self.blanks else str(int(self.columns[v][year][index])) for v in variables
                ]
                writer.writerow([unit, year, *cells])
        return buffer.getvalue()


def long_csv(rows: Iterable[Row]) -> str:
    """A long-form file `unit,year,variable,value`: counts as integers, reported values with two decimals."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["unit", "year", "variable", "value"])
    for unit, year, variable, value in sorted(rows, key=lambda r: (r[0], r[2], r[1])):
        text = str(value) if isinstance(value, int) else f"{value:.2f}"
        writer.writerow([unit, year, variable, text])
    return buffer.getvalue()


def reported_rows(unit: str, figures: Figures, series: Series) -> list[Row]:
    """Rows of a long-form file: each series' figure of every year, as an integer or a float (two decimals)."""
    return [
        (unit, year, variable, kind(values[name]))
        for year, values in figures.items()
        for variable, name, kind in series
    ]


def monthly_csv(rows: Iterable[MonthlyRow], variable: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["unit", "year", "month", variable])
    writer.writerows(rows)
    return buffer.getvalue()


def units_csv(units: pd.DataFrame) -> str:
    buffer = io.StringIO()
    units.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def published_csv(ref: Reference) -> str:
    """The real yearbook series as published history, with the catalog's indicator ids."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["unit", "year", "indicator", "value", "source"])
    rows = ref.health[ref.health["province_code"] == "51"]
    records = sorted(
        (PUBLISHED_IDS[i], int(y), v) for i, y, v in zip(rows["indicator"], rows["year"], rows["value"], strict=True)
    )
    for indicator, year, value in records:
        writer.writerow(["51", year, indicator, value, YEARBOOK_2016])
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------------
# Building blocks shared by the folders


@dataclass(frozen=True)
class Propensity:
    """How a property spreads over units: weights relative to the base, log-normal noise on them each year, and
    the largest share of a unit's base that can have it."""

    weights: np.ndarray | float
    sigma: float
    ceiling: float = 1.0


def insurance(weights: np.ndarray) -> Propensity:
    """Health insurance: steady from year to year, and a whole commune insured is rare (a card has always lapsed)."""
    return Propensity(weights, 0.01, ceiling=0.995)


def share_of(rng: np.random.Generator, total: int, base: np.ndarray, propensity: Propensity) -> np.ndarray:
    """`total` people with a property shared among units, never more than the propensity's ceiling of `base`."""
    upper = np.floor(np.asarray(base) * propensity.ceiling).astype(np.int64)
    return apportion(total, noisy(rng, base * propensity.weights, propensity.sigma), upper=upper)


@dataclass(frozen=True)
class Traits:
    """Each reporter's lasting tendencies, drawn once per folder and used as weights every year."""

    fertility: np.ndarray
    coverage: np.ndarray  # of immunisation
    thinness: np.ndarray  # of children: underweight and stunting
    risk: np.ndarray  # of infant, child and maternal deaths


@dataclass(frozen=True)
class RemoteContrast:
    """How communes of remote (mountain) districts differ from the others: (remote, elsewhere) factors."""

    fertility: tuple[float, float]
    risk: tuple[float, float]
    coverage: tuple[float, float]
    thinness: tuple[float, float]
    thinness_sigma: float  # spread of thinness between communes
    insured: tuple[float, float]


def contrasted_traits(rng: np.random.Generator, remote: np.ndarray, contrast: RemoteContrast) -> Traits:
    """Traits set by remoteness, times noise per commune (drawn for fertility, coverage, thinness in that order)."""
    size = len(remote)
    fertility = np.where(remote, *contrast.fertility) * rng.lognormal(0.0, 0.12, size)
    risk = np.where(remote, *contrast.risk)
    coverage = np.where(remote, *contrast.coverage) * rng.uniform(0.97, 1.03, size)
    thinness = np.where(remote, *contrast.thinness) * rng.lognormal(0.0, contrast.thinness_sigma, size)
    return Traits(fertility, coverage, thinness, risk)


def draw_births(rng: np.random.Generator, total: int, population: np.ndarray, fertility: np.ndarray) -> np.ndarray:
    """`total` live births shared among reporters by population and fertility."""
    return apportion(total, noisy(rng, population * fertility, 0.06))


def vital_events(
    rng: np.random.Generator, population: np.ndarray, traits: Traits, totals: Mapping[str, float]
) -> Columns:
    """Births (by sex), deaths, infant, under-5 and maternal deaths per commune, summing to `totals`; only the
    events `totals` names.

    Under-5 deaths are infant deaths plus deaths at ages 1–4, so never fewer than infant deaths anywhere.
    """
    births = draw_births(rng, int(totals["live_births"]), population, traits.fertility)
    columns = {"live_births": births}
    if "live_births_male" in totals:
        male = apportion(int(totals["live_births_male"]), noisy(rng, births, 0.04), upper=births)
        columns |= {"live_births_male": male, "live_births_female": births - male}
    if "deaths" in totals:
        columns["deaths"] = apportion(int(totals["deaths"]), noisy(rng, population, 0.08))
    if "infant_deaths" in totals:
        infant = apportion(int(totals["infant_deaths"]), noisy(rng, births * traits.risk, 0.5), upper=births)
        older = apportion(int(totals["under5_deaths"] - totals["infant_deaths"]), noisy(rng, births * traits.risk, 0.5))
        columns |= {"infant_deaths": infant, "under5_deaths": infant + older}
    if "maternal_deaths" in totals:
        columns["maternal_deaths"] = apportion(int(totals["maternal_deaths"]), noisy(rng, births * traits.risk, 0.5))
    return columns


@dataclass(frozen=True)
class ChildTargets:
    """A year's totals of children: under 1 and fully immunised, under 5 weighed and malnourished among them."""

    under1: int
    immunised: int
    measured: int
    underweight: int
    stunted: int | None = None  # not counted by every plan

    @classmethod
    def at_rates(cls, under1: int, measured: int, rates: Mapping[str, float]) -> ChildTargets:
        """The counts at a plan's percentages: immunised of the under-1s, underweight and stunted of the weighed."""
        return cls(
            under1=under1,
            immunised=per(rates["immunised"], under1, 100),
            measured=measured,
            underweight=per(rates["underweight"], measured, 100),
            stunted=per(rates["stunting"], measured, 100),
        )


def child_health(
    rng: np.random.Generator, births: np.ndarray, population: np.ndarray, traits: Traits, targets: ChildTargets
) -> Columns:
    """Children under 1 (by births) and the fully immunised among them, children under 5 weighed (by population
    and fertility) and the malnourished among them, per reporter."""
    under1 = apportion(targets.under1, noisy(rng, births, 0.03))
    immunised = share_of(rng, targets.immunised, under1, Propensity(traits.coverage, 0.02))
    measured = apportion(targets.measured, noisy(rng, population * traits.fertility, 0.03))
    thin = Propensity(traits.thinness, 0.08)
    columns = {
        "children_under1": under1,
        "children_under1_fully_immunized": immunised,
        "children_under5_measured": measured,
        "children_under5_underweight": share_of(rng, targets.underweight, measured, thin),
    }
    if targets.stunted is not None:
        columns["children_under5_stunted"] = share_of(rng, targets.stunted, measured, thin)
    return columns


def monthly_births(
    rng: np.random.Generator, reporters: Sequence[str], year: int, births: np.ndarray
) -> list[MonthlyRow]:
    """Each reporter's births of the year spread over the months at random."""
    rows: list[MonthlyRow] = []
    for unit, count in zip(reporters, births, strict=True):
        months = rng.multinomial(count, np.full(12, 1 / 12))
        rows += [(unit, year, month, int(n)) for month, n in enumerate(months, start=1)]
    return rows


def staff_table(
    setting: Setting, totals: Figures, station_staff: StationStaff, centre_per_10k: Mapping[str, float]
) -> Table:
    """Health workers where they work: commune stations, district health centres, and the provincial
    hospitals attached to the root unit itself, which takes what the year's total leaves."""
    rng, area = setting.rng, setting.area
    years = sorted(setting.by_district)
    above = hierarchy_rows(area)
    is_commune = area.is_commune
    table = Table([above[0], *np.array(area.reporters)[is_commune], *above[1:]], years)
    factor = {name: rng.lognormal(0.0, 0.2, len(area.districts)) for name in station_staff}
    latest = years[-1]
    for year in years:
        district_pop = setting.district_population(year)
        for name, stations in station_staff.items():
            rate = centre_per_10k[name] * (1 + 0.03 * (year - latest))
            centres = np.round(district_pop * rate / 1e4 * factor[name]).astype(np.int64)
            provincial = int(totals[year][name]) - int(stations[year][is_commune].sum()) - int(centres.sum())
            if provincial <= 0:
                raise ValueError(f"{name} {year}: the stations and district centres exceed the total")
            table.set(name, year, [provincial, *stations[year][is_commune], *centres])
    return table


# --------------------------------------------------------------------------------------------------
# Quảng Ngãi (plan quang-ngai-2024-ct37): calibrated to the plan's "Thực hiện 2024" column


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


def quang_ngai(ref: Reference) -> dict[str, str]:
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
    return {
        "units.csv": units_csv(area.units),
        "communes.csv": communes.csv_text(),
        "staff.csv": staff.csv_text(),
        "hospitals.csv": hospitals.csv_text(),
        "province.csv": long_csv(reported_rows("51", totals, QN_REPORTED)),
        "published.csv": published_csv(ref),
    }


# --------------------------------------------------------------------------------------------------
# Tam Đường (plan tam-duong-2022): the district is the root of units.csv; no baseline in the plan


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


def tam_duong(ref: Reference) -> dict[str, str]:
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
    return {
        "units.csv": units_csv(area.units),
        "communes.csv": communes.csv_text(),
        "births_monthly.csv": monthly_csv(monthly_rows, "live_births"),
        "district.csv": long_csv(district_rows),
    }


# --------------------------------------------------------------------------------------------------
# Kon Tum (plan kon-tum-2018-nq139): 2017–2024; no baseline in the plan


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


def kon_tum(ref: Reference) -> dict[str, str]:
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
    return {
        "units.csv": units_csv(area.units),
        "communes.csv": communes.csv_text(),
        "staff.csv": staff.csv_text(),
        "hospitals.csv": hospitals.csv_text(),
        "province.csv": long_csv(reported_rows("62", figures, KT_REPORTED)),
    }


# --------------------------------------------------------------------------------------------------
# Bắc Giang (plan bac-giang-2024-ct25): 2022–2024 on the 2025 units; no baseline in the plan


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


def bac_giang(ref: Reference) -> dict[str, str]:
    area = Area.of(unit_table(ref, "24"))
    setting = Setting.grow(24, area, district_populations(bac_giang_census(ref, area), BG_GROWTH, BG_YEARS, {}))
    figures = by_year(BG_PATH, BG_YEARS)
    fixed = BacGiangCommunes.draw(setting, figures)
    communes = Table(area.reporters, BG_YEARS)
    for year, p in figures.items():
        communes.record(year, fixed.columns(setting, year, p))
    # The one deliberate gap: a commune that did not report the people under health management in 2023.
    communes.blank(area.reporters[int(setting.rng.integers(setting.size))], 2023, "people_health_managed")
    return {
        "units.csv": units_csv(area.units),
        "communes.csv": communes.csv_text(),
        "hospitals.csv": bac_giang_hospitals(area, figures).csv_text(),
        "province.csv": long_csv(reported_rows("24", figures, BG_REPORTED)),
    }


# --------------------------------------------------------------------------------------------------


def build(ref: Reference) -> dict[str, dict[str, str]]:
    """Every folder's files as text: {folder: {file name: content}}."""
    return {
        "quang-ngai": quang_ngai(ref),
        "tam-duong": tam_duong(ref),
        "kon-tum": kon_tum(ref),
        "bac-giang": bac_giang(ref),
    }


def main(out: Path | None = None, reference: Path | None = None) -> list[Path]:
    """Write every folder under `out` (default data/); return the paths written."""
    out = DATA if out is None else Path(out)
    ref = Reference.load(REFERENCE if reference is None else Path(reference))
    written = []
    for folder, files in build(ref).items():
        target = out / folder
        target.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            path = target / name
            path.write_bytes(text.encode("utf-8"))
            written.append(path)
    return written


def cli(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA, help="folder to write the data folders into (default data/)")
    parser.add_argument("--reference", type=Path, default=REFERENCE, help="real inputs (default data/reference/)")
    args = parser.parse_args(argv)
    for path in main(args.out, args.reference):
        print(f"wrote {path}")


if __name__ == "__main__":
    cli()
