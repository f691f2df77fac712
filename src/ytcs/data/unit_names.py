"""Units given by name or DHIS2 UID instead of GSO code → their units.csv code.

A unit text is, in this order: a units.csv code; a DHIS2 UID of the optional `uid` column; a name,
compared after NFC, whitespace collapsing and case folding, first whole ("Huyện Ba Tơ") and then without
its administrative prefix ("Ba Tơ"; "Xã", "Phường", "Thị trấn", "Huyện", "Quận", "Thị xã", "Thành phố",
"Tỉnh"). A prefix the text keeps must be the unit's own, or fit its level when units.csv writes none:
"Xã Ba Tơ" never names "Huyện Ba Tơ" nor "Thị trấn Ba Tơ". A name may carry its hierarchy ("Tỉnh Quảng
Ngãi/Huyện Ba Tơ", as DHIS2 writes it with showHierarchy), which tells apart two units of one name. A name
that still fits two units is an error listing both, never a guess. Work is done once per distinct text.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ytcs.data.names import normalise_name
from ytcs.diagnostics import InputError, Location, quote

# Administrative prefixes (normalised) and the levels a unit so named may have; longest first.
PREFIX_LEVELS: dict[str, frozenset[str]] = {
    "thị trấn": frozenset({"commune"}),
    "thành phố": frozenset({"district", "province"}),
    "thị xã": frozenset({"district"}),
    "phường": frozenset({"commune"}),
    "huyện": frozenset({"district"}),
    "quận": frozenset({"district"}),
    "tỉnh": frozenset({"province"}),
    "xã": frozenset({"commune"}),
}


def split_prefix(normed: str) -> tuple[str, str]:
    """A normalised name → (its administrative prefix or '', the name without it)."""
    for prefix in PREFIX_LEVELS:
        if normed.startswith(prefix + " ") and len(normed) > len(prefix) + 1:
            return prefix, normed[len(prefix) + 1 :]
    return "", normed


class AmbiguousUnitName(InputError):
    """A unit text that fits several units; `codes` are theirs."""

    def __init__(self, text: str, codes: Sequence[str], described: Sequence[str], location: Location | None = None):
        self.text = text
        self.codes = tuple(codes)
        self.described = tuple(described)
        super().__init__(
            f"unit {quote(text)} could be {' or '.join(described)}; write the unit's code instead, or its name "
            "with the unit above it ('Huyện …/Xã …', or a 'Huyện' column beside a name column)",
            location,
        )

    def at(self, location: Location) -> AmbiguousUnitName:
        return AmbiguousUnitName(self.text, self.codes, self.described, location)


@dataclass(frozen=True)
class _NameTables:
    """A unit by UID, by full name and by name without its prefix; its name, level, parent and prefix."""

    uids: dict[str, str]
    full: dict[str, tuple[str, ...]]
    bare: dict[str, tuple[str, ...]]
    names: dict[str, str]
    levels: dict[str, str]
    parents: dict[str, str]
    prefixes: dict[str, str]


class UnitLookup:
    """units.csv arranged to find a unit by code, UID or name. Only the codes are ready at once: the name
    tables (a Python pass over every unit) are built the first time a text is not a code, so a folder that
    gives codes throughout never pays for them (a national list has 90,000 units)."""

    def __init__(self, units: pd.DataFrame) -> None:
        self._units = units
        self.codes = frozenset(units["code"].astype(str).tolist())

    @classmethod
    def of(cls, units: pd.DataFrame) -> UnitLookup:
        return cls(units)

    @cached_property
    def tables(self) -> _NameTables:
        """Over one row per code and name: a code whose versions share a name is one unit, not two a name
        could mean (with one row per code, as most units.csv have, there is nothing to drop)."""
        units = self._units if len(self.codes) == len(self._units) else self._units.drop_duplicates(["code", "name"])
        codes = units["code"].astype(str).tolist()
        names = units["name"].astype(str).tolist()
        normed = [normalise_name(name) for name in names]
        uids = {}
        if "uid" in units:
            uid = units["uid"].astype("string")
            uids = {str(u): c for u, c in zip(uid, codes, strict=True) if not pd.isna(u) and str(u)}
        split = [split_prefix(n) for n in normed]
        return _NameTables(
            uids,
            _group(normed, codes),
            _group([bare for _, bare in split], codes),
            dict(zip(codes, names, strict=True)),
            dict(zip(codes, units["level"].astype(str), strict=True)),
            dict(zip(codes, units["parent"].astype("string").fillna(""), strict=True)),
            {code: prefix for code, (prefix, _) in zip(codes, split, strict=True)},
        )

    def match(self, text: str) -> tuple[str, ...]:
        """The codes a unit text may mean: none, one, or several (ambiguous)."""
        if text in self.codes:
            return (text,)
        if text in self.tables.uids:
            return (self.tables.uids[text],)
        path = [part for part in text.split("/") if part.strip()]
        return self._match_path(path) if len(path) > 1 else self._match_name(text)

    def _match_path(self, path: list[str]) -> tuple[str, ...]:
        """A name with its hierarchy, 'Tỉnh A/Huyện B/Xã C' (DHIS2's showHierarchy): the last part, among
        units whose ancestors include every part above it that names a unit (the country names none)."""
        found = self.match(path[-1].strip())  # a code under a district column is still that code
        for part in path[:-1]:
            above = set(self._match_name(part))
            if above and len(found) > 1:
                found = tuple(code for code in found if above & set(self.ancestors(code)))
        return found

    def ancestors(self, code: str) -> list[str]:
        chain: list[str] = []
        while (code := self.tables.parents.get(code, "")) and code not in chain:
            chain.append(code)
        return chain

    def _match_name(self, text: str) -> tuple[str, ...]:
        normed = normalise_name(text)
        if normed in self.tables.full:
            return self.tables.full[normed]
        prefix, bare = split_prefix(normed)
        found = self.tables.bare.get(bare, ())
        if prefix:  # "Xã X" is the unit "X" of a commune level, never "Thị trấn X" nor "Huyện X"
            found = tuple(code for code in found if self._prefix_fits(code, prefix))
        return found

    def _prefix_fits(self, code: str, prefix: str) -> bool:
        own = self.tables.prefixes[code]
        return own == prefix or (own == "" and self.tables.levels[code] in PREFIX_LEVELS[prefix])

    def describe(self, code: str) -> str:
        """'Xã An Phú (21262, in Huyện Tư Nghĩa 525)': enough to tell two units of one name apart."""
        parent = self.tables.parents.get(code, "")
        within = f", in {self.tables.names.get(parent, parent)} {parent}" if parent else ""
        return f"{self.tables.names.get(code, code)} ({code}{within})"

    def ambiguous(self, text: str, codes: Sequence[str]) -> AmbiguousUnitName:
        return AmbiguousUnitName(text, codes, [self.describe(code) for code in codes])


def _group(keys: Sequence[str], codes: Sequence[str]) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for key, code in zip(keys, codes, strict=True):
        grouped.setdefault(key, []).append(code)
    return {key: tuple(found) for key, found in grouped.items()}


def resolve_names(units: pd.DataFrame | UnitLookup, texts: Iterable[str]) -> list[str | None]:
    """Each unit text (code, UID or name) → its units.csv code, None where no unit fits.

    Raises AmbiguousUnitName (an InputError, without a location) for a text that fits several units."""
    lookup = units if isinstance(units, UnitLookup) else UnitLookup.of(units)
    resolved: list[str | None] = []
    for text in texts:
        found = lookup.match(str(text))
        if len(found) > 1:
            raise lookup.ambiguous(str(text), found)
        resolved.append(found[0] if found else None)
    return resolved


def suggest(units: pd.DataFrame | UnitLookup, text: str, limit: int = 3) -> list[str]:
    """The codes of the units whose name (with or without its prefix) or code is closest to `text`, compared
    without diacritics: 'Duc Pho' suggests Thị xã Đức Phổ (for suggestions only; a match needs them)."""
    lookup = units if isinstance(units, UnitLookup) else UnitLookup.of(units)
    keys: dict[str, list[str]] = {}
    for key, codes in [
        *lookup.tables.bare.items(),
        *lookup.tables.full.items(),
        *((code, (code,)) for code in lookup.codes),
    ]:
        keys.setdefault(_folded(key), []).extend(codes)
    normed = normalise_name(text)
    close = difflib.get_close_matches(_folded(normed), list(keys), n=limit, cutoff=0.6)
    close += difflib.get_close_matches(_folded(split_prefix(normed)[1]), list(keys), n=limit, cutoff=0.6)
    return list(dict.fromkeys(code for key in close for code in keys[key]))[:limit]


def _folded(text: str) -> str:
    """A normalised name without diacritics ('ba to' for 'ba tơ', 'duc' for 'đức')."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def did_you_mean_unit(units: pd.DataFrame | UnitLookup, text: str) -> str:
    """'did you mean Huyện Ba Tơ (528, in Tỉnh Quảng Ngãi 51)?', or '' when nothing is close."""
    lookup = units if isinstance(units, UnitLookup) else UnitLookup.of(units)
    codes = suggest(lookup, text)
    return f"did you mean {' or '.join(lookup.describe(code) for code in codes)}?" if codes else ""


def _resolved_distinct(
    distinct: np.ndarray, lookup: UnitLookup, labels: Mapping[str, str]
) -> tuple[dict[int, str], dict[int, AmbiguousUnitName]]:
    """For the distinct texts that are no code: position → code found, or → the ambiguity."""
    replaced: dict[int, str] = {}
    ambiguous: dict[int, AmbiguousUnitName] = {}
    for position, text in enumerate(distinct):  # one pass over the distinct texts, not the rows
        text = str(text)
        if text in lookup.codes:
            continue
        found = lookup.match(text)
        if not found and text in labels:  # a DHIS2 UID whose name the export gives
            found = lookup.match(labels[text])
        if len(found) > 1:
            ambiguous[position] = lookup.ambiguous(text, found)
        elif found:
            replaced[position] = found[0]
    return replaced, ambiguous


def resolve_units(
    texts: np.ndarray, rows: np.ndarray, display: str, lookup: UnitLookup, labels: Mapping[str, str]
) -> np.ndarray | None:
    """One file's unit texts as units.csv codes (None: nothing to change); texts no unit fits stay as they
    are, for the unknown-unit check to report. A text that fits two units is an error at its first row."""
    row_codes, distinct = pd.factorize(texts)
    replaced, ambiguous = _resolved_distinct(np.asarray(distinct, dtype=object), lookup, labels)
    if ambiguous:
        at = np.flatnonzero(np.isin(row_codes, list(ambiguous)))
        first = int(at[np.argmin(rows[at])])
        raise ambiguous[int(row_codes[first])].at(Location(display, int(rows[first])))
    if not replaced:
        return None
    fixed = np.array([replaced.get(i, str(text)) for i, text in enumerate(distinct)], dtype=object)
    return fixed[row_codes]


def resolve_published_units(frame: pd.DataFrame, lookup: UnitLookup, displays: Mapping[str, str]) -> pd.DataFrame:
    """Published history's unit texts replaced by their units.csv codes, file by file."""
    units = frame["unit"].to_numpy(dtype=object).copy()
    changed = False
    for file, positions in frame.groupby("file", sort=False).indices.items():
        rows = frame["row"].to_numpy()[positions]
        fixed = resolve_units(units[positions], rows, displays.get(str(file), str(file)), lookup, {})
        if fixed is not None:
            units[positions] = fixed
            changed = True
    return frame.assign(unit=pd.array(units, dtype="string")) if changed else frame
