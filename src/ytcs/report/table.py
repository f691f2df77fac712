"""Text tables drawn with Rich (imported only when a table is drawn; no pandas here).

Tables take the terminal's width, as Rich measures it (`COLUMNS` when set). A table drawn `one_line`
never breaks a row over several lines: the columns named in `shrink` give way first, their long texts
cut with "…", then the `droppable` columns are left out, in order, with a line saying which; a reader
scans one line per row.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from typing import Any, Literal

from ytcs.report.text import display_number

_SHRUNK_AT_LEAST = 8
Columns = Sequence[tuple[str, str]]


def terminal_width() -> int:
    """The width Rich would draw at: the terminal's, or `COLUMNS`, or 80."""
    from rich.console import Console

    return Console().width


def render_table(
    records: Sequence[dict[str, Any]],
    columns: Columns,
    title: str = "",
    color: bool = False,
    *,
    one_line: bool = False,
    shrink: Collection[str] = (),
    droppable: Sequence[str] = (),
    right: Collection[str] = (),
    keep: Collection[str] = (),
    width: int | None = None,
    lang: str = "vi",
) -> str:
    """A Rich table of `records`, `columns` = [(key, header)], rendered to text (ANSI colours if `color`).

    `one_line` keeps every row on one line (see the module's docstring); otherwise long texts fold within
    their cells, except in the `keep` columns (short numbers). `right` columns are right-aligned.
    """
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console(width=width, force_terminal=color, color_system="standard" if color else None)
    cells = [[_cell(record.get(key)) for key, _ in columns] for record in records]
    limits: dict[str, int] = {}
    dropped: list[str] = []
    if one_line:
        columns, cells, dropped = _drop_to_fit(columns, cells, shrink, droppable, console.width)
        limits = _shrunk_widths(cells, columns, shrink, console.width)
    table = Table(title=title or None, header_style="bold", box=box.SIMPLE_HEAD if one_line else box.HEAVY_HEAD,
                  pad_edge=not one_line, collapse_padding=one_line)  # fmt: skip
    for key, header in columns:
        justify: Literal["left", "right"] = "right" if key in right else "left"
        if one_line:
            table.add_column(header, no_wrap=True, overflow="ellipsis", justify=justify, max_width=limits.get(key))
        else:
            table.add_column(header, overflow="fold", justify=justify, no_wrap=key in keep)
    for row in cells:
        table.add_row(*row)
    with console.capture() as capture:
        console.print(table)
        if dropped:
            note = "Columns left out to fit the screen" if lang == "en" else "Cột ẩn cho vừa màn hình"
            console.print(f"{note}: {', '.join(dropped)}", markup=False, highlight=False)
    return capture.get()


def _natural(cells: Sequence[Sequence[str]], columns: Columns) -> list[int]:
    from rich.text import Text

    return [
        max([Text.from_markup(header).cell_len] + [Text.from_markup(row[index]).cell_len for row in cells])
        for index, (_, header) in enumerate(columns)
    ]


def _needed(natural: Sequence[int], columns: Columns, shrink: Collection[str]) -> int:
    """The narrowest the table can be on one line: shrinkable columns at their least, a space either side."""
    sizes = [
        min(size, _SHRUNK_AT_LEAST) if key in shrink else size for (key, _), size in zip(columns, natural, strict=True)
    ]
    return sum(sizes) + 2 * len(columns)


def _drop_to_fit(
    columns: Columns, cells: list[list[str]], shrink: Collection[str], droppable: Sequence[str], width: int
) -> tuple[Columns, list[list[str]], list[str]]:
    """Leave out the `droppable` columns, in order, until the rest fits `width`; returns what was left out."""
    dropped: list[str] = []
    for key in droppable:
        if _needed(_natural(cells, columns), columns, shrink) <= width:
            break
        index = next((i for i, (name, _) in enumerate(columns) if name == key), None)
        if index is None:
            continue
        dropped.append(columns[index][1])
        columns = [column for i, column in enumerate(columns) if i != index]
        cells = [[cell for i, cell in enumerate(row) if i != index] for row in cells]
    return columns, cells, dropped


def _shrunk_widths(
    cells: Sequence[Sequence[str]], columns: Columns, shrink: Collection[str], width: int
) -> dict[str, int]:
    """The widest each `shrink` column may be so that the whole table fits `width` on one line per row."""
    natural = _natural(cells, columns)
    fixed = sum(size for (key, _), size in zip(columns, natural, strict=True) if key not in shrink)
    budget = width - fixed - 2 * len(columns)  # a space either side of each column
    wanted = {key: size for (key, _), size in zip(columns, natural, strict=True) if key in shrink}
    if not wanted or sum(wanted.values()) <= budget:
        return {}
    limits = {}
    for count, (key, size) in enumerate(sorted(wanted.items(), key=lambda item: item[1])):
        share = max(_SHRUNK_AT_LEAST, budget // (len(wanted) - count))  # what the narrow ones leave, the rest share
        limits[key] = min(size, share)
        budget -= limits[key]
    return limits


def render_paragraph(text: str, width: int | None = None) -> str:
    """Plain text wrapped at the table width (legends, summaries)."""
    from rich.console import Console

    console = Console(width=width, color_system=None, highlight=False)
    with console.capture() as capture:
        console.print(text, markup=False, soft_wrap=False)
    return capture.get()


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        return display_number(value, None)
    return str(value)
