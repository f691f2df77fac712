"""Bounded everything (issue 10): options that are no finite number, and paths that loop, never end or
never open are one-line errors (exit 2), never a traceback or a hang."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.support.cli import QN, invoke
from tests.support.paths import DATA


def _one_error(output: str) -> str:
    errors = [line for line in output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and "Traceback" not in output, output
    return errors[0]


@pytest.mark.parametrize("command", ["compute", "gap"])
@pytest.mark.parametrize("confidence", ["nan", "inf", "-inf", "NaN", "0", "1"])
def test_confidence_must_be_a_finite_number_inside_its_range(command, confidence):
    result = invoke([command, QN, "--data", str(DATA / "quang-ngai"), "--confidence", confidence], expect_exit=2)
    assert "Invalid value for '--confidence'" in _one_error(result.output)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA / "quang-ngai", folder)
    return folder


def test_a_data_folder_that_is_a_symbolic_link_loop(tmp_path):
    (tmp_path / "loop").symlink_to(tmp_path / "loop")  # raised RuntimeError
    result = invoke(["compute", QN, "--data", str(tmp_path / "loop")], expect_exit=2)
    assert "loop" in _one_error(result.output)


@pytest.mark.parametrize("kind", ["loop", "device"])
def test_units_csv_that_loops_or_never_ends(data, kind):
    (data / "units.csv").unlink()
    (data / "units.csv").symlink_to(data / "units.csv" if kind == "loop" else "/dev/zero")
    result = invoke(["compute", QN, "--data", str(data)], expect_exit=2)
    assert "units.csv" in _one_error(result.output)


def test_pipes_and_devices_among_the_count_files_are_not_read(data):
    os.mkfifo(data / "waiting.csv")  # reading it would wait for a writer for ever
    (data / "zero.csv").symlink_to("/dev/zero")  # reading it would never end
    result = invoke(["compute", QN, "--data", str(data), "--format", "json"])
    assert '"indicator": ' in result.output and "Traceback" not in result.output
