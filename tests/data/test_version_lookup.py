"""Which version of a code is in force on a day (UnitVersions.at): found by a search over the versions
ordered by code and start, it must agree with reading every version's validity one by one."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ytcs.data.versions import OPEN_FROM, OPEN_TO, UnitVersions

CODES = ["51", "62", "00001", "00002"]
DAYS = [20000101, 20180630, 20250630, 20250701, 20251231, 20260101, 99991230]


@st.composite
def unit_versions(draw: st.DrawFn) -> UnitVersions:
    """A few codes, each with versions that follow one another (a gap between two is allowed)."""
    rows = []
    for code in draw(st.lists(st.sampled_from(CODES), unique=True, max_size=4)):
        bounds = sorted(draw(st.lists(st.sampled_from(DAYS[:-1]), unique=True, min_size=0, max_size=4)))
        edges = [OPEN_FROM, *bounds, OPEN_TO]
        for start, end in itertools.pairwise(edges):
            if draw(st.integers(0, 3)):  # now and then no version over these days
                rows.append((code, start, end))
    rows = draw(st.permutations(rows))
    frame = pd.DataFrame(rows, columns=["code", "valid_from", "valid_to"])
    return UnitVersions(frame.astype({"code": "string", "valid_from": "int64", "valid_to": "int64"}))


@settings(max_examples=200, deadline=None)
@given(versions=unit_versions(), asked=st.lists(st.tuples(st.sampled_from([*CODES, "99"]), st.sampled_from(DAYS))))
def test_the_version_in_force_is_the_one_whose_days_hold_the_day(versions, asked):
    codes = np.array([code for code, _ in asked], dtype=object)
    days = np.array([day for _, day in asked], dtype=np.int64)
    frame = versions.frame
    by_hand = [
        next(
            (
                version
                for version in range(len(frame))
                if frame["code"].iat[version] == code
                and frame["valid_from"].iat[version] <= day < frame["valid_to"].iat[version]
            ),
            -1,
        )
        for code, day in asked
    ]
    assert versions.at(codes, days).tolist() == by_hand
    assert versions.known(codes).tolist() == [code in set(frame["code"]) for code in codes]
