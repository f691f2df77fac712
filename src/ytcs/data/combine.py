"""Combining the files of a folder: codes that lost their leading zeros, and values given twice."""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ytcs.diagnostics import Finding, InputError, Location, number_for_message


def restore_leading_zeros(frame: pd.DataFrame, units: pd.DataFrame) -> tuple[pd.DataFrame, list[Finding]]:
    """Codes that lost their leading zeros in Excel ('3390', '3390.0') → the units.csv code ('03390') when
    exactly one unit matches; reported once per file. Works on the distinct codes, not on every row."""
    if frame.empty:
        return frame, []
    codes = units["code"].astype(str)
    stripped = codes.str.lstrip("0")
    unique_stripped = stripped[~stripped.duplicated(keep=False)]
    lookup = dict(zip(unique_stripped.to_numpy(), codes[unique_stripped.index].to_numpy(), strict=True))
    known = set(codes)
    row_codes, distinct = pd.factorize(frame["unit"])
    replacement: dict[int, str] = {}
    for position, code in enumerate(distinct):  # one pass over the distinct unit codes
        code = str(code)
        digits = re.sub(r"\.0+$", "", code)  # '3390.0': a code that went through a float column
        if code not in known and digits.isdigit() and digits.lstrip("0") in lookup:
            replacement[position] = lookup[digits.lstrip("0")]
    if not replacement:
        return frame, []
    findings = []
    changed = np.flatnonzero(np.isin(row_codes, list(replacement)))
    frame = frame.copy()
    for file, group in frame.iloc[changed].groupby("file", sort=False):
        first = group.index[0]
        findings.append(
            Finding(
                "unit-code-padded",
                f"{len(group)} unit code(s) without leading zeros were read as units.csv codes (e.g. "
                f"'{frame.at[first, 'unit']}' as '{replacement[row_codes[first]]}'); keep codes as text so "
                "the zeros stay",
                Location(str(file), int(frame.at[first, "row"])),
                unit=replacement[row_codes[first]],
            )
        )
    fixed = [replacement.get(i, str(code)) for i, code in enumerate(distinct)]
    frame["unit"] = strings_from_codes(row_codes.astype(np.int32), fixed).set_axis(frame.index)
    return frame, findings


def _period(year: int, month: object) -> str:
    return f"{year}" if pd.isna(month) else f"{year}-{int(month):02d}"  # type: ignore[call-overload]


def concat(parts: list[pd.DataFrame], empty: pd.DataFrame) -> pd.DataFrame:
    """Concatenate the files' frames; one frame is used as it is (no copy of millions of rows)."""
    if not parts:
        return empty
    return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)


def _key_ids(frame: pd.DataFrame, key: list[str]) -> np.ndarray:
    """One int64 per row, equal exactly when the key columns are equal (missing equals missing)."""
    ids = np.zeros(len(frame), dtype=np.int64)
    span = 1
    for column in key:
        series = frame[column]
        if pd.api.types.is_integer_dtype(series.dtype):
            numbers = series.to_numpy(dtype="int64", na_value=-1)
            low = int(numbers.min()) if len(numbers) else 0
            codes, size = numbers - low, (int(numbers.max()) - low + 1 if len(numbers) else 1)
        else:
            codes, uniques = pd.factorize(series, use_na_sentinel=False)
            size = len(uniques) + 1
        if span * size >= 2**62:  # too many combinations for one integer: renumber first
            ids, found = pd.factorize(ids)
            span = len(found) + 1
        ids = ids * size + codes
        span *= size
    return ids


def drop_duplicates(frame: pd.DataFrame, key: list[str], displays: Mapping[str, str], what: str) -> pd.DataFrame:
    """Identical repeats are kept once; the same key with two different values is an error naming both.

    Keys are compared as one integer per row (factorised columns), which hashes far faster than strings."""
    ids = _key_ids(frame, key)
    later = pd.Series(ids).duplicated(keep="first").to_numpy()
    if not later.any():
        return frame
    repeated = np.isin(ids, ids[later])
    candidates = frame[repeated]
    distinct = candidates["value"].groupby(ids[repeated], sort=False).transform("nunique").to_numpy()
    conflicts = candidates[distinct > 1]
    conflict_ids = ids[repeated][distinct > 1]
    if not conflicts.empty:
        first = conflicts.iloc[0]
        same = conflicts[conflict_ids == conflict_ids[0]]
        other = same[same["value"] != first["value"]].iloc[0]
        if what == "value":
            subject = f"unit {first['unit']}, {first['variable']}, {_period(int(first['year']), first['month'])}"
        else:
            subject = f"unit {first['unit']}, {first['indicator']}, {int(first['year'])}"
        raise InputError(
            f"{subject}: {number_for_message(other['value'])} here but {number_for_message(first['value'])} at "
            f"{displays[str(first['file'])]}:{int(first['row'])}; a value given twice must agree: correct or "
            "remove one of the two rows",
            Location(displays[str(other["file"])], int(other["row"])),
        )
    return frame[~later].reset_index(drop=True)


def strings_from_codes(codes: np.ndarray, labels: list[str]) -> pd.Series:
    """labels[codes] as a string column without building one Python object per row."""
    taken = pc.take(pa.array(labels, type=pa.large_string()), pa.array(codes, type=pa.int32()))
    return pd.Series(pd.array(taken, dtype="string"))
