"""How names in data files are compared and matched to the data dictionary's variables."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping

from ytcs.plans.models import Variable

DIFFLIB_CUTOFF = 0.85


def normalise_name(text: str) -> str:
    """How headers and names are compared: NFC, whitespace collapsed, case folded."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def variable_names(variables: Mapping[str, Variable]) -> dict[str, tuple[str, ...]]:
    """Every accepted name of each variable (id, label_vi, aliases) → the ids it names (one, unless the
    dictionary gives two variables the same alias)."""
    names: dict[str, list[str]] = {}
    for variable in variables.values():
        for name in (variable.id, variable.label_vi, *variable.aliases):
            ids = names.setdefault(normalise_name(name), [])
            if variable.id not in ids:
                ids.append(variable.id)
    return {name: tuple(ids) for name, ids in names.items()}


def suggestions(name: str, names: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The accepted names closest to a misspelt one (at most three)."""
    return difflib.get_close_matches(name, list(names), n=3, cutoff=DIFFLIB_CUTOFF)


def did_you_mean(close: list[str], names: Mapping[str, tuple[str, ...]]) -> str:
    """The closest name of each suggested variable: `'dân số' (population) or …`."""
    best: dict[tuple[str, ...], str] = {}
    for name in close:
        best.setdefault(names[name], name)
    return " or ".join(f"'{name}' ({', '.join(ids)})" for ids, name in best.items())
