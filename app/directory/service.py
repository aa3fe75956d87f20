"""Every directory write: shortlists and inquiries. Services flush, never commit."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import audit
from app.accounts import permissions as perms
from app.accounts import queries as account_queries
from app.accounts.actor import Actor
from app.db import utcnow
from app.directory import queries
from app.directory.models import Inquiry, InquiryMessage, SchoolNeedsProfile, Shortlist, ShortlistItem
from app.errors import Conflict, NotFound, ValidationFailed
from app.notifications import service as notifications
from app.partners.models import Partner
from app.schools.models import District, School

DEFAULT_SHORTLIST = "Our shortlist"


def _user_name(actor: Actor) -> str:
    return actor.user.full_name if actor.user is not None else actor.label


def shortlist_create(*, session: Session, name: str, actor: Actor) -> Shortlist:
    perms.require(perms.can_use_shortlists(actor), actor, hide=True)
    assert actor.organization_id is not None
    existing = session.scalar(
        select(Shortlist.id).where(Shortlist.organization_id == actor.organization_id, Shortlist.name == name)
    )
    if existing is not None:
        raise ValidationFailed(field_errors={"name": "Your district already has a shortlist with this name."})
    shortlist = Shortlist(
        organization_id=actor.organization_id,
        created_by_id=actor.user.id if actor.user else None,
        name=name,
    )
    session.add(shortlist)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="shortlist.create",
        object_type="shortlist",
        object_id=shortlist.id,
        changes={"name": name},
    )
    return shortlist


def shortlist_add(
    *,
    session: Session,
    partner: Partner,
    shortlist: Shortlist | None,
    new_name: str,
    note: str,
    actor: Actor,
) -> ShortlistItem:
    """Save a listed partner to a shortlist (a new one when none is chosen)."""
    perms.require(perms.can_use_shortlists(actor), actor, hide=True)
    if shortlist is None:
        shortlist = shortlist_create(session=session, name=new_name or DEFAULT_SHORTLIST, actor=actor)
    elif not perms.can_see_shortlist(actor, shortlist):
        raise NotFound()
    exists = session.scalar(
        select(ShortlistItem.id).where(
            ShortlistItem.shortlist_id == shortlist.id, ShortlistItem.partner_id == partner.id
        )
    )
    if exists is not None:
        raise Conflict(f"{partner.name} is already on “{shortlist.name}”.")
    item = ShortlistItem(
        shortlist_id=shortlist.id,
        partner_id=partner.id,
        note=note,
        added_by_id=actor.user.id if actor.user else None,
    )
    session.add(item)
    shortlist.updated_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="shortlist.add_partner",
        object_type="shortlist",
        object_id=shortlist.id,
        changes={"partner_id": partner.id, "note": note},
    )
    return item


def _shortlist_of(session: Session, item: ShortlistItem) -> Shortlist:
    shortlist = session.get(Shortlist, item.shortlist_id)
    if shortlist is None:  # pragma: no cover - the foreign key guarantees it
        raise NotFound()
    return shortlist


def shortlist_item_note(*, session: Session, item: ShortlistItem, note: str, actor: Actor) -> ShortlistItem:
    perms.require(perms.can_see_shortlist(actor, _shortlist_of(session, item)), actor, hide=True)
    changes = audit.diff({"note": item.note}, {"note": note})
    item.note = note
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="shortlist.update_note",
        object_type="shortlist",
        object_id=item.shortlist_id,
        changes={"partner_id": item.partner_id, **changes},
    )
    return item


def shortlist_item_remove(*, session: Session, item: ShortlistItem, actor: Actor) -> None:
    shortlist = _shortlist_of(session, item)
    perms.require(perms.can_see_shortlist(actor, shortlist), actor, hide=True)
    audit.record(
        session,
        actor=actor,
        action="shortlist.remove_partner",
        object_type="shortlist",
        object_id=item.shortlist_id,
        changes={"partner_id": item.partner_id},
    )
    session.delete(item)
    session.flush()


def shortlist_delete(*, session: Session, shortlist: Shortlist, actor: Actor) -> None:
    perms.require(perms.can_see_shortlist(actor, shortlist), actor, hide=True)
    audit.record(
        session,
        actor=actor,
        action="shortlist.delete",
        object_type="shortlist",
        object_id=shortlist.id,
        changes={"name": shortlist.name},
    )
    session.delete(shortlist)
    session.flush()


def inquiry_send(
    *, session: Session, partner: Partner, subject: str, body: str, actor: Actor, base_url: str
) -> Inquiry:
    """A district's first message to a listed partner; the partner hears by email too."""
    perms.require(perms.can_send_inquiry(actor), actor, hide=True)
    assert actor.organization_id is not None
    now = utcnow()
    inquiry = Inquiry(
        partner_id=partner.id,
        district_organization_id=actor.organization_id,
        created_by_id=actor.user.id if actor.user else None,
        subject=subject,
        created_at=now,
        last_message_at=now,
    )
    session.add(inquiry)
    session.flush()
    session.add(
        InquiryMessage(
            inquiry_id=inquiry.id,
            author_id=actor.user.id if actor.user else None,
            author_name=_user_name(actor),
            side="district",
            body=body,
            created_at=now,
        )
    )
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="inquiry.send",
        object_type="inquiry",
        object_id=inquiry.id,
        changes={"partner_id": partner.id, "subject": subject},
    )
    link = f"{base_url}/workspace/inbox/{inquiry.id}"
    for recipient in queries.partner_recipients(session, partner):
        notifications.message_enqueue(
            session=session,
            recipient=recipient,
            subject=f"New inquiry from a district: {subject}",
            body=(
                f"A district sent {partner.name} an inquiry through the Priority Partners portal.\n\n"
                f"Subject: {subject}\n\n{body}\n\nRead and answer it in your workspace inbox: {link}\n"
            ),
        )
    return inquiry


def inquiry_reply(
    *, session: Session, inquiry: Inquiry, side: str, body: str, actor: Actor, base_url: str
) -> InquiryMessage:
    """Add to a thread; the other side hears by email."""
    perms.require(
        perms.inquiry_side(actor, inquiry, inquiry.partner.organization_id) == side, actor, hide=True
    )
    now = utcnow()
    message = InquiryMessage(
        inquiry_id=inquiry.id,
        author_id=actor.user.id if actor.user else None,
        author_name=_user_name(actor),
        side=side,
        body=body,
        created_at=now,
    )
    session.add(message)
    inquiry.last_message_at = now
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="inquiry.reply",
        object_type="inquiry",
        object_id=inquiry.id,
        changes={"side": side, "message_id": message.id},
    )
    if side == "district":
        recipients = queries.partner_recipients(session, inquiry.partner)
        link = f"{base_url}/workspace/inbox/{inquiry.id}"
    else:
        recipients = account_queries.active_member_emails(session, inquiry.district_organization_id)
        link = f"{base_url}/directory/inquiries/{inquiry.id}"
    for recipient in recipients:
        notifications.message_enqueue(
            session=session,
            recipient=recipient,
            subject=f"Reply: {inquiry.subject}",
            body=(
                f"{_user_name(actor)} replied to “{inquiry.subject}”.\n\n{body}\n\nRead the thread: {link}\n"
            ),
        )
    return message


def needs_profile_create(
    *,
    session: Session,
    school: School,
    needs: dict[str, str],
    budget_max_cents: int | None,
    constraints: str,
    actor: Actor,
) -> SchoolNeedsProfile:
    """Record a school's needs by focus area (the school must be in the actor's district)."""
    perms.require(perms.can_use_needs_profiles(actor), actor, hide=True)
    district = session.get(District, school.district_id)
    if district is None or district.organization_id != actor.organization_id:
        raise NotFound("That school is not in your district.")
    profile = SchoolNeedsProfile(
        organization_id=actor.organization_id,
        school_id=school.id,
        created_by_id=actor.user.id if actor.user else None,
        needs=needs,
        budget_max_cents=budget_max_cents,
        constraints=constraints,
    )
    session.add(profile)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="needs_profile.create",
        object_type="school_needs_profile",
        object_id=profile.id,
        changes={"school_id": school.id, "needs": needs, "budget_max_cents": budget_max_cents},
    )
    return profile


def needs_profile_delete(*, session: Session, profile: SchoolNeedsProfile, actor: Actor) -> None:
    perms.require(perms.can_see_needs_profile(actor, profile), actor, hide=True)
    audit.record(
        session,
        actor=actor,
        action="needs_profile.delete",
        object_type="school_needs_profile",
        object_id=profile.id,
        changes={"school_id": profile.school_id},
    )
    session.delete(profile)
    session.flush()
