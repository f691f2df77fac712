"""Where the time of one whole `ytcs compute` (or `gap`) goes, stage by stage, in one process.

Usage: python benchmarks/stages.py compute|gap PLAN DATA YEAR OUT

Prints one JSON object: seconds for start-up (Python and the imports), read, check, aggregate, compute,
gap (0 for compute) and write, measured with the library the CLI calls, in the order the CLI runs them
(the folder read on the plan's map, as `pipeline.compute_plan` reads it); they add up to the process's time
from its start.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time

STARTED = time.perf_counter()
gc.disable()  # as `ytcs` does (cli.main): no collection while the modules load, then they are frozen
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")  # as `ytcs` does (ytcs.cli), before numpy loads

from pathlib import Path  # noqa: E402


def main(command: str, plan_id: str, folder: str, year: int, out: str) -> dict[str, float]:
    import ytcs.cli  # noqa: F401  # what the program loads first: click, and its settings for pydantic
    from ytcs.data.checks import check_data
    from ytcs.data.folder import read_data_folder
    from ytcs.data.maps import plan_map_day
    from ytcs.engine.compute import compute_prepared, missing_inputs, prepare
    from ytcs.pipeline import needed_variables, plan_indicators, select_rows, units_to_evaluate
    from ytcs.plans.resolve import load_plan_ref
    from ytcs.report.render import Presentation, render_compute, render_gap

    gc.freeze()
    gc.enable()
    times = {"start-up": time.perf_counter() - STARTED}
    mark = time.perf_counter()

    def stage(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        times[name] = times.get(name, 0.0) + now - mark
        mark = now

    plan_set, plan = load_plan_ref(plan_id)
    variables, indicators = plan_set.variables(plan), plan_indicators(plan_set, plan)
    data = read_data_folder(
        Path(folder),
        variables,
        indicators=list(plan_set.indicators(plan)),
        on=plan_map_day(plan),
        within=plan.jurisdiction.code,
    )
    stage("read")
    needed = needed_variables(indicators.values())
    check_data(
        data, needed, [n for n in needed if n in variables and variables[n].time_aggregation == "sum"], variables
    )
    stage("check")
    prepared = prepare(data.units, data.counts, variables, None if command == "gap" else [year - 1, year])
    stage("aggregate")
    results = compute_prepared(prepared, indicators, shown=None if command == "gap" else [year])
    stage("compute")
    how = Presentation({i.id: i.decimals for i in indicators.values()})
    if command == "gap":
        from ytcs.engine.gap import evaluate_plan  # as `ytcs gap` imports it: in gap_plan, after the read

        codes = units_to_evaluate(plan, data.units, level=None, unit=None, hierarchy=data.hierarchy)
        missing = missing_inputs(prepared, results, indicators, year)  # as `ytcs gap` does (pipeline.gap_plan)
        rows = evaluate_plan(plan, indicators, results, data.units, published=data.published, year=year,
                             unit_codes=codes, missing_inputs=missing)  # fmt: skip
        stage("gap")
        render_gap(rows, "csv", Path(out), how, plan=plan, every_row=rows, summary="", title="", color=False)
    else:
        times["gap"] = 0.0
        render_compute(select_rows(results, data.units, year=year), "csv", Path(out), how)
    stage("write")
    return times


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])))
