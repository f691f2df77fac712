"""Confidence intervals, vectorised, as the UK public-health indicator tools compute them.

Methods and constants follow PHEindicatormethods (Fingertips): Wilson score limits for proportions;
for counts of events, exact Poisson limits from the chi-square distribution below 10 events and
Byar's approximation from 10 up; z = 1.959964 at 95% (the normal quantile, not the rounded 1.96).
References: Wilson EB (1927) JASA 22:209–212; Breslow & Day (1987) vol. II p. 69 (Byar's method);
Armitage & Berry, Statistical Methods in Medical Research (exact Poisson limits).
"""

from __future__ import annotations

import numpy as np

# scipy.special, not scipy.stats: the same quantiles without a second of import time.
from scipy.special import chdtri, ndtri

BYAR_FROM = 10


def z_value(confidence: float) -> float:
    """Two-sided normal quantile: 1.959964 at 0.95, 3.090232 at 0.998."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1; got {confidence}")
    return float(ndtri(1 - (1 - confidence) / 2))


def _chi2_quantile(probability: float, freedom: np.ndarray) -> np.ndarray:
    """chi2.ppf(probability, freedom), via the inverse of the upper tail."""
    return chdtri(freedom, 1 - probability)


def wilson_limits(successes: np.ndarray, trials: np.ndarray, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a proportion, as fractions of 1 (NaN where trials ≤ 0)."""
    x = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    z = z_value(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        centre = 2 * x + z**2
        spread = z * np.sqrt(z**2 + 4 * x * (1 - p))
        denominator = 2 * (n + z**2)
        low = (centre - spread) / denominator
        high = (centre + spread) / denominator
    invalid = ~(n > 0) | (x < 0) | (x > n)
    # Rounding can push a limit a hair past 0 or 1; a proportion's limits cannot leave [0, 1].
    low, high = np.clip(low, 0, 1), np.clip(high, 0, 1)
    return np.where(invalid, np.nan, low), np.where(invalid, np.nan, high)


def poisson_count_limits(events: np.ndarray, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Limits of an observed count of events: exact (chi-square) below 10, Byar's from 10 up."""
    o = np.asarray(events, dtype=float)
    alpha = 1 - confidence
    z = z_value(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        exact_low = np.where(o > 0, _chi2_quantile(alpha / 2, 2 * o) / 2, 0.0)
        exact_high = _chi2_quantile(1 - alpha / 2, 2 * (o + 1)) / 2
        byar_low = o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3
        byar_high = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * np.sqrt(o + 1))) ** 3
    small = o < BYAR_FROM
    low = np.where(small, exact_low, byar_low)
    high = np.where(small, exact_high, byar_high)
    invalid = ~(o >= 0)
    return np.where(invalid, np.nan, low), np.where(invalid, np.nan, high)


def rate_limits(
    events: np.ndarray, denominator: np.ndarray, multiplier: float, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Limits of events / denominator × multiplier, in the rate's own units."""
    low, high = poisson_count_limits(events, confidence)
    d = np.asarray(denominator, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(d > 0, multiplier / d, np.nan)
    return low * scale, high * scale


def proportion_limits(
    numerator: np.ndarray, denominator: np.ndarray, multiplier: float, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson limits of numerator / denominator, scaled to the indicator's units (× 100 for %)."""
    low, high = wilson_limits(numerator, denominator, confidence)
    return low * multiplier, high * multiplier
