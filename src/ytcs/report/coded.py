"""A frame's columns as the text of each distinct value and each row's index into it, joined into the bytes
of a file with Arrow (the CSV and JSON writers).

A national result has 216,000 rows but few distinct texts per column (19 indicators, 3 levels, 11,000 units):
each distinct value is spelled once, with the separator that follows it, and one Arrow take of every
cell's text, row after row, gives the bytes of many rows at once — no Python call per row or per cell,
and no text made per cell or per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


class Spelling(NamedTuple):
    """How a file format writes values: each function gives the texts of distinct values (null where a
    value is missing); `value` spells one value of any other kind, `missing` is a missing cell."""

    floats: Callable[[np.ndarray], pa.Array]
    integers: Callable[[np.ndarray], pa.Array]
    strings: Callable[[pa.Array], pa.Array]
    value: Callable[[Any], str]
    missing: str


class Coded(NamedTuple):
    """A column as `texts` (of its distinct values, never null) and `codes` (each row's index into them)."""

    codes: np.ndarray
    texts: pa.Array


def _arrow_float_texts(values: np.ndarray) -> pa.Array:
    text = pc.cast(pa.array(values, from_pandas=True), pa.string())
    with np.errstate(invalid="ignore"):
        size = np.abs(values)
        plain = ((size >= 1e-4) & (size < 1e10)) | (values == 0)
        whole = plain & (np.trunc(values) == values)
    odd = ~plain & ~np.isnan(values)
    redo = whole | odd
    if not redo.any():
        return text
    spelled = pc.binary_join_element_wise(text.filter(pa.array(redo)), ".0", "")  # whole, and odd ones:
    if odd.any():
        python = pa.array([repr(float(value)) for value in values[odd]], pa.string())
        spelled = pc.replace_with_mask(spelled, pa.array(odd[redo]), python)
    return pc.replace_with_mask(text, pa.array(redo), spelled)


PROBES = np.array(
    [0.0, -0.0, 100.0, -3.0, 0.5, 0.1 + 0.2, 1 / 3, 1e-4, 9.5e-5, 1e-6, 2.5e-7, 123456789.0, 9999999999.0, 1e10,
     1.5e10, 1e15 + 0.5, 1e16, 5e-324, 1.7976931348623157e308, -2.5e-5, 4.35, 1234.5678]
)  # fmt: skip


@cache
def _arrow_writes_floats_as_python() -> bool:
    """Whether this pyarrow still writes floats as `float_texts` expects (checked once, on values at its
    thresholds): were a new version to write them otherwise, floats would be written by Python, slowly,
    never wrongly."""
    return _arrow_float_texts(PROBES).to_pylist() == [repr(float(value)) for value in PROBES]


def float_texts(values: np.ndarray) -> pa.Array:
    """Floats as Python's `repr` writes them; NaN as null. Arrow gives the shortest round-trip digits, as
    Python does, and writes them without an exponent from 1e-6 up to 1e10, Python from 1e-4 up to 1e16:
    in between only whole numbers differ (Python's `100.0`, Arrow's `100`); the few values outside are
    written by Python."""
    if _arrow_writes_floats_as_python():
        return _arrow_float_texts(values)
    return pa.array([None if value != value else repr(float(value)) for value in values.tolist()], pa.string())


def integer_texts(values: np.ndarray) -> pa.Array:
    return pc.cast(pa.array(values), pa.string())


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT


def _each_cell(column: pd.Series, spelling: Spelling) -> tuple[np.ndarray, pa.Array]:
    """Text mixed with other values (1, 1.0 and True are one value to a hash table, but read differently):
    spelled cell by cell, exactly."""
    values = column.to_numpy(dtype=object)
    texts = [spelling.missing if _missing(value) else spelling.value(value) for value in values]
    return np.arange(len(values)), pa.array(texts, type=pa.string())


def _arrow_strings(dtype: Any) -> bool:
    """Whether a column's values are Arrow text (pandas' `str` dtype with pyarrow, or an ArrowDtype of it)."""
    if isinstance(dtype, pd.StringDtype):
        return dtype.storage == "pyarrow"
    return isinstance(dtype, pd.ArrowDtype) and (
        pa.types.is_string(dtype.pyarrow_dtype) or pa.types.is_large_string(dtype.pyarrow_dtype)
    )


def _distinct(column: pd.Series, spelling: Spelling) -> tuple[np.ndarray, pa.Array]:
    """Codes (-1 where missing) and the spelling of each distinct value (null: spelled as missing)."""
    dtype = column.dtype
    if _arrow_strings(dtype):  # Arrow hashes its own texts and hands the distinct ones to Arrow's spelling
        texts = pa.array(column.array)
        if isinstance(texts, pa.ChunkedArray):  # pieces (from pd.concat) would be coded apart: one array
            texts = texts.combine_chunks()
        encoded = pc.dictionary_encode(texts, null_encoding="encode")  # missing: a null text
        return encoded.indices.to_numpy(), spelling.strings(encoded.dictionary.cast(pa.string()))
    if pd.api.types.is_float_dtype(dtype):  # by bit pattern: 0.0 and -0.0 are written differently
        values = column.to_numpy(dtype=np.float64, na_value=np.nan, copy=False)  # float64: no copy
        codes, bits = pd.factorize(values.view(np.int64))
        return codes, spelling.floats(np.asarray(bits).view(np.float64))
    if pd.api.types.is_integer_dtype(dtype):
        codes, uniques = pd.factorize(column)
        return codes, spelling.integers(np.asarray(uniques))
    try:  # an object column's values: as a Series pandas checks them twice more (216,000 units: 3 ms)
        codes, uniques = pd.factorize(column.to_numpy() if pd.api.types.is_object_dtype(dtype) else column)
    except TypeError:  # unhashable values (lists)
        return _each_cell(column, spelling)
    distinct = np.asarray(uniques, dtype=object)
    if len(distinct) and pd.api.types.infer_dtype(distinct, skipna=False) == "string":
        return codes, spelling.strings(pa.array(distinct, type=pa.string()))
    if pd.api.types.is_object_dtype(dtype):
        return _each_cell(column, spelling)
    return codes, pa.array([spelling.value(value) for value in distinct], type=pa.string())


def coded(column: pd.Series, spelling: Spelling, before: str = "", after: str = "") -> Coded:
    """The column as codes into the texts of its distinct values, the first text being a missing cell's, each
    text between `before` and `after` (what separates it from the cells beside it: one pass, per distinct
    value, that also spells the missing ones)."""
    codes, texts = _distinct(column, spelling)
    texts = pa.concat_arrays([pa.nulls(1, pa.string()), texts.cast(pa.string())])  # the first: a missing cell
    if before or after:
        texts = pc.binary_join_element_wise(
            pa.scalar(before), texts, pa.scalar(after), "", null_handling="replace", null_replacement=spelling.missing
        )
    else:
        texts = pc.fill_null(texts, spelling.missing)
    return Coded(np.add(codes, 1, dtype=np.int32, casting="unsafe"), texts)  # -1 (missing) to 0; half the bytes


_LOOK = 4096  # rows looked at first: two unrelated columns show it there, without a pass over all rows


def _function_of(keys: np.ndarray, values: np.ndarray, size: int) -> np.ndarray | None:
    """For each of `size` keys the value its rows hold, when all rows with one key hold one value (a unit's
    name for its code); None when they do not."""
    of = np.zeros(size, dtype=values.dtype)
    for rows in (slice(0, _LOOK), slice(None)):
        of[keys[rows]] = values[rows]
        if not np.array_equal(np.take(of, keys[rows]), values[rows]):
            return None
    return of


def _paired(first: Coded, second: Coded) -> Coded | None:
    """Two neighbouring columns as one, its texts the pairs of theirs, when that makes the pairs of their
    values no more than the values of one (one follows from the other: a unit's code, name and level; an
    indicator's id, name and unit) or few (both have few); None otherwise. Joining cells costs per cell,
    the pair texts only per distinct pair."""
    size, width = len(first.texts), len(second.texts)
    right = _function_of(first.codes, second.codes, size)
    left = None if right is not None else _function_of(second.codes, first.codes, width)
    if right is not None:
        codes, left = first.codes, np.arange(size)
    elif left is not None:
        codes, right = second.codes, np.arange(width)
    elif size * width <= len(first.codes) // 8:  # every pair can be spelled
        codes = first.codes * width + second.codes
        left, right = np.repeat(np.arange(size), width), np.tile(np.arange(width), size)
    else:
        return None
    texts = pc.binary_join_element_wise(first.texts.take(pa.array(left)), second.texts.take(pa.array(right)), "")
    return Coded(codes, texts)


def _grouped(columns: Sequence[Coded]) -> list[Coded]:
    """The columns with neighbours whose values go together made one (see `_paired`)."""
    grouped: list[Coded] = []
    for column in columns:
        pair = _paired(grouped[-1], column) if grouped else None
        if pair is None:
            grouped.append(column)
        else:
            grouped[-1] = pair
    return grouped


def _buffer_bytes(lines: pa.Array) -> memoryview:
    """The bytes of all texts of a string array, one after another: its Arrow buffer, not copied."""
    _, offsets, data = lines.buffers()
    if not len(lines) or data is None:
        return memoryview(b"")
    width = np.int64 if pa.types.is_large_string(lines.type) else np.int32
    bounds = np.frombuffer(offsets, dtype=width)[lines.offset : lines.offset + len(lines) + 1]
    return memoryview(data)[int(bounds[0]) : int(bounds[-1])]


def _dictionary(groups: Sequence[Coded]) -> tuple[pa.Array, list[int]]:
    """The texts of all groups in one array, and where each group's texts start in it."""
    texts = [group.texts for group in groups]
    if sum(text.nbytes for text in texts) >= _LARGE:  # beyond 32-bit offsets
        texts = [text.cast(pa.large_string()) for text in texts]
    starts = np.cumsum([0] + [len(text) for text in texts[:-1]]).tolist()
    return pa.concat_arrays(texts), starts


_LARGE = 2**30  # bytes of text from which offsets are 64-bit (Arrow's string offsets are 32-bit)


def joined_rows(columns: Sequence[Coded], rows: int) -> Iterator[memoryview]:
    """Each row's texts one after another, rows one after another, `rows` rows at a time (so that a national
    file is never held whole as text). Separators and line ends come from the columns' own texts (`coded`'s
    `before` and `after`).

    The cells of a piece are one take from the texts of all columns, by the cells' indices row after row:
    the taken texts, one after another, are the piece's bytes (no text per cell or per row is made)."""
    count = len(columns[0].codes) if columns else 0
    if not count:
        return
    groups = _grouped(columns)
    texts, starts = _dictionary(groups)
    places = np.empty((min(rows, count), len(groups)), dtype=np.int32 if len(texts) < 2**31 else np.int64)
    for start in range(0, count, rows):
        block = places[: min(rows, count - start)]  # the first rows of a C-ordered array: contiguous
        for place, (group, first) in enumerate(zip(groups, starts, strict=True)):
            np.add(group.codes[start : start + rows], first, out=block[:, place], dtype=block.dtype)
        yield _buffer_bytes(texts.take(pa.array(block.reshape(-1))))
