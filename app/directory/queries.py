"""Every directory SELECT: search (see search.py), profiles, shortlists and inquiries."""

from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from app.accounts import permissions as perms
from app.accounts import queries as account_queries
from app.accounts.actor import Actor
from app.directory import matching, search
from app.directory.models import Inquiry, SchoolNeedsProfile, Shortlist, ShortlistItem
from app.engagements.models import ConfirmationStatus, Engagement
from app.errors import NotFound
from app.partners.models import Partner
from app.reviews.models import Designation
from app.schools.models import AccountabilityLevel, District, School


def listed_partner(session: Session, slug: str, today: date) -> tuple[Partner, Designation]:
    """A listed partner's public profile, or NotFound (draft, unlisted, suspended, expired)."""
    found = search.listed_partner(session, slug, today)
    if found is None:
        raise NotFound("No Priority Partner has that address.")
    return found


def listed_partners_by_slug(session: Session, slugs: list[str], today: date) -> list[search.Hit]:
    """Hits for the listed partners among these slugs, in the order given (for compare)."""
    return search.by_slugs(session, slugs, today)


def partner_figures(session: Session, partner: Partner, today: date) -> dict[str, Any]:
    """Best verified tier and confirmed counts for one partner (the profile's headline figures)."""
    hits = search.by_slugs(session, [partner.slug], today)
    if not hits:
        return {"tier": "unverified", "confirmed_schools": 0, "confirmed_engagements": 0}
    found = hits[0]
    return {
        "tier": found.tier,
        "confirmed_schools": found.confirmed_schools,
        "confirmed_engagements": found.confirmed_engagements,
    }


def district_schools(session: Session, actor: Actor) -> list[School]:
    """The signed-in district member's schools, for "schools like this one"."""
    if not perms.is_district_member(actor):
        return []
    return list(
        session.scalars(
            select(School)
            .join(District, District.id == School.district_id)
            .where(District.organization_id == actor.organization_id)
            .order_by(School.name)
            .limit(200)
        )
    )


def comparison_schools(session: Session, actor: Actor) -> list[School]:
    """Schools a visitor can pick for "worked in schools like this one": a district member's
    own schools, and for everyone else the state's underperforming schools (Levels 4 and 5),
    which are the schools the program serves."""
    own = district_schools(session, actor)
    if own:
        return own
    return list(
        session.scalars(
            select(School)
            .where(
                School.accountability_level.in_([AccountabilityLevel.level_4, AccountabilityLevel.level_5])
            )
            .order_by(School.name)
            .limit(200)
        )
    )


def school_or_none(session: Session, school_id: int | None) -> School | None:
    return session.get(School, school_id) if school_id else None


# --- shortlists -------------------------------------------------------------------------


def shortlists(session: Session, actor: Actor) -> list[Shortlist]:
    perms.require(perms.can_use_shortlists(actor), actor, hide=True)
    return list(
        session.scalars(
            select(Shortlist)
            .where(Shortlist.organization_id == actor.organization_id)
            .options(selectinload(Shortlist.items))
            .order_by(func.lower(Shortlist.name), Shortlist.id)
        )
    )


def shortlist(session: Session, actor: Actor, shortlist_id: int) -> Shortlist:
    perms.require(perms.can_use_shortlists(actor), actor, hide=True)
    found = session.scalar(
        select(Shortlist)
        .where(Shortlist.id == shortlist_id, Shortlist.organization_id == actor.organization_id)
        .options(
            selectinload(Shortlist.items)
            .selectinload(ShortlistItem.partner)
            .selectinload(Partner.focus_areas)
        )
    )
    if found is None or not perms.can_see_shortlist(actor, found):
        raise NotFound()
    return found


def shortlist_item(session: Session, actor: Actor, shortlist_id: int, item_id: int) -> ShortlistItem:
    found = shortlist(session, actor, shortlist_id)
    for item in found.items:
        if item.id == item_id:
            return item
    raise NotFound()


def listed_slugs(session: Session, partner_ids: list[int], today: date) -> set[int]:
    """Which of these partners are listed today (a shortlist keeps partners that left)."""
    if not partner_ids:
        return set()
    return set(
        session.scalars(
            select(Partner.id).where(Partner.id.in_(partner_ids), search.listed_ids_condition(today))
        )
    )


# --- inquiries --------------------------------------------------------------------------


def _inquiries() -> Select[Any]:
    return select(Inquiry).options(
        selectinload(Inquiry.partner),
        selectinload(Inquiry.district_organization),
        selectinload(Inquiry.messages),
    )


def district_inquiries(session: Session, actor: Actor) -> list[Inquiry]:
    perms.require(perms.can_send_inquiry(actor), actor, hide=True)
    return list(
        session.scalars(
            _inquiries()
            .where(Inquiry.district_organization_id == actor.organization_id)
            .order_by(Inquiry.last_message_at.desc(), Inquiry.id.desc())
            .limit(200)
        )
    )


def partner_for_inbox(session: Session, actor: Actor) -> Partner | None:
    perms.require(perms.can_read_inbox(actor), actor, hide=True)
    return session.scalar(select(Partner).where(Partner.organization_id == actor.organization_id))


def inbox(session: Session, actor: Actor, partner: Partner | None) -> list[Inquiry]:
    perms.require(perms.can_read_inbox(actor), actor, hide=True)
    if partner is None:
        return []
    return list(
        session.scalars(
            _inquiries()
            .where(Inquiry.partner_id == partner.id)
            .order_by(Inquiry.last_message_at.desc(), Inquiry.id.desc())
            .limit(200)
        )
    )


def inquiry(session: Session, actor: Actor, inquiry_id: int) -> tuple[Inquiry, str]:
    """The thread and the viewer's side of it; 404 for anyone outside the thread."""
    if not actor.is_signed_in:
        perms.require(False, actor)
    found = session.scalar(_inquiries().where(Inquiry.id == inquiry_id))
    side = perms.inquiry_side(actor, found, found.partner.organization_id) if found is not None else None
    if found is None or side is None:
        raise NotFound()
    return found, side


def partner_recipients(session: Session, partner: Partner) -> list[str]:
    """Who hears about a new inquiry: the public contact and the partner's active editors."""
    emails = account_queries.active_member_emails(session, partner.organization_id)
    if partner.contact_email:
        emails.insert(0, partner.contact_email.lower())
    return list(dict.fromkeys(emails))


def message_count(inquiry: Inquiry) -> int:
    return len(inquiry.messages)


# --- school needs profiles --------------------------------------------------------------


def needs_profiles(session: Session, actor: Actor) -> list[SchoolNeedsProfile]:
    perms.require(perms.can_use_needs_profiles(actor), actor, hide=True)
    return list(
        session.scalars(
            select(SchoolNeedsProfile)
            .where(SchoolNeedsProfile.organization_id == actor.organization_id)
            .options(selectinload(SchoolNeedsProfile.school))
            .order_by(SchoolNeedsProfile.updated_at.desc(), SchoolNeedsProfile.id.desc())
        )
    )


def needs_profile(session: Session, actor: Actor, needs_profile_id: int) -> SchoolNeedsProfile:
    perms.require(perms.can_use_needs_profiles(actor), actor, hide=True)
    found = session.scalar(
        select(SchoolNeedsProfile)
        .where(SchoolNeedsProfile.id == needs_profile_id)
        .options(selectinload(SchoolNeedsProfile.school))
    )
    if found is None or not perms.can_see_needs_profile(actor, found):
        raise NotFound()
    return found


def district_school(session: Session, actor: Actor, school_id: int) -> School:
    """One of the actor's district's schools, or NotFound."""
    found = session.scalar(
        select(School)
        .join(District, District.id == School.district_id)
        .where(School.id == school_id, District.organization_id == actor.organization_id)
    )
    if found is None:
        raise NotFound("That school is not in your district.")
    return found


def recommendation_candidates(
    session: Session, profile: SchoolNeedsProfile, today: date
) -> list[matching.Candidate]:
    """Listed partners working on any high- or medium-need area, with their experience in
    schools like the profile's school."""
    needed = tuple(code for code, level in profile.needs.items() if level in ("high", "medium"))
    if not needed:
        return []
    hits = search.search(
        session,
        search.Filters(focus_area=needed),
        today=today,
        per_page=search.EXPORT_LIMIT,
        with_counts=False,
    ).hits
    ids = [hit.partner.id for hit in hits]
    school = profile.school
    similar = (
        dict(
            session.execute(
                select(Engagement.partner_id, func.count(func.distinct(Engagement.school_id)))
                .join(School, School.id == Engagement.school_id)
                .where(
                    Engagement.partner_id.in_(ids),
                    Engagement.status == ConfirmationStatus.confirmed,
                    School.accountability_level == school.accountability_level,
                    School.poverty_band == school.poverty_band,
                )
                .group_by(Engagement.partner_id)
            ).all()
        )
        if ids
        else {}
    )
    return [
        matching.Candidate(
            slug=hit.partner.slug,
            name=hit.partner.name,
            focus_areas=tuple(hit.focus_areas),
            regions=tuple(hit.regions),
            grade_bands=tuple(hit.grade_bands),
            school_types=tuple(hit.school_types),
            tier=hit.tier,
            accepting=hit.partner.accepting_new_districts,
            similar_schools=int(similar.get(hit.partner.id, 0)),
            cost_min_cents=hit.partner.cost_min_cents,
        )
        for hit in hits
    ]
