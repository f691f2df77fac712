"""Writing results in the format asked, to stdout or atomically to a file: one entry point per command."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ytcs.report.files import (
    frame_to_csv_bytes,
    render_markdown,
    to_json,
    write_frames_xlsx,
)
from ytcs.report.output import deliver
from ytcs.report.rows import flags_as_text, frame_records, gap_display_records
from ytcs.report.terminal import compute_table, gap_columns, gap_table
from ytcs.report.text import NumberStyle
from ytcs.vocab import Level

COMPUTE_HEADERS_VI = {
    "unit": "Mã đơn vị",
    "unit_name": "Tên đơn vị",
    "level": "Cấp",
    "year": "Năm",
    "indicator": "Mã chỉ số",
    "indicator_name": "Chỉ số",
    "indicator_unit": "Đơn vị tính",
    "value": "Giá trị",
    "numerator": "Tử số",
    "denominator": "Mẫu số",
    "ci_low": "Cận dưới KTC",
    "ci_high": "Cận trên KTC",
    "completeness": "Độ đầy đủ",
    "reporting": "Số đơn vị báo cáo",
    "expected": "Số đơn vị phải báo cáo",
    "flags": "Cờ",
}

GAP_HEADERS_VI = {
    "plan": "Kế hoạch",
    "unit": "Mã đơn vị",
    "unit_name": "Tên đơn vị",
    "level": "Cấp",
    "indicator": "Mã chỉ số",
    "indicator_name": "Chỉ tiêu",
    "indicator_unit": "Đơn vị tính",
    "year": "Năm số liệu",
    "target_year": "Năm mục tiêu",
    "from_year": "Từ năm",
    "kind": "Loại",
    "comparator": "So sánh",
    "target": "Mục tiêu",
    "upper": "Cận trên",
    "tolerance": "Dung sai",
    "value": "Giá trị",
    "ci_low": "Cận dưới KTC",
    "ci_high": "Cận trên KTC",
    "gap": "Khoảng cách",
    "relative_gap": "Khoảng cách tương đối",
    "percent_achieved": "% đạt được",
    "status": "Tình trạng",
    "significance": "Ý nghĩa thống kê",
    "projected": "Dự báo năm mục tiêu",
    "base_year": "Năm gốc",
    "base_value": "Giá trị gốc",
    "observed_change": "Thay đổi quan sát/năm",
    "required_change": "Thay đổi cần/năm",
    "ratio": "Tỷ số R",
    "missing": "Biến thiếu",
    "scope": "Phạm vi",
    "section": "Mục",
    "quote": "Trích dẫn",
    "note": "Ghi chú",
    "completeness": "Độ đầy đủ",
    "flags": "Cờ",
}


@dataclass(frozen=True)
class Presentation:
    """How results are shown: the indicators' decimals, the number style and the confidence level."""

    decimals: dict[str, int]
    style: NumberStyle = "vi"
    confidence: float = 0.95


def render_compute(frame: pd.DataFrame, fmt: str, output: Path | None, how: Presentation) -> None:
    """Write compute results in the asked format, to stdout or atomically to `output`."""
    if fmt == "xlsx":
        shown = frame.assign(flags=flags_as_text(frame["flags"])) if len(frame) else frame
        sheets = {level.label_vi: shown[shown["level"] == level] for level in Level if (shown["level"] == level).any()}
        headers = COMPUTE_HEADERS_VI
        deliver(output, writer=lambda path: write_frames_xlsx(path, sheets or {"Kết quả": shown}, headers))
    elif fmt == "csv":
        flags = flags_as_text(frame["flags"], ";") if len(frame) else frame["flags"]
        deliver(output, data=frame_to_csv_bytes(frame.assign(flags=flags)))
    elif fmt == "json":
        deliver(output, text=to_json(frame_records(frame)))
    else:
        deliver(output, text=compute_table(frame, how.decimals, how.style, how.confidence))


def render_gap(
    frame: pd.DataFrame, fmt: str, output: Path | None, how: Presentation, *, summary: str, title: str, color: bool
) -> None:
    """Write gap results in the asked format, to stdout or atomically to `output`."""
    if fmt == "xlsx":
        shown = frame.assign(flags=flags_as_text(frame["flags"])) if len(frame) else frame
        deliver(output, writer=lambda path: write_frames_xlsx(path, {"Khoảng cách": shown}, GAP_HEADERS_VI))
    elif fmt == "csv":
        flags = flags_as_text(frame["flags"], ";") if len(frame) else frame["flags"]
        deliver(output, data=frame_to_csv_bytes(frame.assign(flags=flags)))
    elif fmt == "json":
        deliver(output, text=to_json(frame_records(frame)))
    elif fmt == "md":
        records = gap_display_records(frame, how.decimals, how.style)
        deliver(output, text=render_markdown(records, summary, gap_columns(how.confidence, how.style)))
    else:
        colored = color and output is None
        table = gap_table(frame, how.decimals, how.style, how.confidence, title=title, color=colored)
        deliver(output, text=table + summary + "\n")
