"""A conflicted reviewer sees no trace of the application; partners never see internal comments."""

from datetime import date, timedelta
from types import SimpleNamespace

from bs4 import BeautifulSoup

from app.reviews import service
from app.reviews.models import ConflictKind
from app.reviews.schemas import AssignmentForm, ConflictForm, DecisionForm, DiscussionForm
from tests import factories
from tests.reviews import factories as rf
from tests.reviews.test_journey import _sheet


def _setup(session):
    admin = rf.admin(session)
    from app.accounts.models import Organization

    agency = session.get(Organization, admin.organization_id)
    reviewer = rf.reviewer(session, agency)
    conflicted = rf.reviewer(session, agency)
    partner = rf.partner(session, name="Conflicted Partner (fictional)")
    editor = rf.partner_user(session, partner)
    cycle = rf.cycle(session, admin)
    application = rf.submitted_application(session, cycle, partner, editor)
    assignment = service.assignment_create(
        session=session,
        application=application,
        actor=factories.actor(admin),
        form=AssignmentForm(reviewer_id=conflicted.id, due_date=date.today() - timedelta(days=1)),
    )
    return SimpleNamespace(
        admin=admin,
        reviewer=reviewer,
        conflicted=conflicted,
        partner=partner,
        editor=editor,
        cycle=cycle,
        application=application,
        assignment=assignment,
    )


def test_conflicted_reviewer_sees_no_trace(session, client_for):
    s = _setup(session)
    admin, reviewer, conflicted, application = (
        s.admin,
        s.reviewer,
        s.conflicted,
        s.application,
    )
    client = client_for(conflicted)
    # Before declaring, the assignment is visible.
    assert client.get(f"/reviews/applications/{application.id}").status_code == 200
    response = client.post_form(f"/reviews/applications/{application.id}/conflict", {"kind": "family"})
    assert response.status_code == 303
    for url in (f"/reviews/applications/{application.id}",):
        assert client.get(url).status_code == 404
    for url in (
        f"/reviews/applications/{application.id}/score-sheet",
        f"/reviews/applications/{application.id}/conflict",
        f"/reviews/applications/{application.id}/information-requests",
    ):
        assert client.post_form(url, {"kind": "other"}).status_code == 404
    for url in (f"/admin/applications/{application.id}", f"/workspace/applications/{application.id}"):
        assert client.get(url).status_code == 404
    for show in ("open", "submitted", "all"):
        page = BeautifulSoup(client.get(f"/reviews?show={show}").text, "html.parser")
        assert "Conflicted Partner" not in page.select_one("main").get_text()
        numbers = [n.get_text() for n in page.select(".pp-stat__number")]
        assert numbers == ["0", "0", "0", "0"]
    # The admin cannot assign the conflicted reviewer again; the reviewer is not offered.
    admin_client = client_for(admin)
    page = BeautifulSoup(admin_client.get(f"/admin/applications/{application.id}").text, "html.parser")
    offered = [o.get_text() for o in page.select("#field-reviewer_id option")]
    assert conflicted.full_name not in offered and reviewer.full_name in offered
    response = admin_client.post_form(
        f"/admin/applications/{application.id}/assignments",
        {"reviewer_id": conflicted.id, "due_date": date.today().isoformat()},
    )
    assert response.status_code == 422
    error = BeautifulSoup(response.text, "html.parser").select_one("#error-reviewer_id").get_text()
    assert "conflict of interest" in error


def test_standing_conflict_hides_even_an_old_assignment(session, client_for):
    s = _setup(session)
    conflicted, partner, application = s.conflicted, s.partner, s.application
    # A declaration made elsewhere also removes the assignment and hides everything.
    service.conflict_declare(
        session=session,
        form=ConflictForm(partner_id=partner.id, kind=ConflictKind.other),
        actor=factories.actor(conflicted),
    )
    client = client_for(conflicted)
    assert client.get(f"/reviews/applications/{application.id}").status_code == 404
    assert (
        "Conflicted Partner"
        not in BeautifulSoup(client.get("/reviews?show=all").text, "html.parser")
        .select_one("#results")
        .get_text()
    )


def test_blind_review_until_own_sheet_submitted(session, client_for):
    s = _setup(session)
    admin, reviewer, conflicted, application, first = (
        s.admin,
        s.reviewer,
        s.conflicted,
        s.application,
        s.assignment,
    )
    second = service.assignment_create(
        session=session,
        application=application,
        actor=factories.actor(admin),
        form=AssignmentForm(reviewer_id=reviewer.id, due_date=date.today()),
    )
    application = rf.load_application(session, application.id)
    first = next(a for a in application.assignments if a.id == first.id)
    service.score_sheet_save(
        session=session,
        assignment=first,
        application=application,
        actor=factories.actor(conflicted),
        form=_sheet(application, first, 4, submit=True, comment="FIRST-REVIEWER-COMMENT"),
    )
    client = client_for(reviewer)
    assert "FIRST-REVIEWER-COMMENT" not in client.get(f"/reviews/applications/{application.id}").text
    application = rf.load_application(session, application.id)
    second = next(a for a in application.assignments if a.id == second.id)
    response = client.post_form(
        f"/reviews/applications/{application.id}/score-sheet",
        {
            "version": second.version,
            "action": "save",
            **{f"score_{c.id}": "2" for c in application.cycle.rubric.criteria},
        },
    )
    assert response.status_code == 303
    # A second tab still holding the old version gets a clear conflict message.
    response = client.post_form(
        f"/reviews/applications/{application.id}/score-sheet", {"version": second.version, "action": "save"}
    )
    assert response.status_code == 409
    alert = BeautifulSoup(response.text, "html.parser").select_one("#error-summary").get_text()
    assert "another tab" in alert
    session.refresh(second)
    data = {"version": second.version, "action": "submit", "recommendation": "approve"}
    for c in application.cycle.rubric.criteria:
        data[f"score_{c.id}"] = "2"
    for e in application.snapshot["evidence"]:
        data[f"tier_{e['id']}"] = "tier_3"
        data[f"tier_reason_{e['id']}"] = "Sample too small for tier 2."
    assert client.post_form(f"/reviews/applications/{application.id}/score-sheet", data).status_code == 303
    assert "FIRST-REVIEWER-COMMENT" in client.get(f"/reviews/applications/{application.id}").text


def test_partner_never_sees_internal_or_unreleased_feedback(session, client_for):
    s = _setup(session)
    admin, conflicted, editor, cycle, application = s.admin, s.conflicted, s.editor, s.cycle, s.application
    application = rf.load_application(session, application.id)
    service.score_sheet_save(
        session=session,
        assignment=application.assignments[0],
        application=application,
        actor=factories.actor(conflicted),
        form=_sheet(
            application,
            application.assignments[0],
            3,
            submit=True,
            comment="UNRELEASED-COMMENT",
            internal="INTERNAL-COMMENT",
        ),
    )
    service.discussion_add(
        session=session,
        application=application,
        actor=factories.actor(admin),
        form=DiscussionForm(body="DISCUSSION-SECRET"),
    )
    partner_client = client_for(editor)
    before = partner_client.get(f"/workspace/applications/{application.id}").text
    assert partner_client.get(f"/workspace/applications/{application.id}/decision-letter").status_code == 404
    service.cycle_transition(session=session, cycle=cycle, target="in_review", actor=factories.actor(admin))
    application = rf.load_application(session, application.id)
    service.decision_record(
        session=session,
        application=application,
        actor=factories.actor(admin),
        form=DecisionForm(
            outcomes={"leadership": "approved", "instruction": "not_approved"},
            rationale="RATIONALE-TEXT",
            internal_note="INTERNAL-NOTE",
            start_date=date.today(),
        ),
    )
    after = partner_client.get(f"/workspace/applications/{application.id}").text
    letter = partner_client.get(f"/workspace/applications/{application.id}/decision-letter").text
    for text in (before, after, letter):
        for secret in ("UNRELEASED-COMMENT", "INTERNAL-COMMENT", "DISCUSSION-SECRET", "INTERNAL-NOTE"):
            assert secret not in text
    assert "RATIONALE-TEXT" in letter
    rows = BeautifulSoup(letter, "html.parser").select("main table tbody tr")
    assert [r.select_one("th").get_text() for r in rows] == [
        "Leadership & school systems",
        "Instruction & tiered support",
    ]
