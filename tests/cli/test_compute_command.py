"""`ytcs compute` as scripts and analysts use it: public JSON fields, plan ids, number style, files, exit codes."""

from __future__ import annotations

import csv
import io
import shutil

import pandas as pd
import pytest

from tests.support import corpus
from tests.support.cli import QN, QN_2024, QN_DATA, invoke, records
from tests.support.paths import DATA, DATA_BAD, PLANS
from tests.support.tiny import tiny_data, tiny_plan, with_two_unusable_files

COMPUTE_KEYS = {
    "unit", "unit_name", "level", "year", "indicator", "value", "numerator", "denominator", "ci_low", "ci_high",
    "completeness", "flags",
}  # fmt: skip


def test_ci_limits_are_in_the_indicators_units(tmp_path):
    plan = tiny_plan(tmp_path)
    data = tiny_data(
        tmp_path,
        "unit,year,children_under1,children_under1_fully_immunized,live_births,"
        "infant_deaths\n21001,2024,100,65,900,3\n",
    )
    out = records(invoke(["compute", str(plan), "--data", str(data), "--level", "commune", "--format", "json"]).stdout)
    by_indicator = {r["indicator"]: r for r in out}
    immunised = by_indicator["full_immunization_pct"]
    assert immunised["value"] == 65.0
    assert (round(immunised["ci_low"], 2), round(immunised["ci_high"], 2)) == (55.25, 73.64)
    infant = by_indicator["infant_mortality_rate"]
    assert round(infant["value"], 2) == 3.33
    assert (round(infant["ci_low"], 3), round(infant["ci_high"], 3)) == (0.687, 9.741)
    assert set(immunised) >= COMPUTE_KEYS
    assert isinstance(immunised["flags"], list)


def test_plan_by_id_and_by_path_give_the_same_output():
    by_id = invoke(["compute", QN, "--data", QN_DATA, "--level", "province", "--format", "json"]).output
    by_path = invoke(
        ["compute", str(PLANS / f"{QN}.yaml"), "--data", QN_DATA, "--level", "province", "--format", "json"]
    ).output
    assert by_id == by_path


def test_unknown_plan_id_is_a_usage_error_listing_known_ids():
    result = invoke(["compute", "no-such-plan", "--data", QN_DATA], expect_exit=2)
    assert "unknown plan 'no-such-plan'; known plans: bac-giang-2024-ct25, kon-tum-2018-nq139" in result.output
    assert "Traceback" not in result.output


def test_compute_json_public_fields_and_document_values(cli_once):
    out = records(
        cli_once(["compute", QN, "--data", QN_DATA, "--year", "2024", "--level", "province", "--format", "json"]).stdout
    )
    assert all(set(r) >= COMPUTE_KEYS for r in out)
    values = {r["indicator"]: r["value"] for r in out}
    assert round(values["doctors_per_10k"], 1) == 8.0  # document: 8,0
    assert round(values["insurance_coverage_pct"], 2) == 94.15  # document: 94,15


def test_compute_table_is_vietnamese_formatted():
    # the 2024 data (the folder as it was before 2025): population 1.248.643, insured 94,15%
    output = invoke(["compute", QN, "--data", QN_2024, "--unit", "51", "--level", "province"]).output
    assert "1.248.643" in output  # population, Vietnamese grouping
    assert "94,15" in output
    english = invoke(
        ["compute", QN, "--data", QN_2024, "--unit", "51", "--level", "province", "--decimal-point"]
    ).output
    assert "1,248,643" in english and "94.15" in english
    # How input cells are read is no say in how output numbers look.
    read_en = invoke(
        ["compute", QN, "--data", QN_2024, "--unit", "51", "--level", "province", "--number-format", "en"]
    ).output
    assert "1.248.643" in read_en and "94,15" in read_en


def test_compute_csv_has_bom_and_same_columns(tmp_path):
    target = tmp_path / "out.csv"
    invoke(["compute", QN, "--data", QN_DATA, "--level", "province", "--format", "csv", "-o", str(target)])
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert set(header) >= COMPUTE_KEYS


def test_compute_xlsx_one_sheet_per_level(tmp_path):
    target = tmp_path / "out.xlsx"
    invoke(["compute", QN, "--data", QN_DATA, "--format", "xlsx", "-o", str(target)])
    sheets = pd.read_excel(target, sheet_name=None, engine="calamine")
    assert list(sheets) == ["Tỉnh", "Huyện", "Xã"]
    assert "Giá trị" in sheets["Tỉnh"].columns


@pytest.mark.parametrize("case", corpus.failing_cases(), ids=str)
def test_broken_data_is_one_line_exit_2_and_no_output_file(case, tmp_path):
    spec = corpus.CASES[case]
    folder = corpus.folder(case)
    target = folder / spec["output"] if "output" in spec else tmp_path / "out.json"
    before = target.read_bytes() if target.exists() else None
    args = ["compute", *corpus.plan_args(spec), "--data", str(folder), "--format", "json", "-o", str(target)]
    if spec.get("number_format"):
        args += ["--number-format", spec["number_format"]]
    result = invoke([*args, *spec.get("args", [])], expect_exit=2)
    error_lines = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(error_lines) == 1, result.output
    assert "Traceback" not in result.output
    missing = [fragment for fragment in spec["fragments"] if fragment not in error_lines[0]]
    assert not missing, f"{missing} not in: {error_lines[0]}"
    assert (target.read_bytes() if target.exists() else None) == before  # no output; an input left as it was


@pytest.mark.parametrize("case", corpus.read_cases("numbers"))
def test_messy_data_is_read_exit_0_with_the_numbers_worked_out_by_hand(case):
    """The CLI's side of a read case of tests/data_bad/cases.yaml: exit 0, `compute --format json` gives the
    values (and fields) worked out there, and each `gap` block's rows and Markdown hold what it says."""
    spec = corpus.CASES[case]
    data = ["--data", str(corpus.folder(case))]
    wanted: dict[int, dict[tuple[str, str], object]] = {}
    for key, expected in spec["values"].items():
        unit, indicator, year = corpus.split_key(key, spec["year"])
        wanted.setdefault(year, {})[unit, indicator] = expected
    for year, expectations in sorted(wanted.items()):
        out = records(
            invoke(["compute", *corpus.plan_args(spec), *data, "--year", str(year), "--format", "json"]).stdout
        )
        rows = {(r["unit"], r["indicator"]): r for r in out}
        for (unit, indicator), expected in expectations.items():
            assert (unit, indicator) in rows, (unit, indicator, year, sorted(rows))
            wrong = corpus.differences(rows[unit, indicator], expected)
            assert not wrong, f"{unit}/{indicator}/{year}: {wrong}"
    for block in spec.get("gap", []):
        args = ["gap", *corpus.plan_args(spec), *data, "--year", str(spec["year"]), "--all", *block.get("args", [])]
        if "rows" in block:
            judged = {(r["unit"], r["indicator"], r["target_year"]): r
                      for r in records(invoke([*args, "--format", "json"]).stdout)}  # fmt: skip
            for key, expected in block["rows"].items():
                unit, indicator, target_year = key.split("/")
                row = judged[unit, indicator, int(target_year)]
                wrong = corpus.differences(row, expected)
                assert not wrong, f"gap {block.get('args', [])} {key}: {wrong}"
        if "md" in block or "md_absent" in block:
            text = invoke([*args, "--format", "md"]).stdout
            assert all(fragment in text for fragment in block.get("md", [])), (block.get("md"), text)
            assert not any(fragment in text for fragment in block.get("md_absent", [])), (block.get("md_absent"), text)


def test_the_cli_prints_one_line_per_unusable_file(tmp_path):
    folder = with_two_unusable_files(tmp_path)
    result = invoke(["compute", QN, "--data", str(folder), "--plans", str(PLANS)], expect_exit=2)
    lines = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 2 and "bad_one.csv:2:population" in lines[0] and "bad_two.csv:2:year" in lines[1]
    assert "Traceback" not in result.output


def test_existing_output_survives_a_failed_run(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("previous", encoding="utf-8")
    invoke(
        ["compute", QN, "--data", str(DATA_BAD / "not-a-number"), "--format", "json", "-o", str(target)], expect_exit=2
    )
    assert target.read_text(encoding="utf-8") == "previous"


def test_input_files_are_never_written(tmp_path):
    folder = tmp_path / "qn"
    shutil.copytree(DATA / "quang-ngai", folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    invoke(["compute", QN, "--data", str(folder), "--format", "csv", "-o", str(tmp_path / "x.csv")])
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_year_with_counts_but_no_indicator_is_refused_or_passed_over(tmp_path):
    """2024 has counts of a variable none of the plan's indicators uses: `--year 2024` has no rows to show and
    says so (exit 2), and the year shown by default is the one before, with its rows (worked by hand: 65/100)."""
    plan = tiny_plan(tmp_path)
    data = tiny_data(
        tmp_path, "unit,year,children_under1,children_under1_fully_immunized,population\n"
        "21001,2023,100,65,\n21001,2024,,,5000\n",
    )  # fmt: skip
    refused = invoke(["compute", str(plan), "--data", str(data), "--year", "2024", "--format", "csv"], expect_exit=2)
    assert "no data for year 2024; years in the data: 2023" in refused.output
    shown = records(invoke(["compute", str(plan), "--data", str(data), "--format", "json"]).stdout)
    assert {row["year"] for row in shown} == {2023}
    assert [row["value"] for row in shown if row["unit"] == "21001"] == [65.0]
