"""A data folder of count files from Vietnamese offices → one checked, long-form DataSet.

The folder layout is a public interface:

- `units.csv`: `code,name,level,parent` (see `ytcs.data.units`).
- every other `*.csv` / `*.xlsx`, and `*.txt` saved by Excel as "Unicode text" (not recursive, sorted
  by name, names starting with `.` or `~$` skipped) is a count file in one of three forms, told apart
  by its header (see `ytcs.data.forms`).

Every file is read, and every file that cannot be used is reported (one `InputError` each, naming file,
row and column) before the reading stops; problems that do not stop the reading are `Finding`s,
returned with the data.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ytcs.data.combine import Unpadding, concat, drop_duplicates, restore_block_zeros, restore_published_zeros
from ytcs.data.counts import Block, Counts, block_from_long, concat_blocks, merge_duplicates
from ytcs.data.csv_table import read_csv_table
from ytcs.data.decode import is_unicode_text
from ytcs.data.fast_csv import fast_wide_block
from ytcs.data.forms import empty_published, interpret
from ytcs.data.hierarchy import Hierarchy
from ytcs.data.names import variable_names
from ytcs.data.number_formats import FormatOption, NumberFormats
from ytcs.data.table import Table
from ytcs.data.units import UNITS_FILE, read_units
from ytcs.data.xlsx_table import read_xlsx_tables
from ytcs.diagnostics import DataErrors, Finding, InputError, Location, display_path
from ytcs.plans.load import did_you_mean
from ytcs.plans.models import Variable

COUNT_SUFFIXES = (".csv", ".xlsx")
# Data files ytcs does not read: worth a word, since their counts would otherwise be silently missed.
UNREAD_DATA_SUFFIXES = (".xls", ".xlsm", ".xlsb", ".ods", ".tsv", ".txt", ".json", ".parquet")


@dataclass
class DataSet:
    """Everything read from a data folder: units, counts (wide), published history, findings."""

    units: pd.DataFrame
    counts: Counts
    published: pd.DataFrame
    findings: list[Finding] = field(default_factory=list)

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


def _count_files(entries: list[Path], units_path: Path, folder: Path) -> tuple[list[Path], list[Finding]]:
    """The count files among the entries, and a finding for each data file ytcs does not read."""
    count_files: list[Path] = []
    findings: list[Finding] = []
    for path in entries:
        if path == units_path:
            continue
        if path.suffix.casefold() in COUNT_SUFFIXES or (path.suffix.casefold() == ".txt" and is_unicode_text(path)):
            count_files.append(path)
        elif path.suffix.casefold() in UNREAD_DATA_SUFFIXES:
            findings.append(
                Finding(
                    "ignored-file",
                    f"{path.name} is ignored: only .csv and .xlsx files are read (and .txt saved by Excel as "
                    "'Unicode text'); save it as one of them",
                    Location(path.name),
                )
            )
    if not count_files:
        raise InputError(
            "no count files (*.csv, *.xlsx) beside units.csv; add at least one", Location(display_path(folder))
        )
    return count_files, findings


@dataclass
class _FileParts:
    """What the count files gave, file by file, before they are combined."""

    blocks: list[Block] = field(default_factory=list)
    published: list[pd.DataFrame] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    displays: dict[str, str] = field(default_factory=dict)


def _read_count_files(
    count_files: list[Path], names: dict[str, tuple[str, ...]], number_format: NumberFormats
) -> _FileParts:
    """Every count file read and interpreted; a file that cannot be used adds its error and the rest go on."""
    parts = _FileParts()
    for path in count_files:
        display = display_path(path)
        parts.displays[path.name] = display
        is_workbook = path.suffix.casefold() == ".xlsx"
        fast = None if is_workbook else fast_wide_block(path, path.name, display, names)
        if fast is not None:
            parts.blocks.append(fast[0])
            parts.findings += fast[1]
            continue
        try:
            tables = (
                read_xlsx_tables(path, path.name, display)
                if is_workbook
                else [read_csv_table(path, path.name, display)]
            )
            for table in tables:  # a workbook: every visible sheet is a table, as a file is
                parts.displays[table.file] = table.display
                _interpret_table(table, names, number_format.for_file(path.name), parts)
        except InputError as error:
            parts.errors.append(error)
    return parts


def _interpret_table(
    table: Table, names: dict[str, tuple[str, ...]], number_format: FormatOption, parts: _FileParts
) -> None:
    block, published, findings = interpret(table, names, number_format)
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
) -> DataSet:
    """Read units.csv and every count file of `folder` into one DataSet (see the module docstring);
    published values must name one of `indicators` when given; `number_format` for every file, or file by
    file (ytcs.data.number_formats).

    Raises InputError when the folder or units.csv cannot be used, and DataErrors (an InputError) naming
    every count file that cannot be used as it is.
    """
    formats = NumberFormats.of(number_format)
    folder = Path(folder)
    entries = _folder_entries(folder)
    units_path = next((p for p in entries if p.name.casefold() == UNITS_FILE), folder / UNITS_FILE)
    units, findings = read_units(units_path)
    count_files, ignored = _count_files(entries, units_path, folder)
    formats.check_files([path.name for path in count_files], display_path(folder))
    parts = _read_count_files(count_files, variable_names(variables), formats)
    if parts.errors:
        raise DataErrors(parts.errors)
    findings += ignored + parts.findings
    published = concat([p for p in parts.published if not p.empty], empty_published())
    unpadding = Unpadding.of(pd.Index(units["code"].astype(str)))
    findings += restore_block_zeros(parts.blocks, unpadding)
    published, padded_published = restore_published_zeros(published, unpadding)
    if indicators is not None:
        _check_published_ids(published, indicators, parts.displays)
    findings += padded_published
    counts = merge_duplicates(concat_blocks(parts.blocks), parts.displays)
    published = drop_duplicates(published, ["unit", "year", "indicator", "source"], parts.displays, "published")
    return DataSet(units=units, counts=counts, published=published.reset_index(drop=True), findings=findings)
