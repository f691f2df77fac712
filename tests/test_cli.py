"""The command line as scripts and analysts use it: public JSON fields, plan ids, exit codes, files."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.conftest import DATA, PLANS, REPO, invoke
from ytcs.cli import cli

QN = "quang-ngai-2024-ct37"
QN_DATA = str(DATA / "quang-ngai")
COMPUTE_KEYS = {"unit", "unit_name", "level", "year", "indicator", "value", "numerator", "denominator", "ci_low",
                "ci_high", "completeness", "flags"}
GAP_KEYS = {"plan", "unit", "unit_name", "level", "indicator", "year", "target_year", "comparator", "target",
            "value", "ci_low", "ci_high", "gap", "relative_gap", "status", "significance", "projected", "base_year",
            "base_value"}
TARGET_KEYS = {"plan", "source", "indicator", "year", "comparator", "value", "unit", "scope", "quote"}


def tiny_plan(tmp_path: Path) -> Path:
    """A plan file beside a link to the repository's catalog, for small hand-made data."""
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "catalog").symlink_to(PLANS / "catalog")
    plan = {
        "kind": "plan", "id": "tiny", "title": "Tiny", "issuer": "Test", "document": {},
        "jurisdiction": {"code": "51", "name": "Tỉnh Quảng Ngãi", "level": "province"},
        "period": {"start": 2024, "end": 2025}, "source": "none",
        "targets": [
            {"indicator": "full_immunization_pct", "year": 2025, "comparator": ">", "value": 95, "quote": "q",
             "section": "s"},
            {"indicator": "infant_mortality_rate", "year": 2025, "comparator": "<=", "value": 2.5, "quote": "q",
             "section": "s"},
        ],
    }
    path = plans / "tiny.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    return path


def tiny_data(tmp_path: Path, counts: str) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "units.csv").write_text(
        "code,name,level,parent\n51,Tỉnh Quảng Ngãi,province,\n522,Thành phố Quảng Ngãi,district,51\n"
        "21001,Phường Lê Hồng Phong,commune,522\n", encoding="utf-8")
    (folder / "counts.csv").write_text(counts, encoding="utf-8")
    return folder


def records(output: str) -> list[dict]:
    return json.loads(output)


def test_ci_limits_are_in_the_indicators_units(tmp_path):
    plan = tiny_plan(tmp_path)
    data = tiny_data(tmp_path, "unit,year,children_under1,children_under1_fully_immunized,live_births,"
                               "infant_deaths\n21001,2024,100,65,900,3\n")
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
    by_path = invoke(["compute", str(PLANS / f"{QN}.yaml"), "--data", QN_DATA, "--level", "province",
                      "--format", "json"]).output
    assert by_id == by_path


def test_unknown_plan_id_is_a_usage_error_listing_known_ids():
    result = invoke(["compute", "no-such-plan", "--data", QN_DATA], expect_exit=2)
    assert "unknown plan 'no-such-plan'; known plans: bac-giang-2024-ct25, kon-tum-2018-nq139" in result.output
    assert "Traceback" not in result.output


def test_compute_json_public_fields_and_document_values():
    out = records(invoke(["compute", QN, "--data", QN_DATA, "--year", "2024", "--level", "province",
                          "--format", "json"]).stdout)
    assert all(set(r) >= COMPUTE_KEYS for r in out)
    values = {r["indicator"]: r["value"] for r in out}
    assert round(values["doctors_per_10k"], 1) == 8.0  # document: 8,0
    assert round(values["insurance_coverage_pct"], 2) == 94.15  # document: 94,15


def test_compute_table_is_vietnamese_formatted():
    output = invoke(["compute", QN, "--data", QN_DATA, "--unit", "51", "--level", "province"]).output
    assert "1.248.643" in output  # population, Vietnamese grouping
    assert "94,15" in output
    english = invoke(["compute", QN, "--data", QN_DATA, "--unit", "51", "--level", "province",
                      "--decimal-point"]).output
    assert "1,248,643" in english and "94.15" in english
    # How input cells are read is no say in how output numbers look.
    read_en = invoke(["compute", QN, "--data", QN_DATA, "--unit", "51", "--level", "province",
                      "--number-format", "en"]).output
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


def test_formula_like_text_is_neutralised_in_csv(tmp_path):
    from ytcs.report.files import frame_to_csv_bytes

    frame = pd.DataFrame({"name": ["=HYPERLINK(\"x\")", "+1", "-a", "@b", "ok"], "value": [-1.5, 2, 3, 4, 5]})
    text = frame_to_csv_bytes(frame).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+1" in text and "'-a" in text and "'@b" in text
    assert "-1.5" in text  # numbers stay numbers


CASES = yaml.safe_load((REPO / "tests" / "data_bad" / "cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", sorted(CASES), ids=str)
def test_broken_data_is_one_line_exit_2_and_no_output_file(case, tmp_path):
    folder = REPO / "tests" / "data_bad" / case
    target = tmp_path / "out.json"
    args = ["compute", QN, "--data", str(folder), "--format", "json", "-o", str(target)]
    if CASES[case].get("number_format"):
        args += ["--number-format", CASES[case]["number_format"]]
    result = invoke(args, expect_exit=2)
    error_lines = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(error_lines) == 1, result.output
    assert "Traceback" not in result.output
    assert not target.exists()


def test_existing_output_survives_a_failed_run(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("previous", encoding="utf-8")
    invoke(["compute", QN, "--data", str(REPO / "tests" / "data_bad" / "not-a-number"), "--format", "json",
            "-o", str(target)], expect_exit=2)
    assert target.read_text(encoding="utf-8") == "previous"


def test_input_files_are_never_written(tmp_path):
    folder = tmp_path / "qn"
    shutil.copytree(DATA / "quang-ngai", folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    invoke(["compute", QN, "--data", str(folder), "--format", "csv", "-o", str(tmp_path / "x.csv")])
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def with_2025(tmp_path: Path) -> Path:
    """The bundled Quảng Ngãi folder plus a 2025 that repeats 2024's counts."""
    folder = tmp_path / "qn"
    shutil.copytree(DATA / "quang-ngai", folder)
    for path in folder.glob("*.csv"):
        if path.name in ("units.csv", "published.csv"):
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        repeat = frame[frame["year"] == "2024"].assign(year="2025")
        pd.concat([frame, repeat]).to_csv(path, index=False)
    return folder


def test_gap_in_the_target_year_is_met_or_missed(tmp_path):
    folder = with_2025(tmp_path)
    out = records(invoke(["gap", QN, "--data", str(folder), "--year", "2025", "--target-year", "2025", "--unit",
                          "51", "--all", "--format", "json"]).stdout)
    statuses = {r["indicator"]: r["status"] for r in out if r["indicator"]}
    assert set(statuses.values()) <= {"met", "missed", "no data"}
    assert statuses["full_immunization_pct"] == "missed"  # 89,9% against > 95%
    assert statuses["insurance_coverage_pct"] == "missed"  # 94,15% against 95,25%
    assert statuses["infant_mortality_rate"] == "met"  # 2,07‰ against ≤ 2,5‰
    immunisation = next(r for r in out if r["indicator"] == "full_immunization_pct")
    assert immunisation["significance"] == "significantly behind"
    assert round(immunisation["gap"], 1) == 5.1


def test_gap_json_public_fields():
    out = records(invoke(["gap", QN, "--data", QN_DATA, "--all", "--format", "json"]).stdout)
    assert out and all(set(r) >= GAP_KEYS for r in out)


def test_gap_fail_on(tmp_path):
    invoke(["gap", QN, "--data", QN_DATA, "--fail-on", "behind", "--format", "json"], expect_exit=1)
    invoke(["gap", QN, "--data", QN_DATA, "--fail-on", "never", "--format", "json"], expect_exit=0)
    # nothing has reached its year in 2024 data, so nothing is 'missed'
    invoke(["gap", QN, "--data", QN_DATA, "--unit", "51", "--fail-on", "missed", "--format", "json"], expect_exit=0)


def test_gap_markdown_and_summary():
    output = invoke(["gap", QN, "--data", QN_DATA, "--unit", "51", "--format", "md"]).stdout
    assert output.startswith("| Đơn vị | Chỉ tiêu |")
    assert "targets behind" in output.splitlines()[-1]


def test_plan_without_targets_says_so():
    output = invoke(["gap", "quang-ngai-2023-kh193", "--data", QN_DATA]).output
    assert "no quantified targets" in output
    assert "không đo được" in output
    targets = invoke(["targets", "quang-ngai-2023-kh193"]).output
    assert "no quantified targets" in targets


def test_every_plan_gaps_on_its_bundled_data():
    for plan, folder in [("bac-giang-2024-ct25", "bac-giang"), ("tam-duong-2022", "tam-duong"),
                         ("kon-tum-2018-nq139", "kon-tum"), (QN, "quang-ngai"), ("quang-ngai-2023-kh193",
                                                                                 "quang-ngai")]:
        out = records(invoke(["gap", plan, "--data", str(DATA / folder), "--all", "--format", "json"]).stdout)
        assert out, plan


def test_listing_commands():
    assert len(records(invoke(["plans", "--format", "json"]).stdout)) == 5
    indicators = records(invoke(["indicators", "--format", "json"]).stdout)
    doctors = next(i for i in indicators if i["id"] == "doctors_per_10k")
    assert doctors["formula"] == "(doctors) / (population) × 10000"
    assert "GSO" in doctors["definition"]
    targets = records(invoke(["targets", "--format", "json"]).stdout)
    assert all(set(t) >= TARGET_KEYS for t in targets)
    assert all(t["quote"] for t in targets)


def test_template_round_trips_through_the_reader(tmp_path):
    plan = tiny_plan(tmp_path)
    text = invoke(["template", str(plan)]).output
    header = text.splitlines()[0].split(",")
    assert header == ["unit", "year", "month", "children_under1_fully_immunized", "children_under1",
                      "infant_deaths", "live_births"]
    assert text.splitlines()[1].startswith("# Mã đơn vị")
    data = tiny_data(tmp_path, text + "21001,2024,,65,100,3,900\n")
    out = records(invoke(["compute", str(plan), "--data", str(data), "--level", "commune", "--format",
                          "json"]).stdout)
    assert {r["indicator"]: r["value"] for r in out}["full_immunization_pct"] == 65.0


def test_every_command_has_help_and_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert command.help, name
        assert f"ytcs {name}" in readme, name
        invoke([name, "--help"])
