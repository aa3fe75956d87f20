"""Plain factory functions with keyword overrides. Each flushes so ids exist."""

import itertools
from datetime import timedelta

from sqlalchemy.orm import Session

from app.accounts import passwords
from app.accounts.actor import Actor
from app.accounts.models import Organization, OrganizationKind, OrganizationStatus, Role, User, UserStatus

PASSWORD = "correct horse battery staple"
SESSION_LIFETIME = timedelta(hours=12)
_sequence = itertools.count(1)
# Hashing is deliberately slow; every factory user shares one hash of PASSWORD.
_PASSWORD_HASH = passwords.hash_password(PASSWORD)

_ROLE_KIND = {
    Role.state_admin: OrganizationKind.state_agency,
    Role.reviewer: OrganizationKind.state_agency,
    Role.partner_editor: OrganizationKind.partner,
    Role.district_member: OrganizationKind.district,
}


def actor(user: User | None, client_address: str = "127.0.0.1") -> Actor:
    return Actor(user=user, client_address=client_address)


def organization(session: Session, **overrides) -> Organization:  # type: ignore[no-untyped-def]
    n = next(_sequence)
    values = {
        "name": f"Organization {n}",
        "kind": OrganizationKind.partner,
        "status": OrganizationStatus.active,
    }
    values.update(overrides)
    org = Organization(**values)
    session.add(org)
    session.flush()
    return org


def user(
    session: Session,
    *,
    role: Role = Role.partner_editor,
    organization: Organization | None = None,
    **overrides,
) -> User:  # type: ignore[no-untyped-def]
    n = next(_sequence)
    if organization is None:
        organization = globals()["organization"](session, kind=_ROLE_KIND[role])
    values = {
        "email": f"user{n}@example.org",
        "full_name": f"User {n}",
        "password_hash": _PASSWORD_HASH,
        "role": role,
        "status": UserStatus.active,
        "organization_id": organization.id,
    }
    values.update(overrides)
    created = User(**values)
    session.add(created)
    session.flush()
    session.refresh(created)
    # Loaded eagerly: relationships are lazy="raise" and tests read user.organization.
    created.organization = organization
    return created
