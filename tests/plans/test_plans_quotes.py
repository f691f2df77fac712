"""Every quote in every plan is the document's own words: found in the seed it cites.

Whitespace and the table separators of a quoted table row (' | ' for a tab) are compared loosely;
every word, number and punctuation mark must match. Skipped where the seeds are not beside the repo.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.paths import REPO

SHARED = REPO.parent / "shared"


def loose(text: str) -> str:
    return re.sub(r"[\s|\u00a0]+", " ", text).strip()


def quotes(repo_plans) -> list[tuple[str, str, str]]:
    found = []
    for plan in repo_plans.plans:
        found += [(plan.id, plan.source, t.quote) for t in plan.targets]
        found += [(plan.id, plan.source, o.quote) for o in plan.objectives if o.quote]
    return found


def test_every_quote_is_in_its_seed(repo_plans):
    if not (SHARED / "seeds").is_dir():
        pytest.skip("seed documents not available beside the repository")
    seeds: dict[str, str] = {}
    missing = []
    for plan_id, source, quote in quotes(repo_plans):
        if source not in seeds:
            seeds[source] = loose(Path(SHARED / source).read_text(encoding="utf-8"))
        if loose(quote) not in seeds[source]:
            missing.append(f"{plan_id}: {quote[:80]}")
    assert not missing, "\n".join(missing)
    assert len(quotes(repo_plans)) > 100
