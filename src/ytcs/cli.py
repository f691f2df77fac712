"""The click layer: parse options, call one library function, render, return an exit code.

Domain errors (`YtcsError`) become one line on stderr and exit status 2; never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

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
    from ytcs.render import render_table, to_json

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
        columns = [("indicator_name", "Chỉ tiêu"), ("year", "Năm"), ("comparator", "So sánh"),
                   ("value", "Giá trị"), ("unit", "Đơn vị"), ("scope", "Phạm vi"), ("section", "Mục")]
        out.append(render_table(rows, columns, title=f"{plan.id}: {len(rows)} chỉ tiêu"))
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


def main() -> None:
    cli(prog_name="ytcs")
