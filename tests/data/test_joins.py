"""`join_sorted` gives the pairs an inner merge gives, in its order (the crosswalk and carry joins rely on it)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from ytcs.data.joins import join, join_sorted

small_ints = st.lists(st.integers(-3, 6), max_size=25)


def _merged(keys: np.ndarray, queries: np.ndarray) -> list[tuple[int, int]]:
    """The (query, key) positions pandas' inner merge pairs, in its order."""
    merged = pd.merge(
        pd.DataFrame({"value": queries, "query": np.arange(len(queries))}),
        pd.DataFrame({"value": keys, "key": np.arange(len(keys))}),
        on="value",
        how="inner",
    )
    return list(zip(merged["query"].tolist(), merged["key"].tolist(), strict=True))


@given(keys=small_ints, queries=small_ints)
def test_the_pairs_are_an_inner_merge_s_in_its_order(keys, queries):
    keys_array, queries_array = np.sort(np.array(keys, dtype=np.int64)), np.array(queries, dtype=np.int64)
    query, key = join_sorted(keys_array, queries_array)
    assert list(zip(query.tolist(), key.tolist(), strict=True)) == _merged(keys_array, queries_array)


def test_repeated_keys_pair_with_every_query_that_equals_them():
    """Worked by hand: keys [1, 2, 2, 5], queries [2, 7, 1, 2] → query 0 with keys 1 and 2, query 2 with key 0,
    query 3 with keys 1 and 2; 7 has no key."""
    query, key = join_sorted(np.array([1, 2, 2, 5]), np.array([2, 7, 1, 2]))
    assert query.tolist() == [0, 0, 2, 3, 3]
    assert key.tolist() == [1, 2, 0, 1, 2]


@given(keys=small_ints, queries=small_ints)
def test_keys_in_any_order_give_an_inner_merge_s_pairs_in_its_order(keys, queries):
    """`join` on unsorted keys: positions into the keys as given, as pandas' inner merge pairs them."""
    keys_array, queries_array = np.array(keys, dtype=np.int64), np.array(queries, dtype=np.int64)
    query, key = join(keys_array, queries_array)
    assert list(zip(query.tolist(), key.tolist(), strict=True)) == _merged(keys_array, queries_array)


def test_unsorted_repeated_keys_are_found_in_their_own_order():
    """Worked by hand: keys [5, 2, 1, 2], queries [2, 1] → query 0 with keys 1 then 3, query 1 with key 2."""
    query, key = join(np.array([5, 2, 1, 2]), np.array([2, 1]))
    assert query.tolist() == [0, 0, 1]
    assert key.tolist() == [1, 3, 2]
