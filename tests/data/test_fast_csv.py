"""The fast road (ytcs.data.fast_csv) reads a clean wide CSV exactly as the general road does, or steps aside:
a property over files made of the cells that broke readers, and hand-checked examples of each check."""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.paths import CATALOG
from ytcs.data import fast_csv
from ytcs.data.counts import Block
from ytcs.data.csv_table import MAX_LINE_BYTES, read_csv_table
from ytcs.data.fast_csv import fast_wide_block
from ytcs.data.forms import interpret
from ytcs.data.names import variable_names
from ytcs.diagnostics import Finding, InputError
from ytcs.plans import load_plan_set

NAMES = variable_names(load_plan_set([CATALOG]).variables())
HEADERS = ["unit", "year", "month", "population", "doctors", "nurses", "Mã đơn vị", "Năm", "Tháng", "ghi chú",
           "docters", "name", "variable", "value", ""]  # fmt: skip
CELLS = ["", "0", "7", "12", "-3", "+4", "007", "1.5", "1,000", "1e3", "2024", "2023", "1899", "13", "x", "21010",
         "21013", "Tổng", "１２", " 5", "5 ", "1000000000000000", "1000000000000001", "-1000000000000001",
         "99999999999999999999", "NaN", "\x01", "ẫ", "e\u0301", "\ufeff12", '"3"', "2024-01-01", "true"]  # fmt: skip


def general_road(path: Path) -> tuple[Block, list[Finding]] | None:
    """The general road's block and findings for a CSV file; None when it refuses the file."""
    try:
        table = read_csv_table(path, path.name, path.name)
        block, _, findings = interpret(table, NAMES, "auto")
    except InputError:
        return None
    return (block, [*table.findings, *findings]) if block is not None else None


def assert_same(fast: tuple[Block, list[Finding]], general: tuple[Block, list[Finding]]) -> None:
    (block, findings), (expected, expected_findings) = fast, general
    assert findings == expected_findings
    assert block.keys["unit"].astype(object).tolist() == expected.keys["unit"].astype(object).tolist()
    for key in ("year", "month"):
        assert block.keys[key].to_numpy().tolist() == expected.keys[key].to_numpy().tolist()
    pd.testing.assert_frame_equal(block.values, expected.values, check_exact=True)
    assert block.rows.tolist() == expected.rows.tolist()
    assert block.cell_rows is None


CLEAN = {"unit": ["21010", "21013", "522", ""], "year": ["2023", "2024"], "month": ["", "1", "12"],
         "number": ["", "0", "3", "12", "-3", "1200"]}  # fmt: skip
KIND = {"unit": "unit", "Mã đơn vị": "unit", "year": "year", "Năm": "year", "month": "month", "Tháng": "month"}


def cell(header: str) -> st.SearchStrategy[str]:
    """Mostly a clean cell for the column, sometimes one that broke readers."""
    return st.sampled_from(CLEAN[KIND.get(header, "number")] * 60 + CELLS)


@st.composite
def files(draw: st.DrawFn) -> str:
    known = ["population", "doctors", "nurses", "month", "Tháng"] * 10  # mostly columns the fast road reads
    headers = ["unit", "year", *draw(st.lists(st.sampled_from(known + HEADERS), min_size=1, max_size=5, unique=True))]
    separator = draw(st.sampled_from([",", ";", "\t"]))
    rows = draw(st.lists(st.tuples(*(cell(h) for h in headers)).map(list), max_size=6))
    if rows and draw(st.integers(0, 5)) == 0:  # a row of another length
        rows[-1] = rows[-1][: draw(st.integers(0, len(headers) + 1))] + [""] * draw(st.integers(0, 1))
    ending = draw(st.sampled_from(["\n", "\n\n", "", "\r\n", "\n" + separator * (len(headers) - 1) + "\n"]))
    return separator.join(headers) + "\n" + "\n".join(separator.join(row) for row in rows) + ending


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=files(), bom=st.booleans(), parts=st.booleans())
def test_the_fast_road_reads_as_the_general_road_or_steps_aside(text, bom, parts):
    # parts: the file cut into up to three parts of a few rows, read side by side in batches of a few rows
    sizes = (64, 16, 3) if parts else (fast_csv.BLOCK_BYTES, fast_csv.PART_BYTES, fast_csv.CORES)
    small = mock.patch.multiple(fast_csv, BLOCK_BYTES=sizes[0], PART_BYTES=sizes[1], CORES=sizes[2])
    with tempfile.TemporaryDirectory() as folder, small:
        path = Path(folder) / "counts.csv"
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
        fast = fast_wide_block(path, path.name, path.name, NAMES)
        if fast is not None:
            general = general_road(path)
            assert general is not None
            assert_same(fast, general)


def read(tmp_path: Path, text: str) -> tuple[Block, list[Finding]] | None:
    path = tmp_path / "counts.csv"
    path.write_text(text, encoding="utf-8")
    return fast_wide_block(path, path.name, path.name, NAMES)


def test_a_clean_file_is_read_by_the_fast_road(tmp_path):
    # Line 3 has no number (a unit listed without data): left out; line 4 has a doctors cell only.
    fast = read(tmp_path, "unit,year,month,population,doctors\n21010,2024,1,1200,3\n21013,2024,,,\n21013,2024,,,4\n")
    assert fast is not None
    block, findings = fast
    assert findings == []
    assert block.keys["unit"].astype(object).tolist() == ["21010", "21013"]
    assert block.keys["year"].tolist() == [2024, 2024]
    assert block.keys["month"].tolist() == [1, 0]  # no month: the whole year
    assert block.values["population"].tolist()[0] == 1200 and np.isnan(block.values["population"].iloc[1])
    assert block.values["doctors"].tolist() == [3, 4]
    assert block.rows.tolist() == [2, 4]
    assert general_road(tmp_path / "counts.csv") is not None


@pytest.mark.parametrize(
    "text",
    [
        "unit,year,doctors\n21010,2024,1.5\n",  # not a whole number: the number rule decides
        "unit,year,doctors\n21010,2024,1000000000000001\n",  # beyond ±10^15: the general road names the cell
        "unit,year,doctors\n21010,2024,-1000000000000001\n",
        "unit,year,doctors\n21010,2024,3\n,2024,4\n",  # a data row without its unit
        "unit,year,doctors\n21010,2024,3\nTổng,,\n",  # words in the unit column: a footer
        "unit,year,doctors\n21010,1899,3\n",  # a year out of range
        "unit,year,month,doctors\n21010,2024,13,3\n",  # month 13
        "unit,year,doctors\n21010,,3\n",  # no year
        "unit,year,doctors\n21010,2024,3\x01\n",  # a control character
        "unit,year,doctors\n21010,2024,１２\n",  # fullwidth digits, which the general road makes 0-9
        'unit,year,doctors\n21010,2024,"3"\n',  # quotes
        "unit,year,doctors\r\n21010,2024,3\r\n",  # carriage returns
    ],
)
def test_an_odd_cell_sends_the_file_to_the_general_road(tmp_path, text):
    assert read(tmp_path, text) is None


def many_rows(empty_lines: bool) -> str:
    """3,000 rows: population empty on every 7th (record i has 3·i people, i mod 11 doctors), an empty line
    after record 0, 500, 1000… when asked."""
    rows = []
    for i in range(3000):
        rows.append(f"{21000 + i % 97},{2020 + i % 5},{i % 12 + 1},{'' if i % 7 == 0 else 3 * i},{i % 11}")
        rows += [""] if empty_lines and i % 500 == 0 else []
    return "unit,year,month,population,doctors\n" + "\n".join(rows) + "\n"


@pytest.mark.parametrize("empty_lines", [False, True])
def test_a_file_read_in_parts_and_batches_is_read_as_in_one(tmp_path, monkeypatch, empty_lines):
    path = tmp_path / "counts.csv"
    path.write_text(many_rows(empty_lines), encoding="utf-8")
    monkeypatch.setattr(fast_csv, "BLOCK_BYTES", 4096)  # about 200 rows a batch
    monkeypatch.setattr(fast_csv, "PART_BYTES", 8192)
    monkeypatch.setattr(fast_csv, "CORES", 3)  # three parts, on three threads
    fast = fast_wide_block(path, path.name, path.name, NAMES)
    assert fast is not None
    block = fast[0]
    assert len(block.rows) == 3000
    population = block.values["population"].tolist()
    assert np.isnan(population[7]) and population[8] == 24 and population[2999] == 8997
    assert block.values["doctors"].tolist()[2999] == 2999 % 11
    assert block.keys["year"].tolist()[2999] == 2024 and block.keys["month"].tolist()[2999] == 12
    skipped = [0, 1, 1, 2, 2, 6] if empty_lines else [0] * 6  # empty lines above each record below
    assert block.rows[[0, 1, 500, 501, 1000, 2999]].tolist() == [
        r + 2 + s for r, s in zip([0, 1, 500, 501, 1000, 2999], skipped, strict=True)
    ]
    general = general_road(path)
    assert general is not None
    assert_same(fast, general)


@st.composite
def clean_files(draw: st.DrawFn) -> str:
    """Files the fast road must take: a plain header, codes, years and months in range, whole numbers."""
    months = ["month"] if draw(st.booleans()) else []
    variables = draw(
        st.lists(st.sampled_from(["population", "doctors", "nurses"]), min_size=1, max_size=3, unique=True)
    )
    headers = ["unit", "year", *months, *variables]
    column = {"unit": CLEAN["unit"][:-1], "year": CLEAN["year"], "month": CLEAN["month"]}
    rows = draw(st.lists(st.tuples(*(st.sampled_from(column.get(h, CLEAN["number"])) for h in headers)), min_size=1,
                         max_size=8))  # fmt: skip
    return ",".join(headers) + "\n" + "".join(",".join(row) + "\n" for row in rows)


@settings(max_examples=150, deadline=None)
@given(text=clean_files(), parts=st.booleans())
def test_a_clean_file_is_taken_by_the_fast_road_and_read_as_the_general_road(tmp_path_factory, text, parts):
    """The property above on files the fast road may not step aside from, so that every example compares."""
    sizes = (64, 16, 3) if parts else (fast_csv.BLOCK_BYTES, fast_csv.PART_BYTES, fast_csv.CORES)  # as above
    path = tmp_path_factory.mktemp("clean") / "counts.csv"
    path.write_text(text, encoding="utf-8")
    with mock.patch.multiple(fast_csv, BLOCK_BYTES=sizes[0], PART_BYTES=sizes[1], CORES=sizes[2]):
        fast = fast_wide_block(path, path.name, path.name, NAMES)
    general = general_road(path)
    assert fast is not None and general is not None
    assert_same(fast, general)


def test_a_number_out_of_range_beside_an_empty_cell_sends_the_file_to_the_general_road(tmp_path):
    assert read(tmp_path, "unit,year,doctors,nurses\n21010,2024,,1000000000000001\n") is None


def test_a_bom_starting_a_part_is_not_dropped(tmp_path, monkeypatch):
    """pyarrow drops a BOM at the start of its input: no part may start at a line that begins with one, or
    the unit cell would lose it and the fast road take a file the general road refuses."""
    monkeypatch.setattr(fast_csv, "PART_BYTES", 32)
    monkeypatch.setattr(fast_csv, "CORES", 2)
    lines = ["unit,year,doctors", *[f"2101{i},2024,{i}" for i in range(8)]]
    plain = ("\n".join(lines) + "\n").encode()
    starts = [len(b"".join(line.encode() + b"\n" for line in lines[:at])) for at in range(len(lines))]
    cut = fast_csv._cuts(plain)[1]
    assert cut in starts[1:]  # without a BOM the file is cut at the start of a data line
    lines[starts.index(cut)] = "\ufeff" + lines[starts.index(cut)]
    data = ("\n".join(lines) + "\n").encode()
    assert all(not data.startswith(b"\xef\xbb\xbf", at) for at in fast_csv._cuts(data))  # moved past the BOM
    assert read(tmp_path, data.decode()) is None  # a unit cell with a BOM: the general road's


@settings(max_examples=60, deadline=None)
@given(lengths=st.lists(st.integers(0, 3 * MAX_LINE_BYTES // 2), min_size=1, max_size=12), end=st.booleans())
def test_long_lines_are_found_as_by_measuring_every_line(lengths, end):
    data = b"\n".join(b"x" * n for n in lengths) + (b"\n" if end else b"")
    assert fast_csv._no_long_line(data, "counts.csv") == (max(lengths) <= MAX_LINE_BYTES)


@given(
    st.lists(st.sampled_from(["21010,2024,5", "", ",,", "x"]), min_size=1, max_size=60),
    st.booleans(),
    st.integers(1, 4),
)
def test_the_arrays_are_sized_by_the_records_not_by_the_empty_lines(lines, newline_at_end, cores):
    """Each part's count is of the lines pyarrow makes records of: every line but the empty ones, counted by
    hand here; a file of empty lines would otherwise ask for arrays as long as all its lines."""
    data = ("unit,year,doctors\n" + "\n".join(lines) + ("\n" if newline_at_end else "")).encode()
    with mock.patch.object(fast_csv, "PART_BYTES", 8), mock.patch.object(fast_csv, "CORES", cores):
        cuts = fast_csv._cuts(data)
    body = data.split(b"\n")[1:]
    if data.endswith(b"\n"):
        body = body[:-1]
    counted = fast_csv._lines(data, cuts)
    assert sum(counted.records) == sum(1 for line in body if line)
    assert counted.blank == (b"\n\n" in data)


def test_a_record_among_many_empty_lines_keeps_its_line(tmp_path):
    """Hundreds of thousands of empty lines around a record: the line the fast road gives it is still its own."""
    fast = read(tmp_path, "unit,year,doctors\n" + "\n" * 150_000 + "21010,2024,7\n" + "\n" * 150_000)
    assert fast is not None
    block = fast[0]
    assert block.rows.tolist() == [150_002] and block.values["doctors"].tolist() == [7.0]
