"""Every write in the accounts domain: organizations, users, sign-in, tokens."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload, selectinload

from app.accounts import audit, passwords, queries
from app.accounts import permissions as perms
from app.accounts.actor import Actor
from app.accounts.models import (
    ROLES_BY_KIND,
    ApiToken,
    OneTimeToken,
    Organization,
    OrganizationKind,
    OrganizationStatus,
    Role,
    SignInFailure,
    SignInSession,
    TokenPurpose,
    User,
    UserStatus,
)
from app.accounts.schemas import InvitationForm, PartnerAccountRequestForm
from app.db import utcnow
from app.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from app.notifications import service as notifications
from app.web.signing import sha256_hex

INVITATION_LIFETIME = timedelta(days=7)
RESET_LIFETIME = timedelta(hours=1)
THROTTLE_WINDOW = timedelta(minutes=15)
# Guessing one account from one address stops quickly. The per-account limit across all
# addresses is much higher, so a stranger cannot lock a user out with a handful of requests,
# while a distributed guess at one account still stops.
MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5
MAX_FAILURES_PER_ADDRESS = 20
MAX_FAILURES_PER_ACCOUNT = 100
MAX_RESET_EMAILS_PER_HOUR = 3
API_TOKEN_PREFIX = "ppt_"
# Touching last_seen on every request would make every page view a write.
SESSION_TOUCH_INTERVAL = timedelta(minutes=1)


def _new_token() -> str:
    return secrets.token_urlsafe(32)


# --- organizations ----------------------------------------------------------------------


def organization_request(
    *, session: Session, form: PartnerAccountRequestForm, actor: Actor, base_url: str
) -> Organization | None:
    """A partner asks for an account: a pending organization with its first user.

    None when the email already has an account (its owner is emailed instead)."""
    existing = _user_by_email(session, str(form.email))
    if existing is not None:
        # The page answers as for a new request (no way to learn who has an account); the
        # address's owner is told instead.
        notifications.message_enqueue(
            session=session,
            recipient=existing.email,
            subject="Someone asked for a Priority Partners account with your email",
            body=(
                f"Hello {existing.full_name},\n\nSomeone asked for a new partner account using this email "
                f"address, which already has an account. If it was you, sign in at {base_url}/sign-in or "
                f"reset your password at {base_url}/password-reset. If not, you can ignore this email.\n"
            ),
        )
        return None
    organization = Organization(
        name=form.organization_name,
        kind=OrganizationKind.partner,
        status=OrganizationStatus.pending,
        website=form.website or None,
        request_note=form.note or None,
    )
    user = User(
        email=str(form.email),
        full_name=form.full_name,
        password_hash=passwords.hash_password(form.password),
        role=Role.partner_editor,
        status=UserStatus.active,
        organization=organization,
    )
    session.add_all([organization, user])
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="organization.requested",
        object_type="organization",
        object_id=organization.id,
        changes={"name": organization.name, "kind": organization.kind, "first_user": user.email},
    )
    notifications.message_enqueue(
        session=session,
        recipient=user.email,
        subject="We received your Priority Partners account request",
        body=(
            f"Hello {user.full_name},\n\nWe received the request for {organization.name}. "
            "State staff review each request; we will email you when it is approved or "
            "if we need to talk.\n"
        ),
    )
    for admin_email in queries.active_admin_emails(session):
        notifications.message_enqueue(
            session=session,
            recipient=admin_email,
            subject=f"New partner account request: {organization.name}",
            body=f"Review it at {base_url}/admin/organizations?status=pending\n",
        )
    return organization


def _first_user(session: Session, organization: Organization) -> User | None:
    return session.scalar(
        select(User).where(User.organization_id == organization.id).order_by(User.id).limit(1)
    )


def organization_approve(
    *, session: Session, organization: Organization, actor: Actor, base_url: str
) -> None:
    perms.require(perms.can_manage_organizations(actor), actor)
    if organization.status is not OrganizationStatus.pending:
        raise InvalidTransition(f"Only a pending request can be approved; this one is {organization.status}.")
    organization.status = OrganizationStatus.active
    audit.record(
        session,
        actor=actor,
        action="organization.approved",
        object_type="organization",
        object_id=organization.id,
        changes={"status": ["pending", "active"]},
    )
    requester = _first_user(session, organization)
    if requester is not None:
        notifications.message_enqueue(
            session=session,
            recipient=requester.email,
            subject="Your Priority Partners account is approved",
            body=(
                f"Hello {requester.full_name},\n\n{organization.name} can now use the portal. "
                f"Sign in at {base_url}/sign-in to complete your profile.\n"
            ),
        )


def organization_reject(*, session: Session, organization: Organization, reason: str, actor: Actor) -> None:
    perms.require(perms.can_manage_organizations(actor), actor)
    if organization.status is not OrganizationStatus.pending:
        raise InvalidTransition(f"Only a pending request can be rejected; this one is {organization.status}.")
    organization.status = OrganizationStatus.rejected
    organization.decision_reason = reason
    audit.record(
        session,
        actor=actor,
        action="organization.rejected",
        object_type="organization",
        object_id=organization.id,
        changes={"status": ["pending", "rejected"], "reason": reason},
    )
    requester = _first_user(session, organization)
    if requester is not None:
        notifications.message_enqueue(
            session=session,
            recipient=requester.email,
            subject="Your Priority Partners account request",
            body=(
                f"Hello {requester.full_name},\n\nThe request for {organization.name} was not "
                f"approved.\n\nReason given by state staff:\n{reason}\n"
            ),
        )


def organization_create(*, session: Session, name: str, kind: OrganizationKind, actor: Actor) -> Organization:
    perms.require(perms.can_manage_organizations(actor), actor)
    organization = Organization(name=name, kind=kind, status=OrganizationStatus.active)
    session.add(organization)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="organization.created",
        object_type="organization",
        object_id=organization.id,
        changes={"name": name, "kind": kind},
    )
    return organization


def organization_set_enabled(
    *, session: Session, organization: Organization, enabled: bool, actor: Actor
) -> None:
    """Disabling an organization signs all its users out at once."""
    perms.require(perms.can_manage_organizations(actor), actor)
    if actor.user is not None and actor.user.organization_id == organization.id and not enabled:
        raise InvalidTransition("You cannot disable your own organization.")
    allowed_from = OrganizationStatus.active if not enabled else OrganizationStatus.disabled
    if organization.status is not allowed_from:
        raise InvalidTransition(f"This organization is {organization.status}.")
    new_status = OrganizationStatus.active if enabled else OrganizationStatus.disabled
    audit.record(
        session,
        actor=actor,
        action="organization.enabled" if enabled else "organization.disabled",
        object_type="organization",
        object_id=organization.id,
        changes={"status": [organization.status, new_status]},
    )
    organization.status = new_status
    if not enabled:
        user_ids = select(User.id).where(User.organization_id == organization.id)
        _revoke_sessions_where(session, SignInSession.user_id.in_(user_ids))


# --- users ------------------------------------------------------------------------------


def _user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(
        select(User).where(User.email == email.strip().lower()).options(selectinload(User.organization))
    )


def _check_role_fits(role: Role, organization: Organization) -> None:
    if role not in ROLES_BY_KIND[organization.kind]:
        allowed = ", ".join(r.label for r in ROLES_BY_KIND[organization.kind])
        raise ValidationFailed(
            field_errors={"role": f"A {organization.kind.replace('_', ' ')} user can only be: {allowed}."}
        )


def _issue_token(session: Session, user: User, purpose: TokenPurpose, lifetime: timedelta) -> str:
    raw = _new_token()
    # Older links for the same purpose stop working once a new one is sent.
    session.execute(
        update(OneTimeToken)
        .where(
            OneTimeToken.user_id == user.id, OneTimeToken.purpose == purpose, OneTimeToken.used_at.is_(None)
        )
        .values(used_at=utcnow())
    )
    session.add(
        OneTimeToken(
            token_hash=sha256_hex(raw), purpose=purpose, user_id=user.id, expires_at=utcnow() + lifetime
        )
    )
    return raw


def user_invite(*, session: Session, form: InvitationForm, actor: Actor, base_url: str) -> User:
    perms.require(perms.can_manage_users(actor), actor)
    organization = session.get(Organization, form.organization_id)
    if organization is None:
        raise ValidationFailed(field_errors={"organization_id": "Choose an organization."})
    _check_role_fits(form.role, organization)
    if _user_by_email(session, str(form.email)) is not None:
        raise ValidationFailed(field_errors={"email": "A user with this email already exists."})
    user = User(
        email=str(form.email),
        full_name=form.full_name,
        role=form.role,
        status=UserStatus.invited,
        organization_id=organization.id,
    )
    session.add(user)
    session.flush()
    raw = _issue_token(session, user, TokenPurpose.invitation, INVITATION_LIFETIME)
    audit.record(
        session,
        actor=actor,
        action="user.invited",
        object_type="user",
        object_id=user.id,
        changes={"email": user.email, "role": user.role, "organization_id": organization.id},
    )
    notifications.message_enqueue(
        session=session,
        recipient=user.email,
        subject="You are invited to the Priority Partners portal",
        body=(
            f"Hello {user.full_name},\n\nYou have been invited to the Priority Partners portal as "
            f"{user.role.label} for {organization.name}.\n\nChoose your password here (the link "
            f"works once, for 7 days):\n{base_url}/invitations/{raw}\n"
        ),
    )
    return user


def user_create(
    *,
    session: Session,
    email: str,
    full_name: str,
    role: Role,
    organization: Organization,
    password: str,
    actor: Actor,
) -> User:
    """An active user with a password (the `portal create-user` command and demo data)."""
    perms.require(perms.can_manage_users(actor), actor)
    _check_role_fits(role, organization)
    problem = passwords.password_problem(password, email=email)
    if problem:
        raise ValidationFailed(problem, field_errors={"password": problem})
    if _user_by_email(session, email) is not None:
        raise ValidationFailed(f"A user with the email {email} already exists.")
    user = User(
        email=email.strip().lower(),
        full_name=full_name,
        role=role,
        status=UserStatus.active,
        organization_id=organization.id,
        password_hash=passwords.hash_password(password),
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="user.created",
        object_type="user",
        object_id=user.id,
        changes={"email": user.email, "role": role, "organization_id": organization.id},
    )
    return user


def _valid_token(session: Session, raw: str, purpose: TokenPurpose) -> OneTimeToken:
    token = session.scalar(
        select(OneTimeToken)
        .where(OneTimeToken.token_hash == sha256_hex(raw), OneTimeToken.purpose == purpose)
        .options(selectinload(OneTimeToken.user))
    )
    if token is None or token.used_at is not None or token.expires_at <= utcnow():
        raise NotFound("This link has expired or has already been used. Ask for a new one.")
    return token


def token_check(*, session: Session, raw: str, purpose: TokenPurpose) -> User:
    """The user a still-valid link belongs to (for showing the set-password form)."""
    return _valid_token(session, raw, purpose).user


def invitation_accept(*, session: Session, raw: str, password: str, actor: Actor) -> User:
    token = _valid_token(session, raw, TokenPurpose.invitation)
    user = token.user
    if user.status is not UserStatus.invited:
        # A disabled invitee must not re-enable themselves with a link sent earlier.
        raise NotFound("This link has expired or has already been used. Ask for a new one.")
    token.used_at = utcnow()
    user.password_hash = passwords.hash_password(password)
    user.status = UserStatus.active
    audit.record(
        session,
        actor=Actor(user=user, client_address=actor.client_address),
        action="user.invitation_accepted",
        object_type="user",
        object_id=user.id,
        changes={"status": ["invited", "active"]},
    )
    return user


def password_reset_request(*, session: Session, email: str, actor: Actor, base_url: str) -> None:
    """Email a reset link if the account exists; callers answer the same way either way."""
    user = _user_by_email(session, email)
    if user is None or user.status is not UserStatus.active:
        return
    recent = session.scalars(
        select(OneTimeToken.id).where(
            OneTimeToken.user_id == user.id,
            OneTimeToken.purpose == TokenPurpose.password_reset,
            OneTimeToken.created_at > utcnow() - timedelta(hours=1),
        )
    ).all()
    if len(recent) >= MAX_RESET_EMAILS_PER_HOUR:
        # Enough links are on their way; more would only flood the inbox.
        return
    raw = _issue_token(session, user, TokenPurpose.password_reset, RESET_LIFETIME)
    audit.record(
        session,
        actor=actor,
        action="user.password_reset_requested",
        object_type="user",
        object_id=user.id,
    )
    notifications.message_enqueue(
        session=session,
        recipient=user.email,
        subject="Reset your Priority Partners password",
        body=(
            f"Hello {user.full_name},\n\nSomeone asked to reset the password for this account. "
            f"If it was you, choose a new password here (the link works once, for 1 hour):\n"
            f"{base_url}/password-reset/{raw}\n\nIf it was not you, ignore this email.\n"
        ),
    )


def password_reset_complete(*, session: Session, raw: str, password: str, actor: Actor) -> User:
    token = _valid_token(session, raw, TokenPurpose.password_reset)
    user = token.user
    token.used_at = utcnow()
    user.password_hash = passwords.hash_password(password)
    # A reset usually means the old password may be known: end every session and API token.
    _revoke_sessions_where(session, SignInSession.user_id == user.id)
    _revoke_api_tokens(session, user.id)
    audit.record(
        session,
        actor=Actor(user=user, client_address=actor.client_address),
        action="user.password_reset",
        object_type="user",
        object_id=user.id,
    )
    return user


def password_change(
    *, session: Session, current_password: str, password: str, actor: Actor, keep_session: str | None = None
) -> None:
    """Change one's own password; every other session and every API token ends with the old one."""
    perms.require(perms.can_use_account(actor), actor)
    user = actor.user
    assert user is not None
    if not passwords.verify_password(user.password_hash, current_password):
        raise ValidationFailed(field_errors={"current_password": "That is not your current password."})
    user.password_hash = passwords.hash_password(password)
    others = SignInSession.user_id == user.id
    if keep_session is not None:
        others = others & (SignInSession.token_hash != sha256_hex(keep_session))
    _revoke_sessions_where(session, others)
    _revoke_api_tokens(session, user.id)
    audit.record(session, actor=actor, action="user.password_changed", object_type="user", object_id=user.id)


def user_set_enabled(*, session: Session, user: User, enabled: bool, actor: Actor) -> None:
    perms.require(perms.can_edit_user(actor, user), actor, message="You cannot disable your own account.")
    new_status = UserStatus.active if enabled else UserStatus.disabled
    if enabled and user.password_hash is None:
        new_status = UserStatus.invited
    if user.status == new_status:
        raise InvalidTransition(f"This user is already {new_status}.")
    audit.record(
        session,
        actor=actor,
        action="user.enabled" if enabled else "user.disabled",
        object_type="user",
        object_id=user.id,
        changes={"status": [user.status, new_status]},
    )
    user.status = new_status
    if not enabled:
        _revoke_sessions_where(session, SignInSession.user_id == user.id)
        _revoke_api_tokens(session, user.id)
        # Links sent before the account was disabled must not bring it back.
        session.execute(
            update(OneTimeToken)
            .where(OneTimeToken.user_id == user.id, OneTimeToken.used_at.is_(None))
            .values(used_at=utcnow())
        )


def user_change_role(*, session: Session, user: User, role: Role, actor: Actor) -> None:
    perms.require(perms.can_edit_user(actor, user), actor, message="You cannot change your own role.")
    organization = session.get(Organization, user.organization_id)
    assert organization is not None
    _check_role_fits(role, organization)
    if user.role is role:
        return
    audit.record(
        session,
        actor=actor,
        action="user.role_changed",
        object_type="user",
        object_id=user.id,
        changes={"role": [user.role, role]},
    )
    user.role = role
    # New permissions take effect from a fresh sign-in.
    _revoke_sessions_where(session, SignInSession.user_id == user.id)


def user_revoke_sessions(*, session: Session, user: User, actor: Actor) -> int:
    own = actor.user is not None and actor.user.id == user.id
    perms.require(own or perms.can_manage_users(actor), actor)
    count = _revoke_sessions_where(session, SignInSession.user_id == user.id)
    audit.record(
        session,
        actor=actor,
        action="user.sessions_revoked",
        object_type="user",
        object_id=user.id,
        changes={"sessions": count},
    )
    return count


# --- sign-in ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignInResult:
    user: User | None = None
    token: str | None = None
    error: str | None = None
    retry_after: int | None = None


_BAD_CREDENTIALS = "The email or password is not right. Check them and try again."


def _retry_after(session: Session, condition, limit: int, now: datetime) -> int | None:  # type: ignore[no-untyped-def]
    since = now - THROTTLE_WINDOW
    recent = session.scalars(
        select(SignInFailure.failed_at)
        .where(condition, SignInFailure.failed_at > since)
        .order_by(SignInFailure.failed_at.desc())
        .limit(limit)
    ).all()
    if len(recent) < limit:
        return None
    oldest_counted = min(recent)
    return max(1, int((oldest_counted + THROTTLE_WINDOW - now).total_seconds()) + 1)


def sign_in(
    *,
    session: Session,
    email: str,
    password: str,
    actor: Actor,
    user_agent: str | None,
    lifetime: timedelta,
    previous_token: str | None = None,
) -> SignInResult:
    """Check credentials (throttled per account and per address) and start a session.

    Nothing is raised for a refusal, so the failure record and its audit event commit.
    """
    now = utcnow()
    email = email.strip().lower()
    address = actor.client_address or "unknown"
    limits = (
        (
            (SignInFailure.email == email) & (SignInFailure.client_address == address),
            MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS,
        ),
        (SignInFailure.client_address == address, MAX_FAILURES_PER_ADDRESS),
        (SignInFailure.email == email, MAX_FAILURES_PER_ACCOUNT),
    )
    retry = next(
        (
            wait
            for condition, limit in limits
            if (wait := _retry_after(session, condition, limit, now)) is not None
        ),
        None,
    )
    if retry is not None:
        audit.record(
            session,
            actor=actor,
            action="sign_in.throttled",
            object_type="sign_in",
            object_id=None,
            changes={"email": email},
        )
        minutes = max(1, round(retry / 60))
        return SignInResult(
            error=(
                f"Too many failed attempts. Wait about {minutes} minute{'s' if minutes != 1 else ''} "
                "and try again."
            ),
            retry_after=retry,
        )
    user = _user_by_email(session, email)
    if user is None:
        passwords.burn_time(password)
        ok = False
    else:
        ok = passwords.verify_password(user.password_hash, password)
    if not ok or user is None:
        session.add(SignInFailure(email=email, client_address=address, failed_at=now))
        audit.record(
            session,
            actor=actor,
            action="sign_in.failed",
            object_type="sign_in",
            object_id=None,
            changes={"email": email},
        )
        return SignInResult(error=_BAD_CREDENTIALS)
    if user.status is not UserStatus.active:
        return SignInResult(error="This account is disabled. Contact the state program staff.")
    if user.organization.status is OrganizationStatus.pending:
        return SignInResult(
            error="Your organization's account request is waiting for approval. We will email you."
        )
    if user.organization.status is not OrganizationStatus.active:
        return SignInResult(
            error="Your organization's account is not active. Contact the state program staff."
        )
    if passwords.needs_rehash(user.password_hash or ""):
        user.password_hash = passwords.hash_password(password)
    if previous_token:
        _revoke_sessions_where(session, SignInSession.token_hash == sha256_hex(previous_token))
    raw = session_start(
        session=session, user=user, lifetime=lifetime, client_address=address, user_agent=user_agent
    )
    user.last_sign_in_at = now
    audit.record(
        session,
        actor=Actor(user=user, client_address=actor.client_address),
        action="sign_in.succeeded",
        object_type="user",
        object_id=user.id,
    )
    return SignInResult(user=user, token=raw)


def session_start(
    *, session: Session, user: User, lifetime: timedelta, client_address: str | None, user_agent: str | None
) -> str:
    """A new sign-in session for a user whose credentials were checked; returns the cookie token."""
    now = utcnow()
    raw = _new_token()
    session.add(
        SignInSession(
            token_hash=sha256_hex(raw),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + lifetime,
            client_address=client_address,
            user_agent=(user_agent or "")[:300],
        )
    )
    session.flush()
    return raw


def session_resume(*, session: Session, raw: str, idle_timeout: timedelta) -> SignInSession | None:
    """The live session for a cookie token, or None when it is unknown, ended or timed out."""
    now = utcnow()
    found = session.scalar(
        select(SignInSession)
        .where(SignInSession.token_hash == sha256_hex(raw), SignInSession.revoked_at.is_(None))
        # Runs on every signed-in request: one joined query rather than three.
        .options(joinedload(SignInSession.user).joinedload(User.organization))
    )
    if found is None or found.expires_at <= now or found.last_seen_at + idle_timeout <= now:
        return None
    user = found.user
    if user.status is not UserStatus.active or user.organization.status is not OrganizationStatus.active:
        return None
    if now - found.last_seen_at > SESSION_TOUCH_INTERVAL:
        found.last_seen_at = now
    return found


def sign_out(*, session: Session, raw: str, actor: Actor) -> None:
    _revoke_sessions_where(session, SignInSession.token_hash == sha256_hex(raw))
    if actor.user is not None:
        audit.record(session, actor=actor, action="sign_out", object_type="user", object_id=actor.user.id)


def _revoke_api_tokens(session: Session, user_id: int) -> None:
    session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def _revoke_sessions_where(session: Session, condition) -> int:  # type: ignore[no-untyped-def]
    result = session.execute(
        update(SignInSession)
        .where(condition, SignInSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


# --- API tokens -----------------------------------------------------------------------------


def api_token_create(*, session: Session, name: str, actor: Actor) -> tuple[ApiToken, str]:
    """A new token; the raw value is returned once and never stored."""
    perms.require(perms.can_use_account(actor), actor)
    assert actor.user is not None
    raw = API_TOKEN_PREFIX + _new_token()
    token = ApiToken(name=name, token_hash=sha256_hex(raw), prefix=raw[:10], user_id=actor.user.id)
    session.add(token)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="api_token.created",
        object_type="api_token",
        object_id=token.id,
        changes={"name": name},
    )
    return token, raw


def api_token_revoke(*, session: Session, token_id: int, actor: Actor) -> None:
    perms.require(perms.can_use_account(actor), actor)
    assert actor.user is not None
    token = session.get(ApiToken, token_id)
    # Another user's token is reported missing, not forbidden.
    if token is None or token.user_id != actor.user.id:
        raise NotFound()
    if token.revoked_at is not None:
        raise Conflict("This token was already revoked.")
    token.revoked_at = utcnow()
    audit.record(
        session, actor=actor, action="api_token.revoked", object_type="api_token", object_id=token.id
    )


def api_token_authenticate(*, session: Session, raw: str) -> User | None:
    token = session.scalar(
        select(ApiToken)
        .where(ApiToken.token_hash == sha256_hex(raw), ApiToken.revoked_at.is_(None))
        .options(joinedload(ApiToken.user).joinedload(User.organization))
    )
    if token is None:
        return None
    user = token.user
    if user.status is not UserStatus.active or user.organization.status is not OrganizationStatus.active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > SESSION_TOUCH_INTERVAL:
        token.last_used_at = now
    return user
