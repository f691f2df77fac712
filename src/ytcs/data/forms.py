"""The three forms of count file, told apart by their header, read into long-form frames.

Wide `unit,year[,month],<variable>…`; long `unit,year[,month],variable,value`; published history
`unit,year,indicator,value[,source]`. Every cell is checked; parsing runs on whole columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from ytcs.data.columns import (
    drop_comment_rows,
    first_bad,
    ignore_other_columns,
    map_variables,
    roles_of,
    variable_columns,
)
from ytcs.data.counts import Block, block_from_long
from ytcs.data.numbers import FormatOption, read_text_numbers
from ytcs.data.table import Table, split_excel
from ytcs.diagnostics import Finding, InputError, Location, quote
from ytcs.vocab import YEAR_MAX, YEAR_MIN


def empty_published() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit": pd.Series(dtype="string"),
            "year": pd.Series(dtype="int64"),
            "indicator": pd.Series(dtype="string"),
            "value": pd.Series(dtype="float64"),
            "source": pd.Series(dtype="string"),
            "file": pd.Series(dtype="string"),
            "row": pd.Series(dtype="int64"),
        }
    )


def _value_cells(table: Table, index: int) -> tuple[pd.Series, np.ndarray]:
    """A number column as (texts to parse by the number rule, workbook numbers; NaN where not given)."""
    column = table.cells[index]
    if not table.is_excel:
        return column.astype("string").fillna(""), np.full(len(column), np.nan)
    texts, numbers, other = split_excel(column)
    if other.any():
        position = int(np.flatnonzero(other)[0])
        raise InputError(
            f"{quote(str(column.iloc[position]))} is a date or true/false, not a number; format the cell as a number",
            table.where(int(table.rows[position]), index),
        )
    return texts.fillna(""), numbers


def _parse_years(table: Table, index: int, texts: pd.Series, rows: np.ndarray) -> np.ndarray:
    codes, uniques = pd.factorize(texts, sort=False)
    unique = pd.Series(np.asarray(uniques, dtype=object), dtype="string")
    # '2024.0' is what spreadsheets and pandas write for a year held as a float: still a whole year.
    years = pd.to_numeric(
        unique.where(unique.str.fullmatch(r"\d{4}(?:\.0+)?")).str.replace(r"\.0+$", "", regex=True),
        errors="coerce",
    )
    ok = years.between(YEAR_MIN, YEAR_MAX).to_numpy(dtype=bool, na_value=False)
    if not ok.all():
        position = first_bad(codes, ~ok)
        text = str(texts.iloc[position])
        problem = (
            "the year is empty; every row needs its year"
            if text == ""
            else f"{quote(text)} is not a year; write a whole year from {YEAR_MIN} to {YEAR_MAX} (e.g. 2024)"
        )
        raise InputError(f"{problem}", table.where(int(rows[position]), index))
    return years.to_numpy(dtype="int64", na_value=0)[codes]


def _parse_months(table: Table, index: int, texts: pd.Series, rows: np.ndarray) -> pd.Series:
    codes, uniques = pd.factorize(texts, sort=False)
    unique = pd.Series(np.asarray(uniques, dtype=object), dtype="string")
    months = pd.to_numeric(
        unique.where(unique.str.fullmatch(r"\d{1,2}(?:\.0+)?")).str.replace(r"\.0+$", "", regex=True),
        errors="coerce",
    )
    ok = months.between(1, 12).to_numpy(dtype=bool, na_value=False) | (unique == "").to_numpy(dtype=bool)
    if not ok.all():
        position = first_bad(codes, ~ok)
        raise InputError(
            f"{quote(str(texts.iloc[position]))} is not a "
            "month; write "
            "1 to 12, or leave the cell empty for a whole-year row",
            table.where(int(rows[position]), index),
        )
    return pd.Series(months.astype("Int64").to_numpy()[codes], dtype="Int64")


Form = Literal["wide", "long", "published"]


def _form_of(table: Table, roles: dict[str, int]) -> Form:
    """Which of the three forms the header says, refusing headers that mix them."""
    form: Form = "published" if "indicator" in roles else ("long" if "variable" in roles else "wide")
    if form != "published":
        roles.pop("source", None)
    if form in ("long", "published") and "value" not in roles:
        key = "variable" if form == "long" else "indicator"
        raise InputError(
            f"a '{key}' column needs a 'value' column beside it; the header must be "
            f"unit,year{',month' if form == 'long' else ''},{key},value",
            Location(table.display, 1),
        )
    if form == "wide" and "value" in roles:
        raise InputError(
            "a 'value' column needs a 'variable' column (long form unit,year,variable,value); in the wide form "
            "name each column by its variable",
            Location(table.display, 1, table.headers[roles["value"]]),
        )
    if form == "published" and "month" in roles:
        raise InputError(
            "published indicators are annual; remove the month column (unit,year,indicator,value[,source])",
            Location(table.display, 1, table.headers[roles["month"]]),
        )
    return form


def read_numbers(table: Table, columns: list[int], option: FormatOption) -> dict[int, np.ndarray]:
    """Every number column as floats (NaN where blank): workbook numbers as they are, texts by the number rule."""
    value_cells = {index: _value_cells(table, index) for index in columns}
    parsed = read_text_numbers(
        {table.headers[index]: cells[0] for index, cells in value_cells.items()},
        table.rows,
        file=table.display,
        separator=table.separator,
        option=option,
        name=table.source_name,
    )
    return {
        index: np.where(np.isnan(cells[1]), parsed[table.headers[index]], cells[1])
        for index, cells in value_cells.items()
    }


@dataclass
class _Rows:
    """The rows that hold data: their line numbers, key texts, numbers, years and months."""

    rows: np.ndarray
    keys: dict[str, pd.Series]
    numbers: dict[int, np.ndarray]
    years: np.ndarray
    months: pd.Series


def _data_rows(table: Table, roles: dict[str, int], numbers: dict[int, np.ndarray]) -> tuple[_Rows, list[Finding]]:
    """Numbers first, over every row: a row without any number holds nothing to read and is dropped
    whatever its other cells say (blank separator rows, headings repeated, a unit listed without data)."""
    keep = np.logical_or.reduce([~np.isnan(column) for column in numbers.values()])
    key_texts = {role: table.text(index) for role, index in roles.items() if role != "value"}
    no_unit = keep & (key_texts["unit"] == "").to_numpy(dtype=bool)
    findings = []
    if no_unit.any():
        first = int(table.rows[np.flatnonzero(no_unit)[0]])
        message = (
            f"{int(no_unit.sum())} row(s) without a unit code are ignored (a total row?); every data row "
            "needs its unit code"
        )
        findings.append(Finding("row-without-unit", message, Location(table.file, first)))
        keep &= ~no_unit
    rows = table.rows[keep]
    keys = {role: texts[keep].reset_index(drop=True) for role, texts in key_texts.items()}
    if "parent" in keys:  # 'Huyện X' beside 'Xã Y' is the unit 'Huyện X/Xã Y' (ytcs.data.unit_names)
        parent = keys.pop("parent")
        keys["unit"] = keys["unit"].where(parent == "", parent + "/" + keys["unit"])
    years = _parse_years(table, roles["year"], keys["year"], rows)
    months = (
        _parse_months(table, roles["month"], keys["month"], rows)
        if "month" in roles
        else pd.Series(pd.NA, index=range(len(rows)), dtype="Int64")
    )
    kept = {index: values[keep] for index, values in numbers.items()}
    return _Rows(rows, keys, kept, years, months), findings


def _published_frame(table: Table, roles: dict[str, int], data: _Rows) -> pd.DataFrame:
    """Published history: one row per unit, year and indicator given a value."""
    value = data.numbers[roles["value"]]
    given = ~np.isnan(value)
    indicator = data.keys["indicator"]
    empty = given & (indicator == "").to_numpy()
    if empty.any():
        row = int(data.rows[np.flatnonzero(empty)[0]])
        raise InputError(
            "the indicator is empty but the row has a value; give the indicator id",
            table.where(row, roles["indicator"]),
        )
    length = len(data.rows)
    source = data.keys["source"] if "source" in data.keys else pd.Series("", index=range(length))
    return pd.DataFrame(
        {
            "unit": data.keys["unit"].astype("string")[given],
            "year": data.years[given],
            "indicator": indicator[given].astype("string"),
            "value": value[given],
            "source": source[given].astype("string").replace("", pd.NA),
            "file": pd.Series(table.file, index=range(length), dtype="string")[given],
            "row": data.rows[given],
        }
    ).reset_index(drop=True)


def _wide_block(table: Table, data: _Rows, number_columns: list[tuple[int, str]]) -> Block:
    """Wide form: the file's rows as they are, a column per variable."""
    keys = pd.DataFrame(
        {
            "unit": data.keys["unit"].astype(object).to_numpy(),
            "year": data.years.astype(np.int64),
            "month": data.months.fillna(0).to_numpy(dtype=np.int64),
        }
    )
    values = pd.DataFrame({variable: data.numbers[index] for index, variable in number_columns})
    given = values.notna().any(axis=1).to_numpy()
    return Block(
        table.file,
        keys[given].reset_index(drop=True),
        values[given].reset_index(drop=True),
        data.rows[given].astype(np.int64),
    )


def _long_block(table: Table, roles: dict[str, int], data: _Rows, names: Mapping[str, tuple[str, ...]]) -> Block:
    """Long form: a row per unit, period and variable, laid out wide (each cell keeps its line)."""
    value = data.numbers[roles["value"]]
    labels, codes = map_variables(table, roles["variable"], data.keys["variable"], data.rows, names)
    positions = np.flatnonzero(~np.isnan(value))
    long = pd.DataFrame(
        {
            "unit": data.keys["unit"].astype(object).to_numpy()[positions],
            "year": data.years[positions],
            "month": data.months.take(positions).reset_index(drop=True),
            "variable": np.asarray(labels, dtype=object)[codes[positions]] if len(labels) else [],
            "value": value[positions],
            "row": data.rows[positions].astype("int64"),
        }
    )
    return block_from_long(table.file, long)


def interpret(
    table: Table, names: Mapping[str, tuple[str, ...]], option: FormatOption
) -> tuple[Block | None, pd.DataFrame, list[Finding]]:
    """One file's cells → (a block of counts, or published history, and findings), every cell checked."""
    roles = roles_of(table)
    table = drop_comment_rows(table, roles)
    form = _form_of(table, roles)
    if form == "wide":
        number_columns, findings = variable_columns(table, roles, names)
    else:
        number_columns = [(roles["value"], "")]
        findings = ignore_other_columns(
            table, set(roles.values()), "long-form" if form == "long" else "published-indicator"
        )
    numbers = read_numbers(table, [index for index, _ in number_columns], option)
    data, row_findings = _data_rows(table, roles, numbers)
    findings += row_findings
    if form == "published":
        return None, _published_frame(table, roles, data), findings
    if form == "long":
        return _long_block(table, roles, data, names), empty_published(), findings
    return _wide_block(table, data, number_columns), empty_published(), findings
