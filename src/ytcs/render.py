"""Stage 8, render: the same records as text (Rich), JSON, GitHub annotations, CSV, XLSX or Markdown.

Rich is imported inside the functions that draw tables, so `ytcs validate` starts fast.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from ytcs.errors import Issue


def to_json(records: Any) -> str:
    """JSON as scripts want it: UTF-8 text kept readable, NaN written as null."""
    return json.dumps(_json_safe(records), ensure_ascii=False, indent=2) + "\n"


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


# --- validation -------------------------------------------------------------------------------


def render_issues_text(issues: Sequence[Issue], summary: str) -> str:
    return "".join(issue.format() + "\n" for issue in issues) + summary + "\n"


def render_issues_json(issues: Sequence[Issue], summary: str) -> str:
    return to_json(
        {
            "issues": [
                {"file": i.file, "line": i.line, "column": i.column, "severity": i.severity,
                 "path": i.path, "message": i.message, "code": i.code}
                for i in issues
            ],
            "summary": summary,
        }
    )


def _escape_data(text: str) -> str:
    """As the GitHub Actions toolkit escapes a command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """As the GitHub Actions toolkit escapes a command's properties."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_issues_github(issues: Sequence[Issue], summary: str) -> str:
    lines = []
    for issue in issues:
        props = (f"file={_escape_property(issue.file)},line={issue.line},col={issue.column},"
                 f"title={_escape_property('ytcs ' + (issue.code or issue.severity))}")
        message = f"{issue.path}: {issue.message}" if issue.path else issue.message
        lines.append(f"::{issue.severity} {props}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines) + summary + "\n"


ISSUE_RENDERERS = {"text": render_issues_text, "json": render_issues_json, "github": render_issues_github}


# --- tables -----------------------------------------------------------------------------------


def render_table(records: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]], title: str = "",
                 color: bool = False) -> str:
    """A Rich table of `records`, `columns` = [(key, header)], rendered to text (ANSI colours if `color`)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title or None, show_lines=False, header_style="bold")
    for _, header in columns:
        table.add_column(header, overflow="fold")
    for record in records:
        table.add_row(*(_cell(record.get(key)) for key, _ in columns))
    console = Console(width=200, force_terminal=color, color_system="standard" if color else None)
    with console.capture() as capture:
        console.print(table)
    return capture.get()


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        return format_number(value, None)
    return str(value)


def format_number(value: float | None, decimals: int | None, style: str = "vi") -> str:
    """'1.248.643' and '8,25' the Vietnamese way (style 'vi'); '1,248,643' and '8.25' for 'en'.

    With `decimals` None, a value prints with as many decimals as it needs (up to 6).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.6f}".rstrip("0").rstrip(".") if decimals is None else f"{value:,.{decimals}f}"
    if style == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


# --- frames: compute and gap results ----------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> Any:
    """OWASP CSV injection: text that a spreadsheet would run as a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def frame_records(frame: Any, list_columns: Sequence[str] = ("flags",)) -> list[dict[str, Any]]:
    """DataFrame → JSON-ready dicts: NaN/NA → None, numpy scalars → Python, flag strings → lists."""
    import pandas as pd

    clean = frame.astype(object).where(pd.notna(frame), None)
    records = clean.to_dict(orient="records")
    for record in records:
        for key, value in record.items():
            if hasattr(value, "item"):
                record[key] = value.item()
        for key in list_columns:
            if key in record:
                text = record[key] or ""
                record[key] = [part for part in str(text).split(",") if part]
    return records


def _neutralised(frame: Any) -> Any:
    """A copy whose text columns cannot run as spreadsheet formulas; numbers untouched."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or str(safe[column].dtype).startswith("str"):
            safe[column] = safe[column].map(neutralise_cell)
    return safe


def frame_to_csv_bytes(frame: Any) -> bytes:
    """UTF-8 with BOM so Excel opens Vietnamese text right; formula-like text neutralised."""
    return _neutralised(frame).to_csv(index=False).encode("utf-8-sig")


def write_frames_xlsx(path: Any, sheets: dict[str, Any], headers: dict[str, str]) -> None:
    """One sheet per entry, header row in Vietnamese (`headers` maps column → label)."""
    import pandas as pd

    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            _neutralised(frame).rename(columns=headers).to_excel(writer, sheet_name=name[:31], index=False)


COMPUTE_HEADERS_VI = {
    "unit": "Mã đơn vị", "unit_name": "Tên đơn vị", "level": "Cấp", "year": "Năm", "indicator": "Mã chỉ số",
    "indicator_name": "Chỉ số", "indicator_unit": "Đơn vị tính", "value": "Giá trị", "numerator": "Tử số",
    "denominator": "Mẫu số", "ci_low": "Cận dưới KTC", "ci_high": "Cận trên KTC", "completeness": "Độ đầy đủ",
    "reporting": "Số đơn vị báo cáo", "expected": "Số đơn vị phải báo cáo", "flags": "Cờ",
}
LEVEL_VI = {"province": "Tỉnh", "district": "Huyện", "commune": "Xã"}


def render_compute_table(frame: Any, decimals: dict[str, int], style: str = "vi", confidence: float = 0.95) -> str:
    """The analyst's table: Vietnamese names, numbers in Vietnamese format, CI, completeness, flags."""
    records = []
    for row in frame.itertuples(index=False):  # rendering only: rows already computed
        places = decimals.get(row.indicator, 2)
        ci = ""
        if row.ci_low == row.ci_low and row.ci_high == row.ci_high:  # not NaN
            ci = f"{format_number(row.ci_low, places, style)} – {format_number(row.ci_high, places, style)}"
        records.append({
            "unit": f"{row.unit_name} ({row.unit})",
            "level": LEVEL_VI.get(row.level, row.level),
            "year": str(row.year),
            "indicator": row.indicator_name,
            "value": format_number(row.value, places, style),
            "measure": row.indicator_unit,
            "numerator": format_number(row.numerator, None, style),
            "denominator": format_number(row.denominator, None, style),
            "ci": ci,
            "completeness": "" if row.completeness != row.completeness else
            format_number(100 * row.completeness, 0, style) + "%",
            "flags": row.flags,
        })
    pct = format_number(confidence * 100, None, style)
    columns = [("unit", "Đơn vị"), ("level", "Cấp"), ("year", "Năm"), ("indicator", "Chỉ số"), ("value", "Giá trị"),
               ("measure", "Đơn vị tính"), ("numerator", "Tử số"), ("denominator", "Mẫu số"),
               ("ci", f"KTC {pct}%"), ("completeness", "Đầy đủ"), ("flags", "Cờ")]
    return render_table(records, columns)


def deliver(output: Any, *, text: str | None = None, data: bytes | None = None,
            xlsx: tuple[dict[str, Any], dict[str, str]] | None = None) -> None:
    """Print `text` or `data`, or write them (or XLSX sheets with their headers) atomically to `output`."""
    import sys

    from ytcs.output import write_atomic, write_bytes_atomic, write_text_atomic

    if xlsx is not None:
        if output is None:
            from ytcs.errors import UsageError

            raise UsageError("--format xlsx needs -o FILE.xlsx")
        write_atomic(output, lambda tmp: write_frames_xlsx(tmp, *xlsx))
    elif output is None:
        if data is not None:
            sys.stdout.buffer.write(data) if hasattr(sys.stdout, "buffer") else sys.stdout.write(data.decode())
        else:
            sys.stdout.write(text or "")
        return
    elif data is not None:
        write_bytes_atomic(output, data)
    else:
        write_text_atomic(output, text or "")
    print(f"wrote {output}", file=sys.stderr)


def render_compute(frame: Any, fmt: str, output: Any, *, decimals: dict[str, int], style: str = "vi",
                   confidence: float = 0.95) -> None:
    """Write compute results in the asked format, to stdout or atomically to `output`."""
    if fmt == "xlsx":
        sheets = {LEVEL_VI.get(level, level): frame[frame["level"] == level]
                  for level in ("province", "district", "commune") if (frame["level"] == level).any()}
        deliver(output, xlsx=(sheets or {"Kết quả": frame}, COMPUTE_HEADERS_VI))
    elif fmt == "csv":
        deliver(output, data=frame_to_csv_bytes(frame.assign(flags=frame["flags"].str.replace(",", ";"))))
    elif fmt == "json":
        deliver(output, text=to_json(frame_records(frame)))
    else:
        deliver(output, text=render_compute_table(frame, decimals, style, confidence))


# --- gap -------------------------------------------------------------------------------------------

STATUS_VI = {
    "missed": "không đạt", "deterioration": "đi xuống", "limited progress": "tiến bộ hạn chế",
    "needs acceleration": "cần tăng tốc", "no data": "thiếu số liệu", "insufficient data": "chưa đủ số liệu",
    "on track": "đúng tiến độ", "achieved": "đã đạt trước hạn", "met": "đạt", "not measurable": "không đo được",
}
STATUS_STYLE = {
    "missed": "bold red", "deterioration": "red", "limited progress": "dark_orange", "needs acceleration": "yellow",
    "no data": "magenta", "insufficient data": "magenta", "on track": "green", "achieved": "bold green",
    "met": "bold green", "not measurable": "dim",
}
SIGNIFICANCE_VI = {
    "significantly behind": "chậm có ý nghĩa thống kê", "not significantly different": "khác biệt không có ý nghĩa",
    "significantly ahead": "vượt có ý nghĩa thống kê", "no interval": "",
}
GAP_HEADERS_VI = {
    "plan": "Kế hoạch", "unit": "Mã đơn vị", "unit_name": "Tên đơn vị", "level": "Cấp", "indicator": "Mã chỉ số",
    "indicator_name": "Chỉ tiêu", "indicator_unit": "Đơn vị tính", "year": "Năm số liệu", "target_year": "Năm mục tiêu",
    "from_year": "Từ năm", "kind": "Loại", "comparator": "So sánh", "target": "Mục tiêu", "upper": "Cận trên",
    "tolerance": "Dung sai", "value": "Giá trị", "ci_low": "Cận dưới KTC", "ci_high": "Cận trên KTC",
    "gap": "Khoảng cách", "relative_gap": "Khoảng cách tương đối", "percent_achieved": "% đạt được",
    "status": "Tình trạng", "significance": "Ý nghĩa thống kê", "projected": "Dự báo năm mục tiêu",
    "base_year": "Năm gốc", "base_value": "Giá trị gốc", "observed_change": "Thay đổi quan sát/năm",
    "required_change": "Thay đổi cần/năm", "ratio": "Tỷ số R", "missing": "Biến thiếu", "scope": "Phạm vi",
    "section": "Mục", "quote": "Trích dẫn", "note": "Ghi chú",
}


def target_phrase(kind: str, comparator: str, value: float, upper: Any, tolerance: Any, change_unit: Any,
                  from_year: Any, year: Any, style: str = "vi") -> str:
    """'≥ 95 (2025)', '≈ 68,5 ± 0,5 (2025)', '1,5–2 điểm/năm (2022–2025)': a target as a person reads it."""
    import pandas as pd

    def present(x: Any) -> bool:
        return x is not None and not (isinstance(x, float) and pd.isna(x)) and x is not pd.NA

    symbol = {"~": "≈", ">=": "≥", "<=": "≤"}.get(comparator, comparator)
    if comparator == "between":
        text = f"{format_number(value, None, style)}–{format_number(upper, None, style)}"
    else:
        text = f"{symbol} {format_number(value, None, style)}"
    if comparator == "~" and present(tolerance):
        text += f" ± {format_number(tolerance, None, style)}"
    if present(change_unit):
        text += " điểm/năm" if change_unit == "points" else " %/năm"
    years = f"{int(from_year)}–{int(year)}" if present(from_year) else str(int(year))
    return f"{text} ({years})"


def gap_display_records(frame: Any, decimals: dict[str, int], style: str = "vi", color: bool = False
                        ) -> list[dict[str, str]]:
    """The analyst's rows: Vietnamese labels, units, numbers in the chosen format, coloured statuses."""
    import pandas as pd

    records = []
    for _, row in frame.iterrows():  # rendering only: the numbers are computed already
        status = row["status"]
        label = STATUS_VI.get(status, status)
        if color and status in STATUS_STYLE:
            label = f"[{STATUS_STYLE[status]}]{label}[/]"
        if row["indicator"] is None or (isinstance(row["indicator"], float) and pd.isna(row["indicator"])):
            records.append({"unit": row["unit_name"] or "", "indicator": row["indicator_name"], "target": "",
                            "value": "", "gap": "", "status": label, "significance": "", "projected": "",
                            "base": "", "section": row["section"] or ""})
            continue
        places = decimals.get(row["indicator"], 2)
        unit = row["indicator_unit"] or ""
        value = format_number(row["value"], places, style)
        if pd.notna(row["value"]):
            value = f"{value} {unit} ({int(row['year'])})"
            if pd.notna(row["ci_low"]):
                low, high = (format_number(row[k], places, style) for k in ("ci_low", "ci_high"))
                value += f" [{low}–{high}]"
        is_change = row["kind"] == "annual_change" or (pd.notna(row.get("observed_change")) and row["kind"] == "range")
        gap_text = format_number(row["gap"], places, style) if pd.notna(row["gap"]) else ""
        if is_change and pd.notna(row.get("observed_change")):
            value = f"{format_number(row['observed_change'], places, style)}/năm ({int(row['base_year'])}–" \
                    f"{int(row['year'])})"
        base = ""
        if pd.notna(row["base_year"]):
            base = f"{format_number(row['base_value'], places, style)} ({int(row['base_year'])})"
        missing = f" — thiếu: {row['missing']}" if isinstance(row["missing"], str) and row["missing"] else ""
        records.append({
            "unit": f"{row['unit_name']} ({row['unit']})" if row["unit_name"] else str(row["unit"]),
            "indicator": row["indicator_name"],
            "target": target_phrase(row["kind"], row["comparator"], row["target"], row["upper"], row["tolerance"],
                                    row.get("change_unit"), row["from_year"], row["target_year"], style),
            "value": value + missing,
            "gap": gap_text,
            "status": label,
            "significance": SIGNIFICANCE_VI.get(row["significance"], "") if isinstance(row["significance"], str)
            else "",
            "projected": format_number(row["projected"], places, style) if pd.notna(row["projected"]) else "",
            "base": base,
            "section": row["section"] or "",
        })
    return records


GAP_TABLE_COLUMNS = [("unit", "Đơn vị"), ("indicator", "Chỉ tiêu"), ("target", "Mục tiêu"), ("value", "Hiện tại [KTC]"),
                     ("gap", "Khoảng cách"), ("status", "Tình trạng"), ("significance", "Ý nghĩa thống kê"),
                     ("projected", "Dự báo"), ("base", "Gốc"), ("section", "Mục")]


def _gap_columns(confidence: float, style: str) -> list[tuple[str, str]]:
    """The table's columns, the interval's level named in the header ('Hiện tại [KTC 95%]')."""
    level = format_number(confidence * 100, None, style)
    return [(key, f"Hiện tại [KTC {level}%]" if key == "value" else header) for key, header in GAP_TABLE_COLUMNS]


def render_gap_markdown(records: list[dict[str, str]], summary: str,
                        columns: Sequence[tuple[str, str]] = GAP_TABLE_COLUMNS) -> str:
    header = "| " + " | ".join(h for _, h in columns) + " |\n"
    rule = "|" + "---|" * len(columns) + "\n"
    body = "".join(
        "| " + " | ".join(str(r[k]).replace("|", "\\|") for k, _ in columns) + " |\n" for r in records
    )
    return header + rule + body + "\n" + summary + "\n"


def render_gap(frame: Any, fmt: str, output: Any, *, summary: str, decimals: dict[str, int], style: str = "vi",
               color: bool = False, title: str = "", confidence: float = 0.95) -> None:
    """Write gap results in the asked format, to stdout or atomically to `output`."""
    if fmt == "xlsx":
        deliver(output, xlsx=({"Khoảng cách": frame}, GAP_HEADERS_VI))
    elif fmt == "csv":
        deliver(output, data=frame_to_csv_bytes(frame))
    elif fmt == "json":
        deliver(output, text=to_json(frame_records(frame, list_columns=())))
    elif fmt == "md":
        deliver(output, text=render_gap_markdown(gap_display_records(frame, decimals, style), summary,
                                                 _gap_columns(confidence, style)))
    else:
        colored = color and output is None
        records = gap_display_records(frame, decimals, style, color=colored)
        deliver(output, text=render_table(records, _gap_columns(confidence, style), title=title, color=colored)
                + summary + "\n")
