"""Result frames as terminal tables: computed values and the gap listing."""

from __future__ import annotations

import pandas as pd

from ytcs.report.rows import compute_display_records, gap_display_records
from ytcs.report.table import render_table
from ytcs.report.text import NumberStyle, display_number

GAP_TABLE_COLUMNS = [
    ("unit", "Đơn vị"),
    ("indicator", "Chỉ tiêu"),
    ("target", "Mục tiêu"),
    ("value", "Hiện tại [KTC]"),
    ("gap", "Khoảng cách"),
    ("status", "Tình trạng"),
    ("significance", "Ý nghĩa thống kê"),
    ("projected", "Dự báo"),
    ("base", "Gốc"),
    ("section", "Mục"),
]


def compute_table(frame: pd.DataFrame, decimals: dict[str, int], style: NumberStyle, confidence: float) -> str:
    """The analyst's table: Vietnamese names, numbers in the chosen style, CI, completeness, flags."""
    pct = display_number(confidence * 100, None, style)
    columns = [
        ("unit", "Đơn vị"),
        ("level", "Cấp"),
        ("year", "Năm"),
        ("indicator", "Chỉ số"),
        ("value", "Giá trị"),
        ("measure", "Đơn vị tính"),
        ("numerator", "Tử số"),
        ("denominator", "Mẫu số"),
        ("ci", f"KTC {pct}%"),
        ("completeness", "Đầy đủ"),
        ("flags", "Cờ"),
    ]
    return render_table(compute_display_records(frame, decimals, style), columns)


def gap_columns(confidence: float, style: NumberStyle) -> list[tuple[str, str]]:
    """The gap table's columns, the interval's level named in the header ('Hiện tại [KTC 95%]')."""
    level = display_number(confidence * 100, None, style)
    return [(key, f"Hiện tại [KTC {level}%]" if key == "value" else header) for key, header in GAP_TABLE_COLUMNS]


def gap_table(
    frame: pd.DataFrame, decimals: dict[str, int], style: NumberStyle, confidence: float, *, title: str, color: bool
) -> str:
    """The gap listing as a terminal table, statuses coloured when `color`."""
    records = gap_display_records(frame, decimals, style, color=color)
    return render_table(records, gap_columns(confidence, style), title=title, color=color)
