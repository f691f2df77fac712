"""Unit versions and the crosswalk, on a small map worked by hand.

Old map (until 1 July 2025): province 51 with district 501 (communes 00001, 00002) and district 502
(commune 00003); province 62 with district 601 (commune 00004).
New map (from 1 July 2025): province 51 with communes 00001 (old 00001 + 00002, whole), 00003 (0.6 of old
00003) and 00005 (0.4 of old 00003 + old 00004 whole). Old 51 and 62 both went wholly into the new 51.
2024 populations: 00001 1,000; 00002 3,000; 00003 2,000; 00004 6,000 (old 51: 6,000; old 62: 6,000).

Backward weights, the share of each new commune that came from each old one (share × 2024 population):
- new 00001: old 00001 1,000/4,000 = 0.25, old 00002 0.75;
- new 00003: only old 00003 → 1 (it lies wholly inside old 00003);
- new 00005: old 00003 0.4 × 2,000 = 800, old 00004 6,000 → 800/6,800 = 2/17 and 15/17;
- new 51: old 51 6,000/12,000 = 0.5, old 62 0.5.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from ytcs.data.folder import DataSet, read_data_folder
from ytcs.diagnostics import InputError
from ytcs.engine.compute import compute_prepared, prepare
from ytcs.plans.models import Indicator, Variable
from ytcs.vocab import Flag

OLD_DAY = dt.date(2024, 6, 1)
NEW_DAY = dt.date(2026, 1, 1)

UNITS = """code,name,level,parent,valid_from,valid_to
51,Tỉnh Quảng Ngãi,province,,,2025-07-01
501,Huyện A,district,51,,2025-07-01
00001,Xã Một,commune,501,,2025-07-01
00002,Xã Hai,commune,501,,2025-07-01
502,Huyện B,district,51,,2025-07-01
00003,Xã Ba,commune,502,,2025-07-01
62,Tỉnh Kon Tum,province,,,2025-07-01
601,Huyện C,district,62,,2025-07-01
00004,Xã Bốn,commune,601,,2025-07-01
51,Tỉnh Quảng Ngãi,province,,2025-07-01,
00001,Xã Một Mới,commune,51,2025-07-01,
00003,Xã Ba Mới,commune,51,2025-07-01,
00005,Xã Năm,commune,51,2025-07-01,
"""

CROSSWALK = """old_code,new_code,share,basis,note
00001,00001,1,whole,
00002,00001,1,whole,
00003,00003,0.6,area,
00003,00005,0.4,area,
00004,00005,1,whole,
51,51,1,whole,
62,51,1,whole,
"""

COMMUNES_2024 = """unit,year,population,live_births
00001,2024,1000,10
00002,2024,3000,30
00003,2024,2000,20
00004,2024,6000,60
"""

COMMUNES_2025 = """unit,year,population,live_births
00001,2025,4100,41
00003,2025,1250,12
00005,2025,6800,66
"""

PROVINCES = """unit,year,hospital_beds,hiv_prevalence_pct
51,2024,300,0.2
62,2024,200,0.3
51,2025,500,0.1
"""

VARIABLES = {
    "population": Variable(
        id="population", label_vi="Dân số", label_en="p", time_aggregation="mean", extent="territory"
    ),
    "live_births": Variable(
        id="live_births", label_vi="Sinh", label_en="b", time_aggregation="sum", extent="territory"
    ),
    "hospital_beds": Variable(
        id="hospital_beds", label_vi="Giường", label_en="beds", time_aggregation="last", extent="facility"
    ),
    "hiv_prevalence_pct": Variable(
        id="hiv_prevalence_pct", label_vi="HIV", label_en="hiv", time_aggregation="last", kind="reported"
    ),
}

INDICATORS = {
    "births": Indicator(
        id="births", name_vi="b", name_en="b", unit="trẻ", count="live_births", polarity="none", definition="test"
    ),
    "birth_rate": Indicator(
        id="birth_rate",
        name_vi="r",
        name_en="r",
        unit="‰",
        numerator="live_births",
        denominator="population",
        multiplier=1000,
        polarity="none",
        ci="poisson",
        definition="test",
    ),
    "beds": Indicator(
        id="beds", name_vi="g", name_en="g", unit="giường", count="hospital_beds", polarity="none", definition="test"
    ),
    "hiv": Indicator(
        id="hiv", name_vi="h", name_en="h", unit="%", reported="hiv_prevalence_pct", polarity="none", definition="t"
    ),
}


def write_folder(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in {"units.csv": UNITS, "crosswalk.csv": CROSSWALK, **files}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_folder(
        tmp_path / "data",
        {"communes_2024.csv": COMMUNES_2024, "communes_2025.csv": COMMUNES_2025, "provinces.csv": PROVINCES},
    )


def results(data: DataSet) -> dict[tuple[str, int, str], tuple[float, int]]:
    prepared = prepare(data.units, data.counts, VARIABLES, None, data.hierarchy, data.carried)
    frame = compute_prepared(prepared, INDICATORS)
    return {(row.unit, int(row.year), row.indicator): (float(row.value), int(row.flags)) for row in frame.itertuples()}


def test_old_map_2025_from_new_units(folder: Path) -> None:
    got = results(read_data_folder(folder, VARIABLES, on=OLD_DAY))
    # Old communes: apportioned shares of the new communes' births.
    assert got[("00001", 2025, "births")][0] == pytest.approx(41 * 0.25)
    assert got[("00002", 2025, "births")][0] == pytest.approx(41 * 0.75)
    assert got[("00003", 2025, "births")][0] == pytest.approx(12 + 66 * 2 / 17)
    assert got[("00004", 2025, "births")][0] == pytest.approx(66 * 15 / 17)
    assert got[("00001", 2025, "births")][1] & Flag.APPORTIONED
    # District 501 holds all of new 00001: exact, carried but not apportioned.
    assert got[("501", 2025, "births")][0] == pytest.approx(41)
    assert got[("501", 2025, "births")][1] & Flag.CARRIED
    assert not got[("501", 2025, "births")][1] & Flag.APPORTIONED
    # District 502 holds 2/17 of new 00005: apportioned; numerator and denominator carried alike.
    births_502 = 12 + 66 * 2 / 17
    population_502 = 1250 + 6800 * 2 / 17  # = 2,050
    assert got[("502", 2025, "birth_rate")][0] == pytest.approx(births_502 / population_502 * 1000)
    assert got[("502", 2025, "birth_rate")][1] & Flag.APPORTIONED
    # The old province: the old communes' sum, never the new province's 51 taken by its code.
    assert got[("51", 2025, "births")][0] == pytest.approx(41 + births_502)
    assert got[("51", 2024, "births")] == (60.0, 0)  # before the change: the old units' own counts, no flag


def test_code_51_names_two_provinces(folder: Path) -> None:
    """A plain code join would give the old Quảng Ngãi the new province's 500 beds in 2025 and the new
    province only old Quảng Ngãi's 300 in 2024. Beds are what facilities have: never split by population
    (half of 500 would be a guess at where the hospitals are), so the old province's 2025 beds are missing;
    the new province's 2024 beds are its two old provinces' whole."""
    data = read_data_folder(folder, VARIABLES, on=OLD_DAY)
    old = results(data)
    assert np.isnan(old.get(("51", 2025, "beds"), (np.nan, 0))[0])
    assert old[("51", 2024, "beds")][0] == 300
    assert any(f.code == "not-carried" and "hospital_beds" in f.message for f in data.findings)
    carried = data.carried[(data.carried["unit"] == "51") & (data.carried["year"] == 2025)]
    assert "hospital_beds" not in set(carried["variable"])  # nothing was carried, so nothing is flagged
    new = results(read_data_folder(folder, VARIABLES, on=NEW_DAY))
    assert new[("51", 2024, "beds")][0] == 300 + 200
    assert new[("51", 2024, "beds")][1] & Flag.CARRIED
    assert not new[("51", 2024, "beds")][1] & Flag.APPORTIONED


def test_new_province_history_from_its_old_parts(folder: Path) -> None:
    new = results(read_data_folder(folder, VARIABLES, on=NEW_DAY))
    assert new[("00001", 2024, "births")] == (40.0, int(Flag.CARRIED))  # 10 + 30, both whole
    assert new[("00003", 2024, "births")][0] == pytest.approx(0.6 * 20)
    assert new[("00005", 2024, "births")][0] == pytest.approx(0.4 * 20 + 60)
    assert new[("00005", 2024, "births")][1] & Flag.APPORTIONED
    # The new province is the two old ones whole: exact, all 120 births.
    assert new[("51", 2024, "births")][0] == pytest.approx(120)
    assert not new[("51", 2024, "births")][1] & Flag.APPORTIONED
    assert new[("51", 2025, "births")] == (119.0, 0)  # on its own map, its own counts


def test_reported_values_are_not_apportioned(folder: Path) -> None:
    data = read_data_folder(folder, VARIABLES, on=OLD_DAY)
    got = results(data)
    assert ("51", 2025, "hiv") not in got or np.isnan(got[("51", 2025, "hiv")][0])
    assert got[("51", 2024, "hiv")][0] == 0.2
    assert any(f.code == "not-carried" and "hiv_prevalence_pct" in f.message for f in data.findings)


def test_a_carried_value_needs_every_part(tmp_path: Path) -> None:
    """Old 00003 is fed by new 00003 and 00005; without 00005 it is missing, not 12."""
    partial = COMMUNES_2025.replace("00005,2025,6800,66\n", "")
    folder = write_folder(tmp_path / "data", {"c24.csv": COMMUNES_2024, "c25.csv": partial})
    got = results(read_data_folder(folder, VARIABLES, on=OLD_DAY))
    assert np.isnan(got.get(("00003", 2025, "births"), (np.nan, 0))[0])
    assert got[("00001", 2025, "births")][0] == pytest.approx(10.25)


def test_monthly_series_across_1_july_2025(tmp_path: Path) -> None:
    """January–June on old 00003 (2 a month), July–December on new 00003 (1) and 00005 (5)."""
    rows = ["unit,year,month,live_births"]
    rows += [f"00003,2025,{m},2" for m in range(1, 7)]
    rows += [f"00003,2025,{m},1" for m in range(7, 13)] + [f"00005,2025,{m},5" for m in range(7, 13)]
    rows += [f"00004,2025,{m},3" for m in range(1, 7)]
    folder = write_folder(tmp_path / "data", {"c24.csv": COMMUNES_2024, "monthly.csv": "\n".join(rows) + "\n"})
    got = results(read_data_folder(folder, VARIABLES, on=OLD_DAY))
    assert got[("00003", 2025, "births")][0] == pytest.approx(12 + 6 + 30 * 2 / 17)
    assert got[("00004", 2025, "births")][0] == pytest.approx(18 + 30 * 15 / 17)
    assert got[("00003", 2025, "births")][1] & Flag.APPORTIONED


def test_a_read_on_no_day_names_todays_map(folder: Path) -> None:
    """Without a day the map is today's (the units whose validity is open), not 'the map of 30/12/9999'."""
    data = read_data_folder(folder, VARIABLES)
    [carried] = [f for f in data.findings if f.code == "carried"]
    assert carried.message.startswith("values of 2024 reported on units not on today's map were carried to it")
    (folder / "crosswalk.csv").unlink()
    with pytest.raises(InputError, match=r"is not on today's map and crosswalk\.csv does not say"):
        read_data_folder(folder, VARIABLES)


def test_a_row_on_a_unit_not_in_force_is_refused(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "data", {"c.csv": COMMUNES_2024 + "00002,2025,3100,31\n"})
    with pytest.raises(InputError) as caught:
        read_data_folder(folder, VARIABLES, on=OLD_DAY)
    message = str(caught.value)
    assert "c.csv:6" in message and "00002" in message and "31/12/2025" in message


@pytest.mark.parametrize(
    ("units", "crosswalk", "fragments"),
    [
        (UNITS + "00001,Xã Trùng,commune,51,2025-01-01,\n", CROSSWALK, ["units.csv:15", "00001", "already on row"]),
        (UNITS, CROSSWALK.replace("00003,00005,0.4", "00003,00005,0.3"), ["crosswalk.csv:4", "00003 sum to 0.9"]),
        (UNITS, CROSSWALK.replace("00004,00005,1,whole,\n", ""), ["00004", "no row in crosswalk.csv"]),
        (UNITS, CROSSWALK + "00009,00005,1,whole,\n", ["crosswalk.csv:9", "00009", "not a unit code"]),
        # 62 has no version starting on 1 July 2025, the day 00002's ends: the row pairs no two versions
        (UNITS, CROSSWALK + "00002,62,1,whole,\n", ["crosswalk.csv:9", "00002", "ends on the day the new unit"]),
        (UNITS.replace(",,2025-07-01\n501", ",,01/07/2025\n501"), CROSSWALK, ["units.csv:2", "YYYY-MM-DD"]),
    ],
)
def test_bad_versions_and_crosswalks(tmp_path: Path, units: str, crosswalk: str, fragments: list[str]) -> None:
    folder = write_folder(tmp_path / "data", {"c.csv": COMMUNES_2024})
    (folder / "units.csv").write_text(units, encoding="utf-8")
    (folder / "crosswalk.csv").write_text(crosswalk, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_data_folder(folder, VARIABLES, on=OLD_DAY)
    message = str(caught.value)
    assert "\n" not in message
    assert all(fragment in message for fragment in fragments), message
