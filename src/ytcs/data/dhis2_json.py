"""DHIS2 JSON exports → a Table of text cells, as a CSV export of the same data would give.

- Data value sets: `{"dataValues": [{"dataElement", "period", "orgUnit", "categoryOptionCombo",
  "attributeOptionCombo", "value", …}, …]}`.
- Analytics: `{"headers": [{"name": "dx", "column": "Data"}, …], "metaData": {"items": {uid: {"name": …}}},
  "rows": [[…], …]}`; the names of `metaData.items` are kept, so that data elements and organisation units
  given by UID are found by name too.

A JSON file has no lines worth naming: a value's "row" is its position in `dataValues` or `rows` (from 1).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ytcs.data.table import Table
from ytcs.diagnostics import InputError, Location
from ytcs.inputs import read_bounded

MAX_JSON_BYTES = 256_000_000
DATA_VALUE_KEYS = (
    "dataElement",
    "period",
    "orgUnit",
    "categoryOptionCombo",
    "attributeOptionCombo",
    "value",
    "deleted",
)
_FORMS = 'a DHIS2 data value set ({"dataValues": [...]}) or analytics response ({"headers": [...], "rows": [...]})'


def _text_column(values: list[Any]) -> pd.Series:
    """JSON scalars as the text a CSV export would hold: numbers as written, null as empty."""
    series = pd.Series(values, dtype=object)
    texts = series.map(lambda v: "" if v is None else (str(v).lower() if isinstance(v, bool) else str(v)))
    return texts.astype("string").str.normalize("NFC")


def _table(file: str, display: str, headers: list[str], columns: list[list[Any]], count: int) -> Table:
    cells = [_text_column(column) for column in columns]
    return Table(file, display, headers, cells, np.arange(1, count + 1, dtype=np.int64), None, False)


def _data_value_set(values: Any, file: str, display: str) -> Table:
    if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
        raise InputError('"dataValues" must be a list of objects, one per value', Location(display))
    frame = pd.DataFrame.from_records(values, columns=list(DATA_VALUE_KEYS))
    columns = [frame[key].astype(object).where(frame[key].notna(), None).tolist() for key in DATA_VALUE_KEYS]
    return _table(file, display, list(DATA_VALUE_KEYS), columns, len(frame))


def _analytics(document: dict[str, Any], file: str, display: str) -> tuple[Table, dict[str, str]]:
    headers, rows = document.get("headers"), document.get("rows")
    if not isinstance(headers, list) or not isinstance(rows, list) or not all(isinstance(h, dict) for h in headers):
        raise InputError(f'"headers" and "rows" must be lists; the file must be {_FORMS}', Location(display))
    names = [str(header.get("name", "")) for header in headers]
    bad = next((i for i, row in enumerate(rows) if not isinstance(row, list) or len(row) != len(names)), None)
    if bad is not None:
        raise InputError(f"row {bad + 1} does not have one cell per header ({len(names)})", Location(display, bad + 1))
    columns = [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in names]
    items = document.get("metaData", {}).get("items", {}) if isinstance(document.get("metaData"), dict) else {}
    labels = {
        str(uid): str(item["name"])
        for uid, item in (items.items() if isinstance(items, dict) else [])
        if isinstance(item, dict) and isinstance(item.get("name"), str)
    }
    return _table(file, display, names, columns, len(rows)), labels


def read_dhis2_json(path: Path, file: str, display: str) -> tuple[Table, dict[str, str]]:
    """A DHIS2 JSON export → (a Table of its values, UID → name from its metaData; empty for value sets)."""
    data = read_bounded(path, MAX_JSON_BYTES, display, "JSON files")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise InputError("is not UTF-8 text; JSON files are UTF-8", Location(display)) from error
    except json.JSONDecodeError as error:
        raise InputError(f"is not valid JSON ({error.msg}, line {error.lineno})", Location(display)) from error
    except RecursionError as error:
        raise InputError(f"is nested too deeply to be {_FORMS}", Location(display)) from error
    if isinstance(document, dict) and "dataValues" in document:
        return _data_value_set(document["dataValues"], file, display), {}
    if isinstance(document, dict) and "headers" in document and "rows" in document:
        return _analytics(document, file, display)
    raise InputError(f"is not {_FORMS}; export the data from DHIS2 as one of them", Location(display))
