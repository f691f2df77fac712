"""One panel per indicator: its targets, the trend of the unit they are about, and the units ranked.

The trend is drawn for the plan's area (or, for an indicator whose targets are each about one unit, for
up to three of those units); the ranking shows every unit judged, best first, with the target.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ytcs.report.charts import Point, Rank, Ranking, TargetMark, Trend, caterpillar_svg, trend_svg
from ytcs.report.document import PlanReport
from ytcs.report.targets import own_unit_rows, row_numbers
from ytcs.report.text import Presentation, target_phrase
from ytcs.vocab import Status

_MAX_SCOPED_TRENDS = 3


@dataclass
class PanelTarget:
    number: int
    phrase: str
    unit_name: str
    status: Status


@dataclass
class Panel:
    indicator: str
    name: str
    measure: str
    targets: list[PanelTarget] = field(default_factory=list)
    trends: list[tuple[str, str]] = field(default_factory=list)  # (unit name, SVG)
    ranking: str | None = None  # SVG, or None when only one unit is judged


def _float(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _points(frame: pd.DataFrame) -> list[Point]:
    return [
        Point(int(row.year), float(row.value), float(row.ci_low), float(row.ci_high))
        for row in frame.sort_values("year").itertuples(index=False)
    ]


def _mark(row: pd.Series, how: Presentation) -> TargetMark:
    return TargetMark(
        year=int(row["target_year"]),
        value=float(row["target"]),
        label=target_phrase(row.to_dict(), how.style, how.lang),
        comparator=str(row["comparator"]),
        kind=str(row["kind"]),
        from_year=_int(row["from_year"]),
        upper=_float(row["upper"]),
        tolerance=_float(row["tolerance"]),
        base_year=_int(row["base_year"]),
        base_value=_float(row["base_value"]),
        projected=_float(row["projected"]),
        required_change=_float(row["required_change"]) if row["kind"] != "level" else None,
        change_unit=row["change_unit"] if isinstance(row["change_unit"], str) else None,
        status=str(row["status"]),
    )


def build_trend(report: PlanReport, indicator: str, unit: str, unit_name: str, how: Presentation) -> Trend:
    """The unit's history of the indicator (computed, then published for other years) and its targets."""
    spec = report.indicators[indicator]
    results = report.results
    mine = results[(results["unit"].astype(str) == unit) & (results["indicator"] == indicator)]
    computed = mine[mine["value"].notna()]
    published = report.published
    if not published.empty:
        published = published[(published["unit"].astype(str) == unit) & (published["indicator"] == indicator)]
        published = published[~published["year"].isin(set(computed["year"]))]
    rows = report.rows[(report.rows["unit"].astype(str) == unit) & (report.rows["indicator"] == indicator)]
    latest = computed[computed["year"] == report.year]["value"]
    trend = Trend(unit_name, spec.unit, spec.decimals, data_year=report.year, bounded=spec.bounded)
    trend.computed = _points(computed)
    trend.published = [Point(int(r.year), float(r.value)) for r in published.sort_values("year").itertuples()]
    trend.targets = [_mark(row, how) for _, row in rows.sort_values("target_year").iterrows()]
    trend.latest = float(latest.iloc[0]) if len(latest) else None
    return trend


def build_ranking(report: PlanReport, indicator: str, rows: pd.DataFrame, how: Presentation) -> Ranking | None:
    """Every unit judged on the indicator, on its nearest target; None when only one unit is."""
    spec = report.indicators[indicator]
    primary = rows.sort_values(["target_year"], kind="stable").drop_duplicates("unit")
    if len(primary) < 2:
        return None
    scoped = primary["scope"].notna() & (primary["scope"].astype(str) != "")
    common, label = None, ""
    level_rows = primary[(primary["kind"] == "level") & ~scoped]
    if len(level_rows) and level_rows["target"].nunique() == 1:
        common = float(level_rows["target"].iloc[0])
        label = target_phrase(level_rows.iloc[0].to_dict(), how.style, how.lang)
    area = report.plan.jurisdiction.code
    ranks = [
        Rank(
            name=str(row["unit_name"] or row["unit"]),
            value=float(row["value"]) if pd.notna(row["value"]) else math.nan,
            low=float(row["ci_low"]) if pd.notna(row["ci_low"]) else math.nan,
            high=float(row["ci_high"]) if pd.notna(row["ci_high"]) else math.nan,
            status=str(row["status"]),
            target=float(row["target"]) if is_scoped and row["kind"] == "level" else None,
            highlight=str(row["unit"]) == area,
        )
        for (_, row), is_scoped in zip(primary.iterrows(), scoped, strict=True)
    ]
    return Ranking(ranks, spec.unit, spec.decimals, spec.polarity != "lower_is_better", common, label)


def _trend_units(report: PlanReport, indicator: str, rows: pd.DataFrame) -> list[tuple[str, str]]:
    area = report.plan.jurisdiction.code
    has_area = (rows["unit"].astype(str) == area).any() or (
        (report.results["unit"].astype(str) == area) & (report.results["indicator"] == indicator)
    ).any()
    if has_area:
        return [(area, report.plan.jurisdiction.name)]
    scoped = rows.drop_duplicates("unit").head(_MAX_SCOPED_TRENDS)
    return [(str(row["unit"]), str(row["unit_name"] or row["unit"])) for _, row in scoped.iterrows()]


def _panel_target(row: pd.Series, how: Presentation) -> PanelTarget:
    phrase = target_phrase(row.to_dict(), how.style, how.lang)
    return PanelTarget(int(row["number"]), phrase, str(row["unit_name"] or row["unit"]), Status(row["status"]))


def build_panels(report: PlanReport, how: Presentation, on_stage: Callable[[str], None]) -> list[Panel]:
    """A panel per indicator the plan's targets use, in the order the plan first uses them."""
    judged = report.rows[report.rows["indicator"].notna()]
    judged = judged.assign(number=row_numbers(judged, report.plan))
    panels = []
    for index, indicator in enumerate(report.indicator_order, start=1):
        on_stage(f"chart {index}/{len(report.indicator_order)}")
        spec = report.indicators[indicator]
        rows = judged[judged["indicator"] == indicator]
        panel = Panel(indicator, how.name(indicator, spec.name_vi), spec.unit)
        own = own_unit_rows(rows, report.plan)
        panel.targets = [_panel_target(row, how) for _, row in own.sort_values("number").iterrows()]
        for code, name in _trend_units(report, indicator, rows):
            trend = build_trend(report, indicator, code, name, how)
            panel.trends.append((name, trend_svg(trend, f"t{index}-{code}", how.lang, how.confidence)))
        ranking = build_ranking(report, indicator, rows, how)
        if ranking is not None:
            panel.ranking = caterpillar_svg(ranking, f"r{index}", how.lang)
        panels.append(panel)
    return panels
