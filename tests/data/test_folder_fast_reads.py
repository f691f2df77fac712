"""The fast road starts on a folder's CSV count files while units.csv is read (ytcs.data.folder): what it
finds is said where the files are read in turn, so a problem with units.csv is still said first."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.folders import write_folder
from tests.support.paths import CATALOG
from ytcs.data import fast_csv
from ytcs.data.folder import read_data_folder
from ytcs.diagnostics import InputError
from ytcs.plans import load_plan_set

UNITS = "code,name,level,parent\n51,Quảng Ngãi,province,\n522,Bình Sơn,district,51\n"
COUNTS = "unit,year,population,doctors\n522,2024,1000,3\n51,2024,1200,4\n"
VARIABLES = load_plan_set([CATALOG]).variables()


def refused(folder: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_data_folder(folder, VARIABLES)
    return str(caught.value).removeprefix(f"{folder}/")


def test_counts_read_early_are_the_counts(tmp_path):
    data = read_data_folder(
        write_folder(tmp_path, UNITS, {"a.csv": COUNTS, "b.csv": COUNTS.replace("2024", "2023")}), VARIABLES
    )
    frame = data.counts.frame
    assert sorted(zip(frame["unit"].astype(str), frame["year"], frame["doctors"], strict=True)) == [
        ("51", 2023, 4.0), ("51", 2024, 4.0), ("522", 2023, 3.0), ("522", 2024, 3.0)
    ]  # fmt: skip


def test_a_units_problem_is_said_before_what_the_early_reading_of_a_count_file_found(tmp_path, monkeypatch):
    monkeypatch.setattr(fast_csv, "MAX_CSV_BYTES", 20)  # the count file is now too large for the fast road
    folder = write_folder(tmp_path, UNITS.replace("district", "ward"), {"counts.csv": COUNTS})
    assert refused(folder) == "units.csv:3:level: 'ward' is not a level; use province, district or commune"
    (folder / "units.csv").write_text(UNITS, encoding="utf-8")  # units.csv corrected: the count file's turn
    assert refused(folder) == "counts.csv: is larger than 20 bytes; CSV files over 20 bytes are refused"
