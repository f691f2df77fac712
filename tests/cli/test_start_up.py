"""The `ytcs` program holds the garbage collector off while its modules load, then freezes what they made
(issue 14, start-up); the output is the same as without, and a library caller's collector is left alone."""

from __future__ import annotations

import gc
import os
import subprocess
import sys

import pytest

from tests.support.cli import QN, QN_DATA, invoke
from tests.support.paths import REPO

PROGRAM = """
import gc, sys
from ytcs.cli import main
sys.argv = ["ytcs", *sys.argv[1:]]
try:
    main()
finally:
    loaded = ",".join(name for name in ("pandas", "pydantic") if name in sys.modules) or "-"
    print(gc.isenabled(), gc.get_freeze_count() > 0, loaded, file=sys.stderr)
"""


def _program(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PROGRAM, *args], capture_output=True, text=True, cwd=REPO)


def test_the_program_gives_what_the_library_gives_with_the_collector_back_on(tmp_path):
    out = tmp_path / "gap.csv"
    run = _program("gap", QN, "--data", QN_DATA, "--year", "2024", "--format", "csv", "-o", str(out))
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines()[-1] == "True True pandas,pydantic"  # on again; what they made frozen out of it
    in_process = invoke(["gap", QN, "--data", QN_DATA, "--year", "2024", "--format", "csv"])
    assert out.read_bytes().decode("utf-8-sig") == in_process.stdout.removeprefix("\ufeff")


def test_a_command_that_reads_no_data_turns_it_back_on_too():
    run = _program("validate", "plans")
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines()[-1] == "True True pydantic"  # pydantic's objects frozen; no pandas


def test_a_library_caller_keeps_its_collector():
    frozen = gc.get_freeze_count()
    invoke(["gap", QN, "--data", QN_DATA, "--year", "2024", "--format", "csv"])
    assert gc.isenabled() and gc.get_freeze_count() == frozen


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["compute", "--help"], ["gap", "--help"]])
def test_help_and_version_load_neither_pandas_nor_pydantic(args):
    """What ytcs/cli.py promises: a command's help and the version are shown without its heavy imports."""
    run = _program(*args)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip()  # the help or the version was shown
    assert run.stderr.splitlines()[-1].split()[-1] == "-"  # neither module loaded


HUGE_PAGES = """
import ytcs.cli
import numpy
print(numpy._core.multiarray._set_madvise_hugepage(False))
"""


def _huge_pages_asked(environment: dict[str, str]) -> str:
    """Whether numpy, loaded after the program's module, asks for huge pages (its answer: the setting before)."""
    run = subprocess.run([sys.executable, "-c", HUGE_PAGES], capture_output=True, text=True, cwd=REPO, env=environment)
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def test_the_program_asks_for_no_huge_pages_unless_the_user_does():
    bare = {key: value for key, value in os.environ.items() if key != "NUMPY_MADVISE_HUGEPAGE"}
    assert _huge_pages_asked(bare) == "False"
    assert _huge_pages_asked({**bare, "NUMPY_MADVISE_HUGEPAGE": "1"}) == "True"


JUDGING = """
import sys
from ytcs.cli import main
sys.argv = ["ytcs", *sys.argv[1:]]
try:
    main()
finally:
    judging = ("ytcs.engine.gap", "ytcs.engine.judge", "ytcs.report.overview")
    print(sorted(name for name in judging if name in sys.modules), file=sys.stderr)
"""


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_compute_loads_none_of_the_judging_modules(fmt):
    """`compute` never judges a target: in none of its formats does it load what `gap` judges with."""
    run = subprocess.run([sys.executable, "-c", JUDGING, "compute", QN, "--data", QN_DATA, "--format", fmt],
                         capture_output=True, text=True, cwd=REPO)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines()[-1] == "[]"


def test_gap_loads_them():
    """The check above can see the modules: `gap` does load them."""
    run = subprocess.run([sys.executable, "-c", JUDGING, "gap", QN, "--data", QN_DATA], capture_output=True, text=True,
                         cwd=REPO)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines()[-1] == "['ytcs.engine.gap', 'ytcs.engine.judge', 'ytcs.report.overview']"
