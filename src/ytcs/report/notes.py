"""The report's last two sections: data caveats (completeness, findings in plain words, what was reported or
borrowed rather than counted) and methods (formulas with their citation, intervals, progress, statuses)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ytcs.diagnostics import Finding
from ytcs.engine.judge import ACCELERATE_FROM, ON_TRACK_FROM
from ytcs.plans.models import Indicator, Variable, parse_expression
from ytcs.report.document import PlanReport
from ytcs.report.methods_text import BASIS_VI, CI_TEXT, FINDING_TEXT, PROGRESS_TEXT, STATUS_MEANING
from ytcs.report.text import Presentation, display_number
from ytcs.vocab import Status, pick


@dataclass
class CompletenessRow:
    unit: str
    lowest: str
    which: str


@dataclass
class Caveats:
    completeness: list[CompletenessRow] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)  # values of other years that lack units
    findings: list[str] = field(default_factory=list)
    estimated: list[str] = field(default_factory=list)
    document: list[str] = field(default_factory=list)


@dataclass
class MethodRow:
    name: str
    formula: str
    basis: str
    interval: str


@dataclass
class Methods:
    indicators: list[MethodRow]
    intervals: str
    progress: str
    statuses: list[tuple[Status, str]]


def _share(row: pd.Series, style: str) -> str:
    reporting, expected = row.get("reporting"), row.get("expected")
    if pd.notna(reporting) and pd.notna(expected):
        return f"{int(reporting)}/{int(expected)}"
    return display_number(100 * row["completeness"], 0, style) + "%"


def _completeness(report: PlanReport, how: Presentation, names: dict[str, str]) -> list[CompletenessRow]:
    """Per unit judged: its lowest completeness in the data year, and the indicators below 100%."""
    results = report.results
    year = results[(results["year"] == report.year) & results["completeness"].notna()]
    rows = []
    for code, group in year.groupby(year["unit"].astype(str), sort=False):
        lowest = group["completeness"].min()
        short = group[group["completeness"] < 1]
        which = "; ".join(
            f"{names.get(r['indicator'], r['indicator'])} ({_share(r, how.style)})" for _, r in short.iterrows()
        )
        rows.append(
            CompletenessRow(
                str(group["unit_name"].iloc[0] or code), display_number(100 * lowest, 0, how.style) + "%", which
            )
        )
    return rows


def _incomplete_other_years(report: PlanReport, how: Presentation, names: dict[str, str]) -> list[str]:
    results = report.results
    short = results[(results["year"] != report.year) & (results["completeness"] < 1)].sort_values(["year", "unit"])
    units = "units reported" if how.lang == "en" else "đơn vị báo cáo"
    return [
        f"{names.get(r['indicator'], r['indicator'])} — {r['unit_name']}, {int(r['year'])}: "
        f"{_share(r, how.style)} {units}"
        for _, r in short.iterrows()
    ]


def finding_text(finding: Finding, report: PlanReport, lang: str) -> str:
    """A data finding in plain words: which unit, what is missing or wrong, what ytcs did about it."""
    template = FINDING_TEXT.get(finding.code)
    grouped = finding.code in ("no-data", "partial-year") and None in (finding.unit, finding.variable, finding.year)
    if template is None or grouped:  # a finding about several units, variables or years: its own words
        return finding.format()
    units = dict(zip(report.units["code"].astype(str), report.units["name"], strict=True))
    variable = report.variables.get(finding.variable or "")
    label = (variable.label_en if lang == "en" else variable.label_vi) if variable else (finding.variable or "")
    unit = f"{units.get(finding.unit or '', '')} ({finding.unit})".strip() if finding.unit else ""
    where = f" ({finding.location})" if finding.location.file else ""
    return pick(template, lang).format(unit=unit, variable=label, year=finding.year or "") + where


def _estimated(report: PlanReport, how: Presentation, names: dict[str, str]) -> list[str]:
    en = how.lang == "en"
    out = []
    for spec in report.indicators.values():
        if spec.formula_kind == "reported" and spec.id in report.indicator_order:
            words = (
                "taken as reported, not computed from counts"
                if en
                else "lấy theo số liệu báo cáo sẵn, không tính từ số đếm"
            )
            out.append(f"{names[spec.id]}: {words}.")
    published = report.published
    if not published.empty:
        shown = published[published["indicator"].isin(report.indicator_order)]
        words = "published values used as history" if en else "giá trị đã công bố dùng làm chuỗi lịch sử"
        for source, group in shown.groupby("source", sort=False):
            which = "; ".join(
                f"{names.get(indicator, indicator)} ({', '.join(str(int(y)) for y in sorted(rows['year'].unique()))})"
                for indicator, rows in group.groupby("indicator", sort=False)
            )
            out.append(f"{source}: {words} — {which}.")
    return out


def _document_notes(report: PlanReport) -> list[str]:
    """The plan's notes on its document, each note once with every section it is about."""
    sections: dict[str, list[str]] = {}
    for target in report.plan.targets:
        if target.note and target.section not in sections.setdefault(target.note, []):
            sections[target.note].append(target.section)
    return [f"{'; '.join(where)}: {note}" for note, where in sections.items()]


def caveats(report: PlanReport, how: Presentation) -> Caveats:
    names = {spec.id: how.name(spec.id, spec.name_vi) for spec in report.indicators.values()}
    result = Caveats()
    if not report.results.empty:
        result.completeness = _completeness(report, how, names)
        result.incomplete = _incomplete_other_years(report, how, names)
    result.findings = [finding_text(finding, report, how.lang) for finding in report.findings]
    result.estimated = _estimated(report, how, names)
    result.document = _document_notes(report)
    return result


def formula_words(indicator: Indicator, variables: dict[str, Variable], names: dict[str, str], lang: str) -> str:
    """The formula with the variables' labels: 'Số bác sĩ / Dân số × 10.000'."""

    def label(name: str) -> str:
        variable = variables.get(name)
        return (variable.label_en if lang == "en" else variable.label_vi) if variable else name

    def words(expression: str) -> str:
        terms = parse_expression(expression)
        text = " ".join(f"{'−' if sign < 0 else '+'} {label(name)}" for sign, name in terms).lstrip("+ ")
        return f"({text})" if len(terms) > 1 else text

    style = "en" if lang == "en" else "vi"
    if indicator.numerator and indicator.denominator:
        times = f" × {display_number(indicator.multiplier, None, style)}" if indicator.multiplier != 1 else ""
        return f"{words(indicator.numerator)} / {words(indicator.denominator)}{times}"
    if indicator.count:
        return words(indicator.count)
    if indicator.reported:
        return ("reported: " if lang == "en" else "báo cáo sẵn: ") + label(indicator.reported)
    previous = "year before" if lang == "en" else "năm trước"
    this = "this year" if lang == "en" else "năm nay"
    base = names.get(indicator.decline_of or "", indicator.decline_of or "")
    return f"{base} ({previous}) − {base} ({this})"


def basis(definition: str, lang: str) -> str:
    """The official source of a definition; in Vietnamese, the source named in Vietnamese."""
    if lang == "en":
        return definition
    source = definition.split(":", 1)[0]
    for english, vietnamese in BASIS_VI:
        source = source.replace(english, vietnamese)
    return source


def methods(report: PlanReport, how: Presentation) -> Methods:
    names = {spec.id: how.name(spec.id, spec.name_vi) for spec in report.indicators.values()}
    rows = []
    for indicator_id in report.indicator_order:
        spec = report.indicators[indicator_id]
        formula = formula_words(spec, report.variables, names, how.lang)
        interval = pick(CI_TEXT[spec.ci], how.lang)
        rows.append(MethodRow(names[indicator_id], formula, basis(spec.definition, how.lang), interval))
    level = display_number(report.confidence * 100, None, how.style)
    thresholds = {
        "on_track": display_number(ON_TRACK_FROM, None, how.style),
        "accelerate": display_number(ACCELERATE_FROM, None, how.style),
    }
    progress = pick(PROGRESS_TEXT, how.lang).format(**thresholds)
    statuses = [(status, pick(STATUS_MEANING[status], how.lang).format(**thresholds)) for status in Status]
    return Methods(rows, pick(CI_TEXT["intro"], how.lang).format(level=level), progress, statuses)
