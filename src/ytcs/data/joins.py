"""Joins of integer keys without a merge: a sorted search gives the pairs an inner merge would, in its order.

The data folder's small frames (a crosswalk, its paths, the carried rows) were joined by pandas merges,
each a millisecond of overhead for a few hundred rows; the same pairs come from two searches.
"""

from __future__ import annotations

import numpy as np


def join_sorted(keys: np.ndarray, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (query, key) pair of equal values as an inner merge gives them: queries in order, each query's
    matches in the order of `keys`, which must be sorted. Returns the positions of both."""
    start = np.searchsorted(keys, queries, side="left")
    count = np.searchsorted(keys, queries, side="right") - start
    query = np.repeat(np.arange(len(queries)), count)
    offset = np.arange(len(query)) - np.repeat(np.cumsum(count) - count, count)
    return query, np.repeat(start, count) + offset


def join(keys: np.ndarray, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`join_sorted` for keys in any order: the positions are into `keys` as given, each query's matches in
    the order of `keys` (a stable sort keeps equal keys in it), as an inner merge gives them."""
    order = np.argsort(keys, kind="stable")
    query, key = join_sorted(keys[order], queries)
    return query, order[key]
