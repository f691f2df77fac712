"""Engine, judging one value against one target: met or not, the gap, significance, and progress.

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

from ytcs.vocab import Comparator, Significance, Status

ON_TRACK_FROM = 0.95
ACCELERATE_FROM = 0.6


@dataclass(frozen=True)
class Progress:
    ratio: float
    status: Status
    projected: float
    observed_change: float
    required_change: float


def satisfies(
    value: float, comparator: str, target: float, *, tolerance: float | None = None, upper: float | None = None
) -> bool:
    """Whether `value` meets the target; False when the value is missing."""
    if value is None or math.isnan(value):
        return False
    if comparator == ">=":
        return value >= target
    if comparator == ">":
        return value > target
    if comparator == "<=":
        return value <= target
    if comparator == "<":
        return value < target
    if comparator == "==":
        return math.isclose(value, target, rel_tol=1e-9, abs_tol=1e-9)
    if comparator == "~":
        return abs(value - target) <= (tolerance or 0) + 1e-12
    if comparator == "between":
        return target <= value <= (upper if upper is not None else target)
    raise ValueError(f"unknown comparator {comparator!r}")


def shortfall(
    value: float, comparator: str, target: float, *, tolerance: float | None = None, upper: float | None = None
) -> float:
    """The gap: how far the value is on the wrong side, in the indicator's units (0 when met)."""
    if value is None or math.isnan(value):
        return math.nan
    if satisfies(value, comparator, target, tolerance=tolerance, upper=upper):
        return 0.0
    rising = Comparator(comparator).rising
    if rising:
        return max(0.0, rising * (target - value))
    if comparator == "==":
        return abs(value - target)
    if comparator == "~":
        return max(0.0, abs(value - target) - (tolerance or 0))
    if comparator == "between":
        high = upper if upper is not None else target
        return max(0.0, target - value, value - high)
    raise ValueError(f"unknown comparator {comparator!r}")


def direction(comparator: str, target: float, current: float) -> int:
    """+1 when the value must rise to reach the target, −1 when it must fall.

    One-sided targets say it; for two-sided ones (~, between, ==) it is where the target lies from
    the current value.
    """
    return Comparator(comparator).rising or (1 if target >= current else -1)


def significance(
    ci_low: float,
    ci_high: float,
    comparator: str,
    target: float,
    *,
    tolerance: float | None = None,
    upper: float | None = None,
) -> Significance:
    """Where the whole interval lies relative to the target."""
    if ci_low is None or ci_high is None or math.isnan(ci_low) or math.isnan(ci_high):
        return Significance.NONE
    low_ok = satisfies(ci_low, comparator, target, tolerance=tolerance, upper=upper)
    high_ok = satisfies(ci_high, comparator, target, tolerance=tolerance, upper=upper)
    if low_ok and high_ok:
        return Significance.AHEAD
    rising = Comparator(comparator).rising
    if (rising > 0 and not high_ok) or (rising < 0 and not low_ok):
        return Significance.BEHIND
    if not rising:
        low_end = target - (tolerance or 0) if comparator == "~" else target
        high_end = target + (tolerance or 0) if comparator == "~" else (upper if upper is not None else target)
        if ci_high < low_end or ci_low > high_end:
            return Significance.BEHIND
    return Significance.SAME


def status_from_ratio(ratio: float) -> Status:
    if ratio >= ON_TRACK_FROM:
        return Status.ON_TRACK
    if ratio >= ACCELERATE_FROM:
        return Status.ACCELERATE
    if ratio >= 0:
        return Status.LIMITED
    return Status.DETERIORATION


def progress(
    base_year: int,
    base: float,
    latest_year: int,
    latest: float,
    target_year: int,
    target: float,
    sign: int,
    *,
    bounded: bool = False,
) -> Progress:
    """Eurostat/Open SDG ratio of observed to required compound growth, with a linear fallback.

    `sign` is +1 when the value must rise, −1 when it must fall.
    """
    observed_years = latest_year - base_year
    required_years = target_year - base_year
    if observed_years <= 0 or required_years <= 0:
        raise ValueError("progress needs base_year < latest_year and base_year < target_year")
    use_growth = base > 0 and latest > 0 and target > 0
    if use_growth:
        observed = (latest / base) ** (1 / observed_years) - 1
        required = (target / base) ** (1 / required_years) - 1
        projected = base * (1 + observed) ** required_years
    else:
        observed = (latest - base) / observed_years
        required = (target - base) / required_years
        projected = base + observed * required_years
    if bounded:
        projected = min(100.0, max(0.0, projected))
    if required == 0:
        moving_away = sign * observed < 0
        ratio = -math.inf if moving_away else (1.0 if observed == 0 else math.inf)
        status = Status.DETERIORATION if moving_away else Status.ON_TRACK
        return Progress(ratio, status, projected, observed, required)
    ratio = sign * observed / abs(required)
    return Progress(ratio, status_from_ratio(ratio), projected, observed, required)
