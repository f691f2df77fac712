"""Numbers and targets as people read them: '1.248.643', '8,25', '≥ 95 (2025)'."""

from __future__ import annotations

import math
from typing import Any

from ytcs.vocab import Comparator

NumberStyle = str  # "vi" (decimal comma, the default) or "en" (decimal point)


def display_number(value: float | None, decimals: int | None, style: NumberStyle = "vi") -> str:
    """'1.248.643' and '8,25' the Vietnamese way (style 'vi'); '1,248,643' and '8.25' for 'en'.

    With `decimals` None, a value prints with as many decimals as it needs (up to 6).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.6f}".rstrip("0").rstrip(".") if decimals is None else f"{value:,.{decimals}f}"
    if style == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and str(value) != "<NA>"


def target_phrase(record: dict[str, Any], style: NumberStyle = "vi") -> str:
    """'≥ 95 (2025)', '≈ 68,5 ± 0,5 (2025)', '1,5–2 điểm/năm (2022–2025)': a target as a person reads it.

    `record` holds the target's public fields: kind, comparator, value (or target), upper, tolerance,
    change_unit, from_year and year (or target_year).
    """
    value = record["target"] if "target" in record else record["value"]
    year = record["target_year"] if "target_year" in record else record["year"]
    comparator = record["comparator"]
    if comparator == Comparator.BETWEEN:
        text = f"{display_number(value, None, style)}–{display_number(record['upper'], None, style)}"
    else:
        text = f"{Comparator(comparator).symbol} {display_number(value, None, style)}"
    if comparator == Comparator.ABOUT and _present(record.get("tolerance")):
        text += f" ± {display_number(record['tolerance'], None, style)}"
    if _present(record.get("change_unit")):
        text += " điểm/năm" if record["change_unit"] == "points" else " %/năm"
    from_year = record.get("from_year")
    years = f"{int(from_year)}–{int(year)}" if from_year is not None and _present(from_year) else str(int(year))
    return f"{text} ({years})"
