"""A national monthly commune file, deterministic: what a Ministry analyst hands ytcs at most.

Every commune of a synthetic country (63 provinces, 705 districts, 10,600 communes by default), 12 months
a year, 3 years, the 25 count variables the Quảng Ngãi plan needs: about 381,600 rows × 28 columns (33 MB).
Counts are consistent (a part never exceeds its whole), so the data checks find nothing and every stage
does its full work. `scale` multiplies the communes (0.5, 1, 2, 4 for the scaling table); `years` adds
years before 2022.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

PROVINCES, DISTRICTS, COMMUNES = 63, 705, 10_600
# (variable, how it is drawn): events are monthly counts, stocks repeat each month.
STOCKS = {
    "population": (8_000, 14_000),
    "doctors": (0, 12),
    "pharmacists": (0, 5),
    "villages": (4, 15),
    "health_stations": (1, 1),
    "hospital_beds": (0, 40),
    "children_under1": (120, 260),
    "communes": (1, 1),
    "children_under5_measured": (500, 1_100),
    "nurses": (1, 20),
}
PARTS = {  # part: (whole, lowest share, highest share)
    "villages_with_health_worker": ("villages", 0.8, 1.0),
    "health_stations_with_doctor": ("health_stations", 0.0, 1.0),
    "communes_meeting_national_criteria": ("communes", 0.0, 1.0),
    "insured_population": ("population", 0.85, 0.99),
    "children_under5_underweight": ("children_under5_measured", 0.05, 0.2),
}
EVENTS = {
    "children_under1_fully_immunized": (8, 20),
    "medical_waste_generated_kg": (50, 400),
    "live_births": (8, 25),
    "deaths": (2, 10),
}
EVENT_PARTS = {
    "medical_waste_treated_kg": ("medical_waste_generated_kg", 0.8, 1.0),
    "maternal_deaths": ("live_births", 0.0, 0.002),
    "infant_deaths": ("live_births", 0.0, 0.03),
    "under5_deaths": ("live_births", 0.03, 0.05),
    "live_births_male": ("live_births", 0.5, 0.55),
}


def units_frame(scale: float = 1.0) -> pd.DataFrame:
    """63 provinces, their districts and communes, GSO-shaped codes (2, 3 and 5 digits)."""
    communes = int(COMMUNES * scale)
    provinces = [f"{p:02d}" for p in range(1, PROVINCES + 1)]
    district_province = [provinces[d * PROVINCES // DISTRICTS] for d in range(DISTRICTS)]
    districts = [f"{100 + d:03d}" for d in range(DISTRICTS)]
    commune_district = [districts[c * DISTRICTS // communes] for c in range(communes)]
    codes = [f"{c:05d}" for c in range(1, communes + 1)]
    return pd.DataFrame(
        {
            "code": provinces + districts + codes,
            "name": [f"Tỉnh {p}" for p in provinces] + [f"Huyện {d}" for d in districts] + [f"Xã {c}" for c in codes],
            "level": ["province"] * PROVINCES + ["district"] * DISTRICTS + ["commune"] * communes,
            "parent": [""] * PROVINCES + district_province + commune_district,
        }
    )


def counts_frame(units: pd.DataFrame, years: list[int], seed: int = 20261129) -> pd.DataFrame:
    """One row per commune and month, stocks fixed within a year, parts drawn as shares of their wholes."""
    rng = np.random.default_rng(seed)
    communes = units.loc[units["level"] == "commune", "code"].to_numpy()
    keys = pd.MultiIndex.from_product([communes, years, range(1, 13)], names=["unit", "year", "month"])
    frame = keys.to_frame(index=False)
    rows, per_year = len(frame), len(communes) * len(years)
    for name, (low, high) in STOCKS.items():
        frame[name] = np.repeat(rng.integers(low, high + 1, per_year), 12)
    for part, (whole, low, high) in PARTS.items():
        share = np.repeat(rng.uniform(low, high, per_year), 12)
        frame[part] = np.floor(frame[whole] * share).astype(np.int64)
    for name, (low, high) in EVENTS.items():
        frame[name] = rng.integers(low, high + 1, rows)
    for part, (whole, low, high) in EVENT_PARTS.items():
        frame[part] = np.floor(frame[whole] * rng.uniform(low, high, rows)).astype(np.int64)
    frame["live_births_female"] = frame["live_births"] - frame["live_births_male"]
    return frame


def write_folder(folder: Path, scale: float = 1.0, years: int = 3) -> Path:
    """units.csv and counts.csv in `folder` (created); returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    units = units_frame(scale)
    units.to_csv(folder / "units.csv", index=False, quoting=csv.QUOTE_MINIMAL)
    counts_frame(units, list(range(2025 - years, 2025))).to_csv(folder / "counts.csv", index=False)
    return folder


if __name__ == "__main__":
    import sys

    print(write_folder(Path(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 1.0))
