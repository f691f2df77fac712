"""The floor under ytcs's time on the national file: what the stack costs before any of ytcs's own work
(benchmark only).

Usage: python benchmarks/floor.py imports FOLDER      Python and the modules `ytcs compute` imports; no work
       python benchmarks/floor.py read FOLDER         the same, then pyarrow reads counts.csv and units.csv
       python benchmarks/floor.py write RESULT OUT    prints the seconds pyarrow's own CSV writer takes to
                                                      write a compute result (RESULT, read first, not timed)

The imports are benchmarks/startup.py's, as benchmarks/stages.py's are: the CLI (with the settings `ytcs`
makes before numpy and pydantic load), then what the compute command loads, the garbage collector held
while they load.
pyarrow reads with its defaults (both cores); the unit column stays text, as its leading zeros need.
"""

from __future__ import annotations

import sys
import time

from startup import load_compute

load_compute()  # the modules `compute` imports, as `ytcs` loads them (pyarrow's CSV reader among them)

import pyarrow as pa  # noqa: E402
import pyarrow.csv as pa_csv  # noqa: E402

TEXT_UNIT = pa_csv.ConvertOptions(column_types={"unit": pa.string(), "code": pa.string(), "parent": pa.string()})


def read(folder: str) -> None:
    pa_csv.read_csv(f"{folder}/counts.csv", convert_options=TEXT_UNIT)
    pa_csv.read_csv(f"{folder}/units.csv", convert_options=TEXT_UNIT)


def write(result: str, out: str) -> float:
    table = pa_csv.read_csv(result, convert_options=TEXT_UNIT)
    started = time.perf_counter()
    pa_csv.write_csv(table, out)
    return time.perf_counter() - started


if __name__ == "__main__":
    if sys.argv[1] == "read":
        read(sys.argv[2])
    elif sys.argv[1] == "write":
        print(write(sys.argv[2], sys.argv[3]))
