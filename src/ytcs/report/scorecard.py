"""The report's headline (counts of the plan's targets for its area, and what matters most) and its scorecard
(targets × units, each cell the value coloured by status)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ytcs.report.document import PlanReport
from ytcs.report.rows import agreeing_places, row_marks, value_text, with_unit
from ytcs.report.targets import objective_rows, own_unit_rows, row_numbers, status_counts
from ytcs.report.text import Presentation, display_number, target_phrase
from ytcs.vocab import Significance, Status, significance_label, status_label

MOST_SENTENCES = 5
NOT_JUDGED = 99  # sorts after every status


@dataclass
class Count:
    status: Status
    label: str
    count: int


@dataclass
class Headline:
    counts: list[Count]
    targets: int
    objectives: list[str]
    sentences: list[str]


@dataclass
class ScoreCell:
    text: str = ""
    status: Status | None = None
    title: str = ""

    @property
    def severity(self) -> int:
        return self.status.severity if self.status is not None else NOT_JUDGED


@dataclass
class ScoreRow:
    number: int
    name: str
    target: str
    section: str
    cells: list[ScoreCell] = field(default_factory=list)


@dataclass
class Scorecard:
    units: list[tuple[str, str]]  # (code, name), the plan's area first
    rows: list[ScoreRow]


def caveat_lookup(report: PlanReport) -> dict[tuple[str, str], int]:
    """(unit, indicator) → the flags of the data year's value."""
    results = report.results
    if results.empty or "flags" not in results:
        return {}
    year = results[results["year"] == report.year]
    flags = year["flags"].fillna(0).astype("int64")
    return dict(zip(zip(year["unit"].astype(str), year["indicator"], strict=True), flags, strict=True))


def sentence(row: pd.Series, report: PlanReport, how: Presentation) -> str:
    """What a reader should know about one target, in one sentence."""
    spec = report.indicators[row["indicator"]]
    places, style, en = spec.decimals, how.style, how.lang == "en"
    name = how.name(row["indicator"], row["indicator_name"])
    target = target_phrase(row.to_dict(), style, how.lang)
    status = status_label(row["status"], how.lang)
    if pd.isna(row["value"]):
        lacking = f" ({row['missing']})" if isinstance(row["missing"], str) and row["missing"] else ""
        return f"{name}: {status}{lacking}; " + (f"target {target}." if en else f"mục tiêu {target}.")
    if row["kind"] == "level":
        now = f"{with_unit(row['value'], places, spec.unit, style)} ({int(row['year'])})"
    else:
        now = value_text(row, places, style, how.lang, interval=False)
    text = f"{name}: {now}, " + (f"against {target} — {status}" if en else f"mục tiêu {target} — {status}")
    if pd.notna(row["projected"]) and row["status"] not in (Status.MET, Status.ACHIEVED):
        projected = with_unit(row["projected"], places, spec.unit, style)
        year = int(row["target_year"])
        text += (
            f"; on the current trend {projected} in {year}"
            if en
            else f"; theo xu hướng hiện nay {projected} năm {year}"
        )
    if row["significance"] == Significance.BEHIND:
        text += f" ({significance_label(row['significance'], how.lang)})"
    return text + "."


def headline(report: PlanReport, how: Presentation) -> Headline:
    """The counts of the plan's targets for its area by status, then the few that matter most."""
    own = own_unit_rows(report.rows, report.plan)
    counts = [Count(status, status.label(how.lang), n) for status, n in status_counts(own).items()]
    behind = own.loc[own["status"].map(lambda s: s in Status._value2member_map_ and Status(s).behind).astype(bool)]
    # one sentence per indicator, about its nearest target, in the order of severity
    nearest = behind.sort_values("target_year", kind="stable").drop_duplicates("indicator")
    chosen = behind.loc[behind.index.isin(nearest.index)].head(MOST_SENTENCES)
    sentences = [sentence(row, report, how) for _, row in chosen.iterrows()]
    objectives = [str(text) for text in objective_rows(report.rows)["indicator_name"]]
    return Headline(counts, len(own), objectives, sentences)


def _units(report: PlanReport, judged: pd.DataFrame) -> list[tuple[str, str]]:
    """The area first, then the units judged in units.csv order."""
    order = {code: i for i, code in enumerate(report.units["code"].astype(str))}
    area = report.plan.jurisdiction.code
    names = dict(zip(judged["unit"].astype(str), judged["unit_name"], strict=True))
    names.setdefault(area, report.plan.jurisdiction.name)
    codes = sorted(names, key=lambda code: (code != area, order.get(code, len(order)), code))
    return [(code, str(names[code] or code)) for code in codes]


def _cell(row: pd.Series, report: PlanReport, how: Presentation, flags: dict[tuple[str, str], int]) -> ScoreCell:
    status = Status(row["status"])
    places = agreeing_places(row, report.indicators[row["indicator"]].decimals)
    if row["kind"] != "level" and pd.notna(row["observed_change"]):
        text = display_number(row["observed_change"], places, how.style)
    else:
        text = display_number(row["value"], places, how.style) if pd.notna(row["value"]) else "–"
    title = f"{status.label(how.lang)} — {value_text(row, places, how.style, how.lang)}"
    significance = significance_label(row["significance"], how.lang)
    return ScoreCell(text + row_marks(row, flags), status, title + (f"; {significance}" if significance else ""))


def scorecard(report: PlanReport, how: Presentation) -> Scorecard:
    """Rows: the plan's targets in the document's order; columns: the area and the units below it."""
    judged = report.rows[report.rows["indicator"].notna()]
    judged = judged.assign(number=row_numbers(judged, report.plan))
    units = _units(report, judged)
    flags = caveat_lookup(report)
    cells: dict[tuple[int, str], Any] = {(int(r["number"]), str(r["unit"])): r for _, r in judged.iterrows()}
    rows = []
    for number, target in enumerate(report.plan.targets, start=1):
        name = how.name(target.indicator, report.indicators[target.indicator].name_vi)
        record = {**target.model_dump(), "target_year": target.year}
        row = ScoreRow(number, name, target_phrase(record, how.style, how.lang), target.section)
        for code, _ in units:
            found = cells.get((number, code))
            row.cells.append(ScoreCell() if found is None else _cell(found, report, how, flags))
        rows.append(row)
    return Scorecard(units, rows)
