"""Which year to show by default: the latest in which the plan's own area has the inputs for most targets.

The latest year in the data is often a year just begun (January to March of births and deaths, no
population yet): showing it would judge most targets "no data" although last year is complete. The rule
(README, "Default year"): the latest year in which the plan's area — its jurisdiction and every unit
under it; a scoped target's own unit and those under it — has every input variable of more than half of
the plan's quantified targets. A value taken as reported (life expectancy) counts only where reported for
that unit itself, since such values are never summed; a fall from last year needs last year's inputs too.
A bit test per variable on the small units × years array of `ytcs.data.reported`, whatever the counts' size.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ytcs.data.reported import reported
from ytcs.plans.models import Indicator, Plan

if TYPE_CHECKING:
    from ytcs.data.folder import DataSet

Input = tuple[str, int, bool]  # variable, years back (1 for last year's), whether taken as reported


@dataclass(frozen=True)
class YearChoice:
    """The data year shown, and why: per year in the data, how many targets the plan's area has inputs for."""

    year: int | None  # the year shown (None: no counts at all)
    latest: int | None  # the latest year in the data
    targets: int  # the plan's quantified targets
    with_inputs: dict[int, int] = field(default_factory=dict)
    asked: bool = False  # given with --year: nothing to explain

    def note(self) -> tuple[str, str] | None:
        """Why a later year is not shown, in Vietnamese and English; None when the latest year is."""
        if self.asked or self.year is None or self.latest is None or self.year == self.latest:
            return None
        latest, year, count = self.latest, self.year, self.with_inputs.get(self.latest, 0)
        return (
            f"Năm {latest} mới có số liệu cho {count}/{self.targets} chỉ tiêu; hiển thị năm {year} — dùng "
            f"--year {latest} để xem năm {latest}",
            f"{latest} has data for {count} of {self.targets} targets; showing {year} — use --year {latest}",
        )

    def text(self) -> str:
        """The note as the terminal shows it: Vietnamese, then English; empty when there is nothing to say."""
        note = self.note()
        return "\n".join(note) if note else ""


def target_inputs(indicator: Indicator, indicators: Mapping[str, Indicator], back: int = 0) -> list[Input]:
    """The variables an indicator is computed from, with how many years back each is needed."""
    if indicator.decline_of:
        base = indicators[indicator.decline_of]
        return target_inputs(base, indicators, back) + target_inputs(base, indicators, back + 1)
    reported = indicator.formula_kind == "reported"
    return [(name, back, reported) for name in indicator.variables()]


def _years_given(data: DataSet, code: str, inputs: set[Input]) -> dict[Input, set[int]]:
    """For each input: the years in which the area of `code` (the unit and every unit under it) gives it, or
    the unit itself for a reported value; units units.csv does not list are no part of any area."""
    hierarchy = data.hierarchy
    found = reported(data.counts, hierarchy)
    area, itself = hierarchy.under(code), np.asarray(hierarchy.codes == code, dtype=bool)
    given: dict[Input, set[int]] = {}
    for name, back, taken_as_reported in inputs:
        if name not in found.names:
            given[(name, back, taken_as_reported)] = set()
            continue
        in_years = found.given(name)[:, itself if taken_as_reported else area].any(axis=1)
        given[(name, back, taken_as_reported)] = {int(year) + back for year in found.years[in_years]}
    return given


def choose_year(data: DataSet, plan: Plan, indicators: Mapping[str, Indicator], asked: int | None = None) -> YearChoice:
    """The year to show (`asked` when given) and, per year of the data, how many targets have their inputs."""
    years = [int(year) for year in reported(data.counts, data.hierarchy).years]  # ascending
    latest = years[-1] if years else None
    needs = [
        (target.scope or plan.jurisdiction.code, target_inputs(indicators[target.indicator], indicators))
        for target in plan.targets
        if target.indicator in indicators
    ]
    given = {
        code: _years_given(data, code, {need for unit, inputs in needs if unit == code for need in inputs})
        for code in dict.fromkeys(code for code, _ in needs)
    }
    with_inputs = dict.fromkeys(years, 0)
    for code, inputs in needs:
        for year in set(years).intersection(*(given[code][need] for need in inputs)) if inputs else ():
            with_inputs[year] += 1
    most = [year for year in years if 2 * with_inputs[year] > len(needs)]
    chosen = asked if asked is not None else (most[-1] if most else latest)
    return YearChoice(chosen, latest, len(needs), with_inputs, asked is not None)
