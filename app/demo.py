"""`portal demo-data`: a fictional state agency, partners, districts and users of every role.

Every domain contributes its part, in dependency order. Loading twice changes nothing:
the state agency's existence marks a database that already has the demo data.
"""

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import demo as accounts_demo
from app.accounts.models import Organization
from app.directory import demo as directory_demo
from app.engagements import demo as engagements_demo
from app.evidence import demo as evidence_demo
from app.partners import demo as partners_demo
from app.reviews import demo as reviews_demo
from app.schools import demo as schools_demo

ACCOUNTS_FILE = "demo-accounts.txt"


def already_loaded(session: Session) -> bool:
    return (
        session.scalar(select(Organization.id).where(Organization.name == accounts_demo.STATE_AGENCY))
        is not None
    )


def load(session: Session) -> list[accounts_demo.DemoAccount]:
    _agency, accounts = accounts_demo.load_state_agency(session)
    accounts_demo.load_pending_request(session)
    # Dependency order: each domain finds what earlier ones created by name.
    for domain in (
        schools_demo,
        partners_demo,
        evidence_demo,
        engagements_demo,
        reviews_demo,
        directory_demo,
    ):
        session.flush()
        accounts.extend(domain.load(session))
    session.flush()
    return accounts


def write_accounts_file(data_dir: Path, accounts: list[accounts_demo.DemoAccount]) -> Path:
    path = data_dir / ACCOUNTS_FILE
    data_dir.mkdir(parents=True, exist_ok=True)
    lines = [f"{a.role.value} {a.email} {a.password}" for a in accounts]
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)
    return path
