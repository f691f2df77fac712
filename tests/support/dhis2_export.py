"""The bundled data's 2024 counts written out as DHIS2 would export them, by hand (pandas, not ytcs).

Each form gets the same numbers: yearly as they are; monthly or quarterly split so that the year's rule
gives them back exactly (events split into whole parts that add up; a mean the same every period; a stock
different earlier in the year and the year's value in its last period).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd

from ytcs.plans.models import Variable

YEAR = "2024"
DEFAULT_COMBO = "HllvX50cXC0"  # DHIS2's default category option combo
SPLIT_VARIABLE = "deaths"  # exported in two category option combos, which must be summed back
COMBOS = ("cocMale0001", "cocFemale01")


def count_files(folder: Path) -> list[Path]:
    """The bundled folder's count files (units and published history aside)."""
    return [p for p in sorted(folder.glob("*.csv")) if p.name not in ("units.csv", "published.csv")]


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def copy_2024(source: Path, target: Path) -> Path:
    """The bundled folder with only its 2024 rows, every file in its own form: the baseline."""
    target.mkdir()
    shutil.copy(source / "units.csv", target / "units.csv")
    for path in count_files(source):
        frame = _read(path)
        frame[frame["year"] == YEAR].to_csv(target / path.name, index=False)
    return target


def counts_2024(source: Path) -> pd.DataFrame:
    """Every 2024 count of the bundled folder: unit, variable, value (the text as written)."""
    parts = []
    for path in count_files(source):
        frame = _read(path)
        frame = frame[frame["year"] == YEAR]
        if "variable" not in frame:
            frame = frame.melt(id_vars=["unit", "year"], var_name="variable", value_name="value")
        parts.append(frame[["unit", "variable", "value"]])
    long = pd.concat(parts, ignore_index=True)
    return long[~long["value"].isin(["", "-"])].reset_index(drop=True)


def _split(value: str, rule: str, parts: int) -> list[str]:
    """One year's value as `parts` periods that the rule adds (sum), averages (mean) or ends with (last)."""
    if rule == "sum":
        whole = int(value)
        base = whole // parts
        return [str(base)] * (parts - 1) + [str(whole - base * (parts - 1))]
    if rule == "mean":
        return [value] * parts
    earlier = str(max(int(float(value)) - 1, 0))
    return [earlier] * (parts - 1) + [value]


def in_periods(counts: pd.DataFrame, variables: dict[str, Variable], periods: str) -> pd.DataFrame:
    """The counts with a DHIS2 period each: yearly, monthly (202401…) or quarterly (2024Q1…)."""
    if periods == "yearly":
        return counts.assign(period=YEAR)
    names = [f"{YEAR}{m:02d}" for m in range(1, 13)] if periods == "monthly" else [f"{YEAR}Q{q}" for q in range(1, 5)]
    rows = []
    for unit, variable, value in counts[["unit", "variable", "value"]].itertuples(index=False):
        split = _split(value, variables[variable].time_aggregation, len(names))
        rows += [(unit, variable, part, name) for part, name in zip(split, names, strict=True)]
    return pd.DataFrame(rows, columns=["unit", "variable", "value", "period"])


def with_combos(counts: pd.DataFrame) -> pd.DataFrame:
    """The default combo everywhere, but SPLIT_VARIABLE in two combos whose values add up to it."""
    split = counts["variable"] == SPLIT_VARIABLE
    plain = counts[~split].assign(combo=DEFAULT_COMBO)
    first = counts[split].assign(combo=COMBOS[0], value=lambda f: (f["value"].astype(int) // 3).astype(str))
    second = counts[split].assign(
        combo=COMBOS[1], value=(counts.loc[split, "value"].astype(int) - first["value"].astype(int)).astype(str)
    )
    return pd.concat([plain, first, second], ignore_index=True)


def element_uid(variable: str, variables: list[str]) -> str:
    return f"DE{variables.index(variable):09d}"


def unit_uid(code: str) -> str:
    return f"OU{int(code):09d}"


def write_units_with_uids(source: Path, target: Path) -> None:
    units = _read(source / "units.csv")
    units.assign(uid=units["code"].map(unit_uid)).to_csv(target / "units.csv", index=False)


def write_mapping(target: Path, variables: list[str]) -> None:
    pd.DataFrame({"source": [element_uid(v, variables) for v in variables], "variable": variables}).to_csv(
        target / "mapping.csv", index=False
    )


def data_value_set(counts: pd.DataFrame, elements: pd.Series, units: pd.Series) -> pd.DataFrame:
    """The standard data value set columns, in DHIS2's order."""
    return pd.DataFrame(
        {
            "dataelement": elements,
            "period": counts["period"],
            "orgunit": units,
            "catoptcombo": counts["combo"],
            "attroptcombo": DEFAULT_COMBO,
            "value": counts["value"],
            "storedby": "admin",
            "lastupdated": "2025-01-15T08:00:00.000",
            "comment": "",
            "followup": "false",
        }
    )


def write_json(path: Path, document: dict) -> None:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def hierarchy_names(units: pd.DataFrame) -> dict[str, str]:
    """Each unit's name with its hierarchy, as DHIS2 writes it with showHierarchy ('Việt Nam/Tỉnh …/…');
    the country is above units.csv, and two communes of one name are told apart by their district."""
    name = dict(zip(units["code"], units["name"], strict=True))
    parent = dict(zip(units["code"], units["parent"].fillna(""), strict=True))

    def path(code: str) -> str:
        return f"{path(parent[code])}/{name[code]}" if parent[code] else f"Việt Nam/{name[code]}"

    return {code: path(code) for code in units["code"]}
