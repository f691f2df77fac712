"""Text tables drawn with Rich (imported only when a table is drawn; no pandas here)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ytcs.report.text import display_number


def render_table(
    records: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]], title: str = "", color: bool = False
) -> str:
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
        return display_number(value, None)
    return str(value)
