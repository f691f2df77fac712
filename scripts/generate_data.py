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
"""

from __future__ import annotations

import argparse
import csv
import io
import math
from collections.abc import Iterable, Mapping, Sequence
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
    "Cục Thống kê Quảng Ngãi, Niên giám thống kê 2016, Biểu 242 "
    "'Một số chỉ tiêu về chăm sóc sức khoẻ' (tr. 351)"
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


def per(rate: float, denominator: int, multiplier: float) -> int:
    """The count that gives `rate` per `multiplier` of `denominator`, rounded."""
    return round(rate * denominator / multiplier)


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


def long_csv(rows: Iterable[tuple[str, int, str, float | int]]) -> str:
    """A long-form file `unit,year,variable,value`: counts as integers, reported values with two decimals."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["unit", "year", "variable", "value"])
    for unit, year, variable, value in sorted(rows, key=lambda r: (r[0], r[2], r[1])):
        text = str(value) if isinstance(value, int) else f"{value:.2f}"
        writer.writerow([unit, year, variable, text])
    return buffer.getvalue()


def units_csv(units: pd.DataFrame) -> str:
    buffer = io.StringIO()
    units.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------------
# Building blocks shared by the folders


def vital_events(
    rng: np.random.Generator,
    table: Table,
    year: int,
    population: np.ndarray,
    fertility: np.ndarray,
    risk: np.ndarray,
    totals: Mapping[str, int],
) -> None:
    """Births (by sex), deaths, infant, under-5 and maternal deaths per commune, summing to `totals`.

    Under-5 deaths are infant deaths plus deaths at ages 1–4, so never fewer than infant deaths anywhere.
    """
    births = apportion(totals["live_births"], noisy(rng, population * fertility, 0.06))
    table.set("live_births", year, births)
    if "live_births_male" in totals:
        male = apportion(totals["live_births_male"], noisy(rng, births, 0.04), upper=births)
        table.set("live_births_male", year, male)
        table.set("live_births_female", year, births - male)
    if "deaths" in totals:
        table.set("deaths", year, apportion(totals["deaths"], noisy(rng, population, 0.08)))
    if "infant_deaths" in totals:
        infant = apportion(totals["infant_deaths"], noisy(rng, births * risk, 0.5), upper=births)
        older = apportion(totals["under5_deaths"] - totals["infant_deaths"], noisy(rng, births * risk, 0.5))
        table.set("infant_deaths", year, infant)
        table.set("under5_deaths", year, infant + older)
    if "maternal_deaths" in totals:
        table.set("maternal_deaths", year, apportion(totals["maternal_deaths"], noisy(rng, births * risk, 0.5)))


def share_of(
    rng: np.random.Generator,
    total: int,
    base: np.ndarray,
    propensity: np.ndarray,
    sigma: float,
    ceiling: float = 1.0,
) -> np.ndarray:
    """`total` people with a property shared among communes, never more than `ceiling` of `base` in any commune
    (a whole commune insured is rare: someone's card has always lapsed)."""
    upper = np.floor(np.asarray(base) * ceiling).astype(np.int64)
    return apportion(total, noisy(rng, base * propensity, sigma), upper=upper)


def set_immunisation(rng: np.random.Generator, communes: Table, year: int, under1: np.ndarray, rate: float,
                     coverage: np.ndarray) -> None:
    """Children under 1 and those fully immunised at `rate` %, shared by each commune's coverage propensity."""
    communes.set("children_under1", year, under1)
    communes.set("children_under1_fully_immunized", year,
                 share_of(rng, per(rate, int(under1.sum()), 100), under1, coverage, 0.02))


def set_nutrition(rng: np.random.Generator, communes: Table, year: int, measured: np.ndarray, p: dict,
                  thinness: np.ndarray) -> None:
    """Children weighed, and the underweight and stunted among them at the year's rates."""
    communes.set("children_under5_measured", year, measured)
    communes.set("children_under5_underweight", year,
                 share_of(rng, per(p["underweight"], int(measured.sum()), 100), measured, thinness, 0.08))
    communes.set("children_under5_stunted", year,
                 share_of(rng, per(p["stunting"], int(measured.sum()), 100), measured, thinness, 0.08))


def hierarchy_rows(area: Area) -> list[str]:
    """The root and the districts, in units.csv order: rows of the facility files."""
    levels = area.units.set_index("code")["level"]
    return [code for code in area.units["code"] if levels[code] != "commune"]


def staff_table(
    rng: np.random.Generator,
    area: Area,
    by_district: Mapping[int, Mapping[str, int]],
    totals: Mapping[int, Mapping[str, float]],
    station_staff: Mapping[str, Mapping[int, np.ndarray]],
    centre_per_10k: Mapping[str, float],
) -> Table:
    """Health workers where they work: commune stations, district health centres, and the provincial
    hospitals attached to the root unit itself, which takes what the year's total leaves."""
    years = sorted(by_district)
    above = hierarchy_rows(area)
    is_commune = area.is_commune
    table = Table([above[0], *np.array(area.reporters)[is_commune], *above[1:]], years)
    factor = {name: rng.lognormal(0.0, 0.2, len(area.districts)) for name in station_staff}
    latest = years[-1]
    for year in years:
        district_pop = np.array([by_district[year][d] for d in area.districts])
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
# Province paths for 2022 and 2023 (rates; per 10,000, ‰, % as in the plan), moving toward 2024.
QN_PATH = {
    2022: dict(doctors=7.52, pharmacists=2.05, nurses=14.4, beds=30.9, cbr=14.6, nir=9.0, srb=111.4, imr=2.6,
               u5mr=3.3, maternal=1, immunised=92.3, underweight=12.4, insured=92.6, criteria=161, no_doctor=2,
               no_worker=5, waste=90.0, life=74.2, hiv=0.07),
    2023: dict(doctors=7.81, pharmacists=2.18, nurses=14.8, beds=31.4, nir=8.6, srb=111.0, imr=2.3,
               u5mr=2.9, maternal=1, immunised=90.8, underweight=11.9, insured=93.4, criteria=163, no_doctor=1,
               no_worker=2, waste=93.0, life=74.3, hiv=0.06),
}


def quang_ngai_totals(population: Mapping[int, int], communes: int) -> dict[int, dict[str, int | float]]:
    """Province totals per year. 2024 from the plan's column; README shows the arithmetic."""
    p24 = population[2024]
    births24 = 17_400
    totals: dict[int, dict[str, int | float]] = {
        2024: dict(
            population=p24,
            live_births=births24,  # CBR 13.94‰
            deaths=births24 - 10_490,  # natural increase 10,490 / 1,248,643 = 8.40‰
            live_births_male=9_142,  # 9,142 / 8,258 = 110.70 boys per 100 girls
            infant_deaths=36,  # 36 / 17,400 = 2.07‰
            under5_deaths=44,  # 2.53‰: the plan's 1.4‰ is below its infant rate, impossible
            maternal_deaths=0,  # "00"
            children_under1=17_650,
            children_under1_fully_immunized=per(89.9, 17_650, 100),
            children_under5_measured=77_400,
            children_under5_underweight=per(11.5, 77_400, 100),
            insured_population=per(94.15, p24, 100),
            communes_meeting_national_criteria=165,  # 165 / 170 = 97.06%
            no_doctor=0,
            no_worker=0,
            doctors=per(8.0, p24, 10_000),
            pharmacists=per(2.3, p24, 10_000),
            nurses=per(15.2, p24, 10_000),
            hospital_beds=per(31.80, p24, 10_000),
            waste=95.0,
            life=74.5,
            hiv=0.06,
        )
    }
    # 2023 births: the smallest count whose crude birth rate is not below 2024's, so the fall rounds to 0.0.
    births23 = math.ceil(births24 * population[2023] / p24)
    for year, path in QN_PATH.items():
        pop = population[year]
        births = births23 if year == 2023 else per(path["cbr"], pop, 1000)
        infant = per(path["imr"], births, 1000)
        under1 = round(births * 1.014)
        measured = round(pop * 0.062)
        totals[year] = dict(
            population=pop,
            live_births=births,
            deaths=births - per(path["nir"], pop, 1000),
            live_births_male=round(births * path["srb"] / (100 + path["srb"])),
            infant_deaths=infant,
            under5_deaths=max(per(path["u5mr"], births, 1000), infant),
            maternal_deaths=int(path["maternal"]),
            children_under1=under1,
            children_under1_fully_immunized=per(path["immunised"], under1, 100),
            children_under5_measured=measured,
            children_under5_underweight=per(path["underweight"], measured, 100),
            insured_population=per(path["insured"], pop, 100),
            communes_meeting_national_criteria=int(path["criteria"]),
            no_doctor=int(path["no_doctor"]),
            no_worker=int(path["no_worker"]),
            doctors=per(path["doctors"], pop, 10_000),
            pharmacists=per(path["pharmacists"], pop, 10_000),
            nurses=per(path["nurses"], pop, 10_000),
            hospital_beds=per(path["beds"], pop, 10_000),
            waste=path["waste"],
            life=path["life"],
            hiv=path["hiv"],
        )
    check_quang_ngai_2024(totals, population, communes)
    return totals


def check_quang_ngai_2024(
    totals: Mapping[int, Mapping[str, float]], population: Mapping[int, int], communes: int
) -> None:
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


def quang_ngai(ref: Reference) -> dict[str, str]:
    rng = np.random.default_rng([SEED, 51])
    units = unit_table(ref, "51")
    area = Area.of(units)
    census = {d: ref.census[d] for d in area.districts}
    census["525"] += ref.census["526"]  # Tây Trà merged into Trà Bồng in 2020
    growth = {d: 0.009 if d in QN_MOUNTAIN else 0.0 for d in area.districts}
    growth["522"] = 0.006
    # Province totals on the straight line from the census (1 April 2019) to the plan's 2024 figure (mid-2024).
    census_total = sum(census.values())
    province = {
        y: round(census_total + (QN_POPULATION_2024 - census_total) * (y + 0.5 - CENSUS_TIME) / (2024.5 - CENSUS_TIME))
        for y in QN_YEARS
    }
    by_district = district_populations(census, growth, QN_YEARS, province)
    population = commune_populations(rng, area, by_district)
    is_commune = area.is_commune
    n_communes = int(is_commune.sum())
    totals = quang_ngai_totals(province, n_communes)

    mountain = area.in_districts(QN_MOUNTAIN)
    size = len(area.reporters)
    fertility = np.where(mountain, 1.3, 1.0) * rng.lognormal(0.0, 0.12, size)
    risk = np.where(mountain, 2.0, 1.0)
    coverage = np.where(mountain, 0.86, 0.93) * rng.uniform(0.97, 1.03, size)
    thinness = np.where(mountain, 1.7, 1.0) * rng.lognormal(0.0, 0.25, size)
    insured_propensity = np.where(mountain, 1.05, 1.0)  # free cards for ethnic-minority communes
    villages = np.where(is_commune, rng.integers(4, 13, len(area.reporters)), 0)
    villages[~is_commune] = 6  # Lý Sơn's thôn, reported by the district itself
    stations = is_commune.astype(np.int64)  # Lý Sơn has no commune and no commune health station
    criteria = staged(rng, n_communes, {y: int(totals[y]["communes_meeting_national_criteria"]) for y in QN_YEARS})
    no_doctor = staged(rng, n_communes, {y: int(totals[y]["no_doctor"]) for y in QN_YEARS})
    mountain_communes = np.flatnonzero(mountain & is_commune)
    no_worker = staged(rng, len(mountain_communes), {y: int(totals[y]["no_worker"]) for y in QN_YEARS})
    second_doctor = rng.random(len(area.reporters)) < 0.2
    station_nurses = rng.integers(1, 4, len(area.reporters))

    communes = Table(area.reporters, QN_YEARS)
    for year in QN_YEARS:
        t = totals[year]
        pop = population[year]
        communes.set("population", year, pop)
        vital_events(rng, communes, year, pop, fertility, risk, t)
        under1 = apportion(t["children_under1"], noisy(rng, communes.get("live_births", year), 0.03))
        communes.set("children_under1", year, under1)
        communes.set("children_under1_fully_immunized", year,
                     share_of(rng, t["children_under1_fully_immunized"], under1, coverage, 0.02))
        measured = apportion(t["children_under5_measured"], noisy(rng, pop * fertility, 0.03))
        communes.set("children_under5_measured", year, measured)
        communes.set("children_under5_underweight", year,
                     share_of(rng, t["children_under5_underweight"], measured, thinness, 0.08))
        communes.set("insured_population", year,
                     share_of(rng, t["insured_population"], pop, insured_propensity, 0.01, ceiling=0.995))
        lacking = np.zeros(len(area.reporters), dtype=np.int64)
        lacking[mountain_communes[no_worker[year]]] = 1
        communes.set("villages", year, villages)
        communes.set("villages_with_health_worker", year, villages - lacking)
        communes.set("communes", year, is_commune)
        meeting = np.zeros(len(area.reporters), dtype=np.int64)
        meeting[np.flatnonzero(is_commune)[criteria[year]]] = 1
        communes.set("communes_meeting_national_criteria", year, meeting)
        with_doctor = stations.copy()
        with_doctor[np.flatnonzero(is_commune)[no_doctor[year]]] = 0
        communes.set("health_stations", year, stations)
        communes.set("health_stations_with_doctor", year, with_doctor)
    # The one deliberate gap: a commune that did not report its insured population in 2023.
    gap_unit = area.reporters[int(rng.choice(np.flatnonzero(area.in_districts(["535"]))))]
    communes.blank(gap_unit, 2023, "insured_population")

    # Staff: commune stations, district health centres (Lý Sơn's includes its island health staff), and the
    # provincial hospitals on the province unit itself.
    station_staff = {
        "doctors": {y: communes.get("health_stations_with_doctor", y) * (1 + second_doctor) for y in QN_YEARS},
        "pharmacists": {y: np.zeros(size, dtype=np.int64) for y in QN_YEARS},
        "nurses": {y: stations * station_nurses for y in QN_YEARS},
    }
    staff = staff_table(rng, area, by_district, totals, station_staff, {"doctors": 2.6, "pharmacists": 0.6,
                                                                          "nurses": 5.0})
    hospitals = Table(hierarchy_rows(area), QN_YEARS)
    bed_factor = rng.lognormal(0.0, 0.25, len(area.districts))
    waste_factor = np.r_[0.40, np.full(len(area.districts), 0.30)] * rng.lognormal(0.0, 0.15, len(area.districts) + 1)
    for year in QN_YEARS:
        t = totals[year]
        district_pop = np.array([by_district[year][d] for d in area.districts])
        scale = 1 + 0.03 * (year - 2024)
        beds = np.maximum(np.round(district_pop * 11.5 / 1e4 * bed_factor * scale), 40).astype(np.int64)
        provincial_beds = int(t["hospital_beds"]) - int(beds.sum())
        hospital_beds = np.array([provincial_beds, *beds])
        hospitals.set("hospital_beds", year, hospital_beds)
        generated = np.round(noisy(rng, hospital_beds * 365 * waste_factor, 0.03))
        generated = generated.astype(np.int64)
        generated[0] -= int(generated.sum()) % 20  # the total is a multiple of 20, so 95% of it is whole
        treated_total = round(float(t["waste"]) / 100 * int(generated.sum()))
        hospitals.set("medical_waste_generated_kg", year, generated)
        hospitals.set("medical_waste_treated_kg", year,
                      share_of(rng, treated_total, generated, np.ones(len(generated)), 0.02))
    reported = [("51", y, "life_expectancy", float(totals[y]["life"])) for y in QN_YEARS]
    reported += [("51", y, "hiv_prevalence_pct", float(totals[y]["hiv"])) for y in QN_YEARS]
    return {
        "units.csv": units_csv(units),
        "communes.csv": communes.csv_text(),
        "staff.csv": staff.csv_text(),
        "hospitals.csv": hospitals.csv_text(),
        "province.csv": long_csv(reported),
        "published.csv": published_csv(ref),
    }


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
# Tam Đường (plan tam-duong-2022): the district is the root of units.csv; no baseline in the plan


TD_YEARS = [2021, 2022, 2023, 2024]
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


def path_of(path: Mapping[str, Sequence[float]], years: Sequence[int], year: int) -> dict[str, float]:
    return {name: values[years.index(year)] for name, values in path.items()}


def tam_duong(ref: Reference) -> dict[str, str]:
    rng = np.random.default_rng([SEED, 106])
    units = unit_table(ref, "12", district="106")
    area = Area.of(units)
    by_district = district_populations({"106": ref.census["106"]}, {"106": 0.019}, TD_YEARS, {})
    population = commune_populations(rng, area, by_district)
    size = len(area.reporters)
    fertility = rng.lognormal(0.0, 0.12, size)
    thinness = rng.lognormal(0.0, 0.25, size)
    coverage = rng.uniform(0.95, 1.05, size)
    managed_propensity = rng.uniform(0.9, 1.1, size)
    station_staff = rng.integers(5, 9, size)
    flags = {variable: staged(rng, size, {y: int(TD_PATH[key][i]) for i, y in enumerate(TD_YEARS)})
             for variable, key in TD_STATION_FLAGS.items()}
    criteria = staged(rng, size, {y: int(TD_PATH["criteria"][i]) for i, y in enumerate(TD_YEARS)})

    communes = Table(area.reporters, TD_YEARS)
    monthly_rows = []
    district_rows: list[tuple[str, int, str, float | int]] = []
    for year in TD_YEARS:
        p = path_of(TD_PATH, TD_YEARS, year)
        pop = population[year]
        total = int(pop.sum())
        communes.set("population", year, pop)
        births = apportion(per(p["cbr"], total, 1000), noisy(rng, pop * fertility, 0.06))
        for index, unit in enumerate(area.reporters):
            for month, count in enumerate(rng.multinomial(births[index], np.full(12, 1 / 12)), start=1):
                monthly_rows.append((unit, year, month, int(count)))
        under1 = apportion(round(births.sum() * 1.01), noisy(rng, births, 0.03))
        set_immunisation(rng, communes, year, under1, p["immunised"], coverage)
        measured = apportion(round(total * 0.085), noisy(rng, pop * fertility, 0.03))
        set_nutrition(rng, communes, year, measured, p, thinness)
        managed = share_of(rng, per(p["managed"], total, 100), pop, managed_propensity, 0.02)
        communes.set("people_health_managed", year, managed)
        communes.set("people_with_ehr", year, share_of(rng, per(p["ehr"], total, 100), managed, np.ones(size), 0.15))
        communes.set("communes", year, np.ones(size))
        communes.set("communes_meeting_national_criteria", year, criteria[year])
        communes.set("health_stations", year, np.ones(size))
        for variable in TD_STATION_FLAGS:
            communes.set(variable, year, flags[variable][year])
        # Staff: the stations' and the district health centre's (the centre on the district unit itself).
        centre = 150 + 4 * (year - TD_YEARS[0])
        everyone = int(station_staff.sum()) + centre
        university = apportion(per(p["staff_university"], everyone, 100),
                               np.r_[centre * 0.33, station_staff * 0.2], upper=np.r_[centre, station_staff])
        communes.set("staff_total", year, station_staff)
        communes.set("staff_university", year, university[1:])
        district_rows += [("106", year, "staff_total", centre), ("106", year, "staff_university", int(university[0]))]
        district_rows += [
            ("106", year, "technical_services_district_pct", float(p["technical_district"])),
            ("106", year, "technical_services_commune_pct", float(p["technical_commune"])),
            ("106", year, "hiv_prevalence_pct", float(p["hiv"])),
        ]
    # The one deliberate gap: a commune that did not report its electronic health records in 2022.
    communes.blank(area.reporters[int(rng.integers(size))], 2022, "people_with_ehr")
    return {
        "units.csv": units_csv(units),
        "communes.csv": communes.csv_text(),
        "births_monthly.csv": monthly_csv(monthly_rows, "live_births"),
        "district.csv": long_csv(district_rows),
    }


def monthly_csv(rows: Iterable[tuple[str, int, int, int]], variable: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["unit", "year", "month", variable])
    writer.writerows(rows)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------------
# Kon Tum (plan kon-tum-2018-nq139): 2017–2024; no baseline in the plan


KT_YEARS = list(range(2017, 2025))
KT_REMOTE = ("610", "613", "614", "617", "618")
KT_GROWTH = {"608": 0.023, "618": 0.04}
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


def kon_tum(ref: Reference) -> dict[str, str]:
    rng = np.random.default_rng([SEED, 62])
    units = unit_table(ref, "62")
    area = Area.of(units)
    census = {d: ref.census[d] for d in area.districts}
    growth = {d: KT_GROWTH.get(d, 0.019) for d in area.districts}
    by_district = district_populations(census, growth, KT_YEARS, {})
    population = commune_populations(rng, area, by_district)
    size = len(area.reporters)
    remote = area.in_districts(KT_REMOTE)
    fertility = np.where(remote, 1.2, 1.0) * rng.lognormal(0.0, 0.12, size)
    risk = np.where(remote, 1.6, 1.0)
    coverage = np.where(remote, 0.93, 1.0) * rng.uniform(0.97, 1.03, size)
    thinness = np.where(remote, 1.4, 1.0) * rng.lognormal(0.0, 0.2, size)
    insured_propensity = np.where(remote, 1.0, 0.95)
    managed_propensity = rng.uniform(0.8, 1.2, size)
    ncd = staged(rng, size, {y: KT_PATH["ncd"][i] for i, y in enumerate(KT_YEARS)})
    second_doctor = rng.random(size) < 0.15
    no_doctor = rng.random(size) < 0.25  # stations of remote communes still waiting for a doctor
    station_nurses = rng.integers(1, 3, size)

    communes = Table(area.reporters, KT_YEARS)
    totals: dict[int, dict[str, float]] = {}
    for year in KT_YEARS:
        p = path_of(KT_PATH, KT_YEARS, year)
        pop = population[year]
        total = int(pop.sum())
        births = per(p["cbr"], total, 1000)
        infant = per(p["imr"], births, 1000)
        communes.set("population", year, pop)
        vital_events(rng, communes, year, pop, fertility, risk, {
            "live_births": births, "infant_deaths": infant, "under5_deaths": per(p["u5mr"], births, 1000)})
        under1 = apportion(round(births * 1.02), noisy(rng, communes.get("live_births", year), 0.03))
        set_immunisation(rng, communes, year, under1, p["immunised"], coverage)
        measured = apportion(round(total * 0.08), noisy(rng, pop * fertility, 0.03))
        set_nutrition(rng, communes, year, measured, p, thinness)
        communes.set("insured_population", year,
                     share_of(rng, per(p["insured"], total, 100), pop, insured_propensity, 0.01, ceiling=0.995))
        communes.set("people_health_managed", year,
                     share_of(rng, per(p["managed"], total, 100), pop, managed_propensity, 0.03))
        communes.set("health_stations", year, np.ones(size))
        communes.set("health_stations_ncd_management", year, ncd[year])
        totals[year] = {name: per(p[name], total, 10_000) for name in ("doctors", "pharmacists", "nurses", "beds")}
    # The one deliberate gap: a commune that did not report its stunted children in 2020.
    communes.blank(area.reporters[int(rng.choice(np.flatnonzero(remote)))], 2020, "children_under5_stunted")

    doctors = {y: np.where(no_doctor & (y < 2021), 0, 1 + second_doctor).astype(np.int64) for y in KT_YEARS}
    station_staff = {
        "doctors": doctors,
        "pharmacists": {y: np.zeros(size, dtype=np.int64) for y in KT_YEARS},
        "nurses": {y: station_nurses for y in KT_YEARS},
    }
    staff = staff_table(rng, area, by_district, totals, station_staff,
                        {"doctors": 3.0, "pharmacists": 0.4, "nurses": 7.0})

    hospitals = Table(hierarchy_rows(area), KT_YEARS)
    ndistricts = len(area.districts)
    bed_factor = rng.lognormal(0.0, 0.2, ndistricts)
    pharma_factor = rng.lognormal(0.0, 0.3, ndistricts + 1)
    polyclinic_districts = staged(rng, ndistricts, {y: KT_PATH["polyclinics"][i] for i, y in enumerate(KT_YEARS)})
    province_rows: list[tuple[str, int, str, float | int]] = []
    for year in KT_YEARS:
        p = path_of(KT_PATH, KT_YEARS, year)
        district_pop = np.array([by_district[year][d] for d in area.districts])
        beds = np.round(district_pop * 14.0 / 1e4 * bed_factor).astype(np.int64)
        provincial = int(totals[year]["beds"]) - int(beds.sum())
        private = per(p["private_beds"], int(totals[year]["beds"]), 100)
        if provincial < private + p["general_hospital_beds"]:
            raise ValueError(f"Kon Tum {year}: provincial beds {provincial} below the hospitals they include")
        hospitals.set("hospital_beds", year, [provincial, *beds])
        hospitals.set("private_hospital_beds", year, [private, *np.zeros(ndistricts, dtype=np.int64)])
        facilities = apportion(int(p["pharma"]), pharma_factor * np.r_[0.3, district_pop / district_pop.sum()])
        certified = apportion(int(p["pharma"] - p["pharma_not_gxp"]), noisy(rng, facilities, 0.05), upper=facilities)
        hospitals.set("pharma_facilities", year, facilities)
        hospitals.set("pharma_facilities_gxp", year, certified)
        hospitals.set("regional_polyclinics", year, [0, *polyclinic_districts[year].astype(np.int64)])
        province_rows += [
            ("62", year, "life_expectancy", float(p["life"])),
            ("62", year, "technical_services_pct", float(p["technical"])),
            ("62", year, "patient_satisfaction_pct", float(p["satisfaction"])),
            ("62", year, "epi_vaccine_types", int(p["vaccines"])),
            ("62", year, "provincial_general_hospital_beds", int(p["general_hospital_beds"])),
            ("62", year, "medicinal_seed_facilities_new", int(p["seed_facilities"])),
        ]
    return {
        "units.csv": units_csv(units),
        "communes.csv": communes.csv_text(),
        "staff.csv": staff.csv_text(),
        "hospitals.csv": hospitals.csv_text(),
        "province.csv": long_csv(province_rows),
    }


# --------------------------------------------------------------------------------------------------
# Bắc Giang (plan bac-giang-2024-ct25): 2022–2024 on the 2025 units; no baseline in the plan


BG_YEARS = [2022, 2023, 2024]
BG_GROWTH = {"213": 0.022, "222": 0.025, "223": 0.015, "216": 0.010, "217": 0.012, "218": 0.009, "219": 0.010,
             "220": 0.009, "215": 0.008, "224": 0.010}
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
    "213": [210, 220, 230], "215": [80, 80, 100], "216": [90, 90, 90], "217": [140, 150, 150],
    "218": [120, 120, 150], "219": [0, 0, 0], "220": [80, 90, 90], "222": [120, 130, 140],
    "223": [130, 130, 130], "224": [220, 230, 230],
}
BG_CENTRES = {"213": 2, "219": 0}  # district-level health units per district when not 1


def bac_giang(ref: Reference) -> dict[str, str]:
    rng = np.random.default_rng([SEED, 24])
    units = unit_table(ref, "24")
    area = Area.of(units)
    census = {d: ref.census[d] for d in area.districts if d in ref.census}
    census["213"] += ref.census["221"]  # Yên Dũng merged into TP Bắc Giang on 01/01/2025
    # Thị xã Chũ (224) split from Lục Ngạn (219) on 01/01/2025: the census count shared by number of communes.
    counts = [int((area.district_of == d).sum()) for d in ("219", "224")]
    census["219"], census["224"] = apportion(ref.census["219"], counts).tolist()
    census = {d: census[d] for d in area.districts}
    by_district = district_populations(census, BG_GROWTH, BG_YEARS, {})
    population = commune_populations(rng, area, by_district)
    size = len(area.reporters)
    former = np.ones(size, dtype=np.int64)
    former[rng.choice(size, BG_MERGED, replace=False)] = 2  # communes formed by merging two in 2024–2025
    slots = np.repeat(np.arange(size), former)  # one slot per former commune and its health station
    mountain = area.in_districts(BG_MOUNTAIN)
    villages = rng.integers(6, 17, size) * former
    propensity = {name: rng.uniform(low, high, size) for name, low, high in
                  (("insured", 0.97, 1.03), ("managed", 0.92, 1.08), ("ehr", 0.85, 1.15))}

    def by_slot(counts: Sequence[int]) -> dict[int, np.ndarray]:
        masks = staged(rng, len(slots), {y: counts[i] for i, y in enumerate(BG_YEARS)})
        return {y: np.bincount(slots[mask], minlength=size) for y, mask in masks.items()}

    no_doctor = by_slot(BG_PATH["no_doctor"])
    meeting = by_slot(BG_PATH["criteria"])
    mountain_index = np.flatnonzero(mountain)
    adb = staged(rng, len(mountain_index), {y: BG_PATH["adb"][i] for i, y in enumerate(BG_YEARS)})
    lowland_index = np.flatnonzero(~mountain)
    recovery = staged(rng, len(lowland_index), {y: BG_PATH["recovery"][i] for i, y in enumerate(BG_YEARS)})
    worker_gaps = staged(rng, len(mountain_index), {y: BG_PATH["no_worker"][i] for i, y in enumerate(BG_YEARS)})

    communes = Table(area.reporters, BG_YEARS)
    hospitals = Table(hierarchy_rows(area), BG_YEARS)
    province_rows: list[tuple[str, int, str, float | int]] = []
    for index, year in enumerate(BG_YEARS):
        p = path_of(BG_PATH, BG_YEARS, year)
        pop = population[year]
        total = int(pop.sum())
        communes.set("population", year, pop)
        communes.set("insured_population", year,
                     share_of(rng, per(p["insured"], total, 100), pop, propensity["insured"], 0.01, ceiling=0.995))
        managed = share_of(rng, per(p["managed"], total, 100), pop, propensity["managed"], 0.02)
        communes.set("people_health_managed", year, managed)
        communes.set("people_with_ehr", year,
                     share_of(rng, per(p["ehr"], total, 100), managed, propensity["ehr"], 0.1))
        lacking = np.zeros(size, dtype=np.int64)
        lacking[mountain_index[worker_gaps[year]]] = 1
        communes.set("villages", year, villages)
        communes.set("villages_with_health_worker", year, villages - lacking)
        communes.set("communes", year, former)
        communes.set("communes_meeting_national_criteria", year, meeting[year])
        communes.set("health_stations", year, former)
        communes.set("health_stations_with_doctor", year, former - no_doctor[year])
        built = np.zeros(size, dtype=np.int64)
        built[mountain_index[adb[year]]] = 1
        communes.set("health_stations_built_adb", year, built)
        upgraded = np.zeros(size, dtype=np.int64)
        upgraded[lowland_index[recovery[year]]] = 1
        communes.set("health_stations_upgraded_recovery", year, upgraded)
        centre_beds = [BG_CENTRE_BEDS[d][index] for d in area.districts]
        hospitals.set("hospital_beds", year, [int(p["provincial_beds"]), *centre_beds])
        # The province's own unit: the provincial industrial-zone health centre.
        hospitals.set("district_level_health_units", year, [1, *(BG_CENTRES.get(d, 1) for d in area.districts)])
        province_rows.append(("24", year, "primary_care_bhyt_paid_pct", float(p["primary_care_paid"])))
    # The one deliberate gap: a commune that did not report the people under health management in 2023.
    communes.blank(area.reporters[int(rng.integers(size))], 2023, "people_health_managed")
    return {
        "units.csv": units_csv(units),
        "communes.csv": communes.csv_text(),
        "hospitals.csv": hospitals.csv_text(),
        "province.csv": long_csv(province_rows),
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
