"""Output files as spreadsheets and CI read them: formula-like text neutralised, GitHub annotations escaped."""

from __future__ import annotations

import pandas as pd

from ytcs.diagnostics import Issue, Location
from ytcs.report.files import frame_to_csv_bytes, render_issues_github


def test_formula_like_text_is_neutralised_in_csv():
    frame = pd.DataFrame({"name": ['=HYPERLINK("x")', "+1", "-a", "@b", "ok"], "value": [-1.5, 2, 3, 4, 5]})
    text = frame_to_csv_bytes(frame).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+1" in text and "'-a" in text and "'@b" in text
    assert "-1.5" in text  # numbers stay numbers


def test_github_format_escapes_like_the_actions_toolkit():
    issue = Issue(Location("plans/a,b.yaml", 3, 4), "error", "x", "50% of\nthings: bad", "code")
    text = render_issues_github([issue], "1 error")
    assert text.splitlines()[0] == (
        "::error file=plans/a%2Cb.yaml,line=3,col=4,title=ytcs code::x: 50%25 of%0Athings: bad"
    )
