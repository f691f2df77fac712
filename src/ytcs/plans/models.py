"""Plans, the models: what a variable, an indicator, a target and a plan are.

Three layers, as in DHIS2 (data elements → indicators → targets), with targets first-class.
Every model forbids unknown keys (a typo is an error, not a silent default) and is strict about
types, so a YAML 1.1 `yes` never becomes a value and `"12"` never passes for a number. Numbers must be
finite (`.nan` and `.inf` are refused). The comparators planners type, `≥` and `≤`, read as `>=` and `<=`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema, model_validator

from ytcs.vocab import UNIT_CODE_PATTERN, YEAR_MAX, YEAR_MIN, ComparatorSymbol, LevelName

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]
PlanId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
UnitCode = Annotated[str, StringConstraints(pattern=rf"^{UNIT_CODE_PATTERN}$")]
Text = Annotated[str, StringConstraints(min_length=1)]
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]

Polarity = Literal["higher_is_better", "lower_is_better", "none"]
CiMethod = Literal["wilson", "poisson", "none"]
TimeAggregation = Literal["sum", "mean", "last"]

# Comparators as planners type them, read as the symbols the models know.
COMPARATOR_SPELLINGS = {"≥": ">=", "≤": "<="}


def _comparator(value: object) -> object:
    return COMPARATOR_SPELLINGS.get(value, value) if isinstance(value, str) else value


# A target's number: finite (`.nan` and `.inf` are refused), and a number, never text ("8,25" is refused
# with a hint to write 8.25: see plans.load).
PlanNumber = Annotated[float, Field(allow_inf_nan=False)]
Comparator = Annotated[
    ComparatorSymbol,
    BeforeValidator(_comparator),
    WithJsonSchema({"enum": [*get_args(ComparatorSymbol), *COMPARATOR_SPELLINGS], "type": "string"}),
]

ALLOWED_MULTIPLIERS = (1, 100, 1_000, 10_000, 100_000)
_TERM = re.compile(r"\s*([+-])?\s*([a-z][a-z0-9_]*)\s*")


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def parse_expression(expression: str) -> list[tuple[int, str]]:
    """`live_births - deaths` → [(+1, 'live_births'), (-1, 'deaths')]; raises ValueError otherwise."""
    terms: list[tuple[int, str]] = []
    position = 0
    while position < len(expression):
        match = _TERM.match(expression, position)
        if not match or match.end() == position or (terms and not match.group(1)):
            raise ValueError(f"'{expression}' is not a sum or difference of variable ids (e.g. 'live_births - deaths')")
        terms.append((-1 if match.group(1) == "-" else 1, match.group(2)))
        position = match.end()
    if not terms:
        raise ValueError("an expression needs at least one variable id")
    return terms


Expression = Annotated[str, StringConstraints(min_length=1)]


class Variable(StrictModel):
    """A raw count (or a value that arrives already computed) that a data column may hold."""

    id: Identifier
    label_vi: Text
    label_en: Text
    aliases: list[Text] = []
    kind: Literal["count", "reported"] = "count"
    time_aggregation: TimeAggregation = Field(
        description="How values within a year combine: sum for events, mean for population, last for stocks."
    )
    extent: Literal["territory", "facility"] = Field(
        default="facility",
        description="territory: everyone or every event in an area (population, births, insured people): a unit "
        "has none outside the units below it, so its own value is their total and is never added to them. "
        "facility: what a unit has of its own (doctors, beds, stations), added to what the units below have "
        "unless it equals their sum.",
    )
    unit: str | None = None
    note: str | None = None


class Indicator(StrictModel):
    """One definition of one concept (e.g. doctors per 10,000 people), shared by every plan."""

    id: Identifier
    name_vi: Text
    name_en: Text
    unit: Text = Field(description="Display unit in Vietnamese: %, ‰, bác sĩ/vạn dân, tuổi…")
    unit_labels: list[Text] = Field(
        default=[], description="Other ways documents write this unit, e.g. '/1000 trẻ đẻ sống'."
    )
    numerator: Expression | None = None
    denominator: Expression | None = None
    multiplier: float = 1
    count: Expression | None = None
    reported: Identifier | None = None
    decline_of: Identifier | None = Field(
        default=None, description="Indicator id whose fall from the previous year this is: X(t-1) - X(t)."
    )
    polarity: Polarity
    bounded: bool = Field(default=False, description="A proportion: values and targets lie in [0, 100].")
    ci: CiMethod = "none"
    decimals: Annotated[int, Field(ge=0, le=4)] = 2
    not_below: list[Identifier] = Field(
        default=[], description="Indicators this one can never be lower than (under-5 ≥ infant mortality)."
    )
    definition: Text = Field(description="Citation of the official definition, e.g. Thông tư 20/2019/TT-BYT.")
    note: str | None = None

    @model_validator(mode="after")
    def _one_formula(self) -> Indicator:
        forms = {
            "numerator/denominator": self.numerator is not None or self.denominator is not None,
            "count": self.count is not None,
            "reported": self.reported is not None,
            "decline_of": self.decline_of is not None,
        }
        chosen = [name for name, present in forms.items() if present]
        if len(chosen) != 1:
            raise ValueError(
                "an indicator needs exactly one formula: numerator and denominator, count, reported or "
                f"decline_of; got {', '.join(chosen) or 'none'}"
            )
        if forms["numerator/denominator"] and (self.numerator is None or self.denominator is None):
            raise ValueError("a rate needs both numerator and denominator")
        if self.multiplier not in ALLOWED_MULTIPLIERS:
            raise ValueError(f"multiplier must be one of {', '.join(map(str, ALLOWED_MULTIPLIERS))}")
        for expression in (self.numerator, self.denominator, self.count):
            if expression is not None:
                parse_expression(expression)
        if self.bounded and self.ci == "poisson":
            raise ValueError("a bounded proportion takes the wilson interval, not poisson")
        return self

    @property
    def formula_kind(self) -> Literal["rate", "count", "reported", "decline"]:
        if self.numerator is not None:
            return "rate"
        if self.count is not None:
            return "count"
        if self.reported is not None:
            return "reported"
        return "decline"

    def variables(self) -> list[str]:
        """Every variable id the formula reads, in order of first use."""
        names: list[str] = []
        for expression in (self.numerator, self.denominator, self.count):
            if expression:
                names += [name for _, name in parse_expression(expression)]
        if self.reported:
            names.append(self.reported)
        return list(dict.fromkeys(names))

    def formula_text(self) -> str:
        """The formula as a person reads it, e.g. `doctors / population × 10000`."""
        if self.formula_kind == "rate":
            times = f" × {self.multiplier:g}" if self.multiplier != 1 else ""
            return f"({self.numerator}) / ({self.denominator}){times}"
        if self.formula_kind == "count":
            return f"{self.count}"
        if self.formula_kind == "reported":
            return f"reported: {self.reported}"
        return f"{self.decline_of}(t−1) − {self.decline_of}(t)"


class Baseline(StrictModel):
    year: Year
    value: PlanNumber
    note: str | None = None


class Target(StrictModel):
    """One quantified target, with the words of the document it came from."""

    indicator: Identifier
    kind: Literal["level", "annual_change", "range"] = "level"
    year: Year
    from_year: Year | None = Field(
        default=None, description="For 'duy trì' targets: the level must hold every year from here to `year`."
    )
    comparator: Comparator
    value: PlanNumber
    upper: PlanNumber | None = Field(default=None, description="Upper end of a `range` target.")
    tolerance: Annotated[PlanNumber, Field(gt=0)] | None = Field(
        default=None, description="For `~` ('khoảng'): how far from the value still counts as met."
    )
    change_unit: Literal["points", "percent"] | None = Field(
        default=None,
        description="For annual changes: points of the indicator's unit per year, or percent of last year's value.",
    )
    per_year: bool = Field(default=False, description="For a `range`: the range is of the annual change.")
    baseline: Baseline | None = None
    scope: UnitCode | None = Field(default=None, description="A single unit code the target applies to.")
    quote: Text
    section: Text
    note: str | None = None

    @model_validator(mode="after")
    def _consistent_kind(self) -> Target:
        if self.kind == "range":
            if self.comparator != "between" or self.upper is None:
                raise ValueError("a range target needs comparator 'between' and an upper value")
            if self.upper < self.value:
                raise ValueError(f"a range's upper end ({self.upper:g}) is below its lower end ({self.value:g})")
        elif self.comparator == "between" or self.upper is not None:
            raise ValueError("'between' and 'upper' belong to range targets (kind: range)")
        if self.comparator == "~" and self.kind != "level":
            raise ValueError("'~' (khoảng) applies to level targets only")
        if (self.tolerance is not None) != (self.comparator == "~"):
            raise ValueError("a '~' (khoảng) target needs a tolerance, and only '~' targets take one")
        annual = self.kind == "annual_change" or (self.kind == "range" and self.per_year)
        if annual != (self.change_unit is not None):
            raise ValueError("change_unit is required for annual changes (and only for them)")
        if self.per_year and self.kind != "range":
            raise ValueError("per_year belongs to range targets")
        if self.from_year is not None and self.from_year > self.year:
            raise ValueError(f"from_year {self.from_year} is after year {self.year}")
        return self

    @property
    def first_year(self) -> int:
        return self.from_year if self.from_year is not None else self.year


class Objective(StrictModel):
    """A qualitative objective: carried and reported as not measurable, never dropped."""

    text: Text
    section: Text
    quote: str | None = None
    note: str | None = None


class Jurisdiction(StrictModel):
    code: UnitCode
    name: Text
    level: LevelName


class Document(StrictModel):
    number: str | None = None
    date: dt.date | None = Field(default=None, strict=False)


class Period(StrictModel):
    start: Year
    end: Year

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.start > self.end:
            raise ValueError(f"period start {self.start} is after its end {self.end}")
        return self


class Plan(StrictModel):
    """One plan document (Kế hoạch) as encoded in plans/*.yaml."""

    kind: Literal["plan"]
    id: PlanId
    title: Text
    issuer: Text
    document: Document
    jurisdiction: Jurisdiction
    period: Period
    source: Text = Field(description="The seed file this plan encodes.")
    summary: str | None = None
    variables: list[Variable] = Field(default=[], description="Plan-local variables.")
    indicators: list[Indicator] = Field(default=[], description="Plan-local indicators.")
    targets: list[Target] = []
    objectives: list[Objective] = []
    note: str | None = None


class Catalog(StrictModel):
    """The shared data dictionary (variables) and indicator catalog."""

    kind: Literal["catalog"]
    description: str | None = None
    variables: list[Variable] = []
    indicators: list[Indicator] = []
