"""The real inputs (units, census) and each folder's seeded stream and populations, which every draw uses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .allocation import apportion

SEED = 20241017
CENSUS_TIME = 2019.25  # the census counted the population on 1 April 2019


@dataclass(frozen=True)
class Reference:
    """The real inputs: old units (the seeds' four provinces and old Bắc Ninh), the 2019 census by district, the
    Quảng Ngãi yearbook, and the 1 July 2025 map (new units, crosswalk) made by scripts/make_reference.py."""

    units: pd.DataFrame
    census: dict[str, int]
    health: pd.DataFrame
    new_units: pd.DataFrame
    crosswalk: pd.DataFrame

    @classmethod
    def load(cls, folder: Path) -> Reference:
        def text(name: str) -> pd.DataFrame:
            return pd.read_csv(folder / name, dtype=str, keep_default_na=False)

        units = pd.concat([text("units.csv"), text("units_bac_ninh.csv")], ignore_index=True)
        population = pd.concat([text("population.csv"), text("population_bac_ninh.csv")], ignore_index=True)
        census = dict(zip(population["unit_code"], population["population"].astype(int), strict=True))
        return cls(units, census, text("health_indicators.csv"), text("units_2025.csv"), text("crosswalk_2025.csv"))


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
