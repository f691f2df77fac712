"""Wall time of `ytcs validate plans`, the command every CI job runs (not a test: `make bench`)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 10


def main() -> None:
    ytcs = Path(sys.executable).with_name("ytcs")
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run([str(ytcs), "validate", "plans"], check=False, capture_output=True)
        times.append(time.perf_counter() - started)
    print(f"ytcs validate plans: median {statistics.median(times):.3f} s, best {min(times):.3f} s over {RUNS} runs")


if __name__ == "__main__":
    main()
