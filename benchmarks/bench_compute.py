"""Where the time goes on a national-scale count file (not a test: run with `make bench`).

Builds a synthetic country (63 provinces, ~700 districts, 10,600 communes), monthly counts of
30 variables for 3 years (~380,000 rows), writes them as CSV in a temporary folder, then times
each stage: read → aggregate over time → compute every indicator of the Quảng Ngãi plan.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from ytcs.data.folder import read_data_folder
from ytcs.engine.aggregate import aggregate_over_time
from ytcs.engine.compute import compute_indicators
from ytcs.pipeline import plan_indicators
from ytcs.plans.resolve import load_plan_ref

PROVINCES, DISTRICTS_PER, COMMUNES_PER, YEARS = 63, 11, 15, (2022, 2023, 2024)


def build_units() -> pd.DataFrame:
    provinces = [f"{p:02d}" for p in range(1, PROVINCES + 1)]
    districts = [(f"{p * 11 + d:03d}", prov) for p, prov in enumerate(provinces) for d in range(DISTRICTS_PER)]
    communes = [(f"{i:05d}", dist) for i, (dist, _) in enumerate(
        d for d in districts for _ in range(COMMUNES_PER))]
    return pd.DataFrame({
        "code": provinces + [d for d, _ in districts] + [c for c, _ in communes],
        "name": [f"Tỉnh {p}" for p in provinces] + [f"Huyện {d}" for d, _ in districts]
        + [f"Xã {c}" for c, _ in communes],
        "level": ["province"] * len(provinces) + ["district"] * len(districts) + ["commune"] * len(communes),
        "parent": [""] * len(provinces) + [p for _, p in districts] + [d for _, d in communes],
    })


def build_counts(units: pd.DataFrame, variables: list[str], rng: np.random.Generator) -> pd.DataFrame:
    communes = units.loc[units["level"] == "commune", "code"].to_numpy()
    keys = pd.MultiIndex.from_product([communes, YEARS, range(1, 13)], names=["unit", "year", "month"])
    frame = keys.to_frame(index=False)
    for name in variables:
        frame[name] = rng.integers(0, 5000, len(frame))
    return frame


def main() -> None:
    plan_set, plan = load_plan_ref("quang-ngai-2024-ct37")
    indicators = plan_indicators(plan_set, plan)
    variables = plan_set.variables(plan)
    names = [n for n, v in variables.items() if v.kind == "count"][:30]
    rng = np.random.default_rng(1)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        units = build_units()
        units.to_csv(Path(folder) / "units.csv", index=False)
        counts = build_counts(units, names, rng)
        counts.to_csv(Path(folder) / "counts.csv", index=False)
        size = (Path(folder) / "counts.csv").stat().st_size / 1e6
        print(f"built {len(counts):,} rows × {len(names)} variables ({size:.0f} MB) in "
              f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
        timings: list[tuple[str, float]] = []
        t = time.perf_counter()
        data = read_data_folder(Path(folder), variables)
        timings.append(("read (parse, numbers, long form)", time.perf_counter() - t))
        t = time.perf_counter()
        aggregate_over_time(data.values, variables)
        timings.append(("aggregate over time (alone)", time.perf_counter() - t))
        t = time.perf_counter()
        result = compute_indicators(data.units, data.values, indicators, variables)
        timings.append((f"compute {len(indicators)} indicators, all levels", time.perf_counter() - t))
    total = sum(seconds for _, seconds in timings)
    for stage, seconds in timings:
        print(f"{stage:<45} {seconds:7.2f} s  {100 * seconds / total:5.1f}%")
    print(f"{len(data.values):,} values in, {len(result):,} indicator rows out")


if __name__ == "__main__":
    main()
