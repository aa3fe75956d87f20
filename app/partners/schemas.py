"""Input shapes for each partners use case: only the fields a partner or staff may send.

A partner can never set `is_designated`, `slug` or its organization: those names are not
fields here, so a form that posts them changes nothing.
"""

import enum
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from app import taxonomy


class DeliveryModel(enum.StrEnum):
    in_person = "in_person"
    virtual = "virtual"
    hybrid = "hybrid"


DELIVERY_MODELS = {
    DeliveryModel.in_person: "In person, on site",
    DeliveryModel.virtual: "Virtual",
    DeliveryModel.hybrid: "Hybrid (on site and virtual)",
}


class PricingModel(enum.StrEnum):
    per_school = "per_school"
    per_student = "per_student"
    per_day = "per_day"
    fixed_contract = "fixed_contract"
    grant_funded = "grant_funded"


PRICING_MODELS = {
    PricingModel.per_school: "Per school, per year",
    PricingModel.per_student: "Per student",
    PricingModel.per_day: "Per day of service",
    PricingModel.fixed_contract: "Fixed-price contract",
    PricingModel.grant_funded: "Grant-funded (no cost to the district)",
}

SUMMARY_MAX = 300
MAX_SERVICES = 20


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _dollars(value: Any) -> Any:
    if value is None or isinstance(value, int | Decimal):
        return value
    text = re.sub(r"[\s$,]", "", str(value))
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError("Enter an amount in dollars, like 25000.") from None
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError("Enter dollars and cents at most, like 25000.50.")
    return amount


def _yes_no(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if value in ("yes", "true", "on", "1"):
        return True
    if value in ("no", "false", "0"):
        return False
    raise ValueError("Choose yes or no.")


def _codes(vocabulary: dict[str, str], what: str):  # type: ignore[no-untyped-def]
    def check(values: Any) -> list[str]:
        if values is None:
            return []
        if isinstance(values, str):
            values = [values]
        unknown = [v for v in values if v not in vocabulary]
        if unknown:
            raise ValueError(f"Choose {what} from the list.")
        # Keep the vocabulary's order and drop repeats.
        return [code for code in vocabulary if code in values]

    return BeforeValidator(check)


def _optional_text(max_length: int):  # type: ignore[no-untyped-def]
    """Free text that may be left blank (stored as None)."""
    return Annotated[
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=max_length)] | None,
        BeforeValidator(_blank_to_none),
    ]


OptionalInt = Annotated[int | None, BeforeValidator(_blank_to_none)]
Dollars = Annotated[Decimal | None, BeforeValidator(_dollars), Field(ge=0, le=100_000_000)]


class Input(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class ServiceLine(Input):
    name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)]
    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)] = ""


def _services(value: Any) -> Any:
    """Rows from the form (parallel lists), blank rows dropped; a described row needs a name."""
    if not isinstance(value, list):
        return value
    rows = []
    for row in value:
        if isinstance(row, dict):
            name = (row.get("name") or "").strip()
            description = (row.get("description") or "").strip()
            if not name and not description:
                continue
            if not name:
                raise ValueError("Give every service a name (or clear its description).")
            rows.append({"name": name, "description": description})
        else:
            rows.append(row)
    return rows


class ProfileForm(Input):
    """The profile a partner edits (the public fields), as the form posts it."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=SUMMARY_MAX)]
    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=10_000)] = ""
    website: _optional_text(300) = None
    contact_name: _optional_text(200) = None
    contact_email: Annotated[EmailStr | None, BeforeValidator(_blank_to_none)] = None
    contact_phone: _optional_text(40) = None
    headquarters: _optional_text(200) = None
    regions: Annotated[list[str], _codes(taxonomy.REGIONS, "regions")] = []
    primary_focus_areas: Annotated[list[str], _codes(taxonomy.FOCUS_AREAS, "focus areas")]
    secondary_focus_areas: Annotated[list[str], _codes(taxonomy.FOCUS_AREAS, "focus areas")] = []
    grade_bands: Annotated[list[str], _codes(taxonomy.GRADE_BANDS, "grade bands")] = []
    school_types: Annotated[list[str], _codes(taxonomy.SCHOOL_TYPES, "school types")] = []
    services: Annotated[list[ServiceLine], BeforeValidator(_services), Field(max_length=MAX_SERVICES)] = []
    delivery_model: Annotated[DeliveryModel | None, BeforeValidator(_blank_to_none)] = None
    capacity_schools_per_year: Annotated[OptionalInt, Field(ge=0, le=10_000)] = None
    accepting_new_districts: Annotated[bool, BeforeValidator(_yes_no)] = True
    cost_min_dollars: Dollars = None
    cost_max_dollars: Dollars = None
    pricing_model: Annotated[PricingModel | None, BeforeValidator(_blank_to_none)] = None
    years_operating: Annotated[OptionalInt, Field(ge=0, le=300)] = None

    @field_validator("website")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value and not re.fullmatch(r"https?://[^\s/$.?#][^\s]*\.[^\s]+", value):
            raise ValueError("Enter the full web address, starting with https://.")
        return value

    @field_validator("primary_focus_areas")
    @classmethod
    def _one_primary(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("Choose at least one primary focus area.")
        return value

    @field_validator("secondary_focus_areas")
    @classmethod
    def _not_both(cls, value: list[str], info: ValidationInfo) -> list[str]:
        both = set(value) & set(info.data.get("primary_focus_areas") or ())
        if both:
            labels = ", ".join(label for code, label in taxonomy.FOCUS_AREAS.items() if code in both)
            raise ValueError(f"A focus area is either primary or secondary, not both: {labels}.")
        return value

    @field_validator("cost_max_dollars")
    @classmethod
    def _range(cls, value: Decimal | None, info: ValidationInfo) -> Decimal | None:
        low = info.data.get("cost_min_dollars")
        if value is not None and low is not None and low > value:
            raise ValueError("The highest cost must be at least the lowest cost.")
        return value

    def values(self) -> dict[str, Any]:
        """The profile as stored: the same keys as a pending revision's `proposed`."""
        return {
            "name": self.name,
            "summary": self.summary,
            "description": self.description,
            "website": self.website,
            "contact_name": self.contact_name,
            "contact_email": str(self.contact_email) if self.contact_email else None,
            "contact_phone": self.contact_phone,
            "headquarters": self.headquarters,
            "regions": list(self.regions),
            "primary_focus_areas": list(self.primary_focus_areas),
            "secondary_focus_areas": list(self.secondary_focus_areas),
            "grade_bands": list(self.grade_bands),
            "school_types": list(self.school_types),
            "services": [{"name": s.name, "description": s.description} for s in self.services],
            "delivery_model": self.delivery_model.value if self.delivery_model else None,
            "capacity_schools_per_year": self.capacity_schools_per_year,
            "accepting_new_districts": self.accepting_new_districts,
            "cost_min_cents": _cents(self.cost_min_dollars),
            "cost_max_cents": _cents(self.cost_max_dollars),
            "pricing_model": self.pricing_model.value if self.pricing_model else None,
            "years_operating": self.years_operating,
        }


def _cents(dollars: Decimal | None) -> int | None:
    return None if dollars is None else int(dollars * 100)


LIST_FIELDS = ("regions", "primary_focus_areas", "secondary_focus_areas", "grade_bands", "school_types")


class RevisionRejectForm(Input):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class DocumentUploadForm(Input):
    title: _optional_text(200) = None


class PartnerSearch(Input):
    q: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    sort: str = "name"
    page: int = 1
