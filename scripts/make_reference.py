#!/usr/bin/env python3
"""Generate the reference files of the 1 July 2025 reorganisation in data/reference/ from vietnamadminunits 1.0.4.

    .venv/bin/pip install --no-deps vietnamadminunits==1.0.4   # data only: its runtime deps are not needed
    .venv/bin/python scripts/make_reference.py            # rewrite the files in data/reference/
    .venv/bin/python scripts/make_reference.py --out DIR  # write them under DIR instead

Writes `units_2025.csv` (the new provinces 51, 24 and 12 and their communes, in the data-folder layout with
validity), `units_bac_ninh.csv` (old Bắc Ninh, 27, in the layout of `units.csv`: the crosswalk needs it) and
`crosswalk_2025.csv` (every old commune of Lai Châu, Bắc Giang, Bắc Ninh, Quảng Ngãi and Kon Tum, Lý Sơn, and the
old provinces, to the new units). The package's modules are never imported; its JSON and SQLite files are read
as data. Every check failing stops the script with one line saying what is wrong. Re-running it reproduces the
files byte for byte. data/reference/SOURCES.md says what comes from where and what could not be verified.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

# The package sits next to this file; tests load this file by path, from any working directory.
HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from ytcs_reference.build import (  # noqa: E402
    EXTRA_OLD_PROVINCES,
    OUR_PROVINCES,
    Parts,
    coded_parts,
    crosswalk,
    new_provinces_of,
    new_units,
    old_names,
    old_units,
    shares,
)
from ytcs_reference.checks import (  # noqa: E402
    check_crosswalk,
    check_new_units,
    check_old_units,
    check_same_old_map,
)
from ytcs_reference.source import Source, SourceError  # noqa: E402

REFERENCE = HERE.parent / "data" / "reference"
__all__ = ["REFERENCE", "build", "cli", "main"]


def csv_text(frame: pd.DataFrame) -> str:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def build(source: Source, reference_units: pd.DataFrame) -> dict[str, str]:
    """The three files as text, checked."""
    provinces = new_provinces_of(source)
    parts = shares(coded_parts(source, Parts.of(source, provinces)))
    units = new_units(source, provinces)
    bac_ninh = old_units(source, EXTRA_OLD_PROVINCES)
    ours = reference_units[reference_units["province_code"].isin(OUR_PROVINCES)]
    every_old = pd.concat([ours, bac_ninh], ignore_index=True)
    table = crosswalk(parts, units, old_names(every_old))
    check_new_units(units)
    check_old_units(bac_ninh, "old Bắc Ninh units")
    check_same_old_map(old_units(source, OUR_PROVINCES), ours)
    check_crosswalk(table, every_old, ours, units)
    return {
        "units_2025.csv": csv_text(units),
        "units_bac_ninh.csv": csv_text(bac_ninh),
        "crosswalk_2025.csv": csv_text(table),
    }


def main(out: Path | None = None) -> list[Path]:
    """Write the files under `out` (default data/reference/); return the paths written."""
    out = REFERENCE if out is None else Path(out)
    reference_units = pd.read_csv(REFERENCE / "units.csv", dtype=str, keep_default_na=False)
    files = build(Source.load(), reference_units)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        path = out / name
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
    return written


def cli(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REFERENCE, help="folder to write into (default data/reference/)")
    args = parser.parse_args(argv)
    try:
        written = main(args.out)
    except SourceError as error:
        sys.exit(f"make_reference: {error}")
    for path in written:
        print(f"wrote {path}")


if __name__ == "__main__":
    cli()
