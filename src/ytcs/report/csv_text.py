"""CSV text of a result frame, built column by column (pyarrow), byte for byte what pandas' `to_csv` writes.

A national compute result is 216,000 rows × 16 columns: through pandas and a Python call per cell to
neutralise formula-like text it took two seconds; here each distinct value of a column is spelled once
and Arrow assembles the lines (report.coded). Floats read as Python writes them (`100.0`,
`5.267525454261242`, `1e-05`), missing cells are empty, text is quoted only where it must be (a `,`, a
`"` or a line break in it), and text that a spreadsheet would run as a formula (starting with `=`, `+`,
`-`, `@`, tab or carriage return) gets a leading `'` (OWASP).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ytcs.report.cells import FORMULA_START, neutralise_cell
from ytcs.report.coded import Coded, Spelling, coded, float_texts, integer_texts, joined_rows

__all__ = ["EXCEL_VI", "PLAIN", "Dialect", "csv_chunks", "csv_text"]


class Dialect(NamedTuple):
    """What separates fields, and the decimal mark of float columns (as pandas' `sep` and `decimal`)."""

    separator: str = ","
    decimal: str = "."


PLAIN = Dialect()
EXCEL_VI = Dialect(separator=";", decimal=",")  # what an Excel set to Vietnamese reads


def _quote(text: str, separator: str = ",") -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in separator + '"\n') else text


def _cell_text(value: Any, separator: str) -> str:
    """One cell that is not text, or of a column mixing text with other values, as pandas writes it (a
    float among text keeps its '.')."""
    if isinstance(value, str):
        return _quote(str(neutralise_cell(str(value))), separator)
    return _quote(repr(float(value)) if isinstance(value, float) else str(value), separator)  # np.float64 too


def _string_texts(strings: pa.Array, separator: str) -> pa.Array:
    """Text cells neutralised against formulas and quoted where needed (vectorised)."""
    formula = pc.starts_with(strings, FORMULA_START[0])
    for start in FORMULA_START[1:]:
        formula = pc.or_(formula, pc.starts_with(strings, start))
    strings = pc.if_else(formula, pc.binary_join_element_wise(pa.scalar("'"), strings, ""), strings)
    needs = pc.match_substring_regex(strings, f'[{re.escape(separator)}"\n]')
    if not pc.any(needs).as_py():
        return strings
    quoted = pc.binary_join_element_wise(pa.scalar('"'), pc.replace_substring(strings, '"', '""'), pa.scalar('"'), "")
    return pc.if_else(needs, quoted, strings)


def _float_texts(values: np.ndarray, decimal: str) -> pa.Array:
    texts = float_texts(values)
    return texts if decimal == "." else pc.replace_substring(texts, ".", decimal)


def _spelling(dialect: Dialect) -> Spelling:
    return Spelling(
        floats=partial(_float_texts, decimal=dialect.decimal),
        integers=integer_texts,
        strings=partial(_string_texts, separator=dialect.separator),
        value=partial(_cell_text, separator=dialect.separator),
        missing="",
    )


def csv_chunks(frame: pd.DataFrame, dialect: Dialect = PLAIN, rows: int = 10_000) -> Iterator[bytes | memoryview]:
    """The frame as UTF-8 CSV in pieces — the header line, then `rows` lines at a time — so that a national
    result is written without ever holding all its text at once. Pieces of about a megabyte (10,000 lines)
    reuse the memory of the one before, already in the processor's cache; fresh pages are slow to touch."""
    separator = dialect.separator
    yield (separator.join(_quote(str(name), separator) for name in frame.columns) + "\n").encode("utf-8")
    spelling, last = _spelling(dialect), frame.shape[1] - 1
    columns = [
        coded(column, spelling, after="\n" if place == last else separator)
        for place, (_, column) in enumerate(frame.items())  # by place: names may repeat
    ]
    if len(columns) == 1:  # a line of one empty cell would read as no line: pandas writes it ""
        only = columns[0]
        columns[0] = Coded(only.codes, pc.if_else(pc.equal(only.texts, "\n"), pa.scalar('""\n'), only.texts))
    yield from joined_rows(columns, rows)


def csv_text(frame: pd.DataFrame, dialect: Dialect = PLAIN) -> str:
    """The frame as CSV text: a header line, then a line per row, '\\n' after each."""
    return b"".join(csv_chunks(frame, dialect)).decode("utf-8")
