"""What the HTML report is drawn from: one plan judged on one data folder, with the history behind it.

`ytcs.pipeline.report_plan` gathers it through the library; `ytcs.report.html` renders it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ytcs.diagnostics import Finding
from ytcs.plans.models import Indicator, Plan, Variable


@dataclass
class PlanReport:
    """A plan, its targets judged for its area and the units below, and what the judgement rests on."""

    plan: Plan
    indicators: dict[str, Indicator]
    variables: dict[str, Variable]
    units: pd.DataFrame  # code, name, level, parent (units.csv)
    rows: pd.DataFrame  # every target for the area and the units below it: the gap rows, most severe first
    results: pd.DataFrame  # computed values of those units, every year, with intervals, completeness and flags
    published: pd.DataFrame  # published history (unit, year, indicator, value, source)
    findings: list[Finding]
    year: int | None  # the data year judged
    confidence: float = 0.95
    data_folder: str = ""
    year_note: tuple[str, str] | None = None  # why a later year of the data is not the one shown (vi, en)
    map_note: tuple[str, str] | None = None  # the map of units judged on, and what was carried onto it (vi, en)
    indicator_order: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.indicator_order:
            self.indicator_order = list(dict.fromkeys(target.indicator for target in self.plan.targets))
