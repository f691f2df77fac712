"""The default `ytcs gap` screen: the plan's area one line per target, then a units × targets matrix of symbols.

Both tables fit the terminal's width with one line per row; long names give way ("…"). The full list of
every unit and target is `--detail`.
"""

from __future__ import annotations

import pandas as pd

from ytcs.engine.gap import is_behind
from ytcs.plans.models import Plan
from ytcs.report.rows import row_marks, short_value, status_text
from ytcs.report.table import render_paragraph, render_table
from ytcs.report.targets import objective_rows, own_unit_rows, row_numbers, status_counts
from ytcs.report.text import Presentation, display_number, target_phrase
from ytcs.vocab import Status, display_label, pick, status_label

_UNIT_COLUMN = 5  # a unit code of up to 5 digits and the space after it
_NAME_AT_LEAST = 24

_WORDS = {
    "area": ("Địa bàn kế hoạch", "The plan's area"),
    "matrix": ("Tình trạng theo đơn vị", "Status by unit"),
    "units": ("Đơn vị", "Units"),
    "objectives": ("Mục tiêu định tính (không đo được)", "Qualitative objectives (not measurable)"),
    "below": ("Các đơn vị trực thuộc", "Units below"),
    "behind": ("lượt đánh giá (đơn vị × chỉ tiêu) chưa đạt hoặc chậm tiến độ", "unit × target pairs behind"),
    "marks": ("* khác biệt có ý nghĩa thống kê so với mục tiêu; † số liệu chưa đầy đủ",
              "* significantly different from the target; † incomplete data"),
    "detail": ("Toàn bộ danh sách: --detail", "The full list: --detail"),
}  # fmt: skip


def _word(key: str, lang: str) -> str:
    return pick(_WORDS[key], lang)


def _area_records(rows: pd.DataFrame, numbers: pd.Series, how: Presentation, color: bool) -> list[dict[str, str]]:
    records = []
    for index, row in rows.iterrows():
        places = how.places(row["indicator"])
        name = how.name(row["indicator"], row["indicator_name"])
        if isinstance(row["scope"], str) and row["scope"]:
            name += f" — {row['unit_name'] or row['unit']}"
        symbol = Status(row["status"]).symbol
        projected = row["projected"]
        records.append(
            {
                "number": str(numbers[index]),
                "target_name": name,
                "target": target_phrase(row.to_dict(), how.style, how.lang),
                "current": short_value(row, places, how.style, how.lang) + row_marks(row),
                "status": f"{symbol} {status_text(row['status'], color, how.lang)}",
                "projected": display_number(projected, places, how.style) if pd.notna(projected) else "",
            }
        )
    return records


def area_table(frame: pd.DataFrame, plan: Plan, how: Presentation, *, color: bool, width: int | None) -> str:
    """One line per target of the plan's area (a target about one unit: that unit), most severe first."""
    rows = own_unit_rows(frame, plan)
    if rows.empty:
        return ""
    numbers = row_numbers(rows, plan)
    keys = ("number", "target_name", "target", "current", "status", "projected")
    columns = [(key, display_label(key, how.lang)) for key in keys]
    years = rows["year"].dropna()
    if len(years):
        columns[3] = ("current", f"{columns[3][1]} ({int(years.max())})")
    title = f"{_word('area', how.lang)}: {plan.jurisdiction.name}"
    records = _area_records(rows, numbers, how, color)
    table = render_table(records, columns, title, color, one_line=True, shrink={"target_name"},
                         right={"number", "projected"}, width=width)  # fmt: skip
    return table + render_paragraph(_word("marks", how.lang), width)


def _matrix_frame(frame: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """Targets (plan order) × unit codes (the area first, as the rows list them) → status id."""
    rows = frame[frame["indicator"].notna()].assign(number=row_numbers(frame, plan))
    present = set(rows["unit"].astype(str))
    units = sorted(present, key=lambda code: (code != plan.jurisdiction.code, code))
    matrix = rows.pivot_table(index="number", columns="unit", values="status", aggfunc="first")
    return matrix.reindex(columns=units).sort_index()


def matrix_table(frame: pd.DataFrame, plan: Plan, how: Presentation, *, color: bool, width: int) -> str:
    """Targets × units, a status symbol in each cell; split into several tables when the units do not fit."""
    matrix = _matrix_frame(frame, plan)
    if matrix.empty:
        return ""
    named = frame.dropna(subset=["indicator"]).drop_duplicates("indicator")
    own_names = dict(zip(named["indicator"], named["indicator_name"], strict=True))
    names = {n: how.name(t.indicator, own_names.get(t.indicator, t.indicator)) for n, t in enumerate(plan.targets, 1)}
    per_table = max(1, (width - 4 - _NAME_AT_LEAST) // _UNIT_COLUMN)
    codes = list(matrix.columns)
    out = []
    for start in range(0, len(codes), per_table):
        chunk = codes[start : start + per_table]
        columns = [("number", "#"), ("target_name", display_label("target_name", how.lang))]
        columns += [(code, code) for code in chunk]
        records = []
        for number, statuses in matrix[chunk].iterrows():
            record = {"number": str(number), "target_name": names.get(int(number), "")}
            for code in chunk:
                record[code] = _symbol(statuses[code], color)
            records.append(record)
        title = _word("matrix", how.lang) if start == 0 else ""
        out.append(render_table(records, columns, title, color, one_line=True, shrink={"target_name"},
                                right={"number", *chunk}, width=width))  # fmt: skip
    return "".join(out)


def _symbol(status: object, color: bool) -> str:
    if not isinstance(status, str) or status not in Status._value2member_map_:
        return ""
    symbol = Status(status).symbol
    return f"[{Status(status).style}]{symbol}[/]" if color else symbol


def legend(frame: pd.DataFrame, how: Presentation, width: int | None) -> str:
    """What the symbols mean, and which unit each code is."""
    symbols = "   ".join(f"{status.symbol} {status.label(how.lang)}" for status in Status)
    units = frame.drop_duplicates("unit").sort_values("unit", key=lambda codes: codes.astype(str).str.zfill(5))
    codes = ", ".join(f"{code} {name}" for code, name in zip(units["unit"], units["unit_name"], strict=True))
    return render_paragraph(symbols, width) + render_paragraph(f"{_word('units', how.lang)}: {codes}", width)


def summary_lines(frame: pd.DataFrame, plan: Plan, lang: str) -> str:
    """The area's counts by status, and how many unit × target pairs below it are behind."""
    own = own_unit_rows(frame, plan)
    counts = status_counts(own)
    parts = ", ".join(f"{n} {status_label(status, lang)}" for status, n in counts.items() if n)
    text = f"{plan.jurisdiction.name}: {len(own)} {'targets' if lang == 'en' else 'chỉ tiêu'} — {parts}\n"
    below = frame[frame["indicator"].notna() & ~frame.index.isin(own.index)]
    if len(below):
        behind = int(is_behind(below).sum())
        text += f"{_word('below', lang)}: {behind}/{len(below)} {_word('behind', lang)}\n"
    return text


def objectives_table(frame: pd.DataFrame, how: Presentation, width: int | None) -> str:
    objectives = objective_rows(frame)
    if objectives.empty:
        return ""
    records = [
        {"number": str(i), "target_name": text, "status": status_label(Status.NOT_MEASURABLE, how.lang)}
        for i, text in enumerate(objectives["indicator_name"], start=1)
    ]
    columns = [("number", "#"), ("target_name", _word("objectives", how.lang)), ("status", "")]
    return render_table(records, columns, one_line=True, shrink={"target_name"}, right={"number"}, width=width)
