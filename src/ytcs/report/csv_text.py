"""CSV text of a result frame, built column by column (pyarrow), byte for byte what pandas' `to_csv` writes.

A national compute result is 240,000 rows × 16 columns: through pandas and a Python call per cell to
neutralise formula-like text it took two seconds; here each column is turned into text at once. Floats
read as Python writes them (`100.0`, `5.267525454261242`, `1e-05`), missing cells are empty, text is
quoted only where it must be (a `,`, a `"` or a line break in it), and text that a spreadsheet would
run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) gets a leading `'` (OWASP).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ytcs.report.cells import FORMULA_START, neutralise_cell


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n') else text


def _cell_text(value: Any) -> str:
    """One cell of a mixed column, as pandas writes it."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, str):
        return _quote(str(neutralise_cell(str(value))))
    return _quote(repr(value) if isinstance(value, float) else str(value))


def _float_texts(values: np.ndarray) -> pa.Array:
    """Floats as `repr` writes them; NaN as null. Arrow gives the shortest round-trip digits, as Python does;
    whole numbers get their `.0`, and the few values Python writes with an exponent are written by Python."""
    text = pc.cast(pa.array(values, from_pandas=True), pa.string())
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(values)
        size = np.abs(np.where(finite, values, 0.0))
        whole = finite & (np.mod(np.where(finite, values, 0.0), 1) == 0) & (size < 1e16)
        odd = (~finite & ~np.isnan(values)) | (finite & (values != 0) & ((size < 1e-4) | (size >= 1e16)))
    odd |= pc.fill_null(pc.match_substring(text, "e"), False).to_numpy(zero_copy_only=False)
    whole &= ~odd
    text = pc.if_else(pa.array(whole), pc.binary_join_element_wise(text, pa.scalar(".0"), ""), text)
    if odd.any():
        texts = np.asarray(text.to_pylist(), dtype=object)
        texts[odd] = [repr(float(v)) for v in values[odd]]
        text = pa.array(texts, type=pa.string())
    return text


def _string_texts(strings: pa.Array) -> pa.Array:
    """Text cells neutralised against formulas and quoted where needed (vectorised)."""
    formula = pc.starts_with(strings, FORMULA_START[0])
    for start in FORMULA_START[1:]:
        formula = pc.or_(formula, pc.starts_with(strings, start))
    strings = pc.if_else(formula, pc.binary_join_element_wise(pa.scalar("'"), strings, ""), strings)
    needs = pc.match_substring_regex(strings, '[,"\n]')
    quoted = pc.binary_join_element_wise(pa.scalar('"'), pc.replace_substring(strings, '"', '""'), pa.scalar('"'), "")
    return pc.if_else(needs, quoted, strings)


def _column_texts(column: pd.Series) -> pa.Array:
    dtype = column.dtype
    if pd.api.types.is_float_dtype(dtype):
        return _float_texts(column.to_numpy(dtype=np.float64))
    if pd.api.types.is_integer_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        return pc.cast(pa.array(column, from_pandas=True), pa.string())
    values = column.astype(object).where(column.notna(), None).to_numpy()
    try:  # plain text (None where missing), converted by Arrow without a Python call per cell
        return _string_texts(pa.array(values, type=pa.string(), from_pandas=True))
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # numbers among the text: as pandas writes each
        return pa.array([_cell_text(v) for v in values], type=pa.string())


def csv_chunks(frame: pd.DataFrame, rows: int = 50_000) -> Iterator[str]:
    """The frame as CSV text in pieces — the header line, then `rows` lines at a time — so that a national
    result is written without ever holding all its text at once."""
    yield ",".join(_quote(str(name)) for name in frame.columns) + "\n"
    for start in range(0, len(frame), rows):
        part = frame.iloc[start : start + rows]
        columns = [_column_texts(part[name]) for name in part.columns]
        lines = pc.binary_join_element_wise(*columns, ",", null_handling="replace", null_replacement="")
        yield "\n".join(lines.to_pylist()) + "\n"


def csv_text(frame: pd.DataFrame) -> str:
    """The frame as CSV text: a header line, then a line per row, '\\n' after each."""
    return "".join(csv_chunks(frame))
