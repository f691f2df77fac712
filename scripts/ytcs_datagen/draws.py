"""The draws several folders share: traits, vital events, child health, staff. Each consumes the folder's
random stream, so their internal order is part of the output."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .allocation import Figures, apportion, noisy, per
from .reference import Setting, hierarchy_rows
from .tables import MonthlyRow, Table

Columns = dict[str, np.ndarray]  # one year's values of several variables, in the file's column order
StationStaff = dict[str, dict[int, np.ndarray]]  # staff kind -> year -> count at each reporter's station


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
