"""The house's foundations: one vocabulary, diagnostics as data, one atomic writer."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path
from typing import get_args

import pytest
from click.testing import CliRunner

from ytcs.cli import cli
from ytcs.data.folder import read_data_folder
from ytcs.diagnostics import DataErrors, Finding, InputError, Location
from ytcs.plans import load_plan_set
from ytcs.report.output import write_atomic, write_text
from ytcs.vocab import (
    Comparator,
    ComparatorSymbol,
    Flag,
    Level,
    LevelName,
    Significance,
    Status,
    flag_texts,
)

REPO = Path(__file__).resolve().parents[1]
QN_DATA = REPO / "data" / "quang-ngai"


# --- vocabulary -------------------------------------------------------------------------------------


def test_plan_file_spellings_are_the_vocabulary():
    assert set(get_args(LevelName)) == {level.value for level in Level}
    assert set(get_args(ComparatorSymbol)) == {comparator.value for comparator in Comparator}


def test_levels_rank_and_parents():
    assert [level.rank for level in (Level.COMMUNE, Level.DISTRICT, Level.PROVINCE)] == [0, 1, 2]
    assert Level.COMMUNE.parents == (Level.DISTRICT, Level.PROVINCE)  # the 2025 map has no districts
    assert Level.PROVINCE.parents == ()
    assert [Level(name).code_length for name in ("province", "district", "commune")] == [2, 3, 5]
    assert [level.label_vi for level in Level] == ["Tỉnh", "Huyện", "Xã"]


def test_comparators_know_their_direction_and_symbol():
    assert [Comparator(c).rising for c in (">=", ">", "<=", "<", "==", "~", "between")] == [1, 1, -1, -1, 0, 0, 0]
    assert [Comparator(c).symbol for c in (">=", "<=", "~", ">")] == ["≥", "≤", "≈", ">"]


def test_flags_are_bits_with_public_ids_in_a_fixed_order():
    bits = int(Flag.ZERO_DENOMINATOR | Flag.NO_DATA | Flag.INCOMPLETE)
    assert flag_texts(bits) == ["no-data", "incomplete", "zero-denominator"]
    assert flag_texts(0) == []
    assert [flag.text for flag in Flag] == [
        "no-data", "incomplete", "zero-denominator", "above-100", "incomplete-suppressed", "reported",
    ]  # fmt: skip


def test_statuses_most_severe_first_and_behind():
    statuses = list(Status)
    assert (statuses[0], statuses[-1]) == (Status.MISSED, Status.NOT_MEASURABLE)
    behind = {status.value for status in Status if status.behind}
    assert behind == {"missed", "deterioration", "limited progress", "needs acceleration", "no data"}
    assert Significance.BEHIND.label_vi == "chậm có ý nghĩa thống kê"


# --- diagnostics ------------------------------------------------------------------------------------


def test_location_is_the_one_place_format():
    assert str(Location("a.csv", 3, "doctors")) == "a.csv:3:doctors"
    assert str(Location("a.csv", 3)) == "a.csv:3"
    assert str(Location("a.csv")) == "a.csv"
    assert str(Location("a.xlsx", 2, "B", sheet="2024")) == "a.xlsx!2024:2:B"
    error = InputError("'x' is not a number", Location("a.csv", 4, "population"))
    assert str(error) == "a.csv:4:population: 'x' is not a number"
    assert error.location == Location("a.csv", 4, "population")


def test_findings_are_built_by_keyword():
    finding = Finding("negative", "value -2 is below zero", Location("a.csv", 3), unit="03390", year=2024)
    assert (finding.file, finding.row, finding.variable) == ("a.csv", 3, None)
    assert finding.format() == "a.csv:3: unit 03390 (2024): value -2 is below zero"


def _broken_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(QN_DATA, folder)
    (folder / "bad_one.csv").write_text("unit,year,population\n21013,2024,abc\n", encoding="utf-8")
    (folder / "bad_two.csv").write_text("unit,year,doctors\n21013,20x4,5\n", encoding="utf-8")
    return folder


def test_every_unusable_file_of_a_folder_is_reported(tmp_path):
    folder = _broken_folder(tmp_path)
    plan_set = load_plan_set([REPO / "plans"])
    with pytest.raises(DataErrors) as caught:
        read_data_folder(folder, plan_set.variables(plan_set.plan("quang-ngai-2024-ct37")))
    errors = caught.value.errors
    places = [str(e.location) for e in errors]
    assert len(places) == 2
    assert places[0].endswith("/bad_one.csv:2:population") and places[1].endswith("/bad_two.csv:2:year")
    assert "'abc' is not a number" in errors[0].message and "'20x4' is not a year" in errors[1].message


def test_the_cli_prints_one_line_per_unusable_file(tmp_path):
    folder = _broken_folder(tmp_path)
    result = CliRunner().invoke(cli, ["compute", "quang-ngai-2024-ct37", "--data", str(folder),
                                      "--plans", str(REPO / "plans")])  # fmt: skip
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 2 and "bad_one.csv:2:population" in lines[0] and "bad_two.csv:2:year" in lines[1]
    assert "Traceback" not in result.output


# --- the one writer ---------------------------------------------------------------------------------


@pytest.fixture
def umask():
    def set_mask(mask: int) -> None:
        os.umask(mask)

    previous = os.umask(0o022)
    yield set_mask
    os.umask(previous)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_written_files_take_the_umask_mode(tmp_path, umask, mask, mode):
    umask(mask)
    path = write_text(tmp_path / "out.json", "{}\n")
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert path.read_text() == "{}\n"


def test_cli_outputs_are_0644_under_umask_022(tmp_path, umask):
    umask(0o022)
    for fmt, name in (("json", "gap.json"), ("csv", "gap.csv"), ("xlsx", "gap.xlsx"), ("md", "gap.md")):
        target = tmp_path / name
        result = CliRunner().invoke(cli, ["gap", "quang-ngai-2024-ct37", "--data", str(QN_DATA), "--plans",
                                          str(REPO / "plans"), "--format", fmt, "-o", str(target)])  # fmt: skip
        assert result.exit_code == 0, result.output
        assert stat.S_IMODE(target.stat().st_mode) == 0o644, fmt
    template = tmp_path / "template.xlsx"
    result = CliRunner().invoke(cli, ["template", "quang-ngai-2024-ct37", "--plans", str(REPO / "plans"),
                                      "-o", str(template)])  # fmt: skip
    assert result.exit_code == 0 and stat.S_IMODE(template.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["gap.json", "gap.csv", "gap.xlsx", "gap.md", "template.xlsx"]
    )  # no temporary file left behind


def test_a_failing_writer_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "report.csv"
    target.write_text("old\n")

    def fail(path: Path) -> None:
        path.write_text("half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_atomic(target, fail)
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


def test_output_number_style_is_not_the_input_option():
    base = ["gap", "quang-ngai-2024-ct37", "--data", str(QN_DATA), "--plans", str(REPO / "plans"), "--format", "md"]
    vietnamese = CliRunner().invoke(cli, base).output
    read_plain = CliRunner().invoke(cli, [*base, "--number-format", "en"]).output
    english = CliRunner().invoke(cli, [*base, "--decimal-point"]).output
    assert "89,9 %" in vietnamese and "89,9 %" in read_plain  # immunisation, as the plan writes it
    assert "89.9 %" in english and "89,9 %" not in english
