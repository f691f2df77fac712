"""DHIS2 periods → year and month: yearly `2024`, monthly `202401`, quarterly `2024Q1`.

DHIS2 names a period by an ISO-like id (and, in exports with names, by its English name: `January 2024`).
ytcs keeps years and months (month 0: the whole year). A calendar quarter is turned into its year here,
by the variable's own rule over the quarters given (events add, a mean is the mean, a stock takes the last
quarter): a quarter has no month of its own, and three months it was never split into would be invented.
Weekly, daily, bi-monthly, six-monthly and financial-year periods do not fit calendar years or months
and are refused at their row, never dropped.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ytcs.diagnostics import Finding, InputError, Location, quote
from ytcs.vocab import YEAR_MAX, YEAR_MIN

_MONTHS = "|".join(calendar.month_name[1:])
# Accepted periods: (pattern, kind), each pattern naming its groups year, month or quarter.
_ACCEPTED: tuple[tuple[str, str], ...] = (
    (r"(?P<year>\d{4})", "yearly"),
    (r"(?P<year>\d{4})(?P<month>0[1-9]|1[0-2])", "monthly"),
    (r"(?P<year>\d{4})Q(?P<quarter>[1-4])", "quarterly"),
    (rf"(?P<month_name>{_MONTHS}) (?P<year>\d{{4}})", "monthly"),
)
# Periods DHIS2 has that are no calendar year, month or quarter: refused by name.
_REFUSED: tuple[tuple[str, str], ...] = (
    (r"\d{4}(?:Wed|Thu|Sat|Sun)?W\d{1,2}", "weekly"),
    (r"\d{4}BiW\d{1,2}", "bi-weekly"),
    (r"\d{8}|\d{4}-\d{2}-\d{2}", "daily"),
    (r"\d{6}B", "bi-monthly"),
    (r"\d{4}(?:April|Nov)?S[12]", "six-monthly"),
    (r"\d{4}NovQ[1-4]", "November-quarterly"),
    (r"\d{4}(?:April|July|Oct|Nov|Sep)", "financial-year"),
)
_ADVICE = "ytcs reads yearly (2024), monthly (202401) and quarterly (2024Q1) periods: export the data with one of them"


@dataclass(frozen=True)
class Periods:
    """Each row's year, month (0: the whole year, or a quarter) and quarter (0: none)."""

    year: np.ndarray
    month: np.ndarray
    quarter: np.ndarray


def _distinct_periods(unique: pd.Series) -> pd.DataFrame:
    """The accepted reading of each distinct text (year NaN where none), and the refused kind if any."""
    year = np.full(len(unique), np.nan)
    month = np.zeros(len(unique))
    quarter = np.zeros(len(unique))
    texts = unique.astype(object).to_numpy()
    plain = pd.Series(texts, dtype=object).astype(str)
    for pattern, _kind in _ACCEPTED:
        parts = plain.str.extract(rf"^{pattern}$")
        hit = (parts["year"].notna() & np.isnan(year)).to_numpy()
        year = np.where(hit, pd.to_numeric(parts["year"], errors="coerce"), year)
        if "month" in parts:
            month = np.where(hit, pd.to_numeric(parts["month"], errors="coerce"), month)
        if "month_name" in parts:
            named = parts["month_name"].map({name: number for number, name in enumerate(calendar.month_name)})
            month = np.where(hit, named.to_numpy(dtype=float, na_value=0), month)
        if "quarter" in parts:
            quarter = np.where(hit, pd.to_numeric(parts["quarter"], errors="coerce"), quarter)
    refused = np.full(len(unique), "", dtype=object)
    for pattern, kind in _REFUSED:
        match = plain.str.fullmatch(pattern).to_numpy(dtype=bool) & np.isnan(year) & (refused == "")
        refused[match] = kind
    return pd.DataFrame({"year": year, "month": month, "quarter": quarter, "refused": refused})


def parse_periods(texts: pd.Series, rows: np.ndarray, file: str, column: str) -> Periods:
    """Every row's DHIS2 period read, once per distinct text; an error at the first row that is no
    calendar year, month or quarter, saying what it is."""
    codes, uniques = pd.factorize(texts.astype(str).str.strip(), sort=False)
    unique = pd.Series(np.asarray(uniques, dtype=object), dtype="string")
    found = _distinct_periods(unique)
    bad = (found["year"].isna() | ~found["year"].between(YEAR_MIN, YEAR_MAX)).to_numpy()
    if bad.any():
        position = int(np.flatnonzero(bad[codes])[0])
        text = str(unique.iloc[codes[position]])
        refused = found["refused"].iloc[codes[position]]
        if text == "":
            problem = "the period is empty; every row needs its period"
        elif refused:
            problem = f"{quote(text)} is a {refused} period; {_ADVICE}"
        else:
            problem = f"{quote(text)} is not a DHIS2 period ytcs reads; {_ADVICE}"
        raise InputError(problem, Location(file, int(rows[position]), column))
    as_int = found[["year", "month", "quarter"]].to_numpy(dtype=np.int64)
    return Periods(as_int[codes, 0], as_int[codes, 1], as_int[codes, 2])


def quarters_to_years(long: pd.DataFrame, rules: Mapping[str, str], file: str) -> tuple[pd.DataFrame, list[Finding]]:
    """Quarterly rows (column `quarter` > 0) → one whole-year row per unit, year and variable, by the
    variable's rule (`sum`, `mean`, `last`); other rows as they are. Events given for fewer than four
    quarters are a finding: their year counts only those quarters, as with months."""
    quarterly = long["quarter"].to_numpy() > 0
    if not quarterly.any():
        return long.drop(columns="quarter"), []
    part = long[quarterly].sort_values(["unit", "year", "variable", "quarter"], kind="stable")
    grouped = part.groupby(["unit", "year", "variable"], sort=False)
    summary = grouped.agg(
        total=("value", "sum"), mean=("value", "mean"), last=("value", "last"),
        quarters=("quarter", "nunique"), row=("row", "min"),
    ).reset_index()  # fmt: skip
    chosen_rule = summary["variable"].map(lambda name: rules.get(name, "last"))
    summary["value"] = np.select(
        [chosen_rule == "sum", chosen_rule == "mean"], [summary["total"], summary["mean"]], summary["last"]
    )
    yearly = summary.assign(month=0)[["unit", "year", "month", "variable", "value", "row"]]
    partial = summary[(chosen_rule == "sum") & (summary["quarters"] < 4)]
    findings = []
    if len(partial):
        first = partial.sort_values("row").iloc[0]
        message = (
            f"{len(partial)} yearly sum(s) of events are given for fewer than 4 quarters (e.g. {first['variable']} "
            f"of unit {first['unit']}: {int(first['quarters'])} of 4 quarters of {int(first['year'])}); the year's "
            "total counts only those quarters: add the missing quarters"
        )
        findings.append(Finding("partial-year", message, Location(file, int(first["row"]))))
    rest = long[~quarterly].drop(columns="quarter")
    return pd.concat([rest, yearly], ignore_index=True), findings
