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


def render_table(records: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]], title: str = "") -> str:
    """A Rich table of `records`, `columns` = [(key, header)], rendered to text."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title or None, show_lines=False, header_style="bold")
    for _, header in columns:
        table.add_column(header, overflow="fold")
    for record in records:
        table.add_row(*(_cell(record.get(key)) for key, _ in columns))
    console = Console(width=200, record=True, force_terminal=False, color_system=None)
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
    if decimals is None:
        text = f"{value:,.6f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:,.{decimals}f}"
    if style == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text
