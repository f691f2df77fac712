"""Engine, the gap: every target of a plan against the computed values, for the units asked.

Once the data year is the target year or later (or inside a "duy trì" span), a target is met or missed;
before that, progress is judged (`ytcs.engine.judge`); achieved if already satisfying.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ytcs.engine.target import Current, evaluate_target
from ytcs.plans.models import Indicator, Plan, Target
from ytcs.vocab import Flag, Significance, Status

GAP_COLUMNS = [
    "plan",
    "unit",
    "unit_name",
    "level",
    "indicator",
    "indicator_name",
    "indicator_unit",
    "year",
    "target_year",
    "from_year",
    "kind",
    "comparator",
    "target",
    "upper",
    "tolerance",
    "change_unit",
    "value",
    "ci_low",
    "ci_high",
    "gap",
    "relative_gap",
    "percent_achieved",
    "status",
    "significance",
    "projected",
    "base_year",
    "base_value",
    "observed_change",
    "required_change",
    "ratio",
    "missing",
    "scope",
    "section",
    "quote",
    "note",
    "completeness",
    "flags",
]


def history_frame(results: pd.DataFrame, published: pd.DataFrame | None) -> pd.DataFrame:
    """Values by unit, indicator and year: computed ones, and published ones for years not computed."""
    computed = results.loc[results["value"].notna(), ["unit", "indicator", "year", "value"]].assign(source="computed")
    if published is None or published.empty:
        return computed.reset_index(drop=True)
    published_rows = published[["unit", "indicator", "year", "value"]].assign(source="published")
    combined = pd.concat([computed, published_rows], ignore_index=True)
    combined["year"] = combined["year"].astype("int64")
    return combined.drop_duplicates(["unit", "indicator", "year"], keep="first").reset_index(drop=True)


@dataclass
class _Context:
    """What every (target, unit) pair of one evaluation looks up."""

    plan: Plan
    data_year: int | None
    current: Current | None
    undefined: set[tuple[str, str]]
    series: dict[tuple[str, str], pd.DataFrame]
    empty: pd.DataFrame
    info: pd.DataFrame
    missing: Mapping[tuple[str, int, str], list[str]]


def _context(plan: Plan, results: pd.DataFrame, units: pd.DataFrame, history: pd.DataFrame, year: int | None,
             missing_inputs: Mapping[tuple[str, int, str], list[str]] | None) -> _Context:  # fmt: skip
    data_year = year if year is not None else (int(results["year"].max()) if len(results) else None)
    this_year = results[results["year"] == data_year]
    current = None
    if data_year:
        columns = [this_year[c] for c in ("unit", "indicator", "value", "ci_low", "ci_high")]
        current = {(u, i): (float(v), float(lo), float(hi)) for u, i, v, lo, hi in zip(*columns, strict=True)}
    # A unit with a zero denominator (an island district without communes has no commune stations)
    # is outside the indicator's scope, not missing data.
    flags = this_year["flags"] if "flags" in this_year else pd.Series(0, index=this_year.index)
    zero_denominator = (flags.astype("int64") & int(Flag.ZERO_DENOMINATOR)) != 0
    undefined = set(zip(this_year["unit"][zero_denominator], this_year["indicator"][zero_denominator], strict=True))
    series = {key: group for key, group in history.sort_values("year").groupby(["unit", "indicator"])}
    return _Context(plan, data_year, current, undefined, series, history.iloc[0:0], units.set_index("code"),
                    missing_inputs or {})  # fmt: skip


def _judged_here(context: _Context, target: Target, indicator: Indicator, code: str) -> bool:
    """Targets of the plan's whole area are judged for a unit below it only where they apply there."""
    if target.scope or code == context.plan.jurisdiction.code:
        return True
    key = (code, indicator.id)
    return key not in context.undefined and _applies_below(
        indicator, key in context.series or (context.current or {}).get(key)
    )


def _target_row(context: _Context, target: Target, indicator: Indicator, code: str) -> dict:
    series = context.series.get((code, indicator.id), context.empty)
    missing = context.missing.get((code, context.data_year or 0, indicator.id), [])
    known = code in context.info.index
    if not known:
        missing = [f"unit {code} is not in units.csv"]
    row = evaluate_target(context.plan, target, indicator, code, context.data_year, context.current, series, missing)
    row["unit_name"] = context.info["name"].get(code) if known else None
    row["level"] = context.info["level"].get(code) if known else None
    return row


def _objective_rows(plan: Plan, data_year: int | None) -> list[dict]:
    """Qualitative objectives: carried and reported as not measurable, never dropped."""
    return [
        {"plan": plan.id, "unit": plan.jurisdiction.code, "unit_name": plan.jurisdiction.name,
         "level": plan.jurisdiction.level, "indicator": None, "indicator_name": objective.text,
         "status": Status.NOT_MEASURABLE, "significance": None, "section": objective.section,
         "quote": objective.quote, "note": objective.note, "year": data_year}
        for objective in plan.objectives
    ]  # fmt: skip


def evaluate_plan(
    plan: Plan,
    indicators: Mapping[str, Indicator],
    results: pd.DataFrame,
    units: pd.DataFrame,
    *,
    published: pd.DataFrame | None = None,
    year: int | None = None,
    target_year: int | None = None,
    unit_codes: Iterable[str] | None = None,
    missing_inputs: Mapping[tuple[str, int, str], list[str]] | None = None,
    only_unit: str | None = None,
) -> pd.DataFrame:
    """One row per (target, unit) for the units asked (default: the plan's jurisdiction), plus one row
    per qualitative objective; columns as `GAP_COLUMNS`.

    `missing_inputs` maps (unit, year, indicator) to the variables that unit did not report.
    A target scoped to one unit is always judged for that unit, unless `only_unit` names another.
    """
    context = _context(plan, results, units, history_frame(results, published), year, missing_inputs)
    codes = list(unit_codes) if unit_codes is not None else [plan.jurisdiction.code]
    rows: list[dict] = []
    for target in plan.targets:
        if target_year is not None and target.year != target_year:
            continue
        indicator = indicators[target.indicator]
        for code in [target.scope] if target.scope else codes:
            if (target.scope and only_unit is not None and code != only_unit) or not _judged_here(
                context, target, indicator, code
            ):
                continue
            rows.append(_target_row(context, target, indicator, code))
    frame = pd.DataFrame(rows + _objective_rows(plan, context.data_year), columns=GAP_COLUMNS)
    for column in ("year", "target_year", "from_year", "base_year"):
        frame[column] = frame[column].astype("Int64")
    return _with_completeness(frame, results, context.data_year)


def _with_completeness(frame: pd.DataFrame, results: pd.DataFrame, year: int | None) -> pd.DataFrame:
    """Each row's completeness and flags, as computed for its unit, indicator and data year: a value summed
    from an incomplete lower level says so in gap as in compute."""
    columns = [c for c in ("completeness", "flags") if c in results]
    this_year = results.loc[results["year"] == year, ["unit", "indicator", *columns]]
    this_year = this_year.assign(**{c: np.nan for c in ("completeness", "flags") if c not in columns})
    found = frame[["unit", "indicator"]].merge(this_year, on=["unit", "indicator"], how="left")
    frame["completeness"] = found["completeness"].to_numpy(dtype=float)
    frame["flags"] = found["flags"].fillna(0).to_numpy(dtype=np.int64)
    return _never_met_when_negative(frame)


def _never_met_when_negative(frame: pd.DataFrame) -> pd.DataFrame:
    """A value a formula made negative (impossible for a count or a rate of counts) is never judged met,
    achieved or on track: its status is 'insufficient data' and `missing` says why."""
    negative = ((frame["flags"].to_numpy() & int(Flag.NEGATIVE)) != 0) & frame["status"].isin(
        [Status.MET, Status.ACHIEVED, Status.ON_TRACK]
    ).to_numpy()
    if negative.any():
        frame.loc[negative, "status"] = Status.INSUFFICIENT
        frame.loc[negative, "missing"] = "negative value: check the inputs of the formula"
    return frame


def _applies_below(indicator: Indicator, computed_here: object) -> bool:
    """Whether a target of the plan's whole area is also judged for a unit inside it.

    Rates and proportions are (each district should reach the province's 95%); counts such as the
    population size or a number of beds, and values reported only for the whole area, are not.
    """
    return indicator.formula_kind in ("rate", "decline") and bool(computed_here)


def order_by_severity(frame: pd.DataFrame) -> pd.DataFrame:
    """Most severe first: by status, significantly behind before the rest, then by relative gap."""
    rank = frame["status"].map({status: status.severity for status in Status}).fillna(len(Status))
    significant = (frame["significance"] != Significance.BEHIND).astype(int)
    return (
        frame.assign(_rank=rank, _sig=significant, _rel=-frame["relative_gap"].astype(float).fillna(-np.inf))
        .sort_values(["_rank", "_sig", "_rel", "level", "unit"], kind="stable")
        .drop(columns=["_rank", "_sig", "_rel"])
        .reset_index(drop=True)
    )


def is_behind(frame: pd.DataFrame) -> pd.Series:
    """Missed, deterioration, limited progress, needs acceleration, or no data.

    A target whose year is still ahead and whose trend gets there (on track) is not behind, even when
    today's value is significantly below the final target: that is what being on the way looks like.
    """
    return frame["status"].isin([status for status in Status if status.behind])


def behind_only(frame: pd.DataFrame) -> pd.DataFrame:
    """What the default listing shows."""
    return frame[is_behind(frame)].reset_index(drop=True)


@dataclass(frozen=True)
class GapSummary:
    targets: int
    behind: int
    significantly_behind: int
    missed: int
    no_data: int
    not_measurable: int

    def text(self) -> str:
        """'7 of 38 targets behind; 3 significantly', in Vietnamese and English."""
        vi = (
            f"{self.behind}/{self.targets} chỉ tiêu chưa đạt hoặc chậm tiến độ "
            f"({self.significantly_behind} chậm có ý nghĩa thống kê; {self.no_data} thiếu số liệu)"
        )
        en = f"{self.behind} of {self.targets} targets behind; {self.significantly_behind} significantly"
        if self.not_measurable:
            vi += f"; {self.not_measurable} mục tiêu định tính không đo được"
            en += f"; {self.not_measurable} qualitative objectives not measurable"
        return f"{vi}\n{en}"


def summarise(frame: pd.DataFrame) -> GapSummary:
    measurable = frame[frame["status"] != Status.NOT_MEASURABLE]
    return GapSummary(
        targets=len(measurable),
        behind=int(is_behind(measurable).sum()),
        significantly_behind=int((is_behind(measurable) & (measurable["significance"] == Significance.BEHIND)).sum()),
        missed=int((measurable["status"] == Status.MISSED).sum()),
        no_data=int((measurable["status"] == Status.NO_DATA).sum()),
        not_measurable=int((frame["status"] == Status.NOT_MEASURABLE).sum()),
    )
