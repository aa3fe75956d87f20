"""The admin, reviewer and partner pages: forms validate next to fields, lists filter and paginate."""

from datetime import date, timedelta

from bs4 import BeautifulSoup
from sqlalchemy import select

from app.accounts.models import AuditEvent
from app.reviews.models import Cycle, CycleStatus, Rubric
from tests.reviews import factories as rf


def _soup(response):
    return BeautifulSoup(response.text, "html.parser")


def test_cycle_form_validates_and_creates_a_draft(session, client_for):
    admin = rf.admin(session)
    client = client_for(admin)
    form = _soup(client.get("/admin/cycles/new"))
    assert form.select_one("#field-name") is not None
    rubric_id = form.select("#field-rubric_id option")[1]["value"]
    response = client.post_form(
        "/admin/cycles/new",
        {
            "name": "Spring <cycle>",
            "opens_on": "2027-03-01",
            "closes_on": "2027-02-01",
            "term_years": "3",
            "rubric_id": rubric_id,
            "focus_areas": ["leadership"],
            "prompt_0_question": "Why?",
            "prompt_0_limit": "200",
        },
    )
    assert response.status_code == 422
    page = _soup(response)
    assert "close on or after" in page.select_one("#error-summary").get_text()
    assert page.select_one("#field-name")["value"] == "Spring <cycle>"
    response = client.post_form(
        "/admin/cycles/new",
        {
            "name": "Spring cycle",
            "opens_on": "2027-01-01",
            "closes_on": "2027-02-01",
            "term_years": "3",
            "rubric_id": rubric_id,
            "focus_areas": ["leadership"],
            "prompt_0_question": "Why?",
            "prompt_0_limit": "",
        },
    )
    assert response.status_code == 422
    assert "word limit" in _soup(response).select_one("#error-prompt_0_limit").get_text()
    response = client.post_form(
        "/admin/cycles/new",
        {
            "name": "Spring cycle",
            "opens_on": "2027-01-01",
            "closes_on": "2027-02-01",
            "term_years": "3",
            "rubric_id": rubric_id,
            "focus_areas": ["leadership", "staffing"],
            "prompt_0_question": "Why?",
            "prompt_0_limit": "200",
        },
    )
    assert response.status_code == 303
    cycle = session.scalar(select(Cycle).where(Cycle.name == "Spring cycle"))
    assert cycle.status is CycleStatus.draft and cycle.prompts == [{"question": "Why?", "word_limit": 200}]
    # A refused transition comes back as a clear message, not an error page.
    response = client.post_form(f"/admin/cycles/{cycle.id}/transition", {"to": "decided"})
    assert response.status_code == 303
    page = _soup(client.get(response.headers["location"]))
    assert "A draft cycle cannot move to decided" in page.select_one("#page-alerts").get_text()
    # The list is filtered in place for htmx and escapes what admins typed.
    fragment = client.get("/admin/cycles?status=draft", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and "Spring cycle" in fragment.text


def test_rubric_copy_is_editable_and_frozen_one_is_not(session, client_for):
    admin = rf.admin(session)
    cycle = rf.cycle(session, admin)
    client = client_for(admin)
    frozen = session.get(Rubric, cycle.rubric_id)
    assert frozen.is_frozen
    page = _soup(client.get(f"/admin/rubrics/{frozen.id}"))
    assert page.select_one(f"form[action='/admin/rubrics/{frozen.id}'] #field-name") is None
    response = client.post_form(f"/admin/rubrics/{frozen.id}/copy")
    assert response.status_code == 303
    copy_url = response.headers["location"]
    page = _soup(client.get(copy_url))
    assert page.select_one("#field-criterion_0_title")["value"] == "Evidence of impact"
    response = client.post_form(
        copy_url, {"name": "Next year", "criterion_0_title": "Impact", "criterion_0_weight": "0"}
    )
    assert response.status_code == 422
    response = client.post_form(
        copy_url,
        {
            "name": "Next year",
            "criterion_0_title": "Impact",
            "criterion_0_weight": "60",
            **{f"criterion_0_level_{n}": f"Level {n}" for n in range(1, 5)},
            "criterion_1_title": "",
            "criterion_1_weight": "",
        },
    )
    assert response.status_code == 303
    rubric = rf.rubric_with_criteria(session, int(copy_url.rsplit("/", 1)[1]))
    assert rubric.name == "Next year" and [c.title for c in rubric.criteria] == ["Impact"]
    assert session.scalar(select(AuditEvent.id).where(AuditEvent.action == "rubric.update")) is not None


def test_partner_application_word_limit_error_next_to_field(session, client_for):
    admin = rf.admin(session)
    partner = rf.partner(session)
    editor = rf.partner_user(session, partner)
    cycle = rf.cycle(session, admin)
    client = client_for(editor)
    page = _soup(client.get("/workspace/applications"))
    assert page.select_one("form[action='/workspace/applications'] input[name=cycle_id]")["value"] == str(
        cycle.id
    )
    response = client.post_form("/workspace/applications", {"cycle_id": cycle.id})
    assert response.status_code == 303
    url = response.headers["location"]
    response = client.post_form(url, {"answer_0": "Fine.", "action": "save", "ref_0_email": "no-at-sign"})
    assert response.status_code == 422
    assert "Enter an email address" in _soup(response).select_one("#error-ref_0_email").get_text()
    response = client.post_form(url, {"answer_0": "word " * 60, "action": "save"})
    assert response.status_code == 422
    page = _soup(response)
    assert "at most 50 words" in page.select_one("#error-answer_0").get_text()
    assert page.select_one("#field-answer_0").get_text().startswith("word word")
    # Withdrawing before a decision works once; a second time is refused with a message.
    assert client.post_form(f"{url}/withdraw").status_code == 303
    response = client.post_form(f"{url}/withdraw")
    page = _soup(client.get(response.headers["location"]))
    assert "withdrawn application cannot be withdrawn" in page.select_one("#page-alerts").get_text()


def test_designation_list_filters_by_status(session, client_for):
    admin = rf.admin(session)
    from app.reviews.models import Designation, DesignationFocusArea, DesignationStatus

    today = date.today()
    names = {}
    for label, end, status in [
        ("Active", today + timedelta(days=400), DesignationStatus.active),
        ("Expiring", today + timedelta(days=40), DesignationStatus.active),
        ("Expired", today - timedelta(days=1), DesignationStatus.active),
        ("Suspended", today + timedelta(days=400), DesignationStatus.suspended),
    ]:
        partner = rf.partner(session, name=f"{label} partner (fictional)")
        designation = Designation(
            partner_id=partner.id, start_date=today - timedelta(days=700), end_date=end, status=status
        )
        designation.focus_areas = [DesignationFocusArea(focus_area="leadership")]
        session.add(designation)
        names[label] = partner.name
    session.flush()
    client = client_for(admin)
    for show, label in [
        ("active", "Active"),
        ("expiring", "Expiring"),
        ("expired", "Expired"),
        ("suspended", "Suspended"),
    ]:
        rows = _soup(client.get(f"/admin/designations?show={show}")).select("#results tbody th")
        listed = {r.get_text() for r in rows}
        assert names[label] in listed
        assert all(names[other] not in listed for other in names if other != label)


def test_list_pages_answer_htmx_with_their_results_block(session, client_for):
    admin = rf.admin(session)
    cycle = rf.cycle(session, admin)
    reviewer = rf.reviewer(session)
    for user, url in [
        (admin, "/admin/cycles"),
        (admin, f"/admin/cycles/{cycle.id}?status=submitted"),
        (admin, "/admin/designations?show=expiring"),
        (reviewer, "/reviews?show=all&sort=partner"),
    ]:
        client = client_for(user)
        full = client.get(url)
        fragment = client.get(url, headers={"HX-Request": "true"})
        assert full.status_code == fragment.status_code == 200
        assert _soup(full).select_one("h1") is not None
        assert "<h1" not in fragment.text and fragment.headers["Vary"] == "HX-Request"
