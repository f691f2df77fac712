"""JSON of a result frame, byte for byte what `to_json(frame_records(frame))` writes, built column by column.

A national compute result as JSON is 98 MB: through a dict per row and `json.dumps` it took ten seconds.
Here each distinct value of a column is spelled once — as `json.dumps(..., ensure_ascii=False, indent=2)`
spells it at its depth — and Arrow assembles the records (report.coded): `"key": value` lines, a record's
lines between `{` and `}`, records between `[` and `]`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ytcs.report.coded import Coded, Spelling, coded, float_texts, integer_texts, joined_rows
from ytcs.report.files import to_json
from ytcs.report.rows import flags_as_text, frame_records

FIELD = " " * 4  # a record's fields are indented twice (indent=2, inside the list)
NEEDS_ESCAPE = r'[\x00-\x1f"\\]'  # what json.dumps escapes when ensure_ascii=False


def _json_text(value: Any) -> str:
    """One value as `to_json` writes it as a field of a record (a nested list is indented below it)."""
    plain = value.item() if hasattr(value, "item") else value
    return to_json(plain)[:-1].replace("\n", "\n" + FIELD)


def _string_texts(strings: pa.Array) -> pa.Array:
    """Strings in quotes; the few with a quote, backslash or control character are escaped by `json`."""
    quoted = pc.binary_join_element_wise(pa.scalar('"'), strings, pa.scalar('"'), "")
    escape = pc.match_substring_regex(strings, NEEDS_ESCAPE)
    if not pc.any(escape).as_py():
        return quoted
    escaped = [json.dumps(text, ensure_ascii=False) for text in strings.filter(escape).to_pylist()]
    return pc.replace_with_mask(quoted, escape, pa.array(escaped, pa.string()))


def _finite_texts(values: np.ndarray) -> pa.Array:
    """Floats as `repr`; NaN and infinity as null (JSON has neither)."""
    return float_texts(np.where(np.isfinite(values), values, np.nan))


def _id_list(value: Any) -> str:
    """Ids joined by ',' (the flags) as the list of the ids."""
    return _json_text([part for part in str(value or "").split(",") if part])


def _id_lists(values: pa.Array | np.ndarray) -> pa.Array:
    items = values.to_pylist() if isinstance(values, pa.Array) else values.tolist()
    return pa.array([_id_list(item) for item in items], pa.string())


JSON = Spelling(floats=_finite_texts, integers=integer_texts, strings=_string_texts, value=_json_text, missing="null")
ID_LISTS = Spelling(floats=_id_lists, integers=_id_lists, strings=_id_lists, value=_id_list, missing="[]")


def _field(name: str, column: pd.Series, first: bool, last: bool) -> Coded:
    """A column as the `"key": value` lines of its cells, the first opening its record, the last closing it."""
    key = json.dumps({name: None}, ensure_ascii=False)[1 : -len(": null}")]  # keys as json writes them
    before = ("  {\n" if first else "") + f"{FIELD}{key}: "
    return coded(column, ID_LISTS if name == "flags" else JSON, before=before, after="\n  },\n" if last else ",\n")


def frame_json_chunks(frame: pd.DataFrame, rows: int = 4_000) -> Iterator[bytes | memoryview]:
    """`to_json(frame_records(frame))` as UTF-8, in pieces of `rows` records (a national result is never held
    whole as text; about two megabytes a piece, as `csv_chunks`): NaN and NA as null, flags as lists of their
    ids."""
    if frame.empty or not frame.columns.is_unique:  # nothing to gain (pandas drops repeated columns' values)
        yield to_json(frame_records(frame)).encode("utf-8")
        return
    if "flags" in frame:
        frame = frame.assign(flags=flags_as_text(frame["flags"]))
    end = frame.shape[1] - 1
    fields = [_field(name, column, place == 0, place == end) for place, (name, column) in enumerate(frame.items())]
    yield b"[\n"
    last = memoryview(b"")
    for chunk in joined_rows(fields, rows):
        yield last
        last = chunk
    yield last[: -len(b",\n")]  # the last record has no comma after it
    yield b"\n]\n"
