"""One table of labels: every status, significance, flag, level, kind and column has Vietnamese and English
words beside its value, the README lists them all, and outputs use them."""

from __future__ import annotations

import pytest

from tests.support.cli import QN, QN_DATA, invoke
from tests.support.paths import REPO
from ytcs.engine.compute import RESULT_COLUMNS
from ytcs.engine.gap import GAP_COLUMNS
from ytcs.vocab import COLUMN_LABELS, DISPLAY_LABELS, KIND_LABELS, Flag, Level, Significance, Status

ENUM_LABELS = [
    *((status.label_vi, status.label_en) for status in Status),
    *((s.label_vi, s.label_en) for s in Significance if s is not Significance.NONE),
    *((flag.label("vi"), flag.label("en")) for flag in Flag),
    *((level.label_vi, level.label_en) for level in Level),
    *KIND_LABELS.values(),
]


def test_every_value_has_both_labels_and_no_two_share_one():
    for group in (Status, Flag, Level):
        for lang in ("vi", "en"):
            labels = [member.label(lang) for member in group]
            assert all(labels) and len(set(labels)) == len(labels), (group, lang)


def test_getting_worse_is_xau_di():
    assert Status.DETERIORATION.label_vi == "xấu đi"
    assert Status.DETERIORATION.label_en == "getting worse"
    assert "đi xuống" not in {label for pair in ENUM_LABELS for label in pair}


def test_every_output_column_has_labels():
    assert set(GAP_COLUMNS) | set(RESULT_COLUMNS) <= set(COLUMN_LABELS)
    assert all(vi and en for vi, en in [*COLUMN_LABELS.values(), *DISPLAY_LABELS.values()])


@pytest.mark.parametrize("labels", [*ENUM_LABELS, *COLUMN_LABELS.values(), *DISPLAY_LABELS.values()], ids=str)
def test_the_readme_lists_every_label(labels):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    vietnamese, english = labels
    assert f"| {vietnamese} |" in readme and f"| {english} |" in readme


def test_lang_en_in_the_terminal():
    output = invoke(["gap", QN, "--data", QN_DATA, "--lang", "en"], env={"COLUMNS": "160"}).stdout
    assert "getting worse" in output and "The plan's area" in output and "xấu đi" not in output
