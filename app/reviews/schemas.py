"""Input shapes for each reviews use case: only the fields a user may send."""

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from app import taxonomy
from app.reviews.models import ConflictKind, Outcome, Recommendation

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True)]


class Input(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


def _blank_none(value: Any) -> Any:
    return None if value in ("", None) else value


class Prompt(Input):
    question: Text
    word_limit: int = Field(ge=10, le=5000)


class CycleForm(Input):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=200)]
    description: OptionalText = ""
    opens_on: date
    closes_on: date
    term_years: int = Field(ge=1, le=10)
    rubric_id: int
    focus_areas: list[str] = Field(min_length=1)
    prompts: list[Prompt] = Field(min_length=1)

    @field_validator("focus_areas")
    @classmethod
    def _known_areas(cls, value: list[str]) -> list[str]:
        if any(v not in taxonomy.FOCUS_AREAS for v in value):
            raise ValueError("Choose from the listed focus areas.")
        return value

    @field_validator("prompts", mode="before")
    @classmethod
    def _prompts_given(cls, value: Any) -> Any:
        if not value:
            raise ValueError("Write at least one prompt with its word limit.")
        return value

    @model_validator(mode="after")
    def _window(self) -> "CycleForm":
        if self.closes_on < self.opens_on:
            raise ValueError("The window must close on or after the day it opens.")
        return self


class CriterionInput(Input):
    title: Text
    weight: int = Field(ge=1, le=100)
    levels: list[OptionalText] = Field(min_length=4, max_length=4)


class RubricForm(Input):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=200)]
    criteria: list[CriterionInput] = Field(min_length=1)


class Reference(Input):
    name: OptionalText = ""
    title: OptionalText = ""
    district: OptionalText = ""
    email: OptionalText = ""

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value and ("@" not in value or " " in value):
            raise ValueError("Enter an email address like name@district.org.")
        return value


class ApplicationForm(Input):
    focus_areas: list[str] = []
    answers: dict[str, str] = {}
    evidence_item_ids: list[int] = []
    engagement_ids: list[int] = []
    references: list[Reference] = []


class ConflictForm(Input):
    partner_id: int
    kind: ConflictKind
    note: OptionalText = ""


class AssignmentForm(Input):
    reviewer_id: int
    due_date: date


class AutoAssignForm(Input):
    reviewers_per_application: int = Field(ge=1, le=5)
    due_date: date


class ScoreSheetForm(Input):
    version: int
    submit: bool = False
    scores: dict[str, int | None] = {}
    comments: dict[str, str] = {}
    tiers: dict[str, str] = {}
    tier_reasons: dict[str, str] = {}
    recommendation: Recommendation | None = None
    comment_to_partner: OptionalText = ""
    internal_comment: OptionalText = ""

    _blank = field_validator("recommendation", mode="before")(lambda v: _blank_none(v))

    @field_validator("scores", mode="before")
    @classmethod
    def _scores(cls, value: dict[str, Any]) -> dict[str, Any]:
        cleaned = {k: _blank_none(v) for k, v in (value or {}).items()}
        for v in cleaned.values():
            if v is not None and str(v) not in ("1", "2", "3", "4"):
                raise ValueError("Scores go from 1 to 4.")
        return cleaned

    @field_validator("tiers")
    @classmethod
    def _tiers(cls, value: dict[str, str]) -> dict[str, str]:
        if any(v and v not in taxonomy.ESSA_TIERS for v in value.values()):
            raise ValueError("Choose an ESSA tier from the list.")
        return value


class DiscussionForm(Input):
    body: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]


class InformationRequestForm(Input):
    question: Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=5000)]
    due_date: date

    @field_validator("due_date")
    @classmethod
    def _future(cls, value: date) -> date:
        if value < date.today():
            raise ValueError("The due date cannot be in the past.")
        return value


class AnswerForm(Input):
    answer: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10000)]
    document_ids: list[int] = []


class DecisionForm(Input):
    outcomes: dict[str, Outcome | None] = {}
    rationale: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10000)]
    conditions: OptionalText = ""
    release: list[str] = []
    internal_note: OptionalText = ""
    start_date: date | None = None

    _blank = field_validator("start_date", mode="before")(lambda v: _blank_none(v))

    @field_validator("outcomes", mode="before")
    @classmethod
    def _outcomes(cls, value: dict[str, Any]) -> dict[str, Any]:
        return {k: _blank_none(v) for k, v in (value or {}).items()}


class ReasonForm(Input):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=5000)]


class TransitionForm(Input):
    to: Text
