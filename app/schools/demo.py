"""Demo data: the bundled school directory, and two district organizations that act for real
districts with Level 4 and 5 schools, each with one fictional district member."""

from sqlalchemy.orm import Session

from app.accounts import demo as accounts_demo
from app.accounts.actor import SYSTEM
from app.accounts.demo import EMAIL_DOMAIN, DemoAccount
from app.accounts.models import OrganizationKind, Role
from app.schools import queries, service

# (district name in the registry, organization name, demo member)
DEMO_DISTRICTS = (
    ("Holyoke", "Holyoke Public Schools", "Dana Delgado (fictional)"),
    ("New Bedford", "New Bedford Public Schools", "Morgan Medeiros (fictional)"),
)


def load(session: Session) -> list[DemoAccount]:
    rows = service.read_school_csv(service.BUNDLED_CSV.read_bytes())
    service.schools_import(session=session, rows=rows, actor=SYSTEM)
    accounts = []
    for number, (district_name, organization_name, person) in enumerate(DEMO_DISTRICTS, start=1):
        district = queries.district_by_name(session, district_name)
        if district is None:
            continue
        organization = accounts_demo.organization(
            session, name=organization_name, kind=OrganizationKind.district
        )
        service.district_link(
            session=session, district=district, organization_id=organization.id, actor=SYSTEM
        )
        accounts.append(
            accounts_demo.account(
                session,
                email=f"district{number}@{EMAIL_DOMAIN}",
                full_name=person,
                role=Role.district_member,
                organization=organization,
            )
        )
    return accounts
