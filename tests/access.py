"""The world the authorization matrix runs in: one user per persona, each domain's objects.

Each domain's tests/<domain>/access.py adds `build(world) -> path params` and `RULES`.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from app.accounts import service as account_service
from app.accounts.models import Organization, OrganizationKind, Role, User
from tests import factories

PERSONAS = (
    "anonymous",
    "partner",
    "other_partner",
    "district",
    "other_district",
    "reviewer",
    "conflicted_reviewer",
    "admin",
)
OUTCOMES = ("ok", "login", "forbidden", "hidden")


@dataclass
class World:
    session: Session
    agency: Organization
    admin: User
    reviewer: User
    conflicted_reviewer: User
    partner_org: Organization
    partner_user: User
    other_partner_org: Organization
    other_partner_user: User
    district_org: Organization
    district_user: User
    other_district_org: Organization
    other_district_user: User
    objects: dict[str, Any] = field(default_factory=dict)

    def user_for(self, persona: str) -> User | None:
        return {
            "anonymous": None,
            "partner": self.partner_user,
            "other_partner": self.other_partner_user,
            "district": self.district_user,
            "other_district": self.other_district_user,
            "reviewer": self.reviewer,
            "conflicted_reviewer": self.conflicted_reviewer,
            "admin": self.admin,
        }[persona]


def build_world(session: Session) -> World:
    agency = factories.organization(session, name="State agency", kind=OrganizationKind.state_agency)
    partner_org = factories.organization(session, name="Partner A", kind=OrganizationKind.partner)
    other_partner_org = factories.organization(session, name="Partner B", kind=OrganizationKind.partner)
    district_org = factories.organization(session, name="District A", kind=OrganizationKind.district)
    other_district_org = factories.organization(session, name="District B", kind=OrganizationKind.district)
    return World(
        session=session,
        agency=agency,
        admin=factories.user(session, role=Role.state_admin, organization=agency),
        reviewer=factories.user(session, role=Role.reviewer, organization=agency),
        conflicted_reviewer=factories.user(session, role=Role.reviewer, organization=agency),
        partner_org=partner_org,
        partner_user=factories.user(session, role=Role.partner_editor, organization=partner_org),
        other_partner_org=other_partner_org,
        other_partner_user=factories.user(session, role=Role.partner_editor, organization=other_partner_org),
        district_org=district_org,
        district_user=factories.user(session, role=Role.district_member, organization=district_org),
        other_district_org=other_district_org,
        other_district_user=factories.user(
            session, role=Role.district_member, organization=other_district_org
        ),
    )


def session_token_for(session: Session, user: User) -> str:
    """A live sign-in session without the (deliberately slow) password check."""
    return account_service.session_start(
        session=session,
        user=user,
        lifetime=timedelta(hours=1),
        client_address="127.0.0.1",
        user_agent="matrix",
    )
