"""Combining the files of a folder: codes that lost their leading zeros, and published values given twice."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ytcs.data.counts import Block, block_units
from ytcs.data.unit_names import UnitLookup, resolve_units
from ytcs.diagnostics import Finding, InputError, Location, number_for_message


@dataclass(frozen=True)
class Unpadding:
    """How codes that lost their leading zeros in Excel ('3390', '3390.0') find their units.csv code ('03390'):
    only when exactly one unit matches. Works on a file's distinct codes, not on every row."""

    known: frozenset[str]

    @cached_property
    def lookup(self) -> dict[str, str]:
        """Codes without their leading zeros → the one code they may be (built only when a code is unknown)."""
        stripped = [(code.lstrip("0"), code) for code in self.known]
        once = {key for key, times in Counter(key for key, _ in stripped).items() if times == 1}
        return {key: code for key, code in stripped if key in once}

    def restore(self, codes: np.ndarray, rows: np.ndarray, file: str) -> tuple[np.ndarray, Finding | None]:
        """One file's unit codes with their zeros restored, and a finding saying so (None: nothing to do)."""
        row_codes, distinct = pd.factorize(codes)
        fixed, finding = self.restore_distinct(row_codes, np.asarray(distinct, dtype=object), rows, file)
        return (codes, None) if fixed is None else (fixed[row_codes], finding)

    def restore_distinct(
        self, row_codes: np.ndarray, distinct: np.ndarray, rows: np.ndarray, file: str
    ) -> tuple[np.ndarray | None, Finding | None]:
        """The distinct codes (`distinct[row_codes]` are the rows') with their zeros restored, and the finding;
        (None, None) when no code needs it."""
        replacement: dict[int, str] = {}
        for position, code in enumerate(distinct):  # one pass over the distinct unit codes
            if str(code) in self.known:
                continue
            digits = re.sub(r"\.0+$", "", str(code))  # '3390.0': a code that went through a float column
            if digits.isdigit() and digits.lstrip("0") in self.lookup:
                replacement[position] = self.lookup[digits.lstrip("0")]
        if not replacement:
            return None, None
        changed = np.flatnonzero(np.isin(row_codes, list(replacement)))
        first = int(changed[np.argmin(rows[changed])])
        message = (
            f"{len(changed)} unit code(s) without leading zeros were read as units.csv codes (e.g. "
            f"'{distinct[row_codes[first]]}' as '{replacement[row_codes[first]]}'); keep codes as text so "
            "the zeros stay"
        )
        finding = Finding("unit-code-padded", message, Location(file, int(rows[first])),
                          unit=replacement[row_codes[first]])  # fmt: skip
        return np.array([replacement.get(i, str(code)) for i, code in enumerate(distinct)], dtype=object), finding


def set_block_units(block: Block, row_codes: np.ndarray, distinct: np.ndarray) -> None:
    """The block's unit column replaced by `distinct[row_codes]`, kept categorical (texts made equal merge)."""
    merged, texts = pd.factorize(distinct)
    codes = np.where(row_codes >= 0, merged[row_codes], -1)
    block.keys["unit"] = pd.Categorical.from_codes(codes, categories=pd.Index(texts, dtype=object))


def restore_block_zeros(blocks: list[Block], unpadding: Unpadding) -> list[Finding]:
    """The count files' unit codes, zeros restored in place; a finding per file that needed it."""
    findings = []
    for block in blocks:
        row_codes, distinct = block_units(block)
        fixed, finding = unpadding.restore_distinct(row_codes, distinct, block.rows, block.file)
        if fixed is not None and finding is not None:
            set_block_units(block, row_codes, fixed)
            findings.append(finding)
    return findings


def resolve_block_codes(
    blocks: Iterable[Block], lookup: UnitLookup, labels: Mapping[str, str], displays: Mapping[str, str]
) -> None:
    """The count files' unit texts (names, UIDs) replaced in place by their units.csv codes, looked up once
    per distinct text (`ytcs.data.unit_names.resolve_units`, each text placed at its first row)."""
    for block in blocks:
        row_codes, distinct = block_units(block)
        if lookup.codes.issuperset(distinct):
            continue  # codes throughout: nothing to look up
        first_rows = np.full(len(distinct), np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(first_rows, row_codes[row_codes >= 0], block.rows[row_codes >= 0])
        fixed = resolve_units(distinct, first_rows, displays.get(block.file, block.file), lookup, labels)
        if fixed is not None:
            set_block_units(block, row_codes, fixed)


def restore_published_zeros(frame: pd.DataFrame, unpadding: Unpadding) -> tuple[pd.DataFrame, list[Finding]]:
    """Published history's unit codes, zeros restored; a finding per file that needed it."""
    findings = []
    units = frame["unit"].to_numpy(dtype=object).copy()
    for file, positions in frame.groupby("file", sort=False).indices.items():
        codes, finding = unpadding.restore(units[positions], frame["row"].to_numpy()[positions], str(file))
        if finding is not None:
            units[positions] = codes
            findings.append(finding)
    return (frame.assign(unit=pd.array(units, dtype="string")) if findings else frame), findings


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
