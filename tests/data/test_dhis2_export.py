"""Acceptance (issue 12): the bundled Quảng Ngãi 2024 counts, exported by the test into each DHIS2 form with
yearly, monthly and quarterly periods, compute exactly what the bundled files' 2024 rows compute."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from tests.support import dhis2_export as export
from tests.support.bundled_2024 import bundled_2024
from tests.support.cli import QN, invoke
from ytcs.pipeline import compute_plan
from ytcs.plans import PlanSet

SOURCE = bundled_2024("quang-ngai")  # the bundled folder as it was before 2025: its units, its 2024 counts


@pytest.fixture(scope="module")
def baseline(repo_plans: PlanSet, tmp_path_factory) -> pd.DataFrame:
    """What the bundled files' own 2024 rows compute."""
    folder = export.copy_2024(SOURCE, tmp_path_factory.mktemp("baseline") / "qn")
    return _results(repo_plans, folder)


@pytest.fixture(scope="module")
def counts() -> pd.DataFrame:
    return export.counts_2024(SOURCE)


def _results(plans: PlanSet, folder: Path) -> pd.DataFrame:
    results = compute_plan(plans, plans.plan(QN), folder).results
    return results.sort_values(["indicator", "unit", "year"]).reset_index(drop=True)


def _value_set_csv(folder: Path, counts: pd.DataFrame, variables: list[str]) -> None:
    """Data value set CSV: data elements by UID (mapping.csv), units by UID (units.csv's uid column)."""
    export.write_units_with_uids(SOURCE, folder)
    export.write_mapping(folder, variables)
    frame = export.with_combos(counts)
    elements = frame["variable"].map(lambda v: export.element_uid(v, variables))
    export.data_value_set(frame, elements, frame["unit"].map(export.unit_uid)).to_csv(
        folder / "datavalues.csv", index=False
    )


def _value_set_json(folder: Path, counts: pd.DataFrame, variables: list[str]) -> None:
    """Data value set JSON: data elements by variable id, units by GSO code."""
    export.shutil.copy(SOURCE / "units.csv", folder / "units.csv")
    frame = export.with_combos(counts)
    values = [
        {"dataElement": v, "period": p, "orgUnit": u, "categoryOptionCombo": c, "attributeOptionCombo": "x", "value": n}
        for v, p, u, c, n in frame[["variable", "period", "unit", "combo", "value"]].itertuples(index=False)
    ]
    export.write_json(folder / "datavalues.json", {"dataSet": "dsUid000001", "dataValues": values})


def _analytics_names(folder: Path, counts: pd.DataFrame, labels: dict[str, str], names: dict[str, str]) -> None:
    """Analytics CSV with display names: data elements by their Vietnamese label, units by name (with their
    hierarchy)."""
    export.shutil.copy(SOURCE / "units.csv", folder / "units.csv")
    pd.DataFrame(
        {
            "Data": counts["variable"].map(labels),
            "Period": counts["period"],
            "Organisation unit": counts["unit"].map(names),
            "Value": counts["value"],
            "Numerator": "",
            "Denominator": "",
            "Factor": "",
        }
    ).to_csv(folder / "analytics.csv", index=False)


def _analytics_uids(folder: Path, counts: pd.DataFrame, variables: list[str]) -> None:
    """Analytics CSV dx,pe,ou,value with UIDs throughout."""
    export.write_units_with_uids(SOURCE, folder)
    export.write_mapping(folder, variables)
    pd.DataFrame(
        {
            "dx": counts["variable"].map(lambda v: export.element_uid(v, variables)),
            "pe": counts["period"],
            "ou": counts["unit"].map(export.unit_uid),
            "value": counts["value"],
        }
    ).to_csv(folder / "analytics.csv", index=False)


def _analytics_json(folder: Path, counts: pd.DataFrame, labels: dict[str, str], names: dict[str, str]) -> None:
    """Analytics JSON with UIDs; neither mapping.csv nor a uid column: names come from metaData.items."""
    export.shutil.copy(SOURCE / "units.csv", folder / "units.csv")
    variables = sorted(labels)
    items = {export.element_uid(v, variables): {"name": labels[v]} for v in variables}
    items |= {export.unit_uid(code): {"name": name} for code, name in names.items()}
    rows = [
        [export.element_uid(v, variables), p, export.unit_uid(u), n]
        for v, p, u, n in counts[["variable", "period", "unit", "value"]].itertuples(index=False)
    ]
    headers = [
        {"name": "dx", "column": "Data"},
        {"name": "pe", "column": "Period"},
        {"name": "ou", "column": "Organisation unit"},
        {"name": "value", "column": "Value"},
    ]
    export.write_json(folder / "analytics.json", {"headers": headers, "metaData": {"items": items}, "rows": rows})


@pytest.mark.parametrize("periods", ["yearly", "monthly", "quarterly"])
@pytest.mark.parametrize(
    "form", ["value set csv", "value set json", "analytics csv names", "analytics csv uids", "analytics json"]
)
def test_every_dhis2_form_computes_what_the_bundled_files_compute(
    repo_plans, baseline, counts, tmp_path, form, periods
):
    variables_by_id = repo_plans.variables(repo_plans.plan(QN))
    dated = export.in_periods(counts, variables_by_id, periods)
    variables = sorted(dated["variable"].unique())
    labels = {v: variables_by_id[v].label_vi for v in variables}
    units = pd.read_csv(SOURCE / "units.csv", dtype=str)
    names = export.hierarchy_names(units)  # two communes are called Phường Nguyễn Nghiêm
    writers: dict[str, Callable[[], None]] = {
        "value set csv": lambda: _value_set_csv(tmp_path, dated, variables),
        "value set json": lambda: _value_set_json(tmp_path, dated, variables),
        "analytics csv names": lambda: _analytics_names(tmp_path, dated, labels, names),
        "analytics csv uids": lambda: _analytics_uids(tmp_path, dated, variables),
        "analytics json": lambda: _analytics_json(tmp_path, dated, labels, names),
    }
    writers[form]()
    assert len(baseline) > 100  # the comparison compares something: every indicator at every level
    pd.testing.assert_frame_equal(_results(repo_plans, tmp_path), baseline)


def test_the_command_line_prints_the_same_csv_for_an_export_as_for_the_bundled_files(repo_plans, counts, tmp_path):
    bundled = export.copy_2024(SOURCE, tmp_path / "bundled")
    exported = tmp_path / "dhis2"
    exported.mkdir()
    dated = export.in_periods(counts, repo_plans.variables(repo_plans.plan(QN)), "monthly")
    _analytics_uids(exported, dated, sorted(dated["variable"].unique()))
    args = ["compute", QN, "--year", "2024", "--format", "csv", "--data"]
    expected = invoke([*args, str(bundled)]).stdout
    assert expected.count("\n") > 100
    assert invoke([*args, str(exported)]).stdout == expected
