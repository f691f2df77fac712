"""The click layer: parse options, call one library function, render, return an exit code.

Domain errors (`YtcsError`) become one line each on stderr and exit status 2; never a traceback.
Exit 1 is for findings a command was asked to fail on (`validate` errors, `--strict`, `gap --fail-on`).
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

# The CLI loads no third-party pydantic plugins: discovering them costs ~40 ms of the start-up
# that `ytcs validate` pays in every CI job.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
# Nor does it ask for transparent huge pages for numpy's arrays (numpy's default for arrays of 4 MB or more):
# a command fills each large array once and reads it a few times, so the fewer TLB misses never repay the
# faults. On a 2-core virtual machine, `compute` on the national file took 0.56 s of system time with them and
# 0.24 s without (medians of 12 runs), and its wall time swung by 0.4 s from run to run.
# Set by the program only, before numpy loads; a value the user exported wins.
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")

import click

from ytcs.cli_options import (
    confidence_option,
    data_option,
    decimal_option,
    excel_option,
    format_option,
    lang_option,
    level_option,
    number_format_option,
    output_option,
    plans_option,
    year_option,
)
from ytcs.cli_output import echo_paged, report_findings, report_map, report_year_choice
from ytcs.diagnostics import DataErrors, YtcsError
from ytcs.plans.folders import DEFAULT_PLANS_DIR

if TYPE_CHECKING:  # imported for real where a command uses them: --help and --version load neither pandas nor pydantic
    from ytcs.data.number_formats import NumberFormats
    from ytcs.plans.load import PlanSet

# Whether `main` (the `ytcs` program) turned the garbage collector off while the modules load.
_COLLECTOR_HELD = False


def _imports_done() -> None:
    """Called by every command once it has imported what it uses. What the imports made (~85,000 objects for
    a command that reads data: modules, classes, pandas' and pydantic's tables) lives until the process ends,
    so it is frozen out of the collector, whose full passes would otherwise walk it all again (25-50 ms each,
    three or four per run); then the collector is back on for the work. Nothing changes for a library caller."""
    global _COLLECTOR_HELD
    if _COLLECTOR_HELD:
        gc.freeze()
        gc.enable()
        _COLLECTOR_HELD = False


class YtcsGroup(click.Group):
    """Turns a user's mistake into one-line messages and exit 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DataErrors as exc:
            for error in exc.errors:
                click.echo(f"Error: {error}", err=True)
            ctx.exit(exc.exit_code)
        except YtcsError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except OSError as exc:
            place = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"Error: {place}{exc.strerror or exc}", err=True)
            ctx.exit(2)


def guard_output(output: Path | None, plans_dir: Path, plan_set: PlanSet, data_dir: Path | None = None) -> None:
    """Refuse, before any work, an output that is a file the command reads: a plan or catalog file (those
    loaded, and the plan files a plan id is looked up in), or any file of the data folder (the same file, or
    a hard or symbolic link to it)."""
    from ytcs.plans.load import is_yaml
    from ytcs.report.output import input_files, refuse_inputs

    if output is not None:
        plans = [path for path in input_files(folders=[plans_dir]) if is_yaml(path)]
        loaded = [file.path for file in plan_set.files]
        refuse_inputs(output, input_files([*loaded, *plans], [data_dir] if data_dir is not None else []))


@click.group(cls=YtcsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ytcs")
def cli() -> None:
    """ytcs — turn Vietnamese health plans into numbers that can be checked."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@format_option("text", "json", "github")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def validate(paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """Check plan and catalog files (default: plans/). Exit 1 on any error."""
    from ytcs.plans.validate import validate_paths
    from ytcs.report.files import ISSUE_RENDERERS

    _imports_done()
    report = validate_paths(list(paths) or [DEFAULT_PLANS_DIR])
    click.echo(ISSUE_RENDERERS[fmt](report.issues, report.summary()), nl=False)
    sys.exit(report.exit_code(strict=strict))


@cli.command("plans")
@plans_option
@format_option("text", "json")
def list_plans(plans_dir: Path, fmt: str) -> None:
    """List the plans: id, title, jurisdiction, number of targets."""
    from ytcs.plans.load import load_plan_set
    from ytcs.report.listing import render_plans

    _imports_done()
    click.echo(render_plans(load_plan_set([plans_dir]), fmt), nl=False)


@cli.command("indicators")
@plans_option
@format_option("text", "json")
def list_indicators(plans_dir: Path, fmt: str) -> None:
    """List the indicator catalog with formula, unit, polarity and citation."""
    from ytcs.plans.load import load_plan_set
    from ytcs.report.listing import render_indicators

    _imports_done()
    click.echo(render_indicators(load_plan_set([plans_dir]), fmt), nl=False)


@cli.command("targets")
@click.argument("plan_refs", nargs=-1, metavar="[PLAN]...")
@plans_option
@format_option("text", "json")
def list_targets(plan_refs: tuple[str, ...], plans_dir: Path, fmt: str) -> None:
    """List the quantified targets of the given plans (ids or files; default: all)."""
    from ytcs.plans.load import load_plan_set
    from ytcs.plans.resolve import load_plan_ref
    from ytcs.report.listing import render_targets

    _imports_done()
    if plan_refs:
        loaded = [load_plan_ref(ref, plans_dir) for ref in plan_refs]
        plan_set, plans = loaded[0][0], [plan for _, plan in loaded]
    else:
        plan_set = load_plan_set([plans_dir])
        plans = sorted(plan_set.plans, key=lambda p: p.id)
    click.echo(render_targets(plan_set, plans, fmt), nl=False)


@cli.command("schema")
@click.option(
    "-o",
    "--output",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder to write plan.schema.json and catalog.schema.json into (default: print the plan one).",
)
def schema_command(folder: Path | None) -> None:
    """Write the JSON Schemas of plan and catalog files."""
    from ytcs.plans.schema import json_schemas, schema_text
    from ytcs.report.output import write_text

    _imports_done()
    schemas = json_schemas()
    if folder is None:
        click.echo(schema_text(schemas["plan.schema.json"]), nl=False)
        return
    folder.mkdir(parents=True, exist_ok=True)
    for name, schema in schemas.items():
        click.echo(f"wrote {write_text(folder / name, schema_text(schema))}", err=True)


@cli.command()
@click.argument("plan_ref", metavar="PLAN")
@data_option
@plans_option
@year_option("Year to show")
@level_option
@click.option("--unit", "unit_code", default=None,
              help="Only this unit and the units below it: a GSO code or a name ('Huyện Ba Tơ', 'Ba Tơ').")  # fmt: skip
@format_option("table", "csv", "json", "xlsx", default="table")
@output_option
@number_format_option
@decimal_option
@lang_option
@excel_option
@confidence_option("Confidence level of the intervals (e.g. 0.998).")
@click.option("--require-complete", is_flag=True, help="Leave a value missing unless every unit below reported.")
@click.option("--strict", is_flag=True, help="Fail (exit 1, no output) when the data checks find anything.")
def compute(plan_ref: str, data_dir: Path, plans_dir: Path, year: int | None, level: str | None,
            unit_code: str | None, fmt: str, output: Path | None, number_format: NumberFormats, decimal_comma: bool,
            lang: str, excel: bool, confidence: float, require_complete: bool, strict: bool) -> None:  # fmt: skip
    """Compute every indicator of PLAN (a plan id or file) from the counts in --data."""
    from ytcs.engine.compute import ComputeOptions
    from ytcs.pipeline import compute_plan, select_rows
    from ytcs.plans.resolve import load_plan_ref
    from ytcs.report.progress import progress
    from ytcs.report.render import Presentation, render_compute

    _imports_done()
    plan_set, plan = load_plan_ref(plan_ref, plans_dir)
    guard_output(output, plans_dir, plan_set, data_dir)
    options = ComputeOptions(confidence, require_complete)
    with progress(sys.stderr.isatty(), lang) as on_stage:
        result = compute_plan(plan_set, plan, data_dir, number_format=number_format, options=options,
                              on_stage=on_stage, year=year, whole_history=False)  # fmt: skip
    report_findings(result.findings)
    report_map(result.map_note())
    if strict and result.findings:
        sys.exit(1)
    report_year_choice(result.year_choice.text())
    rows = select_rows(result.results, result.data.units, year=year if year is not None else result.shown_year,
                       level=level, unit=unit_code, hierarchy=result.data.hierarchy)  # fmt: skip
    how = Presentation(result.decimals, "vi" if decimal_comma else "en", confidence, lang, result.names(lang))
    render_compute(rows, fmt, output, how, excel=excel)


@cli.command()
@click.argument("plan_ref", metavar="PLAN")
@plans_option
@click.option("--data", "data_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Data folder whose units.csv lists the units: the plan's area and every unit under it "
              "(default: the plan's area alone).")  # fmt: skip
@click.option("--year", type=int, default=None, help="Year of the rows (default: last year, the current year − 1).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="A .csv or .xlsx file to write (default: CSV on stdout).")  # fmt: skip
def template(plan_ref: str, plans_dir: Path, data_dir: Path | None, year: int | None, output: Path | None) -> None:
    """Write a count file to fill in: a row per unit for a year, a column per variable PLAN needs, in Vietnamese."""
    from ytcs.data.template import default_year, plan_units, template_csv, write_template_xlsx
    from ytcs.pipeline import needed_variables, plan_indicators
    from ytcs.plans.resolve import load_plan_ref
    from ytcs.report.output import deliver

    _imports_done()
    plan_set, plan = load_plan_ref(plan_ref, plans_dir)
    guard_output(output, plans_dir, plan_set, data_dir)
    variables = plan_set.variables(plan)
    chosen = [variables[name] for name in needed_variables(plan_indicators(plan_set, plan).values())]
    year = year if year is not None else default_year()
    units = plan_units(plan, data_dir, year)
    if output is not None and output.suffix.lower() == ".xlsx":
        deliver(output, writer=lambda path: write_template_xlsx(path, chosen, units, year))
    else:
        deliver(output, text=template_csv(chosen, units, year))


@cli.command()
@click.argument("plan_ref", metavar="PLAN")
@data_option
@plans_option
@year_option("Data year to judge")
@click.option("--target-year", type=int, default=None, help="Only targets for this year.")
@click.option("--level", type=click.Choice(["province", "district", "commune"]), default=None,
              help="Judge every unit of this level (default: the plan's area and the level below it).")  # fmt: skip
@click.option("--unit", "unit_code", default=None,
              help="Judge this unit only: a GSO code or a name ('Huyện Ba Tơ', 'Ba Tơ').")  # fmt: skip
@click.option("--all", "show_all", is_flag=True, help="List every target, not only those behind (--detail and files).")
@click.option("--detail", is_flag=True, help="The table lists every unit and target (default: the plan's area, then "
              "a units × targets matrix).")  # fmt: skip
@click.option("--fail-on", type=click.Choice(["behind", "missed", "never"]), default="never", show_default=True,
              help="Exit 1 when any target is behind (or missed), for scheduled jobs.")  # fmt: skip
@format_option("table", "csv", "json", "xlsx", "md", default="table")
@output_option
@number_format_option
@decimal_option
@lang_option
@excel_option
@confidence_option()
@click.option("--require-complete", is_flag=True, help="Judge a value only when every unit below reported it.")
def gap(plan_ref: str, data_dir: Path, plans_dir: Path, year: int | None, target_year: int | None,
        level: str | None, unit_code: str | None, show_all: bool, detail: bool, fail_on: str, fmt: str,
        output: Path | None, number_format: NumberFormats, decimal_comma: bool, lang: str, excel: bool,
        confidence: float, require_complete: bool) -> None:  # fmt: skip
    """Which targets of PLAN are behind: gap, significance, and whether the trend gets there."""
    from ytcs.engine.compute import ComputeOptions
    from ytcs.pipeline import gap_plan
    from ytcs.plans.resolve import load_plan_ref
    from ytcs.report.progress import progress
    from ytcs.report.render import Presentation, render_gap

    _imports_done()
    plan_set, plan = load_plan_ref(plan_ref, plans_dir)
    guard_output(output, plans_dir, plan_set, data_dir)
    options = ComputeOptions(confidence, require_complete)
    with progress(sys.stderr.isatty(), lang) as on_stage:
        result = gap_plan(plan_set, plan, data_dir, year=year, target_year=target_year, level=level, unit=unit_code,
                          number_format=number_format, options=options, on_stage=on_stage)  # fmt: skip
    report_findings(result.compute.findings)
    report_map(result.compute.map_note())
    report_year_choice(result.compute.year_choice.text())
    how = Presentation(result.compute.decimals, "vi" if decimal_comma else "en", confidence, lang,
                       result.compute.names(lang))  # fmt: skip
    render_gap(result.shown(show_all), fmt, output, how, plan=plan, every_row=result.rows,
               summary=result.summary_text(), title=result.title(), color=sys.stdout.isatty(), detail=detail,
               excel=excel, pager=echo_paged if sys.stdout.isatty() else None)  # fmt: skip
    if result.fails(fail_on):
        sys.exit(1)


@cli.command()
@click.argument("plan_ref", metavar="PLAN")
@data_option
@plans_option
@year_option("Data year to judge")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=Path("report.html"),
              show_default=True, help="The HTML file to write (atomically); '-' prints it.")  # fmt: skip
@lang_option
@number_format_option
@confidence_option()
def report(plan_ref: str, data_dir: Path, plans_dir: Path, year: int | None, output: Path, lang: str,
           number_format: NumberFormats, confidence: float) -> None:  # fmt: skip
    """Write one self-contained HTML report of PLAN: headline, scorecard, a panel per indicator, caveats, methods."""
    from ytcs.engine.compute import ComputeOptions
    from ytcs.pipeline import report_plan
    from ytcs.plans.resolve import load_plan_ref
    from ytcs.report.html import render_html
    from ytcs.report.output import deliver
    from ytcs.report.progress import progress

    _imports_done()
    plan_set, plan = load_plan_ref(plan_ref, plans_dir)
    target = None if str(output) == "-" else output
    guard_output(target, plans_dir, plan_set, data_dir)
    with progress(sys.stderr.isatty(), lang) as on_stage:  # the spinner is gone before anything is printed
        data = report_plan(plan_set, plan, data_dir, year=year, number_format=number_format,
                           options=ComputeOptions(confidence), on_stage=on_stage)  # fmt: skip
        page = render_html(data, lang, on_stage)
    report_findings(data.findings)
    report_year_choice("\n".join(data.year_note or ()))
    deliver(target, text=page)


def main() -> None:
    """The `ytcs` program. The garbage collector is off while the modules load (they make few cycles, and
    a collection then walks every object made so far) until the command says its imports are done."""
    global _COLLECTOR_HELD
    if gc.isenabled():
        gc.disable()
        _COLLECTOR_HELD = True
    cli(prog_name="ytcs")
