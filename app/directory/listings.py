"""Keeps directory_listings current: one derived row per partner with an active designation.

Session events collect the partners touched by a flush (profiles, facets, designations,
evidence, engagements) and recompute their rows in the same transaction, so a suspension
removes the partner from search at once. `refresh(connection, None)` rebuilds every row
(after a bulk load that bypassed the ORM, or a change to the taxonomy).
"""

import functools
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, bindparam, case, delete, event, exists, func, insert, select
from sqlalchemy.orm import Session, aliased

from app import taxonomy
from app.directory.models import DirectoryListing
from app.engagements.models import ConfirmationStatus, Engagement
from app.evidence.models import EvidenceItem, EvidenceStatus
from app.partners.models import Partner, PartnerFocusArea, PartnerGradeBand, PartnerRegion, PartnerSchoolType
from app.reviews.models import Designation, DesignationStatus

TIER_CODES = ("tier_1", "tier_2", "tier_3", "tier_4", "none", "unverified")

# facet name -> (listing column, facet table column, {code: bit})
MASKS: dict[str, tuple[Any, Any, dict[str, int]]] = {
    "focus_area": (
        DirectoryListing.focus_mask,
        PartnerFocusArea,
        {code: 1 << i for i, code in enumerate(taxonomy.FOCUS_AREAS)},
    ),
    "region": (
        DirectoryListing.region_mask,
        PartnerRegion,
        {code: 1 << i for i, code in enumerate(taxonomy.REGIONS)},
    ),
    "grade_band": (
        DirectoryListing.grade_mask,
        PartnerGradeBand,
        {code: 1 << i for i, code in enumerate(taxonomy.GRADE_BANDS)},
    ),
    "school_type": (
        DirectoryListing.type_mask,
        PartnerSchoolType,
        {code: 1 << i for i, code in enumerate(taxonomy.SCHOOL_TYPES)},
    ),
}
_VALUE_COLUMN = {
    "focus_area": PartnerFocusArea.focus_area,
    "region": PartnerRegion.region,
    "grade_band": PartnerGradeBand.grade_band,
    "school_type": PartnerSchoolType.school_type,
}


def decode(facet: str, mask: int) -> list[str]:
    return [code for code, bit in MASKS[facet][2].items() if mask & bit]


def _mask(facet: str) -> Any:
    model = MASKS[facet][1]
    value = _VALUE_COLUMN[facet]
    bits = case(MASKS[facet][2], value=value, else_=0)
    # Bits are distinct per code and codes are unique per partner, so a sum is an OR.
    return func.coalesce(
        select(func.sum(bits)).where(model.partner_id == Partner.id).correlate(Partner).scalar_subquery(), 0
    )


def _tier_rank() -> Any:
    newer = aliased(EvidenceItem)
    rank = case({code: i for i, code in enumerate(TIER_CODES[:5])}, value=EvidenceItem.verified_tier, else_=4)
    return func.coalesce(
        select(func.min(rank))
        .where(
            EvidenceItem.partner_id == Partner.id,
            EvidenceItem.status == EvidenceStatus.verified,
            EvidenceItem.verified_tier.is_not(None),
            ~exists().where(
                newer.lineage_id == EvidenceItem.lineage_id,
                newer.version > EvidenceItem.version,
                newer.status.in_((EvidenceStatus.submitted, EvidenceStatus.verified)),
            ),
        )
        .correlate(Partner)
        .scalar_subquery(),
        5,
    )


def _confirmed(expression: Any) -> Any:
    return (
        select(expression)
        .select_from(Engagement)
        .where(Engagement.partner_id == Partner.id, Engagement.status == ConfirmationStatus.confirmed)
        .correlate(Partner)
        .scalar_subquery()
    )


def _rows(partner_ids: Any) -> Any:
    """SELECT of listing rows (for every partner when partner_ids is None)."""
    # Grouped once and joined: a correlated max(end_date) lets SQLite pick the
    # (status, end_date) index and scan every designation for every partner.
    terms = select(
        Designation.partner_id.label("partner_id"),
        func.min(Designation.start_date).label("listed_from"),
        func.max(Designation.end_date).label("listed_until"),
    ).where(Designation.status == DesignationStatus.active)
    if partner_ids is not None:
        terms = terms.where(Designation.partner_id.in_(partner_ids))
    active = terms.group_by(Designation.partner_id).subquery("active_terms")
    return select(
        Partner.id,
        active.c.listed_from,
        active.c.listed_until,
        _tier_rank(),
        _confirmed(func.count(func.distinct(Engagement.school_id))),
        _confirmed(func.count()),
        Partner.accepting_new_districts,
        _mask("focus_area"),
        _mask("region"),
        _mask("grade_band"),
        _mask("school_type"),
        func.lower(Partner.name),
    ).join(active, active.c.partner_id == Partner.id)


_COLUMNS = [
    "partner_id",
    "listed_from",
    "listed_until",
    "tier_rank",
    "confirmed_schools",
    "confirmed_engagements",
    "accepting",
    "focus_mask",
    "region_mask",
    "grade_mask",
    "type_mask",
    "sort_name",
]


@functools.cache
def _statements() -> tuple[Any, Any, Any, Any]:
    """Built once: the ORM expressions are costly to assemble on every flush."""
    table = DirectoryListing.__table__
    ids = bindparam("ids", expanding=True)
    return (
        delete(table).where(table.c.partner_id.in_(ids)),
        insert(table).from_select(_COLUMNS, _rows(ids)),
        delete(table),
        insert(table).from_select(_COLUMNS, _rows(None)),
    )


def refresh(connection: Connection, partner_ids: Iterable[int] | None) -> None:
    """Recompute the listing rows of these partners (None: of every partner)."""
    remove_some, insert_some, remove_all, insert_all = _statements()
    if partner_ids is None:
        connection.execute(remove_all)
        connection.execute(insert_all)
        return
    ids = sorted(set(partner_ids))
    if ids:
        connection.execute(remove_some, {"ids": ids})
        connection.execute(insert_some, {"ids": ids})


# --- keeping rows current -----------------------------------------------------------------

_WATCHED = (
    Partner,
    PartnerFocusArea,
    PartnerRegion,
    PartnerGradeBand,
    PartnerSchoolType,
    Designation,
    EvidenceItem,
    Engagement,
)
_PENDING = "directory_listing_objects"


def _collect(session: Session, flush_context: Any, instances: Any) -> None:
    touched = session.info.setdefault(_PENDING, [])
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, _WATCHED):
            touched.append(obj)


def _apply(session: Session, flush_context: Any) -> None:
    touched = session.info.pop(_PENDING, [])
    ids = set()
    for obj in touched:
        partner_id = obj.id if isinstance(obj, Partner) else getattr(obj, "partner_id", None)
        if partner_id is not None:
            ids.add(partner_id)
    if ids:
        refresh(session.connection(), ids)


def _discard(session: Session, *args: Any) -> None:
    session.info.pop(_PENDING, None)


event.listen(Session, "before_flush", _collect)
event.listen(Session, "after_flush_postexec", _apply)
event.listen(Session, "after_soft_rollback", _discard)
