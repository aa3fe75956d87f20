"""Every write in the evidence domain: drafts, submission, corrections, verification."""

import hashlib
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.accounts import audit
from app.accounts import permissions as perms
from app.accounts import queries as account_queries
from app.accounts.actor import Actor
from app.db import utcnow
from app.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from app.evidence.facts import item_facts
from app.evidence.models import EvidenceAttachment, EvidenceItem, EvidenceStatus, Finding
from app.evidence.schemas import FINDING_FIELDS, EvidenceForm, FindingForm
from app.evidence.tiers import TIER_LABELS, TIER_ORDER, assess
from app.notifications import service as notifications
from app.partners import service as partner_service
from app.partners.models import Document, Partner
from app.storage import FileStore

ITEM_FIELDS = (
    "title",
    "summary",
    "evidence_type",
    "study_design",
    "conducted_by",
    "study_year",
    "grades",
    "locale",
    "school_count",
    "student_count",
    "site_count",
    "attrition",
    "baseline_equivalence",
    "wwc_rating",
    "has_logic_model",
    "study_under_way",
    "citation",
    "link",
)
NOT_EDITABLE = "Submitted evidence cannot be changed. Make a correction to create a new version."


def _partner(session: Session, item: EvidenceItem) -> Partner:
    partner = session.get(Partner, item.partner_id)
    if partner is None:
        raise NotFound()
    return partner


def _snapshot(item: EvidenceItem) -> dict[str, Any]:
    return {name: getattr(item, name) for name in ITEM_FIELDS}


def _finding(form: FindingForm, position: int) -> Finding:
    return Finding(position=position, **form.model_dump(include=set(FINDING_FIELDS)))


def _apply(item: EvidenceItem, form: EvidenceForm) -> None:
    for name in ITEM_FIELDS:
        setattr(item, name, getattr(form, name))
    item.findings = [_finding(finding, n) for n, finding in enumerate(form.findings)]
    item.claimed_tier = assess(item_facts(item)).tier


def _require_draft(item: EvidenceItem) -> None:
    if item.status is not EvidenceStatus.draft:
        raise InvalidTransition(NOT_EDITABLE)


def evidence_create(*, session: Session, partner: Partner, form: EvidenceForm, actor: Actor) -> EvidenceItem:
    """A new evidence item (version 1) as a draft."""
    perms.require(perms.can_edit_evidence(actor, partner), actor, hide=True)
    item = EvidenceItem(
        partner_id=partner.id, status=EvidenceStatus.draft, version=1, is_latest=True, attachments=[]
    )
    _apply(item, form)
    session.add(item)
    session.flush()
    item.lineage_id = item.id
    audit.record(
        session,
        actor=actor,
        action="evidence.created",
        object_type="evidence_item",
        object_id=item.id,
        changes={**_snapshot(item), "findings": len(item.findings), "claimed_tier": item.claimed_tier},
    )
    return item


def evidence_update(
    *, session: Session, item: EvidenceItem, form: EvidenceForm, actor: Actor
) -> EvidenceItem:
    """Change a draft (its findings are replaced by the form's rows)."""
    perms.require(perms.can_edit_evidence(actor, _partner(session, item)), actor, hide=True)
    _require_draft(item)
    before = {**_snapshot(item), "findings": len(item.findings), "claimed_tier": item.claimed_tier}
    _apply(item, form)
    after = {**_snapshot(item), "findings": len(item.findings), "claimed_tier": item.claimed_tier}
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="evidence.updated",
        object_type="evidence_item",
        object_id=item.id,
        changes=audit.diff(before, after),
    )
    return item


def evidence_submit(*, session: Session, item: EvidenceItem, actor: Actor) -> EvidenceItem:
    """Freeze a draft and its claimed tier; from now on only a correction changes it."""
    perms.require(perms.can_edit_evidence(actor, _partner(session, item)), actor, hide=True)
    _require_draft(item)
    if not item.findings and not item.has_logic_model:
        raise ValidationFailed(
            "Add at least one finding before submitting (or, for Tier 4, describe the logic model)."
        )
    item.claimed_tier = assess(item_facts(item)).tier
    item.status = EvidenceStatus.submitted
    item.submitted_at = utcnow()
    item.submitted_by_id = actor.user.id if actor.user is not None else None
    audit.record(
        session,
        actor=actor,
        action="evidence.submitted",
        object_type="evidence_item",
        object_id=item.id,
        changes={
            "status": ["draft", "submitted"],
            "claimed_tier": item.claimed_tier,
            "version": item.version,
        },
    )
    return item


def evidence_delete(*, session: Session, item: EvidenceItem, actor: Actor) -> None:
    """Delete a draft. Deleting a correction's draft makes the version it corrected current again."""
    perms.require(perms.can_edit_evidence(actor, _partner(session, item)), actor, hide=True)
    if item.status is not EvidenceStatus.draft:
        raise InvalidTransition("Only a draft can be deleted. Submitted evidence stays on record.")
    if item.previous_id is not None:
        previous = session.get(EvidenceItem, item.previous_id)
        if previous is not None:
            previous.is_latest = True
    audit.record(
        session,
        actor=actor,
        action="evidence.deleted",
        object_type="evidence_item",
        object_id=item.id,
        changes={"title": item.title, "version": item.version},
    )
    session.delete(item)
    session.flush()


def evidence_correct(*, session: Session, item: EvidenceItem, actor: Actor) -> EvidenceItem:
    """Start a correction: a new draft version copying this one, which stays readable as it was."""
    perms.require(perms.can_edit_evidence(actor, _partner(session, item)), actor, hide=True)
    if item.status is EvidenceStatus.draft:
        raise InvalidTransition("This version is still a draft: edit it directly.")
    if not item.is_latest:
        raise InvalidTransition("A newer version of this evidence exists: correct that one instead.")
    correction = EvidenceItem(
        partner_id=item.partner_id,
        lineage_id=item.lineage_id,
        version=item.version + 1,
        previous_id=item.id,
        is_latest=True,
        status=EvidenceStatus.draft,
        claimed_tier=item.claimed_tier,
        **_snapshot(item),
    )
    correction.findings = [
        Finding(position=f.position, **{c: getattr(f, c) for c in FINDING_FIELDS}) for f in item.findings
    ]
    correction.attachments = [EvidenceAttachment(document_id=a.document_id) for a in item.attachments]
    try:
        # Two corrections started at once would both be version + 1: the second one loses.
        with session.begin_nested():
            item.is_latest = False
            session.add(correction)
    except IntegrityError:
        raise Conflict("A correction of this evidence was just started. Reload the page.") from None
    audit.record(
        session,
        actor=actor,
        action="evidence.correction_started",
        object_type="evidence_item",
        object_id=correction.id,
        changes={"corrects": item.id, "version": correction.version},
    )
    return correction


def evidence_attach(
    *,
    session: Session,
    item: EvidenceItem,
    filename: str,
    content: bytes,
    title: str,
    store: FileStore,
    max_bytes: int,
    actor: Actor,
) -> Document:
    """Upload a PDF, CSV or XLSX into the partner's documents and attach it to this draft.

    A file the partner uploaded before (same content) is attached again, not stored twice.
    """
    partner = _partner(session, item)
    perms.require(perms.can_edit_evidence(actor, partner), actor, hide=True)
    _require_draft(item)
    document = session.scalar(
        select(Document).where(
            Document.partner_id == partner.id, Document.storage_key == hashlib.sha256(content).hexdigest()
        )
    )
    if document is None:
        document = partner_service.document_upload(
            session=session,
            partner=partner,
            filename=filename,
            content=content,
            title=title or None,
            store=store,
            max_bytes=max_bytes,
            actor=actor,
        )
    if all(a.document_id != document.id for a in item.attachments):
        item.attachments.append(EvidenceAttachment(document_id=document.id))
        session.flush()
    audit.record(
        session,
        actor=actor,
        action="evidence.attachment_added",
        object_type="evidence_item",
        object_id=item.id,
        changes={"document_id": document.id, "filename": document.filename},
    )
    return document


def evidence_detach(*, session: Session, item: EvidenceItem, document_id: int, actor: Actor) -> None:
    """Take a document off this draft (it stays among the partner's documents)."""
    perms.require(perms.can_edit_evidence(actor, _partner(session, item)), actor, hide=True)
    _require_draft(item)
    link = next((a for a in item.attachments if a.document_id == document_id), None)
    if link is None:
        raise NotFound()
    item.attachments.remove(link)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="evidence.attachment_removed",
        object_type="evidence_item",
        object_id=item.id,
        changes={"document_id": document_id},
    )


# --- verification by state staff -------------------------------------------------------------


def _staff_reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(field_errors={field: "Give the reason; the partner will read it."})
    if len(reason) > 4000:
        raise ValidationFailed(field_errors={field: "Keep the reason under 4,000 characters."})
    return reason


def _notify_partner(session: Session, item: EvidenceItem, *, subject: str, body: str) -> None:
    partner = _partner(session, item)
    recipients = account_queries.active_member_emails(session, partner.organization_id)
    for recipient in recipients:
        notifications.message_enqueue(session=session, recipient=recipient, subject=subject, body=body)


def evidence_verify(
    *, session: Session, item: EvidenceItem, tier: str, reason: str, actor: Actor
) -> EvidenceItem:
    """Confirm the claimed tier or set another, with the reason (state staff only)."""
    perms.require(perms.can_verify_evidence(actor), actor)
    if item.status not in (EvidenceStatus.submitted, EvidenceStatus.verified):
        raise InvalidTransition(
            f"Only submitted evidence can be verified; this version is {item.status.label.lower()}."
        )
    if tier not in TIER_ORDER:
        raise ValidationFailed(field_errors={"tier": "Choose one of the listed tiers."})
    reason = _staff_reason(reason)
    before = {"status": item.status.value, "verified_tier": item.verified_tier}
    item.status = EvidenceStatus.verified
    item.verified_tier = tier
    item.staff_reason = reason
    item.decided_at = utcnow()
    item.decided_by_id = actor.user.id if actor.user is not None else None
    audit.record(
        session,
        actor=actor,
        action="evidence.verified",
        object_type="evidence_item",
        object_id=item.id,
        changes={
            **audit.diff(before, {"status": item.status.value, "verified_tier": tier}),
            "claimed_tier": item.claimed_tier,
            "changed_from_claim": tier != item.claimed_tier,
            "reason": reason,
        },
    )
    _notify_partner(
        session,
        item,
        subject=f"Evidence verified: {item.title}",
        body=(
            f'State staff verified version {item.version} of "{item.title}" as {TIER_LABELS[tier]}'
            f" (you claimed {TIER_LABELS.get(item.claimed_tier, item.claimed_tier)}).\n\n"
            f"Reason:\n{reason}\n\nSee it in the portal under Evidence of impact.\n"
        ),
    )
    return item


def evidence_return(*, session: Session, item: EvidenceItem, reason: str, actor: Actor) -> EvidenceItem:
    """Send submitted evidence back to the partner with the reason; they answer with a correction."""
    perms.require(perms.can_verify_evidence(actor), actor)
    if item.status not in (EvidenceStatus.submitted, EvidenceStatus.verified):
        raise InvalidTransition(
            f"Only submitted evidence can be returned; this version is {item.status.label.lower()}."
        )
    reason = _staff_reason(reason)
    previous = item.status.value
    item.status = EvidenceStatus.returned
    item.verified_tier = None
    item.staff_reason = reason
    item.decided_at = utcnow()
    item.decided_by_id = actor.user.id if actor.user is not None else None
    audit.record(
        session,
        actor=actor,
        action="evidence.returned",
        object_type="evidence_item",
        object_id=item.id,
        changes={"status": [previous, "returned"], "reason": reason},
    )
    _notify_partner(
        session,
        item,
        subject=f"Evidence returned for correction: {item.title}",
        body=(
            f'State staff returned version {item.version} of "{item.title}".\n\nReason:\n{reason}\n\n'
            'Open it in the portal under Evidence of impact and choose "Correct this evidence" '
            "to make a new version.\n"
        ),
    )
    return item


def tier_label(tier: str | None) -> str:
    return TIER_LABELS.get(tier or "", "Not set")
