"""Fictional reviews demo data for `portal demo-data`: a decided cycle whose approvals fill the
directory (one designation expiring soon, one suspended), and an open cycle under review."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.actor import SYSTEM, Actor
from app.accounts.demo import EMAIL_DOMAIN, DemoAccount
from app.accounts.models import Organization, OrganizationStatus, User
from app.db import utcnow
from app.partners.models import Partner
from app.reviews import queries, service, snapshot
from app.reviews.models import Application, ApplicationStatus, Assignment, ConflictKind, DesignationStatus
from app.reviews.schemas import (
    AssignmentForm,
    ConflictForm,
    CycleForm,
    DecisionForm,
    InformationRequestForm,
    Prompt,
    ScoreSheetForm,
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
    attachable = queries.attachable_evidence(session, partner.id)
    # Submitted score sheets verify the attached evidence, so a partner whose workspace shows
    # every evidence status (the evidence demo's first) attaches only what is verified already.
    verified = [e.id for e in attachable if e.verified_tier]
    evidence = verified[:3] or [e.id for e in attachable][:3]
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


# Fictional reviewer remarks per rubric criterion, by position: (strong, weaker).
CRITERION_COMMENTS = [
    ("Two independent studies show gains in mathematics.", "Only one study, at two sites."),
    ("Confirmed work in comparable low-performing schools.", "Few engagements in rural schools."),
    ("Coaching plan is specific about weekly routines.", "The plan says little about staffing."),
    ("Coaches are experienced former principals.", "Few coaches for the schools proposed."),
    ("Audited finances; clear board oversight.", "Depends heavily on one funder."),
    ("District references describe measurable results.", "References are brief."),
]


def _actor(user: User) -> Actor:
    return Actor(user=user, client_address="demo data")


def _score_sheet(
    session: Session,
    application: Application,
    assignment: Assignment,
    reviewer: User,
    *,
    strong: bool,
    submit: bool,
    when: datetime | None = None,
) -> None:
    """A reviewer's score sheet through the service, so it is exactly what a real one looks like."""
    criteria = application.cycle.rubric.criteria
    evidence = (application.snapshot or {}).get("evidence", [])
    scores = {str(c.id): (4 if strong else 3) - (n % 2) for n, c in enumerate(criteria)}
    if not strong and len(criteria) > 3:
        # A two-point spread, so the consensus view flags a criterion for discussion.
        scores[str(criteria[3].id)] = 1
    comments = {
        str(c.id): f"{CRITERION_COMMENTS[n % len(CRITERION_COMMENTS)][0 if strong else 1]} (Fictional.)"
        for n, c in enumerate(criteria)
    }
    service.score_sheet_save(
        session=session,
        assignment=assignment,
        application=application,
        actor=_actor(reviewer),
        form=ScoreSheetForm(
            version=assignment.version,
            submit=submit,
            scores=scores,
            comments=comments,
            # Submitting records the tier on the live evidence item too, so the reviewer confirms
            # what is on record (the verified tier and its reason, else the claimed tier).
            tiers={str(e["id"]): e.get("verified_tier") or e.get("claimed_tier") or "none" for e in evidence},
            tier_reasons={
                str(e["id"]): (e.get("verified_tier") and e.get("staff_reason"))
                or "Design and sample support this tier. (Fictional reviewer reason.)"
                for e in evidence
            },
            recommendation="approve" if strong else "approve_with_conditions",
            comment_to_partner=(
                "A credible coaching model with evidence to match. (Fictional.)"
                if strong
                else "Promising; show how you would staff new schools. (Fictional.)"
            ),
            internal_comment="Checked references by phone. (Fictional internal note.)",
        ),
    )
    if when is not None:
        # Sheets of a past cycle were saved and submitted back then, not today.
        assignment.saved_at = when
        assignment.submitted_at = when if submit else None
    session.flush()


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
    reviewer1 = _user(session, f"reviewer1@{EMAIL_DOMAIN}")
    reviewer2 = _user(session, f"reviewer2@{EMAIL_DOMAIN}")
    # reviewer2 declares a conflict with the last partner below, which would end its assignments.
    conflicted_partner_id = partners[-1].id if len(partners) > 1 and reviewer2 is not None else None
    reviewed_on = datetime.combine(past.closes_on + timedelta(days=20), time(15), tzinfo=UTC)
    for index, application in enumerate(applications):
        application = _loaded(session, application.id)
        reviewers = [
            r
            for r in (reviewer1, reviewer2)
            if r is not None and not (r is reviewer2 and application.partner_id == conflicted_partner_id)
        ]
        for number, reviewer in enumerate(reviewers):
            assignment = service.assignment_create(
                session=session,
                application=application,
                actor=SYSTEM,
                form=AssignmentForm(reviewer_id=reviewer.id, due_date=past.closes_on + timedelta(days=30)),
            )
            assignment.assigned_at = datetime.combine(past.closes_on, time(9), tzinfo=UTC)
            application = _loaded(session, application.id)
            _score_sheet(
                session, application, assignment, reviewer, strong=number == 0, submit=True, when=reviewed_on
            )
        application = _loaded(session, application.id)
        # Release the first reviewer's overall comment and one criterion comment of each reviewer.
        options = service.feedback_options(application)
        release = [o["key"] for o in options if o["label"].endswith(", overall")][:1]
        release += [o["key"] for o in options if not o["label"].endswith(", overall")][:1]
        release += [o["key"] for o in options if o["label"].startswith("Reviewer 2,")][:1]
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
                release=list(dict.fromkeys(release)),
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
    if conflicted_partner_id is not None and reviewer2 is not None:
        service.conflict_declare(
            session=session,
            form=ConflictForm(
                partner_id=conflicted_partner_id,
                kind=ConflictKind.employment,
                note="Consulted for this partner last year. (Fictional.)",
            ),
            actor=_actor(reviewer2),
        )
    applicant = partners[-2] if len(partners) > 1 else partners[0]
    application = _application(session, current.id, applicant, ["instruction", "data_assessment"])
    application = _loaded(session, application.id)
    assignments = {}
    for reviewer in (reviewer1, reviewer2):
        if reviewer is not None:
            assignments[reviewer.id] = service.assignment_create(
                session=session,
                application=application,
                actor=SYSTEM,
                form=AssignmentForm(reviewer_id=reviewer.id, due_date=today + timedelta(days=21)),
            )
    # reviewer1 has submitted a score sheet; reviewer2 has a draft and asked the partner a question.
    if reviewer1 is not None:
        application = _loaded(session, application.id)
        _score_sheet(session, application, assignments[reviewer1.id], reviewer1, strong=True, submit=True)
    if reviewer2 is not None:
        application = _loaded(session, application.id)
        _score_sheet(session, application, assignments[reviewer2.id], reviewer2, strong=False, submit=False)
        service.information_request_create(
            session=session,
            application=application,
            actor=_actor(reviewer2),
            is_assigned=True,
            form=InformationRequestForm(
                question=(
                    "How many full-time coaches would serve new schools next year? (Fictional question.)"
                ),
                due_date=today + timedelta(days=14),
            ),
        )
    session.flush()
    return []
