"""Old plans judged on their own map in 2025, on the bundled folders' new-map counts (issue 15).

The expected values are worked out here from the CSV files with a formula of their own: the old province's
share of each new commune is Σ share(old → new) × 2024 population over the old communes of that province,
divided by the same over all the new commune's old parts; the old province's 2025 count is Σ share × the
new commune's count. A plain code join would instead take every new commune of the new province.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.support.cli import invoke, records
from tests.support.paths import DATA


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"unit": str, "code": str, "parent": str, "old_code": str, "new_code": str})


def old_province_share(folder: Path, province: str) -> pd.Series:
    """Each new commune's fraction that lay in the old province (by 2024 population)."""
    units = read(folder / "units.csv")
    old = units[units["valid_to"].notna()]
    parent = dict(zip(old["code"], old["parent"].fillna(""), strict=True))

    def inside(code: str) -> bool:
        while code:
            if code == province:
                return True
            code = parent.get(code, "")
        return False

    outside = folder / "population_outside.csv"
    parts = [read(folder / "communes.csv").query("year == 2024"), *([read(outside)] if outside.exists() else [])]
    population = pd.concat([part[["unit", "population"]] for part in parts]).set_index("unit")["population"]
    crosswalk = read(folder / "crosswalk.csv")
    crosswalk = crosswalk[crosswalk["old_code"].isin(population.index)]
    crosswalk["mass"] = crosswalk["share"] * crosswalk["old_code"].map(population)
    crosswalk["inside"] = crosswalk["old_code"].map(inside)
    total = crosswalk.groupby("new_code")["mass"].sum()
    within = crosswalk[crosswalk["inside"]].groupby("new_code")["mass"].sum()
    return (within / total).reindex(total.index, fill_value=0.0)


def rate_2025(folder: Path, share: pd.Series, numerator: str, denominator: str) -> tuple[float, float]:
    """The rate over the old area (each new commune weighted by its share) and over the whole new province."""
    communes = read(folder / "communes.csv").query("year == 2025").set_index("unit")
    weight = share.reindex(communes.index).fillna(0.0)
    old_area = (communes[numerator] * weight).sum() / (communes[denominator] * weight).sum() * 100
    new_province = communes[numerator].sum() / communes[denominator].sum() * 100
    return float(old_area), float(new_province)


def value(output: str, unit: str, indicator: str) -> dict:
    return next(r for r in records(output) if r["unit"] == unit and r["indicator"] == indicator)


def test_bac_giang_2025_is_the_old_bac_giang_not_the_new_bac_ninh() -> None:
    folder = DATA / "bac-giang"
    result = invoke(
        ["gap", "bac-giang-2024-ct25", "--data", str(folder), "--year", "2025", "--format", "json", "--all"]
    )
    assert "Tỉnh Bắc Giang (24, đến 01/07/2025)" in result.stderr
    assert "Judged on the administrative units of 28/01/2024" in result.stderr
    old_area, new_province = rate_2025(folder, old_province_share(folder, "24"), "insured_population", "population")
    assert abs(old_area - new_province) > 0.3  # a plain code join would be visibly wrong
    row = value(result.stdout, "24", "insurance_coverage_pct")
    assert row["value"] == pytest.approx(old_area, abs=5e-4)
    assert "carried" in row["flags"] or "apportioned" in row["flags"]


def test_kon_tum_plan_is_judged_on_its_old_area_in_2025() -> None:
    folder = DATA / "kon-tum"
    result = invoke(["compute", "kon-tum-2018-nq139", "--data", str(folder), "--year", "2025", "--format", "json"])
    assert "Tỉnh Kon Tum (62, đến 01/07/2025)" in result.stderr
    share = old_province_share(folder, "62")
    communes = read(folder / "communes.csv").query("year == 2025").set_index("unit")
    weight = share.reindex(communes.index).fillna(0.0)
    insured, population = (float((communes[c] * weight).sum()) for c in ("insured_population", "population"))
    row = value(result.stdout, "62", "insurance_coverage_pct")
    assert (row["numerator"], row["denominator"]) == (pytest.approx(insured), pytest.approx(population))
    assert row["value"] == pytest.approx(insured / population * 100)
    assert population < communes["population"].sum() * 0.6  # the new Quảng Ngãi is far larger


def test_a_folder_without_versions_says_nothing_about_maps(tmp_path: Path) -> None:
    result = invoke(["compute", "quang-ngai-2024-ct37", "--data", str(DATA / "quang-ngai"), "--format", "json"])
    assert "đến 01/07/2025" in result.stderr  # the bundled folder has versions …
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "units.csv").write_text("code,name,level,parent\n51,Tỉnh Quảng Ngãi,province,\n", encoding="utf-8")
    (plain / "c.csv").write_text("unit,year,population\n51,2024,1000\n", encoding="utf-8")
    result = invoke(["compute", "quang-ngai-2024-ct37", "--data", str(plain), "--format", "json"])
    assert "Judged on" not in result.stderr  # … a folder without versions has one map, and no note
