"""Small hand-made units, variables and indicators for the engine's tests (values worked by hand)."""

from __future__ import annotations

import pandas as pd

from ytcs.plans.models import Indicator, Variable

UNITS = pd.DataFrame(
    {
        "code": ["51", "522", "00001", "00002", "00003", "536"],
        "name": ["Tỉnh", "Huyện A", "Xã 1", "Xã 2", "Xã 3", "Huyện đảo"],
        "level": ["province", "district", "commune", "commune", "commune", "district"],
        "parent": [None, "51", "522", "522", "522", "51"],
    }
)


def var(id_: str, rule: str, kind: str = "count") -> Variable:
    return Variable(id=id_, label_vi=id_, label_en=id_, time_aggregation=rule, kind=kind)


VARIABLES = {
    v.id: v
    for v in [
        var("population", "mean"),
        var("insured", "last"),
        var("beds", "last"),
        var("births", "sum"),
        var("infant_deaths", "sum"),
        var("deaths", "sum"),
        var("u1", "last"),
        var("u1_immunised", "sum"),
        var("life_expectancy", "last", "reported"),
    ]
}


def rate(id_: str, num: str, den: str, mult: float, ci: str = "none", bounded: bool = False) -> Indicator:
    return Indicator(
        id=id_,
        name_vi=id_,
        name_en=id_,
        unit="u",
        numerator=num,
        denominator=den,
        multiplier=mult,
        polarity="higher_is_better",
        ci=ci,
        bounded=bounded,
        definition="test",
    )


INDICATORS = {
    i.id: i
    for i in [
        rate("insurance", "insured", "population", 100, "wilson", True),
        rate("beds_per_10k", "beds", "population", 10_000),
        rate("imr", "infant_deaths", "births", 1000, "poisson"),
        rate("immunised", "u1_immunised", "u1", 100, "wilson", True),
        rate("natural_increase", "births - deaths", "population", 1000),
        Indicator(
            id="pop", name_vi="pop", name_en="pop", unit="người", count="population", polarity="none", definition="test"
        ),
        Indicator(
            id="e0",
            name_vi="e0",
            name_en="e0",
            unit="tuổi",
            reported="life_expectancy",
            polarity="higher_is_better",
            definition="test",
        ),
    ]
}


def values(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["unit", "year", "month", "variable", "value"])
    frame["month"] = frame["month"].astype("Int64")
    frame["value"] = frame["value"].astype(float)
    frame["file"] = "counts.csv"
    frame["row"] = range(2, len(frame) + 2)
    return frame


def get(result: pd.DataFrame, unit: str, indicator: str, year: int = 2024) -> pd.Series:
    rows = result[(result["unit"] == unit) & (result["indicator"] == indicator) & (result["year"] == year)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


BASE = [
    ("00001", 2024, None, "population", 1000),
    ("00002", 2024, None, "population", 2000),
    ("00003", 2024, None, "population", 3000),
    ("536", 2024, None, "population", 500),
    ("00001", 2024, None, "insured", 900),
    ("00002", 2024, None, "insured", 1900),  # 00003 did not report
    ("536", 2024, None, "insured", 450),
    ("522", 2024, None, "beds", 60),
    ("536", 2024, None, "beds", 10),
    ("51", 2024, None, "beds", 800),
    ("51", 2024, None, "life_expectancy", 74.5),
]
