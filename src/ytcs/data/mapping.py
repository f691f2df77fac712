"""`mapping.csv`: which DHIS2 data element (and category option combo) is which dictionary variable.

Columns `source,variable[,category_option_combo]`. `source` is a data element's UID, code or name as the
export writes it; `variable` a variable id or Vietnamese label of the data dictionary. A row without a
category option combo takes every combo of the element, summed (the element's total); a row with one takes
that combo only, into its own variable (`BIRTHS,live_births` and `BIRTHS,live_births_male,Male`: all births,
and the boys among them). Several combo rows may name one variable (they add up); a variable given both
an element's total and one of its combos would count that combo twice and is refused. Texts are compared
after NFC and case folding.
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
    """Normalised data element → {normalised combo or ALL_COMBOS → the variable ids it feeds}."""

    elements: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def variables_of(self, element: str, combos: list[str]) -> tuple[bool, tuple[str, ...]]:
        """(whether mapping.csv names the element, the variables a value of one of these combo texts feeds:
        the element's total and the combo's own; none when the combo is not taken)."""
        known = self.elements.get(normalise_name(element))
        if known is None:
            return False, ()
        own = next((known[c] for c in map(normalise_name, combos) if c and c in known), [])
        return True, tuple(dict.fromkeys([*known.get(ALL_COMBOS, []), *own]))


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
    elements: dict[str, dict[str, list[str]]] = {}
    for source, variable, combo, row in zip(sources, variables, combos, table.rows, strict=True):
        if source == "" and variable == "":
            continue  # a blank row
        where = table.where(int(row), normed.index("variable" if source else "source"))
        if source == "" or variable == "":
            raise InputError("every row needs a source and a variable", where)
        variable_id = _variable_id(variable, names, where)
        known = elements.setdefault(normalise_name(source), {})
        key = normalise_name(combo)
        clash = [k for k, ids in known.items() if (k == ALL_COMBOS) != (key == ALL_COMBOS) and variable_id in ids]
        if clash:
            earlier, here = ("the total", f"its combo {quote(combo)}") if key else ("a combo", "its total")
            raise InputError(
                f"{variable_id} is given {earlier} of {quote(source)} on an earlier row and {here} here, which "
                "would count that combo twice; keep one of the two rows",
                where,
            )
        if variable_id not in known.setdefault(key, []):
            known[key].append(variable_id)
    return ElementMapping(elements)
