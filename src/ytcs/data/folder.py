"""A data folder of count files from Vietnamese offices → one checked, long-form DataSet.

The folder layout is a public interface:

- `units.csv`: `code,name,level,parent[,uid][,valid_from,valid_to]` (see `ytcs.data.units`).
- `crosswalk.csv` (optional): how units changed on a reorganisation (see `ytcs.data.crosswalk`); counts
  reported on units not on the chosen map are carried onto it (see `ytcs.data.carry`).
- `mapping.csv` (optional): DHIS2 data elements → dictionary variables (see `ytcs.data.mapping`).
- every other `*.csv` / `*.xlsx` / `*.json`, and `*.txt` saved by Excel as "Unicode text" (not recursive,
  sorted by name, names starting with `.` or `~$` skipped) is a count file in one of three forms, told
  apart by its header (see `ytcs.data.forms`), or a DHIS2 export (see `ytcs.data.dhis2`). Units may be
  given by code, DHIS2 UID or name (`ytcs.data.unit_names`).

Every file is read, and every file that cannot be used is reported (one `InputError` each, naming file,
row and column) before the reading stops; problems that do not stop the reading are `Finding`s,
returned with the data.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ytcs.data.carry import carry_to_map, empty_markers
from ytcs.data.combine import (
    Unpadding,
    concat,
    drop_duplicates,
    resolve_block_codes,
    restore_block_zeros,
    restore_published_zeros,
)
from ytcs.data.count_files import Fast, count_files_read_early
from ytcs.data.counts import Block, Counts, block_from_long, concat_blocks, merge_duplicates, take_rows
from ytcs.data.crosswalk import CROSSWALK_FILE, Crosswalk, read_crosswalk
from ytcs.data.csv_table import read_csv_table
from ytcs.data.dhis2 import Dhis2Context, interpret_dhis2, layout_of
from ytcs.data.forms import empty_published, interpret
from ytcs.data.hierarchy import Hierarchy
from ytcs.data.mapping import MAPPING_FILE, read_mapping
from ytcs.data.names import variable_names
from ytcs.data.number_formats import FormatOption, NumberFormats
from ytcs.data.table import Table
from ytcs.data.unit_names import UnitLookup, resolve_published_units
from ytcs.data.units import UNITS_FILE, read_units
from ytcs.data.versions import TODAY, UnitVersions, day_number, period_ends
from ytcs.diagnostics import DataErrors, Finding, InputError, Location, display_path
from ytcs.plans.load import did_you_mean
from ytcs.plans.models import Variable


@dataclass
class DataSet:
    """Everything read from a data folder: units, counts (wide), published history, findings."""

    units: pd.DataFrame
    counts: Counts
    published: pd.DataFrame
    findings: list[Finding] = field(default_factory=list)
    # Values carried onto this map across a change of units: unit, year, variable, marker (1 exact, 2 apportioned).
    carried: pd.DataFrame = field(default_factory=empty_markers)
    map_day: int | None = None  # the day whose units `units` are (yyyymmdd); None: today's map
    versions: UnitVersions | None = None  # every version of every unit, when units.csv gives validities

    @classmethod
    def from_values(
        cls, units: pd.DataFrame, values: pd.DataFrame, published: pd.DataFrame, findings: list[Finding] | None = None
    ) -> DataSet:
        """A DataSet from counts in long form (unit, year, month, variable, value, file, row), one file's worth."""
        file = str(values["file"].iloc[0]) if len(values) else "values"
        counts = concat_blocks([block_from_long(file, values)] if len(values) else [])
        return cls(units, counts, published, list(findings or []))

    @property
    def values(self) -> pd.DataFrame:
        """The counts in long form, one row per cell given (unit, year, month, variable, value, file, row)."""
        return self.counts.long()

    @property
    def hierarchy(self) -> Hierarchy:
        """The units as arrays, built once for the checks and the engine (again only if `units` is replaced)."""
        built = self.__dict__.get("_hierarchy")
        if built is None or built[0] is not self.units:
            built = (self.units, Hierarchy.of(self.units))
            self.__dict__["_hierarchy"] = built
        return built[1]


def _folder_entries(folder: Path) -> list[Path]:
    """The files of the folder, sorted by name, without hidden files and Excel's lock files."""
    shown = display_path(folder)
    if not folder.is_dir():
        raise InputError("no such data folder", Location(shown))
    entries = sorted(
        (p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$"))),
        key=lambda p: p.name,
    )
    if not entries:
        raise InputError(
            "the data folder is empty; put units.csv and the count files (*.csv, *.xlsx) in it", Location(shown)
        )
    return entries


@dataclass
class _FileParts:
    """What the count files gave, file by file, before they are combined."""

    blocks: list[Block] = field(default_factory=list)
    published: list[pd.DataFrame] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    displays: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # DHIS2 UID → name, from analytics JSON metaData


def _read_json(path: Path, display: str, context: Dhis2Context, parts: _FileParts) -> None:
    """A DHIS2 JSON export: its numbers are plain by definition (JSON), whatever --number-format says."""
    from ytcs.data.dhis2_json import read_dhis2_json  # imported here: only a folder with a .json file needs it

    table, labels = read_dhis2_json(path, path.name, display)
    layout = layout_of(table.headers)
    if layout is None:
        raise InputError(
            f"the analytics headers ({', '.join(table.headers)}) name no data, period, organisation unit and value "
            "(dx, pe, ou, value); export them with the analytics response",
            Location(display),
        )
    parts.labels.update(labels)
    block, findings = interpret_dhis2(table, layout, dataclasses.replace(context, option="en", labels=labels))
    parts.blocks += [block] if block is not None and len(block.rows) else []
    parts.findings += findings


def _read_count_files(
    count_files: list[Path], context: Dhis2Context, formats: NumberFormats, fast: dict[Path, Future[Fast]]
) -> _FileParts:
    """Every count file read and interpreted; a file that cannot be used adds its error and the rest go on.
    `fast`: the fast road's result for each CSV file (started early), taken first."""
    parts = _FileParts()
    for path in count_files:
        display = display_path(path)
        parts.displays[path.name] = display
        try:
            taken = fast.pop(path).result() if path in fast else None
            if taken is not None:
                parts.blocks.append(taken[0])
                parts.findings += taken[1]
            elif path.suffix.casefold() == ".json":
                _read_json(path, display, context, parts)
            else:
                for table in _tables_of(path, display):  # a workbook: every visible sheet is a table, as a file is
                    parts.displays[table.file] = table.display
                    _interpret_table(table, dataclasses.replace(context, option=formats.for_file(path.name)), parts)
        except InputError as error:
            parts.errors.append(error)
    return parts


def _tables_of(path: Path, display: str) -> list[Table]:
    """A workbook's tables (every visible sheet), or a CSV file's one table."""
    if path.suffix.casefold() == ".xlsx":
        # Imported here: only a folder with a workbook needs the XLSX reader (and xml.etree, ~3 ms of start-up).
        from ytcs.data.xlsx_table import read_xlsx_tables

        return read_xlsx_tables(path, path.name, display)
    return [read_csv_table(path, path.name, display)]


def _interpret_table(table: Table, context: Dhis2Context, parts: _FileParts) -> None:
    layout = layout_of(table.headers)
    if layout is not None:  # a DHIS2 export, as CSV or XLSX
        dhis2_block, dhis2_findings = interpret_dhis2(table, layout, context)
        parts.blocks += [dhis2_block] if dhis2_block is not None and len(dhis2_block.rows) else []
        parts.findings += [*table.findings, *dhis2_findings]
        return
    block, published, findings = interpret(table, context.names, context.option)
    if block is not None and len(block.rows):
        parts.blocks.append(block)
    parts.published.append(published)
    parts.findings += [*table.findings, *findings]


def _check_published_ids(published: pd.DataFrame, indicators: Collection[str], displays: dict[str, str]) -> None:
    """A published value for an indicator id the catalog does not know would silently join nothing."""
    unknown = published[~published["indicator"].astype(str).isin(list(indicators))]
    if unknown.empty:
        return
    first = unknown.iloc[0]
    name = str(first["indicator"])
    hint = did_you_mean(name, indicators).removeprefix("; ")
    raise InputError(
        f"'{name}' is not an indicator id of the catalog; {hint + ' ' if hint else ''}published values are matched "
        "to indicators by id: correct it (`ytcs indicators` lists the ids)",
        Location(displays.get(str(first["file"]), str(first["file"])), int(first["row"]), "indicator"),
    )


def read_data_folder(
    folder: Path,
    variables: dict[str, Variable],
    *,
    number_format: FormatOption | NumberFormats = "auto",
    indicators: Collection[str] | None = None,
    on: dt.date | None = None,
    within: str | None = None,
) -> DataSet:
    """Read units.csv and every count file of `folder` into one DataSet (see the module docstring);
    published values must name one of `indicators` when given. The DataSet is on the map of the day `on`
    (a plan's date; None: today's map): counts reported on other versions of the units are carried onto it.
    `within` (a plan's jurisdiction): when units.csv has versions, the DataSet keeps that unit and the units
    below it; the others are listed so that the crosswalk is complete, and serve only to carry counts.
    `number_format`: for every file, or file by file (ytcs.data.number_formats).

    Raises InputError when the folder or units.csv cannot be used, and DataErrors (an InputError) naming
    every count file that cannot be used as it is.
    """
    formats = NumberFormats.of(number_format)
    folder = Path(folder)
    entries = _folder_entries(folder)
    units_path = _entry(entries, folder, UNITS_FILE)
    crosswalk_path = _entry(entries, folder, CROSSWALK_FILE)
    names = variable_names(variables)
    with count_files_read_early(entries, {units_path, crosswalk_path}, folder, names) as early:
        versions, findings = read_units(units_path)
        crosswalk = read_crosswalk(crosswalk_path, versions)
        lookup = UnitLookup.of(versions.frame)  # every version's names (a code's repeated name counted once)
        count_files, ignored = early.files()
        formats.check_files([path.name for path in count_files], display_path(folder))
        rules = {name: variable.time_aggregation for name, variable in variables.items()}
        mapping = read_mapping(_entry(entries, folder, MAPPING_FILE), names)
        context = Dhis2Context(names, mapping, rules, "auto", units=lookup)
        parts = _read_count_files(count_files, context, formats, early.fast)
    if parts.errors:
        raise DataErrors(parts.errors)
    findings += ignored + parts.findings
    published = concat([p for p in parts.published if not p.empty], empty_published())
    unpadding = Unpadding(lookup.codes)
    findings += restore_block_zeros(parts.blocks, unpadding)
    published, padded_published = restore_published_zeros(published, unpadding)
    resolve_block_codes(parts.blocks, lookup, parts.labels, parts.displays)
    published = resolve_published_units(published, lookup, parts.displays)
    if indicators is not None:
        _check_published_ids(published, indicators, parts.displays)
    counts = merge_duplicates(concat_blocks(parts.blocks), parts.displays)
    published = drop_duplicates(published, ["unit", "year", "indicator", "source"], parts.displays, "published")
    data = _on_map(versions, crosswalk, counts, published, variables, parts.displays, on, within)
    data.findings[:0] = findings + padded_published
    return data


def _entry(entries: list[Path], folder: Path, name: str) -> Path:
    """The folder's file of that name, in any case (the path it would have when there is none)."""
    return next((p for p in entries if p.name.casefold() == name), folder / name)


def _on_map(
    versions: UnitVersions,
    crosswalk: Crosswalk,
    counts: Counts,
    published: pd.DataFrame,
    variables: dict[str, Variable],
    displays: dict[str, str],
    on: dt.date | None,
    within: str | None,
) -> DataSet:
    """The counts and published values on the map of the day `on`, kept to `within` when units.csv has
    versions (the other units are there for the crosswalk)."""
    map_day = day_number(on) if on is not None else None
    units = versions.on(map_day)
    carried = carry_to_map(counts, versions, crosswalk, map_day, variables, displays)
    published, off_map = _published_on_map(published.reset_index(drop=True), versions, map_day)
    counts = carried.counts
    if within is not None and versions.versioned:
        units, counts, published, carried.markers = _within(units, counts, published, carried.markers, within)
    return DataSet(
        units=units,
        counts=counts,
        published=published,
        findings=carried.findings() + off_map,
        carried=carried.markers,
        map_day=map_day,
        versions=versions if versions.versioned else None,
    )


def _within(
    units: pd.DataFrame, counts: Counts, published: pd.DataFrame, markers: pd.DataFrame, code: str
) -> tuple[pd.DataFrame, Counts, pd.DataFrame, pd.DataFrame]:
    """A unit of the map and everything below it; rows of the map's other units are left out (rows of codes
    units.csv does not know stay, for the unknown-unit check to name)."""
    hierarchy = Hierarchy.of(units)
    inside = hierarchy.under(code)
    if not inside.any():
        return units, counts, published, markers
    codes = hierarchy.codes
    outside = pd.Index(codes[~inside])
    keep = counts.unit_index(outside) < 0  # looked up per distinct code
    published = published[outside.get_indexer(published["unit"].astype(object).to_numpy()) < 0]
    markers = markers[~markers["unit"].isin(outside)]
    return units[inside].reset_index(drop=True), take_rows(counts, keep), published.reset_index(drop=True), markers


def _published_on_map(
    published: pd.DataFrame, versions: UnitVersions, map_day: int | None
) -> tuple[pd.DataFrame, list[Finding]]:
    """Published values are compared only on the unit they were published for: one published for another
    version of a code (the new Quảng Ngãi's 51 beside the old one's) is set aside with a finding."""
    if not versions.versioned or published.empty:
        return published, []
    days = period_ends(published["year"].to_numpy(), np.zeros(len(published), dtype=np.int64))
    code = versions.positions(published["unit"].astype(object).to_numpy())  # looked up once
    version = versions.at_positions(code, days)
    on_map = np.isin(version, versions.in_force(TODAY if map_day is None else map_day))
    unknown = code < 0
    keep = on_map | unknown
    if keep.all():
        return published, []
    first = published[~keep].iloc[0]
    finding = Finding(
        "published-off-map",
        f"{int((~keep).sum())} published value(s) are for units not on the map these results use (e.g. "
        f"{first['unit']} in {first['year']}); they are not compared",
        Location(str(first["file"]), int(first["row"])),
    )
    return published[keep].reset_index(drop=True), [finding]
