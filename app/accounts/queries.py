"""Every accounts SELECT, with the viewer's visibility built in."""

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, selectinload

from app.accounts import permissions as perms
from app.accounts.actor import Actor
from app.accounts.models import (
    ApiToken,
    AuditEvent,
    Organization,
    OrganizationKind,
    OrganizationStatus,
    Role,
    SignInSession,
    User,
    UserStatus,
)
from app.db import utcnow
from app.errors import NotFound
from app.notifications.models import OutboxMessage


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def organizations(
    actor: Actor,
    *,
    text: str = "",
    kind: OrganizationKind | None = None,
    status: OrganizationStatus | None = None,
) -> Select[tuple[Organization]]:
    statement = select(Organization).order_by(Organization.name, Organization.id)
    if not perms.can_manage_organizations(actor):
        statement = statement.where(Organization.id == actor.organization_id)
    if text:
        statement = statement.where(Organization.name.ilike(_like(text), escape="\\"))
    if kind is not None:
        statement = statement.where(Organization.kind == kind)
    if status is not None:
        statement = statement.where(Organization.status == status)
    return statement


def organization(session: Session, actor: Actor, organization_id: int) -> Organization:
    found = session.get(Organization, organization_id)
    if found is None or not perms.can_see_organization(actor, found):
        raise NotFound()
    return found


def active_organizations(session: Session, actor: Actor) -> list[Organization]:
    statement = organizations(actor, status=OrganizationStatus.active)
    return list(session.scalars(statement))


def users(
    actor: Actor,
    *,
    text: str = "",
    role: Role | None = None,
    status: UserStatus | None = None,
    organization_id: int | None = None,
) -> Select[tuple[User]]:
    statement = select(User).options(selectinload(User.organization)).order_by(User.email)
    if not perms.can_manage_users(actor):
        statement = statement.where(User.id == (actor.user.id if actor.user else -1))
    if text:
        pattern = _like(text)
        statement = statement.where(
            or_(User.email.ilike(pattern, escape="\\"), User.full_name.ilike(pattern, escape="\\"))
        )
    if role is not None:
        statement = statement.where(User.role == role)
    if status is not None:
        statement = statement.where(User.status == status)
    if organization_id is not None:
        statement = statement.where(User.organization_id == organization_id)
    return statement


def user(session: Session, actor: Actor, user_id: int) -> User:
    found = session.scalar(select(User).where(User.id == user_id).options(selectinload(User.organization)))
    own = actor.user is not None and actor.user.id == user_id
    if found is None or not (own or perms.can_manage_users(actor)):
        raise NotFound()
    return found


def live_session_count(session: Session, user_id: int) -> int:
    return len(
        session.scalars(
            select(SignInSession.id).where(
                SignInSession.user_id == user_id,
                SignInSession.revoked_at.is_(None),
                SignInSession.expires_at > utcnow(),
            )
        ).all()
    )


def active_member_emails(session: Session, organization_id: int) -> list[str]:
    """Who hears about an organization's records: its active users (roles follow its kind)."""
    return list(
        session.scalars(
            select(User.email)
            .where(User.organization_id == organization_id, User.status == UserStatus.active)
            .order_by(User.id)
        )
    )


def active_admin_emails(session: Session) -> list[str]:
    return list(
        session.scalars(
            select(User.email)
            .where(User.role == Role.state_admin, User.status == UserStatus.active)
            .order_by(User.id)
        )
    )


def api_tokens(session: Session, actor: Actor) -> list[ApiToken]:
    if actor.user is None:
        return []
    return list(
        session.scalars(
            select(ApiToken).where(ApiToken.user_id == actor.user.id).order_by(ApiToken.created_at.desc())
        )
    )


def audit_events(
    actor: Actor, *, action: str = "", object_type: str = "", object_id: str = "", actor_text: str = ""
) -> Select[tuple[AuditEvent]]:
    perms.require(perms.can_read_audit_log(actor), actor, hide=True)
    statement = select(AuditEvent).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    if action:
        statement = statement.where(AuditEvent.action.ilike(_like(action), escape="\\"))
    if object_type:
        statement = statement.where(AuditEvent.object_type == object_type)
    if object_id:
        statement = statement.where(AuditEvent.object_id == object_id)
    if actor_text:
        statement = statement.where(AuditEvent.actor_email.ilike(_like(actor_text), escape="\\"))
    return statement


def audit_object_types(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEvent.object_type).distinct().order_by(AuditEvent.object_type)))


def outbox(actor: Actor, *, recipient: str = "") -> Select[tuple[OutboxMessage]]:
    perms.require(perms.can_read_outbox(actor), actor, hide=True)
    statement = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    if recipient:
        statement = statement.where(OutboxMessage.recipient.ilike(_like(recipient), escape="\\"))
    return statement


def outbox_message(session: Session, actor: Actor, message_id: int) -> OutboxMessage:
    perms.require(perms.can_read_outbox(actor), actor, hide=True)
    found = session.get(OutboxMessage, message_id)
    if found is None:
        raise NotFound()
    return found
