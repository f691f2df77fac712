"""Confidence intervals, vectorised, as the UK public-health indicator tools compute them.

Methods and constants follow PHEindicatormethods (Fingertips): Wilson score limits for proportions;
for counts of events, exact Poisson limits from the chi-square distribution below 10 events and
Byar's approximation from 10 up; z = 1.959964 at 95% (the normal quantile, not the rounded 1.96).
References: Wilson EB (1927) JASA 22:209–212; Breslow & Day (1987) vol. II p. 69 (Byar's method);
Armitage & Berry, Statistical Methods in Medical Research (exact Poisson limits).
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import sys
from types import ModuleType

import numpy as np

BYAR_FROM = 10


@functools.cache
def _special() -> ModuleType:
    """scipy's compiled special functions (`ndtri`, `chdtri`), imported when an interval is first computed.

    Not scipy.stats (a second of imports), and not `import scipy.special` either: that package also loads
    its array-API layer, which imports numpy.f2py, numpy.testing and more (~0.07 s). Its compiled module
    `_ufuncs` holds the very same functions (scipy.special re-exports these ufunc objects) and loads in a
    tenth of the time when the package's folder is found without running its `__init__`. Should a future
    scipy move it, the whole package is imported instead: slower, the same numbers."""
    if "scipy.special" in sys.modules:
        return sys.modules["scipy.special"]
    try:
        module: ModuleType | None = _compiled_alone()
    except Exception:  # whatever a future scipy's module needs of its package: the package, imported whole
        module = None
    if module is None or not all(hasattr(module, name) for name in ("chdtri", "ndtri")):
        return importlib.import_module("scipy.special")
    return module


def _compiled_alone() -> ModuleType | None:
    """scipy.special._ufuncs, its package's folder found but its `__init__` not run (None: no scipy.special)."""
    spec = importlib.util.find_spec("scipy.special")
    if spec is None:
        return None
    placeholder = importlib.util.module_from_spec(spec)  # only its folder is used
    loaded_before = set(sys.modules)
    sys.modules["scipy.special"] = placeholder
    try:
        return importlib.import_module("scipy.special._ufuncs")
    except Exception:  # nothing half-loaded under the placeholder stays for the real import to find
        for name in set(sys.modules) - loaded_before:
            if name.startswith("scipy.special."):
                del sys.modules[name]
        raise
    finally:
        if sys.modules.get("scipy.special") is placeholder:
            del sys.modules["scipy.special"]  # a later `import scipy.special` runs the package as usual


def z_value(confidence: float) -> float:
    """Two-sided normal quantile: 1.959964 at 0.95, 3.090232 at 0.998."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1; got {confidence}")
    return float(_special().ndtri(1 - (1 - confidence) / 2))


def _chi2_quantile(probability: float, freedom: np.ndarray) -> np.ndarray:
    """chi2.ppf(probability, freedom), via the inverse of the upper tail: once per distinct number of degrees
    of freedom (counts of events are whole numbers, so a national file has a handful among many rows)."""
    distinct, where = np.unique(freedom, return_inverse=True)
    return np.asarray(_special().chdtri(distinct, 1 - probability))[where]


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
    given = np.asarray(events, dtype=float)
    o = given.reshape(-1)
    alpha = 1 - confidence
    z = z_value(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        low = o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3
        high = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * np.sqrt(o + 1))) ** 3
    # Exact limits (chi-square quantiles, the slow part) only for the counts below 10; a lower limit of 0 at 0.
    small = np.flatnonzero((o >= 0) & (o < BYAR_FROM))
    some = small[o[small] > 0]
    low[small] = 0.0
    low[some] = _chi2_quantile(alpha / 2, 2 * o[some]) / 2
    high[small] = _chi2_quantile(1 - alpha / 2, 2 * (o[small] + 1)) / 2
    invalid = ~(o >= 0)
    return np.where(invalid, np.nan, low).reshape(given.shape), np.where(invalid, np.nan, high).reshape(given.shape)


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
