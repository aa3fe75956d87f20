"""Fictional organizations and one account per role, for `portal demo-data`."""

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import service
from app.accounts.actor import SYSTEM
from app.accounts.models import Organization, OrganizationKind, OrganizationStatus, Role

STATE_AGENCY = "State Department of Elementary and Secondary Education (demo)"
EMAIL_DOMAIN = "demo.priority-partners.org"


@dataclass(frozen=True)
class DemoAccount:
    role: Role
    email: str
    password: str


def generated_password() -> str:
    return secrets.token_urlsafe(12)


def organization(session: Session, *, name: str, kind: OrganizationKind) -> Organization:
    existing = session.scalar(select(Organization).where(Organization.name == name))
    if existing is not None:
        return existing
    return service.organization_create(session=session, name=name, kind=kind, actor=SYSTEM)


def account(
    session: Session, *, email: str, full_name: str, role: Role, organization: Organization
) -> DemoAccount:
    password = generated_password()
    service.user_create(
        session=session,
        email=email,
        full_name=full_name,
        role=role,
        organization=organization,
        password=password,
        actor=SYSTEM,
    )
    return DemoAccount(role=role, email=email, password=password)


def load_state_agency(session: Session) -> tuple[Organization, list[DemoAccount]]:
    agency = organization(session, name=STATE_AGENCY, kind=OrganizationKind.state_agency)
    accounts = [
        account(
            session,
            email=f"admin@{EMAIL_DOMAIN}",
            full_name="Avery Admin (fictional)",
            role=Role.state_admin,
            organization=agency,
        ),
        account(
            session,
            email=f"reviewer1@{EMAIL_DOMAIN}",
            full_name="Riley Reviewer (fictional)",
            role=Role.reviewer,
            organization=agency,
        ),
        account(
            session,
            email=f"reviewer2@{EMAIL_DOMAIN}",
            full_name="Rowan Reviewer (fictional)",
            role=Role.reviewer,
            organization=agency,
        ),
    ]
    return agency, accounts


def load_pending_request(session: Session) -> None:
    """One partner request waiting for approval, so the admin queue is not empty."""
    pending = organization(
        session, name="Lanternlight Tutoring Collective (fictional)", kind=OrganizationKind.partner
    )
    pending.status = OrganizationStatus.pending
    pending.request_note = "We run high-dosage tutoring in grades 3-8. (Demonstration request.)"
