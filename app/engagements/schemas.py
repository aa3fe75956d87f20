"""Input shapes for each engagement use case: only the fields a partner or district may send."""

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from app.engagements.models import FundingSource, Intensity, MeasureUnit
from app.taxonomy import FOCUS_AREAS

MAX_LATER_YEARS = 3
MAX_OUTCOMES = 20
OUTCOME_PREFIX = "outcomes"

OUTCOME_FIELDS = (
    "name",
    "unit",
    "students_count",
    "baseline_year",
    "baseline_value",
    "state_baseline_value",
    *(f"value_{n}" for n in range(1, MAX_LATER_YEARS + 1)),
    *(f"state_value_{n}" for n in range(1, MAX_LATER_YEARS + 1)),
)


class Input(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_none(cls, data: Any) -> Any:
        # An empty form field means "not given", never an empty number or date.
        if isinstance(data, dict):
            return {k: (None if isinstance(v, str) and not v.strip() else v) for k, v in data.items()}
        return data


def parse_dollars(value: str) -> int:
    """ "$12,500.50" -> 1250050 cents."""
    text = value.strip().replace(",", "").removeprefix("$").strip()
    if not re.fullmatch(r"\d{1,10}(\.\d{1,2})?", text):
        raise ValueError("Enter an amount in dollars, like 12500 or 12,500.50.")
    dollars, _, cents = text.partition(".")
    return int(dollars) * 100 + int((cents + "00")[:2])


class EngagementForm(Input):
    school_id: int | None = None
    district_id: int | None = None
    school_name_other: Annotated[str | None, StringConstraints(max_length=200)] = None
    start_date: date
    end_date: date | None = None
    focus_areas: list[str] = Field(default_factory=list)
    services: Annotated[str, StringConstraints(min_length=1, max_length=5000)]
    intensity: Intensity
    funding_source: FundingSource
    cost_cents: int | None = Field(default=None, alias="cost")

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, populate_by_name=True)

    @field_validator("cost_cents", mode="before")
    @classmethod
    def _dollars(cls, value: Any) -> Any:
        if isinstance(value, str):
            return parse_dollars(value)
        return value

    @field_validator("focus_areas")
    @classmethod
    def _known_focus_areas(cls, value: list[str]) -> list[str]:
        unknown = [v for v in value if v not in FOCUS_AREAS]
        if unknown:
            raise ValueError(f"Unknown focus area: {', '.join(unknown)}.")
        if not value:
            raise ValueError("Choose at least one focus area.")
        return list(dict.fromkeys(value))

    @field_validator("end_date")
    @classmethod
    def _after_start(cls, value: date | None, info: Any) -> date | None:
        start = info.data.get("start_date")
        if value is not None and start is not None and value < start:
            raise ValueError("The end date must be on or after the start date.")
        return value

    @model_validator(mode="after")
    def _one_place(self) -> "EngagementForm":
        problem = place_problem(self.school_id, self.district_id, self.school_name_other)
        if problem:
            raise ValueError(f"school_id: {problem}")
        return self


def place_problem(school_id: object, district_id: object, school_name_other: object) -> str | None:
    """Where the engagement was: a registry school, a whole district, or a named school."""
    if school_id and school_name_other:
        return "Choose a school from the registry or name one outside it, not both."
    if not school_id and not school_name_other and not district_id:
        return "Choose a school from the registry, a whole district, or name a school outside the registry."
    return None


class OutcomeForm(Input):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    unit: MeasureUnit = MeasureUnit.percent
    students_count: int | None = Field(default=None, ge=0, le=1_000_000)
    baseline_year: int = Field(ge=1990, le=2100)
    baseline_value: float
    state_baseline_value: float | None = None
    value_1: float | None = None
    value_2: float | None = None
    value_3: float | None = None
    state_value_1: float | None = None
    state_value_2: float | None = None
    state_value_3: float | None = None

    @field_validator(
        "baseline_value",
        "state_baseline_value",
        "value_1",
        "value_2",
        "value_3",
        "state_value_1",
        "state_value_2",
        "state_value_3",
    )
    @classmethod
    def _on_scale(cls, value: float | None, info: Any) -> float | None:
        unit = info.data.get("unit")
        if value is not None and unit is not MeasureUnit.other and not 0 <= value <= 100:
            raise ValueError("Use a number from 0 to 100 for this unit.")
        return value

    def later(self) -> list[tuple[int, float, float | None]]:
        """(school year, value, state value) for each later year given."""
        rows = []
        for n in range(1, MAX_LATER_YEARS + 1):
            value = getattr(self, f"value_{n}")
            if value is not None:
                rows.append((self.baseline_year + n, value, getattr(self, f"state_value_{n}")))
        return rows


class DisputeForm(Input):
    comment: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
