"""Where the time of one whole `ytcs compute` (or `gap`) goes, stage by stage, in one process.

Usage: python benchmarks/stages.py compute|gap PLAN DATA YEAR OUT

Prints one JSON object: seconds for start-up (Python and the imports), read, check, aggregate, compute,
gap (0 for compute) and write. It calls what the CLI calls (`pipeline.compute_plan` / `gap_plan`, then the renderer)
with the arguments the CLI gives them, and times between the stages those functions announce through
`on_stage` ("read", "check", "aggregate", "compute", "judge"), so that it cannot drift from them: loading
the plan counts with read, combining the counts within each year with aggregate, rolling them up the
hierarchy with compute (one pass for every indicator's inputs), judging with gap. The
stages add up to the process's time from its start.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from startup import load_compute  # noqa: E402

STAGE_OF = {"read": "read", "check": "check", "aggregate": "aggregate", "compute": "compute", "judge": "gap"}


def main(command: str, plan_id: str, folder: str, year: int, out: str) -> dict[str, float]:
    load_compute()
    from ytcs.engine.compute import ComputeOptions
    from ytcs.pipeline import compute_plan, gap_plan, select_rows
    from ytcs.plans.resolve import load_plan_ref
    from ytcs.report.render import Presentation, render_compute, render_gap

    times = {"start-up": time.perf_counter() - STARTED}
    mark = time.perf_counter()
    running = "read"  # until `read` is announced: loading the plan

    def stage(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        times[name] = times.get(name, 0.0) + now - mark
        mark = now

    def on_stage(name: str) -> None:
        nonlocal running
        stage(running)
        running = STAGE_OF[name]

    plan_set, plan = load_plan_ref(plan_id)
    options = ComputeOptions(0.95, False)
    if command == "gap":
        gaps = gap_plan(plan_set, plan, Path(folder), year=year, options=options, on_stage=on_stage)
        stage(running)
        how = Presentation(gaps.compute.decimals, "vi", 0.95, "vi", gaps.compute.names("vi"))
        render_gap(gaps.shown(), "csv", Path(out), how, plan=plan, every_row=gaps.rows, summary=gaps.summary_text(),
                   title=gaps.title(), color=False)  # fmt: skip
    else:
        result = compute_plan(plan_set, plan, Path(folder), options=options, on_stage=on_stage, year=year,
                              whole_history=False)  # fmt: skip
        stage(running)
        times["gap"] = 0.0
        how = Presentation(result.decimals, "vi", 0.95, "vi", result.names("vi"))
        rows = select_rows(result.results, result.data.units, year=year, hierarchy=result.data.hierarchy)
        render_compute(rows, "csv", Path(out), how)
    stage("write")
    return times


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])))
