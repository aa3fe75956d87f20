"""Every read of partner profiles, pending revisions and documents, visibility in the query."""

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.accounts import permissions as perms
from app.accounts.actor import Actor
from app.accounts.models import Organization
from app.errors import NotFound
from app.partners.models import Document, Partner, PartnerRevision, RevisionStatus

_FACETS = (
    selectinload(Partner.focus_areas),
    selectinload(Partner.regions),
    selectinload(Partner.grade_bands),
    selectinload(Partner.school_types),
)

DOCUMENT_SORTS = {
    "newest": (Document.uploaded_at.desc(), Document.id.desc()),
    "oldest": (Document.uploaded_at.asc(), Document.id.asc()),
    "name": (func.lower(Document.filename).asc(), Document.id.asc()),
}
PARTNER_SORTS = {
    "name": (func.lower(Partner.name).asc(), Partner.id.asc()),
    "updated": (Partner.updated_at.desc(), Partner.id.desc()),
}


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def partner_by_slug(session: Session, slug: str) -> Partner:
    """A partner by its public slug, facets loaded (what the directory may show is its business)."""
    partner = session.scalar(select(Partner).where(Partner.slug == slug).options(*_FACETS))
    if partner is None:
        raise NotFound()
    return partner


def partner_with_facets(session: Session, partner_id: int) -> Partner:
    """A partner with its focus areas, regions, grade bands and school types loaded."""
    partner = session.scalar(
        select(Partner)
        .where(Partner.id == partner_id)
        .options(*_FACETS)
        .execution_options(populate_existing=True)
    )
    if partner is None:
        raise NotFound()
    return partner


def partner_for_staff(session: Session, actor: Actor, partner_id: int) -> Partner:
    perms.require(perms.can_decide_revisions(actor), actor, hide=True)
    return partner_with_facets(session, partner_id)


def partners(actor: Actor, *, q: str = "", sort: str = "name") -> Select[tuple[Partner]]:
    """All partners for state staff, searched by name, slug or summary."""
    perms.require(perms.can_decide_revisions(actor), actor, hide=True)
    statement = select(Partner)
    if q:
        pattern = _like(q)
        statement = statement.where(
            or_(
                func.lower(Partner.name).like(pattern, escape="\\"),
                func.lower(Partner.slug).like(pattern, escape="\\"),
                func.lower(Partner.summary).like(pattern, escape="\\"),
            )
        )
    return statement.order_by(*PARTNER_SORTS.get(sort, PARTNER_SORTS["name"]))


def pending_revision(session: Session, partner_id: int) -> PartnerRevision | None:
    return session.scalar(
        select(PartnerRevision)
        .where(PartnerRevision.partner_id == partner_id, PartnerRevision.status == RevisionStatus.pending)
        .order_by(PartnerRevision.id.desc())
        .limit(1)
    )


def latest_decided_revision(session: Session, partner_id: int) -> PartnerRevision | None:
    """The partner's most recent accepted or rejected revision (to show the staff's answer)."""
    return session.scalar(
        select(PartnerRevision)
        .where(
            PartnerRevision.partner_id == partner_id,
            PartnerRevision.status.in_((RevisionStatus.accepted, RevisionStatus.rejected)),
        )
        .order_by(PartnerRevision.decided_at.desc(), PartnerRevision.id.desc())
        .limit(1)
    )


def pending_revisions(actor: Actor) -> Select[tuple[PartnerRevision]]:
    """Revisions waiting for state staff, oldest first (first come, first served)."""
    perms.require(perms.can_decide_revisions(actor), actor, hide=True)
    return (
        select(PartnerRevision)
        .where(PartnerRevision.status == RevisionStatus.pending)
        .options(selectinload(PartnerRevision.partner))
        .order_by(PartnerRevision.submitted_at.asc(), PartnerRevision.id.asc())
    )


def revision_for_staff(session: Session, actor: Actor, revision_id: int) -> PartnerRevision:
    """A revision with its partner's accepted profile loaded, for the diff view."""
    perms.require(perms.can_decide_revisions(actor), actor, hide=True)
    revision = session.scalar(
        select(PartnerRevision)
        .where(PartnerRevision.id == revision_id)
        .options(
            selectinload(PartnerRevision.partner).selectinload(Partner.focus_areas),
            selectinload(PartnerRevision.partner).selectinload(Partner.regions),
            selectinload(PartnerRevision.partner).selectinload(Partner.grade_bands),
            selectinload(PartnerRevision.partner).selectinload(Partner.school_types),
        )
    )
    if revision is None:
        raise NotFound()
    return revision


def revision_for_partner(
    session: Session, actor: Actor, partner: Partner, revision_id: int
) -> PartnerRevision:
    """One of the partner's own revisions; another partner's is not found."""
    revision = session.scalar(
        select(PartnerRevision)
        .where(PartnerRevision.id == revision_id, PartnerRevision.partner_id == partner.id)
        .options(selectinload(PartnerRevision.partner))
    )
    if revision is None or not perms.can_edit_partner(actor, partner):
        raise NotFound()
    return revision


def documents(partner: Partner, *, sort: str = "newest", q: str = "") -> Select[tuple[Document]]:
    """The partner's documents (the caller has the partner from partner_for_actor)."""
    statement = select(Document).where(Document.partner_id == partner.id)
    if q:
        pattern = _like(q)
        statement = statement.where(
            or_(
                func.lower(Document.filename).like(pattern, escape="\\"),
                func.lower(func.coalesce(Document.title, "")).like(pattern, escape="\\"),
            )
        )
    return statement.order_by(*DOCUMENT_SORTS.get(sort, DOCUMENT_SORTS["newest"]))


def partner_documents(session: Session, partner: Partner) -> list[Document]:
    """All of a partner's documents, newest first (for pickers such as evidence attachments)."""
    return list(session.scalars(documents(partner)))


def document_for_viewer(session: Session, actor: Actor, document_id: int) -> Document:
    """A document its viewer may see: the owning partner's editors and state staff; else 404."""
    row = session.execute(
        select(Document, Partner)
        .join(Partner, Partner.id == Document.partner_id)
        .where(Document.id == document_id)
    ).first()
    if row is None:
        raise NotFound()
    document, partner = row
    perms.require(perms.can_read_document(actor, partner), actor, hide=True)
    return document


def partner_for_document(session: Session, document: Document) -> Partner:
    partner = session.get(Partner, document.partner_id)
    if partner is None:  # pragma: no cover - the foreign key guarantees it
        raise NotFound()
    return partner


def logo_key_for_viewer(session: Session, actor: Actor, partner_id: int, *, proposed: bool = False) -> str:
    """A listed partner's logo (public); an unlisted or proposed one (own editors, staff)."""
    partner = session.get(Partner, partner_id)
    if partner is None:
        raise NotFound()
    key = partner.logo_storage_key
    if not partner.is_designated:
        # Only listed partners are public; before that the logo is as private as the profile.
        perms.require(perms.can_read_partner_private(actor, partner), actor, hide=True)
    if proposed:
        perms.require(perms.can_read_partner_private(actor, partner), actor, hide=True)
        revision = pending_revision(session, partner.id)
        key = (revision.proposed.get("logo_storage_key") if revision is not None else None) or key
    if not key:
        raise NotFound()
    return key


def partners_with_pending_revision(session: Session) -> set[int]:
    return set(
        session.scalars(
            select(PartnerRevision.partner_id)
            .where(PartnerRevision.status == RevisionStatus.pending)
            .distinct()
        )
    )


def organization_of(session: Session, partner: Partner) -> Organization:
    organization = session.get(Organization, partner.organization_id)
    if organization is None:  # pragma: no cover - the foreign key guarantees it
        raise NotFound()
    return organization


def pending_revision_count(session: Session, actor: Actor) -> int:
    """How many revisions wait for state staff (for the administration home)."""
    perms.require(perms.can_decide_revisions(actor), actor, hide=True)
    statement = (
        select(func.count())
        .select_from(PartnerRevision)
        .where(PartnerRevision.status == RevisionStatus.pending)
    )
    return session.scalar(statement) or 0
