"""Counts in wide form: a row per unit and period, a column per variable, from the reader to the engine.

A national monthly commune file is 380,000 rows × 25 variables: kept wide it is 76 MB of floats and
every check and sum is a column operation; melted into one row per cell it was 9.5 million rows of text.
Where a cell came from (file and line) is kept per row, and per cell only for long-form files and for
values merged from two rows, and is looked up only when a message names it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ytcs.diagnostics import InputError, Location, number_for_message

KEY_COLUMNS = ("unit", "year", "month")  # month 0: a whole-year row


@dataclass
class Block:
    """One file's counts: `keys` (unit code text, year, month) and `values` (float columns) row by row."""

    file: str
    keys: pd.DataFrame
    values: pd.DataFrame
    rows: np.ndarray
    cell_rows: pd.DataFrame | None = None  # long-form files: each cell's own line (NaN where no cell)


# Entries of `Counts.memo` worked out from the rows' unit, year and month alone (ytcs.data.reported): still
# true of the same rows with other values (`Counts.with_values`).
UNIT_POSITIONS = "unit-positions"
YEAR_POSITIONS = "year-positions"
KEYS_ONLY = (UNIT_POSITIONS, YEAR_POSITIONS)


@dataclass
class Counts:
    """Every count of a data folder: `frame` holds unit (code), year, month and one column per variable."""

    frame: pd.DataFrame
    variables: list[str]
    file: np.ndarray  # index into `files`, per row
    row: np.ndarray  # line (or sheet row) per row
    files: list[str]
    cell_rows: pd.DataFrame | None = None
    merged: dict[tuple[int, str], tuple[int, int]] = field(default_factory=dict)  # (row, variable) → (file, line)
    memo: dict[object, object] = field(default_factory=dict, repr=False, compare=False)  # work done once per dataset

    def with_values(self, frame: pd.DataFrame) -> Counts:
        """The same rows with other values (`frame` has the same keys in the same order): what was worked out
        from the keys alone is kept, the rest is worked out again when asked."""
        memo: dict[object, object] = {key: self.memo[key] for key in KEYS_ONLY if key in self.memo}
        return Counts(frame, self.variables, self.file, self.row, self.files, self.cell_rows, self.merged, memo)

    def unit_index(self, codes: pd.Index) -> np.ndarray:
        """Each row's unit as its position in `codes` (−1 when not there), looked up once per distinct code."""
        return self.unit_lookup(codes)[0]

    def unit_lookup(self, codes: pd.Index) -> tuple[np.ndarray, np.ndarray]:
        """`unit_index`, and the position in `codes` of each distinct unit code of the rows (a category of the
        unit column, which is made categorical if it is not)."""
        units = self.frame["unit"]
        if not isinstance(units.dtype, pd.CategoricalDtype):
            units = self.frame["unit"] = units.astype(object).astype("category")
        per_code = codes.get_indexer(units.cat.categories.astype(object))
        row_codes = units.cat.codes.to_numpy()
        return np.where(row_codes >= 0, per_code[row_codes], -1), per_code

    def place(self, position: int, variable: str) -> tuple[str, int]:
        """The file and line a cell came from."""
        if (position, variable) in self.merged:
            file, line = self.merged[(position, variable)]
            return self.files[file], line
        line = int(self.row[position])
        if self.cell_rows is not None and variable in self.cell_rows:
            own = self.cell_rows[variable].iat[position]
            line = int(own) if own == own else line
        return self.files[int(self.file[position])], line

    def places(self, positions: np.ndarray, variable: str) -> tuple[np.ndarray, np.ndarray]:
        """The file index and line of each cell of `variable` at `positions` (`place`, vectorised)."""
        files = self.file[positions].astype(np.int64)
        lines = self.row[positions].astype(np.int64)
        if self.cell_rows is not None and variable in self.cell_rows:
            own = self.cell_rows[variable].to_numpy()[positions]
            lines = np.where(np.isnan(own), lines, own).astype(np.int64)
        if self.merged:
            for index, position in enumerate(positions):
                if (int(position), variable) in self.merged:  # only values merged from two rows
                    files[index], lines[index] = self.merged[(int(position), variable)]
        return files, lines

    def long(self) -> pd.DataFrame:
        """One row per cell given: unit, year, month (NA for a whole year), variable, value, file, row."""
        parts = []
        for variable in self.variables:
            column = self.frame[variable].to_numpy()
            positions = np.flatnonzero(~np.isnan(column))
            month = self.frame["month"].to_numpy()[positions]
            files, lines = self.places(positions, variable)
            parts.append(
                pd.DataFrame(
                    {
                        "unit": self.frame["unit"].astype(object).to_numpy()[positions],
                        "year": self.frame["year"].to_numpy()[positions].astype("int64"),
                        "month": pd.array(np.where(month == 0, 0, month), dtype="Int64"),
                        "variable": variable,
                        "value": column[positions],
                        "file": np.asarray(self.files, dtype=object)[files] if len(files) else [],
                        "row": lines,
                    }
                )
            )
        if not parts:
            return empty_long()
        long = pd.concat(parts, ignore_index=True)
        long.loc[long["month"] == 0, "month"] = pd.NA
        return long.astype({"unit": "string", "variable": "string", "file": "string"})


def empty_long() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit": pd.Series(dtype="string"),
            "year": pd.Series(dtype="int64"),
            "month": pd.Series(dtype="Int64"),
            "variable": pd.Series(dtype="string"),
            "value": pd.Series(dtype="float64"),
            "file": pd.Series(dtype="string"),
            "row": pd.Series(dtype="int64"),
        }
    )


def block_from_long(file: str, long: pd.DataFrame) -> Block:
    """A long-form file (a row per unit, period and variable) as a wide block; each cell keeps its line.
    Its keys are numbered in order of first appearance, as integers (no key of Python tuples)."""
    unit = long["unit"].to_numpy(dtype=object)
    year = long["year"].to_numpy(dtype=np.int64)
    month = long["month"].fillna(0).to_numpy(dtype=np.int64)
    parts = [pd.factorize(column, use_na_sentinel=False) for column in (unit, year, month)]
    combined = np.zeros(len(long), dtype=np.int64)
    for codes, uniques in parts:
        combined = combined * len(uniques) + codes
    key_ids, _ = pd.factorize(combined)
    first = np.unique(key_ids, return_index=True)[1]  # each key's first row
    variable_ids, variables = pd.factorize(long["variable"].astype(object))
    shape = (len(first), len(variables))
    values = np.full(shape, np.nan)
    lines = np.full(shape, np.nan)
    values[key_ids, variable_ids] = long["value"].to_numpy(dtype=np.float64)
    lines[key_ids, variable_ids] = long["row"].to_numpy(dtype=np.float64)
    first_line = np.full(len(first), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first_line, key_ids, long["row"].to_numpy(dtype=np.int64))
    names = [str(v) for v in variables]
    keys = pd.DataFrame({"unit": pd.Series(unit[first], dtype=object), "year": year[first], "month": month[first]})
    return Block(file, keys, pd.DataFrame(values, columns=names), first_line, pd.DataFrame(lines, columns=names))


def block_units(block: Block) -> tuple[np.ndarray, np.ndarray]:
    """Each row's position among the block's distinct unit texts (−1: none), and those texts. A text column
    (the general road's) is hashed once and kept as categories, which the steps after this one (zeros
    restored, names resolved, blocks joined) then read without hashing a text per row again."""
    unit = block.keys["unit"]
    if not isinstance(unit.dtype, pd.CategoricalDtype):
        codes, distinct = pd.factorize(unit.to_numpy(dtype=object))
        block.keys["unit"] = pd.Categorical.from_codes(codes, categories=pd.Index(distinct, dtype=object))
        unit = block.keys["unit"]
    return unit.cat.codes.to_numpy().astype(np.int64), np.asarray(unit.cat.categories, dtype=object)


def unit_categorical(parts: list[tuple[np.ndarray, np.ndarray]]) -> pd.Categorical:
    """Unit codes given part by part as (each row's position among the part's distinct texts, −1 for none;
    those texts) as one categorical column: its categories the texts used, sorted as pandas sorts them
    (the same as `astype("category")` over every row), found without hashing a text per row."""
    used = [(codes, distinct, np.bincount(codes[codes >= 0], minlength=len(distinct)) > 0) for codes, distinct in parts]
    found, uniques = pd.factorize(np.concatenate([distinct[mask] for _, distinct, mask in used]))
    categories = pd.Series(np.asarray(uniques, dtype=object), dtype=object).astype("category").cat.categories
    position = categories.get_indexer(uniques)
    rows = []
    start = 0
    for codes, distinct, mask in used:
        renumber = np.full(len(distinct), -1, dtype=np.int64)
        renumber[mask] = position[found[start : start + int(mask.sum())]]
        at = renumber[np.maximum(codes, 0)] if len(distinct) else np.full(len(codes), -1)  # no text: none has one
        rows.append(np.where(codes >= 0, at, -1))
        start += int(mask.sum())
    return pd.Categorical.from_codes(np.concatenate(rows), dtype=pd.CategoricalDtype(categories))


def _as_sorted(block: Block) -> pd.Categorical | None:
    """A block's categorical unit column as it is, when `unit_categorical` would give it unchanged: every
    row has a unit, every category is used, and they are texts in the order pandas sorts them (a file that
    lists its units in code order). Saves renumbering every row; None otherwise."""
    unit = block.keys["unit"]
    if not isinstance(unit.dtype, pd.CategoricalDtype) or not len(unit):
        return None
    codes = unit.cat.codes.to_numpy()
    categories = np.asarray(unit.cat.categories, dtype=object)
    if codes.min() < 0 or not all(isinstance(text, str) for text in categories):
        return None
    if not (categories[:-1] < categories[1:]).all() or np.bincount(codes, minlength=len(categories)).min() == 0:
        return None
    return unit.array


def counts_frame(
    unit: pd.Categorical, year: np.ndarray, month: np.ndarray, values: np.ndarray | pd.DataFrame, variables: list[str]
) -> pd.DataFrame:
    """The frame of Counts from its columns; the values as one (variables × rows) float array, or a frame of
    the variables' columns, are not copied."""
    frame = (
        values.copy(deep=False).reset_index(drop=True)
        if isinstance(values, pd.DataFrame)
        else pd.DataFrame(values.T, columns=variables, copy=False)
    )
    for position, (key, column) in enumerate(zip(KEY_COLUMNS, (unit, year, month), strict=True)):
        frame.insert(position, key, column)
    return frame


def _value_array(blocks: list[Block], variables: list[str]) -> np.ndarray:
    """The blocks' values one below the other as one (variables × rows) float array, NaN where a file has
    no column for a variable."""
    values = np.full((len(variables), sum(len(block.rows) for block in blocks)), np.nan)
    start = 0
    for block in blocks:
        end = start + len(block.rows)
        where = [variables.index(str(name)) for name in block.values.columns]
        values[where, start:end] = block.values.to_numpy(dtype=np.float64).T
        start = end
    return values


def _joined(parts: list[np.ndarray]) -> np.ndarray:
    """The parts one after the other; one part as it is (a national file is one block: no copy of its keys)."""
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def concat_blocks(blocks: list[Block]) -> Counts:
    """The files' blocks as one frame (variables in order of first appearance), rows in file order."""
    variables = list(dict.fromkeys(name for block in blocks for name in block.values.columns))
    files = [block.file for block in blocks]
    if not blocks:
        frame = pd.DataFrame(
            {"unit": pd.Series(dtype="category"), "year": pd.Series(dtype="int64"), "month": pd.Series(dtype="int64")}
        )
        return Counts(frame, [], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), [])
    unit = _as_sorted(blocks[0]) if len(blocks) == 1 else None
    unit = unit if unit is not None else unit_categorical([block_units(block) for block in blocks])
    year, month = (_joined([block.keys[key].to_numpy(dtype=np.int64) for block in blocks]) for key in KEY_COLUMNS[1:])
    alone = len(blocks) == 1 and list(blocks[0].values.columns) == variables  # one file: its values as they are
    frame = counts_frame(unit, year, month, blocks[0].values if alone else _value_array(blocks, variables), variables)
    file = np.repeat(np.arange(len(blocks), dtype=np.int64), [len(block.rows) for block in blocks])
    row = _joined([block.rows.astype(np.int64, copy=False) for block in blocks])
    cell_rows = None
    if any(block.cell_rows is not None for block in blocks):
        parts = [
            block.cell_rows if block.cell_rows is not None else pd.DataFrame(index=range(len(block.rows)))
            for block in blocks
        ]
        cell_rows = pd.concat([p.reset_index(drop=True) for p in parts], ignore_index=True)
    return Counts(frame, variables, file, row, files, cell_rows)


def merge_duplicates(counts: Counts, displays: Mapping[str, str]) -> Counts:
    """Rows for the same unit and period are one row: a value given twice must agree (an error names both
    places); identical repeats count once. Keys are compared as integers, only the repeated ones looked at,
    every variable at once."""
    frame = counts.frame
    key_ids = _key_ids(frame)
    if _all_distinct(key_ids):
        return counts
    later = pd.Series(key_ids).duplicated(keep="first").to_numpy()
    repeated = np.flatnonzero(np.isin(key_ids, key_ids[later]))
    group, _ = pd.factorize(key_ids[repeated])  # groups numbered in order of their first row
    keepers = repeated[np.unique(group, return_index=True)[1]]  # each group's first row
    values = frame[counts.variables].to_numpy(dtype=np.float64)[repeated] if counts.variables else np.zeros((0, 0))
    _check_agreement(counts, values, repeated, group, keepers, displays)
    given = ~np.isnan(values)
    never = len(frame)
    source = np.full((len(keepers), len(counts.variables)), never, dtype=np.int64)
    np.minimum.at(source, group, np.where(given, repeated[:, None], never))  # each group's first value
    moved = (source < never) & (source != keepers[:, None])
    first_file = {name: counts.files.index(name) for name in counts.files}
    for index in np.flatnonzero(moved.any(axis=0)):  # values merged from another row: their places kept
        variable, targets = counts.variables[index], np.flatnonzero(moved[:, index])
        files, lines = counts.places(source[targets, index], variable)
        for target, file, line in zip(keepers[targets], files, lines, strict=True):
            counts.merged[(int(target), variable)] = (first_file[counts.files[int(file)]], int(line))
        column = frame[variable].to_numpy(dtype=np.float64, copy=True)
        column[keepers[targets]] = column[source[targets, index]]
        frame[variable] = column
    keep = ~later
    new_index = np.cumsum(keep) - 1
    counts.merged = {(int(new_index[p]), v): place for (p, v), place in counts.merged.items()}
    return take_rows(counts, keep)


def _check_agreement(
    counts: Counts,
    values: np.ndarray,
    repeated: np.ndarray,
    group: np.ndarray,
    keepers: np.ndarray,
    displays: Mapping[str, str],
) -> None:
    """A value given twice with two different numbers is an error (the first variable that has one):
    a group disagrees where its least value given is below its greatest."""
    least = np.full((len(keepers), values.shape[1]), np.inf)
    greatest = np.full((len(keepers), values.shape[1]), -np.inf)
    np.fmin.at(least, group, values)  # fmin/fmax skip NaN: an empty cell agrees with anything
    np.fmax.at(greatest, group, values)
    differ = least < greatest
    for index in np.flatnonzero(differ.any(axis=0))[:1]:
        column = counts.frame[counts.variables[index]].to_numpy(dtype=np.float64)
        first_clash = int(np.flatnonzero(differ[:, index])[0])  # groups are numbered in order of their first row
        _conflict(counts, column, repeated[group == first_clash], counts.variables[index], displays)


def _all_distinct(key_ids: np.ndarray) -> bool:
    """Whether no key is repeated: counted in an array over the keys' range when it is no wider than a few
    times the rows (a file's units × years × 13 months), hashed otherwise."""
    if not len(key_ids):
        return True
    low, high = int(key_ids.min()), int(key_ids.max())
    if high - low < 4 * len(key_ids) + 1024:
        return int(np.bincount(key_ids - low).max()) < 2
    return not pd.Series(key_ids).duplicated().any()


def period_keys(units: np.ndarray, years: np.ndarray, months: np.ndarray, first_year: int, span: int) -> np.ndarray:
    """One integer per (unit, year, month), equal exactly when all three are: units numbered from 0, years
    from `first_year` over `span` years, months 0 (a whole year) to 12."""
    return (units.astype(np.int64) * span + (years - first_year)) * 13 + months


def _key_ids(frame: pd.DataFrame) -> np.ndarray:
    """One integer per row, equal exactly when unit, year and month are equal."""
    unit = frame["unit"].cat.codes.to_numpy()
    year = frame["year"].to_numpy().astype(np.int64, copy=False)
    month = frame["month"].to_numpy().astype(np.int64, copy=False)
    first = int(year.min()) if len(year) else 0  # not 0 itself: the ids then span the years there are
    return period_keys(unit, year, month, first, int(year.max(initial=first)) - first + 1)


def _conflict(
    counts: Counts,
    column: np.ndarray,
    members: np.ndarray,
    variable: str,
    displays: Mapping[str, str],
) -> None:
    """The error for a value given twice with two different numbers (`members`: the rows of its unit and
    period, in order), naming its first place and the first that differs from it."""
    given = members[~np.isnan(column[members])]
    first = int(given[0])
    other = int(next(p for p in given if column[p] != column[first]))
    first_file, first_line = counts.place(first, variable)
    other_file, other_line = counts.place(other, variable)
    unit, year, month = (counts.frame[k].iat[first] for k in KEY_COLUMNS)
    period = f"{year}" if month == 0 else f"{year}-{int(month):02d}"
    raise InputError(
        f"unit {unit}, {variable}, {period}: {number_for_message(column[other])} here but "
        f"{number_for_message(column[first])} at {displays[first_file]}:{first_line}; a value given twice "
        "must agree: correct or remove one of the two rows",
        Location(displays[other_file], other_line),
    )


def take_rows(counts: Counts, keep: np.ndarray) -> Counts:
    """The rows where `keep` holds, with where each cell came from."""
    cell_rows = counts.cell_rows[keep].reset_index(drop=True) if counts.cell_rows is not None else None
    frame = counts.frame[keep].reset_index(drop=True)
    return Counts(frame, counts.variables, counts.file[keep], counts.row[keep], counts.files, cell_rows, counts.merged)
