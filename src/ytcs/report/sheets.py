"""What the XLSX outputs hold: for `gap` a summary sheet, a matrix sheet and the detail; for `compute` a sheet
per level. Labels and values in the presentation's language, numbers formatted by each indicator's decimals."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ytcs.plans.models import Plan
from ytcs.report.targets import own_unit_rows, row_numbers, status_counts
from ytcs.report.text import Presentation, target_phrase
from ytcs.report.workbook import PERCENT_OF_ONE, PERCENT_OF_ONE_DECIMAL, Cell, Sheet, number_format
from ytcs.vocab import (
    KIND_LABELS,
    Level,
    Status,
    column_label,
    display_label,
    flag_labels,
    level_label,
    pick,
    significance_label,
    status_label,
)

# Columns in the indicator's own units (with its decimals); those holding a level also show '%' or '‰'.
_LEVEL_COLUMNS = ("value", "ci_low", "ci_high", "projected", "base_value")
_CHANGE_COLUMNS = ("target", "upper", "tolerance", "gap", "observed_change", "required_change")
_FIXED_FORMATS = {
    "relative_gap": PERCENT_OF_ONE_DECIMAL,
    "percent_achieved": '0.0" %"',
    "ratio": "0.00",
    "completeness": PERCENT_OF_ONE,
}
_SHEETS = {
    "summary": ("Tóm tắt", "Summary"),
    "matrix": ("Ma trận", "Matrix"),
    "detail": ("Chi tiết", "Detail"),
    "count": ("Số chỉ tiêu", "Targets"),
}


def _text_value(column: str, value: Any, lang: str) -> Any:
    """Ids people read as words: level, status, significance, kind, flags."""
    if column == "level":
        return level_label(value, lang) if isinstance(value, str) else value
    if column == "status":
        return status_label(value, lang) if isinstance(value, str) else value
    if column == "significance":
        return significance_label(value, lang)
    if column == "kind":
        return pick(KIND_LABELS[value], lang) if value in KIND_LABELS else value
    if column == "flags":
        return ", ".join(flag_labels(int(value), lang)) if pd.notna(value) else None
    return value


def _cell(column: str, row: pd.Series, how: Presentation) -> Any:
    value = _text_value(column, row[column], how.lang)
    places = how.places(row.get("indicator"))
    if column in _LEVEL_COLUMNS:
        return Cell(value, number_format(places, row.get("indicator_unit")))
    if column in _CHANGE_COLUMNS:
        return Cell(value, number_format(places))
    if column == "status" and row[column] in Status._value2member_map_:
        return Cell(value, status=Status(row[column]))
    if column in ("numerator", "denominator") and isinstance(value, float) and value == value:
        return Cell(value, "#,##0" if value.is_integer() else "#,##0.00")
    return Cell(value, _FIXED_FORMATS.get(column))


def frame_sheet(title: str, frame: pd.DataFrame, how: Presentation, freeze: str = "A2") -> Sheet:
    """Every column of a result frame, headed in the presentation's language."""
    header = [column_label(column, how.lang) for column in frame.columns]
    rows = [[_cell(column, row, how) for column in frame.columns] for _, row in frame.iterrows()]
    return Sheet(title, header, rows, freeze=freeze)


def compute_sheets(frame: pd.DataFrame, how: Presentation) -> list[Sheet]:
    """One sheet per level present, named by the level."""
    sheets = [
        frame_sheet(level.label(how.lang), frame[frame["level"] == level], how, freeze="C2")
        for level in Level
        if (frame["level"] == level).any()
    ]
    return sheets or [frame_sheet("Kết quả" if how.lang == "vi" else "Results", frame, how)]


def _summary_sheet(frame: pd.DataFrame, plan: Plan, how: Presentation) -> Sheet:
    """The plan's area, one row per target, most severe first; the counts by status below."""
    rows = own_unit_rows(frame, plan)
    numbers = row_numbers(rows, plan)
    header = [display_label(key, how.lang) for key in ("number", "target_name", "target")]
    header += [column_label(key, how.lang) for key in ("value", "indicator_unit", "status", "significance")]
    header += [column_label("projected", how.lang)]
    body = []
    for index, row in rows.iterrows():
        name = how.name(row["indicator"], row["indicator_name"])
        if isinstance(row["scope"], str) and row["scope"]:
            name += f" — {row['unit_name'] or row['unit']}"
        change = row["kind"] != "level" and pd.notna(row["observed_change"])
        value = _cell("observed_change" if change else "value", row, how)
        body.append([Cell(numbers[index]), name, target_phrase(row.to_dict(), how.style, how.lang), value,
                     row["indicator_unit"], _cell("status", row, how), _cell("significance", row, how),
                     _cell("projected", row, how)])  # fmt: skip
    footer: list[list[Any]] = [[pick(_SHEETS["count"], how.lang), plan.jurisdiction.name]]
    footer += [[Cell(status.label(how.lang), status=status), n] for status, n in status_counts(rows).items()]
    return Sheet(pick(_SHEETS["summary"], how.lang), header, body, freeze="C2", footer=footer)


def _matrix_sheet(frame: pd.DataFrame, plan: Plan, how: Presentation) -> Sheet:
    judged = frame[frame["indicator"].notna()].assign(number=row_numbers(frame, plan))
    units = judged.drop_duplicates("unit")
    order = sorted(units.index, key=lambda i: (str(units.at[i, "unit"]) != plan.jurisdiction.code, units.at[i, "unit"]))
    columns = [(str(units.at[i, "unit"]), f"{units.at[i, 'unit_name']} ({units.at[i, 'unit']})") for i in order]
    header = [display_label("number", how.lang), display_label("target_name", how.lang),
              display_label("target", how.lang), *(name for _, name in columns)]  # fmt: skip
    statuses = judged.pivot_table(index="number", columns="unit", values="status", aggfunc="first")
    body = []
    for number, target in enumerate(plan.targets, start=1):
        row: list[Any] = [number, how.name(target.indicator, target.indicator), target_phrase(target.model_dump(),
                          how.style, how.lang)]  # fmt: skip
        for code, _ in columns:
            status = statuses.at[number, code] if number in statuses.index and code in statuses.columns else None
            row.append(Cell(status_label(status, how.lang), status=Status(status)) if isinstance(status, str) else None)
        body.append(row)
    return Sheet(pick(_SHEETS["matrix"], how.lang), header, body, freeze="D2", widest=40)


def gap_sheets(frame: pd.DataFrame, every_row: pd.DataFrame, plan: Plan, how: Presentation) -> list[Sheet]:
    """The summary (the plan's area) and the matrix (targets × units) of `every_row`, then `frame`'s rows."""
    detail = frame_sheet(pick(_SHEETS["detail"], how.lang), frame, how, freeze="D2")
    if not plan.targets:
        return [detail]
    return [_summary_sheet(every_row, plan, how), _matrix_sheet(every_row, plan, how), detail]
