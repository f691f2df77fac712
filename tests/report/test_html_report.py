"""`ytcs report`: one self-contained HTML file whose headline agrees with the gap JSON, for every bundled plan."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.support.cli import QN_2024, QN_DATA, invoke
from tests.support.paths import BUNDLED_FOLDERS, DATA
from tests.support.report import HEADLINE_STATUSES, area_counts, external, references

TWO_MEGABYTES = 2 * 1024 * 1024


class _Headline(HTMLParser):
    """The counts the page shows: each `li` of #headline-counts carries data-status and data-count."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[str, int] = {}
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id") == "headline-counts":
            self._inside = True
        elif self._inside and tag == "li":
            self.counts[str(values["data-status"])] = int(str(values["data-count"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul":
            self._inside = False


def headline_counts(html: str) -> dict[str, int]:
    parser = _Headline()
    parser.feed(html)
    return parser.counts


def test_one_small_file_that_references_nothing_outside(qn_report: Path):
    html = qn_report.read_text(encoding="utf-8")
    assert qn_report.stat().st_size < TWO_MEGABYTES
    found = references(html)
    assert found, "the page has its contents links at least"
    assert [ref for ref in found if external(ref)] == []
    assert all(ref.startswith("#") for ref in found)  # in-page links and SVG references only
    assert not re.search(r"<(link|iframe|img|object|embed)\b", html)
    assert "@import" not in html


def test_headline_counts_are_the_gap_rows_of_the_plans_area(qn_report: Path, qn_gap_rows: list[dict]):
    shown = headline_counts(qn_report.read_text(encoding="utf-8"))
    expected = area_counts(qn_gap_rows, "51")
    assert sum(expected.values()) == 39  # the plan's 39 targets, each once
    assert set(shown) >= set(HEADLINE_STATUSES)
    assert {status: shown.get(status, 0) for status in expected} == dict(expected)
    assert sum(shown.values()) == 39


def test_the_page_is_in_vietnamese_with_every_section(qn_report: Path):
    html = qn_report.read_text(encoding="utf-8")
    assert '<html lang="vi">' in html
    for section in ("headline", "scorecard", "panels", "caveats", "methods"):
        assert f'id="{section}"' in html
    assert "xấu đi" in html and "đi xuống" not in html
    assert "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ" in html
    # one panel per indicator the targets use, each with a trend chart as inline SVG
    assert html.count('<article class="panel"') == 20
    assert html.count('<figure class="trend">') >= 20
    assert "<svg" in html and "<?xml" not in html and "DOCTYPE svg" not in html


def test_svg_ids_are_unique_in_the_page(qn_report: Path):
    ids = re.findall(r'\bid="([^"]+)"', qn_report.read_text(encoding="utf-8"))
    repeated = [name for name, count in Counter(ids).items() if count > 1]
    assert repeated == []


def test_chart_text_is_text_in_a_font_with_every_vietnamese_letter():
    """Charts keep their words as text; DejaVu Sans (shipped with matplotlib) has every glyph they use."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    path = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"), fallback_to_default=False)
    assert Path(path).name == "DejaVuSans.ttf"
    charmap = FT2Font(path).get_charmap()
    text = "Tỷ lệ tiêm chủng đầy đủ — Số bác sĩ/vạn dân, Tỷ suất chết trẻ em, ‰, Huyện Lý Sơn, Thị xã Đức Phổ"
    assert [char for char in text if ord(char) not in charmap] == []


def test_chart_svg_keeps_vietnamese_as_text():
    from ytcs.report.charts import Point, TargetMark, Trend, trend_svg

    trend = Trend("Tỉnh Quảng Ngãi", "%", 1, computed=[Point(2022, 92.3, 91.9, 92.7), Point(2024, 89.9, 89.4, 90.3)])
    trend.targets = [TargetMark(2025, 95, "> 95 (2025)", ">", base_year=2022, base_value=92.3, projected=88.7)]
    trend.data_year, trend.latest = 2024, 89.9
    svg = trend_svg(trend, "x", "vi")
    assert svg.startswith("<svg") and "http" not in svg
    assert "Tính từ số liệu" in svg and "Xu hướng dự báo" in svg  # legend words, as text
    assert "89,0" in svg or "90,0" in svg  # axis numbers with a decimal comma


OTHER_PLANS = [(plan, folder) for plan, folder in BUNDLED_FOLDERS.items() if plan != "quang-ngai-2024-ct37"]


@pytest.mark.parametrize(("plan", "folder"), [*OTHER_PLANS, ("quang-ngai-2023-kh193", "quang-ngai")])
def test_every_other_bundled_plan_has_a_report(tmp_path, plan, folder):
    """(Quảng Ngãi's report is the `qn_report` the other tests read.)"""
    target = tmp_path / f"{plan}.html"
    invoke(["report", plan, "--data", str(DATA / folder), "-o", str(target)])
    html = target.read_text(encoding="utf-8")
    assert target.stat().st_size < TWO_MEGABYTES
    assert [ref for ref in references(html) if external(ref)] == []
    assert html.rstrip().endswith("</html>")


def test_a_plan_without_targets_lists_its_objectives_as_not_measurable(tmp_path):
    target = tmp_path / "kh193.html"
    invoke(["report", "quang-ngai-2023-kh193", "--data", QN_DATA, "-o", str(target)])
    html = target.read_text(encoding="utf-8")
    assert 'id="no-targets"' in html
    objectives = re.search(r'<ol class="objectives">(.*?)</ol>', html, re.DOTALL)
    assert objectives is not None
    assert objectives.group(1).count("<li>") == 15 == objectives.group(1).count("không đo được")
    assert 'id="scorecard"' not in html


def test_english_report(tmp_path):
    target = tmp_path / "en.html"
    invoke(["report", "quang-ngai-2024-ct37", "--data", QN_2024, "-o", str(target), "--lang", "en"])
    html = target.read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert "getting worse" in html and "Children under 1 fully immunised" in html
    assert "89.9" in html  # a decimal point in English (immunisation 2024)


def test_the_same_data_give_the_same_charts():
    """No date, random id or salt from the run: a report can be compared with last month's by diff."""
    from ytcs.report.charts import Rank, Ranking, caterpillar_svg

    ranking = Ranking([Rank("Huyện A", 92.1, 91.0, 93.0, "on track"), Rank("Huyện B", 84.2, 82.3, 86.0, "missed")],
                      "%", 1, target_line=95, target_label="> 95 (2025)")  # fmt: skip
    assert caterpillar_svg(ranking, "r1", "vi") == caterpillar_svg(ranking, "r1", "vi")
    assert caterpillar_svg(ranking, "r1", "vi") != caterpillar_svg(ranking, "r2", "vi")  # ids differ per chart
