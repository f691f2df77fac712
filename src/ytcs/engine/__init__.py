"""Engine: counts → indicators → judgements, on whole frames.

The steps: `aggregate` (over time within a year, then up the hierarchy) → `compute` (every indicator
with its interval from `stats`, completeness and flags) → `gap` (every target of a plan × the units asked,
joined with their data at once by `pairs`, each target judged for all its units by `target` with the
rules of `judge`).
"""
