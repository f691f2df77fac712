"""Engine, judging values against one target: met or not, the gap, significance, and progress.

Every rule takes whole arrays (the units a target is judged for) and the target's own numbers.

The rules (README, "How `ytcs gap` decides"):
- gap is the shortfall in the indicator's own units, positive when behind and 0 when met, whatever
  the polarity; relative gap = gap / |target|.
- significance, as the UK public-health tools rate a value against a goal: where a confidence
  interval exists, "significantly behind" when the whole interval lies on the wrong side of the
  target, "significantly ahead" when it lies wholly on the right side, else "not significantly
  different"; "no interval" for censuses (staff, beds) and reported values.
- progress by the Eurostat SDG / Open SDG method: R = d · CAGR_obs / |CAGR_req|, on track (R ≥ 0.95),
  needs acceleration (0.6 ≤ R < 0.95), limited progress (0 ≤ R < 0.6), deterioration (R < 0).
  Where a growth rate is undefined (a base, latest value or target of 0) the same ratio is taken
  of linear slopes. When the base already met the target (required change 0), moving away is
  deterioration and standing still is on track.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ytcs.vocab import Comparator, Significance, Status

ON_TRACK_FROM = 0.95
ACCELERATE_FROM = 0.6

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Objects = npt.NDArray[np.object_]
Numbers = Floats | float


def _python_power(base: float, exponent: float) -> float:
    """`base ** exponent` of a positive base; infinity where that is too large to hold (Python raises)."""
    try:
        return base**exponent
    except OverflowError:
        return math.inf


# x ** y exactly as Python computes it (the C library's pow): numpy's SIMD power can differ in the last
# bit from one processor to another, and a judgement must not change with the machine's vector unit.
_PYTHON_POWER = np.frompyfunc(_python_power, 2, 1)


def power(base: Floats, exponent: Numbers) -> Floats:
    """`base ** exponent` of positive bases, element by element, as Python's float power gives it."""
    return np.asarray(_PYTHON_POWER(np.asarray(base, dtype=np.float64).astype(object), exponent), dtype=np.float64)


@dataclass(frozen=True)
class Aim:
    """What a target compares with: its comparator, value, and a band's tolerance or upper end."""

    comparator: str
    value: float
    tolerance: float | None = None
    upper: float | None = None

    @property
    def rising(self) -> int:
        return Comparator(self.comparator).rising

    @property
    def high(self) -> float:
        """The upper end of a range (the value itself when there is none)."""
        return self.upper if self.upper is not None else self.value


def choose(default: object, *cases: tuple[Bools, object]) -> Objects:
    """Per element, the label of the first case that holds, else `default` (labels kept as the objects given)."""
    length = len(cases[0][0]) if cases else 0
    out = np.full(length, default, dtype=object)
    for holds, label in reversed(cases):
        out[holds] = label
    return out


def meets(values: Numbers, aim: Aim) -> Bools:
    """Whether each value meets the target; False where the value is missing."""
    v = np.asarray(values, dtype=np.float64)
    t = aim.value
    with np.errstate(invalid="ignore"):
        if aim.comparator == ">=":
            return v >= t
        if aim.comparator == ">":
            return v > t
        if aim.comparator == "<=":
            return v <= t
        if aim.comparator == "<":
            return v < t
        if aim.comparator == "==":  # math.isclose(v, t, rel_tol=1e-9, abs_tol=1e-9)
            diff = np.abs(t - v)
            close = (diff <= abs(1e-9 * t)) | (diff <= np.abs(1e-9 * v)) | (diff <= 1e-9)
            return (v == t) | (close & ~np.isinf(v) & ~np.isinf(np.float64(t)))
        if aim.comparator == "~":
            return np.abs(v - t) <= (aim.tolerance or 0) + 1e-12
        if aim.comparator == "between":
            return (t <= v) & (v <= aim.high)
    raise ValueError(f"unknown comparator {aim.comparator!r}")


def _at_least_zero(values: Floats) -> Floats:
    """max(0.0, x) as Python gives it: 0.0 unless x > 0 (a missing x gives 0.0)."""
    return np.where(values > 0.0, values, 0.0)


def shortfalls(values: Numbers, aim: Aim) -> Floats:
    """The gap: how far each value is on the wrong side, in the indicator's units (0 when met, NaN when missing)."""
    v = np.asarray(values, dtype=np.float64)
    t = aim.value
    with np.errstate(invalid="ignore", over="ignore"):
        if aim.rising:
            behind = _at_least_zero(aim.rising * (t - v))
        elif aim.comparator == "==":
            behind = np.abs(v - t)
        elif aim.comparator == "~":
            behind = _at_least_zero(np.abs(v - t) - (aim.tolerance or 0))
        elif aim.comparator == "between":
            below = _at_least_zero(t - v)
            behind = np.where(v - aim.high > below, v - aim.high, below)
        else:
            raise ValueError(f"unknown comparator {aim.comparator!r}")
    return np.where(np.isnan(v), np.nan, np.where(meets(v, aim), 0.0, behind))


def satisfies(
    value: float, comparator: str, target: float, *, tolerance: float | None = None, upper: float | None = None
) -> bool:
    """Whether one value meets the target; False when the value is missing."""
    if value is None:
        return False
    return bool(meets(np.array([value], dtype=np.float64), Aim(comparator, target, tolerance, upper))[0])


def shortfall(
    value: float, comparator: str, target: float, *, tolerance: float | None = None, upper: float | None = None
) -> float:
    """The gap of one value (0 when met, NaN when missing)."""
    value = np.nan if value is None else value
    return float(shortfalls(np.array([value], dtype=np.float64), Aim(comparator, target, tolerance, upper))[0])


def directions(aim: Aim, towards: Numbers, current: Floats) -> npt.NDArray[np.int64]:
    """+1 where the value must rise to reach the target, −1 where it must fall.

    One-sided targets say it; for two-sided ones (~, between, ==) it is where `towards` lies from
    the current value.
    """
    if aim.rising:
        return np.full(len(current), aim.rising, dtype=np.int64)
    return np.where(np.asarray(towards) >= current, 1, -1).astype(np.int64)


def significances(ci_low: Floats, ci_high: Floats, aim: Aim) -> Objects:
    """Where each whole interval lies relative to the target (no interval where an end is missing)."""
    low_ok, high_ok = meets(ci_low, aim), meets(ci_high, aim)
    if aim.rising > 0:
        behind = ~high_ok
    elif aim.rising < 0:
        behind = ~low_ok
    else:
        tolerance = (aim.tolerance or 0) if aim.comparator == "~" else 0
        low_end = aim.value - tolerance if aim.comparator == "~" else aim.value
        high_end = aim.value + tolerance if aim.comparator == "~" else aim.high
        behind = (ci_high < low_end) | (ci_low > high_end)
    no_interval = np.isnan(ci_low) | np.isnan(ci_high)
    return choose(
        Significance.SAME,
        (no_interval, Significance.NONE),
        (low_ok & high_ok, Significance.AHEAD),
        (behind, Significance.BEHIND),
    )


def statuses_from_ratio(ratio: Floats) -> Objects:
    """On track from 0.95, needs acceleration from 0.6, limited progress from 0, else deterioration."""
    return choose(
        Status.DETERIORATION,
        (ratio >= ON_TRACK_FROM, Status.ON_TRACK),
        (ratio >= ACCELERATE_FROM, Status.ACCELERATE),
        (ratio >= 0, Status.LIMITED),
    )


@dataclass(frozen=True)
class Progress:
    ratio: Floats
    status: Objects
    projected: Floats
    observed_change: Floats
    required_change: Floats


def progress(
    base_year: Floats,
    base: Floats,
    latest_year: int,
    latest: Floats,
    target_year: int,
    target: Floats,
    sign: npt.NDArray[np.int64],
    *,
    bounded: bool = False,
) -> Progress:
    """Eurostat/Open SDG ratio of observed to required compound growth, with a linear fallback.

    `sign` is +1 where the value must rise, −1 where it must fall.
    """
    observed_years = latest_year - base_year
    required_years = target_year - base_year
    if (observed_years <= 0).any() or (required_years <= 0).any():
        raise ValueError("progress needs base_year < latest_year and base_year < target_year")
    growth = (base > 0) & (latest > 0) & (target > 0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        observed = (latest - base) / observed_years
        required = (target - base) / required_years
        projected = base + observed * required_years
        g = np.flatnonzero(growth)
        observed[g] = power(latest[g] / base[g], 1 / observed_years[g]) - 1
        required[g] = power(target[g] / base[g], 1 / required_years[g]) - 1
        projected[g] = base[g] * power(1 + observed[g], required_years[g])
        if bounded:  # min(100.0, max(0.0, projected)): a missing projection becomes 0, as Python's max gives
            projected = _at_least_zero(projected)
            projected = np.where(projected < 100.0, projected, 100.0)
        ratio = sign * observed / np.abs(required)
    standing = required == 0
    moving_away = sign * observed < 0
    ratio[standing] = np.where(moving_away, -np.inf, np.where(observed == 0, 1.0, np.inf))[standing]
    status = statuses_from_ratio(ratio)
    status[standing & moving_away] = Status.DETERIORATION
    status[standing & ~moving_away] = Status.ON_TRACK
    return Progress(ratio, status, projected, observed, required)
