"""Every evidence SELECT, with the viewer's visibility built into the query."""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.accounts import permissions as perms
from app.accounts.actor import Actor
from app.accounts.models import Role
from app.errors import NotFound
from app.evidence.models import EvidenceAttachment, EvidenceItem, EvidenceStatus
from app.evidence.tiers import TIER_ORDER, tier_rank
from app.partners.models import Partner

PUBLIC_STATUSES = (EvidenceStatus.submitted, EvidenceStatus.verified)
SORTS = ("updated", "title", "status", "tier", "version")

_TIER_RANK = case(
    {tier: rank for rank, tier in enumerate(TIER_ORDER)},
    value=func.coalesce(EvidenceItem.verified_tier, EvidenceItem.claimed_tier),
    else_=len(TIER_ORDER),
)


def _with_details(statement: Select[Any]) -> Select[Any]:
    return statement.options(
        selectinload(EvidenceItem.findings),
        selectinload(EvidenceItem.attachments).selectinload(EvidenceAttachment.document),
        selectinload(EvidenceItem.partner),
    )


def _visible(statement: Select[Any], actor: Actor) -> Select[Any]:
    """Staff see every partner's evidence; partner editors their own; nobody else any."""
    if perms.is_state_staff(actor) or actor.via == "system":
        return statement
    if actor.role is Role.partner_editor and actor.organization_id is not None:
        return statement.where(
            EvidenceItem.partner_id.in_(
                select(Partner.id).where(Partner.organization_id == actor.organization_id)
            )
        )
    return statement.where(False)


def item_for_viewer(session: Session, actor: Actor, evidence_id: int) -> EvidenceItem:
    """One version with its findings, attachments and partner, or NotFound if not visible."""
    perms.require(actor.is_signed_in or actor.via == "system", actor)
    item = session.scalar(
        _with_details(_visible(select(EvidenceItem).where(EvidenceItem.id == evidence_id), actor))
    )
    if item is None:
        raise NotFound()
    return item


def items_for_partner(
    partner_id: int, *, status: EvidenceStatus | None = None, sort: str = "updated", descending: bool = True
) -> Select[Any]:
    """The newest version of each of a partner's evidence items (for the workspace list)."""
    statement = select(EvidenceItem).where(
        EvidenceItem.partner_id == partner_id, EvidenceItem.is_latest.is_(True)
    )
    if status is not None:
        statement = statement.where(EvidenceItem.status == status)
    return _sorted(statement, sort, descending)


def _sorted(statement: Select[Any], sort: str, descending: bool) -> Select[Any]:
    column: Any = {
        "title": func.lower(EvidenceItem.title),
        "status": EvidenceItem.status,
        "tier": _TIER_RANK,
        "version": EvidenceItem.version,
    }.get(sort, EvidenceItem.updated_at)
    ordered = column.desc() if descending else column.asc()
    return statement.order_by(ordered, EvidenceItem.id.desc())


def all_items(
    actor: Actor,
    *,
    status: EvidenceStatus | None = None,
    q: str = "",
    sort: str = "updated",
    descending: bool = True,
) -> Select[Any]:
    """Newest versions across partners, for program staff (drafts stay private to the partner)."""
    statement = (
        select(EvidenceItem)
        .join(Partner, Partner.id == EvidenceItem.partner_id)
        .where(EvidenceItem.is_latest.is_(True), EvidenceItem.status != EvidenceStatus.draft)
        .options(selectinload(EvidenceItem.partner))
    )
    if status is not None:
        statement = statement.where(EvidenceItem.status == status)
    if q:
        pattern = f"%{q.lower()}%"
        statement = statement.where(
            or_(func.lower(EvidenceItem.title).like(pattern), func.lower(Partner.name).like(pattern))
        )
    return _visible(_sorted(statement, sort, descending), actor)


def versions(session: Session, item: EvidenceItem) -> list[EvidenceItem]:
    """Every version of the item's lineage, newest first."""
    return list(
        session.scalars(
            select(EvidenceItem)
            .where(EvidenceItem.lineage_id == item.lineage_id)
            .order_by(EvidenceItem.version.desc())
        )
    )


def status_counts(session: Session, partner_id: int) -> dict[str, int]:
    """How many of a partner's items (newest versions) are in each status."""
    rows = session.execute(
        select(EvidenceItem.status, func.count())
        .where(EvidenceItem.partner_id == partner_id, EvidenceItem.is_latest.is_(True))
        .group_by(EvidenceItem.status)
    ).all()
    return {str(status): count for status, count in rows}


# --- for the directory --------------------------------------------------------------------


def _public_versions(partner_ids: list[int]) -> Select[Any]:
    """Ids of the newest submitted or verified version of each lineage of these partners.

    Bounded by partner so a profile page does not group every evidence row in the state."""
    newest = (
        select(EvidenceItem.lineage_id, func.max(EvidenceItem.version).label("version"))
        .where(EvidenceItem.status.in_(PUBLIC_STATUSES), EvidenceItem.partner_id.in_(partner_ids))
        .group_by(EvidenceItem.lineage_id)
        .subquery()
    )
    return select(EvidenceItem.id).join(
        newest,
        (newest.c.lineage_id == EvidenceItem.lineage_id) & (newest.c.version == EvidenceItem.version),
    )


def public_evidence_for_partner(session: Session, partner_id: int) -> list[EvidenceItem]:
    """What the public profile shows: the newest submitted or verified version of each item,
    with findings, strongest tier first. Drafts, returned items and old versions never appear."""
    items = session.scalars(
        select(EvidenceItem)
        .where(EvidenceItem.partner_id == partner_id, EvidenceItem.id.in_(_public_versions([partner_id])))
        .options(selectinload(EvidenceItem.findings))
        .order_by(_TIER_RANK, EvidenceItem.study_year.desc(), EvidenceItem.id)
    )
    return list(items)


def best_verified_tier_by_partner(session: Session, partner_ids: Iterable[int]) -> dict[int, str]:
    """{partner_id: strongest verified tier} over public versions; partners without one are absent."""
    ids = list(partner_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(EvidenceItem.partner_id, EvidenceItem.verified_tier).where(
            EvidenceItem.partner_id.in_(ids),
            EvidenceItem.status == EvidenceStatus.verified,
            EvidenceItem.verified_tier.is_not(None),
            EvidenceItem.id.in_(_public_versions(ids)),
        )
    ).all()
    best: dict[int, str] = {}
    for partner_id, tier in rows:
        if partner_id not in best or tier_rank(tier) < tier_rank(best[partner_id]):
            best[partner_id] = tier
    return best
