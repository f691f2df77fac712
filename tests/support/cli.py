"""The command line run in-process, as tests use it."""

from __future__ import annotations

import json

from click.testing import CliRunner, Result

from tests.support.bundled_2024 import bundled_2024
from tests.support.paths import DATA
from ytcs.cli import cli

QN = "quang-ngai-2024-ct37"
QN_DATA = str(DATA / "quang-ngai")
# The folder as it was before 2025, for tests whose premise is the bundled 2024 data.
QN_2024 = str(bundled_2024("quang-ngai"))


def invoke(args: list[str], expect_exit: int = 0, **kwargs) -> Result:
    """Run the CLI in-process and assert its exit status; never let an exception pass silently."""
    result = CliRunner().invoke(cli, args, catch_exceptions=True, **kwargs)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == expect_exit, (result.exit_code, result.output)
    return result


def records(output: str) -> list[dict]:
    """The rows of a `--format json` output."""
    return json.loads(output)
