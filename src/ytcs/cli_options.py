"""The options the commands share: their click declarations and the checks their values get.

Kept apart from `ytcs.cli` (the commands) so each stays short; declaring them imports neither pandas nor
pydantic (`--number-format` is parsed by a callback that imports the reader's rule when it runs).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ytcs.plans.folders import DEFAULT_PLANS_DIR
from ytcs.vocab import LANGS

if TYPE_CHECKING:  # the option's value; imported for real only when a command reads data (pandas)
    from ytcs.data.number_formats import NumberFormats

F = TypeVar("F", bound=Callable[..., Any])


plans_option = click.option(
    "--plans",
    "plans_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_PLANS_DIR,
    show_default=True,
    help="Folder where plan ids are looked up.",
)
data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Data folder: units.csv and count files (*.csv, *.xlsx).",
)


def _number_formats(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> NumberFormats:
    """`--number-format` as the reader takes it (imported here: the option parses without pandas)."""
    from ytcs.data.number_formats import NumberFormats

    return NumberFormats.parse(values)


number_format_option = click.option(
    "--number-format",
    multiple=True,
    metavar="[FILE=]auto|vi|en",
    callback=_number_formats,
    help="How to read numbers in text cells: vi = '1.248.643' and '8,25'; en = '1,248,643' and '8.25'; "
    "auto (the default) decides per file from evidence and refuses to guess. FILE=vi (repeatable) is for that "
    "file only, e.g. --number-format communes.csv=vi.",
)
decimal_option = click.option(
    "--decimal-comma/--decimal-point",
    "decimal_comma",
    default=True,
    show_default=True,
    help="How output numbers look: '1.248.643' and '8,25' (Vietnamese) or '1,248,643' and '8.25'.",
)
output_option = click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write to this file (atomically) instead of printing.",
)
level_option = click.option("--level", type=click.Choice(["province", "district", "commune"]), default=None)
lang_option = click.option(
    "--lang",
    type=click.Choice(list(LANGS)),
    default="vi",
    show_default=True,
    help="Language of labels in tables, Markdown, XLSX and HTML (JSON and CSV keep the English ids).",
)
excel_option = click.option(
    "--excel", is_flag=True, help="CSV for an Excel set to Vietnamese: ';' between fields and a decimal comma."
)


def year_option(what: str) -> Callable[[F], F]:
    return click.option(
        "--year",
        type=int,
        default=None,
        help=f"{what} (default: the latest year in which the plan's area has the inputs for more than half of "
        "its targets; the output says when a later year is left out).",
    )


def format_option(*choices: str, default: str = "text") -> Callable[[F], F]:
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default, show_default=True)


def _finite(_: click.Context, parameter: click.Parameter, value: float) -> float:
    """FloatRange lets 'nan' through (every comparison with NaN is false): refuse it, and infinities."""
    if not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a number between 0.5 and 0.9999", param=parameter)
    return value


def confidence_option(help_text: str | None = None) -> Callable[[F], F]:
    return click.option(
        "--confidence",
        type=click.FloatRange(0.5, 0.9999),
        default=0.95,
        show_default=True,
        help=help_text,
        callback=_finite,
    )
