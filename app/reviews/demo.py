"""Fictional reviews demo data for `portal demo-data`: a decided cycle whose approvals fill the
directory (one designation expiring soon, one suspended), and an open cycle under review."""

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.actor import SYSTEM, Actor
from app.accounts.demo import EMAIL_DOMAIN, DemoAccount
from app.accounts.models import Organization, OrganizationStatus, User
from app.db import utcnow
from app.partners.models import Partner
from app.reviews import queries, service, snapshot
from app.reviews.models import Application, ApplicationStatus, ConflictKind, DesignationStatus
from app.reviews.schemas import (
    AssignmentForm,
    ConflictForm,
    CycleForm,
    DecisionForm,
    InformationRequestForm,
    Prompt,
)

PROMPTS = [
    Prompt(
        question="Describe your approach to school turnaround and the schools you serve best.", word_limit=400
    ),
    Prompt(question="How do you measure results, and what have you learned from them?", word_limit=300),
]
AREAS = [
    "leadership",
    "staffing",
    "learning_time",
    "instruction",
    "data_assessment",
    "climate_supports",
    "family_community",
]


def _user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email))


def _application(session: Session, cycle_id: int, partner: Partner, focus_areas: list[str]) -> Application:
    evidence = [e.id for e in queries.attachable_evidence(session, partner.id)][:3]
    engagements = [e.id for e in queries.attachable_engagements(session, partner.id)][:4]
    application = Application(
        cycle_id=cycle_id,
        partner_id=partner.id,
        status=ApplicationStatus.submitted,
        focus_areas=focus_areas,
        answers={
            "0": f"{partner.name} coaches school leadership teams weekly and builds teacher teams "
            "around data cycles. (Fictional demonstration answer.)",
            "1": "We track interim assessments and attendance every six weeks and compare with the "
            "state's change. (Fictional demonstration answer.)",
        },
        evidence_item_ids=evidence,
        engagement_ids=engagements,
        references=[
            {
                "name": "Jordan Example (fictional)",
                "title": "Superintendent",
                "district": "Example District (fictional)",
                "email": "jordan@example.org",
            }
        ],
        submitted_at=utcnow(),
    )
    application.snapshot = snapshot.build(
        session, partner_id=partner.id, evidence_item_ids=evidence, engagement_ids=engagements
    )
    session.add(application)
    session.flush()
    return application


def _loaded(session: Session, application_id: int) -> Application:
    return session.scalar(
        select(Application)
        .where(Application.id == application_id)
        .options(*queries._application_options())
        .execution_options(populate_existing=True)
    )


def load(session: Session) -> list[DemoAccount]:
    partners = list(
        session.scalars(
            select(Partner)
            .join(Organization, Organization.id == Partner.organization_id)
            .where(Organization.status == OrganizationStatus.active)
            .order_by(Partner.id)
        )
    )
    if not partners:
        return []
    today = date.today()
    rubric = service.rubric_default_ensure(session=session, actor=SYSTEM)

    # A decided cycle whose approvals designated most partners.
    past = service.cycle_create(
        session=session,
        actor=SYSTEM,
        form=CycleForm(
            name="Priority Partners review, first round (fictional)",
            description="Demonstration cycle: its decisions designated the partners in the directory.",
            opens_on=today - timedelta(days=400),
            closes_on=today - timedelta(days=340),
            term_years=3,
            rubric_id=rubric.id,
            focus_areas=AREAS,
            prompts=PROMPTS,
        ),
    )
    service.cycle_transition(session=session, cycle=past, target="open", actor=SYSTEM)
    designated = partners[:-2] if len(partners) > 3 else partners
    applications = []
    for index, partner in enumerate(designated):
        areas = [AREAS[index % 7], AREAS[(index + 3) % 7]]
        applications.append(_application(session, past.id, partner, areas))
    service.cycle_transition(session=session, cycle=past, target="in_review", actor=SYSTEM)
    for index, application in enumerate(applications):
        application = _loaded(session, application.id)
        # Varied terms: the first designation ends within 90 days, the others later.
        start = (
            today - timedelta(days=3 * 365 - 60) if index == 0 else today - timedelta(days=30 + 20 * index)
        )
        approve_all = index % 4 != 3
        outcomes = {
            area: ("approved" if approve_all or n == 0 else "not_approved")
            for n, area in enumerate(application.focus_areas)
        }
        service.decision_record(
            session=session,
            application=application,
            actor=SYSTEM,
            today=today,
            form=DecisionForm(
                outcomes=outcomes,
                rationale="Credible evidence of impact and strong district references. (Fictional decision.)",
                start_date=start,
            ),
        )
    service.cycle_transition(session=session, cycle=past, target="decided", actor=SYSTEM)
    if len(applications) > 2:
        suspended = queries.partner_designations(session, applications[1].partner_id)[0]
        suspended = queries.designation(session, SYSTEM, suspended.id)
        service.designation_change(
            session=session,
            designation=suspended,
            status=DesignationStatus.suspended,
            reason="Suspended while the agency looks into a district's complaint about staffing (fictional).",
            actor=SYSTEM,
            today=today,
        )

    # An open cycle with a submitted application under review.
    current = service.cycle_create(
        session=session,
        actor=SYSTEM,
        form=CycleForm(
            name="Priority Partners review, second round (fictional)",
            description="Open now: new partners apply, designated partners renew.",
            opens_on=today - timedelta(days=10),
            closes_on=today + timedelta(days=50),
            term_years=3,
            rubric_id=rubric.id,
            focus_areas=AREAS,
            prompts=PROMPTS,
        ),
    )
    service.cycle_transition(session=session, cycle=current, target="open", actor=SYSTEM)
    reviewer1 = _user(session, f"reviewer1@{EMAIL_DOMAIN}")
    reviewer2 = _user(session, f"reviewer2@{EMAIL_DOMAIN}")
    if len(partners) > 1 and reviewer2 is not None:
        service.conflict_declare(
            session=session,
            form=ConflictForm(
                partner_id=partners[-1].id,
                kind=ConflictKind.employment,
                note="Consulted for this partner last year. (Fictional.)",
            ),
            actor=Actor(user=reviewer2, client_address="demo"),
        )
    applicant = partners[-2] if len(partners) > 1 else partners[0]
    application = _application(session, current.id, applicant, ["instruction", "data_assessment"])
    application = _loaded(session, application.id)
    for reviewer in (reviewer1, reviewer2):
        if reviewer is not None:
            service.assignment_create(
                session=session,
                application=application,
                actor=SYSTEM,
                form=AssignmentForm(reviewer_id=reviewer.id, due_date=today + timedelta(days=21)),
            )
    service.information_request_create(
        session=session,
        application=application,
        actor=SYSTEM,
        is_assigned=False,
        form=InformationRequestForm(
            question="How many full-time coaches would serve new schools next year? (Fictional question.)",
            due_date=today + timedelta(days=14),
        ),
    )
    session.flush()
    return []
