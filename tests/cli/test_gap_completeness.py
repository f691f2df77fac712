"""A rate summed from an incomplete lower level says so in gap, as it does in compute (issue 10).

Hospital beds are reported for the district (its health centre) and population for its communes: with
one commune's population missing, the district's beds per 10,000 divide all its beds by the population of
the communes that did report. Worked out here from the bundled files themselves.
"""

from __future__ import annotations

import csv
import json
import shutil

from tests.support.cli import invoke
from tests.support.paths import DATA, PLANS

DISTRICT, MISSING_COMMUNE, YEAR = "522", "21010", "2024"


def _folder_without_one_population(tmp_path):
    folder = tmp_path / "quang-ngai"
    shutil.copytree(DATA / "quang-ngai", folder)
    path = folder / "communes.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["unit"] == MISSING_COMMUNE and row["year"] == YEAR:
            row["population"] = ""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return folder, rows


def _by_hand(folder, rows):
    with (folder / "units.csv").open(encoding="utf-8") as handle:
        communes = {u["code"] for u in csv.DictReader(handle) if u["parent"] == DISTRICT}
    population = sum(int(r["population"]) for r in rows if r["unit"] in communes and r["year"] == YEAR
                     and r["population"])  # fmt: skip
    with (folder / "hospitals.csv").open(encoding="utf-8") as handle:
        beds = sum(int(h["hospital_beds"]) for h in csv.DictReader(handle)
                   if h["year"] == YEAR and (h["unit"] == DISTRICT or h["unit"] in communes))  # fmt: skip
    return beds / population * 10_000, (len(communes) - 1) / len(communes)


def _beds_row(output):
    rows = json.loads(output)
    return next(r for r in rows if r["unit"] == DISTRICT and r["indicator"] == "hospital_beds_per_10k")


def test_gap_rows_carry_completeness_and_flags(tmp_path):
    folder, rows = _folder_without_one_population(tmp_path)
    rate, completeness = _by_hand(folder, rows)
    args = ["gap", "quang-ngai-2024-ct37", "--data", str(folder), "--plans", str(PLANS), "--year", YEAR, "--all",
            "--format", "json"]  # fmt: skip
    row = _beds_row(invoke(args).stdout)
    assert abs(row["value"] - rate) < 1e-9
    assert abs(row["completeness"] - completeness) < 1e-12 and row["flags"] == ["incomplete"]
    complete = _beds_row(invoke([*args, "--require-complete"]).stdout)
    assert complete["value"] is None and complete["status"] == "no data"
    assert complete["flags"] == ["incomplete", "incomplete-suppressed"]


def test_gap_csv_has_completeness_and_flags(tmp_path):
    folder, _ = _folder_without_one_population(tmp_path)
    out = invoke(["gap", "quang-ngai-2024-ct37", "--data", str(folder), "--plans", str(PLANS), "--year", YEAR,
                  "--all", "--format", "csv"]).stdout  # fmt: skip
    header, *lines = list(csv.reader(out.lstrip("\ufeff").splitlines()))
    assert header[-2:] == ["completeness", "flags"]
    beds = next(line for line in lines if line[1] == DISTRICT and line[4] == "hospital_beds_per_10k")
    assert beds[-1] == "incomplete"


def test_a_misspelt_published_indicator_is_refused_not_dropped(tmp_path):
    folder = tmp_path / "quang-ngai"
    shutil.copytree(DATA / "quang-ngai", folder)
    path = folder / "published.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    column = header.index("indicator")
    cells = lines[1].split(",")
    cells[column] = cells[column].replace("_per_10k", "_per_10000")
    path.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    result = invoke(["gap", "quang-ngai-2024-ct37", "--data", str(folder), "--plans", str(PLANS)], expect_exit=2)
    assert f"published.csv:2:indicator: '{cells[column]}' is not an indicator id" in result.output
    assert "did you mean 'doctors_per_10k'?" in result.output
    assert "Traceback" not in result.output
