"""Numbers and targets as people read them: '1.248.643', '8,25', '≥ 95 (2025)'."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ytcs.vocab import Comparator

NumberStyle = str  # "vi" (decimal comma, the default) or "en" (decimal point)


@dataclass(frozen=True)
class Presentation:
    """How results are shown: the indicators' decimals, the number style, the confidence level, the language
    of labels, and the indicators' names in that language (rows carry the Vietnamese ones)."""

    decimals: dict[str, int]
    style: NumberStyle = "vi"
    confidence: float = 0.95
    lang: str = "vi"
    names: dict[str, str] = field(default_factory=dict)

    def places(self, indicator: Any) -> int:
        return self.decimals.get(indicator, 2) if isinstance(indicator, str) else 2

    def name(self, indicator: Any, fallback: Any) -> str:
        """The indicator's name in the presentation's language, else the row's own (Vietnamese) one."""
        return self.names.get(indicator, str(fallback)) if isinstance(indicator, str) else str(fallback)


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


_PER_YEAR = {"vi": (" điểm/năm", " %/năm"), "en": (" points/year", " %/year")}


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and str(value) != "<NA>"


def target_phrase(record: dict[str, Any], style: NumberStyle = "vi", lang: str = "vi") -> str:
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
        per_year = _PER_YEAR.get(lang, _PER_YEAR["vi"])
        text += per_year[0] if record["change_unit"] == "points" else per_year[1]
    from_year = record.get("from_year")
    years = f"{int(from_year)}–{int(year)}" if from_year is not None and _present(from_year) else str(int(year))
    return f"{text} ({years})"
