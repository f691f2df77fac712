"""A value a formula makes negative is flagged and never judged met (issue 10).

A plan-local rate whose numerator is a difference, births − deaths, with 10 births and 30 deaths among
5.000 people: (10 − 30) / 5.000 × 1.000 = −4,0 — read as meeting '≤ 2' it would be judged met.
"""

from __future__ import annotations

import json

import yaml

from tests.support.cli import invoke
from tests.support.paths import PLANS


def _plan(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "catalog").symlink_to(PLANS / "catalog")
    plan = {
        "kind": "plan", "id": "net", "title": "Net", "issuer": "Test", "document": {}, "source": "none",
        "jurisdiction": {"code": "51", "name": "Tỉnh Quảng Ngãi", "level": "province"},
        "period": {"start": 2023, "end": 2025},
        "indicators": [{
            "id": "net_births_per_1000", "name_vi": "Sinh trừ chết", "name_en": "Births minus deaths",
            "unit": "‰", "numerator": "live_births - deaths", "denominator": "population", "multiplier": 1000,
            "polarity": "lower_is_better", "definition": "test",
        }],
        "targets": [{"indicator": "net_births_per_1000", "year": 2024, "comparator": "<=", "value": 2,
                     "quote": "q", "section": "s"}],
    }  # fmt: skip
    path = plans / "net.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    return path


def _data(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "units.csv").write_text(
        "code,name,level,parent\n51,Tỉnh Quảng Ngãi,province,\n21001,Phường Lê Hồng Phong,commune,51\n",
        encoding="utf-8",
    )
    (folder / "counts.csv").write_text("unit,year,population,live_births,deaths\n21001,2024,5000,10,30\n")
    return folder


def test_a_negative_rate_is_flagged_and_never_met(tmp_path):
    plan, data = _plan(tmp_path), _data(tmp_path)
    computed = json.loads(invoke(["compute", str(plan), "--data", str(data), "--format", "json"]).stdout)
    row = next(r for r in computed if r["unit"] == "51" and r["indicator"] == "net_births_per_1000")
    assert row["value"] == -4.0 and row["flags"] == ["negative"]
    judged = json.loads(invoke(["gap", str(plan), "--data", str(data), "--all", "--format", "json"]).stdout)
    [target] = [r for r in judged if r["indicator"] == "net_births_per_1000" and r["unit"] == "51"]
    assert target["value"] == -4.0 and target["flags"] == ["negative"]
    assert target["status"] == "insufficient data" and "negative value" in target["missing"]
