"""The frozen copy of an application that reviewers read: profile, evidence, engagements.

Built from plain column values (inspected, not hand-listed) so it keeps working as the
partner, evidence and engagement tables grow, and never changes after submission.
"""

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, selectinload

from app import taxonomy
from app.evidence import models as evidence_models
from app.partners.models import Partner

try:  # The engagements domain is built alongside this one.
    from app.engagements.models import Engagement  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - only before the engagements tables exist
    Engagement = None  # type: ignore[assignment,misc]

_SKIP = {"storage_key", "logo_storage_key", "lineage_id", "previous_id", "is_latest"}


def _value(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _value(v) for k, v in value.items()}
    return value


def columns(obj: Any) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {
        attr.key: _value(getattr(obj, attr.key))
        for attr in mapper.column_attrs
        if attr.key not in _SKIP and not attr.key.endswith("_hash")
    }


def _profile(session: Session, partner_id: int) -> dict[str, Any]:
    partner = session.scalar(
        select(Partner)
        .where(Partner.id == partner_id)
        .options(
            selectinload(Partner.focus_areas),
            selectinload(Partner.regions),
            selectinload(Partner.grade_bands),
            selectinload(Partner.school_types),
        )
        .execution_options(populate_existing=True)
    )
    assert partner is not None
    profile = columns(partner)
    profile["focus_areas"] = [
        taxonomy.FOCUS_AREAS.get(f.focus_area, f.focus_area) for f in partner.focus_areas
    ]
    profile["regions"] = [taxonomy.REGIONS.get(r.region, r.region) for r in partner.regions]
    profile["grade_bands"] = [
        taxonomy.GRADE_BANDS.get(g.grade_band, g.grade_band) for g in partner.grade_bands
    ]
    profile["school_types"] = [
        taxonomy.SCHOOL_TYPES.get(s.school_type, s.school_type) for s in partner.school_types
    ]
    return profile


def _evidence(session: Session, partner_id: int, ids: list[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    item_model = evidence_models.EvidenceItem
    items = session.scalars(
        select(item_model)
        .where(item_model.id.in_(ids), item_model.partner_id == partner_id)
        .options(selectinload(item_model.findings))
        .order_by(item_model.id)
    ).all()
    result = []
    for item in items:
        data = columns(item)
        data["findings"] = [columns(finding) for finding in item.findings]
        result.append(data)
    return result


def _engagements(session: Session, partner_id: int, ids: list[int]) -> list[dict[str, Any]]:
    if not ids or Engagement is None:
        return []
    mapper = inspect(Engagement)
    # Outcome measures and focus areas (any one-to-many detail of these names) come along.
    details = [
        rel.key
        for rel in mapper.relationships
        if rel.uselist and rel.key in ("outcomes", "outcome_measures", "measures", "focus_areas")
    ]
    rows = session.scalars(
        select(Engagement)
        .where(Engagement.id.in_(ids), Engagement.partner_id == partner_id)
        .options(*(selectinload(getattr(Engagement, key)) for key in details))
        .order_by(Engagement.id)
    ).all()
    result = []
    for engagement in rows:
        data = columns(engagement)
        for key in details:
            data[key] = [columns(child) for child in getattr(engagement, key)]
        result.append(data)
    return result


def build(
    session: Session,
    *,
    partner_id: int,
    evidence_item_ids: list[int],
    engagement_ids: list[int],
) -> dict[str, Any]:
    return {
        "profile": _profile(session, partner_id),
        "evidence": _evidence(session, partner_id, evidence_item_ids),
        "engagements": _engagements(session, partner_id, engagement_ids),
    }


def label(data: dict[str, Any], *keys: str) -> str:
    for key in keys:
        if data.get(key):
            return str(data[key])
    return f"Item {data.get('id')}"
