"""`mapping.csv`: which DHIS2 data element (and category option combo) is which dictionary variable.

Columns `source,variable[,category_option_combo]`. `source` is a data element's UID, code or name as the
export writes it; `variable` a variable id or Vietnamese label of the data dictionary. A row without a
category option combo takes every combo of the element, summed; a row with one takes that combo only, and
the element's row without a combo then sums the others. Compared after NFC and case folding.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ytcs.data.csv_table import read_csv_table
from ytcs.data.names import did_you_mean, normalise_name, suggestions
from ytcs.diagnostics import InputError, Location, display_path, quote

MAPPING_FILE = "mapping.csv"
MAPPING_HEADERS = ("source", "variable", "category_option_combo")
ALL_COMBOS = ""  # the key of a row that names no category option combo


@dataclass(frozen=True)
class ElementMapping:
    """Normalised data element → {normalised combo or ALL_COMBOS → variable id}."""

    elements: dict[str, dict[str, str]] = field(default_factory=dict)

    def variable_of(self, element: str, combo: str) -> tuple[bool, str | None]:
        """(whether mapping.csv names the element, the variable of this combo or None: not taken)."""
        combos = self.elements.get(normalise_name(element))
        if combos is None:
            return False, None
        return True, combos.get(normalise_name(combo), combos.get(ALL_COMBOS))


def _variable_id(text: str, names: Mapping[str, tuple[str, ...]], where: Location) -> str:
    """A mapping row's variable (id or label) → its id, or an error with a 'did you mean'."""
    ids = names.get(normalise_name(text), ())
    if len(ids) == 1:
        return ids[0]
    if ids:
        raise InputError(f"{quote(text)} names several variables ({', '.join(ids)}); use the variable id", where)
    close = suggestions(normalise_name(text), names)
    hint = f"did you mean {did_you_mean(close, names)}? " if close else ""
    raise InputError(
        f"{quote(text)} is not a variable of the data dictionary; {hint}use a variable id (e.g. live_births)",
        where,
    )


def read_mapping(path: Path, names: Mapping[str, tuple[str, ...]]) -> ElementMapping:
    """Read mapping.csv (absent: an empty mapping); every row checked, a source mapped twice refused."""
    if not os.path.lexists(path):
        return ElementMapping()
    display = display_path(path)
    table = read_csv_table(path, path.name, display)
    normed = [normalise_name(header) for header in table.headers]
    if "source" not in normed or "variable" not in normed:
        raise InputError("the header must be source,variable[,category_option_combo]", Location(display, 1))
    sources = table.text(normed.index("source"))
    variables = table.text(normed.index("variable"))
    has_combo = "category_option_combo" in normed
    combos = table.text(normed.index("category_option_combo")) if has_combo else pd.Series("", index=sources.index)
    elements: dict[str, dict[str, str]] = {}
    for source, variable, combo, row in zip(sources, variables, combos, table.rows, strict=True):
        if source == "" and variable == "":
            continue  # a blank row
        where = table.where(int(row), normed.index("variable" if source else "source"))
        if source == "" or variable == "":
            raise InputError("every row needs a source and a variable", where)
        variable_id = _variable_id(variable, names, where)
        key = normalise_name(combo)
        known = elements.setdefault(normalise_name(source), {})
        if key in known and known[key] != variable_id:
            raise InputError(
                f"{quote(source)}{f' ({combo})' if combo else ''} is mapped to {known[key]} on an earlier row and "
                f"to {variable_id} here; map each data element (and combo) once",
                where,
            )
        known[key] = variable_id
    return ElementMapping(elements)
