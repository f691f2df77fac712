"""units.csv: every parent exists over the child's days and may hold the child's level, and only the top
units have none. Each message is written out in full, as the reader of the error sees it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ytcs.data.units import read_units
from ytcs.diagnostics import InputError


def read(tmp_path: Path, rows: str):
    path = tmp_path / "units.csv"
    path.write_text("code,name,level,parent,valid_from,valid_to\n" + rows, encoding="utf-8")
    return read_units(path)


def refused(tmp_path: Path, rows: str) -> str:
    """The error as `units.csv:line:column: message` (the folder left out)."""
    with pytest.raises(InputError) as caught:
        read(tmp_path, rows)
    return str(caught.value).removeprefix(f"{tmp_path}/")


def test_parents_are_the_rows_of_their_codes(tmp_path):
    versions, _ = read(tmp_path, "12,Tỉnh,province,,,\n106,Huyện,district,12,,\n03390,Xã A,commune,106,,\n")
    assert versions.frame["parent_version"].tolist() == [-1, 0, 1]


def test_a_parent_is_the_version_in_force_over_the_childs_days(tmp_path):
    # Code 12 has two versions; the commune valid from 2025-07-01 sits under the second (row 3 of the list).
    rows = "12,Tỉnh cũ,province,,,2025-07-01\n12,Tỉnh mới,province,,2025-07-01,\n03390,Xã A,commune,12,2025-07-01,\n"
    versions, _ = read(tmp_path, rows)
    assert versions.frame["parent_version"].tolist() == [-1, -1, 1]


def test_a_parent_not_valid_over_the_childs_days(tmp_path):
    message = refused(tmp_path, "12,Tỉnh,province,,,2025-07-01\n106,Huyện,district,12,,\n")
    assert message == (
        "units.csv:3:parent: the parent 12 of unit 106 is not valid over all of that unit's days (mọi ngày); give "
        "the parent valid then, or split the unit's validity"
    )


def test_a_parent_of_a_level_that_cannot_hold_the_child(tmp_path):
    message = refused(tmp_path, "12,Tỉnh,province,,,\n03390,Xã A,commune,12,,\n03391,Xã B,commune,03390,,\n")
    assert message == (
        "units.csv:4:parent: the commune 03391 has the commune 03390 as parent; a commune's parent must be "
        "district or province"
    )


def test_a_unit_without_parent_beside_a_higher_one(tmp_path):
    message = refused(tmp_path, "12,Tỉnh,province,,,\n106,Huyện,district,,,\n03390,Xã A,commune,106,,\n")
    assert message == (
        "units.csv:3:parent: the district 106 has no parent; give the code of its province (only the top unit has none)"
    )


def test_a_lone_district_may_be_the_top_of_a_folder(tmp_path):
    versions, _ = read(tmp_path, "106,Huyện,district,,,\n03390,Xã A,commune,106,,\n")
    assert versions.frame["parent_version"].tolist() == [-1, 0]


def test_a_unit_without_parent_on_other_days_than_the_higher_one(tmp_path):
    # The province ends on 2025-07-01 and the district starts then: they are never in force together.
    versions, _ = read(tmp_path, "12,Tỉnh,province,,,2025-07-01\n106,Huyện,district,,2025-07-01,\n")
    assert versions.frame["parent_version"].tolist() == [-1, -1]


def test_blank_rows_are_dropped_and_lines_kept(tmp_path):
    # Line 3 is blank (cells all empty): it is no unit, and the district's line is still 4.
    versions, _ = read(tmp_path, "12,Tỉnh,province,,,\n,,,,,\n106,Huyện,district,12,,\n")
    assert versions.frame["code"].tolist() == ["12", "106"]
    assert versions.frame["row"].tolist() == [2, 4]
    message = refused(tmp_path, "12,Tỉnh,province,,,\n,,,,,\n106,Huyện,district,,,\n")
    assert message.startswith("units.csv:4:parent: the district 106 has no parent")


def test_levels_are_read_in_any_case_and_a_parent_name_found_among_later_rows(tmp_path):
    # 'Province' and 'COMMUNE' are the known levels; the commune's parent 106 is listed after it.
    rows = "12,Tỉnh,Province,,,\n03390,Xã A,COMMUNE,106,,\n106,Huyện,district,12,,\n"
    versions, _ = read(tmp_path, rows)
    assert versions.frame["level"].tolist() == ["province", "commune", "district"]
    assert versions.frame["parent_version"].tolist() == [-1, 2, 0]


def test_a_parent_code_that_only_parents_use_is_no_unit(tmp_path):
    # 107 appears twice as a parent and never as a code: the first row naming it is refused.
    message = refused(tmp_path, "12,Tỉnh,province,,,\n03390,Xã A,commune,107,,\n03391,Xã B,commune,107,,\n")
    assert message == (
        "units.csv:3:parent: '107' is not the code of any unit in units.csv; add the parent unit or correct the code"
    )
