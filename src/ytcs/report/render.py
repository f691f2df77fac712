"""Writing results in the format asked, to stdout or atomically to a file: one entry point per command."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd

from ytcs.plans.models import Plan
from ytcs.report.files import frame_to_csv_chunks, render_markdown
from ytcs.report.output import deliver
from ytcs.report.rows import flags_as_text, gap_display_records
from ytcs.report.text import Presentation

# Each format's writer is imported where that format is written (as XLSX's always was): a command loads only
# the one it writes, and CSV, the format of scripted runs, pays for neither JSON's nor the terminal table's.

Pager = Callable[[str], None]

__all__ = ["Presentation", "render_compute", "render_gap"]


def _csv(frame: pd.DataFrame, excel: bool) -> Iterator[bytes | memoryview]:
    """The public columns, flags as ids joined by ';' (by ',' in the Excel dialect, whose separator is ';')."""
    if "flags" in frame and len(frame):
        frame = frame.assign(flags=flags_as_text(frame["flags"], "," if excel else ";"))
    return frame_to_csv_chunks(frame, excel=excel)


def render_compute(
    frame: pd.DataFrame, fmt: str, output: Path | None, how: Presentation, *, excel: bool = False
) -> None:
    """Write compute results in the asked format, to stdout or atomically to `output`."""
    if fmt == "xlsx":
        from ytcs.report.sheets import compute_sheets
        from ytcs.report.workbook import write_workbook

        sheets = compute_sheets(frame, how)
        deliver(output, writer=lambda path: write_workbook(path, sheets))
    elif fmt == "csv":
        deliver(output, chunks=_csv(frame, excel))
    elif fmt == "json":
        from ytcs.report.json_text import frame_json_chunks

        deliver(output, chunks=frame_json_chunks(frame))
    else:
        from ytcs.report.terminal import compute_table

        deliver(output, text=compute_table(frame, how))


def render_gap(
    frame: pd.DataFrame,
    fmt: str,
    output: Path | None,
    how: Presentation,
    *,
    plan: Plan,
    every_row: pd.DataFrame,
    summary: str,
    title: str,
    color: bool,
    detail: bool = False,
    excel: bool = False,
    pager: Pager | None = None,
) -> None:
    """Write gap results in the asked format, to stdout or atomically to `output`.

    `frame` holds the rows asked for (behind only, unless `--all`), `every_row` every target and unit: the
    table format is the overview of `every_row` (the plan's area, then the units × targets matrix) unless
    `detail`; XLSX summarises `every_row` before its detail sheet of `frame`. `pager` shows text printed to
    a terminal (paging what is longer than the screen).
    """
    if fmt == "xlsx":
        from ytcs.report.sheets import gap_sheets
        from ytcs.report.workbook import write_workbook

        sheets = gap_sheets(frame, every_row, plan, how)
        deliver(output, writer=lambda path: write_workbook(path, sheets))
    elif fmt == "csv":
        deliver(output, chunks=_csv(frame, excel))
    elif fmt == "json":
        from ytcs.report.json_text import frame_json_chunks

        deliver(output, chunks=frame_json_chunks(frame))
    elif fmt == "md":
        from ytcs.report.terminal import gap_columns

        records = gap_display_records(frame, how.decimals, how.style, lang=how.lang)
        deliver(output, text=render_markdown(records, summary, gap_columns(how.confidence, how.style, how.lang)))
    else:
        from ytcs.report.terminal import gap_overview, gap_table

        colored = color and output is None
        if detail:
            text = gap_table(frame, how, title=title, color=colored) + summary + "\n"
        else:
            text = gap_overview(every_row, plan, how, title=title, color=colored, summary=summary)
        deliver(output, text=text, pager=pager)
