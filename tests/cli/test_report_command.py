"""`ytcs report` from the command line, and what the other commands must not pay for it."""

from __future__ import annotations

import subprocess
import sys

from tests.support.cli import QN, QN_DATA, invoke
from tests.support.paths import DATA_BAD, PLANS, REPO
from ytcs.report.progress import progress, stage_text


def test_report_prints_with_dash_and_writes_with_a_path(tmp_path):
    printed = invoke(["report", "quang-ngai-2023-kh193", "--data", QN_DATA, "-o", "-"]).stdout
    assert printed.startswith("<!DOCTYPE html>") and printed.rstrip().endswith("</html>")
    target = tmp_path / "r.html"
    result = invoke(["report", "quang-ngai-2023-kh193", "--data", QN_DATA, "-o", str(target)])
    assert target.exists() and f"wrote {target}" in result.stderr


def test_report_on_unusable_data_is_exit_2_and_writes_nothing(tmp_path):
    target = tmp_path / "r.html"
    result = invoke(["report", QN, "--data", str(DATA_BAD / "not-a-number"), "-o", str(target)], expect_exit=2)
    assert "Traceback" not in result.output and not target.exists()


def test_unknown_plan_is_a_usage_error(tmp_path):
    result = invoke(["report", "no-such-plan", "--data", QN_DATA, "-o", str(tmp_path / "r.html")], expect_exit=2)
    assert "quang-ngai-2024-ct37" in result.output  # the known ids are listed


def test_validate_imports_no_charting_templating_or_frames():
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from ytcs.cli import cli\n"
        f"result = CliRunner().invoke(cli, ['validate', {str(PLANS)!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        "heavy = sorted(name for name in ('matplotlib', 'jinja2', 'pandas', 'openpyxl') if name in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert done.stdout.strip() == ""


def test_no_progress_is_shown_when_stderr_is_not_a_terminal(capsys):
    with progress(False) as announce:
        announce("read")
    with progress(True, delay=60) as announce:  # a quick run: ends before the spinner would appear
        announce("compute")
    assert capsys.readouterr().err == ""


def test_progress_names_the_stage_in_the_reports_language():
    assert stage_text("chart 3/20") == "Vẽ biểu đồ 3/20…"
    assert stage_text("read", "en") == "Reading the data…"


def test_gap_and_report_run_quietly_through_the_cli(cli_once):
    result = cli_once(["gap", QN, "--data", QN_DATA, "--format", "json"])
    assert "⠋" not in result.stderr and "Đọc số liệu" not in result.stderr  # no spinner outside a terminal
