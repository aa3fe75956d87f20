"""Reviews test data: partners with evidence and engagements, cycles, applications."""

import itertools
from datetime import date, timedelta

from sqlalchemy.orm import Session

from app.accounts.models import Organization, OrganizationKind, Role, User
from app.engagements.models import Engagement, FundingSource, Intensity
from app.evidence.models import Direction, EvidenceItem, EvidenceStatus, EvidenceType, Finding, StudyDesign
from app.partners.models import Partner
from app.reviews import service
from app.reviews.models import Application, Cycle
from app.reviews.schemas import ApplicationForm, CycleForm, Prompt, Reference
from tests import factories

_n = itertools.count(1)
ADMIN_ORG_NAME = "State agency (reviews tests)"


def partner(session: Session, *, organization: Organization | None = None, **overrides) -> Partner:  # type: ignore[no-untyped-def]
    n = next(_n)
    organization = organization or factories.organization(session, kind=OrganizationKind.partner)
    values = {
        "organization_id": organization.id,
        "slug": f"partner-{n}-{organization.id}",
        "name": f"Partner {n} (fictional)",
        "summary": "Turnaround coaching.",
    }
    values.update(overrides)
    created = Partner(**values)
    session.add(created)
    session.flush()
    return created


def partner_user(session: Session, partner: Partner) -> User:
    organization = session.get(Organization, partner.organization_id)
    return factories.user(session, role=Role.partner_editor, organization=organization)


def evidence(session: Session, partner: Partner, **overrides) -> EvidenceItem:  # type: ignore[no-untyped-def]
    values = {
        "partner_id": partner.id,
        "title": f"Study {next(_n)}",
        "evidence_type": EvidenceType.independent_evaluation,
        "study_design": StudyDesign.quasi_experimental,
        "status": EvidenceStatus.submitted,
        "student_count": 800,
        "site_count": 4,
        "claimed_tier": "tier_2",
    }
    values.update(overrides)
    item = EvidenceItem(**values)
    item.findings = [
        Finding(
            outcome_domain="math",
            measure="State test",
            effect_size=0.21,
            p_value=0.01,
            reported_significant=True,
            direction=Direction.positive,
        )
    ]
    session.add(item)
    session.flush()
    item.lineage_id = item.id
    session.flush()
    return item


def engagement(session: Session, partner: Partner, **overrides) -> Engagement:  # type: ignore[no-untyped-def]
    values = {
        "partner_id": partner.id,
        "school_name_other": f"Example School {next(_n)} (fictional)",
        "start_date": date(2022, 8, 15),
        "services": "Coaching",
        "intensity": Intensity.moderate,
        "funding_source": FundingSource.title_i,
    }
    values.update(overrides)
    created = Engagement(**values)
    session.add(created)
    session.flush()
    return created


def admin(session: Session) -> User:
    agency = factories.organization(session, kind=OrganizationKind.state_agency, name=ADMIN_ORG_NAME)
    return factories.user(session, role=Role.state_admin, organization=agency)


def reviewer(session: Session, organization: Organization | None = None) -> User:
    return factories.user(session, role=Role.reviewer, organization=organization)


def cycle(session: Session, admin_user: User, *, open_it: bool = True, **overrides) -> Cycle:  # type: ignore[no-untyped-def]
    actor = factories.actor(admin_user)
    rubric = service.rubric_default_ensure(session=session, actor=actor)
    values = {
        "name": f"Cycle {next(_n)}",
        "opens_on": date.today(),
        "closes_on": date.today() + timedelta(days=30),
        "term_years": 3,
        "rubric_id": rubric.id,
        "focus_areas": ["leadership", "instruction", "data_assessment"],
        "prompts": [Prompt(question="Describe your approach.", word_limit=50)],
    }
    values.update(overrides)
    created = service.cycle_create(session=session, form=CycleForm(**values), actor=actor)
    if open_it:
        service.cycle_transition(session=session, cycle=created, target="open", actor=actor)
    session.refresh(created)
    return load_cycle(session, created.id)


def load_cycle(session: Session, cycle_id: int) -> Cycle:
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from app.reviews.models import Rubric

    return session.scalar(
        select(Cycle)
        .where(Cycle.id == cycle_id)
        .options(selectinload(Cycle.rubric).selectinload(Rubric.criteria))
        .execution_options(populate_existing=True)
    )


def load_application(session: Session, application_id: int) -> Application:
    from sqlalchemy import select

    from app.reviews.queries import _application_options

    return session.scalar(
        select(Application)
        .where(Application.id == application_id)
        .options(*_application_options())
        .execution_options(populate_existing=True)
    )


def submitted_application(
    session: Session, cycle: Cycle, partner: Partner, user: User, *, submit: bool = True
) -> Application:
    actor = factories.actor(user)
    item = evidence(session, partner)
    work = engagement(session, partner)
    application = service.application_start(session=session, cycle=cycle, partner=partner, actor=actor)
    application = load_application(session, application.id)
    form = ApplicationForm(
        focus_areas=["leadership", "instruction"],
        answers={"0": "We coach principals and teacher teams weekly."},
        evidence_item_ids=[item.id],
        engagement_ids=[work.id],
        references=[
            Reference(
                name="Dana Doe", title="Superintendent", district="Example District", email="dana@example.org"
            )
        ],
    )
    service.application_update(session=session, application=application, form=form, actor=actor)
    if submit:
        service.application_submit(session=session, application=application, actor=actor)
    return load_application(session, application.id)


def rubric_with_criteria(session: Session, rubric_id: int):  # type: ignore[no-untyped-def]
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from app.reviews.models import Rubric

    return session.scalar(
        select(Rubric)
        .where(Rubric.id == rubric_id)
        .options(selectinload(Rubric.criteria))
        .execution_options(populate_existing=True)
    )
