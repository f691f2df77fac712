"""`ytcs report`: one self-contained HTML file (a Jinja2 template, inline CSS, SVG charts and a few lines of
optional script) that opens offline and prints on A4.

Sections: headline, scorecard, one panel per indicator, data caveats, methods. Nothing is fetched: no
external stylesheet, font, image or script; the charts are inline SVG.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from ytcs.report.document import PlanReport
from ytcs.report.notes import caveats, methods
from ytcs.report.output import deliver
from ytcs.report.panels import build_panels
from ytcs.report.phrases import PHRASES, phrase
from ytcs.report.scorecard import headline, scorecard
from ytcs.report.text import Presentation
from ytcs.vocab import DISPLAY_LABELS, MARK_CAVEAT, MARK_SIGNIFICANT, Status, level_label, pick

TEMPLATES = Path(__file__).with_name("templates")


def _ignore(_: str) -> None:
    """No progress shown."""


def presentation(report: PlanReport, lang: str) -> Presentation:
    """Numbers the way the report's language writes them: '8,25' in Vietnamese, '8.25' in English."""
    decimals = {spec.id: spec.decimals for spec in report.indicators.values()}
    names = {spec.id: spec.name_en if lang == "en" else spec.name_vi for spec in report.indicators.values()}
    return Presentation(decimals, "en" if lang == "en" else "vi", report.confidence, lang, names)


def css_class(status: Status | str) -> str:
    """'limited progress' → 's-limited-progress'."""
    return "s-" + str(status).replace(" ", "-")


def _date(report: PlanReport, lang: str) -> str:
    date = report.plan.document.date
    if date is None:
        return ""
    return date.isoformat() if lang == "en" else f"{date.day:02d}/{date.month:02d}/{date.year}"


def _version() -> str:
    try:
        return version("ytcs")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
        return ""


def report_context(report: PlanReport, lang: str, on_stage: Callable[[str], None] = _ignore) -> dict[str, Any]:
    """Everything the template shows, computed here so that the template only lays it out."""
    from markupsafe import Markup

    how = presentation(report, lang)
    plan = report.plan
    panels = build_panels(report, how, on_stage)
    for panel in panels:
        panel.trends = [(name, Markup(svg)) for name, svg in panel.trends]  # SVG drawn here by matplotlib
        panel.ranking = Markup(panel.ranking) if panel.ranking else None
    return {
        "lang": lang,
        "words": {key: pick(value, lang) for key, value in PHRASES.items()},
        "labels": {key: pick(value, lang) for key, value in DISPLAY_LABELS.items()},
        "phrase": lambda key, **values: phrase(key, lang, **values),
        "plan": plan,
        "area": plan.jurisdiction.name,
        "area_level": level_label(plan.jurisdiction.level, lang),
        "date": _date(report, lang),
        "year": report.year,
        "year_note": pick(report.year_note, lang) if report.year_note else None,
        "map_note": pick(report.map_note, lang) if report.map_note else None,
        "data_folder": report.data_folder,
        "headline": headline(report, how),
        "scorecard": scorecard(report, how),
        "panels": panels,
        "caveats": caveats(report, how),
        "methods": methods(report, how),
        "statuses": list(Status),
        "css_class": css_class,
        "mark_significant": MARK_SIGNIFICANT,
        "mark_caveat": MARK_CAVEAT,
        "version": _version(),
    }


def render_html(report: PlanReport, lang: str = "vi", on_stage: Callable[[str], None] = _ignore) -> str:
    """The whole page as one string."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template("report.html.j2").render(report_context(report, lang, on_stage))


def render_report(
    report: PlanReport, output: Path | None, *, lang: str = "vi", on_stage: Callable[[str], None] = _ignore
) -> None:
    """Write the report to `output` atomically (or print it when `output` is None)."""
    page = render_html(report, lang, on_stage)
    on_stage("write")
    deliver(output, text=page)
