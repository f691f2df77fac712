"""DHIS2 exports read by header (issue 12): data value sets and analytics, their periods, mapping.csv.

Every expected value is worked out by hand from the few cells of each file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.paths import CATALOG
from ytcs.data.folder import DataSet, read_data_folder
from ytcs.diagnostics import InputError
from ytcs.plans import load_plan_set
from ytcs.plans.models import Variable

UNITS = (
    "code,name,level,parent,uid\n"
    "12,Tỉnh Lai Châu,province,,ouLaiChau01\n"
    "106,Huyện Tam Đường,district,12,ouTamDuong1\n"
    "03390,Thị trấn Tam Đường,commune,106,ouTTTamDuon\n"
    "03394,Xã Thèn Sin,commune,106,ouThenSin01\n"
)
VALUE_SET_HEADER = "dataelement,period,orgunit,catoptcombo,attroptcombo,value,storedby,lastupdated,comment,followup\n"


@pytest.fixture(scope="module")
def variables() -> dict[str, Variable]:
    return load_plan_set([CATALOG]).variables()


def folder_with(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    return tmp_path


def cells(data: DataSet) -> dict[tuple[str, int, int, str], float]:
    """(unit, year, month (0: the year), variable) → value."""
    values = data.values
    return {
        (str(u), int(y), 0 if m is None or m != m else int(m), str(v)): float(x)
        for u, y, m, v, x in zip(
            values["unit"], values["year"], values["month"].astype(object).where(values["month"].notna(), None),
            values["variable"], values["value"], strict=True,
        )
    }  # fmt: skip


def test_a_data_value_set_sums_category_option_combos(tmp_path, variables):
    rows = (
        "live_births,202401,03390,cocMale0001,HllvX50cXC0,3,admin,2024-02-01,,false\n"
        "live_births,202401,03390,cocFemale01,HllvX50cXC0,4,admin,2024-02-01,,false\n"
        "population,2024,03394,HllvX50cXC0,HllvX50cXC0,4260,admin,2024-02-01,,false\n"
    )
    data = read_data_folder(folder_with(tmp_path, {"dv.csv": VALUE_SET_HEADER + rows}), variables)
    assert cells(data) == {("03390", 2024, 1, "live_births"): 7.0, ("03394", 2024, 0, "population"): 4260.0}
    assert data.findings == []


def test_a_data_value_set_header_of_another_version_is_read_by_position(tmp_path, variables):
    header = "de,pe,ou,categoryoptioncombo,attributeoptioncombo,value,strby,lstupd,cmt,fup,deleted\n"
    rows = (
        "live_births,202403,ouThenSin01,c1,a1,5,admin,2024-04-01,,false,false\n"
        "live_births,202404,ouThenSin01,c1,a1,6,admin,2024-05-01,,false,true\n"  # deleted in DHIS2: no data
    )
    data = read_data_folder(folder_with(tmp_path, {"dv.csv": header + rows}), variables)
    assert cells(data) == {("03394", 2024, 3, "live_births"): 5.0}


@pytest.mark.parametrize(
    ("header", "extra"),
    [
        ("Data,Period,Organisation unit,Value,Numerator,Denominator,Factor\n", ",,,"),
        ("dx,pe,ou,value\n", ""),
    ],
)
def test_analytics_headers_name_the_unit_column_and_periods_202401_are_months(tmp_path, variables, header, extra):
    # Issue 12: these headers gave "no unit column", and after renaming "'202401' is not a year".
    content = header + f"live_births,202401,03390,12{extra}\nlive_births,202402,03390,9{extra}\n"
    data = read_data_folder(folder_with(tmp_path, {"analytics.csv": content}), variables)
    assert cells(data) == {("03390", 2024, 1, "live_births"): 12.0, ("03390", 2024, 2, "live_births"): 9.0}


def test_quarters_become_the_year_by_each_variable_rule(tmp_path, variables):
    content = "dx,pe,ou,value\n" + "".join(
        f"live_births,2024Q{q},03390,{q}\ndoctors,2024Q{q},03390,{4 + q}\npopulation,2024Q{q},03390,{p}\n"
        for q, p in zip(range(1, 5), (100, 100, 200, 200), strict=True)
    )
    data = read_data_folder(folder_with(tmp_path, {"q.csv": content}), variables)
    assert cells(data) == {
        ("03390", 2024, 0, "live_births"): 1 + 2 + 3 + 4,  # events add up
        ("03390", 2024, 0, "doctors"): 8.0,  # a stock: the last quarter
        ("03390", 2024, 0, "population"): 150.0,  # a mean: (100 + 100 + 200 + 200) / 4
    }
    assert data.findings == []


def test_events_of_fewer_than_four_quarters_are_a_finding(tmp_path, variables):
    content = "dx,pe,ou,value\nlive_births,2024Q1,03390,5\nlive_births,2024Q2,03390,6\n"
    data = read_data_folder(folder_with(tmp_path, {"q.csv": content}), variables)
    assert cells(data) == {("03390", 2024, 0, "live_births"): 11.0}
    [finding] = data.findings
    assert finding.code == "partial-year"
    assert "live_births of unit 03390: 2 of 4 quarters of 2024" in finding.message


def test_month_names_of_an_export_with_names_are_months(tmp_path, variables):
    content = "Data,Period,Organisation unit,Value\nlive_births,January 2024,03390,4\nlive_births,2023,03390,40\n"
    data = read_data_folder(folder_with(tmp_path, {"a.csv": content}), variables)
    assert cells(data) == {("03390", 2024, 1, "live_births"): 4.0, ("03390", 2023, 0, "live_births"): 40.0}


@pytest.mark.parametrize(
    ("period", "kind"),
    [
        ("2024W3", "a weekly period"),
        ("2024BiW2", "a bi-weekly period"),
        ("20240115", "a daily period"),
        ("202401B", "a bi-monthly period"),
        ("2024S1", "a six-monthly period"),
        ("2024AprilS2", "a six-monthly period"),
        ("2024April", "a financial-year period"),
        ("2024July", "a financial-year period"),
        ("Q1-2024", "not a DHIS2 period ytcs reads"),
    ],
)
def test_periods_of_other_lengths_are_refused_at_their_row(tmp_path, variables, period, kind):
    content = f"dx,pe,ou,value\nlive_births,202401,03390,4\nlive_births,{period},03390,5\n"
    with pytest.raises(InputError) as caught:
        read_data_folder(folder_with(tmp_path, {"a.csv": content}), variables)
    message = str(caught.value)
    assert f"a.csv:3:pe: '{period}' is {kind}; ytcs reads yearly (2024), monthly (202401)" in message


def test_mapping_csv_maps_codes_and_names_and_a_combo_separately(tmp_path, variables):
    mapping = (
        "source,variable,category_option_combo\nBIRTHS,live_births,\nBIRTHS,live_births_male,Male\nSố BS,doctors,\n"
    )
    content = (
        VALUE_SET_HEADER
        + "BIRTHS,202401,03390,Male,x,6,,,,\n"
        + "BIRTHS,202401,03390,Female,x,5,,,,\n"
        + "số bs,2024,03390,default,x,3,,,,\n"  # a name, compared after case folding
    )
    data = read_data_folder(folder_with(tmp_path, {"mapping.csv": mapping, "dv.csv": content}), variables)
    assert cells(data) == {
        ("03390", 2024, 1, "live_births"): 11.0,  # the element's total: both combos
        ("03390", 2024, 1, "live_births_male"): 6.0,  # the combo mapped on its own
        ("03390", 2024, 0, "doctors"): 3.0,
    }
    assert data.findings == []


def test_combos_no_mapping_row_takes_are_a_finding(tmp_path, variables):
    mapping = "source,variable,category_option_combo\nDEATHS,infant_deaths,<1\n"
    content = VALUE_SET_HEADER + "DEATHS,2024,03390,<1,x,2,,,,\nDEATHS,2024,03390,1-4,x,3,,,,\n"
    data = read_data_folder(folder_with(tmp_path, {"mapping.csv": mapping, "dv.csv": content}), variables)
    assert cells(data) == {("03390", 2024, 0, "infant_deaths"): 2.0}
    [finding] = data.findings
    assert finding.code == "unmapped-element"
    assert "'1-4'" in finding.message and finding.row == 3


def test_an_unmapped_data_element_is_a_finding_with_a_did_you_mean(tmp_path, variables):
    content = "dx,pe,ou,value\nlive_birth,2024,03390,4\nlive_births,2024,03390,5\nANC visits,2024,03390,9\n"
    data = read_data_folder(folder_with(tmp_path, {"a.csv": content}), variables)
    assert cells(data) == {("03390", 2024, 0, "live_births"): 5.0}
    first, second = data.findings
    assert "'live_birth' (1 value(s))" in first.message and "did you mean 'live_births'?" in first.message
    assert (first.file, first.row) == ("a.csv", 2)
    assert "'ANC visits'" in second.message and "mapping.csv" in second.message


def test_a_mapping_that_would_count_a_combo_twice_is_refused(tmp_path, variables):
    mapping = "source,variable,category_option_combo\nBIRTHS,live_births,\nBIRTHS,live_births,Male\n"
    with pytest.raises(InputError, match=r"mapping.csv:3:variable: live_births is given the total of 'BIRTHS'"):
        read_data_folder(folder_with(tmp_path, {"mapping.csv": mapping, "a.csv": "dx,pe,ou,value\n"}), variables)


def test_a_mapping_to_no_variable_says_which_one_was_meant(tmp_path, variables):
    mapping = "source,variable\nBIRTHS,live_birth\n"
    with pytest.raises(InputError, match=r"mapping.csv:2:variable: 'live_birth' is not a variable.*did you mean"):
        read_data_folder(folder_with(tmp_path, {"mapping.csv": mapping, "a.csv": "dx,pe,ou,value\n"}), variables)


def test_the_same_data_value_twice_must_agree(tmp_path, variables):
    content = "dx,pe,ou,value\nlive_births,2024,03390,4\nlive_births,2024,03390,4\nlive_births,2024,ouTTTamDuon,5\n"
    # rows 2 and 3 repeat each other (counted once); row 4 names the same unit by its UID with another number
    with pytest.raises(InputError, match=r"a.csv:4: the same data value is 5 here but 4 on row 2"):
        read_data_folder(folder_with(tmp_path, {"a.csv": content}), variables)


def _analytics_json(rows: list[list[str]], items: dict[str, dict[str, str]]) -> str:
    headers = [
        {"name": n, "column": c} for n, c in (("dx", "Data"), ("pe", "Period"), ("ou", "Org unit"), ("value", "Value"))
    ]
    return json.dumps({"headers": headers, "metaData": {"items": items}, "rows": rows})


def test_analytics_json_takes_names_from_its_metadata(tmp_path, variables):
    items = {"deBirths001": {"name": "Số trẻ đẻ sống"}, "ouUnknown01": {"name": "Xã Thèn Sin"}}
    rows = [["deBirths001", "202401", "ouUnknown01", "7"], ["deBirths001", "202401", "ouTTTamDuon", "8.0"]]
    data = read_data_folder(folder_with(tmp_path, {"a.json": _analytics_json(rows, items)}), variables)
    assert cells(data) == {("03394", 2024, 1, "live_births"): 7.0, ("03390", 2024, 1, "live_births"): 8.0}


def test_a_data_value_set_json_is_read(tmp_path, variables):
    values = [
        {"dataElement": "population", "period": "2024", "orgUnit": "03394", "value": "4260", "followup": False},
        {"dataElement": "doctors", "period": "2024Q4", "orgUnit": "Xã Thèn Sin", "value": 2},
    ]
    data = read_data_folder(folder_with(tmp_path, {"dv.json": json.dumps({"dataValues": values})}), variables)
    assert cells(data) == {("03394", 2024, 0, "population"): 4260.0, ("03394", 2024, 0, "doctors"): 2.0}


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{", "is not valid JSON"),
        ('{"rows": []}', "is not a DHIS2 data value set"),
        ('{"dataValues": [1]}', '"dataValues" must be a list of objects'),
        ('{"headers": [{"name": "dx"}], "rows": [["a", "b"]]}', "row 1 does not have one cell per header"),
        ('{"headers": [{"name": "x"}], "rows": []}', "name no data, period, organisation unit and value"),
    ],
)
def test_json_that_is_no_dhis2_export_is_one_line(tmp_path, variables, content, problem):
    with pytest.raises(InputError, match=problem):
        read_data_folder(folder_with(tmp_path, {"a.json": content}), variables)


def test_a_text_value_of_an_element_ytcs_does_not_need_is_no_error(tmp_path, variables):
    content = VALUE_SET_HEADER + "deComment01,2024,03390,c,a,Đủ thuốc,,,,\npopulation,2024,03390,c,a,8240,,,,\n"
    data = read_data_folder(folder_with(tmp_path, {"dv.csv": content}), variables)
    assert cells(data) == {("03390", 2024, 0, "population"): 8240.0}
    assert [f.code for f in data.findings] == ["unmapped-element"]
