"""Input shapes for each evidence use case: only the fields a partner or staff member may send."""

import math
import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from starlette.datastructures import FormData

from app.evidence.models import (
    LOCALES,
    OUTCOME_DOMAINS,
    Attrition,
    Direction,
    EvidenceType,
    StudyDesign,
    WwcRating,
)
from app.evidence.tiers import TIER_ORDER
from app.web.forms import field_errors

MAX_FINDINGS = 30
FINDING_FIELDS = (
    "outcome_domain",
    "measure",
    "effect_size",
    "before_value",
    "after_value",
    "comparison_before",
    "comparison_after",
    "p_value",
    "reported_significant",
    "direction",
    "sample_size",
)
_FINDING_KEY = re.compile(r"^findings-(\d{1,3})-(\w+)$")


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip().replace(",", "")
        return value or None
    return value


def _finite(value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise ValueError("Enter a number.")
    return value


def _checkbox(value: Any) -> bool:
    return str(value or "").strip().lower() in ("yes", "true", "on", "1")


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Optional = Annotated[str, StringConstraints(strip_whitespace=True)]
Count = Annotated[Annotated[int, Field(ge=0, le=100_000_000)] | None, BeforeValidator(_blank_to_none)]
Positive = Annotated[Annotated[int, Field(ge=1, le=100_000_000)] | None, BeforeValidator(_blank_to_none)]
Number = Annotated[Annotated[float, AfterValidator(_finite)] | None, BeforeValidator(_blank_to_none)]
EffectSize = Annotated[
    Annotated[float, Field(ge=-5, le=5), AfterValidator(_finite)] | None, BeforeValidator(_blank_to_none)
]
PValue = Annotated[Annotated[float, Field(ge=0, le=1)] | None, BeforeValidator(_blank_to_none)]
Flag = Annotated[bool, BeforeValidator(_checkbox)]


class Input(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class FindingForm(Input):
    outcome_domain: Literal[tuple(OUTCOME_DOMAINS)]  # type: ignore[valid-type]
    measure: Text = Field(max_length=200)
    effect_size: EffectSize = None
    before_value: Number = None
    after_value: Number = None
    comparison_before: Number = None
    comparison_after: Number = None
    p_value: PValue = None
    reported_significant: Flag = False
    direction: Direction
    sample_size: Positive = None

    @field_validator("outcome_domain", mode="before")
    @classmethod
    def _known_domain(cls, value: Any) -> Any:
        if value in (None, ""):
            raise ValueError("Choose the outcome domain.")
        if value not in OUTCOME_DOMAINS:
            raise ValueError("Choose one of the listed outcome domains.")
        return value

    @model_validator(mode="after")
    def _has_a_result(self) -> "FindingForm":
        if self.effect_size is None and (self.before_value is None or self.after_value is None):
            raise ValueError("Give an effect size, or the values before and after.")
        return self


class EvidenceForm(Input):
    """The partner's evidence item form. Status, tiers, partner and version are never read."""

    title: Text = Field(max_length=200)
    summary: Optional = Field(default="", max_length=2000)
    evidence_type: EvidenceType
    study_design: StudyDesign
    conducted_by: Optional = Field(default="", max_length=200)
    study_year: Annotated[int | None, BeforeValidator(_blank_to_none)] = None
    grades: Optional = Field(default="", max_length=60)
    locale: Literal[("", *LOCALES)] = ""  # type: ignore[valid-type]
    school_count: Count = None
    student_count: Count = None
    site_count: Count = None
    attrition: Annotated[Attrition | None, BeforeValidator(_blank_to_none)] = None
    baseline_equivalence: Flag = False
    wwc_rating: Annotated[WwcRating, BeforeValidator(lambda v: v or WwcRating.not_reviewed)] = (
        WwcRating.not_reviewed
    )
    has_logic_model: Flag = False
    study_under_way: Flag = False
    citation: Optional = Field(default="", max_length=2000)
    link: Optional = Field(default="", max_length=500)
    findings: list[FindingForm] = Field(default_factory=list, max_length=MAX_FINDINGS)

    @field_validator("study_year")
    @classmethod
    def _plausible_year(cls, value: int | None) -> int | None:
        if value is not None and not 1960 <= value <= date.today().year + 1:
            raise ValueError(f"Enter a year between 1960 and {date.today().year + 1}.")
        return value

    @field_validator("link")
    @classmethod
    def _web_address(cls, value: str) -> str:
        if value and not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.IGNORECASE):
            raise ValueError("Enter a full web address starting with https://")
        return value


class VerifyForm(Input):
    tier: Literal[TIER_ORDER]  # type: ignore[valid-type]
    reason: Text = Field(max_length=4000)

    @field_validator("tier", mode="before")
    @classmethod
    def _choose(cls, value: Any) -> Any:
        if value in (None, ""):
            raise ValueError("Choose the verified tier.")
        if value not in TIER_ORDER:
            raise ValueError("Choose one of the listed tiers.")
        return value


class ReturnForm(Input):
    reason: Text = Field(max_length=4000)


class AttachmentForm(Input):
    title: Optional = Field(default="", max_length=200)


# --- form data <-> rows --------------------------------------------------------------------


def finding_rows(form: FormData | dict[str, Any]) -> list[dict[str, str]]:
    """Finding rows from `findings-<n>-<field>` keys, in order; wholly blank rows are dropped."""
    rows: dict[int, dict[str, str]] = {}
    for key in form:
        match = _FINDING_KEY.match(str(key))
        if not match or match.group(2) not in FINDING_FIELDS:
            continue
        value = form.get(key)
        rows.setdefault(int(match.group(1)), {})[match.group(2)] = value if isinstance(value, str) else ""
    ordered = [rows[n] for n in sorted(rows)]
    # A blank row (what "add another finding" adds) is not an error, just nothing yet.
    meaningful = [
        row for row in ordered if any(v.strip() for k, v in row.items() if k not in ("reported_significant",))
    ]
    return meaningful[: MAX_FINDINGS + 1]


def item_values(form: FormData | dict[str, Any]) -> dict[str, str]:
    """The item's own fields as typed (finding rows and the CSRF token left out)."""
    return {
        str(k): (form.get(k) if isinstance(form.get(k), str) else "")  # type: ignore[misc]
        for k in form
        if not _FINDING_KEY.match(str(k)) and k not in ("csrf_token", "form_action")
    }


def parse_evidence(
    values: dict[str, str], rows: list[dict[str, str]]
) -> tuple[EvidenceForm | None, dict[str, str]]:
    """The validated form, or errors keyed by field name (`findings-<n>-<field>` for rows)."""
    try:
        return EvidenceForm.model_validate({**values, "findings": rows}), {}
    except ValidationError as exc:
        located = []
        for error in exc.errors():
            loc = error["loc"]
            if loc and loc[0] == "findings":
                if len(loc) >= 2 and isinstance(loc[1], int):
                    # A row-level rule (no field in loc) is about the result columns.
                    field = str(loc[2]) if len(loc) > 2 else "effect_size"
                    error = {**error, "loc": (f"findings-{loc[1]}-{field}",)}
                else:
                    error = {**error, "loc": ("findings",)}
            located.append(error)
        return None, field_errors(_Errors(located))  # type: ignore[arg-type]


class _Errors:
    """Some of a ValidationError's errors, in the shape app.web.forms.field_errors reads."""

    def __init__(self, errors: list[Any]) -> None:
        self._errors = errors

    def errors(self) -> list[Any]:
        return self._errors
