"""The click layer: parse options, call one library function, render, return an exit code.

Domain errors (`YtcsError`) become one line on stderr and exit status 2; never a traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

# The CLI loads no third-party pydantic plugins: discovering them costs ~40 ms of the start-up
# that `ytcs validate` pays in every CI job.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import click

from ytcs.errors import YtcsError
from ytcs.plans import DEFAULT_PLANS_DIR


class YtcsGroup(click.Group):
    """Turns a user's mistake into a one-line message and exit 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except YtcsError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except OSError as exc:
            click.echo(f"Error: {exc.filename or ''}: {exc.strerror or exc}", err=True)
            ctx.exit(2)


plans_option = click.option(
    "--plans", "plans_dir", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_PLANS_DIR,
    show_default=True, help="Folder where plan ids are looked up.",
)


def emit(text: str, output: Path | None = None) -> None:
    """Print, or write the file atomically."""
    if output is None:
        click.echo(text, nl=False)
        return
    from ytcs.output import write_text_atomic

    write_text_atomic(output, text)
    click.echo(f"wrote {output}", err=True)


@click.group(cls=YtcsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ytcs")
def cli() -> None:
    """ytcs — turn Vietnamese health plans into numbers that can be checked."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def validate(paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """Check plan and catalog files (default: plans/). Exit 1 on any error."""
    from ytcs.render import ISSUE_RENDERERS
    from ytcs.validate import validate_paths

    report = validate_paths(list(paths) or [DEFAULT_PLANS_DIR])
    click.echo(ISSUE_RENDERERS[fmt](report.issues, report.summary()), nl=False)
    sys.exit(report.exit_code(strict=strict))


@cli.command("plans")
@plans_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_plans(plans_dir: Path, fmt: str) -> None:
    """List the plans: id, title, jurisdiction, number of targets."""
    from ytcs.listing import plan_records
    from ytcs.plans import load_plan_set
    from ytcs.render import render_table, to_json

    records = plan_records(load_plan_set([plans_dir]))
    if fmt == "json":
        emit(to_json(records))
        return
    columns = [("id", "Kế hoạch (id)"), ("title", "Tên"), ("jurisdiction", "Địa bàn"), ("period", "Giai đoạn"),
               ("targets", "Chỉ tiêu"), ("objectives", "Mục tiêu định tính")]
    emit(render_table(records, columns, title=f"{len(records)} kế hoạch"))


@cli.command("indicators")
@plans_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_indicators(plans_dir: Path, fmt: str) -> None:
    """List the indicator catalog with formula, unit, polarity and citation."""
    from ytcs.listing import indicator_records
    from ytcs.plans import load_plan_set
    from ytcs.render import render_table, to_json

    records = indicator_records(load_plan_set([plans_dir]))
    if fmt == "json":
        emit(to_json(records))
        return
    columns = [("id", "id"), ("name_vi", "Chỉ số"), ("unit", "Đơn vị"), ("formula", "Công thức"),
               ("polarity", "Chiều"), ("ci", "KTC"), ("definition", "Định nghĩa")]
    emit(render_table(records, columns, title=f"{len(records)} chỉ số"))


@cli.command("targets")
@click.argument("plan_refs", nargs=-1, metavar="[PLAN]...")
@plans_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_targets(plan_refs: tuple[str, ...], plans_dir: Path, fmt: str) -> None:
    """List the quantified targets of the given plans (ids or files; default: all)."""
    from ytcs.listing import target_records
    from ytcs.plans import load_plan_ref, load_plan_set
    from ytcs.render import render_table, target_phrase, to_json

    if plan_refs:
        loaded = [load_plan_ref(ref, plans_dir) for ref in plan_refs]
        plan_set, plans = loaded[0][0], [plan for _, plan in loaded]
    else:
        plan_set = load_plan_set([plans_dir])
        plans = sorted(plan_set.plans, key=lambda p: p.id)
    records = target_records(plan_set, plans)
    if fmt == "json":
        emit(to_json(records))
        return
    out = []
    for plan in plans:
        rows = [r for r in records if r["plan"] == plan.id]
        if not rows:
            out.append(f"{plan.id}: no quantified targets ({len(plan.objectives)} qualitative objectives, "
                       "not measurable)\n")
            continue
        shown = [{**r, "target": target_phrase(r["kind"], r["comparator"], r["value"], r["upper"], r["tolerance"],
                                               r["change_unit"], r["from_year"], r["year"])} for r in rows]
        columns = [("indicator_name", "Chỉ tiêu"), ("target", "Mục tiêu"), ("unit", "Đơn vị"), ("scope", "Phạm vi"),
                   ("section", "Mục")]
        out.append(render_table(shown, columns, title=f"{plan.id}: {len(rows)} chỉ tiêu"))
    emit("".join(out))


@cli.command("schema")
@click.option("-o", "--output", "folder", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder to write plan.schema.json and catalog.schema.json into (default: print the plan one).")
def schema_command(folder: Path | None) -> None:
    """Write the JSON Schemas of plan and catalog files."""
    from ytcs.schema import json_schemas, schema_text, write_schemas

    if folder is None:
        click.echo(schema_text(json_schemas()["plan.schema.json"]), nl=False)
        return
    for path in write_schemas(folder):
        click.echo(f"wrote {path}", err=True)


data_option = click.option(
    "--data", "data_dir", type=click.Path(path_type=Path, file_okay=False), required=True,
    help="Data folder: units.csv and count files (*.csv, *.xlsx).",
)
number_format_option = click.option(
    "--number-format", type=click.Choice(["auto", "vi", "en"]), default="auto", show_default=True,
    help="How to read numbers in text cells: vi = '1.248.643' and '8,25'; en = '1,248,643' and '8.25'; "
    "auto decides per file from evidence and refuses to guess.",
)
output_option = click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
                             help="Write to this file (atomically) instead of printing.")


def report_findings(findings: list, limit: int = 20) -> None:
    """Data-check findings go to stderr, so stdout stays clean for JSON and CSV."""
    if not findings:
        return
    click.echo(f"{len(findings)} data finding{'s' if len(findings) != 1 else ''}:", err=True)
    for finding in findings[:limit]:
        click.echo(f"  {finding.format()}", err=True)
    if len(findings) > limit:
        click.echo(f"  … and {len(findings) - limit} more", err=True)


@cli.command()
@click.argument("plan_ref", metavar="PLAN")
@data_option
@plans_option
@click.option("--year", type=int, default=None, help="Year to show (default: the latest in the data).")
@click.option("--level", type=click.Choice(["province", "district", "commune"]), default=None)
@click.option("--unit", "unit_code", default=None, help="Only this unit (GSO code) and the units below it.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "xlsx"]), default="table",
              show_default=True)
@output_option
@number_format_option
@click.option("--confidence", type=click.FloatRange(0.5, 0.9999), default=0.95, show_default=True,
              help="Confidence level of the intervals (e.g. 0.998).")
@click.option("--require-complete", is_flag=True, help="Leave a value missing unless every unit below reported.")
@click.option("--strict", is_flag=True, help="Fail (exit 1, no output) when the data checks find anything.")
def compute(plan_ref: str, data_dir: Path, plans_dir: Path, year: int | None, level: str | None,
            unit_code: str | None, fmt: str, output: Path | None, number_format: str, confidence: float,
            require_complete: bool, strict: bool) -> None:
    """Compute every indicator of PLAN (a plan id or file) from the counts in --data."""
    from ytcs.compute import ComputeOptions
    from ytcs.pipeline import compute_plan, select_rows
    from ytcs.plans import load_plan_ref
    from ytcs.render import render_compute

    plan_set, plan = load_plan_ref(plan_ref, plans_dir)
    result = compute_plan(plan_set, plan, data_dir, number_format=number_format,  # type: ignore[arg-type]
                          options=ComputeOptions(confidence, require_complete))
    report_findings(result.findings)
    if strict and result.findings:
        sys.exit(1)
    rows = select_rows(result.results, result.data.units, year=year, level=level, unit=unit_code)
    decimals = {i.id: i.decimals for i in result.indicators.values()}
    render_compute(rows, fmt, output, decimals=decimals, style="en" if number_format == "en" else "vi",
                   confidence=confidence)


@cli.command()
@click.argument("plan_ref", metavar="PLAN")
@plans_option
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="A .csv or .xlsx file to write (default: CSV on stdout).")
def template(plan_ref: str, plans_dir: Path, output: Path | None) -> None:
    """Write an empty count file with exactly the variables PLAN needs, labelled in Vietnamese."""
    from ytcs.pipeline import needed_variables, plan_indicators
    from ytcs.plans import load_plan_ref
    from ytcs.template import template_csv, write_template_xlsx

    plan_set, plan = load_plan_ref(plan_ref, plans_dir)
    variables = plan_set.variables(plan)
    names = needed_variables(plan_indicators(plan_set, plan).values())
    chosen = [variables[name] for name in names]
    if output is not None and output.suffix.lower() == ".xlsx":
        from ytcs.output import write_atomic

        write_atomic(output, lambda tmp: write_template_xlsx(tmp, chosen))
        click.echo(f"wrote {output}", err=True)
        return
    emit(template_csv(chosen), output)


@cli.command()
@click.argument("plan_ref", metavar="PLAN")
@data_option
@plans_option
@click.option("--year", type=int, default=None, help="Data year to judge (default: the latest in the data).")
@click.option("--target-year", type=int, default=None, help="Only targets for this year.")
@click.option("--level", type=click.Choice(["province", "district", "commune"]), default=None,
              help="Judge every unit of this level (default: the plan's area and the level below it).")
@click.option("--unit", "unit_code", default=None, help="Judge this unit (GSO code) only.")
@click.option("--all", "show_all", is_flag=True, help="List every target, not only those behind.")
@click.option("--fail-on", type=click.Choice(["behind", "missed", "never"]), default="never", show_default=True,
              help="Exit 1 when any target is behind (or missed), for scheduled jobs.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "xlsx", "md"]), default="table",
              show_default=True)
@output_option
@number_format_option
@click.option("--confidence", type=click.FloatRange(0.5, 0.9999), default=0.95, show_default=True)
def gap(plan_ref: str, data_dir: Path, plans_dir: Path, year: int | None, target_year: int | None,
        level: str | None, unit_code: str | None, show_all: bool, fail_on: str, fmt: str, output: Path | None,
        number_format: str, confidence: float) -> None:
    """Which targets of PLAN are behind: gap, significance, and whether the trend gets there."""
    from ytcs.compute import ComputeOptions
    from ytcs.gap import MISSED, behind_only, is_behind, order_by_severity, summarise
    from ytcs.pipeline import gap_plan
    from ytcs.plans import load_plan_ref
    from ytcs.render import render_gap

    plan_set, plan = load_plan_ref(plan_ref, plans_dir)
    result = gap_plan(plan_set, plan, data_dir, year=year, target_year=target_year, level=level, unit=unit_code,
                      number_format=number_format, options=ComputeOptions(confidence))  # type: ignore[arg-type]
    report_findings(result.compute.findings)
    rows = order_by_severity(result.rows)
    shown = rows if show_all or not plan.targets else behind_only(rows)
    summary = summarise(rows).text()
    if not plan.targets:
        summary = f"{plan.id}: kế hoạch không có chỉ tiêu định lượng / no quantified targets\n" + summary
    decimals = {i.id: i.decimals for i in result.compute.indicators.values()}
    title = f"{plan.title} — số liệu năm {result.year}" if result.year else plan.title
    render_gap(shown, fmt, output, summary=summary, decimals=decimals,
               style="en" if number_format == "en" else "vi", color=sys.stdout.isatty(), title=title,
               confidence=confidence)
    if (fail_on == "behind" and is_behind(rows).any()) or (fail_on == "missed" and (rows["status"] == MISSED).any()):
        sys.exit(1)


def main() -> None:
    cli(prog_name="ytcs")
