"""Fictional directory demo data for `portal demo-data`: a shortlist and an inquiry thread."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.actor import Actor
from app.accounts.demo import EMAIL_DOMAIN, DemoAccount
from app.accounts.models import Role, User
from app.directory import queries, search, service
from app.directory.models import Shortlist

BASE_URL = "http://127.0.0.1:8000"


def _user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email))


def load(session: Session) -> list[DemoAccount]:
    if session.scalar(select(Shortlist.id).limit(1)) is not None:
        return []
    session.flush()
    listed = search.search(session, search.Filters(sort="name"), today=date.today(), per_page=10).hits
    district = _user(session, f"district1@{EMAIL_DOMAIN}")
    if district is None or len(listed) < 2:
        return []
    actor = Actor(user=district, client_address="demo data")
    shortlist = service.shortlist_create(session=session, name="Middle school math, 2027 (demo)", actor=actor)
    notes = [
        "Strong verified evidence; ask about capacity for two schools. (demo note)",
        "Worked in schools like ours; check cost for a three-year engagement. (demo note)",
    ]
    for hit, note in zip(listed[:2], notes, strict=False):
        service.shortlist_add(
            session=session, partner=hit.partner, shortlist=shortlist, new_name="", note=note, actor=actor
        )
    schools = queries.district_schools(session, actor)
    if schools:
        service.needs_profile_create(
            session=session,
            school=schools[0],
            needs={"instruction": "high", "data_assessment": "medium", "climate_supports": "medium"},
            budget_max_cents=15_000_000,
            constraints="Start in January; at most two on-site days a month. (demo)",
            actor=actor,
        )
    partner = listed[0].partner
    inquiry = service.inquiry_send(
        session=session,
        partner=partner,
        subject="Support for two middle schools next fall (demo)",
        body=(
            "We are planning supports for two middle schools with chronic absence and low math "
            "growth. Could you tell us about your capacity for 2027 and typical costs? "
            "(demonstration message)"
        ),
        actor=actor,
        base_url=BASE_URL,
    )
    editor = session.scalar(
        select(User).where(User.organization_id == partner.organization_id, User.role == Role.partner_editor)
    )
    if editor is not None:
        partner_actor = Actor(user=editor, client_address="demo data")
        thread, side = queries.inquiry(session, partner_actor, inquiry.id)
        service.inquiry_reply(
            session=session,
            inquiry=thread,
            side=side,
            body=(
                "Thank you for reaching out. We have room for two schools in 2027; "
                "let us set up a call. (demo)"
            ),
            actor=partner_actor,
            base_url=BASE_URL,
        )
    return []
