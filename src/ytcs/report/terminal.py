"""Result frames as terminal tables: computed values, the gap overview (the default) and the full gap list."""

from __future__ import annotations

import pandas as pd

from ytcs.plans.models import Plan
from ytcs.report.rows import compute_display_records, gap_display_records
from ytcs.report.table import render_paragraph, render_table, terminal_width
from ytcs.report.text import NumberStyle, Presentation, display_number
from ytcs.vocab import display_label

GAP_TABLE_KEYS = ("unit", "target_name", "target", "current", "gap", "status", "significance", "projected", "base",
                  "section")  # fmt: skip
# On a narrow screen these columns are left out first (the rest stay on one line per row).
COMPUTE_DROPPED_FIRST = ("level", "measure", "denominator", "numerator", "flags")
COMPUTE_TABLE_KEYS = ("unit", "level", "year", "indicator", "value", "measure", "numerator", "denominator", "ci",
                      "completeness", "flags")  # fmt: skip


def compute_table(frame: pd.DataFrame, how: Presentation) -> str:
    """The analyst's table: names, numbers in the chosen style, CI, completeness, notes."""
    pct = display_number(how.confidence * 100, None, how.style)
    columns = [(key, display_label(key, how.lang)) for key in COMPUTE_TABLE_KEYS]
    columns = [(key, f"{header} {pct}%" if key == "ci" else header) for key, header in columns]
    records = compute_display_records(frame, how.decimals, how.style, how.lang)
    numbers = {"year", "value", "numerator", "denominator", "ci", "completeness"}
    return render_table(records, columns, one_line=True, shrink={"unit", "indicator", "measure", "flags"},
                        droppable=COMPUTE_DROPPED_FIRST, right=numbers, lang=how.lang)  # fmt: skip


def gap_columns(confidence: float, style: NumberStyle, lang: str = "vi") -> list[tuple[str, str]]:
    """The gap list's columns, the interval's level named in the header ('Hiện tại [KTC 95%]')."""
    level = display_number(confidence * 100, None, style)
    interval = f"[{display_label('ci', lang)} {level}%]" if lang == "vi" else f"[{level}% {display_label('ci', lang)}]"
    return [
        (key, f"{display_label(key, lang)} {interval}" if key == "current" else display_label(key, lang))
        for key in GAP_TABLE_KEYS
    ]


def gap_table(frame: pd.DataFrame, how: Presentation, *, title: str, color: bool) -> str:
    """The full gap list (`--detail`) as a terminal table, statuses coloured when `color`."""
    records = gap_display_records(frame, how.decimals, how.style, color=color, lang=how.lang)
    columns = gap_columns(how.confidence, how.style, how.lang)
    return render_table(records, columns, title=title, color=color, keep={"gap", "projected"})


def gap_overview(frame: pd.DataFrame, plan: Plan, how: Presentation, *, title: str, color: bool, summary: str) -> str:
    """The default screen: the area's targets, the units × targets matrix, the legend and the counts (for a plan
    without targets: its objectives and `summary`, which says so)."""
    # Imported here: the overview judges (ytcs.engine.gap), which the default table of `compute` never does.
    from ytcs.report.overview import area_table, legend, matrix_table, objectives_table, summary_lines

    width = terminal_width()
    parts = [
        render_paragraph(title, width),
        area_table(frame, plan, how, color=color, width=width),
        matrix_table(frame, plan, how, color=color, width=width),
        legend(frame, how, width) if plan.targets else "",
        objectives_table(frame, how, width),
        render_paragraph(summary_lines(frame, plan, how.lang), width) if plan.targets else summary,
    ]
    return "\n".join(part for part in parts if part).rstrip("\n") + "\n"
