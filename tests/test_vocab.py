"""One vocabulary: the spellings plan files use, levels, comparators, flags and statuses defined once."""

from __future__ import annotations

from typing import get_args

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
        "no-data", "incomplete", "zero-denominator", "above-100", "incomplete-suppressed", "reported", "negative",
        "carried", "apportioned",
    ]  # fmt: skip


def test_statuses_most_severe_first_and_behind():
    statuses = list(Status)
    assert (statuses[0], statuses[-1]) == (Status.MISSED, Status.NOT_MEASURABLE)
    behind = {status.value for status in Status if status.behind}
    assert behind == {"missed", "deterioration", "limited progress", "needs acceleration", "no data"}
    assert Significance.BEHIND.label_vi == "chậm có ý nghĩa thống kê"
