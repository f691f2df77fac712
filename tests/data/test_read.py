"""Stage 3, read data: the folder layout, the file forms, real-world encodings and every broken-input case."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from unittest import mock

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import corpus
from tests.support.paths import CATALOG, DATA_BAD, DATA_OK, PLANS
from tests.support.tiny import with_two_unusable_files
from tests.support.vietnamese_text import encode_cp1258
from ytcs.data import csv_table
from ytcs.data.csv_table import _line_numbers, _newlines, read_csv_table
from ytcs.data.folder import DataSet, read_data_folder
from ytcs.diagnostics import DataErrors, InputError, Location
from ytcs.pipeline import compute_plan
from ytcs.plans import load_plan_set
from ytcs.plans.models import Variable
from ytcs.plans.resolve import load_plan_ref

UNITS = (
    "code,name,level,parent\n"
    "12,Tỉnh Lai Châu,province,\n"
    "106,Huyện Tam Đường,district,12\n"
    "03390,Thị trấn Tam Đường,commune,106\n"
    "03394,Xã Thèn Sin,commune,106\n"
    "03400,Xã Tả Lèng,commune,106\n"
)


@pytest.fixture(scope="module")
def variables() -> dict[str, Variable]:
    return load_plan_set([CATALOG]).variables()


def make_folder(tmp_path: Path, files: dict[str, str | bytes], units: str = UNITS) -> Path:
    """A data folder with units.csv and the given files (text is written as UTF-8)."""
    (tmp_path / "units.csv").write_text(units, encoding="utf-8")
    for name, content in files.items():
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return tmp_path


def read(folder: Path, variables: dict[str, Variable], **options) -> DataSet:
    return read_data_folder(folder, variables, **options)


def value_of(data: DataSet, unit: str, variable: str, year: int, month: int | None = None) -> float:
    v = data.values
    mask = (v["unit"] == unit) & (v["variable"] == variable) & (v["year"] == year)
    mask &= v["month"].isna() if month is None else (v["month"] == month)
    found = v.loc[mask.fillna(False), "value"]
    assert len(found) == 1, (unit, variable, year, month, v)
    return float(found.iloc[0])


# --- the good folder -------------------------------------------------------------------------------


def test_basic_folder(variables):
    data = read(DATA_OK / "basic", variables)
    assert data.findings == []
    assert list(data.units.columns) == ["code", "name", "level", "parent"]
    assert data.units["code"].tolist() == ["12", "106", "03390", "03394", "03400"]
    assert pd.isna(data.units.loc[0, "parent"])
    assert list(data.values.columns) == ["unit", "year", "month", "variable", "value", "file", "row"]
    assert len(data.values) == 78
    assert str(data.values["year"].dtype) == "int64"
    assert str(data.values["month"].dtype) == "Int64"
    assert str(data.values["value"].dtype) == "float64"
    assert str(data.values["row"].dtype) == "int64"
    assert not data.values["value"].isna().any()
    assert value_of(data, "03390", "population", 2024) == 8240
    assert value_of(data, "03394", "villages_with_health_worker", 2023) == 8  # alias header, ';' file
    row = data.values[
        (data.values["unit"] == "03400") & (data.values["variable"] == "nurses") & (data.values["year"] == 2024)
    ].iloc[0]
    assert (row["file"], row["row"]) == ("bao_cao_xa.csv", 7)
    assert data.published["indicator"].tolist() == ["doctors_per_10k", "infant_mortality_rate"]
    assert data.published["value"].tolist() == [8.2, 13.6]
    assert data.published["source"].iloc[0] == "Niên giám thống kê tỉnh Lai Châu 2023"


# --- forms ---------------------------------------------------------------------------------------------


def test_wide_form_with_alias_headers_and_extra_columns(tmp_path, variables):
    folder = make_folder(
        tmp_path,
        {
            "xa.csv": "STT,Mã đơn vị,Tên đơn vị,Năm,Dân số,Số bác sĩ,Ghi chú,Điểm thi đua\n"
            "1,03390,Thị trấn Tam Đường,2024,8240,10,,9\n"
            "2,03394,Xã Thèn Sin,2024,4260,2,mới,8\n"
        },
    )
    data = read(folder, variables)
    assert value_of(data, "03390", "population", 2024) == 8240
    assert value_of(data, "03394", "doctors", 2024) == 2
    assert len(data.values) == 4
    [finding] = data.findings  # STT, Tên đơn vị and Ghi chú are silent; the unknown column is not
    assert finding.code == "ignored-column"
    assert "Điểm thi đua" in finding.message
    assert (finding.file, finding.row) == ("xa.csv", 1)


def test_gso_style_code_columns(tmp_path, variables):
    folder = make_folder(
        tmp_path,
        {
            "gso.csv": "Mã tỉnh,Tên tỉnh,Mã huyện,Tên huyện,Mã xã,Tên xã,Năm,Dân số\n"
            "12,Lai Châu,106,Tam Đường,03394,Thèn Sin,2024,4260\n"
        },
    )
    data = read(folder, variables)
    assert value_of(data, "03394", "population", 2024) == 4260
    assert data.findings == []


def test_headers_match_case_and_spacing_insensitively(tmp_path, variables):
    folder = make_folder(tmp_path, {"a.csv": "UNIT,Year,  dân   SỐ ,LIVE_BIRTHS\n03390,2024,8240,128\n"})
    data = read(folder, variables)
    assert value_of(data, "03390", "population", 2024) == 8240
    assert value_of(data, "03390", "live_births", 2024) == 128


def test_long_form_with_ids_and_aliases(tmp_path, variables):
    folder = make_folder(
        tmp_path,
        {
            "long.csv": "unit,year,month,variable,value\n"
            "03390,2024,1,live_births,11\n"
            "03390,2024,2,Số trẻ đẻ sống,9\n"
            "03390,2024,,population,8240\n"
            "03394,2024,1,infant_deaths,\n"
        },
    )
    data = read(folder, variables)
    assert value_of(data, "03390", "live_births", 2024, 1) == 11
    assert value_of(data, "03390", "live_births", 2024, 2) == 9
    assert value_of(data, "03390", "population", 2024) == 8240
    assert len(data.values) == 3  # the blank value is absent, not zero


def test_monthly_rows(tmp_path, variables):
    rows = "".join(f"03390,2024,{m},{10 + m}\n" for m in range(1, 13))
    folder = make_folder(tmp_path, {"m.csv": "unit,Năm,Tháng,live_births\n" + rows})
    data = read(folder, variables)
    assert sorted(data.values["month"].tolist()) == list(range(1, 13))
    assert value_of(data, "03390", "live_births", 2024, 12) == 22
    assert data.values["row"].tolist() == list(range(2, 14))


def test_blank_and_dash_cells_are_missing(tmp_path, variables):
    folder = make_folder(
        tmp_path,
        {"a.csv": "unit,year,population,doctors,nurses\n03390,2024,8240,-,  \n03394,2024,–,0,\n\n,,,,\n"},
    )
    data = read(folder, variables)
    assert sorted(zip(data.values["unit"], data.values["variable"], strict=True)) == [
        ("03390", "population"),
        ("03394", "doctors"),
    ]
    assert value_of(data, "03394", "doctors", 2024) == 0


def test_row_numbers_skip_blank_lines(tmp_path, variables):
    folder = make_folder(
        tmp_path,
        {"a.csv": "unit,year,population\n\n03390,2024,8240\n,,,,\n  \n,,\n03394,2024,4260\n"},
    )
    data = read(folder, variables)
    assert data.values.set_index("unit")["row"].to_dict() == {"03390": 3, "03394": 7}


def test_row_numbers_stay_right_after_very_many_skipped_lines(tmp_path, variables):
    """More lines the CSV parser skips (blank, or separators only with the wrong count) than one could look at
    one by one: a record below them still carries its own line. Line 1 header, 2 the first record, 3–150,002
    blank, 150,003–150,012 separators only, 150,013 the second record (a quote: the general reader)."""
    text = 'unit,year,population\n"03390",2024,8240\n' + "  \n" * 150_000 + ",,,,\n" * 10 + "03394,2024,4260\n"
    data = read(make_folder(tmp_path, {"a.csv": text}), variables)
    assert data.values.set_index("unit")["row"].to_dict() == {"03390": 2, "03394": 150_013}


@given(
    st.lists(st.text(alphabet=" \t\r,;a1", max_size=6), max_size=40),
    st.integers(1, 4),
    st.sampled_from(",;\t"),
    st.sampled_from([4, 16, 1 << 24]),
)
def test_line_numbers_leave_out_exactly_the_lines_the_parser_skips(lines, columns, separator, window):
    """The rule, line by line by hand: a line is skipped when it is empty, or holds only blanks and separators
    with other than `columns` cells; every other line is a record, numbered from 1. Looked at in windows of a
    few bytes too, as a large file is."""
    encoded = "\n".join(lines).encode()
    expected = [
        number
        for number, line in enumerate(encoded.split(b"\n"), start=1)
        if line.strip(b" \t\r" + separator.encode()) or (line and line.count(separator.encode()) + 1 == columns)
    ]
    with mock.patch.object(csv_table, "_WINDOW", window):
        got = _line_numbers(encoded, _newlines(encoded), separator, columns)
    assert got.tolist() == expected


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None, max_examples=60)
@given(st.lists(st.one_of(st.none(), st.text(alphabet=" \t\r,", max_size=5)), min_size=1, max_size=30))
def test_each_record_carries_the_line_pyarrow_read_it_from(tmp_path, kinds):
    """Against the parser itself: a data line holds its own line number in its unit cell, so whatever pyarrow
    skips or keeps among the blank lines between them, each record's line must be the number it holds. A
    carriage return alone ends a line, as in an editor ('\r,' is two lines)."""
    text, numbers = "unit,year,population\n", []
    for kind in [*kinds, None]:
        number = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
        text += f"L{number},2024,7\n" if kind is None else kind + "\n"
        numbers += [number] if kind is None else []
    path = tmp_path / "a.csv"
    path.write_bytes(text.encode())
    table = read_csv_table(path, path.name, path.name)
    units = table.text(0).tolist()
    assert [int(row) for unit, row in zip(units, table.rows, strict=True) if unit.startswith("L")] == numbers


def test_rows_without_any_number_are_skipped(tmp_path, variables):
    folder = make_folder(tmp_path, {"a.csv": "unit,year,population\n03390,,\n03394,2024,-\n03400,2024,1\n"})
    data = read(folder, variables)
    assert data.values["unit"].tolist() == ["03400"]


def test_rows_without_unit_are_dropped_with_a_finding(tmp_path, variables):
    folder = make_folder(tmp_path, {"a.csv": "unit,name,year,population\n03390,A,2024,8240\n,Tổng cộng,2024,8240\n"})
    data = read(folder, variables)
    assert len(data.values) == 1
    assert [(f.code, f.row) for f in data.findings] == [("row-without-unit", 3)]


def test_published_history(tmp_path, variables):
    folder = make_folder(
        tmp_path,
        {
            "nien_giam.csv": "unit,year,indicator,value,source\n"
            '12,2022,doctors_per_10k,"7,9",NGTK 2022\n'
            '12,2023,doctors_per_10k,"8,25",NGTK 2023\n'
            '12,2023,infant_mortality_rate,"13,6",\n'
        },
    )
    data = read(folder, variables)
    assert data.values.empty
    assert list(data.published.columns) == ["unit", "year", "indicator", "value", "source", "file", "row"]
    assert data.published["value"].tolist() == [7.9, 8.25, 13.6]
    assert pd.isna(data.published["source"].iloc[2])
    assert data.published["row"].tolist() == [2, 3, 4]


def test_no_published_file_gives_an_empty_frame(tmp_path, variables):
    data = read(make_folder(tmp_path, {"a.csv": "unit,year,population\n03390,2024,8240\n"}), variables)
    assert data.published.empty
    assert list(data.published.columns) == ["unit", "year", "indicator", "value", "source", "file", "row"]


def test_header_only_file_gives_no_values(tmp_path, variables):
    folder = make_folder(tmp_path, {"a.csv": "unit,year,population\n", "b.csv": "unit,year,doctors\n03390,2024,9\n"})
    data = read(folder, variables)
    assert len(data.values) == 1


# --- combining files ------------------------------------------------------------------------------------


def test_identical_duplicates_are_kept_once(tmp_path, variables):
    folder = make_folder(
        tmp_path,
        {
            "a.csv": "unit,year,population\n03390,2024,8240\n",
            "b.csv": "unit;year;Dân số\n03390;2024;8.240\n",
        },
    )
    data = read(folder, variables)
    assert len(data.values) == 1
    assert data.values["file"].iloc[0] == "a.csv"


def test_conflicting_duplicates_name_both_places(tmp_path, variables):
    folder = make_folder(
        tmp_path,
        {
            "a.csv": "unit,year,population\n03394,2024,4260\n03390,2024,8240\n",
            "b.csv": "unit,year,variable,value\n03390,2024,population,8300\n",
        },
    )
    with pytest.raises(InputError) as caught:
        read(folder, variables)
    message = str(caught.value)
    assert "a.csv:3" in message and "b.csv:2" in message and "\n" not in message


def test_files_are_read_in_name_order_and_hidden_files_skipped(tmp_path, variables):
    folder = make_folder(
        tmp_path,
        {
            "b.csv": "unit,year,population\n03390,2024,8240\n",
            "a.csv": "unit,year,doctors\n03390,2024,9\n",
            ".~lock.a.csv#": "garbage",
            "~$book.xlsx": b"garbage",
            "old.xls": b"garbage",
        },
    )
    data = read(folder, variables)
    assert data.values["file"].tolist() == ["a.csv", "b.csv"]
    assert [f.code for f in data.findings] == ["ignored-file"]


def test_codes_that_lost_leading_zeros_are_restored(tmp_path, variables):
    folder = make_folder(tmp_path, {"a.csv": "unit,year,population\n3390,2024,8240\n3394,2024,4260\n"})
    data = read(folder, variables)
    assert sorted(data.values["unit"].tolist()) == ["03390", "03394"]
    [finding] = data.findings
    assert finding.code == "unit-code-padded" and finding.row == 2


def test_float_exports_of_codes_and_years(tmp_path, variables):
    folder = make_folder(tmp_path, {"a.csv": "unit,year,month,population\n3390.0,2024.0,1.0,8240.0\n"})
    data = read(folder, variables)
    assert value_of(data, "03390", "population", 2024, 1) == 8240
    assert [f.code for f in data.findings] == ["unit-code-padded"]


def test_short_unit_codes_are_reported(tmp_path, variables):
    units = UNITS.replace("03390,", "3390,")
    folder = make_folder(tmp_path, {"a.csv": "unit,year,population\n3390,2024,8240\n"}, units=units)
    data = read(folder, variables)
    assert value_of(data, "3390", "population", 2024) == 8240
    [finding] = data.findings
    assert (finding.code, finding.file, finding.row, finding.unit) == ("short-code", "units.csv", 4, "3390")


# --- encodings and separators ---------------------------------------------------------------------------


def test_utf8_with_bom(tmp_path, variables):
    content = "\ufeffMã đơn vị,Năm,Dân số\n03390,2024,8240\n".encode()
    data = read(make_folder(tmp_path, {"a.csv": content}), variables)
    assert value_of(data, "03390", "population", 2024) == 8240


def test_utf16_tab_separated(tmp_path, variables):
    content = "Mã đơn vị\tTên đơn vị\tNăm\tDân số\r\n03390\tThị trấn Tam Đường\t2024\t8240\r\n".encode("utf-16")
    data = read(make_folder(tmp_path, {"a.csv": content}), variables)
    assert value_of(data, "03390", "population", 2024) == 8240


def test_cp1258_file_and_units_come_out_nfc(tmp_path, variables):
    units = UNITS.replace("Xã Tả Lèng", "Xã Tả Lèng")
    content = encode_cp1258("Mã đơn vị,Tên xã,Năm,Số bác sĩ,Trẻ dưới 1 tuổi\r\n03400,Xã Tả Lèng,2024,3,98\r\n")
    assert unicodedata.normalize("NFC", content.decode("cp1258")) != content.decode("cp1258")  # really decomposed
    (tmp_path / "units.csv").write_bytes(encode_cp1258(units))
    (tmp_path / "a.csv").write_bytes(content)
    data = read(tmp_path, variables)
    assert value_of(data, "03400", "doctors", 2024) == 3
    assert value_of(data, "03400", "children_under1", 2024) == 98
    names = data.units["name"].tolist()
    assert "Xã Tả Lèng" in names
    assert all(unicodedata.is_normalized("NFC", name) for name in names)


def test_quoted_fields_and_crlf(tmp_path, variables):
    content = 'unit,name,year,population\r\n03390,"Tam Đường, thị trấn",2024,"8240"\r\n'
    data = read(make_folder(tmp_path, {"a.csv": content}), variables)
    assert value_of(data, "03390", "population", 2024) == 8240


# --- XLSX ---------------------------------------------------------------------------------------------


def write_xlsx(path: Path, rows: list[list]) -> None:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)


def test_xlsx_numeric_cells_need_no_option(tmp_path, variables):
    make_folder(tmp_path, {})
    write_xlsx(
        tmp_path / "xa.xlsx",
        [
            ["Mã đơn vị", "Tên đơn vị", "Năm", "Dân số", "Số bác sĩ", "Ghi chú"],
            ["03390", "Thị trấn Tam Đường", 2024, 12000, 10, None],
            [3394, "Xã Thèn Sin", 2024.0, 4260.5, None, "x"],
            [None, None, None, None, None, None],
            ["03400", "Xã Tả Lèng", "2024", "1.248", "-", None],  # text cells follow the number rule
        ],
    )
    with pytest.raises(InputError, match="--number-format"):
        read(tmp_path, variables)
    data = read(tmp_path, variables, number_format="vi")
    assert value_of(data, "03390", "population", 2024) == 12000
    assert value_of(data, "03394", "population", 2024) == 4260.5  # code 3394 restored to 03394
    assert value_of(data, "03400", "population", 2024) == 1248
    assert data.values.set_index(["unit", "variable"]).loc[("03400", "population"), "row"] == 5


def test_xlsx_only_numbers(tmp_path, variables):
    make_folder(tmp_path, {})
    write_xlsx(tmp_path / "a.xlsx", [["unit", "year", "month", "live_births"], ["03390", 2024, 1, 11.0]])
    data = read(tmp_path, variables)
    assert value_of(data, "03390", "live_births", 2024, 1) == 11
    assert data.findings == []


def test_xlsx_date_cell_is_an_error(tmp_path, variables):
    make_folder(tmp_path, {})
    write_xlsx(tmp_path / "a.xlsx", [["unit", "year", "doctors"], ["03390", 2024, dt.datetime(2024, 3, 1)]])
    with pytest.raises(InputError, match=r"a\.xlsx:2:doctors"):
        read(tmp_path, variables)


# --- number formats in files -----------------------------------------------------------------------------


def test_semicolon_file_reads_vietnamese_thousands(tmp_path, variables):
    data = read(make_folder(tmp_path, {"a.csv": "unit;year;population\n03390;2024;12.000\n"}), variables)
    assert value_of(data, "03390", "population", 2024) == 12000


def test_number_format_option(tmp_path, variables):
    folder = make_folder(tmp_path, {"a.csv": "unit,year,population\n03390,2024,12.000\n"})
    with pytest.raises(InputError, match=r"--number-format a\.csv=vi or --number-format a\.csv=en"):
        read(folder, variables)
    assert value_of(read(folder, variables, number_format="vi"), "03390", "population", 2024) == 12000
    assert value_of(read(folder, variables, number_format="en"), "03390", "population", 2024) == 12


def test_format_is_decided_per_file(tmp_path, variables):
    folder = make_folder(
        tmp_path,
        {
            "a.csv": 'unit,year,population,hospital_beds\n03390,2024,"1.248.643",12.000\n',
            "b.csv": "unit,year,doctors,medical_waste_generated_kg\n03390,2024,12.000,7920.25\n",
        },
    )
    data = read(folder, variables)
    assert value_of(data, "03390", "hospital_beds", 2024) == 12000
    assert value_of(data, "03390", "doctors", 2024) == 12


# --- the broken-data corpus ------------------------------------------------------------------------------


def test_corpus_is_complete():
    folders = {p.name for p in DATA_BAD.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))}
    assert folders == set(corpus.CASES)
    assert len(corpus.CASES) >= 80  # 35 before issue 10
    assert len(corpus.read_cases("findings")) >= 15


@pytest.mark.parametrize("case", corpus.failing_cases(library=True))
def test_bad_data(case, variables):
    spec = corpus.CASES[case]
    indicators = list(load_plan_set([CATALOG]).indicators())  # published ids are checked against them
    with pytest.raises(InputError) as caught:
        read_data_folder(DATA_BAD / case, variables, number_format=spec.get("number_format", "auto"),
                         indicators=indicators)  # fmt: skip
    message = str(caught.value)
    assert "\n" not in message, message
    missing = [fragment for fragment in spec["fragments"] if fragment not in message]
    assert not missing, f"{missing} not in: {message}"


def test_a_file_the_fast_road_cannot_read_is_listed_with_the_other_unusable_files(tmp_path, repo_plans, monkeypatch):
    """A file refused as it is read (here big.csv, as if over the size bound) is one error among the others,
    not one that stops the reading of the rest."""
    from ytcs.data import fast_csv

    folder = with_two_unusable_files(tmp_path)
    (folder / "big.csv").write_text("unit,year,population\n21013,2024,5\n", encoding="utf-8")
    read = fast_csv.read_bounded

    def refusing_big(path, limit, display, what):
        if path.name == "big.csv":
            raise InputError(f"is larger than {limit:,} bytes", Location(display))
        return read(path, limit, display, what)

    monkeypatch.setattr(fast_csv, "read_bounded", refusing_big)
    with pytest.raises(DataErrors) as caught:
        read_data_folder(folder, repo_plans.variables(repo_plans.plan("quang-ngai-2024-ct37")))
    places = [str(error.location).rsplit("/", 1)[-1] for error in caught.value.errors]
    assert places == ["bad_one.csv:2:population", "bad_two.csv:2:year", "big.csv"]


@pytest.mark.parametrize("case", corpus.read_cases("findings"))
def test_messy_data_is_read_with_the_findings_it_deserves(case):
    """The library's side of a read case: exactly the findings of cases.yaml (code and a fragment of the
    message, order-free), and the published values. The CLI's side (exit 0, numbers) is in test_compute_command."""
    spec = corpus.CASES[case]
    plan_set, plan = load_plan_ref(corpus.plan_ref(spec), PLANS)
    result = compute_plan(plan_set, plan, DATA_BAD / case, year=spec["year"], whole_history=False)
    left = [(f.code, f.format()) for f in result.findings]
    for expected in spec["findings"]:
        found = next((f for f in left if f[0] == expected["code"] and expected["fragment"] in f[1]), None)
        assert found, f"no {expected} among {left}"
        left.remove(found)
    assert spec.get("more_findings") or not left, f"findings not in cases.yaml: {left}"
    published = result.data.published
    for key, value in spec.get("published", {}).items():
        unit, year, indicator = key.split("/")
        rows = published[(published["unit"] == unit) & (published["year"] == int(year))
                         & (published["indicator"] == indicator)]  # fmt: skip
        assert len(rows) == 1 and corpus.agrees(float(rows["value"].iloc[0]), value), (key, published)


def test_every_unusable_file_of_a_folder_is_reported(tmp_path, repo_plans):
    folder = with_two_unusable_files(tmp_path)
    with pytest.raises(DataErrors) as caught:
        read_data_folder(folder, repo_plans.variables(repo_plans.plan("quang-ngai-2024-ct37")))
    errors = caught.value.errors
    places = [str(e.location) for e in errors]
    assert len(places) == 2
    assert places[0].endswith("/bad_one.csv:2:population") and places[1].endswith("/bad_two.csv:2:year")
    assert "'abc' is not a number" in errors[0].message and "'20x4' is not a year" in errors[1].message
