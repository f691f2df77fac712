"""Data checks: each finds exactly the problem planted, named by file, row, unit and variable."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.support.paths import CATALOG, DATA_OK, PLANS
from ytcs.data.checks import (
    PART_WHOLE,
    check_data,
    check_negative,
    check_no_data,
    check_part_whole,
    check_partial_years,
    check_unknown_units,
)
from ytcs.data.folder import DataSet, read_data_folder
from ytcs.diagnostics import Finding, Location
from ytcs.plans import load_plan_set

UNITS = pd.DataFrame(
    {
        "code": ["12", "106", "03390", "03394", "03400"],
        "name": ["Tỉnh Lai Châu", "Huyện Tam Đường", "Thị trấn Tam Đường", "Xã Thèn Sin", "Xã Tả Lèng"],
        "level": ["province", "district", "commune", "commune", "commune"],
        "parent": [pd.NA, "12", "106", "106", "106"],
    },
    dtype="string",
)

Row = tuple[str, int, int | None, str, float]  # unit, year, month, variable, value


def dataset(rows: list[Row], file: str = "a.csv") -> DataSet:
    """A DataSet whose values are `rows`, at rows 2, 3, … of `file`."""
    values = pd.DataFrame(
        {
            "unit": pd.array([r[0] for r in rows], dtype="string"),
            "year": pd.array([r[1] for r in rows], dtype="int64"),
            "month": pd.array([r[2] for r in rows], dtype="Int64"),
            "variable": pd.array([r[3] for r in rows], dtype="string"),
            "value": pd.array([float(r[4]) for r in rows], dtype="float64"),
            "file": pd.array([file] * len(rows), dtype="string"),
            "row": pd.array(range(2, len(rows) + 2), dtype="int64"),
        }
    )
    published = pd.DataFrame(
        {
            c: pd.Series(dtype=t)
            for c, t in [
                ("unit", "string"),
                ("year", "int64"),
                ("indicator", "string"),
                ("value", "float64"),
                ("source", "string"),
                ("file", "string"),
                ("row", "int64"),
            ]
        }
    )
    return DataSet.from_values(UNITS, values, published)


def test_good_folder_has_no_findings():
    variables = load_plan_set([CATALOG]).variables()
    data = read_data_folder(DATA_OK / "basic", variables)
    assert check_data(data, ["population", "doctors", "live_births", "nurses"]) == []


def test_negative():
    data = dataset([("03390", 2024, None, "doctors", 9), ("03394", 2024, None, "doctors", -2)])
    [finding] = check_negative(data.counts)
    assert (finding.code, finding.file, finding.row, finding.unit, finding.variable, finding.year) == (
        "negative",
        "a.csv",
        3,
        "03394",
        "doctors",
        2024,
    )
    assert "-2" in finding.message


def test_infant_deaths_above_live_births():
    data = dataset(
        [
            ("03390", 2024, None, "live_births", 10),
            ("03390", 2024, None, "infant_deaths", 12),
            ("03394", 2024, None, "live_births", 10),
            ("03394", 2024, None, "infant_deaths", 1),
        ]
    )
    [finding] = check_part_whole(data.counts)
    assert (finding.code, finding.row, finding.unit, finding.variable, finding.year) == (
        "part-exceeds-whole",
        3,
        "03390",
        "infant_deaths",
        2024,
    )
    assert "live_births 10" in finding.message and "infant_deaths 12" in finding.message
    assert "a.csv:2" in finding.message  # where the whole is
    assert finding.format().startswith("a.csv:3: unit 03390 (infant_deaths, 2024): ")


def test_under5_deaths_below_infant_deaths():
    data = dataset([("03390", 2024, None, "infant_deaths", 3), ("03390", 2024, None, "under5_deaths", 2)])
    [finding] = check_part_whole(data.counts)
    assert (finding.variable, finding.row) == ("infant_deaths", 2)
    assert "under5_deaths 2" in finding.message


@pytest.mark.parametrize(("part", "whole"), PART_WHOLE)
def test_every_pair(part, whole):
    data = dataset(
        [
            ("03394", 2023, None, whole, 40),
            ("03394", 2023, None, part, 41),
            ("03400", 2023, None, whole, 40),
            ("03400", 2023, None, part, 40),
        ]
    )
    [finding] = check_part_whole(data.counts)
    assert (finding.unit, finding.variable, finding.row) == ("03394", part, 3)


def test_parts_compare_within_the_same_period_only():
    data = dataset(
        [
            ("03390", 2024, 1, "live_births", 10),
            ("03390", 2024, 1, "infant_deaths", 1),
            ("03390", 2024, 2, "infant_deaths", 11),  # no February births given: nothing to compare
            ("03390", 2024, None, "live_births", 5),  # an annual figure is not compared with months
            ("03390", 2023, 1, "live_births", 0),
            ("03390", 2023, 1, "infant_deaths", 1),
        ]
    )
    [finding] = check_part_whole(data.counts)
    assert (finding.year, finding.row) == (2023, 7)
    assert "2023-01" in finding.message


def test_unknown_unit_once_per_unit_and_file():
    data = dataset(
        [
            ("03390", 2024, None, "doctors", 9),
            ("99999", 2024, None, "doctors", 1),
            ("99999", 2024, None, "nurses", 1),
        ]
    )
    [finding] = check_unknown_units(data)
    assert (finding.code, finding.unit, finding.row, finding.variable) == (
        "unknown-unit",
        "99999",
        3,
        "doctors",
    )
    assert "2 value(s)" in finding.message


def test_no_data_for_a_commune():
    data = dataset(
        [
            ("03390", 2024, None, "doctors", 9),
            ("03394", 2024, None, "doctors", 2),
            ("03390", 2023, None, "doctors", 9),
            ("03394", 2023, None, "doctors", 2),
            ("03400", 2023, None, "doctors", 2),
            ("03390", 2024, None, "nurses", 4),
            ("12", 2022, None, "doctors", 400),  # a province figure does not make communes owe one
        ]
    )
    [finding] = check_no_data(data, ["doctors"])
    assert (finding.code, finding.unit, finding.variable, finding.year, finding.file, finding.row) == (
        "no-data",
        "03400",
        "doctors",
        2024,
        None,
        None,
    )
    assert finding.format() == f"unit 03400 (doctors, 2024): {finding.message}"


LY_SON = pd.DataFrame(
    {
        "code": ["51", "522", "21001", "21002", "536"],
        "name": ["Quảng Ngãi", "Bình Sơn", "Xã A", "Xã B", "Lý Sơn"],
        "level": ["province", "district", "commune", "commune", "district"],
        "parent": [pd.NA, "51", "522", "522", "51"],
    },
    dtype="string",
)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # District hospitals' beds: reported by districts, so communes owe nothing.
        ([("522", 2024, None, "hospital_beds", 300), ("536", 2024, None, "hospital_beds", 50)], set()),
        ([("522", 2024, None, "hospital_beds", 300)], {("536", "hospital_beds", 2024)}),
        # Commune counts: a district without communes (Lý Sơn) stands in for its communes.
        (
            [
                ("21001", 2024, None, "population", 9),
                ("21002", 2024, None, "population", 9),
                ("536", 2024, None, "population", 9),
            ],
            set(),
        ),
        (
            [("21001", 2024, None, "population", 9), ("21002", 2024, None, "population", 9)],
            {("536", "population", 2024)},
        ),
        (
            [
                ("21001", 2024, None, "population", 9),
                ("536", 2024, None, "population", 9),
                ("536", 2024, None, "hospital_beds", 50),
                ("522", 2024, None, "hospital_beds", 300),
            ],
            {("21002", "population", 2024)},
        ),
    ],
)
def test_no_data_follows_the_reporting_level(rows, expected):
    data = dataset(rows)
    data.units = LY_SON
    found = {(f.unit, f.variable, f.year) for f in check_no_data(data, ["population", "hospital_beds"])}
    assert found - {(None, "population", None), (None, "hospital_beds", None)} == expected


def test_no_data_for_a_needed_variable_anywhere():
    data = dataset(
        [
            ("03390", 2024, None, "doctors", 9),
            ("03394", 2024, None, "doctors", 1),
            ("03400", 2024, None, "doctors", 1),
        ]
    )
    [finding] = check_no_data(data, ["doctors", "live_births"])
    assert (finding.unit, finding.variable) == (None, "live_births")


def test_months_count_as_data_for_the_year():
    data = dataset(
        [
            ("03390", 2024, 1, "live_births", 9),
            ("03394", 2024, 12, "live_births", 1),
            ("03400", 2024, None, "live_births", 100),
        ]
    )
    assert check_no_data(data, ["live_births"]) == []


def test_check_data_combines_the_checks():
    data = dataset(
        [
            ("03390", 2024, None, "live_births", 10),
            ("03390", 2024, None, "infant_deaths", 12),
            ("03394", 2024, None, "live_births", -1),
            ("55555", 2024, None, "live_births", 3),
        ]
    )
    codes = [f.code for f in check_data(data, ["live_births"])]
    assert codes == ["negative", "part-exceeds-whole", "unknown-unit", "no-data"]


def test_finding_format():
    assert (
        Finding("x", "msg", Location("a.csv", 4), unit="03390", variable="doctors", year=2024).format()
        == "a.csv:4: unit 03390 (doctors, 2024): msg"
    )
    assert Finding("x", "msg", Location("a.csv")).format() == "a.csv: msg"
    assert Finding("x", "msg", variable="doctors").format() == "(doctors): msg"


def _dataset(tmp_path, counts: str):
    (tmp_path / "units.csv").write_text(
        "code,name,level,parent\n106,Huyện Tam Đường,district,\n03390,Thị trấn Tam Đường,commune,106\n"
        "03394,Xã Thèn Sin,commune,106\n",
        encoding="utf-8",
    )
    (tmp_path / "counts.csv").write_text(counts, encoding="utf-8")
    return read_data_folder(tmp_path, load_plan_set([PLANS]).variables())


def test_a_total_row_is_reported(tmp_path):
    from ytcs.data.checks import check_total_rows

    data = _dataset(
        tmp_path, "unit,year,population,doctors\n03390,2024,8240,10\n03394,2024,4300,2\n106,2024,12540,12\n"
    )
    [finding] = check_total_rows(data)
    assert (finding.code, finding.unit, finding.row) == ("total-row", "106", 4)


def test_a_district_hospital_row_is_not_a_total_row(tmp_path):
    from ytcs.data.checks import check_total_rows

    # the district centre's 5 doctors happen to equal the stations' 5, but its nurses do not
    data = _dataset(tmp_path, "unit,year,doctors,nurses\n03390,2024,3,6\n03394,2024,2,4\n106,2024,5,40\n")
    assert check_total_rows(data) == []


def test_monthly_events_for_part_of_a_year_are_reported(tmp_path):
    from ytcs.data.checks import check_partial_years

    rows = "".join(f"03390,2024,{m},10\n" for m in (1, 2, 3)) + "".join(f"03394,2024,{m},5\n" for m in range(1, 13))
    data = _dataset(tmp_path, "unit,year,month,live_births\n" + rows)
    [finding] = check_partial_years(data, ["live_births"])
    assert (finding.code, finding.unit, finding.year) == ("partial-year", "03390", 2024)
    assert "3 of 12 months" in finding.message


def test_no_data_findings_are_grouped_and_name_the_units():
    # Thị trấn Tam Đường reports everything; Xã Thèn Sin gives neither variable in 2024 (one finding for the
    # unit and year); Xã Tả Lèng and Xã Thèn Sin both lack births in 2023 (one finding for the variable and year).
    data = dataset(
        [
            ("03390", 2024, None, "doctors", 9),
            ("03390", 2024, None, "live_births", 30),
            ("03400", 2024, None, "doctors", 2),
            ("03400", 2024, None, "live_births", 12),
            ("03390", 2023, None, "doctors", 9),
            ("03394", 2023, None, "doctors", 1),
            ("03400", 2023, None, "doctors", 2),
            ("03390", 2023, None, "live_births", 28),
        ]
    )
    findings = check_no_data(data, ["doctors", "live_births"])
    assert [(f.unit, f.variable, f.year) for f in findings] == [("03394", None, 2024), (None, "live_births", 2023)]
    silent, births = findings
    assert silent.message.startswith("gives none of the 2 variables it reports in 2024 while other units do")
    assert "(doctors, live_births)" in silent.message
    assert "from 2 units while other units report it: Xã Thèn Sin (03394), Xã Tả Lèng (03400);" in births.message
    named = check_data(data, ["doctors", "live_births"])[0]
    assert named.unit_name == "Xã Thèn Sin" and named.format().startswith("Xã Thèn Sin (03394), 2024: gives none")


def test_a_unit_lacking_several_variables_in_several_years_is_one_finding():
    # Xã Thèn Sin gives doctors but neither births nor deaths in 2023 and 2024: one finding, both years.
    rows: list[Row] = []
    for year in (2023, 2024):
        rows += [(code, year, None, "doctors", 1) for code in ("03390", "03394", "03400")]
        rows += [(code, year, None, name, 5) for code in ("03390", "03400") for name in ("live_births", "deaths")]
    [finding] = check_no_data(data := dataset(rows), ["doctors", "live_births", "deaths"])
    assert (finding.unit, finding.variable, finding.year) == ("03394", None, None)
    assert finding.message.startswith(
        "gives no value for 2 of the 3 variables it reports in 2023 and 2024 while other units do (deaths, live_births)"
    )
    assert check_data(data, ["doctors", "live_births", "deaths"])[0].format().startswith("Xã Thèn Sin (03394): ")


def test_units_lacking_the_same_variables_are_one_finding():
    rows: list[Row] = [("03390", 2024, None, name, 5) for name in ("doctors", "nurses", "live_births")]
    rows += [(code, 2024, None, "live_births", 5) for code in ("03394", "03400")]
    [finding] = check_no_data(dataset(rows), ["doctors", "nurses", "live_births"])
    assert (finding.unit, finding.variable, finding.year) == (None, None, 2024)
    assert finding.message.startswith(
        "2 units give no value for 2 variables in 2024 while other units do (doctors, nurses): "
        "Xã Thèn Sin (03394), Xã Tả Lèng (03400);"
    )


def _communes_of_one_province(count: int) -> tuple[list[str], pd.DataFrame]:
    """Communes 00001… (named 'Xã 00001'…) right under province 01, and the unit list of them all."""
    communes = [f"{i:05d}" for i in range(1, count + 1)]
    units = pd.DataFrame(
        {"code": ["01", *communes], "name": ["Tỉnh", *(f"Xã {c}" for c in communes)],
         "level": ["province"] + ["commune"] * count, "parent": [pd.NA] + ["01"] * count},
        dtype="string",
    )  # fmt: skip
    return communes, units


def test_no_data_for_a_large_unit_list_is_linear_and_grouped():
    _, units = _communes_of_one_province(20_000)
    data = dataset([("00001", 2024, None, "doctors", 1), ("00001", 2024, None, "live_births", 3)])
    data.units = units
    findings = check_no_data(data, ["doctors", "live_births"])
    [finding] = findings  # the 19,999 silent communes, named (the first ten) in one finding
    assert finding.message.startswith("19999 units give none of the variables they report in 2024")
    assert "Xã 00002 (00002), Xã 00003 (00003)" in finding.message and "and 19989 more" in finding.message


def test_a_commune_missing_from_one_file_of_the_bundled_data_is_one_finding(tmp_path):
    # Issue 12: without Xã An Phú's rows in communes.csv (19 variables, 2022–2024) ytcs gave 57 findings, one per
    # variable and year, naming "unit 21262". It still gives its staff (3 variables of staff.csv): 19 of 22.
    import shutil

    from tests.support.bundled_2024 import bundled_2024
    from ytcs.pipeline import compute_plan
    from ytcs.plans.resolve import load_plan_ref

    folder = shutil.copytree(bundled_2024("quang-ngai"), tmp_path / "qn")  # as it was before 2025
    lines = (folder / "communes.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "communes.csv").write_text("".join(line for line in lines if not line.startswith("21262,")), "utf-8")
    findings = [f for f in compute_plan(*load_plan_ref("quang-ngai-2024-ct37"), folder).findings if f.code == "no-data"]
    assert [f.unit for f in findings] == ["21262", "21502"]  # Xã Ba Liên's missing insured count (2023) is bundled
    assert (
        findings[0]
        .format()
        .startswith("Xã An Phú (21262): gives no value for 19 of the 22 variables it reports in 2022, 2023 and 2024")
    )


def test_the_first_months_of_a_year_from_every_unit_are_one_finding(tmp_path):
    from ytcs.data.checks import check_partial_years

    rows = "".join(f"{code},2025,{m},10,1\n" for code in ("03390", "03394") for m in (1, 2, 3))
    data = _dataset(tmp_path, "unit,year,month,live_births,deaths\n" + rows)
    [finding] = check_partial_years(data, ["live_births", "deaths"])
    assert (finding.code, finding.unit, finding.variable, finding.year, finding.row) == ("partial-year", None, None,
                                                                                         2025, 2)  # fmt: skip
    assert finding.message.startswith(
        "deaths, live_births are reported for 3 of 12 months of 2025 by 2 units: Thị trấn Tam Đường (03390), "
        "Xã Thèn Sin (03394); "
    )


def test_a_partial_year_far_down_a_national_unit_list_is_placed_at_its_first_month():
    # 11,000 communes: the last ones' (unit, year) numbers pass 32,767, beyond a 16-bit category code
    communes, units = _communes_of_one_province(11_000)
    rows: list[Row] = [(code, year, None, "live_births", 5) for code in communes for year in (2022, 2023)]
    rows += [("11000", 2024, month, "live_births", 1) for month in (1, 2, 3)]
    data = dataset(rows)
    data.units = units
    [finding] = check_partial_years(data, ["live_births"])
    assert (finding.unit, finding.year, finding.row) == ("11000", 2024, 2 + 2 * len(communes))  # its January
    assert finding.message.startswith("live_births is reported for 3 of 12 months of 2024;")
