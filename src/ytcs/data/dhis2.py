"""DHIS2 exports, told apart by their header: data value sets and analytics tables (CSV, XLSX or JSON).

- Data value set: `dataelement,period,orgunit,catoptcombo,attroptcombo,value,storedby,lastupdated,comment,
  followup`. Versions word the header differently (`categoryoptioncombo`, `strby`, `cmt`), so a header is
  read by position once at least four of its first six words are data value set words.
- Analytics: `Data,Period,Organisation unit,Value` (display names) or `dx,pe,ou,value`, by name, with an
  optional category option combo (`co`); `Numerator`, `Denominator`, `Factor`… are ignored.

Each value's data element becomes a dictionary variable (`ytcs.data.mapping`), its period a year and month
(`ytcs.data.periods`); its organisation unit stays as written until the folder's units turn it into a code
(`ytcs.data.unit_names`). Values of one variable, unit and period (category and attribute option combos)
are summed; the same value given twice with two different numbers is an error naming both rows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ytcs.data.counts import Block, block_from_long
from ytcs.data.forms import read_numbers
from ytcs.data.mapping import ElementMapping
from ytcs.data.names import normalise_name
from ytcs.data.numbers import FormatOption
from ytcs.data.periods import parse_periods, quarters_to_years
from ytcs.data.table import Table
from ytcs.data.unit_names import UnitLookup, resolve_units
from ytcs.diagnostics import Finding, InputError, Location, number_for_message, quote
from ytcs.plans.load import did_you_mean

# A data value set's columns by position: (role, the words DHIS2 versions write); None: not read.
DATA_VALUE_SET: tuple[tuple[str | None, tuple[str, ...]], ...] = (
    ("element", ("dataelement", "data element", "de", "dataelementid", "data_element")),
    ("period", ("period", "pe", "periodid")),
    ("unit", ("orgunit", "org unit", "ou", "organisationunit", "orgunitid", "organisation unit")),
    ("combo", ("catoptcombo", "categoryoptioncombo", "coc", "categoryoptioncomboid", "category option combo")),
    ("attribute", ("attroptcombo", "attributeoptioncombo", "aoc", "attributeoptioncomboid")),
    ("value", ("value", "val")),
    (None, ("storedby", "strby", "stored by")),
    (None, ("lastupdated", "lstupd", "last updated", "timestamp", "created")),
    (None, ("comment", "cmt")),
    (None, ("followup", "fup", "follow up")),
)
# Analytics columns by name (normalised).
ANALYTICS: dict[str, tuple[str, ...]] = {
    "element": ("data", "dx", "data element"),
    "period": ("period", "pe"),
    "unit": ("organisation unit", "organization unit", "org unit", "orgunit", "ou"),
    "combo": ("category option combo", "categoryoptioncombo", "co"),
    "value": ("value",),
}
ANALYTICS_IGNORED = frozenset({"numerator", "denominator", "factor", "multiplier", "divisor"})


@dataclass(frozen=True)
class Layout:
    """Which DHIS2 form a header is, and the column of each role (element, period, unit, value, …)."""

    kind: str
    roles: dict[str, int]


@dataclass
class Dhis2Context:
    """What reading a DHIS2 table needs besides its cells."""

    names: Mapping[str, tuple[str, ...]]
    mapping: ElementMapping
    rules: Mapping[str, str]  # variable → time aggregation (sum, mean, last)
    option: FormatOption = "auto"
    labels: Mapping[str, str] = field(default_factory=dict)  # UID → name (an analytics JSON's metaData)
    units: UnitLookup | None = None  # units.csv, to turn names and UIDs into codes before values are summed


def layout_of(headers: list[str]) -> Layout | None:
    """The DHIS2 form a header is, or None when it is none of them."""
    normed = [normalise_name(header) for header in headers]
    hits = [i for i, (_, words) in enumerate(DATA_VALUE_SET[:6]) if i < len(normed) and normed[i] in words]
    if len(hits) >= 4 and len(normed) >= 6:
        roles = {role: i for i, (role, _) in enumerate(DATA_VALUE_SET) if role is not None}
        if "deleted" in normed:
            roles["deleted"] = normed.index("deleted")
        return Layout("data value set", roles)
    found = {role: normed.index(w) for role, words in ANALYTICS.items() for w in words if w in normed}
    if {"element", "period", "unit", "value"} <= set(found):
        return Layout("analytics", found)
    return None


def _element_texts(element: str, combo: str, context: Dhis2Context) -> tuple[list[str], list[str]]:
    """The texts a data element and combo may be known by: as written, by name (metaData), and an analytics
    operand `element.combo` split in two."""
    if "." in element and not combo:
        element, combo = element.split(".", 1)
    elements = [element] + ([context.labels[element]] if element in context.labels else [])
    combos = [combo] + ([context.labels[combo]] if combo in context.labels else [])
    return elements, combos


def _variables_of(element: str, combo: str, context: Dhis2Context) -> tuple[tuple[str, ...], bool]:
    """(the variables a value of this data element and combo feeds; whether mapping.csv or the dictionary
    knows the element). mapping.csv first, then the dictionary's ids and labels."""
    elements, combos = _element_texts(element, combo, context)
    for text in elements:
        known, variables = context.mapping.variables_of(text, combos)
        if known:
            return variables, True
    for text in elements:
        ids = context.names.get(normalise_name(text), ())
        if len(ids) == 1:
            return ids, True
    return (), False


@dataclass
class _Elements:
    """Each row's (element, combo) pair, the variables of each pair, and findings about what is not taken."""

    pair: np.ndarray
    variables: pd.DataFrame  # pair, variable: one row per variable a pair feeds
    findings: list[Finding]


def _resolve_elements(table: Table, layout: Layout, context: Dhis2Context) -> _Elements:
    """Data elements (and combos) → variables, once per distinct pair; unmapped ones are findings."""
    elements = table.text(layout.roles["element"])
    no_combo = pd.Series("", index=elements.index, dtype="string")
    combos = table.text(layout.roles["combo"]) if "combo" in layout.roles else no_combo
    codes, pairs = pd.factorize(elements + "\x1f" + combos, sort=False)
    fed: list[tuple[int, str]] = []
    unknown: dict[str, list[int]] = {}
    untaken: list[int] = []
    for position, pair in enumerate(pairs):  # one pass over the distinct element and combo pairs
        element, combo = str(pair).split("\x1f", 1)
        variables, known = _variables_of(element, combo, context)
        fed += [(position, variable) for variable in variables]
        if not known:
            unknown.setdefault(element, []).append(position)
        elif not variables:
            untaken.append(position)
    findings = [_unmapped(table, layout, element, np.isin(codes, at), context) for element, at in unknown.items()]
    if untaken:
        findings.append(_untaken(table, elements, combos, np.isin(codes, untaken)))
    return _Elements(codes, pd.DataFrame(fed, columns=["pair", "variable"]), findings)


def _unmapped(table: Table, layout: Layout, element: str, rows: np.ndarray, context: Dhis2Context) -> Finding:
    label = context.labels.get(element)
    shown = f"{quote(element)}{f' ({label})' if label else ''}"
    hint = did_you_mean(normalise_name(label or element), list(context.names))
    message = (
        f"data element {shown} ({int(rows.sum())} value(s)) is not a variable of the data dictionary nor in "
        f"mapping.csv and is ignored{hint + ' ' if hint else '; '}map it in mapping.csv (source,variable) if ytcs "
        "needs it"
    )
    first = int(table.rows[np.flatnonzero(rows)[0]])
    return Finding(
        "unmapped-element", message, Location(table.file, first, table.column_label(layout.roles["element"]))
    )


def _untaken(table: Table, elements: pd.Series, combos: pd.Series, rows: np.ndarray) -> Finding:
    first = int(np.flatnonzero(rows)[0])
    message = (
        f"{int(rows.sum())} value(s) of category option combos that mapping.csv does not take are ignored (e.g. "
        f"{quote(str(elements.iloc[first]))}, {quote(str(combos.iloc[first]))}); add a mapping row for the combo, "
        "or one without a combo to sum them all"
    )
    return Finding("unmapped-element", message, Location(table.file, int(table.rows[first])))


def _subset(table: Table, keep: np.ndarray) -> Table:
    cells = [column[keep].reset_index(drop=True) for column in table.cells]
    return dataclasses.replace(table, cells=cells, rows=table.rows[keep])


def _first_of_repeats(table: Table, layout: Layout, value: np.ndarray, units: np.ndarray) -> np.ndarray:
    """Which rows to keep: the same data value (element, combos, unit, period) given twice must agree, and
    counts once."""
    keys: list[str] = [role for role in ("element", "combo", "attribute", "period") if role in layout.roles]
    frame = pd.DataFrame({role: table.text(layout.roles[role]) for role in keys}).assign(unit=units)
    keys.append("unit")
    repeated = frame.duplicated(keep=False).to_numpy()
    if not repeated.any():
        return np.ones(len(frame), dtype=bool)
    groups = frame[repeated].groupby(keys, sort=False).ngroup().to_numpy()
    values = pd.Series(value[repeated])
    differ = values.groupby(groups).transform("nunique").to_numpy() > 1
    if differ.any():
        at = np.flatnonzero(repeated)[differ]
        same = at[groups[differ] == groups[differ][0]]
        first, other = int(same[0]), int(next(p for p in same if value[p] != value[same[0]]))
        raise InputError(
            f"the same data value is {number_for_message(value[other])} here but "
            f"{number_for_message(value[first])} on row {int(table.rows[first])}; a value given twice must "
            "agree: correct or remove one of the two rows",
            Location(table.display, int(table.rows[other])),
        )
    return ~frame.duplicated(keep="first").to_numpy()


def _refuse_empty_units(table: Table, layout: Layout) -> None:
    empty = (table.text(layout.roles["unit"]) == "").to_numpy(dtype=bool)
    if empty.any():
        raise InputError(
            "the organisation unit is empty but the row has a value; every value needs its unit",
            table.where(int(table.rows[np.flatnonzero(empty)[0]]), layout.roles["unit"]),
        )


def _unit_codes(table: Table, layout: Layout, context: Dhis2Context) -> np.ndarray:
    """Organisation units as units.csv codes where a unit fits (by code, UID or name), as written elsewhere."""
    texts = table.text(layout.roles["unit"]).astype(object).to_numpy()
    if context.units is None:
        return texts
    codes = resolve_units(texts, table.rows, table.display, context.units, context.labels)
    return texts if codes is None else codes


def interpret_dhis2(table: Table, layout: Layout, context: Dhis2Context) -> tuple[Block | None, list[Finding]]:
    """One DHIS2 table → a block of counts (None when it holds nothing ytcs needs) and findings."""
    if "deleted" in layout.roles:  # values deleted in DHIS2 are no data
        table = _subset(table, ~table.text(layout.roles["deleted"]).str.casefold().eq("true").to_numpy(dtype=bool))
    elements = _resolve_elements(table, layout, context)
    taken = np.isin(elements.pair, elements.variables["pair"].to_numpy())
    table, pair = _subset(table, taken), elements.pair[taken]
    value = read_numbers(table, [layout.roles["value"]], context.option)[layout.roles["value"]]
    given = ~np.isnan(value)
    table, pair, value = _subset(table, given), pair[given], value[given]
    _refuse_empty_units(table, layout)
    units = _unit_codes(table, layout, context)
    keep = _first_of_repeats(table, layout, value, units)
    table, pair, value, units = _subset(table, keep), pair[keep], value[keep], units[keep]
    period_column = layout.roles["period"]
    periods = parse_periods(table.text(period_column), table.rows, table.display, table.column_label(period_column))
    values = pd.DataFrame(
        {
            "unit": units,
            "year": periods.year,
            "month": periods.month,
            "quarter": periods.quarter,
            "pair": pair,
            "value": value,
            "row": table.rows.astype(np.int64),
        }
    )
    long = values.merge(elements.variables, on="pair").drop(columns="pair")  # a value may feed several variables
    long = long.groupby(["unit", "year", "month", "quarter", "variable"], sort=False, as_index=False).agg(
        value=("value", "sum"), row=("row", "min")
    )  # the combos of one variable, unit and period: summed
    long, findings = quarters_to_years(long, context.rules, table.file)
    if long.empty:
        return None, [*elements.findings, *findings]
    return block_from_long(table.file, long), [*elements.findings, *findings]
