"""The one rule for reading numbers: Vietnamese or plain, decided per file from evidence, never guessed."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ytcs.data.numbers import (
    Cell,
    Evidence,
    classify,
    decide_format,
    detect_format,
    parse_numbers,
    read_text_numbers,
)
from ytcs.diagnostics import InputError


def read_cells(
    cells: list[str], separator: str | None = ",", option: str = "auto", column: str = "population"
) -> list[float]:
    """One column of a file (rows 2, 3, …) read by the rule; NaN for missing."""
    rows = np.arange(2, len(cells) + 2)
    parsed = read_text_numbers({column: pd.Series(cells)}, rows, file="a.csv", separator=separator, option=option)
    return parsed[column].tolist()


def error_of(cells: dict[str, list[str]], separator: str | None = ",", option: str = "auto") -> str:
    n = len(next(iter(cells.values())))
    with pytest.raises(InputError) as caught:
        read_text_numbers(
            {name: pd.Series(texts) for name, texts in cells.items()},
            np.arange(2, n + 2),
            file="a.csv",
            separator=separator,
            option=option,
        )
    message = str(caught.value)
    assert "\n" not in message
    return message


# --- kinds of cells ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("12", "neutral"),
        ("2024", "neutral"),
        ("0", "neutral"),
        ("-5", "neutral"),
        ("1 248 643", "neutral"),
        ("1.248.643", "vi"),
        ("8,25", "vi"),
        ("1.248,5", "vi"),
        ("0,5", "vi"),
        ("7920.25", "en"),
        ("1,248,643", "en"),
        ("1,248.5", "en"),
        ("0.500", "en"),
        ("12.000", "ambiguous"),
        ("1,248", "ambiguous"),
        ("", "missing"),
        ("  ", "missing"),
        ("-", "missing"),
        ("–", "missing"),
        ("abc", "invalid"),
        ("12a", "invalid"),
        ("1.2.3,4.5", "invalid"),
        ("95%", "invalid"),
    ],
)
def test_classify(text, kind):
    assert classify(pd.Series([text])).iloc[0] == kind


def test_parse_numbers_each_convention():
    texts = pd.Series(["8,25", "1.248.643", "1.248,5", "12.000", "-5", "-", "", "7920.25", "12"])
    vi = parse_numbers(texts, "vi").tolist()
    en = parse_numbers(texts, "en").tolist()
    assert vi[:5] == [8.25, 1248643.0, 1248.5, 12000.0, -5.0]
    assert all(math.isnan(v) for v in vi[5:8])
    assert vi[8] == 12
    assert en[3] == 12.0 and en[7] == 7920.25 and math.isnan(en[0]) and math.isnan(en[1])
    assert parse_numbers(texts, "vi").dtype == "float64"


# --- the decision per file -------------------------------------------------------------------------------


def test_semicolon_file_reads_thousands():
    assert read_cells(["12.000", "1.500", "7"], separator=";") == [12000, 1500, 7]


def test_comma_file_with_only_ambiguous_cells_asks_for_the_option():
    message = error_of({"population": ["12.000", "4.260"]})
    assert "a.csv:2:population" in message and "'12.000'" in message
    assert "--number-format vi" in message and "--number-format en" in message


def test_option_decides_an_ambiguous_file():
    assert read_cells(["12.000"], option="vi") == [12000]
    assert read_cells(["12.000"], option="en") == [12.0]


def test_vietnamese_evidence_decides_the_other_cells():
    assert read_cells(["12.000", "1.248.643", "8,25"]) == [12000, 1248643, 8.25]


def test_plain_evidence_decides_the_other_cells():
    assert read_cells(["12.000", "7920.25", "1,248"]) == [12.0, 7920.25, 1248]


def test_evidence_spans_columns():
    parsed = read_text_numbers(
        {"population": pd.Series(["1.248.643"]), "hospital_beds": pd.Series(["12.000"])},
        [2],
        file="a.csv",
        separator=",",
    )
    assert parsed["hospital_beds"].tolist() == [12000]


def test_mixed_formats_name_both_cells():
    message = error_of({"population": ["1.188.000", "4260"], "medical_waste_generated_kg": ["", "7920.25"]})
    assert "a.csv:2:population" in message and "'1.188.000'" in message
    assert "a.csv:3:medical_waste_generated_kg" in message and "'7920.25'" in message
    assert "mixed" in message


def test_semicolon_with_a_plain_only_value_is_a_conflict():
    message = error_of({"x": ["12.000", "7920.25"]}, separator=";")
    assert "a.csv:3:x" in message and "'7920.25'" in message and "';'" in message


def test_option_wins_over_the_separator():
    assert read_cells(["7920.25", "12.000"], separator=";", option="en") == [7920.25, 12.0]


def test_a_cell_contradicting_the_option_is_an_error():
    message = error_of({"x": ["12", "8,25"]}, option="en")
    assert "a.csv:3:x" in message and "'8,25'" in message and "--number-format en" in message


def test_cells_that_read_the_same_need_no_decision():
    assert read_cells(["12", "2024", "0", "", "-"])[:3] == [12, 2024, 0]
    assert decide_format(Evidence(), file="a.csv", separator=",") is None


def test_detect_format():
    def detect(cells: list[str], separator: str = ",") -> str | None:
        return detect_format({"x": pd.Series(cells)}, range(2, len(cells) + 2), file="a.csv", separator=separator)

    assert detect(["12", "2024"]) is None
    assert detect(["12", "2024"], separator=";") == "vi"
    assert detect(["12.000", "8,25"]) == "vi"
    assert detect(["12.000", "8.25"]) == "en"
    with pytest.raises(InputError, match="--number-format"):
        detect(["12.000"])


def test_not_a_number_names_the_cell():
    message = error_of({"doctors": ["3", "12a"]})
    assert "a.csv:3:doctors" in message and "'12a'" in message and "not a number" in message


def test_negative_numbers_parse_and_a_lone_dash_is_missing():
    values = read_cells(["-5", "-", "−3"])
    assert values[0] == -5 and math.isnan(values[1]) and values[2] == -3


def test_space_grouping_reads_the_same_either_way():
    assert read_cells(["1 248 643", "12\u00a0000"]) == [1248643, 12000]


def test_decide_format_reports_the_earlier_cell_first():
    evidence = Evidence(vi=Cell("a.csv", 9, "x", "8,25"), en=Cell("a.csv", 4, "y", "7920.25"))
    with pytest.raises(InputError, match=r"^a\.csv:4:y: '7920\.25'.*a\.csv:9:x '8,25'"):
        decide_format(evidence, file="a.csv")


# --- properties ----------------------------------------------------------------------------------


def vietnamese(value: float, decimals: int) -> str:
    """1234567.891 → '1.234.567,89' (2 decimals): the way Vietnamese offices print numbers."""
    return f"{value:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")


@given(st.floats(min_value=0, max_value=1e12, allow_nan=False), st.integers(min_value=0, max_value=4))
def test_vietnamese_grouping_round_trips(value, decimals):
    text = vietnamese(value, decimals)
    assert parse_numbers(pd.Series([text]), "vi").iloc[0] == float(f"{value:.{decimals}f}")


@given(st.floats(min_value=0, max_value=1e12, allow_nan=False), st.integers(min_value=0, max_value=4))
def test_plain_grouping_round_trips(value, decimals):
    text = f"{value:,.{decimals}f}"
    assert parse_numbers(pd.Series([text]), "en").iloc[0] == float(f"{value:.{decimals}f}")


@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=20))
def test_whole_numbers_read_alike_in_any_file(numbers):
    cells = [str(n) for n in numbers]
    assert read_cells(cells) == [float(n) for n in numbers]
    assert read_cells(cells, separator=";") == [float(n) for n in numbers]
