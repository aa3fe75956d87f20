"""Every write to partner profiles, pending revisions and documents."""

import hashlib
import re
import unicodedata
from typing import Any

from sqlalchemy import column, exists, select, table
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.accounts import audit
from app.accounts import permissions as perms
from app.accounts import queries as account_queries
from app.accounts.actor import Actor
from app.accounts.models import Organization, OrganizationKind
from app.db import utcnow
from app.errors import Conflict, Forbidden, InvalidTransition, NotAuthenticated, ValidationFailed
from app.notifications import service as notifications
from app.partners import files
from app.partners import queries as partner_queries
from app.partners.models import (
    Document,
    Partner,
    PartnerFocusArea,
    PartnerRevision,
    RevisionStatus,
)
from app.partners.profile import FACET_FIELDS, SCALAR_FIELDS, profile_values
from app.partners.schemas import ProfileForm
from app.storage import ALLOWED_TYPES, DOCUMENT_KINDS, IMAGE_KINDS, FileStore, check_upload

LOGO_MAX_BYTES = 2 * 1024 * 1024

# The evidence domain's attachments refer to documents; named here as a bare table (not its
# model) so partners does not import a domain above it.
_evidence_attachments = table("evidence_attachments", column("document_id"))


# --- partners -------------------------------------------------------------------------------


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:100].strip("-") or "partner"


def _unique_slug(session: Session, name: str) -> str:
    base = slugify(name)
    taken = set(session.scalars(select(Partner.slug).where(Partner.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def partner_create(*, session: Session, organization: Organization, actor: Actor) -> Partner:
    """The profile of a partner organization, named after it, not designated."""
    if organization.kind is not OrganizationKind.partner:
        raise ValidationFailed("Only partner organizations have a partner profile.")
    partner = Partner(
        organization_id=organization.id,
        slug=_unique_slug(session, organization.name),
        name=organization.name,
        summary="",
        description="",
        website=organization.website,
        services=[],
        accepting_new_districts=True,
        is_designated=False,
    )
    partner.focus_areas = []
    partner.regions = []
    partner.grade_bands = []
    partner.school_types = []
    session.add(partner)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="partner.create",
        object_type="partner",
        object_id=partner.id,
        changes={"name": partner.name, "slug": partner.slug, "organization_id": organization.id},
    )
    return partner


def partner_for_actor(*, session: Session, actor: Actor) -> Partner:
    """The signed-in partner editor's Partner (created on first use from the organization).

    Anonymous users are asked to sign in; signed-in users of other kinds get Forbidden
    (the partner workspace is only for partner organizations' staff).
    """
    if actor.user is None:
        raise NotAuthenticated()
    if not perms.is_partner_editor(actor):
        raise Forbidden("The partner workspace is for staff of partner organizations.")
    partner = session.scalar(select(Partner).where(Partner.organization_id == actor.user.organization_id))
    if partner is not None:
        return partner
    organization = session.get(Organization, actor.user.organization_id)
    if organization is None:  # pragma: no cover - a user always belongs to an organization
        raise Forbidden()
    try:
        with session.begin_nested():
            return partner_create(session=session, organization=organization, actor=actor)
    except IntegrityError:
        # Two first requests at once: the other one created it.
        partner = session.scalar(select(Partner).where(Partner.organization_id == organization.id))
        if partner is None:
            raise
        return partner


def _apply(session: Session, partner: Partner, values: dict[str, Any]) -> None:
    """Write a complete profile onto the partner row and its facet rows (facets loaded)."""
    for field in SCALAR_FIELDS:
        if field in values:
            setattr(partner, field, values[field])
    if "primary_focus_areas" in values or "secondary_focus_areas" in values:
        _apply_focus_areas(partner, values)
    for field, (attribute, model, key) in FACET_FIELDS.items():
        if field not in values:
            continue
        codes = values[field]
        rows = getattr(partner, attribute)
        for row in list(rows):
            if getattr(row, key) not in codes:
                rows.remove(row)
        have = {getattr(row, key) for row in rows}
        for code in codes:
            if code not in have:
                rows.append(model(**{key: code}))
    session.flush()


def _apply_focus_areas(partner: Partner, values: dict[str, Any]) -> None:
    primary = values.get("primary_focus_areas", [])
    secondary = values.get("secondary_focus_areas", [])
    wanted = {code: True for code in primary} | {code: False for code in secondary if code not in primary}
    existing = {row.focus_area: row for row in partner.focus_areas}
    for code, row in list(existing.items()):
        if code not in wanted:
            partner.focus_areas.remove(row)
    for code, is_primary in wanted.items():
        if code in existing:
            existing[code].is_primary = is_primary
        else:
            partner.focus_areas.append(PartnerFocusArea(focus_area=code, is_primary=is_primary))


def _save_logo(session: Session, *, store: FileStore, filename: str, content: bytes) -> str:
    try:
        check_upload(content, filename, allowed=IMAGE_KINDS, max_bytes=LOGO_MAX_BYTES)
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, field_errors={"logo": exc.message}) from None
    return files.save_new(session, store, content)


def partner_profile_update(
    *,
    session: Session,
    partner: Partner,
    form: ProfileForm,
    actor: Actor,
    store: FileStore | None = None,
    logo: tuple[str, bytes] | None = None,
) -> PartnerRevision | None:
    """Save the profile form. For a designated partner the change waits as a pending revision
    (returned); otherwise it applies at once (None returned). `partner` needs its facets loaded.
    """
    perms.require(perms.can_edit_partner(actor, partner), actor, hide=True)
    current = profile_values(partner)
    proposed = form.values()
    proposed["logo_storage_key"] = current["logo_storage_key"]
    if logo is not None:
        if store is None:  # pragma: no cover - routes always pass the store with a logo
            raise ValueError("a logo needs the file store")
        proposed["logo_storage_key"] = _save_logo(session, store=store, filename=logo[0], content=logo[1])

    if partner.is_designated:
        return _propose(session, partner=partner, current=current, proposed=proposed, actor=actor)

    changes = audit.diff(current, proposed)
    if not changes:
        return None
    _apply(session, partner, proposed)
    audit.record(
        session,
        actor=actor,
        action="partner.update",
        object_type="partner",
        object_id=partner.id,
        changes=changes,
    )
    return None


def _propose(
    session: Session, *, partner: Partner, current: dict[str, Any], proposed: dict[str, Any], actor: Actor
) -> PartnerRevision | None:
    pending = partner_queries.pending_revision(session, partner.id)
    if pending is None and not audit.diff(current, proposed):
        return None
    if pending is not None:
        # One pending revision at a time: a new edit replaces what was proposed before.
        pending.proposed = proposed
        pending.submitted_at = utcnow()
        pending.submitted_by_id = actor.user.id if actor.user is not None else None
        revision = pending
        action = "partner_revision.update"
    else:
        revision = PartnerRevision(
            partner_id=partner.id,
            proposed=proposed,
            status=RevisionStatus.pending,
            submitted_by_id=actor.user.id if actor.user is not None else None,
            submitted_at=utcnow(),
        )
        session.add(revision)
        action = "partner_revision.submit"
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=action,
        object_type="partner_revision",
        object_id=revision.id,
        changes={"partner_id": partner.id, **audit.diff(current, proposed)},
    )
    return revision


def revision_withdraw(*, session: Session, revision: PartnerRevision, actor: Actor) -> None:
    partner = revision.partner
    perms.require(perms.can_edit_partner(actor, partner), actor, hide=True)
    if revision.status is not RevisionStatus.pending:
        raise InvalidTransition("Only a pending revision can be withdrawn.")
    revision.status = RevisionStatus.withdrawn
    revision.decided_at = utcnow()
    revision.decided_by_id = actor.user.id if actor.user is not None else None
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="partner_revision.withdraw",
        object_type="partner_revision",
        object_id=revision.id,
        changes={"status": [RevisionStatus.pending, RevisionStatus.withdrawn]},
    )


def _notify_partner(session: Session, partner: Partner, *, subject: str, body: str) -> None:
    recipients = account_queries.active_member_emails(session, partner.organization_id)
    for recipient in recipients:
        notifications.message_enqueue(session=session, recipient=recipient, subject=subject, body=body)


def revision_accept(*, session: Session, revision: PartnerRevision, actor: Actor, base_url: str = "") -> None:
    """Publish the proposed profile. `revision.partner` needs its facets loaded."""
    perms.require(perms.can_decide_revisions(actor), actor, hide=True)
    if revision.status is not RevisionStatus.pending:
        raise InvalidTransition("This revision was already decided or withdrawn.")
    partner = revision.partner
    current = profile_values(partner)
    changes = audit.diff(current, revision.proposed)
    _apply(session, partner, revision.proposed)
    revision.status = RevisionStatus.accepted
    revision.decided_at = utcnow()
    revision.decided_by_id = actor.user.id if actor.user is not None else None
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="partner_revision.accept",
        object_type="partner_revision",
        object_id=revision.id,
        changes={"partner_id": partner.id, **changes},
    )
    _notify_partner(
        session,
        partner,
        subject="Your profile changes are published",
        body=(
            f"State staff accepted the changes to the profile of {partner.name}. "
            "The public directory now shows them.\n\n"
            f"Your profile: {base_url}/workspace/profile\n"
        ),
    )


def revision_reject(
    *, session: Session, revision: PartnerRevision, reason: str, actor: Actor, base_url: str = ""
) -> None:
    perms.require(perms.can_decide_revisions(actor), actor, hide=True)
    if revision.status is not RevisionStatus.pending:
        raise InvalidTransition("This revision was already decided or withdrawn.")
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(field_errors={"reason": "Say why the changes are rejected."})
    partner = revision.partner
    revision.status = RevisionStatus.rejected
    revision.decision_reason = reason
    revision.decided_at = utcnow()
    revision.decided_by_id = actor.user.id if actor.user is not None else None
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="partner_revision.reject",
        object_type="partner_revision",
        object_id=revision.id,
        changes={
            "partner_id": partner.id,
            "status": [RevisionStatus.pending, RevisionStatus.rejected],
            "reason": reason,
        },
    )
    _notify_partner(
        session,
        partner,
        subject="Your profile changes were not accepted",
        body=(
            f"State staff did not accept the proposed changes to the profile of {partner.name}. "
            "The public directory keeps showing the earlier version.\n\n"
            f"Reason: {reason}\n\n"
            f"Your profile: {base_url}/workspace/profile\n"
        ),
    )


# --- documents ------------------------------------------------------------------------------


def document_upload(
    *,
    session: Session,
    partner: Partner,
    filename: str,
    content: bytes,
    title: str | None,
    store: FileStore,
    max_bytes: int,
    actor: Actor,
) -> Document:
    """Store a PDF, CSV or XLSX for the partner, typed by its content (never its name).

    The file is written before the row; if the transaction then rolls back, the file goes
    too (see app.partners.files), so a failed upload leaves neither.
    """
    perms.require(perms.can_edit_partner(actor, partner), actor, hide=True)
    try:
        kind, safe_name = check_upload(content, filename, allowed=DOCUMENT_KINDS, max_bytes=max_bytes)
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, field_errors={"file": exc.message}) from None
    title = (title or "").strip() or None
    if title is not None and len(title) > 200:
        raise ValidationFailed(field_errors={"title": "Use at most 200 characters."})
    key = hashlib.sha256(content).hexdigest()
    duplicate = session.scalar(
        select(Document).where(Document.partner_id == partner.id, Document.storage_key == key)
    )
    if duplicate is not None:
        message = f"You already uploaded this file, as {duplicate.filename}."
        raise Conflict(message, field_errors={"file": message})
    files.save_new(session, store, content)
    document = Document(
        partner_id=partner.id,
        storage_key=key,
        filename=safe_name,
        kind=kind,
        content_type=ALLOWED_TYPES[kind],
        size_bytes=len(content),
        title=title,
        uploaded_by_id=actor.user.id if actor.user is not None else None,
        uploaded_at=utcnow(),
    )
    session.add(document)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="document.upload",
        object_type="document",
        object_id=document.id,
        changes={"partner_id": partner.id, "filename": safe_name, "kind": kind, "size_bytes": len(content)},
    )
    return document


def _is_attached(session: Session, document: Document) -> bool:
    return bool(session.scalar(select(exists().where(_evidence_attachments.c.document_id == document.id))))


def document_delete(
    *, session: Session, document: Document, partner: Partner, store: FileStore, actor: Actor
) -> None:
    """Delete a document the partner no longer needs; refused while evidence uses it."""
    perms.require(
        perms.can_edit_partner(actor, partner) and document.partner_id == partner.id, actor, hide=True
    )
    refusal = (
        f"{document.filename} is attached to evidence of impact. "
        "Remove it from the evidence first, then delete it here."
    )
    if _is_attached(session, document):
        raise Conflict(refusal)
    key, document_id, filename = document.storage_key, document.id, document.filename
    try:
        with session.begin_nested():
            session.delete(document)
            session.flush()
    except IntegrityError:
        raise Conflict(refusal) from None
    still_used = session.scalar(select(exists().where(Document.storage_key == key))) or session.scalar(
        select(exists().where(Partner.logo_storage_key == key))
    )
    if not still_used:
        files.release_after_commit(session, store, key)
    audit.record(
        session,
        actor=actor,
        action="document.delete",
        object_type="document",
        object_id=document_id,
        changes={"partner_id": partner.id, "filename": filename},
    )
