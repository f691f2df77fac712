"""Engine, the gap: every target of a plan against the computed values, for the units asked.

Once the data year is the target year or later (or inside a "duy trì" span), a target is met or missed;
before that, progress is judged (`ytcs.engine.judge`); achieved if already satisfying.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ytcs.engine.pairs import UNIT_FACTS, Pairs, judged_pairs
from ytcs.engine.target import Facts, evaluate_target
from ytcs.plans.models import Indicator, Plan, Target
from ytcs.vocab import Flag, Significance, Status

GAP_COLUMNS = [
    "plan",
    "unit",
    "unit_name",
    "level",
    "indicator",
    "indicator_name",
    "indicator_unit",
    "year",
    "target_year",
    "from_year",
    "kind",
    "comparator",
    "target",
    "upper",
    "tolerance",
    "change_unit",
    "value",
    "ci_low",
    "ci_high",
    "gap",
    "relative_gap",
    "percent_achieved",
    "status",
    "significance",
    "projected",
    "base_year",
    "base_value",
    "observed_change",
    "required_change",
    "ratio",
    "missing",
    "scope",
    "section",
    "quote",
    "note",
    "completeness",
    "flags",
]

# Gap columns every row has in one type (a target's from its pair, an objective's empty), typed even with no row.
TYPED_COLUMNS = {"completeness": np.float64, "flags": np.int64}
# The columns of the judged pairs, and the types they are read with.
FACTS = {name: float for name in ("value", "ci_low", "ci_high", "base_year", "base_value")} | {
    "unit": object, "has_base": bool,
}  # fmt: skip
# Gap columns that are a target's own fields, each spread over the target's rows.
OWN_FIELDS = {name: name for name in ("from_year", "kind", "comparator", "upper", "tolerance", "change_unit", "scope",
              "section", "quote", "note")} | {"target_year": "year"}  # fmt: skip


def _constant(values: list[object]) -> np.ndarray:
    """One object per target (kept as the object given), to be spread over its rows."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def _targets_part(plan: Plan, targets: list[Target], indicators: Mapping[str, Indicator], found: Pairs,
                  data_year: int | None) -> dict[str, np.ndarray]:  # fmt: skip
    """The gap rows of every target, a column each (`found`: the judged pairs, in target order): what was
    judged, target by target on whole columns, and the target's own columns spread over its rows."""
    starts = np.searchsorted(found["target"], np.arange(len(targets) + 1))
    facts = {name: found[name].astype(kind, copy=False) for name, kind in FACTS.items()}
    judged = [
        evaluate_target(plan, target, indicators[target.indicator],
                        Facts(**{name: array[starts[i] : starts[i + 1]] for name, array in facts.items()}), data_year)
        for i, target in enumerate(targets)
    ]  # fmt: skip
    columns = {name: np.concatenate([block[name] for block in judged]) for name in judged[0]}
    own: dict[str, list[object]] = {
        "plan": [plan.id] * len(targets), "indicator": [indicators[t.indicator].id for t in targets],
        "indicator_name": [indicators[t.indicator].name_vi for t in targets],
        "indicator_unit": [indicators[t.indicator].unit for t in targets], "year": [data_year] * len(targets),
        **{column: [getattr(t, field) for t in targets] for column, field in OWN_FIELDS.items()},
    }  # fmt: skip
    place = found["target"]
    columns.update({name: _constant(values)[place] for name, values in own.items()})
    columns["target"] = np.asarray([t.value for t in targets], dtype=np.float64)[place]
    columns.update({name: found[name].astype(object, copy=False) for name in ("unit", *UNIT_FACTS)})
    # Each row's completeness and flags as computed for its unit, indicator and data year: a value summed
    # from an incomplete lower level says so in gap as in compute.
    columns.update({name: found[name] for name in TYPED_COLUMNS})
    return columns


def _objective_block(plan: Plan, data_year: int | None) -> dict[str, np.ndarray]:
    """Qualitative objectives: carried and reported as not measurable, never dropped."""
    objectives = plan.objectives
    n = len(objectives)

    def same(value: object) -> np.ndarray:
        return np.full(n, value, dtype=object)

    return {
        "plan": same(plan.id), "unit": same(plan.jurisdiction.code), "unit_name": same(plan.jurisdiction.name),
        "level": same(plan.jurisdiction.level), "indicator": same(None),
        "indicator_name": np.asarray([o.text for o in objectives], dtype=object),
        "status": same(Status.NOT_MEASURABLE), "significance": same(None),
        "section": np.asarray([o.section for o in objectives], dtype=object),
        "quote": np.asarray([o.quote for o in objectives], dtype=object),
        "note": np.asarray([o.note for o in objectives], dtype=object), "year": same(data_year),
        "completeness": np.full(n, np.nan), "flags": np.zeros(n, np.int64),  # nothing computed for an objective
    }  # fmt: skip


def _frame(parts: list[dict[str, np.ndarray]]) -> pd.DataFrame:
    """The parts one under the other; a column a part lacks is empty (NaN) there. Types are inferred as
    from one row per record (all None stays None, numbers with gaps are floats, text with gaps is text);
    `TYPED_COLUMNS`, which every part gives, keep their type even with no row."""
    sizes = [len(next(iter(part.values()))) for part in parts]
    if sum(sizes) == 0:
        return pd.DataFrame([], columns=GAP_COLUMNS).astype(TYPED_COLUMNS)
    sized = list(zip(parts, sizes, strict=True))
    columns = {name: np.concatenate([part[name] if name in part else np.full(size, np.nan) for part, size in sized])
               for name in GAP_COLUMNS}  # fmt: skip
    return pd.DataFrame(columns).infer_objects()


def evaluate_plan(
    plan: Plan,
    indicators: Mapping[str, Indicator],
    results: pd.DataFrame,
    units: pd.DataFrame,
    *,
    published: pd.DataFrame | None = None,
    year: int | None = None,
    target_year: int | None = None,
    unit_codes: Iterable[str] | None = None,
    missing_inputs: Mapping[tuple[str, int, str], list[str]] | None = None,
    only_unit: str | None = None,
) -> pd.DataFrame:
    """One row per (target, unit) for the units asked (default: the plan's jurisdiction), plus one row
    per qualitative objective; columns as `GAP_COLUMNS`.

    `missing_inputs` maps (unit, year, indicator) to the variables that unit did not report.
    A target scoped to one unit is always judged for that unit, unless `only_unit` names another.
    Every pair is looked up in one pass (`ytcs.engine.pairs`) and each target judged on whole columns.
    """
    data_year = year if year is not None else (int(results["year"].max()) if len(results) else None)
    targets = [t for t in plan.targets if target_year is None or t.year == target_year]
    codes = list(unit_codes) if unit_codes is not None else [plan.jurisdiction.code]
    found = judged_pairs(plan, targets, indicators, results, units, published, data_year=data_year, codes=codes,
                         missing_inputs=missing_inputs or {}, only_unit=only_unit)  # fmt: skip
    parts = [_targets_part(plan, targets, indicators, found, data_year)] if targets else []
    frame = _frame([*parts, _objective_block(plan, data_year)])
    for column in ("year", "target_year", "from_year", "base_year"):
        frame[column] = frame[column].astype("Int64")
    return _never_met_when_negative(frame)


def _never_met_when_negative(frame: pd.DataFrame) -> pd.DataFrame:
    """A value a formula made negative (impossible for a count or a rate of counts) is never judged met,
    achieved or on track: its status is 'insufficient data' and `missing` says why."""
    negative = ((frame["flags"].to_numpy() & int(Flag.NEGATIVE)) != 0) & frame["status"].isin(
        [Status.MET, Status.ACHIEVED, Status.ON_TRACK]
    ).to_numpy()
    if negative.any():
        frame.loc[negative, "status"] = Status.INSUFFICIENT
        frame.loc[negative, "missing"] = "negative value: check the inputs of the formula"
    return frame


def _sort_codes(values: pd.Series) -> np.ndarray:
    """Each value's place among the distinct values in order (missing last), as pandas sorts a column."""
    codes, uniques = pd.factorize(values, sort=True)
    return np.where(codes < 0, len(uniques), codes)


def order_by_severity(frame: pd.DataFrame) -> pd.DataFrame:
    """Most severe first: by status, significantly behind before the rest, then by relative gap (largest
    first, none last), then level and unit; rows that tie keep their order."""
    rank = frame["status"].map({status: status.severity for status in Status}).fillna(len(Status))
    significant = (frame["significance"] != Significance.BEHIND).to_numpy(dtype=np.int64)
    relative = -frame["relative_gap"].astype(float).fillna(-np.inf).to_numpy()
    keys = [rank.to_numpy(dtype=float), significant, relative, _sort_codes(frame["level"]), _sort_codes(frame["unit"])]
    return frame.take(np.lexsort(keys[::-1])).reset_index(drop=True)


def is_behind(frame: pd.DataFrame) -> pd.Series:
    """Missed, deterioration, limited progress, needs acceleration, or no data.

    A target whose year is still ahead and whose trend gets there (on track) is not behind, even when
    today's value is significantly below the final target: that is what being on the way looks like.
    """
    return frame["status"].isin([status for status in Status if status.behind])


def behind_only(frame: pd.DataFrame) -> pd.DataFrame:
    """What the default listing shows."""
    return frame[is_behind(frame)].reset_index(drop=True)


@dataclass(frozen=True)
class GapSummary:
    targets: int
    behind: int
    significantly_behind: int
    missed: int
    no_data: int
    not_measurable: int

    def text(self) -> str:
        """'7 of 38 targets behind; 3 significantly', in Vietnamese and English."""
        vi = (
            f"{self.behind}/{self.targets} chỉ tiêu chưa đạt hoặc chậm tiến độ "
            f"({self.significantly_behind} chậm có ý nghĩa thống kê; {self.no_data} thiếu số liệu)"
        )
        en = f"{self.behind} of {self.targets} targets behind; {self.significantly_behind} significantly"
        if self.not_measurable:
            vi += f"; {self.not_measurable} mục tiêu định tính không đo được"
            en += f"; {self.not_measurable} qualitative objectives not measurable"
        return f"{vi}\n{en}"


def summarise(frame: pd.DataFrame) -> GapSummary:
    measurable = frame[frame["status"] != Status.NOT_MEASURABLE]
    return GapSummary(
        targets=len(measurable),
        behind=int(is_behind(measurable).sum()),
        significantly_behind=int((is_behind(measurable) & (measurable["significance"] == Significance.BEHIND)).sum()),
        missed=int((measurable["status"] == Status.MISSED).sum()),
        no_data=int((measurable["status"] == Status.NO_DATA).sum()),
        not_measurable=int((frame["status"] == Status.NOT_MEASURABLE).sum()),
    )
