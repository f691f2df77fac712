"""The default `ytcs gap` screen fits the terminal: one line per table row at 100 and 160 columns.

The tables' rows are found by their shape (a rule line under the header, rows until a blank line); a row
broken over two lines would show as a line whose first cell (the target's number) is empty.
"""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from tests.support.cli import QN, QN_2024, QN_DATA, invoke
from tests.support.report import area_counts

RULE = re.compile(r"^\s*─+\s*$")
ROW = re.compile(r"^\s*\d+\s{2}\S")


def table_bodies(text: str) -> list[list[str]]:
    """The body lines of each table drawn with a header rule."""
    bodies, current = [], None
    for line in text.splitlines():
        if RULE.match(line):
            current = []
            bodies.append(current)
        elif current is not None:
            if not line.strip():
                current = None
            else:
                current.append(line)
    return bodies


@pytest.fixture(scope="module")
def plan_rows(qn_gap_rows):
    return qn_gap_rows


@pytest.mark.parametrize("width", [100, 160])
def test_default_gap_rows_stay_on_one_line(width, qn_gap_rows):
    output = invoke(["gap", QN, "--data", QN_DATA], env={"COLUMNS": str(width)}).stdout
    assert max(cell_len(line) for line in output.splitlines()) <= width
    bodies = table_bodies(output)
    area, matrix, objectives = bodies[0], bodies[1:-1], bodies[-1]
    targets = sum(area_counts(qn_gap_rows, "51").values())
    assert len(area) == targets == 39  # one line per target of the plan's area
    assert all(ROW.match(line) for line in area), [line for line in area if not ROW.match(line)]
    for table in matrix:  # one line per target, a status symbol per unit
        assert len(table) == 39 and all(ROW.match(line) for line in table)
    assert len(objectives) == 3 and all(ROW.match(line) for line in objectives)


@pytest.mark.parametrize("width", [60, 80])
def test_matrix_splits_its_units_when_they_do_not_fit(width):
    output = invoke(["gap", QN, "--data", QN_DATA], env={"COLUMNS": str(width)}).stdout
    assert max(cell_len(line) for line in output.splitlines()) <= width
    headers = [line for line in output.splitlines() if line.strip().startswith("#  ") and re.search(r"\b5\d\d\b", line)]
    codes = {code for line in headers for code in re.findall(r"\b5\d\d?\b", line)}
    assert len(headers) >= 2  # the units are split over several tables
    assert codes == {"51", *(str(code) for code in (522, 524, 525, *range(527, 537)))}  # yet every unit is there


def test_the_default_screen_ends_with_the_areas_counts(qn_gap_rows):
    output = invoke(["gap", QN, "--data", QN_DATA], env={"COLUMNS": "120"}).stdout
    counts = area_counts(qn_gap_rows, "51")
    last = [line for line in output.splitlines() if line.startswith("Tỉnh Quảng Ngãi:")]
    assert len(last) == 1
    assert f"{counts['achieved']} đã đạt trước hạn" in last[0]
    assert f"{counts['deterioration']} xấu đi" in last[0]


def test_detail_is_todays_full_list():
    detail = invoke(["gap", QN, "--data", QN_DATA, "--detail"], env={"COLUMNS": "200"}).stdout
    assert "Hiện tại [KTC 95%]" in detail and "targets behind" in detail


def test_compute_table_keeps_one_line_per_row_on_a_narrow_screen():
    output = invoke(["compute", QN, "--data", QN_2024, "--level", "province"], env={"COLUMNS": "80"}).stdout
    assert max(cell_len(line) for line in output.splitlines()) <= 80
    body = table_bodies(output)[0]
    assert len(body) == 21  # the 21 indicators the plan needs, one line each (2024: every one has a value)
    assert "Cột ẩn cho vừa màn hình" in output  # what was left out is said
