"""`make bench`: ytcs against an analyst's DuckDB query on a national file, and where ytcs's time goes.

Not a test (speed is measured here, never in a timed test). Every figure is a whole process, measured from
outside with os.wait4 by the small benchmarks/run_one.py (wall and user seconds, peak resident memory), the
two commands run alternately so that a machine that slows down slows both. Prints:
1. the national monthly commune file (benchmarks/national.py): ytcs compute and gap vs the DuckDB query,
   medians and ratios, peak memory;
2. scaling: the same at 0.5×, 1×, 2× and 4× the rows;
3. where ytcs's time goes in the whole command (start-up, read, check, aggregate, compute with the
   roll-up, gap, write: the stages pipeline.compute_plan and gap_plan announce), on the national file and
   on the bundled province;
4. the bundled province: compute and gap vs `python -c "import pandas, pyarrow"`;
5. a national unit list with no data for most units (10,600 and 90,000 communes);
6. the floor (benchmarks/floor.py): Python with the modules `compute` imports and no work, then with pyarrow
   reading the national file, each in turn with the DuckDB query; and pyarrow's own CSV writer on the compute
   result — what any pandas-and-pyarrow program pays before its checks, roll-up and ratios;
and checks that ytcs and DuckDB agree on the first province's doctors per 10,000, so the work is equal.
"""

from __future__ import annotations

import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PYTHON = sys.executable
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
sys.path.insert(0, str(HERE))

from national import units_frame, write_folder  # noqa: E402


def measure(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, user seconds and peak memory (MB) of one run of `command`, launched by the small
    benchmarks/run_one.py so that the peak is the command's own, not this process's."""
    launched = subprocess.run([PYTHON, str(HERE / "run_one.py"), *command], capture_output=True, check=True, cwd=REPO)
    result = json.loads(launched.stdout)
    if result["status"] != 0:
        raise SystemExit(f"failed ({result['status']}): {' '.join(command)}")
    return result["wall"], result["user"], result["peak"]


def alternate(first: list[str], second: list[str], runs: int = RUNS) -> tuple[list[tuple], list[tuple]]:
    """Both commands in turn, after one warm-up each."""
    measure(first), measure(second)
    a, b = [], []
    for _ in range(runs):
        a.append(measure(first))
        b.append(measure(second))
    return a, b


def medians(runs: list[tuple]) -> tuple[float, float, float]:
    return tuple(statistics.median(run[i] for run in runs) for i in range(3))  # type: ignore[return-value]


def ytcs(command: str, folder: Path, out: Path) -> list[str]:
    plan = "quang-ngai-2024-ct37"
    return [PYTHON, "-m", "ytcs", command, plan, "--data", str(folder), "--year", "2024", "--format", "csv",
            "-o", str(out)]  # fmt: skip


def duck(folder: Path, out: Path) -> list[str]:
    return [PYTHON, str(HERE / "duckdb_query.py"), str(folder), "2024", str(out)]


def row(label: str, runs: list[tuple], base: tuple[float, float, float] | None = None) -> str:
    wall, user, peak = medians(runs)
    ratio = f"{wall / base[0]:5.2f}×" if base else "      "
    return f"  {label:<34} wall {wall:6.2f} s  user {user:6.2f} s  peak {peak:7.0f} MB  {ratio}"


def national(tmp: Path) -> None:
    folder = write_folder(tmp / "national")
    size = (folder / "counts.csv").stat().st_size / 1e6
    print(f"1. National file: {len(units_frame()):,} units, 381,600 rows × 28 columns ({size:.0f} MB)")
    compute, query = alternate(ytcs("compute", folder, tmp / "c.csv"), duck(folder, tmp / "d.csv"))
    gap, _ = alternate(ytcs("gap", folder, tmp / "g.csv"), duck(folder, tmp / "d.csv"), max(1, RUNS // 2))
    base = medians(query)
    print(row("DuckDB query (same roll-up, ratios)", query))
    print(row("ytcs compute --year 2024 -o csv", compute, base))
    print(row("ytcs gap --year 2024 -o csv", gap, base))
    agree(tmp / "c.csv", tmp / "d.csv")


def agree(ours: Path, theirs: Path) -> None:
    with open(ours, encoding="utf-8-sig") as handle:
        mine = next(float(r["value"]) for r in csv.DictReader(handle)
                    if r["unit"] == "01" and r["indicator"] == "doctors_per_10k")  # fmt: skip
    with open(theirs, encoding="utf-8") as handle:
        duck_value = next(float(r["doctors_per_10k"]) for r in csv.DictReader(handle) if r["unit"] == "01")
    same = "agree" if abs(mine - duck_value) < 1e-9 else "DISAGREE"
    print(f"  province 01 doctors per 10,000: ytcs {mine:.6f}, DuckDB {duck_value:.6f} ({same})")


def scaling(tmp: Path) -> None:
    print("2. Scaling (ytcs compute vs DuckDB, medians of 3)")
    for scale in (0.5, 1, 2, 4):
        folder = write_folder(tmp / f"scale{scale}", scale)
        ours, theirs = alternate(ytcs("compute", folder, tmp / "c.csv"), duck(folder, tmp / "d.csv"), 3)
        print(row(f"{scale}× rows ({int(381_600 * scale):,})", ours, medians(theirs)))


def stages(tmp: Path) -> None:
    print("3. Where ytcs's time goes (one process, seconds; the stages add up to the total)")
    for label, folder in (("national", tmp / "national"), ("province", REPO / "data" / "quang-ngai")):
        for command in ("compute", "gap"):
            _stage_line(tmp, f"{label} {command}", command, folder)


def _stage_line(tmp: Path, label: str, command: str, folder: Path) -> None:
    runs = []
    for _ in range(3):
        script = [PYTHON, str(HERE / "stages.py"), command, "quang-ngai-2024-ct37", str(folder), "2024",
                  str(tmp / "s.csv")]  # fmt: skip
        runs.append(json.loads(subprocess.run(script, capture_output=True, check=True, cwd=REPO).stdout))
    times = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    total = sum(times.values())
    shares = ", ".join(f"{k} {v:.2f} ({100 * v / total:.0f}%)" for k, v in times.items())
    print(f"  {label}: {total:.2f} s = {shares}")


def province(tmp: Path) -> None:
    print("4. The bundled province (data/quang-ngai)")
    imports = [PYTHON, "-c", "import pandas, pyarrow"]
    folder = REPO / "data" / "quang-ngai"
    for command in ("compute", "gap"):
        ours, floor = alternate(ytcs(command, folder, tmp / "p.csv"), imports)
        print(row(f"ytcs {command}", ours, medians(floor)) + "  (× import pandas, pyarrow)")


def empty_units(tmp: Path) -> None:
    print("5. A national unit list with no data for most units")
    for scale in (1, 90_000 / 10_600):
        folder = tmp / f"units{scale}"
        folder.mkdir()
        units = units_frame(scale)
        units.to_csv(folder / "units.csv", index=False)
        (folder / "counts.csv").write_text("unit,year,population,doctors\n00001,2024,1000,1\n", encoding="utf-8")
        runs = [measure(ytcs("compute", folder, tmp / "u.csv")) for _ in range(3)]
        print(row(f"{len(units):,} units", runs))


def floor(tmp: Path) -> None:
    print("6. The floor: the stack with none of ytcs's work (in turn with the DuckDB query, medians)")
    folder, floor_script = tmp / "national", str(HERE / "floor.py")
    query_wall = 0.0
    for label, step in (("Python + the imports of compute", "imports"), ("  + pyarrow reads both files", "read")):
        ours, query = alternate([PYTHON, floor_script, step, str(folder)], duck(folder, tmp / "d.csv"))
        print(row(label, ours, medians(query)))
        query_wall = medians(query)[0]
    result = tmp / "floor-result.csv"  # the national compute result (section 2 overwrote section 1's)
    measure(ytcs("compute", folder, result))
    writes = [subprocess.run([PYTHON, floor_script, "write", str(result), str(tmp / "w.csv")], capture_output=True,
                             check=True, cwd=REPO, text=True).stdout for _ in range(RUNS)]  # fmt: skip
    seconds = statistics.median(float(text) for text in writes)
    size, share = result.stat().st_size / 1e6, seconds / query_wall
    print(f"  pyarrow's CSV writer, the compute result ({size:.0f} MB): {seconds:.2f} s, {share:.2f}× the query")


def main() -> None:
    print(f"machine: {os.cpu_count()} cores; {RUNS} runs a figure (medians); python {sys.version.split()[0]}")
    # An installed ytcs has its bytecode; an editable one under PYTHONDONTWRITEBYTECODE would compile every run.
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(REPO / "src" / "ytcs")], check=True, capture_output=True)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        national(tmp)
        scaling(tmp)
        stages(tmp)
        province(tmp)
        empty_units(tmp)
        floor(tmp)


if __name__ == "__main__":
    main()
