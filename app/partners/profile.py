"""A partner profile as one plain dict, and the field-by-field difference between two of them.

Pure functions: the profile form, pending revisions and the diff view all use the same keys.
"""

from dataclasses import dataclass
from typing import Any

from app import taxonomy
from app.partners.models import (
    Partner,
    PartnerGradeBand,
    PartnerRegion,
    PartnerSchoolType,
)
from app.partners.schemas import DELIVERY_MODELS, PRICING_MODELS

SCALAR_FIELDS = (
    "name",
    "summary",
    "description",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
    "headquarters",
    "services",
    "delivery_model",
    "capacity_schools_per_year",
    "accepting_new_districts",
    "cost_min_cents",
    "cost_max_cents",
    "pricing_model",
    "years_operating",
    "logo_storage_key",
)

# form field -> (relationship, row model, code column)
FACET_FIELDS: dict[str, tuple[str, type, str]] = {
    "regions": ("regions", PartnerRegion, "region"),
    "grade_bands": ("grade_bands", PartnerGradeBand, "grade_band"),
    "school_types": ("school_types", PartnerSchoolType, "school_type"),
}

LABELS: dict[str, str] = {
    "name": "Organization name",
    "summary": "Summary",
    "description": "Description",
    "website": "Website",
    "contact_name": "Contact name",
    "contact_email": "Contact email",
    "contact_phone": "Contact phone",
    "headquarters": "Headquarters",
    "regions": "Regions served",
    "primary_focus_areas": "Primary focus areas",
    "secondary_focus_areas": "Secondary focus areas",
    "grade_bands": "Grade bands",
    "school_types": "School types",
    "services": "Services offered",
    "delivery_model": "Delivery model",
    "capacity_schools_per_year": "Capacity (schools per year)",
    "accepting_new_districts": "Accepting new districts",
    "cost_min_cents": "Lowest cost",
    "cost_max_cents": "Highest cost",
    "pricing_model": "Pricing model",
    "years_operating": "Years operating",
    "logo_storage_key": "Logo",
}

_VOCABULARIES: dict[str, dict[str, str]] = {
    "regions": taxonomy.REGIONS,
    "primary_focus_areas": taxonomy.FOCUS_AREAS,
    "secondary_focus_areas": taxonomy.FOCUS_AREAS,
    "grade_bands": taxonomy.GRADE_BANDS,
    "school_types": taxonomy.SCHOOL_TYPES,
    "delivery_model": {k.value: v for k, v in DELIVERY_MODELS.items()},
    "pricing_model": {k.value: v for k, v in PRICING_MODELS.items()},
}


def _ordered(codes: list[str] | set[str], vocabulary: dict[str, str]) -> list[str]:
    return [code for code in vocabulary if code in codes] + sorted(c for c in codes if c not in vocabulary)


def profile_values(partner: Partner) -> dict[str, Any]:
    """The partner's accepted profile (facets must be loaded)."""
    values: dict[str, Any] = {field: getattr(partner, field) for field in SCALAR_FIELDS}
    values["services"] = [dict(s) for s in partner.services or []]
    values["primary_focus_areas"] = _ordered(
        {row.focus_area for row in partner.focus_areas if row.is_primary}, taxonomy.FOCUS_AREAS
    )
    values["secondary_focus_areas"] = _ordered(
        {row.focus_area for row in partner.focus_areas if not row.is_primary}, taxonomy.FOCUS_AREAS
    )
    values["regions"] = _ordered({row.region for row in partner.regions}, taxonomy.REGIONS)
    values["grade_bands"] = _ordered({row.grade_band for row in partner.grade_bands}, taxonomy.GRADE_BANDS)
    values["school_types"] = _ordered(
        {row.school_type for row in partner.school_types}, taxonomy.SCHOOL_TYPES
    )
    return values


def dollars(cents: int | None) -> str:
    if cents is None:
        return ""
    if cents % 100:
        return f"{cents / 100:,.2f}"
    return f"{cents // 100:,}"


def form_values(values: dict[str, Any]) -> dict[str, Any]:
    """What the profile form shows for stored values (dollars, yes/no)."""
    shown = dict(values)
    shown["cost_min_dollars"] = dollars(values.get("cost_min_cents")).replace(",", "")
    shown["cost_max_dollars"] = dollars(values.get("cost_max_cents")).replace(",", "")
    shown["accepting_new_districts"] = "yes" if values.get("accepting_new_districts", True) else "no"
    for field in ("capacity_schools_per_year", "years_operating"):
        shown[field] = "" if values.get(field) is None else str(values[field])
    return shown


def display(field: str, value: Any) -> str:
    """A stored value as people read it (labels, dollars, yes/no), one line or a list."""
    if value is None or value == "" or value == []:
        return "(none)"
    vocabulary = _VOCABULARIES.get(field)
    if field in ("cost_min_cents", "cost_max_cents"):
        return f"${dollars(value)}"
    if field == "accepting_new_districts":
        return "Yes" if value else "No"
    if field == "logo_storage_key":
        return "New image uploaded"
    if field == "services":
        return "\n".join(
            f"{s.get('name', '')}: {s.get('description', '')}" if s.get("description") else s.get("name", "")
            for s in value
        )
    if isinstance(value, list):
        return "\n".join(vocabulary.get(v, v) if vocabulary else str(v) for v in value)
    if vocabulary:
        return vocabulary.get(value, str(value))
    return str(value)


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


def changes(current: dict[str, Any], proposed: dict[str, Any]) -> list[FieldChange]:
    """Field-by-field differences, in the form's order, for the revision diff view."""
    result = []
    for field, label in LABELS.items():
        if field not in proposed:
            continue
        old, new = current.get(field), proposed.get(field)
        if (old in (None, "", [])) and (new in (None, "", [])):
            continue
        if old != new:
            old_text = display(field, old)
            new_text = display(field, new)
            if field == "logo_storage_key":
                old_text = "Current image" if old else "(none)"
                new_text = "New image" if new else "(none)"
            result.append(FieldChange(field, label, old_text, new_text))
    return result


# What a complete profile has (the directory's filters and cards use these).
_COMPLETE_FIELDS = (
    "summary",
    "description",
    "website",
    "contact_email",
    "headquarters",
    "regions",
    "primary_focus_areas",
    "grade_bands",
    "school_types",
    "services",
    "delivery_model",
    "capacity_schools_per_year",
    "cost_min_cents",
    "cost_max_cents",
    "pricing_model",
    "years_operating",
)


def incomplete_fields(values: dict[str, Any]) -> list[str]:
    """Labels of the profile fields still empty, in the form's order (for the workspace home)."""
    return [LABELS[field] for field in _COMPLETE_FIELDS if values.get(field) in (None, "", [])]
