#!/usr/bin/env python3
"""Generate the bundled data folders data/<jurisdiction>/: real units and census, synthetic counts.

    .venv/bin/python scripts/generate_data.py             # rewrite the folders under data/
    .venv/bin/python scripts/generate_data.py --out DIR   # write them under DIR instead

Real inputs come from data/reference/ (a copy of shared/reference with its SOURCES.md): GSO administrative
units, the 2019 census population by district and Quảng Ngãi's 2010–2016 yearbook series. Every count is
synthetic: drawn from numpy's default_rng seeded with SEED, then rounded with largest remainders so that the
jurisdiction's totals hit figures chosen from each plan (Quảng Ngãi 2024 reproduces the plan's "Thực hiện 2024"
column exactly). data/README.md says what is real, what is synthetic and every deliberate imperfection.
Re-running the script reproduces every file byte for byte.

Layout: the package ytcs_datagen/ next to this file holds the generator, this file only runs it.
allocation (integer allocation), reference (units, populations, each folder's seeded stream), tables (files),
draws (the draws every folder makes), then one module per folder: its plan's figures as module-level constants,
the draws made once per folder (a frozen dataclass), one year's columns, and the function that assembles the
folder's files. Each folder has its own seeded random stream, so the order of the draws inside a folder is part
of its output.

The 1 July 2025 map (new_map, map_2025, then new_quang_ngai, new_bac_ninh, new_lai_chau): each folder's units.csv
gets validity and the new units, crosswalk.csv comes from data/reference/crosswalk_2025.csv (made by
scripts/make_reference.py), and 2025 counts on the new units are drawn around their old parts' 2024 counts, from
streams of their own, after every folder's own draws, so the rows before 2025 are unchanged.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

# The package sits next to this file; tests load this file by path, from any working directory.
HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from ytcs_datagen.bac_giang import bac_giang  # noqa: E402
from ytcs_datagen.kon_tum import kon_tum  # noqa: E402
from ytcs_datagen.new_bac_ninh import new_bac_ninh  # noqa: E402
from ytcs_datagen.new_lai_chau import new_lai_chau  # noqa: E402
from ytcs_datagen.new_quang_ngai import new_quang_ngai  # noqa: E402
from ytcs_datagen.quang_ngai import quang_ngai  # noqa: E402
from ytcs_datagen.reference import SEED, Reference  # noqa: E402
from ytcs_datagen.tam_duong import tam_duong  # noqa: E402

REPO = HERE.parent
DATA = REPO / "data"
REFERENCE = DATA / "reference"
__all__ = ["DATA", "REFERENCE", "SEED", "build", "cli", "main"]


def build(ref: Reference) -> dict[str, dict[str, str]]:
    """Every folder's files as text: {folder: {file name: content}}."""
    folders = {
        "quang-ngai": quang_ngai(ref),
        "tam-duong": tam_duong(ref),
        "kon-tum": kon_tum(ref),
        "bac-giang": bac_giang(ref),
    }
    new_quang_ngai(ref, folders["quang-ngai"], folders["kon-tum"])
    new_bac_ninh(ref, folders["bac-giang"])
    new_lai_chau(ref, folders["tam-duong"])
    return {name: folder.files() for name, folder in folders.items()}


def main(out: Path | None = None, reference: Path | None = None) -> list[Path]:
    """Write every folder under `out` (default data/); return the paths written."""
    out = DATA if out is None else Path(out)
    ref = Reference.load(REFERENCE if reference is None else Path(reference))
    written = []
    for folder, files in build(ref).items():
        target = out / folder
        target.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            path = target / name
            path.write_bytes(text.encode("utf-8"))
            written.append(path)
    return written


def cli(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA, help="folder to write the data folders into (default data/)")
    parser.add_argument("--reference", type=Path, default=REFERENCE, help="real inputs (default data/reference/)")
    args = parser.parse_args(argv)
    for path in main(args.out, args.reference):
        print(f"wrote {path}")


if __name__ == "__main__":
    cli()
