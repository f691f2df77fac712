"""The 2024 copy of each bundled folder (tests/support/bundled_2024.py) is exactly what the folder held
before the 2025 data were added: every file hashes to the digest of the committed file of that time
(SHA-256 of the files at commit 63a0b8e, recorded here so the test needs no git history)."""

from __future__ import annotations

import hashlib

import pytest

from tests.support.bundled_2024 import ROOTS, bundled_2024

BEFORE_2025 = {
    "quang-ngai": {
        "communes.csv": "85e91843e356088c9e119dcd647d0e5ce1bf4a59d814ae2e79ad91502f2f327e",
        "hospitals.csv": "b7f235b1f576bd09a908545cee7e0c49045487593eab9c73305fac40da33ed1f",
        "province.csv": "597b5e820faa87c324fabf1292524d61c8638367f2328689d1adceec974c16e4",
        "published.csv": "c527fdf3b026c7173ae4bbad9d049bca95968315a5787cb500a9122773bbdf1f",
        "staff.csv": "68bce5c8d421600b7df920d72238ec2aee164403a0c00d94f0ba4b95fe4f16f7",
        "units.csv": "82f096d6ea8649140bba9790ded9236a4b9dbf99dd1923cfe56fe49f17233c66",
    },
    "bac-giang": {
        "communes.csv": "d5b04dd4126682637a6865bd326c29afc39dbae558def840c64db2cc3b0f5efc",
        "hospitals.csv": "8b1c9127827b4bfa45ffa506df62fa09d3ab89db267b541d902ea5bae2cf726c",
        "province.csv": "ca0dfaf1ebf789fe75ef418626365e52e73ed0b7f9de5c5c3ac808cb499917c0",
        "units.csv": "853d1d340949c0dd380bb023fe2384892ff4ea4147deb1b8407a9b46e91dd371",
    },
    "kon-tum": {
        "communes.csv": "5027f26c97aff8ac56d367c9cb8b89a0bcd2be2609601868cffe27f1a086f43e",
        "hospitals.csv": "7b1c901a11081c434d6b3b627be9e329d96e05d45fba6a0736870b14ee28d56a",
        "province.csv": "9c856d8a080632f370bb3d0218f50567027953778e8e124544d6d89279267e19",
        "staff.csv": "0ce97a208ec169089c90dd2ac8d916d2863a15cbd8f884f428d9836cd8af6efc",
        "units.csv": "16337bf9fcaf46414ebfd4af6349fa0d140dd59fd82e4263dcab5a21f7dd4116",
    },
    "tam-duong": {
        "births_monthly.csv": "ce5c19ee673ef1e68a6fedda97d7c4a2ac1173e1d7140559b25adfb503f48c23",
        "communes.csv": "84dd06a7f29b0328146eb748764cf6501524b0009b98363d40313908810c2ffb",
        "district.csv": "24fb4da9f92e7e275576766ac37a6c9bbe6fa7f3c803e2ac72711de1c37e4c0e",
        "units.csv": "1d98b06e11dff2221e393e839263018b7b2678970aac1d475c5ca44f752a60bb",
    },
}


def test_every_bundled_folder_has_a_2024_copy() -> None:
    assert set(BEFORE_2025) == set(ROOTS)


@pytest.mark.parametrize("folder", sorted(BEFORE_2025))
def test_the_2024_copy_is_the_folder_before_2025_byte_for_byte(folder: str) -> None:
    copy = bundled_2024(folder)
    digests = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in copy.iterdir()}
    assert digests == BEFORE_2025[folder]


def test_the_2024_copy_lists_the_old_units_of_the_plans_own_area() -> None:
    """Counted from data/README.md's table: the root, its districts and its communes."""
    lines = {folder: bundled_2024(folder).joinpath("units.csv").read_text("utf-8").splitlines() for folder in ROOTS}
    assert {folder: len(rows) - 1 for folder, rows in lines.items()} == {
        "quang-ngai": 1 + 13 + 170,
        "bac-giang": 1 + 10 + 192,
        "kon-tum": 1 + 10 + 102,
        "tam-duong": 1 + 13,
    }
    assert lines["tam-duong"][:2] == ["code,name,level,parent", "106,Huyện Tam Đường,district,"]
