"""Charts as inline SVG drawn with matplotlib (Agg, no pyplot): an indicator's trend and a caterpillar ranking.

Text stays text (`svg.fonttype: none`) in DejaVu Sans, which covers Vietnamese and ships with matplotlib;
the page asks browsers for the same font. Each SVG is made safe to inline many times in one page: no XML
prolog, no namespaces pointing to the web, ids prefixed so that two charts never share one.
"""

from __future__ import annotations

import functools
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from ytcs.report.phrases import phrase
from ytcs.report.text import display_number
from ytcs.vocab import Status

FONT = "DejaVu Sans"
INK = "#222222"
MUTED = "#777777"
PATH_COLOUR = "#4d4d4d"  # the required path: dark grey dash-dots, so that no status colour reads as the plan's path
PATH_STYLE: Final = "-."
RC: dict[Any, Any] = {
    "svg.fonttype": "none",
    "font.family": [FONT],
    "font.size": 8.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#999999",
    "axes.labelcolor": INK,
    "xtick.color": "#555555",
    "ytick.color": "#555555",
}


@dataclass(frozen=True)
class Point:
    year: int
    value: float
    low: float = math.nan
    high: float = math.nan


@dataclass(frozen=True)
class TargetMark:
    """One target of the charted unit, with what the judgement found for it."""

    year: int
    value: float
    label: str
    comparator: str
    kind: str = "level"
    from_year: int | None = None
    upper: float | None = None
    tolerance: float | None = None
    base_year: int | None = None
    base_value: float | None = None
    projected: float | None = None
    required_change: float | None = None
    change_unit: str | None = None
    status: str = ""


@dataclass
class Trend:
    unit_name: str
    measure: str
    decimals: int
    computed: list[Point] = field(default_factory=list)
    published: list[Point] = field(default_factory=list)
    targets: list[TargetMark] = field(default_factory=list)
    data_year: int | None = None
    latest: float | None = None
    bounded: bool = False


@dataclass(frozen=True)
class Rank:
    name: str
    value: float
    low: float = math.nan
    high: float = math.nan
    status: str | None = None
    target: float | None = None
    highlight: bool = False


@dataclass
class Ranking:
    ranks: list[Rank]
    measure: str
    decimals: int
    higher_is_better: bool = True
    target_line: float | None = None
    target_label: str = ""


def _figure(width: float, height: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=96)
    FigureCanvasAgg(figure)
    return figure


def _styled(draw: Callable[..., Any]) -> Callable[..., str]:
    """Draw and save inside the charts' rc settings (fonts are fixed when a text is created)."""

    @functools.wraps(draw)
    def wrapper(*args: Any, **kwargs: Any) -> str:
        import matplotlib

        with matplotlib.rc_context(RC):
            return draw(*args, **kwargs)

    return wrapper


def to_svg(figure: Any, prefix: str) -> str:
    """The figure as an SVG element for inlining: no prolog, metadata or web namespaces; ids prefixed."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": prefix}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.DOTALL)
    svg = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg)
    svg = re.sub(r'\s(width|height)="[0-9.]+pt"', "", svg, count=2)
    svg = re.sub(r'\bid="', f'id="{prefix}-', svg)
    svg = re.sub(r'href="#', f'href="#{prefix}-', svg)
    svg = svg.replace("url(#", f"url(#{prefix}-")
    return svg.replace("<svg", '<svg class="chart" role="img"', 1).strip()


def _number_axis(axis: Any, decimals: int, style: str) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(nbins=6))
    axis.set_major_formatter(FuncFormatter(lambda value, _: display_number(value, min(decimals, 2), style)))


def _year_axis(axis: Any) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True, nbins=8))
    axis.set_major_formatter(FuncFormatter(lambda value, _: f"{round(value)}"))


def _status_edge(status: str | None) -> str:
    """A line colour for a status: its fill, darkened where the fill is too pale to see on white."""
    if not status or status not in Status._value2member_map_:
        return MUTED
    pale = {Status.ACCELERATE: "#b8860b", Status.ON_TRACK: "#2c7fb8", Status.LIMITED: "#e66101"}
    return pale.get(Status(status), Status(status).fill)


@_styled
def trend_svg(trend: Trend, prefix: str, lang: str, confidence: float = 0.95) -> str:
    """History (computed with interval whiskers, published), base, targets, the required path, the projection."""
    style = "en" if lang == "en" else "vi"
    figure = _figure(6.6, 3.1)
    axes = figure.subplots()
    _draw_history(axes, trend, lang, confidence)
    for target in trend.targets:
        _draw_target(axes, trend, target, style)
    _year_axis(axes.xaxis)
    _number_axis(axes.yaxis, trend.decimals, style)
    axes.set_ylabel(trend.measure)
    axes.grid(axis="y", color="#e5e5e5", linewidth=0.6)
    if trend.bounded:
        low, high = axes.get_ylim()
        axes.set_ylim(max(low, 0), min(high, 100.5))
    _legend(axes, trend, lang, confidence)
    return to_svg(figure, prefix)


def _draw_history(axes: Any, trend: Trend, lang: str, confidence: float) -> None:
    if trend.published:
        years = [p.year for p in trend.published]
        axes.plot(years, [p.value for p in trend.published], color=MUTED, linestyle=":", linewidth=1, marker="o",
                  markerfacecolor="white", markersize=4, label=phrase("published", lang), zorder=3)  # fmt: skip
    if trend.computed:
        years = [p.year for p in trend.computed]
        values = [p.value for p in trend.computed]
        axes.plot(years, values, color=INK, linewidth=1.6, marker="o", markersize=4, label=phrase("computed", lang),
                  zorder=4)  # fmt: skip
        low = [p.value - p.low if p.low == p.low else 0 for p in trend.computed]
        high = [p.high - p.value if p.high == p.high else 0 for p in trend.computed]
        if any(low) or any(high):
            level = display_number(confidence * 100, None, "en" if lang == "en" else "vi")
            axes.errorbar(years, values, yerr=[low, high], fmt="none", ecolor=INK, elinewidth=0.9, capsize=3,
                          label=phrase("interval", lang, level=level), zorder=4)  # fmt: skip


def _draw_target(axes: Any, trend: Trend, target: TargetMark, style: str) -> None:
    colour = _status_edge(target.status)
    if target.kind == "level":
        if target.from_year is not None and target.from_year < target.year:
            axes.hlines(target.value, target.from_year, target.year, colors=INK, linewidth=2.2, zorder=5)
        low, high = _band(target)
        if high > low:
            axes.vlines(target.year, low, high, colors=INK, linewidth=3, zorder=5)
        axes.plot([target.year], [target.value], marker="*", markersize=11, color=INK, linestyle="none", zorder=6,
                  label="_target")  # fmt: skip
        axes.annotate(target.label, (target.year, target.value), textcoords="offset points", xytext=(6, 4),
                      fontsize=7.5, color=INK)  # fmt: skip
    if target.base_year is not None and target.base_value is not None:
        axes.plot([target.base_year], [target.base_value], marker="D", markersize=5, color=PATH_COLOUR,
                  linestyle="none", zorder=5, label="_base")  # fmt: skip
        end = _required_end(target)
        if end is not None:
            axes.plot([target.base_year, target.year], [target.base_value, end], color=PATH_COLOUR,
                      linestyle=PATH_STYLE, linewidth=1, zorder=2, label="_required")  # fmt: skip
    if target.projected is not None and trend.data_year is not None and trend.latest is not None:
        axes.plot([trend.data_year, target.year], [trend.latest, target.projected], color=colour, linestyle=(0, (4, 2)),
                  linewidth=1.4, zorder=3, label="_projected")  # fmt: skip
        axes.plot([target.year], [target.projected], marker="o", markersize=5, markerfacecolor="white",
                  markeredgecolor=colour, linestyle="none", zorder=6)  # fmt: skip


def _band(target: TargetMark) -> tuple[float, float]:
    if target.comparator == "~" and target.tolerance:
        return target.value - target.tolerance, target.value + target.tolerance
    if target.comparator == "between" and target.upper is not None:
        return target.value, target.upper
    return target.value, target.value


def _required_end(target: TargetMark) -> float | None:
    """Where the straight path the plan requires ends in the target year."""
    if target.kind == "level":
        return target.value
    if target.base_value is None or target.base_year is None or target.required_change is None:
        return None
    years = target.year - target.base_year
    if target.change_unit == "percent":
        return target.base_value * (1 + target.required_change / 100) ** years
    return target.base_value + target.required_change * years


def _legend(axes: Any, trend: Trend, lang: str, confidence: float) -> None:
    from matplotlib.lines import Line2D

    handles, labels = axes.get_legend_handles_labels()
    extra = []
    if any(t.kind == "level" for t in trend.targets):
        extra.append((Line2D([], [], marker="*", color=INK, linestyle="none", markersize=9), phrase("target", lang)))
    if any(t.base_year is not None for t in trend.targets):
        extra.append((Line2D([], [], marker="D", color=PATH_COLOUR, linestyle=PATH_STYLE, markersize=4),
                      f"{phrase('base', lang)} → {phrase('required', lang).lower()}"))  # fmt: skip
    if any(t.projected is not None for t in trend.targets):
        extra.append((Line2D([], [], color=MUTED, linestyle=(0, (4, 2)), marker="o", markerfacecolor="white",
                             markersize=4), phrase("projected", lang)))  # fmt: skip
    handles += [handle for handle, _ in extra]
    labels += [label for _, label in extra]
    if handles:
        axes.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, frameon=False,
                    fontsize=7.5)  # fmt: skip


@_styled
def caterpillar_svg(ranking: Ranking, prefix: str, lang: str) -> str:
    """Units best first, each a dot (coloured by status) with its interval, the target, and the numbers."""
    style = "en" if lang == "en" else "vi"
    sign = -1 if ranking.higher_is_better else 1
    ranks = sorted(ranking.ranks, key=lambda r: (math.isnan(r.value), sign * r.value))
    height = 0.6 + 0.22 * len(ranks)
    figure = _figure(6.6, height)
    axes = figure.subplots()
    positions = list(range(len(ranks)))[::-1]
    for y, rank in zip(positions, ranks, strict=True):
        _draw_rank(axes, y, rank)
    _fit_x(axes, ranks, ranking.target_line)
    if ranking.target_line is not None:
        axes.axvline(ranking.target_line, color=INK, linestyle="--", linewidth=1)
        label = ranking.target_label or display_number(ranking.target_line, None, style)
        axes.annotate(f"{phrase('target', lang)}: {label}",
                      (ranking.target_line, 1.0), xycoords=("data", "axes fraction"), xytext=(0, 3),
                      textcoords="offset points", ha="center", va="bottom", fontsize=7.5, color=INK)  # fmt: skip
    if any(rank.target is not None for rank in ranks):
        axes.annotate(f"| = {phrase('target', lang).lower()}", (0.0, 1.0), xycoords="axes fraction", xytext=(0, 3),
                      textcoords="offset points", va="bottom", fontsize=7.5, color=INK)  # fmt: skip
    axes.set_yticks(positions, [rank.name for rank in ranks])
    for label, rank in zip(axes.get_yticklabels(), ranks, strict=True):
        label.set_fontweight("bold" if rank.highlight else "normal")
    axes.set_ylim(-0.7, len(ranks) - 0.3)
    _number_axis(axes.xaxis, ranking.decimals, style)
    axes.set_xlabel(ranking.measure)
    axes.grid(axis="x", color="#eeeeee", linewidth=0.6)
    for y, rank in zip(positions, ranks, strict=True):
        axes.annotate(_rank_text(rank, ranking.decimals, style), (1.0, y), xycoords=("axes fraction", "data"),
                      xytext=(8, 0), textcoords="offset points", va="center", fontsize=7.5, color=INK)  # fmt: skip
    return to_svg(figure, prefix)


def _fit_x(axes: Any, ranks: list[Rank], line: float | None) -> None:
    """Every dot, interval and target in view, with a little room either side."""
    values = [v for r in ranks for v in (r.value, r.low, r.high, r.target) if v is not None and v == v]
    if line is not None:
        values.append(line)
    if not values:
        return
    low, high = min(values), max(values)
    room = (high - low) * 0.05 or abs(high) * 0.05 or 1
    axes.set_xlim(low - room, high + room)


def _draw_rank(axes: Any, y: int, rank: Rank) -> None:
    if math.isnan(rank.value):
        return
    if rank.low == rank.low and rank.high == rank.high:
        axes.hlines(y, rank.low, rank.high, colors="#555555", linewidth=1.2, zorder=2)
    fill = Status(rank.status).fill if rank.status is not None and rank.status in Status._value2member_map_ else "#fff"
    axes.plot([rank.value], [y], marker="o", markersize=6.5, markerfacecolor=fill, markeredgecolor=INK,
              markeredgewidth=0.8, linestyle="none", zorder=3)  # fmt: skip
    if rank.target is not None:
        axes.plot([rank.target], [y], marker="|", markersize=10, color=INK, markeredgewidth=1.6, zorder=4)


def _rank_text(rank: Rank, decimals: int, style: str) -> str:
    if math.isnan(rank.value):
        return "–"
    text = display_number(rank.value, decimals, style)
    if rank.low == rank.low and rank.high == rank.high:
        text += f" [{display_number(rank.low, decimals, style)}–{display_number(rank.high, decimals, style)}]"
    return text
