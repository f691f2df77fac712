"""Where things are: the repository's plans and bundled data, and the folders of test fixtures."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PLANS = REPO / "plans"
CATALOG = PLANS / "catalog"
DATA = REPO / "data"

TESTS = REPO / "tests"
DATA_BAD = TESTS / "data_bad"  # one broken data folder per case, described in cases.yaml
DATA_OK = TESTS / "data_ok"
PLANS_BAD = TESTS / "plans_bad"  # one broken plan per file, each with its '# expect:' lines
PLANS_OK = TESTS / "plans_ok"
GOLDEN = TESTS / "golden"

# Each plan with targets and the bundled data folder made for it (data/README.md).
BUNDLED_FOLDERS = {
    "quang-ngai-2024-ct37": "quang-ngai",
    "bac-giang-2024-ct25": "bac-giang",
    "tam-duong-2022": "tam-duong",
    "kon-tum-2018-nq139": "kon-tum",
}
