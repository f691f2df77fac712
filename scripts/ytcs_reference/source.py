"""The package's data files, read as data: its modules are never imported (they need shapely and geopy).

The files are found through the installed distribution's metadata (importlib.metadata), which checks the
version without running the package's __init__.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pandas as pd

PACKAGE = "vietnamadminunits"
VERSION = "1.0.4"
CONVERTER = f"{PACKAGE}/data/converter_2025.json"
DATABASE = f"{PACKAGE}/data/dataset.db"
LEGACY_COLUMNS = "provinceCode, province, districtCode, district, wardCode, ward, provinceKey, districtKey, wardKey"
NEW_COLUMNS = "provinceCode, province, wardCode, ward, wardType, provinceKey, wardKey, wardAreaKm2"


class SourceError(RuntimeError):
    """The package is missing, of another version, or its data is not what this script expects."""


@dataclass(frozen=True)
class Source:
    """The package's tables: old (63-province) units, new (34-province) units, and the 2025 conversion."""

    legacy: pd.DataFrame
    new: pd.DataFrame
    converter: dict[str, dict]

    @classmethod
    def load(cls) -> Source:
        try:
            distribution = metadata.distribution(PACKAGE)
        except metadata.PackageNotFoundError as error:
            raise SourceError(f"{PACKAGE} is not installed: pip install --no-deps {PACKAGE}=={VERSION}") from error
        if distribution.version != VERSION:
            raise SourceError(f"{PACKAGE} {distribution.version} is installed; this script reads {VERSION} only")
        converter = Path(str(distribution.locate_file(CONVERTER)))
        database = Path(str(distribution.locate_file(DATABASE)))
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
            legacy = pd.read_sql(f"SELECT {LEGACY_COLUMNS} FROM admin_units_legacy", connection)
            new = pd.read_sql(f"SELECT {NEW_COLUMNS} FROM admin_units", connection)
        connection.close()
        return cls(_text(legacy), _text(new), json.loads(converter.read_text(encoding="utf-8")))


def _text(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing text (a district without communes has no commune code) as empty strings; numbers left alone."""
    text = frame.select_dtypes(exclude="number").columns
    return frame.assign(**{column: frame[column].fillna("") for column in text})
