"""Rows of result frames: JSON-ready records, and the rows people read (labels, numbers in the chosen style)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ytcs.report.text import NumberStyle, display_number, target_phrase
from ytcs.vocab import (
    CAVEAT_FLAGS,
    MARK_CAVEAT,
    Significance,
    Status,
    flag_labels,
    flag_texts,
    level_label,
    significance_label,
    status_label,
)


def flags_as_text(flags: pd.Series, separator: str = ",") -> pd.Series:
    """The `Flag` bits of each row as their public ids joined by `separator` ('' when none), as categories:
    a national result has 216,000 rows but a handful of distinct flags, each spelled once."""
    codes, distinct = pd.factorize(flags.fillna(0).astype("int64"))
    spelled = pd.Series([separator.join(flag_texts(int(value))) for value in distinct], dtype=object)
    text_codes, texts = pd.factorize(spelled)  # bits unknown to `Flag` spell as others do: one category
    return pd.Series(pd.Categorical.from_codes(text_codes[codes], texts), index=flags.index, name=flags.name)


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame → JSON-ready dicts: NaN/NA → None, numpy scalars → Python, flags → lists of ids."""
    if "flags" in frame:
        frame = frame.assign(flags=flags_as_text(frame["flags"]))
    clean = frame.astype(object).where(pd.notna(frame), None)
    records = clean.to_dict(orient="records")
    for record in records:
        for key, value in record.items():
            if hasattr(value, "item"):
                record[key] = value.item()
        if "flags" in record:
            record["flags"] = [part for part in str(record["flags"] or "").split(",") if part]
    return records


def compute_display_records(
    frame: pd.DataFrame, decimals: dict[str, int], style: NumberStyle, lang: str = "vi"
) -> list[dict[str, Any]]:
    """The analyst's rows of computed values: names, numbers in the chosen style, CI, completeness, notes."""
    bits = frame["flags"].fillna(0).astype("int64") if len(frame) else frame["flags"]
    flags = [", ".join(flag_labels(int(value), lang)) for value in bits]
    records = []
    for row, flag_text in zip(frame.itertuples(index=False), flags, strict=True):  # rendering only
        places = decimals.get(row.indicator, 2)
        ci = ""
        if row.ci_low == row.ci_low and row.ci_high == row.ci_high:  # not NaN
            ci = f"{display_number(row.ci_low, places, style)} – {display_number(row.ci_high, places, style)}"
        completeness = row.completeness
        records.append(
            {
                "unit": f"{row.unit_name} ({row.unit})",
                "level": level_label(row.level, lang),
                "year": str(row.year),
                "indicator": row.indicator_name,
                "value": display_number(row.value, places, style),
                "measure": row.indicator_unit,
                "numerator": display_number(row.numerator, None, style),
                "denominator": display_number(row.denominator, None, style),
                "ci": ci,
                "completeness": ""
                if completeness != completeness
                else display_number(100 * completeness, 0, style) + "%",
                "flags": flag_text,
            }
        )
    return records


def status_text(status: str, color: bool, lang: str = "vi") -> str:
    """A status's label, in its terminal colour (Rich markup) when `color`."""
    label = status_label(status, lang)
    return f"[{Status(status).style}]{label}[/]" if color and status in Status._value2member_map_ else label


def _objective_record(row: pd.Series, label: str) -> dict[str, str]:
    return {
        "unit": row["unit_name"] or "",
        "target_name": row["indicator_name"],
        "target": "",
        "current": "",
        "gap": "",
        "status": label,
        "significance": "",
        "projected": "",
        "base": "",
        "section": row["section"] or "",
    }


def agreeing_places(row: pd.Series, places: int) -> int:
    """The decimals that show the judged value so that it reads as its verdict: 94,9998 against ≥ 95 is shown
    '94,9998', never '95,0' beside 'missed' (as many more decimals as it takes, six at most)."""
    from ytcs.engine.judge import satisfies  # imported here: only judged rows need it, not a CSV of `compute`

    change = row.get("kind") != "level" and pd.notna(row.get("observed_change"))
    value = row.get("observed_change") if change else row.get("value")
    comparator, target = row.get("comparator"), row.get("target")
    if value is None or pd.isna(value) or not isinstance(comparator, str) or target is None or pd.isna(target):
        return places
    bounds = {key: (None if pd.isna(row.get(key)) else row.get(key)) for key in ("tolerance", "upper")}
    verdict = satisfies(float(value), comparator, float(target), **bounds)
    for shown in range(places, 7):
        if satisfies(float(f"{value:.{shown}f}"), comparator, float(target), **bounds) == verdict:
            return shown
    return 6


def value_text(row: pd.Series, places: int, style: NumberStyle, lang: str = "vi", interval: bool = True) -> str:
    """The current value with its unit, year and interval; for a change target, the observed change (shown
    with the decimals that agree with the verdict)."""
    places = agreeing_places(row, places)
    is_change = row["kind"] == "annual_change" or (pd.notna(row.get("observed_change")) and row["kind"] == "range")
    if is_change and pd.notna(row.get("observed_change")):
        per_year = "/year" if lang == "en" else "/năm"
        years = f"{int(row['base_year'])}–{int(row['year'])}"
        return f"{display_number(row['observed_change'], places, style)}{per_year} ({years})"
    value = display_number(row["value"], places, style)
    if pd.notna(row["value"]):
        value = f"{value} {row['indicator_unit'] or ''} ({int(row['year'])})"
        if interval and pd.notna(row["ci_low"]):
            low, high = (display_number(row[k], places, style) for k in ("ci_low", "ci_high"))
            value += f" [{low}–{high}]"
    return value


def _gap_record(row: pd.Series, label: str, places: int, style: NumberStyle, lang: str) -> dict[str, str]:
    base = ""
    if pd.notna(row["base_year"]):
        base = f"{display_number(row['base_value'], places, style)} ({int(row['base_year'])})"
    lacking = "missing" if lang == "en" else "thiếu"
    missing = f" — {lacking}: {row['missing']}" if isinstance(row["missing"], str) and row["missing"] else ""
    return {
        "unit": f"{row['unit_name']} ({row['unit']})" if row["unit_name"] else str(row["unit"]),
        "target_name": row["indicator_name"],
        "target": target_phrase(row.to_dict(), style, lang),
        "current": value_text(row, places, style, lang) + missing,
        "gap": display_number(row["gap"], agreeing_places(row, places), style) if pd.notna(row["gap"]) else "",
        "status": label,
        "significance": significance_label(row["significance"], lang),
        "projected": display_number(row["projected"], places, style) if pd.notna(row["projected"]) else "",
        "base": base,
        "section": row["section"] or "",
    }


def gap_display_records(
    frame: pd.DataFrame, decimals: dict[str, int], style: NumberStyle = "vi", color: bool = False, lang: str = "vi"
) -> list[dict[str, str]]:
    """The analyst's rows: labels in `lang`, units, numbers in the chosen style, coloured statuses."""
    records = []
    for _, row in frame.iterrows():  # rendering only: the numbers are computed already
        label = status_text(row["status"], color, lang)
        indicator = row["indicator"]
        if indicator is None or (isinstance(indicator, float) and pd.isna(indicator)):
            records.append(_objective_record(row, label))
        else:
            records.append(_gap_record(row, label, decimals.get(indicator, 2), style, lang))
    return records


def with_unit(value: float, places: int, measure: str, style: NumberStyle) -> str:
    """'89,9%', '2,53‰', '5,8/100.000 trẻ đẻ sống', '8,00 bác sĩ/vạn dân'."""
    number = display_number(value, places, style)
    return f"{number}{measure}" if measure in ("%", "‰") or measure.startswith("/") else f"{number} {measure}"


def short_value(row: pd.Series, places: int, style: NumberStyle, lang: str = "vi") -> str:
    """The current value alone: '89,9%', '8,00', '1,4/năm' for a change target; '–' when missing."""
    places = agreeing_places(row, places)
    is_change = row["kind"] != "level" and pd.notna(row.get("observed_change"))
    if is_change:
        return display_number(row["observed_change"], places, style) + ("/year" if lang == "en" else "/năm")
    if pd.isna(row["value"]):
        return "–"
    measure = row["indicator_unit"]
    return display_number(row["value"], places, style) + (measure if measure in ("%", "‰") else "")


def row_marks(row: pd.Series, flags: dict[tuple[str, str], int] | None = None) -> str:
    """'*' where the difference from the target is significant, '†' where the value is incomplete.

    The flags come from the row itself when it carries them, else from `flags` ((unit, indicator) → bits).
    """
    significance = row["significance"]
    mark = Significance(significance).mark if isinstance(significance, str) and significance else ""
    own = row["flags"] if "flags" in row and pd.notna(row["flags"]) else None
    bits = own if own is not None else (flags or {}).get((str(row["unit"]), row["indicator"]))
    return mark + (MARK_CAVEAT if bits is not None and int(bits) & CAVEAT_FLAGS else "")
