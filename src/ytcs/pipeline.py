"""The stages joined for one plan and one data folder: read → check → aggregate → compute.

This is the library entry point behind `ytcs compute` (and `ytcs gap`), usable from Python:

    plan_set, plan = load_plan_ref("quang-ngai-2024-ct37")
    result = compute_plan(plan_set, plan, Path("data/quang-ngai"))
    result.results  # a DataFrame, one row per unit, year and indicator
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ytcs.data.checks import check_data, with_unit_names
from ytcs.data.coverage import YearChoice, choose_year
from ytcs.data.folder import DataSet, read_data_folder
from ytcs.data.hierarchy import LEVEL_RANK, Hierarchy
from ytcs.data.maps import map_note, plan_map_day
from ytcs.data.number_formats import FormatOption, NumberFormats
from ytcs.data.unit_names import UnitLookup, did_you_mean_unit
from ytcs.diagnostics import Finding, UsageError, display_path, quote
from ytcs.engine.compute import ComputeOptions, Prepared, compute_prepared, missing_inputs, prepare
from ytcs.plans.load import PlanSet
from ytcs.plans.models import Indicator, Plan, Variable
from ytcs.vocab import Status

if TYPE_CHECKING:  # imported by `report_plan` only: compute and gap never need it
    from ytcs.report.document import PlanReport

# `--number-format`: one rule for every file, or file by file (`communes.csv=vi`).
NumberFormat = FormatOption | NumberFormats
# Told the id of each stage as it starts ("read", "check", "compute", "judge"), e.g. to show progress.
StageCallback = Callable[[str], None]


def _no_stage(_: str) -> None:
    """The default: nobody is told."""


@dataclass
class ComputeResult:
    plan: Plan
    indicators: dict[str, Indicator]
    variables: dict[str, Variable]
    data: DataSet
    results: pd.DataFrame
    findings: list[Finding]
    prepared: Prepared
    year_choice: YearChoice = field(default_factory=lambda: YearChoice(None, None, 0))

    def map_note(self) -> tuple[str, str] | None:
        """Which map of units the results are on and what was carried onto it (None without unit versions)."""
        return map_note(self.data, self.plan.jurisdiction.code)

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.results["year"].unique())

    @property
    def shown_year(self) -> int | None:
        """The year shown by default: the latest in which the plan's area has the inputs for most targets
        (`ytcs.data.coverage`), else the latest computed."""
        years = self.years
        chosen = self.year_choice.year
        return chosen if chosen in years else (years[-1] if years else None)

    @property
    def decimals(self) -> dict[str, int]:
        """How many decimals each indicator is shown with."""
        return {indicator.id: indicator.decimals for indicator in self.indicators.values()}

    def names(self, lang: str = "vi") -> dict[str, str]:
        """Each indicator's name in `lang` ('vi' or 'en')."""
        return {i.id: i.name_en if lang == "en" else i.name_vi for i in self.indicators.values()}


def plan_indicators(plan_set: PlanSet, plan: Plan) -> dict[str, Indicator]:
    """The indicators a plan's targets use, in order of first use, plus what their formulas need."""
    known = plan_set.indicators(plan)
    chosen: dict[str, Indicator] = {}

    def add(indicator_id: str) -> None:
        indicator = known[indicator_id]
        if indicator.decline_of:
            add(indicator.decline_of)
        chosen.setdefault(indicator_id, indicator)

    for target in plan.targets:
        add(target.indicator)
    for indicator in plan.indicators:
        add(indicator.id)
    return chosen


def needed_variables(indicators: Iterable[Indicator]) -> list[str]:
    names: list[str] = []
    for indicator in indicators:
        names += indicator.variables()
    return list(dict.fromkeys(names))


def compute_plan(
    plan_set: PlanSet,
    plan: Plan,
    data_folder: Path,
    *,
    number_format: NumberFormat = "auto",
    options: ComputeOptions | None = None,
    on_stage: StageCallback = _no_stage,
    year: int | None = None,
    whole_history: bool = True,
) -> ComputeResult:
    """Read the folder, run the data checks, and compute every indicator of the plan: for all years, or
    (`whole_history=False`) only for `year` (default: the latest year in which the plan's area has the inputs
    for most of its targets, `ytcs.data.coverage`), from its counts and those of the year before, which a fall
    from last year needs; `results` then holds the rows of that year alone (of both years when it has none,
    of every year when the data has no such year). The data checks always look at every year."""
    variables = plan_set.variables(plan)
    indicators = plan_indicators(plan_set, plan)
    on_stage("read")
    data = read_data_folder(
        data_folder,
        variables,
        number_format=number_format,
        indicators=list(plan_set.indicators(plan)),
        on=plan_map_day(plan),
        within=plan.jurisdiction.code,
    )
    needed = needed_variables(indicators.values())
    events = [name for name in needed if name in variables and variables[name].time_aggregation == "sum"]
    on_stage("check")
    findings = with_unit_names([*data.findings, *check_data(data, needed, events, variables)], data.units)
    on_stage("aggregate")
    choice = choose_year(data, plan, indicators, year)
    years = None if whole_history else _years_asked(data, choice.year)
    prepared = prepare(data.units, data.counts, variables, years, data.hierarchy, data.carried)
    on_stage("compute")
    shown = None if years is None else years[-1:]  # the year asked; the one before only feeds a fall from it
    results = compute_prepared(prepared, indicators, options, shown)
    if shown is not None and results.empty:  # counts in that year, but of nothing the plan computes: the rows
        results = compute_prepared(prepared, indicators, options)  # of the year before say what is there instead
    return ComputeResult(plan, indicators, variables, data, results, findings, prepared, choice)


def _years_asked(data: DataSet, year: int | None) -> list[int] | None:
    """The year shown and the one before it; None (every year) when the data has no such year."""
    in_data = {int(y) for y in data.counts.frame["year"].unique()}
    return [year - 1, year] if year is not None and year in in_data else None


def select_rows(
    results: pd.DataFrame,
    units: pd.DataFrame,
    *,
    year: int | None = None,
    level: str | None = None,
    unit: str | None = None,
    hierarchy: Hierarchy | None = None,
) -> pd.DataFrame:
    """Rows for one year (default: the latest in `results`; the CLI passes `ComputeResult.shown_year`), a level,
    and a unit (a code or a name, `resolve_unit`) with its descendants. `hierarchy`: the units as arrays, when
    the caller has them already (a DataSet's)."""
    if results.empty:
        return results
    in_year = results["year"].to_numpy()
    by_year = bool((in_year[1:] >= in_year[:-1]).all())  # as compute gives them: each year's rows together
    years = sorted(int(y) for y in pd.unique(in_year))
    chosen_year = years[-1] if year is None else year
    if chosen_year not in years:
        raise UsageError(f"no data for year {year}; years in the data: {', '.join(map(str, years))}")
    if by_year:  # a slice, not a copy of every column through a mask
        rows = results.iloc[np.searchsorted(in_year, chosen_year) : np.searchsorted(in_year, chosen_year, "right")]
    else:
        rows = results[in_year == chosen_year]
    if unit is not None:
        rows = rows[rows["unit"].isin(descendants(units, resolve_unit(units, unit), hierarchy))]
    if level is not None:
        rows = rows[rows["level"] == level]
    return rows.reset_index(drop=True)


def resolve_unit(units: pd.DataFrame, given: str) -> str:
    """The code of the unit `given` names, as count files name units (`ytcs.data.unit_names`): a code, a
    DHIS2 UID, or a name, whole ('Huyện Ba Tơ'), without its prefix ('Ba Tơ') or under the unit above it
    ('Huyện Ba Tơ/Thị trấn Ba Tơ'). A name two units share is an error listing both with their codes and
    parents; an unknown one suggests the closest names and codes."""
    lookup = UnitLookup.of(units)
    text = given.strip()
    found = lookup.match(text)
    if len(found) > 1:
        listed = " and ".join(lookup.describe(code) for code in found)
        raise UsageError(f"--unit {quote(text)} names {len(found)} units: {listed}; give the code")
    if not found:
        hint = did_you_mean_unit(lookup, text)
        raise UsageError(
            f"unknown unit {quote(text)}: neither a code nor a name in units.csv" + (f"; {hint}" if hint else "")
        )
    return found[0]


def descendants(units: pd.DataFrame, code: str, hierarchy: Hierarchy | None = None) -> set[str]:
    """A unit and every unit below it. `hierarchy`: the units as arrays, when the caller has them already."""
    hierarchy = hierarchy if hierarchy is not None else Hierarchy.of(units)
    return set(hierarchy.codes[hierarchy.under(code)])


def units_to_evaluate(
    plan: Plan, units: pd.DataFrame, *, level: str | None, unit: str | None, hierarchy: Hierarchy | None = None
) -> list[str]:
    """Default: the plan's jurisdiction and the level right below it; or one level; or one unit.
    `hierarchy`: the units as arrays, when the caller has them already (a DataSet's)."""
    if unit is not None:
        return [resolve_unit(units, unit)]
    root = plan.jurisdiction.code
    hierarchy = hierarchy if hierarchy is not None else Hierarchy.of(units)
    at = int(hierarchy.codes.get_indexer([root])[0])
    if at < 0:
        raise UsageError(f"the plan's jurisdiction {root} ({plan.jurisdiction.name}) is not in units.csv")
    inside = hierarchy.under(root)
    codes = units["code"].to_numpy(dtype=object)
    if level is not None:
        return list(codes[inside & (hierarchy.rank == LEVEL_RANK.get(level, -1))])  # an unknown level: none
    return [root, *codes[inside & (hierarchy.parent == at)]]


@dataclass
class GapResult:
    """Every target judged for the units asked (`rows`, most severe first), with what it was computed from."""

    compute: ComputeResult
    rows: pd.DataFrame
    year: int | None

    def shown(self, show_all: bool = False) -> pd.DataFrame:
        """What the listing shows: the targets behind, or every row (always every row without targets)."""
        from ytcs.engine.gap import behind_only  # the judging modules, imported where `gap` uses them (see gap_plan)

        return self.rows if show_all or not self.compute.plan.targets else behind_only(self.rows)

    def summary_text(self) -> str:
        """'7 of 38 targets behind; 3 significantly', in Vietnamese and English."""
        from ytcs.engine.gap import summarise

        plan = self.compute.plan
        summary = summarise(self.rows).text()
        if not plan.targets:
            return f"{plan.id}: kế hoạch không có chỉ tiêu định lượng / no quantified targets\n" + summary
        return summary

    def title(self) -> str:
        plan = self.compute.plan
        return f"{plan.title} — số liệu năm {self.year}" if self.year else plan.title

    def fails(self, fail_on: str) -> bool:
        """Whether `--fail-on behind|missed|never` asks for exit 1."""
        from ytcs.engine.gap import is_behind

        if fail_on == "behind":
            return bool(is_behind(self.rows).any())
        return fail_on == "missed" and bool((self.rows["status"] == Status.MISSED).any())


def gap_plan(
    plan_set: PlanSet,
    plan: Plan,
    data_folder: Path,
    *,
    year: int | None = None,
    target_year: int | None = None,
    level: str | None = None,
    unit: str | None = None,
    number_format: NumberFormat = "auto",
    options: ComputeOptions | None = None,
    on_stage: StageCallback = _no_stage,
) -> GapResult:
    """Every target of the plan against the data, for the units asked."""
    # Imported here, not at the top: `compute` never judges, and these modules cost its start-up ~3 ms.
    from ytcs.engine.gap import evaluate_plan, order_by_severity
    from ytcs.engine.pairs import rows_of_units

    result = compute_plan(plan_set, plan, data_folder, number_format=number_format, options=options, on_stage=on_stage,
                          year=year)  # fmt: skip
    on_stage("judge")
    unit = resolve_unit(result.data.units, unit) if unit is not None else None
    years = result.years
    if year is not None and year not in years:
        raise UsageError(f"no data for year {year}; years in the data: {', '.join(map(str, years)) or 'none'}")
    data_year = year if year is not None else result.shown_year
    codes = units_to_evaluate(plan, result.data.units, level=level, unit=unit, hierarchy=result.data.hierarchy)
    # The rows of the units judged (those asked, and those a target is scoped to), found once.
    judged = rows_of_units(result.results, [*codes, *(target.scope for target in plan.targets if target.scope)])
    missing = missing_inputs(result.prepared, judged, result.indicators, data_year) if data_year is not None else {}
    rows = evaluate_plan(
        plan,
        result.indicators,
        judged,
        result.data.units,
        published=result.data.published,
        year=data_year,
        target_year=target_year,
        unit_codes=codes,
        missing_inputs=missing,
        only_unit=unit,
    )
    return GapResult(result, order_by_severity(rows), data_year)


def report_plan(
    plan_set: PlanSet,
    plan: Plan,
    data_folder: Path,
    *,
    year: int | None = None,
    number_format: NumberFormat = "auto",
    options: ComputeOptions | None = None,
    on_stage: StageCallback = _no_stage,
) -> PlanReport:
    """What `ytcs report` draws: every target judged for the plan's area and the units right below it, the
    computed history of those units (every year), the published series and the data findings."""
    from ytcs.report.document import PlanReport

    gaps = gap_plan(plan_set, plan, data_folder, year=year, number_format=number_format, options=options,
                    on_stage=on_stage)  # fmt: skip
    result = gaps.compute
    codes = {plan.jurisdiction.code, *gaps.rows["unit"].dropna().astype(str)}
    history = result.results[result.results["unit"].astype(str).isin(codes)].reset_index(drop=True)
    return PlanReport(
        plan=plan,
        indicators=result.indicators,
        variables=result.variables,
        units=result.data.units,
        rows=gaps.rows,
        results=history,
        published=result.data.published,
        findings=result.findings,
        year=gaps.year,
        confidence=(options or ComputeOptions()).confidence,
        data_folder=display_path(data_folder),
        year_note=result.year_choice.note(),
        map_note=result.map_note(),
    )
