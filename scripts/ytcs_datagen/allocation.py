"""Integer allocation: counts that hit a plan's totals exactly (largest remainders, nested orders)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

PlanPaths = Mapping[str, Sequence[float]]  # a plan's figures: name -> one value per year of the folder
Figures = Mapping[int, Mapping[str, float]]  # the same by year: year -> name -> value


def apportion(total: int, weights: Sequence[float] | np.ndarray, upper: np.ndarray | None = None) -> np.ndarray:
    """Integers that sum to `total`, proportional to `weights` by largest remainders, never above `upper`."""
    weights = np.asarray(weights, dtype=float)
    cap = np.full(len(weights), 10**15) if upper is None else np.asarray(upper, dtype=np.int64)
    total = int(total)
    if total < 0 or total > cap.sum():
        raise ValueError(f"cannot share {total} among units holding at most {int(cap.sum())}")
    if total == 0:
        return np.zeros(len(weights), dtype=np.int64)
    if weights.sum() <= 0:
        weights = np.ones(len(weights))
    quota = total * weights / weights.sum()
    result = np.minimum(np.floor(quota).astype(np.int64), cap)
    while (missing := total - int(result.sum())) > 0:
        room = result < cap
        score = np.where(room, quota - result, -np.inf)
        chosen = np.argsort(-score, kind="stable")[: min(missing, int(room.sum()))]
        result[chosen] += 1
    return result


def noisy(rng: np.random.Generator, expected: np.ndarray, sigma: float) -> np.ndarray:
    """Expected values times log-normal noise: weights for `apportion`."""
    expected = np.asarray(expected, dtype=float)
    return expected * rng.lognormal(0.0, sigma, len(expected))


def staged(rng: np.random.Generator, size: int, counts: Mapping[int, int]) -> dict[int, np.ndarray]:
    """For each year, a mask of `counts[year]` units, nested: a unit chosen in a smaller year stays chosen."""
    order = rng.permutation(size)
    masks = {}
    for year, count in counts.items():
        mask = np.zeros(size, dtype=bool)
        mask[order[:count]] = True
        masks[year] = mask
    return masks


def staged_slots(
    rng: np.random.Generator, slots: np.ndarray, size: int, counts: Mapping[int, int]
) -> dict[int, np.ndarray]:
    """`staged` over slots (e.g. the former communes a unit is made of), counted per unit holding the slots."""
    masks = staged(rng, len(slots), counts)
    return {year: np.bincount(slots[mask], minlength=size) for year, mask in masks.items()}


def marked(size: int, positions: np.ndarray) -> np.ndarray:
    """0 for every unit, 1 at `positions`: a yes/no count per unit."""
    values = np.zeros(size, dtype=np.int64)
    values[positions] = 1
    return values


def per(rate: float, denominator: int, multiplier: float) -> int:
    """The count that gives `rate` per `multiplier` of `denominator`, rounded."""
    return round(rate * denominator / multiplier)


def path_of(path: PlanPaths, years: Sequence[int], year: int) -> dict[str, float]:
    """One year's figures out of a plan's paths."""
    return {name: values[years.index(year)] for name, values in path.items()}


def by_year(path: PlanPaths, years: Sequence[int]) -> dict[int, dict[str, float]]:
    """Every year's figures out of a plan's paths, so loops read `figures[year][name]`."""
    return {year: path_of(path, years, year) for year in years}


def counts_of(figures: Figures, name: str) -> dict[int, int]:
    """One figure, a count of units, for every year: the argument `staged` takes."""
    return {year: int(values[name]) for year, values in figures.items()}
