"""The application window (opens_on..closes_on, both days included) and locked score sheets."""

from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from app.accounts.models import AuditEvent
from app.errors import InvalidTransition
from app.reviews import scoring, service
from app.reviews.models import Application, ApplicationStatus
from app.reviews.schemas import AssignmentForm
from tests import factories
from tests.reviews import factories as rf
from tests.reviews.test_journey import _sheet

OPENS = date(2031, 3, 1)
CLOSES = date(2031, 3, 31)


def _soup(response):
    return BeautifulSoup(response.text, "html.parser")


def test_window_rule_includes_both_boundary_days():
    assert scoring.window_problem(OPENS, CLOSES, OPENS) is None
    assert scoring.window_problem(OPENS, CLOSES, CLOSES) is None
    before = scoring.window_problem(OPENS, CLOSES, OPENS - timedelta(days=1))
    assert before is not None and "opens for applications on 2031-03-01" in before
    after = scoring.window_problem(OPENS, CLOSES, CLOSES + timedelta(days=1))
    assert after is not None and "closed on 2031-03-31" in after
    assert "from 2031-03-01 to 2031-03-31" in before and "from 2031-03-01 to 2031-03-31" in after


def _setup(session):
    admin = rf.admin(session)
    partner = rf.partner(session)
    editor = rf.partner_user(session, partner)
    cycle = rf.cycle(session, admin, opens_on=OPENS, closes_on=CLOSES)
    return partner, editor, cycle


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_starting_before_the_window_opens_is_refused_and_the_opening_day_is_allowed(session):
    partner, editor, cycle = _setup(session)
    actor = factories.actor(editor)
    applications = _count(session, Application)
    with pytest.raises(InvalidTransition, match="opens for applications on 2031-03-01") as excinfo:
        service.application_start(
            session=session, cycle=cycle, partner=partner, actor=actor, today=OPENS - timedelta(days=1)
        )
    assert "2031-03-31" in excinfo.value.message
    assert _count(session, Application) == applications
    application = service.application_start(
        session=session, cycle=cycle, partner=partner, actor=actor, today=OPENS
    )
    assert application.status is ApplicationStatus.draft


def test_starting_after_the_window_closes_is_refused_and_the_closing_day_is_allowed(session):
    partner, editor, cycle = _setup(session)
    actor = factories.actor(editor)
    applications = _count(session, Application)
    with pytest.raises(InvalidTransition, match="closed on 2031-03-31"):
        service.application_start(
            session=session, cycle=cycle, partner=partner, actor=actor, today=CLOSES + timedelta(days=1)
        )
    assert _count(session, Application) == applications
    application = service.application_start(
        session=session, cycle=cycle, partner=partner, actor=actor, today=CLOSES
    )
    assert application.status is ApplicationStatus.draft


def _complete_draft(session):
    """A complete draft in a cycle whose window runs from yesterday to tomorrow."""
    partner = rf.partner(session)
    editor = rf.partner_user(session, partner)
    cycle = rf.cycle(
        session,
        rf.admin(session),
        opens_on=date.today() - timedelta(days=1),
        closes_on=date.today() + timedelta(days=1),
    )
    return editor, rf.submitted_application(session, cycle, partner, editor, submit=False)


@pytest.mark.parametrize(
    ("today", "refusal"),
    [
        (date.today() - timedelta(days=2), "opens for applications on"),
        (date.today() + timedelta(days=2), "closed on"),
    ],
)
def test_submitting_outside_the_window_is_refused_and_changes_nothing(session, today, refusal):
    editor, application = _complete_draft(session)
    with pytest.raises(InvalidTransition, match=refusal):
        service.application_submit(
            session=session, application=application, actor=factories.actor(editor), today=today
        )
    application = rf.load_application(session, application.id)
    assert application.status is ApplicationStatus.draft
    assert application.submitted_at is None and application.snapshot is None


@pytest.mark.parametrize("offset", [-1, 1])
def test_submitting_on_either_boundary_day_is_allowed(session, offset):
    editor, application = _complete_draft(session)
    service.application_submit(
        session=session,
        application=application,
        actor=factories.actor(editor),
        today=date.today() + timedelta(days=offset),
    )
    assert rf.load_application(session, application.id).status is ApplicationStatus.submitted


def test_partner_pages_show_the_window_and_refuse_outside_it(session, client_for):
    admin = rf.admin(session)
    partner = rf.partner(session)
    editor = rf.partner_user(session, partner)
    today = date.today()
    future = rf.cycle(
        session,
        admin,
        name="Future cycle",
        opens_on=today + timedelta(days=5),
        closes_on=today + timedelta(days=40),
    )
    client = client_for(editor)
    page = _soup(client.get("/workspace/applications"))
    text = page.select_one("main").get_text(" ", strip=True)
    assert (
        f"Applications accepted from {future.opens_on.isoformat()} to {future.closes_on.isoformat()}" in text
    )
    assert "opens for applications on" in page.select_one(".pp-window-closed").get_text()
    assert page.select_one(f"input[name=cycle_id][value='{future.id}']") is None
    # Posting anyway is refused with the same message, and nothing is started.
    response = client.post_form("/workspace/applications", {"cycle_id": future.id})
    assert response.status_code == 303
    alerts = _soup(client.get(response.headers["location"])).select_one("#page-alerts").get_text()
    assert f"opens for applications on {future.opens_on.isoformat()}" in alerts
    assert session.scalar(select(Application.id).where(Application.cycle_id == future.id)) is None


def test_draft_page_explains_a_closed_window_and_offers_no_submit(session, client_for):
    editor, application = _complete_draft(session)
    # The window closed yesterday while the cycle is still open.
    application.cycle.closes_on = date.today() - timedelta(days=1)
    session.flush()
    client = client_for(editor)
    url = f"/workspace/applications/{application.id}"
    page = _soup(client.get(url))
    assert "closed on" in page.select_one(".pp-window-closed").get_text()
    assert page.select_one("button[name=action][value=submit]") is None
    response = client.post_form(
        url,
        {
            "action": "submit",
            "focus_areas": ["leadership", "instruction"],
            "answer_0": "We coach principals and teacher teams weekly.",
            "evidence_item_ids": application.evidence_item_ids,
            "engagement_ids": application.engagement_ids,
            "ref_0_name": "Dana Doe",
            "ref_0_district": "Example District",
            "ref_0_email": "dana@example.org",
        },
    )
    assert response.status_code == 422
    assert "closed on" in _soup(response).select_one("#error-summary").get_text()
    assert rf.load_application(session, application.id).status is ApplicationStatus.draft


def test_a_submitted_score_sheet_is_locked(session, client_for):
    admin = rf.admin(session)
    reviewer = rf.reviewer(session)
    partner = rf.partner(session)
    cycle = rf.cycle(session, admin)
    application = rf.submitted_application(session, cycle, partner, rf.partner_user(session, partner))
    assignment = service.assignment_create(
        session=session,
        application=application,
        actor=factories.actor(admin),
        form=AssignmentForm(reviewer_id=reviewer.id, due_date=date.today()),
    )
    application = rf.load_application(session, application.id)
    actor = factories.actor(reviewer)
    service.score_sheet_save(
        session=session,
        assignment=assignment,
        application=application,
        form=_sheet(application, assignment, 3, submit=True, comment="As submitted."),
        actor=actor,
    )
    fields = (
        "scores",
        "tiers",
        "recommendation",
        "comment_to_partner",
        "saved_at",
        "submitted_at",
        "version",
    )
    session.expire_all()
    application = rf.load_application(session, application.id)
    (assignment,) = application.assignments
    before = {key: getattr(assignment, key) for key in fields}
    events = _count(session, AuditEvent)
    for submit in (False, True):
        # Even naming the current version, a save or a second submit is refused.
        form = _sheet(application, assignment, 1, submit=submit, comment="Changed afterwards.")
        assert form.version == assignment.version
        with pytest.raises(InvalidTransition, match="submitted and is locked"):
            service.score_sheet_save(
                session=session, assignment=assignment, application=application, form=form, actor=actor
            )
    session.expire_all()
    application = rf.load_application(session, application.id)
    (stored,) = application.assignments
    assert {key: getattr(stored, key) for key in fields} == before
    assert _count(session, AuditEvent) == events

    # Through the page: the reviewer is told why, and nothing changes.
    client = client_for(reviewer)
    criteria = application.cycle.rubric.criteria
    response = client.post_form(
        f"/reviews/applications/{application.id}/score-sheet",
        {
            "version": str(stored.version),
            "action": "submit",
            **{f"score_{c.id}": "1" for c in criteria},
            **{f"comment_{c.id}": "Changed afterwards." for c in criteria},
            "recommendation": "do_not_approve",
        },
    )
    assert response.status_code == 409
    assert "submitted and is locked" in _soup(response).select_one("#error-summary").get_text()
    session.expire_all()
    (stored,) = rf.load_application(session, application.id).assignments
    assert {key: getattr(stored, key) for key in fields} == before
