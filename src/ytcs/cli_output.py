"""What the CLI prints besides a command's output: data findings, why a year was chosen, long text paged.

Findings and the year note go to stderr, so stdout stays clean for JSON and CSV; only the CLI imports this
module (it is click's side of the library, kept apart so that cli.py stays a list of thin commands).
"""

from __future__ import annotations

import shutil

import click

from ytcs.diagnostics import Finding


def echo_paged(text: str) -> None:
    """Text for a terminal: through the pager (less -R) when it is longer than the screen."""
    if text.count("\n") >= shutil.get_terminal_size().lines:
        click.echo_via_pager(text)
    else:
        click.echo(text, nl=False)


def report_findings(findings: list[Finding], limit: int = 20) -> None:
    """Data-check findings go to stderr, so stdout stays clean for JSON and CSV."""
    if not findings:
        return
    click.echo(f"{len(findings)} data finding{'s' if len(findings) != 1 else ''}:", err=True)
    for finding in findings[:limit]:
        click.echo(f"  {finding.format()}", err=True)
    if len(findings) > limit:
        click.echo(f"  … and {len(findings) - limit} more", err=True)


def report_year_choice(note: str) -> None:
    """Why the year shown is not the latest in the data (Vietnamese, then English), on stderr like findings."""
    if note:
        click.echo(note, err=True)


def report_map(note: tuple[str, str] | None) -> None:
    """Which map of units the numbers are on (when units.csv has versions), Vietnamese then English, on
    stderr like findings."""
    if note:
        click.echo("\n".join(note), err=True)
