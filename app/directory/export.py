"""The current result set as plain rows, for CSV, JSON and the API."""

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app import taxonomy
from app.directory import search
from app.web.spreadsheet import defuse

COLUMNS = [
    "name",
    "slug",
    "summary",
    "focus_areas",
    "regions",
    "grade_bands",
    "school_types",
    "best_verified_tier",
    "designation_status",
    "designation_end",
    "accepting_new_districts",
    "confirmed_engagements",
    "confirmed_schools",
    "capacity_schools_per_year",
    "cost_min_dollars",
    "cost_max_dollars",
    "website",
    "profile_url",
]


def _dollars(cents: int | None) -> int | None:
    return None if cents is None else cents // 100


def row(hit: search.Hit) -> dict[str, Any]:
    partner = hit.partner
    return {
        "name": partner.name,
        "slug": partner.slug,
        "summary": partner.summary,
        "focus_areas": hit.focus_areas,
        "regions": hit.regions,
        "grade_bands": hit.grade_bands,
        "school_types": hit.school_types,
        "best_verified_tier": hit.tier,
        "designation_status": hit.status,
        "designation_end": hit.designation_end.isoformat(),
        "accepting_new_districts": partner.accepting_new_districts,
        "confirmed_engagements": hit.confirmed_engagements,
        "confirmed_schools": hit.confirmed_schools,
        "capacity_schools_per_year": partner.capacity_schools_per_year,
        "cost_min_dollars": _dollars(partner.cost_min_cents),
        "cost_max_dollars": _dollars(partner.cost_max_cents),
        "website": partner.website,
        "profile_url": f"/directory/{partner.slug}",
    }


def rows(session: Session, filters: search.Filters, *, today: date) -> list[dict[str, Any]]:
    result = search.search(session, filters, today=today, per_page=search.EXPORT_LIMIT, with_counts=False)
    return [row(hit) for hit in result.hits]


def csv_safe(values: dict[str, Any]) -> dict[str, Any]:
    """Lists joined with "; ", and text that a spreadsheet would run as a formula defused."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, list):
            value = "; ".join(value)
        out[key] = defuse(value)
    return out


LABELS = {
    "focus_areas": taxonomy.FOCUS_AREAS,
    "regions": taxonomy.REGIONS,
}
