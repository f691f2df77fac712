"""Checks on what the script takes from the package: any failure stops it with a message saying what is wrong."""

from __future__ import annotations

import unicodedata

import pandas as pd

from .source import SourceError

CODE_LENGTHS = {"province": 2, "district": 3, "commune": 5}
NEW_COMMUNES = {"51": 96, "24": 99, "12": 38}  # Quyết định 19/2025/QĐ-TTg; the 96 for Quảng Ngãi
TOLERANCE = 0.001


def fail(message: str) -> None:
    raise SourceError(message)


def check_codes(codes: pd.Series, level: str, what: str) -> None:
    bad = codes[~codes.str.fullmatch(rf"\d{{{CODE_LENGTHS[level]}}}")]
    if len(bad):
        fail(f"{what}: {len(bad)} {level} code(s) not of {CODE_LENGTHS[level]} digits, e.g. {bad.iloc[0]!r}")


def check_nfc(names: pd.Series, what: str) -> None:
    bad = names[names.map(lambda name: unicodedata.normalize("NFC", name) != name)]
    if len(bad):
        fail(f"{what}: {len(bad)} name(s) not in NFC, e.g. {bad.iloc[0]!r}")


def check_new_units(units: pd.DataFrame) -> None:
    """Unique codes of the right length, NFC names, the expected number of communes in each new province."""
    if units["code"].duplicated().any():
        fail(f"new units: duplicate code {units.loc[units['code'].duplicated(), 'code'].iloc[0]}")
    for level in ("province", "commune"):
        check_codes(units.loc[units["level"] == level, "code"], level, "new units")
    check_nfc(units["name"], "new units")
    counts = units[units["level"] == "commune"].groupby("parent").size().to_dict()
    if counts != NEW_COMMUNES:
        fail(f"new communes per province {counts}, expected {NEW_COMMUNES}")


def leaves_and_provinces(old: pd.DataFrame) -> tuple[set[str], set[str]]:
    """Old units that need successors: communes, districts without communes (Lý Sơn), and provinces."""
    communes = old.loc[old["commune_code"] != "", "commune_code"]
    return set(communes) | set(old.loc[old["commune_code"] == "", "district_code"]), set(old["province_code"])


def check_crosswalk(crosswalk: pd.DataFrame, old: pd.DataFrame, ours: pd.DataFrame, new_units: pd.DataFrame) -> None:
    """Every old commune of our four provinces (and Lý Sơn, a district without communes) and every old province
    has successors, every old code is a known old unit, every pair is listed once, shares add up to 1, and every
    new unit took in at least one old unit. `old` holds every old unit known, `ours` those of the four provinces."""
    leaves, provinces = leaves_and_provinces(ours)
    missing = sorted((leaves | provinces) - set(crosswalk["old_code"]))
    if missing:
        fail(f"crosswalk: {len(missing)} old unit(s) of the four provinces without successors, e.g. {missing[0]}")
    if crosswalk.duplicated(["old_code", "new_code"]).any():
        fail("crosswalk: an (old_code, new_code) pair is listed twice")
    sums = crosswalk.assign(share=crosswalk["share"].astype(float)).groupby("old_code")["share"].sum()
    off = sums[(sums - 1).abs() > TOLERANCE]
    if len(off):
        fail(f"crosswalk: the shares of old unit {off.index[0]} add up to {off.iloc[0]}, not 1")
    untaken = sorted(set(new_units["code"]) - set(crosswalk["new_code"]))
    if untaken:
        fail(f"crosswalk: new unit(s) that took in no old unit, e.g. {untaken[0]}")
    unknown = sorted(set(crosswalk["new_code"]) - set(new_units["code"]))
    if unknown:
        fail(f"crosswalk: new code(s) not among the new units, e.g. {unknown[0]}")
    known = set().union(*leaves_and_provinces(old))
    strange = sorted(set(crosswalk["old_code"]) - known)
    if strange:
        fail(f"crosswalk: old code(s) that are no old commune, leaf district or province, e.g. {strange[0]}")
    check_nfc(crosswalk["note"], "crosswalk notes")


def check_old_units(old: pd.DataFrame, what: str) -> None:
    for level in CODE_LENGTHS:
        check_codes(old[f"{level}_code"], level, what)
        check_nfc(old[f"{level}_name"], what)
    if old["commune_code"].duplicated().any():
        fail(f"{what}: duplicate commune code")


def check_same_old_map(package_old: pd.DataFrame, ours: pd.DataFrame) -> None:
    """The package's old communes of our four provinces are ours: same codes, each in the same district."""
    theirs = package_old[package_old["commune_code"] != ""].set_index("commune_code")["district_code"]
    mine = ours[ours["commune_code"] != ""].set_index("commune_code")["district_code"]
    if set(theirs.index) != set(mine.index):
        differ = sorted(set(theirs.index) ^ set(mine.index))
        fail(f"the package's old communes differ from units.csv: {len(differ)} code(s), e.g. {differ[0]}")
    moved = mine[theirs.reindex(mine.index) != mine]
    if len(moved):
        fail(f"commune {moved.index[0]} is in district {moved.iloc[0]} in units.csv, elsewhere in the package")
