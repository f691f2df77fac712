"""Where plan ids are looked up when no --plans folder is given.

A module of its own, free of pydantic and YAML, so that the command line can declare its options (and
answer --help and --version) without loading the plan models.
"""

from pathlib import Path

DEFAULT_PLANS_DIR = Path("plans")
