"""Each bundled data folder as it was before 2025, for tests whose premise is "the bundled 2024 data".

The folders under data/ now describe two maps (the old units until 01/07/2025, the new ones after) and
carry 2025 counts on the new units. Tests written against the 2024 data (golden digests, the plans'
2024 columns, the template and acceptance tests) keep their exact expectations on a copy that holds
only what the folder held then: `units.csv` with the old units of the plan's own area (in force on
31/12/2024, the jurisdiction and everything below it) in the original columns `code,name,level,parent`;
every count file with only its rows of those units for years up to 2024; no `crosswalk.csv` and no
`population_outside.csv`. Lines are copied as they are, so the copy is byte for byte the old folder
(tests/data/test_bundled_2024.py checks that against digests of the files before 2025).

The filter reads the CSV text itself, without ytcs, so that it cannot share a bug with the reader.
"""

from __future__ import annotations

import atexit
import csv
import shutil
import tempfile
from pathlib import Path

from tests.support.paths import BUNDLED_FOLDERS, DATA

LAST_DAY = "2024-12-31"
LAST_YEAR = 2024
DROPPED = ("crosswalk.csv", "population_outside.csv")
UNIT_COLUMNS = ["code", "name", "level", "parent"]

# The root of each folder's own area: the plan's jurisdiction (data/README.md).
ROOTS = {"quang-ngai": "51", "bac-giang": "24", "kon-tum": "62", "tam-duong": "106"}

_copies: dict[str, Path] = {}
_base: list[Path] = []


def _split_lines(path: Path) -> tuple[str, list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    return lines[0], lines[1:]


def _fields(line: str) -> list[str]:
    return next(csv.reader([line]))


def _in_force(row: dict[str, str]) -> bool:
    """Whether a version of a unit is in force on 31/12/2024 (ISO dates compare as text)."""
    starts, ends = row.get("valid_from", ""), row.get("valid_to", "")
    return (not starts or starts <= LAST_DAY) and (not ends or ends > LAST_DAY)


def old_units_text(folder: Path, root: str) -> tuple[str, set[str]]:
    """`units.csv` of the folder's own area on the old map, and the codes it lists."""
    header, lines = _split_lines(folder / "units.csv")
    names = _fields(header)
    rows = [(line, dict(zip(names, _fields(line), strict=True))) for line in lines]
    rows = [(line, row) for line, row in rows if _in_force(row)]
    parents = {row["code"]: row["parent"] for _, row in rows}

    def inside(code: str) -> bool:
        while code:
            if code == root:
                return True
            code = parents.get(code, "")
        return False

    kept = [row for _, row in rows if inside(row["code"])]
    text = ",".join(UNIT_COLUMNS) + "\n"
    text += "".join(",".join(row[column] for column in UNIT_COLUMNS) + "\n" for row in kept)
    return text, {row["code"] for row in kept}


def old_count_text(path: Path, codes: set[str]) -> str:
    """A count file's header and its rows of those units for years up to 2024, lines unchanged."""
    header, lines = _split_lines(path)
    names = _fields(header)
    unit, year = names.index("unit"), names.index("year")
    kept = [line for line in lines if (fields := _fields(line))[unit] in codes and int(fields[year]) <= LAST_YEAR]
    return header + "".join(kept)


def write_2024_folder(folder: Path, out: Path, root: str) -> Path:
    """Write the folder as it was before 2025 into `out` (created)."""
    out.mkdir(parents=True)
    units, codes = old_units_text(folder, root)
    (out / "units.csv").write_bytes(units.encode("utf-8"))
    for path in sorted(folder.iterdir()):
        if path.name in ("units.csv", *DROPPED) or path.suffix != ".csv":
            continue
        (out / path.name).write_bytes(old_count_text(path, codes).encode("utf-8"))
    return out


def bundled_2024(folder: str) -> Path:
    """The bundled folder `folder` (e.g. "quang-ngai") as it was before 2025; made once per process in a
    temporary folder removed at exit. Read it; never change it."""
    if folder not in _copies:
        if not _base:
            _base.append(Path(tempfile.mkdtemp(prefix="ytcs-bundled-2024-")))
            atexit.register(shutil.rmtree, _base[0], True)
        _copies[folder] = write_2024_folder(DATA / folder, _base[0] / folder, ROOTS[folder])
    return _copies[folder]


def bundled_2024_for(plan_id: str) -> Path:
    """The 2024 copy of the folder made for a bundled plan."""
    return bundled_2024(BUNDLED_FOLDERS[plan_id])
