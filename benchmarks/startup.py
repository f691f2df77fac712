"""The start-up of `ytcs compute` for the benchmark's own scripts (stages.py, floor.py; benchmark only): the
modules the command loads, loaded as `ytcs` loads them, in one place so that the stage timings and the floor
cannot load different things."""

from __future__ import annotations

import gc
import importlib

# The CLI first, as the program (click, and its settings for pydantic and numpy); then what the `compute`
# and `gap` commands import.
COMPUTE_MODULES = ("ytcs.cli", "ytcs.engine.compute", "ytcs.pipeline", "ytcs.plans.resolve", "ytcs.report.render")


def load_compute() -> None:
    """Import what the `compute` and `gap` commands import, as the program does (cli.main): the garbage
    collector held while the modules load, then what they made frozen out of its reach."""
    gc.disable()
    for name in COMPUTE_MODULES:
        importlib.import_module(name)
    gc.freeze()
    gc.enable()
