"""Journey 2 of PRODUCT.md through the service layer, and the rules it depends on."""

from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app.accounts.models import AuditEvent
from app.errors import Conflict as ConflictError
from app.errors import InvalidTransition, ValidationFailed
from app.notifications.models import OutboxMessage
from app.reviews import queries, scoring, service
from app.reviews.models import ApplicationStatus, ConflictKind, DesignationStatus
from app.reviews.schemas import (
    AnswerForm,
    AutoAssignForm,
    ConflictForm,
    DecisionForm,
    InformationRequestForm,
    ScoreSheetForm,
)
from tests import factories
from tests.reviews import factories as rf


def _sheet(application, assignment, score: int, *, submit: bool, comment: str = "", internal: str = ""):
    criteria = application.cycle.rubric.criteria
    evidence = application.snapshot["evidence"]
    return ScoreSheetForm(
        version=assignment.version,
        submit=submit,
        scores={str(c.id): score for c in criteria},
        comments={str(c.id): comment for c in criteria},
        tiers={str(e["id"]): "tier_2" for e in evidence},
        tier_reasons={str(e["id"]): "QED with baseline equivalence." for e in evidence},
        recommendation="approve",
        comment_to_partner=f"Overall {comment}",
        internal_comment=internal,
    )


def test_journey_two_end_to_end(session, client_for):
    admin = rf.admin(session)
    admin_actor = factories.actor(admin)
    agency_org_id = admin.organization_id
    from app.accounts.models import Organization

    agency = session.get(Organization, agency_org_id)
    _r1, _r2, r3 = (rf.reviewer(session, agency) for _ in range(3))
    partner = rf.partner(session)
    editor = rf.partner_user(session, partner)
    cycle = rf.cycle(session, admin)
    application = rf.submitted_application(session, cycle, partner, editor)
    assert application.status is ApplicationStatus.submitted

    # r3 has a standing conflict: auto-assignment skips r3 and spreads the work.
    service.conflict_declare(
        session=session,
        form=ConflictForm(partner_id=partner.id, kind=ConflictKind.financial),
        actor=factories.actor(r3),
    )
    service.cycle_transition(session=session, cycle=cycle, target="in_review", actor=admin_actor)
    created = service.assignments_auto(
        session=session,
        cycle=cycle,
        form=AutoAssignForm(reviewers_per_application=2, due_date=date.today() + timedelta(days=14)),
        actor=admin_actor,
    )
    application = rf.load_application(session, application.id)
    assigned = {a.reviewer_id for a in application.assignments}
    assert created == 2 and r3.id not in assigned and len(assigned) == 2
    first, second = sorted(application.assignments, key=lambda a: a.id)
    first_actor = factories.actor(first.reviewer)
    second_actor = factories.actor(second.reviewer)

    # The first reviewer scores and submits.
    service.score_sheet_save(
        session=session,
        assignment=first,
        application=application,
        form=_sheet(
            application, first, 4, submit=True, comment="Strong coaching model.", internal="SECRET-INTERNAL"
        ),
        actor=first_actor,
    )
    # The second asks for information; the partner answers.
    request = service.information_request_create(
        session=session,
        application=application,
        form=InformationRequestForm(
            question="How many coaches do you employ?", due_date=date.today() + timedelta(days=7)
        ),
        actor=second_actor,
        is_assigned=True,
    )
    application = rf.load_application(session, application.id)
    assert any(r.is_open for r in application.information_requests)
    service.information_request_answer(
        session=session,
        application=application,
        request=request,
        form=AnswerForm(answer="Twelve full-time coaches."),
        actor=factories.actor(editor),
    )
    application = rf.load_application(session, application.id)
    assert not any(r.is_open for r in application.information_requests)
    second = next(a for a in application.assignments if a.id == second.id)
    service.score_sheet_save(
        session=session,
        assignment=second,
        application=application,
        form=_sheet(application, second, 2, submit=True, comment="Thin staffing."),
        actor=second_actor,
    )

    # Consensus: a spread of 2 on every criterion is flagged.
    client = client_for(admin)
    page = BeautifulSoup(client.get(f"/admin/applications/{application.id}").text, "html.parser")
    assert len(page.select(".pp-consensus tr.pp-flagged")) == len(application.cycle.rubric.criteria)
    assert "SECRET-INTERNAL" in page.select_one(".pp-consensus").get_text()

    # Decision: two focus areas approved for three years; one reviewer comment released.
    application = rf.load_application(session, application.id)
    options = service.feedback_options(application)
    released = [o["key"] for o in options if o["comment"] == "Strong coaching model."][:1]
    start = date.today()
    service.decision_record(
        session=session,
        application=application,
        actor=admin_actor,
        form=DecisionForm(
            outcomes={"leadership": "approved", "instruction": "approved"},
            rationale="Strong evidence and references.",
            release=released,
            internal_note="INTERNAL-NOTE",
            start_date=start,
        ),
    )
    session.refresh(partner)
    assert partner.is_designated
    (designation,) = queries.partner_designations(session, partner.id)
    assert {f.focus_area for f in designation.focus_areas} == {"leadership", "instruction"}
    assert designation.end_date == scoring.add_years(start, 3)
    assert designation.display_status(start) == "active"

    # The partner sees the decision and released feedback, never internal comments.
    partner_client = client_for(editor)
    for url in (
        f"/workspace/applications/{application.id}",
        f"/workspace/applications/{application.id}/decision-letter",
    ):
        response = partner_client.get(url)
        assert response.status_code == 200
        text = BeautifulSoup(response.text, "html.parser").select_one("main").get_text()
        assert "Strong coaching model." in text
        assert "Thin staffing." not in text
        assert "SECRET-INTERNAL" not in text and "INTERNAL-NOTE" not in text
    # Notifications went through the outbox; every step is in the audit log.
    subjects = set(session.scalars(select(OutboxMessage.subject)))
    assert any(s.startswith("Application submitted") for s in subjects)
    assert any(s.startswith("New review assigned") for s in subjects)
    assert any(s.startswith("Information requested") for s in subjects)
    assert any(s.startswith("Information request answered") for s in subjects)
    assert any(s.startswith("Decision on your application") for s in subjects)
    actions = set(session.scalars(select(AuditEvent.action)))
    assert {
        "application.submit",
        "assignment.create",
        "score_sheet.submit",
        "decision.record",
        "information_request.answer",
        "conflict.declare",
    } <= actions


def test_snapshot_does_not_change_when_profile_changes(session):
    admin = rf.admin(session)
    partner = rf.partner(session, summary="Original summary")
    editor = rf.partner_user(session, partner)
    cycle = rf.cycle(session, admin)
    application = rf.submitted_application(session, cycle, partner, editor)
    frozen = dict(application.snapshot)
    partner.summary = "Changed after submission"
    partner.name = "Renamed partner"
    session.flush()
    application = rf.load_application(session, application.id)
    assert application.snapshot == frozen
    assert application.snapshot["profile"]["summary"] == "Original summary"
    assert application.snapshot["evidence"][0]["findings"][0]["effect_size"] == 0.21
    assert application.snapshot["engagements"][0]["school_name_other"].startswith("Example School")


def test_score_sheet_version_conflict_is_detected(session):
    admin = rf.admin(session)
    reviewer = rf.reviewer(session)
    partner = rf.partner(session)
    cycle = rf.cycle(session, admin)
    application = rf.submitted_application(session, cycle, partner, rf.partner_user(session, partner))
    from app.reviews.schemas import AssignmentForm

    assignment = service.assignment_create(
        session=session,
        application=application,
        actor=factories.actor(admin),
        form=AssignmentForm(reviewer_id=reviewer.id, due_date=date.today()),
    )
    application = rf.load_application(session, application.id)
    stale_version = assignment.version
    tab_one = _sheet(application, assignment, 3, submit=False, comment="first tab")
    tab_two = _sheet(application, assignment, 1, submit=False, comment="second tab")
    service.score_sheet_save(
        session=session,
        assignment=assignment,
        application=application,
        form=tab_one,
        actor=factories.actor(reviewer),
    )
    assert tab_two.version == stale_version
    with pytest.raises(ConflictError, match="another tab"):
        service.score_sheet_save(
            session=session,
            assignment=assignment,
            application=application,
            form=tab_two,
            actor=factories.actor(reviewer),
        )
    assert next(iter(assignment.scores.values()))["comment"] == "first tab"


def test_auto_assignment_balances_load(session):
    admin = rf.admin(session)
    from app.accounts.models import Organization

    agency = session.get(Organization, admin.organization_id)
    busy, free_one, free_two = (rf.reviewer(session, agency) for _ in range(3))
    cycle = rf.cycle(session, admin)
    apps = []
    for _ in range(2):
        partner = rf.partner(session)
        apps.append(rf.submitted_application(session, cycle, partner, rf.partner_user(session, partner)))
    from app.reviews.schemas import AssignmentForm

    service.assignment_create(
        session=session,
        application=apps[0],
        actor=factories.actor(admin),
        form=AssignmentForm(reviewer_id=busy.id, due_date=date.today()),
    )
    # Other reviewers in the database (from other tests' rollbacks none remain) are all candidates.
    service.assignments_auto(
        session=session,
        cycle=cycle,
        actor=factories.actor(admin),
        form=AutoAssignForm(reviewers_per_application=2, due_date=date.today()),
    )
    loads = queries.reviewer_loads(session, [busy.id, free_one.id, free_two.id])
    assert loads[busy.id] == 1
    assert loads[free_one.id] + loads[free_two.id] == 3


def test_disallowed_transitions_are_refused_with_clear_messages(session):
    admin = rf.admin(session)
    actor = factories.actor(admin)
    cycle = rf.cycle(session, admin, open_it=False)
    for target, message in [
        ("in_review", "A draft cycle cannot move to in review. It can only move to open."),
        ("decided", "A draft cycle cannot move to decided"),
        ("draft", "The cycle is already draft."),
    ]:
        with pytest.raises(InvalidTransition, match=message):
            service.cycle_transition(session=session, cycle=cycle, target=target, actor=actor)
    service.cycle_transition(session=session, cycle=cycle, target="open", actor=actor)
    assert cycle.rubric.is_frozen or rf.load_cycle(session, cycle.id).rubric.is_frozen
    with pytest.raises(InvalidTransition, match="open cycle cannot move to draft"):
        service.cycle_transition(session=session, cycle=cycle, target="draft", actor=actor)
    partner = rf.partner(session)
    editor = rf.partner_user(session, partner)
    cycle = rf.load_cycle(session, cycle.id)
    application = rf.submitted_application(session, cycle, partner, editor)
    service.cycle_transition(session=session, cycle=cycle, target="in_review", actor=actor)
    with pytest.raises(InvalidTransition, match="await a decision"):
        service.cycle_transition(session=session, cycle=cycle, target="decided", actor=actor)
    # A frozen rubric cannot be edited.
    from app.reviews.schemas import CriterionInput, RubricForm

    with pytest.raises(InvalidTransition, match="frozen"):
        service.rubric_update(
            session=session,
            rubric=rf.load_cycle(session, cycle.id).rubric,
            actor=actor,
            form=RubricForm(name="x" * 5, criteria=[CriterionInput(title="t", weight=1, levels=["a"] * 4)]),
        )
    # A submitted application cannot be edited or submitted again; a decided one cannot be withdrawn.
    with pytest.raises(InvalidTransition, match="submitted application cannot be edited"):
        service.application_submit(session=session, application=application, actor=factories.actor(editor))
    service.decision_record(
        session=session,
        application=application,
        actor=actor,
        form=DecisionForm(
            outcomes={"leadership": "not_approved", "instruction": "not_approved"},
            rationale="Not enough evidence.",
        ),
    )
    with pytest.raises(InvalidTransition, match="decided application cannot be withdrawn"):
        service.application_withdraw(session=session, application=application, actor=factories.actor(editor))
    with pytest.raises(InvalidTransition, match="decided application cannot be decided"):
        service.decision_record(
            session=session,
            application=application,
            actor=actor,
            form=DecisionForm(outcomes={}, rationale="Again"),
        )
    session.refresh(partner)
    assert not partner.is_designated
    service.cycle_transition(session=session, cycle=cycle, target="decided", actor=actor)
    service.cycle_transition(session=session, cycle=cycle, target="closed", actor=actor)
    with pytest.raises(InvalidTransition, match="It cannot change any more"):
        service.cycle_transition(session=session, cycle=cycle, target="open", actor=actor)


def test_submit_refuses_incomplete_application_and_word_limits(session):
    admin = rf.admin(session)
    partner = rf.partner(session)
    editor = rf.partner_user(session, partner)
    cycle = rf.cycle(session, admin)
    application = rf.submitted_application(session, cycle, partner, editor, submit=False)
    from app.reviews.schemas import ApplicationForm

    with pytest.raises(ValidationFailed) as excinfo:
        service.application_update(
            session=session,
            application=application,
            actor=factories.actor(editor),
            form=ApplicationForm(answers={"0": "word " * 51}),
        )
    assert "at most 50 words" in excinfo.value.field_errors["answer_0"]
    service.application_update(
        session=session,
        application=application,
        actor=factories.actor(editor),
        form=ApplicationForm(answers={"0": "Short."}),
    )
    with pytest.raises(ValidationFailed, match="not complete"):
        service.application_submit(session=session, application=application, actor=factories.actor(editor))


def test_reminders_are_not_sent_twice(session):
    admin = rf.admin(session)
    partner = rf.partner(session)
    editor = rf.partner_user(session, partner)
    from app.reviews.models import Designation, DesignationFocusArea

    today = date(2030, 1, 1)
    designation = Designation(
        partner_id=partner.id,
        start_date=date(2027, 1, 1),
        end_date=today + timedelta(days=80),
        status=DesignationStatus.active,
    )
    designation.focus_areas = [DesignationFocusArea(focus_area="leadership")]
    session.add(designation)
    session.flush()
    assert service.reminders_send(session=session, today=today) == 1
    assert service.reminders_send(session=session, today=today) == 0
    assert service.reminders_send(session=session, today=today + timedelta(days=5)) == 0
    # The 30-day reminder is its own message, also sent once.
    later = designation.end_date - timedelta(days=30)
    assert service.reminders_send(session=session, today=later) == 1
    assert service.reminders_send(session=session, today=later) == 0
    messages = session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == editor.email)).all()
    assert len(messages) == 2
    del admin


def test_suspension_takes_partner_out_of_directory_and_tells_it(session):
    admin = rf.admin(session)
    partner = rf.partner(session)
    editor = rf.partner_user(session, partner)
    from app.reviews.models import Designation, DesignationFocusArea

    designation = Designation(
        partner_id=partner.id,
        start_date=date.today() - timedelta(days=10),
        end_date=date.today() + timedelta(days=60),
        status=DesignationStatus.active,
    )
    designation.focus_areas = [DesignationFocusArea(focus_area="leadership")]
    session.add(designation)
    partner.is_designated = True
    session.flush()
    designation = queries.designation(session, factories.actor(admin), designation.id)
    assert designation.display_status(date.today()) == "expiring"
    service.designation_change(
        session=session,
        designation=designation,
        status=DesignationStatus.suspended,
        reason="Unresolved complaints from two districts.",
        actor=factories.actor(admin),
    )
    assert partner.is_designated is False
    body = session.scalar(select(OutboxMessage.body).where(OutboxMessage.recipient == editor.email))
    assert "Unresolved complaints" in body
    with pytest.raises(InvalidTransition, match="suspended designation cannot be suspended"):
        service.designation_change(
            session=session,
            designation=designation,
            status=DesignationStatus.suspended,
            reason="Again and again",
            actor=factories.actor(admin),
        )


def test_reminders_keep_directory_listing_in_step_with_dates(session):
    from app.reviews.models import Designation, DesignationFocusArea

    partner = rf.partner(session)
    today = date(2030, 6, 1)
    designation = Designation(
        partner_id=partner.id,
        start_date=today + timedelta(days=10),
        end_date=today + timedelta(days=400),
        status=DesignationStatus.active,
    )
    designation.focus_areas = [DesignationFocusArea(focus_area="staffing")]
    session.add(designation)
    session.flush()
    service.reminders_send(session=session, today=today)
    assert partner.is_designated is False
    service.reminders_send(session=session, today=today + timedelta(days=10))
    assert partner.is_designated is True
    service.reminders_send(session=session, today=today + timedelta(days=401))
    assert partner.is_designated is False
