"""The other commands: listings for scripts, the data template, and help that the README documents."""

from __future__ import annotations

from tests.support.cli import invoke, records
from tests.support.paths import REPO
from tests.support.tiny import tiny_data, tiny_plan
from ytcs.cli import cli

TARGET_KEYS = {"plan", "source", "indicator", "year", "comparator", "value", "unit", "scope", "quote"}


def test_listing_commands(cli_once):
    assert len(records(cli_once(["plans", "--format", "json"]).stdout)) == 5
    indicators = records(cli_once(["indicators", "--format", "json"]).stdout)
    doctors = next(i for i in indicators if i["id"] == "doctors_per_10k")
    assert doctors["formula"] == "(doctors) / (population) × 10000"
    assert "GSO" in doctors["definition"]
    targets = records(cli_once(["targets", "--format", "json"]).stdout)
    assert all(set(t) >= TARGET_KEYS for t in targets)
    assert all(t["quote"] for t in targets)


def test_template_round_trips_through_the_reader(tmp_path):
    plan = tiny_plan(tmp_path)
    text = invoke(["template", str(plan), "--year", "2024"]).output
    lines = text.splitlines()
    assert lines[0].split(",") == [
        "Mã đơn vị",
        "Tên đơn vị",
        "Năm",
        "Tháng",
        "Số trẻ em dưới 1 tuổi được tiêm chủng đầy đủ",
        "Số trẻ em dưới 1 tuổi",
        "Số trẻ dưới 1 tuổi tử vong",
        "Số trẻ đẻ sống",
    ]
    assert lines[1].split(",")[4:] == [
        "children_under1_fully_immunized",
        "children_under1",
        "infant_deaths",
        "live_births",
    ]
    assert lines[1].startswith("# unit,")
    assert lines[2:] == ["51,Tỉnh Quảng Ngãi,2024,,,,,"]  # without --data: the plan's area alone
    data = tiny_data(tmp_path, "\n".join(lines[:2]) + "\n21001,Phường Lê Hồng Phong,2024,,65,100,3,900\n")
    out = records(invoke(["compute", str(plan), "--data", str(data), "--level", "commune", "--format", "json"]).stdout)
    assert {r["indicator"]: r["value"] for r in out}["full_immunization_pct"] == 65.0


def test_every_command_has_help_and_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert command.help, name
        assert f"ytcs {name}" in readme, name
        invoke([name, "--help"])
