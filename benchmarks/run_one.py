"""Run one command and print its wall seconds, user seconds and peak memory (MB) as JSON (benchmark only).

A child's peak resident memory, as Linux reports it, starts from its parent's at the fork: measured
straight from the benchmark (which holds the generated national frames), every command seemed to take
a few hundred MB more than it does. This launcher imports nothing heavy, so what it reports is the
command's own peak.

Usage: python benchmarks/run_one.py COMMAND [ARGUMENT ...]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def main(command: list[str]) -> None:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    print(json.dumps({"status": status, "wall": wall, "user": usage.ru_utime, "peak": usage.ru_maxrss / 1024}))


if __name__ == "__main__":
    main(sys.argv[1:])
