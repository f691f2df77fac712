"""Random bytes, random cells and random workbook shapes fed to the reader (issue 10): whatever comes in,
the library returns or raises InputError or UsageError, and the command line exits 0 or 2 without a
traceback and without leaving a temporary file beside its output."""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from tests.support.cli import QN
from tests.support.paths import CATALOG, PLANS
from ytcs.cli import cli
from ytcs.data.csv_table import read_csv_table
from ytcs.data.folder import read_data_folder
from ytcs.data.xlsx_table import read_xlsx_tables
from ytcs.diagnostics import InputError, UsageError
from ytcs.plans import load_plan_set

UNITS = "code,name,level,parent\n12,Tỉnh,province,\n106,Huyện,district,12\n03390,Xã A,commune,106\n"
VARIABLES = load_plan_set([CATALOG]).variables()

# Characters that broke readers: digits of other scripts, separators, invisible and control characters.
ALPHABET = "0123456789.,;-−+ \t\"'\n\r\x00\x01\x1a\u200b\ufeff\xa0１２．٣²𝟏eEinfaINFNAéẫĐ#=%"
cells = st.text(alphabet=ALPHABET, max_size=12)
workbook_values = st.one_of(
    st.none(),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=False, allow_infinity=False),
    cells,
    st.sampled_from(["=A1*2", "=SUM(C2:C9)", "#N/A", "#DIV/0!", "2024", "population", "unit", "year"]),
)
number_formats = st.sampled_from(["General", "0", "0.0%", "0%;0", "dd/mm/yyyy", '0.0"%"', "[h]:mm", "#,##0"])


def _refused_or_read(read: object) -> None:
    with contextlib.suppress(InputError, UsageError):
        read()  # type: ignore[operator]


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000), as_text=st.booleans())
def test_random_bytes(data, as_text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("counts.csv" if as_text else "counts.xlsx")
        path.write_bytes(data)
        reader = read_csv_table if as_text else read_xlsx_tables
        _refused_or_read(lambda: reader(path, path.name, path.name))


def _valid_workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["unit", "year", "population"])
    book.active.append(["03390", 2024, 8240])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


VALID_WORKBOOK = _valid_workbook()


@given(changes=st.lists(st.tuples(st.integers(0, len(VALID_WORKBOOK) - 1), st.integers(0, 255)), max_size=8))
def test_damaged_workbooks(changes):
    data = bytearray(VALID_WORKBOOK)
    for position, byte in changes:
        data[position] = byte
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "counts.xlsx"
        path.write_bytes(bytes(data))
        _refused_or_read(lambda: read_xlsx_tables(path, path.name, path.name))


rows = st.lists(st.lists(cells, min_size=0, max_size=5), max_size=6)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(header=st.sampled_from(["unit,year,population", "unit;year;doctors;population", "unit\tyear\tpopulation"]),
       body=rows)  # fmt: skip
def test_random_cells_in_a_csv_folder(header, body):
    separator = "," if "," in header else (";" if ";" in header else "\t")
    text = header + "\n" + "\n".join(separator.join(row) for row in body) + "\n"
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "units.csv").write_text(UNITS, encoding="utf-8")
        (Path(folder) / "counts.csv").write_text(text, encoding="utf-8", errors="surrogatepass")
        _refused_or_read(lambda: read_data_folder(Path(folder), VARIABLES))


positions = st.tuples(st.one_of(st.integers(1, 12), st.just(1_048_576)), st.one_of(st.integers(1, 6), st.just(16_384)))
sheets = st.lists(
    st.tuples(
        st.booleans(),  # hidden
        st.booleans(),  # a proper header on row 1
        st.lists(st.tuples(positions, workbook_values, number_formats), max_size=12),
    ),
    min_size=1,
    max_size=3,
)


def _workbook(shape: list) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for index, (hidden, header, cells_at) in enumerate(shape):
        sheet = book.create_sheet(f"s{index}")
        if header:
            sheet.append(["unit", "year", "population", "doctors"])
        for (row, column), value, number_format in cells_at:
            cell = sheet.cell(row=row, column=column, value=value)
            cell.number_format = number_format
        if hidden and index:  # a workbook keeps one visible sheet
            sheet.sheet_state = "hidden"
    return book


def _save(shape: list, path: Path) -> bool:
    """Save a random workbook; False when openpyxl itself refuses it (control characters in a cell)."""
    try:
        _workbook(shape).save(path)
    except IllegalCharacterError:  # control characters: openpyxl will not write them
        return False
    return True


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(shape=sheets)
def test_random_workbook_shapes(shape):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "units.csv").write_text(UNITS, encoding="utf-8")
        if not _save(shape, Path(folder) / "counts.xlsx"):
            return
        _refused_or_read(lambda: read_xlsx_tables(Path(folder) / "counts.xlsx", "counts.xlsx", "counts.xlsx"))
        _refused_or_read(lambda: read_data_folder(Path(folder), VARIABLES))


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
@settings(max_examples=8, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(body=rows, shape=sheets)
def test_the_command_line_exits_0_or_2_and_leaves_no_temporary_file(fmt, body, shape):
    from click.testing import CliRunner

    with tempfile.TemporaryDirectory() as root:
        data, out = Path(root) / "data", Path(root) / "out"
        data.mkdir()
        out.mkdir()
        (data / "units.csv").write_text(UNITS, encoding="utf-8")
        text = "unit,year,population,doctors\n" + "\n".join(",".join(row) for row in body) + "\n"
        (data / "counts.csv").write_text(text, encoding="utf-8", errors="surrogatepass")
        _save(shape, data / "more.xlsx")
        target = out / f"result.{fmt}"
        args = ["compute", QN, "--plans", str(PLANS), "--data", str(data), "--format", fmt, "-o", str(target)]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code in (0, 2), (result.exit_code, result.output, result.exception)
        assert "Traceback" not in result.output
        assert [p.name for p in out.iterdir()] == ([target.name] if result.exit_code == 0 else [])
