"""Diagnostics as data: one place formats a location, findings are built by keyword."""

from __future__ import annotations

from ytcs.diagnostics import Finding, InputError, Location


def test_location_is_the_one_place_format():
    assert str(Location("a.csv", 3, "doctors")) == "a.csv:3:doctors"
    assert str(Location("a.csv", 3)) == "a.csv:3"
    assert str(Location("a.csv")) == "a.csv"
    assert str(Location("a.xlsx", 2, "B", sheet="2024")) == "a.xlsx!2024:2:B"
    error = InputError("'x' is not a number", Location("a.csv", 4, "population"))
    assert str(error) == "a.csv:4:population: 'x' is not a number"
    assert error.location == Location("a.csv", 4, "population")


def test_findings_are_built_by_keyword():
    finding = Finding("negative", "value -2 is below zero", Location("a.csv", 3), unit="03390", year=2024)
    assert (finding.file, finding.row, finding.variable) == ("a.csv", 3, None)
    assert finding.format() == "a.csv:3: unit 03390 (2024): value -2 is below zero"


def test_a_finding_with_the_units_name_names_it_before_its_code():
    finding = Finding("no-data", "no value", unit="21262", variable="deaths", year=2024, unit_name="Xã An Phú")
    assert finding.format() == "Xã An Phú (21262), deaths, 2024: no value"
    assert (
        Finding("no-data", "gives none", unit="21262", unit_name="Xã An Phú").format()
        == "Xã An Phú (21262): gives none"
    )
