"""Text a spreadsheet would run as a formula (OWASP CSV injection), neutralised in every file ytcs writes."""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> Any:
    """Text starting like a formula gets a leading quote, so a spreadsheet shows it instead of running it."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
