"""The bundled Quảng Ngãi report, written once for the report tests, and the gap rows it must agree with."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import QN, QN_DATA, invoke, records


@pytest.fixture(scope="session")
def qn_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`ytcs report quang-ngai-2024-ct37 --data data/quang-ngai -o …/report.html`, run once."""
    path = tmp_path_factory.mktemp("report") / "report.html"
    invoke(["report", QN, "--data", QN_DATA, "-o", str(path)])
    return path


@pytest.fixture(scope="session")
def qn_gap_rows(cli_once) -> list[dict]:
    """Every target judged for the plan's area and its districts, as `ytcs gap --all --format json` gives them."""
    return records(cli_once(["gap", QN, "--data", QN_DATA, "--all", "--format", "json"]).stdout)
