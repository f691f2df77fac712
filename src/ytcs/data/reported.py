"""Which variables each unit gives, per year and month: the counts folded once onto (unit, year, month).

The no-data and partial-year checks and the default year all ask "does this unit give that variable in
that year, and in which months?". Asked per variable over the rows, that was a hash of every row's key per
variable (25 variables × 380,000 rows on a national file). Here each row's given variables are the bits of
one integer, OR-ed in one pass into a small array of units × years × months, and every question after that is
a bit test on the small array. Computed once per counts and hierarchy (the checks and the default year ask).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ytcs.data.counts import UNIT_POSITIONS, YEAR_POSITIONS, Counts
from ytcs.data.hierarchy import Hierarchy

MONTHS = 13  # month 0 (a whole-year row) and 1 to 12
_ONE = np.uint64(1)


@dataclass(frozen=True)
class Reported:
    """For each unit of the counts (a category of `frame["unit"]`), year and month: the variables it gives.
    Arrays end with the units, so that a question about a year or a month runs along a whole row of units."""

    names: dict[str, int]  # variable → its bit: bit i % 64 of word i // 64
    years: np.ndarray  # the years of the counts, ascending
    unit: np.ndarray  # per unit of the counts: its index in the hierarchy (−1: not in units.csv)
    bits: np.ndarray  # (words, MONTHS, years, units of the counts) uint64
    some_month: np.ndarray  # (words, years, units of the counts): given in at least one of the months 1 to 12
    every_month: np.ndarray  # (words, years, units of the counts): given in each of the months 1 to 12
    by_unit: np.ndarray  # (words, years, units of the hierarchy): given in any month or the whole year
    anywhere: np.ndarray  # per variable: whether any row gives it

    def _test(self, words: np.ndarray, variable: str) -> np.ndarray:
        bit = self.names[variable]
        return ((words[bit // 64] >> np.uint64(bit % 64)) & _ONE).astype(bool)

    def given(self, variable: str) -> np.ndarray:
        """(years, units of the hierarchy): whether the unit gives any value of `variable` in the year."""
        return self._test(self.by_unit, variable)

    def given_each(self, variables: list[str]) -> np.ndarray:
        """(variables, years, units of the hierarchy): `given` for each of `variables` at once."""
        given = np.empty((len(variables), *self.by_unit.shape[1:]), dtype=bool)
        for index, variable in enumerate(variables):  # a variable at a time: no array 64 times the units' size
            given[index] = self._test(self.by_unit, variable)
        return given

    def months(self, variable: str) -> np.ndarray:
        """(years, units of the counts): in how many of the months 1 to 12 the unit gives `variable`; counted
        only where some months lack it, 12 or 0 elsewhere."""
        months = np.where(self._test(self.every_month, variable), 12, 0)
        partly = np.nonzero(self._test(self.some_month, variable) & (months == 0))
        if len(partly[0]):
            months[partly] = self._test(self.bits[:, 1:, partly[0], partly[1]], variable).sum(axis=0)
        return months

    def given_anywhere(self, variable: str) -> bool:
        """Whether any row gives `variable` (a unit units.csv lists or not)."""
        return variable in self.names and bool(self.anywhere[self.names[variable]])


def unit_positions(counts: Counts, hierarchy: Hierarchy) -> tuple[np.ndarray, np.ndarray]:
    """Per row of the counts, and per unit code in them: the unit's index in the hierarchy (−1 when units.csv
    does not list it). Looked up once per distinct code and kept with the counts."""
    cached = counts.memo.get(UNIT_POSITIONS)
    if isinstance(cached, tuple) and cached[0] is hierarchy:
        return cached[1], cached[2]
    per_row, per_code = counts.unit_lookup(hierarchy.codes)
    counts.memo[UNIT_POSITIONS] = (hierarchy, per_row, per_code)
    return per_row, per_code


def row_years(counts: Counts) -> tuple[np.ndarray, np.ndarray]:
    """The distinct years of the counts and each row's position among them (`year_positions`), worked out
    once and kept with the counts: the checks, the totals check and the no-data check all ask for them."""
    cached = counts.memo.get(YEAR_POSITIONS)
    if isinstance(cached, tuple):
        return cached[0], cached[1]
    found = year_positions(counts.frame["year"].to_numpy().astype(np.int64, copy=False))
    counts.memo[YEAR_POSITIONS] = found
    return found


def year_positions(year: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct years (ascending) and each row's position among them, without a hash or a sort."""
    if not len(year):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    first = int(year.min())
    present = np.bincount(year - first) > 0
    return np.flatnonzero(present) + first, (np.cumsum(present) - 1)[year - first]


def _words(counts: Counts) -> tuple[list[np.ndarray], np.ndarray]:
    """Each row's given variables as bits of 64-bit words (variable i: bit i % 64 of word i // 64), and
    whether each variable is given anywhere."""
    rows = len(counts.frame)
    words = [np.zeros(rows, np.uint64) for _ in range(max(1, -(-len(counts.variables) // 64)))]
    anywhere = np.zeros(len(counts.variables), bool)
    for index, name in enumerate(counts.variables):
        given = ~np.isnan(counts.frame[name].to_numpy(dtype=np.float64))
        anywhere[index] = given.any()
        words[index // 64] |= given.astype(np.uint64) << np.uint64(index % 64)
    return words, anywhere


def reported(counts: Counts, hierarchy: Hierarchy) -> Reported:
    """The variables each unit gives per year and month (see the module docstring), kept with the counts."""
    cached = counts.memo.get("reported")
    if isinstance(cached, tuple) and cached[0] is hierarchy:
        found = cached[1]
        assert isinstance(found, Reported)
        return found
    _, per_code = unit_positions(counts, hierarchy)
    frame = counts.frame
    years, year = row_years(counts)
    category = frame["unit"].cat.codes.to_numpy().astype(np.int64)
    rows = slice(None) if (category >= 0).all() else np.flatnonzero(category >= 0)  # a row without a unit: none
    month = frame["month"].to_numpy().astype(np.int64, copy=False)
    cell = (month[rows] * len(years) + year[rows]) * len(per_code) + category[rows]
    words, anywhere = _words(counts)
    flat = np.zeros((len(words), MONTHS * len(years) * len(per_code)), np.uint64)
    for word, values in zip(flat, words, strict=True):
        np.bitwise_or.at(word, cell, values[rows])
    bits = flat.reshape(len(words), MONTHS, len(years), len(per_code))
    some, every = np.bitwise_or.reduce(bits[:, 1:], axis=1), np.bitwise_and.reduce(bits[:, 1:], axis=1)
    by_unit = np.zeros((len(words), len(years), len(hierarchy)), np.uint64)
    known = per_code >= 0
    by_unit[:, :, per_code[known]] = (some | bits[:, 0])[:, :, known]
    names = {name: index for index, name in enumerate(counts.variables)}
    found = Reported(names, years, per_code, bits, some, every, by_unit, anywhere)
    counts.memo["reported"] = (hierarchy, found)
    return found
