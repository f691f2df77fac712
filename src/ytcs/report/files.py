"""Files for other programs: JSON, CSV (Excel-safe), XLSX, Markdown, and validation reports (text, JSON,
GitHub annotations). Every format is built from the same records and frames."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from typing import Any

from ytcs.diagnostics import Issue


def to_json(records: Any) -> str:
    """JSON as scripts want it: UTF-8 text kept readable, NaN written as null."""
    return json.dumps(_json_safe(records), ensure_ascii=False, indent=2) + "\n"


def _json_safe(value: Any) -> Any:
    """The value with NaN and infinities (which JSON lacks) as None, at any depth."""
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
                {
                    "file": i.file,
                    "line": i.line,
                    "column": i.column,
                    "severity": i.severity,
                    "path": i.path,
                    "message": i.message,
                    "code": i.code,
                }
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
        props = (
            f"file={_escape_property(issue.file)},line={issue.line},col={issue.column},"
            f"title={_escape_property('ytcs ' + (issue.code or issue.severity))}"
        )
        message = f"{issue.path}: {issue.message}" if issue.path else issue.message
        lines.append(f"::{issue.severity} {props}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines) + summary + "\n"


ISSUE_RENDERERS = {"text": render_issues_text, "json": render_issues_json, "github": render_issues_github}


def frame_to_csv_bytes(frame: Any, *, excel: bool = False) -> bytes:
    """UTF-8 with BOM so Excel opens Vietnamese text right; formula-like text neutralised (report.csv_text).

    `excel` writes the dialect of an Excel set to Vietnamese: `;` between fields and a decimal comma.
    """
    return b"".join(frame_to_csv_chunks(frame, excel=excel))


def frame_to_csv_chunks(frame: Any, *, excel: bool = False) -> Iterator[bytes | memoryview]:
    """`frame_to_csv_bytes` in pieces, for outputs too large to hold as one text (the BOM first)."""
    from ytcs.report.csv_text import EXCEL_VI, PLAIN, csv_chunks

    yield "\ufeff".encode()
    yield from csv_chunks(frame, EXCEL_VI if excel else PLAIN)


def render_markdown(records: list[dict[str, str]], summary: str, columns: Sequence[tuple[str, str]]) -> str:
    """A Markdown table (pipes in cells escaped) and the summary below it."""
    header = "| " + " | ".join(h for _, h in columns) + " |\n"
    rule = "|" + "---|" * len(columns) + "\n"
    body = "".join("| " + " | ".join(str(r[k]).replace("|", "\\|") for k, _ in columns) + " |\n" for r in records)
    return header + rule + body + "\n" + summary + "\n"
