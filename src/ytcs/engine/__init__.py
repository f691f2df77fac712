"""Engine: counts → indicators → judgements, on whole frames.

The steps: `aggregate` (over time within a year, then up the hierarchy) → `compute` (every indicator
with its interval from `stats`, completeness and flags) → `gap` (every target of a plan, each judged
by `judge`).
"""
