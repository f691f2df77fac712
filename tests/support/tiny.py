"""Plans and data folders made in a temporary directory: one commune for numbers worked by hand, broken files."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.support.paths import DATA, PLANS


def tiny_plan(tmp_path: Path) -> Path:
    """A plan file beside a link to the repository's catalog, for small hand-made data."""
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "catalog").symlink_to(PLANS / "catalog")
    plan = {
        "kind": "plan",
        "id": "tiny",
        "title": "Tiny",
        "issuer": "Test",
        "document": {},
        "jurisdiction": {"code": "51", "name": "Tỉnh Quảng Ngãi", "level": "province"},
        "period": {"start": 2024, "end": 2025},
        "source": "none",
        "targets": [
            {
                "indicator": "full_immunization_pct",
                "year": 2025,
                "comparator": ">",
                "value": 95,
                "quote": "q",
                "section": "s",
            },
            {
                "indicator": "infant_mortality_rate",
                "year": 2025,
                "comparator": "<=",
                "value": 2.5,
                "quote": "q",
                "section": "s",
            },
        ],
    }
    path = plans / "tiny.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    return path


def tiny_data(tmp_path: Path, counts: str) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "units.csv").write_text(
        "code,name,level,parent\n51,Tỉnh Quảng Ngãi,province,\n522,Thành phố Quảng Ngãi,district,51\n"
        "21001,Phường Lê Hồng Phong,commune,522\n",
        encoding="utf-8",
    )
    (folder / "counts.csv").write_text(counts, encoding="utf-8")
    return folder


def with_two_unusable_files(tmp_path: Path) -> Path:
    """The bundled Quảng Ngãi folder plus two files that cannot be read: a word for a number, a bad year."""
    folder = tmp_path / "data"
    shutil.copytree(DATA / "quang-ngai", folder)
    (folder / "bad_one.csv").write_text("unit,year,population\n21013,2024,abc\n", encoding="utf-8")
    (folder / "bad_two.csv").write_text("unit,year,doctors\n21013,20x4,5\n", encoding="utf-8")
    return folder
