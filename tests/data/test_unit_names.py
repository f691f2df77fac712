"""Units given by name or DHIS2 UID instead of code, in every form of count file (issue 12: names gave
"unit code Phường Lê Hồng Phong is not in units.csv")."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.support.paths import CATALOG, DATA
from ytcs.data.folder import read_data_folder
from ytcs.data.unit_names import AmbiguousUnitName, UnitLookup, did_you_mean_unit, resolve_names, suggest
from ytcs.data.units import read_units
from ytcs.diagnostics import InputError
from ytcs.plans import load_plan_set
from ytcs.plans.models import Variable

UNITS = (
    "code,name,level,parent,uid\n"
    "12,Tỉnh Lai Châu,province,,ouLaiChau01\n"
    "106,Huyện Tam Đường,district,12,ouTamDuong1\n"
    "107,Huyện Than Uyên,district,12,\n"
    "03390,Thị trấn Tam Đường,commune,106,\n"
    "03394,Xã Thèn Sin,commune,106,\n"
    "03400,Xã Bình Lư,commune,106,\n"
    "03500,Xã Bình Lư,commune,107,\n"
    "03510,Mường Kim,commune,107,\n"
)


@pytest.fixture(scope="module")
def variables() -> dict[str, Variable]:
    return load_plan_set([CATALOG]).variables()


@pytest.fixture(scope="module")
def units(tmp_path_factory) -> pd.DataFrame:
    path = tmp_path_factory.mktemp("units") / "units.csv"
    path.write_text(UNITS, encoding="utf-8")
    return read_units(path)[0].on(None)  # units without validity: every unit is on today's map


def folder_with(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("03394", "03394"),  # a code
        ("ouTamDuong1", "106"),  # a DHIS2 UID of the uid column
        ("Xã Thèn Sin", "03394"),  # the name as units.csv writes it
        ("  XÃ   THÈN SIN ", "03394"),  # case and spaces
        (unicodedata.normalize("NFD", "Xã Thèn Sin"), "03394"),  # decomposed accents
        ("Thèn Sin", "03394"),  # without its prefix
        ("Huyện Tam Đường", "106"),
        ("Tỉnh Lai Châu", "12"),
        ("Xã Mường Kim", "03510"),  # units.csv writes no prefix; a commune's prefix fits a commune
        ("Huyện Tam Đường/Xã Bình Lư", "03400"),  # a hierarchy tells two Xã Bình Lư apart
        ("Việt Nam/Tỉnh Lai Châu/Huyện Than Uyên/Xã Bình Lư", "03500"),  # the country is above units.csv
        ("Xã Tam Đường", None),  # the commune is a thị trấn, the district no commune
        ("Huyện Mường Kim", None),  # a district's prefix never names a commune
        ("Xã Không Có", None),
    ],
)
def test_a_unit_is_found_by_code_uid_or_name(units, text, code):
    assert resolve_names(units, [text]) == [code]


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("Xã Bình Lư", "Xã Bình Lư (03400, in Huyện Tam Đường 106) or Xã Bình Lư (03500, in Huyện Than Uyên 107)"),
        (
            "Tam Đường",
            "Huyện Tam Đường (106, in Tỉnh Lai Châu 12) or Thị trấn Tam Đường (03390, in Huyện Tam Đường 106)",
        ),
    ],
)
def test_a_name_of_two_units_is_an_error_listing_both(units, text, described):
    with pytest.raises(AmbiguousUnitName) as caught:
        resolve_names(units, [text])
    assert f"unit '{text}' could be {described}; write the unit's code instead" in str(caught.value)


def test_a_code_whose_versions_share_a_name_is_one_unit_not_two():
    """units.csv may list a code once per validity; 'Xã Ba Tơ' is then the one unit 21262, whose two rows
    agree on its name, while 'Ba Tơ' is still the district 528 and the commune."""
    versions = pd.DataFrame(
        {
            "code": ["528", "21262", "21262"],
            "name": ["Huyện Ba Tơ", "Xã Ba Tơ", "Xã Ba Tơ"],
            "level": ["district", "commune", "commune"],
            "parent": ["", "528", "51"],
        }
    )
    lookup = UnitLookup.of(versions)
    assert lookup.match("Xã Ba Tơ") == ("21262",)
    assert lookup.match("Ba Tơ") == ("528", "21262")


def test_suggestions_name_units_by_name_and_code(units):
    assert suggest(units, "Then Sin") == ["03394"]
    assert did_you_mean_unit(units, "Xa Then Sin") == "did you mean Xã Thèn Sin (03394, in Huyện Tam Đường 106)?"
    assert did_you_mean_unit(units, "zzzz") == ""
    # Without diacritics both units named 'Tam Đường' are equally close, and the commune's prefix is no bar.
    assert set(suggest(units, "Tam Duong")) == {"106", "03390"}


def test_wide_and_long_files_and_published_history_may_name_units(tmp_path, variables):
    folder = folder_with(
        tmp_path,
        {
            "communes.csv": "unit,year,population\nXã Thèn Sin,2024,4260\nThị trấn Tam Đường,2024,8240\n",
            "province.csv": "unit,year,variable,value\nTỉnh Lai Châu,2024,life_expectancy,70.5\n",
            "published.csv": "unit,year,indicator,value\nHuyện Tam Đường,2023,doctors_per_10k,7.1\n",
        },
    )
    data = read_data_folder(folder, variables)
    values = data.values.sort_values("unit")
    assert values[["unit", "variable", "value"]].values.tolist() == [
        ["03390", "population", 8240.0],
        ["03394", "population", 4260.0],
        ["12", "life_expectancy", 70.5],
    ]
    assert data.published["unit"].tolist() == ["106"]
    assert data.findings == []


def test_a_workbook_may_name_units(tmp_path, variables):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["Tên đơn vị", "Năm", "Dân số"], ["Xã Thèn Sin", 2024, 4260]):
        sheet.append(row)
    book.save(folder_with(tmp_path, {}) / "communes.xlsx")
    data = read_data_folder(tmp_path, variables)
    assert data.values[["unit", "value"]].values.tolist() == [["03394", 4260.0]]


def test_an_ambiguous_name_in_a_file_is_an_error_at_its_row(tmp_path, variables):
    folder = folder_with(tmp_path, {"communes.csv": "unit,year,population\nXã Thèn Sin,2024,4260\nXã Bình Lư,2024,1\n"})
    with pytest.raises(InputError, match=r"communes.csv:3: unit 'Xã Bình Lư' could be Xã Bình Lư \(03400, in Huyện"):
        read_data_folder(folder, variables)


@pytest.mark.parametrize(
    ("name_header", "district_header"),
    [
        ("Tên đơn vị", "Huyện"),
        ("Tên đơn vị", "Quận/Huyện"),
        ("Đơn vị", "Đơn vị cấp huyện"),
        ("Tên xã", "Tên huyện"),  # the commune's name is the unit, the district's its parent
    ],
)
def test_a_district_column_beside_the_names_tells_two_communes_of_one_name_apart(
    tmp_path, variables, name_header, district_header
):
    # Xã Bình Lư is 03400 in Huyện Tam Đường and 03500 in Huyện Than Uyên; the district may lose its prefix,
    # and a commune of a name of its own needs no district.
    content = (
        f"{name_header},{district_header},Năm,Dân số\n"
        "Xã Bình Lư,Huyện Tam Đường,2024,100\n"
        "Xã Bình Lư,Than Uyên,2024,200\n"
        "Xã Thèn Sin,,2024,4260\n"
        "Mường Kim,Huyện Than Uyên,2024,300\n"
    )
    data = read_data_folder(folder_with(tmp_path, {"communes.csv": content}), variables)
    assert data.values.sort_values("unit")[["unit", "value", "row"]].values.tolist() == [
        ["03394", 4260.0, 4],
        ["03400", 100.0, 2],
        ["03500", 200.0, 3],
        ["03510", 300.0, 5],
    ]
    assert data.findings == []  # the district column is read, not reported as ignored


def test_without_a_district_column_or_cell_a_shared_name_stays_an_error_listing_both(tmp_path, variables):
    both = r"could be Xã Bình Lư \(03400, in Huyện Tam Đường 106\) or Xã Bình Lư \(03500, in Huyện Than Uyên 107\)"
    folder = folder_with(tmp_path, {"communes.csv": "Tên đơn vị,Năm,Dân số\nXã Thèn Sin,2024,1\nXã Bình Lư,2024,2\n"})
    with pytest.raises(InputError, match=r"communes.csv:3: unit 'Xã Bình Lư' " + both):
        read_data_folder(folder, variables)
    blank = "Tên đơn vị,Huyện,Năm,Dân số\nXã Bình Lư,Huyện Tam Đường,2024,1\nXã Bình Lư,,2024,2\n"
    (folder / "communes.csv").write_text(blank, encoding="utf-8")
    with pytest.raises(InputError, match=r"communes.csv:3: unit 'Xã Bình Lư' " + both):
        read_data_folder(folder, variables)


def test_a_district_column_beside_codes_is_not_needed_and_not_used(tmp_path, variables):
    content = "Mã đơn vị,Huyện,Năm,Dân số\n03400,Huyện Than Uyên,2024,100\n"  # a wrong district beside a code
    data = read_data_folder(folder_with(tmp_path, {"communes.csv": content}), variables)
    assert data.values[["unit", "value"]].values.tolist() == [["03400", 100.0]]
    assert data.findings == []


def test_a_name_no_unit_has_stays_an_unknown_unit(tmp_path, variables):
    folder = folder_with(tmp_path, {"communes.csv": "unit,year,population\nXã Không Có,2024,4260\n"})
    assert read_data_folder(folder, variables).values["unit"].tolist() == ["Xã Không Có"]


def test_a_uid_given_to_two_units_is_refused(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("code,name,level,parent,uid\n12,Tỉnh Lai Châu,province,,abc\n106,Huyện X,district,12,abc\n")
    with pytest.raises(InputError, match=r"units.csv:3:uid: 'abc' is the DHIS2 UID of two units"):
        read_units(path)


BUNDLED = read_units(DATA / "quang-ngai" / "units.csv")[0].on(20241231)  # the old map, one version per code
UNIQUE = BUNDLED[~BUNDLED["name"].duplicated(keep=False)]


@given(
    position=st.integers(0, len(UNIQUE) - 1),
    case=st.sampled_from([str, str.upper, str.lower, str.title]),
    form=st.sampled_from(["NFC", "NFD"]),
    spaces=st.sampled_from([" ", "  ", "\u00a0"]),
)
def test_every_bundled_unit_of_a_name_of_its_own_is_found_however_it_is_written(position, case, form, spaces):
    code, name = UNIQUE["code"].iloc[position], UNIQUE["name"].iloc[position]
    written = unicodedata.normalize(form, case(name)).replace(" ", spaces)
    assert resolve_names(BUNDLED, [f" {written} "]) == [code]
