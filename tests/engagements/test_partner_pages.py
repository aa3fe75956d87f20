"""The partner's engagement pages: the form (good and bad input, rows in place), edit, delete."""

from bs4 import BeautifulSoup
from sqlalchemy import select

from app.accounts.models import AuditEvent, Role
from app.engagements.models import ConfirmationStatus, Engagement
from tests import factories
from tests.engagements import factories as engagement_factories
from tests.partners import factories as partner_factories


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def good_form(school, **overrides) -> dict:
    data = {
        "action": "save",
        "school_id": str(school.id),
        "start_date": "2016-08-29",
        "end_date": "2018-06-30",
        "focus_areas": ["leadership", "instruction"],
        "services": "Leadership coaching",
        "intensity": "intensive",
        "funding_source": "section_1003",
        "cost": "125,000.50",
        "outcomes-0-name": "ELA % proficient",
        "outcomes-0-unit": "percent",
        "outcomes-0-students_count": "240",
        "outcomes-0-baseline_year": "2016",
        "outcomes-0-baseline_value": "21.5",
        "outcomes-0-value_1": "27",
        "outcomes-0-value_2": "33.5",
        "outcomes-0-state_baseline_value": "60",
        "outcomes-0-state_value_2": "61",
        "outcomes-1-name": "",
        "outcomes-1-unit": "percent",
    }
    data.update(overrides)
    return data


def test_empty_list_shows_the_empty_state(session, client_for, editor):
    page = soup(client_for(editor).get("/workspace/engagements"))
    assert page.select_one(".pp-empty h2").get_text() == "No engagements yet"
    assert (
        page.select_one('nav[aria-label="Partner workspace"] a[aria-current=page]').get_text()
        == "Engagements"
    )


def test_adding_an_engagement_with_outcomes(session, client_for, editor, partner, school):
    response = client_for(editor).post_form("/workspace/engagements/new", good_form(school))
    assert response.status_code == 303
    engagement = session.scalar(select(Engagement).where(Engagement.partner_id == partner.id))
    assert engagement.school_id == school.id
    assert engagement.district_id == school.district_id
    assert engagement.cost_cents == 12_500_050
    assert engagement.status is ConfirmationStatus.unconfirmed
    page = soup(client_for(editor).get(response.headers["location"]))
    assert page.select_one("h1").get_text() == "Engagement at Riverton Elementary"
    caption = page.select_one("table caption").get_text(" ", strip=True)
    assert caption.startswith("ELA % proficient")
    years = [th.get_text(strip=True) for th in page.select("table tbody th")]
    assert years == ["2015–16 (baseline)", "2016–17", "2017–18"]
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "engagement.created")) is not None


def test_bad_input_shows_errors_next_to_fields_and_keeps_values(session, client_for, editor, school):
    data = good_form(
        school,
        school_id="",
        start_date="2018-01-01",
        end_date="2017-01-01",
        focus_areas=[],
        cost="lots",
        **{"outcomes-0-baseline_value": "140", "outcomes-0-baseline_year": "20"},
    )
    response = client_for(editor).post_form("/workspace/engagements/new", data)
    assert response.status_code == 422
    page = soup(response)
    errors = {e["id"].removeprefix("error-") for e in page.select(".usa-error-message")}
    assert {
        "school_id",
        "end_date",
        "focus_areas",
        "cost",
        "outcomes-0-baseline_year",
        "outcomes-0-baseline_value",
    } <= errors
    assert page.select_one("#error-summary")
    assert page.select_one("#field-services").get_text() == "Leadership coaching"
    assert page.select_one("#field-cost")["value"] == "lots"
    assert page.select_one("#field-outcomes-0-name")["value"] == "ELA % proficient"
    assert page.select_one("#field-outcomes-0-baseline_value")["value"] == "140"
    assert session.scalar(select(Engagement.id)) is None


def test_school_outside_the_registry_and_both_at_once(session, client_for, editor, partner, school):
    client = client_for(editor)
    both = client.post_form(
        "/workspace/engagements/new", good_form(school, school_name_other="Hilltop Academy")
    )
    assert both.status_code == 422
    assert "not both" in soup(both).select_one("#error-school_id").get_text()
    other = client.post_form(
        "/workspace/engagements/new",
        good_form(school, school_id="", school_name_other="Hilltop Academy, Lee"),
    )
    assert other.status_code == 303
    engagement = session.scalar(select(Engagement).where(Engagement.partner_id == partner.id))
    assert engagement.school_id is None and engagement.school_name_other == "Hilltop Academy, Lee"


def test_outcome_rows_are_added_and_removed_without_javascript(session, client_for, editor, school):
    client = client_for(editor)
    added = client.post_form("/workspace/engagements/new", good_form(school, action="add_outcome"))
    assert added.status_code == 200
    page = soup(added)
    assert len(page.select("fieldset.pp-outcome")) == 3
    assert page.select_one("#field-outcomes-0-name")["value"] == "ELA % proficient"
    removed = client.post_form("/workspace/engagements/new", good_form(school, action="remove_outcome:0"))
    page = soup(removed)
    assert len(page.select("fieldset.pp-outcome")) == 1
    assert page.select_one("#field-outcomes-0-name")["value"] == ""
    assert session.scalar(select(Engagement.id)) is None


def test_htmx_gets_only_the_outcome_rows(session, client_for, editor, school):
    response = client_for(editor).post_form(
        "/workspace/engagements/new", good_form(school, action="add_outcome"), headers={"HX-Request": "true"}
    )
    page = soup(response)
    assert page.select_one("h1") is None
    root = page.find(True)
    assert root["id"] == "outcome-rows"
    assert len(page.select("fieldset.pp-outcome")) == 3


def test_find_school_without_javascript_lists_matches(session, client_for, editor, school):
    response = client_for(editor).post_form(
        "/workspace/engagements/new",
        good_form(school, action="find_school", school_id="", school_q="riverton elem"),
    )
    page = soup(response)
    values = [i["value"] for i in page.select("#school-results input[name=school_id]")]
    assert values == [str(school.id)]


def test_editing_a_confirmed_engagement_returns_it_to_unconfirmed(
    session, client_for, editor, partner, school
):
    engagement = engagement_factories.engagement(
        session, partner=partner, school=school, status=ConfirmationStatus.confirmed
    )
    client = client_for(editor)
    form = soup(client.get(f"/workspace/engagements/{engagement.id}/edit"))
    assert "returns to unconfirmed" in form.select_one(".usa-alert--warning").get_text(" ", strip=True)
    unchanged = {
        "school_id": str(school.id),
        "start_date": "2015-08-01",
        "end_date": "2017-06-30",
        "focus_areas": ["leadership"],
        "services": "Leadership coaching",
        "intensity": "moderate",
        "funding_source": "title_i",
        "cost": "10000.00",
    }
    response = client.post_form(f"/workspace/engagements/{engagement.id}/edit", unchanged)
    assert response.status_code == 303
    session.refresh(engagement)
    assert engagement.status is ConfirmationStatus.confirmed
    response = client.post_form(
        f"/workspace/engagements/{engagement.id}/edit", {**unchanged, "end_date": "2018-06-30"}
    )
    assert response.status_code == 303
    session.refresh(engagement)
    assert engagement.status is ConfirmationStatus.unconfirmed
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "engagement.updated"))
    assert event.changes["status"] == ["confirmed", "unconfirmed"]


def test_delete(session, client_for, editor, partner, school):
    engagement = engagement_factories.engagement(
        session, partner=partner, school=school, outcomes=[engagement_factories.measure()]
    )
    client = client_for(editor)
    detail = soup(client.get(f"/workspace/engagements/{engagement.id}"))
    form = detail.select_one(f'form[action="/workspace/engagements/{engagement.id}/delete"]')
    assert form["hx-confirm"].startswith("Delete the engagement")
    response = client.post_form(f"/workspace/engagements/{engagement.id}/delete")
    assert response.status_code == 303
    assert session.scalar(select(Engagement.id).where(Engagement.id == engagement.id)) is None


def test_a_partner_never_sees_another_partners_engagement(session, client_for, editor, school):
    other = partner_factories.partner(session)
    theirs = engagement_factories.engagement(
        session, partner=other, school=school, services="Their secret plan"
    )
    client = client_for(editor)
    for url in (f"/workspace/engagements/{theirs.id}", f"/workspace/engagements/{theirs.id}/edit"):
        assert client.get(url).status_code == 404
    assert client.post_form(f"/workspace/engagements/{theirs.id}/delete").status_code == 404
    assert client.post_form(f"/workspace/engagements/{theirs.id}/edit", good_form(school)).status_code == 404
    listing = client.get("/workspace/engagements").text
    assert "Their secret plan" not in listing
    assert "Their secret plan" not in client.get("/workspace/engagements/export.csv").text
    session.expire_all()
    assert session.get(Engagement, theirs.id).services == "Their secret plan"


def test_what_partners_type_is_escaped(session, client_for, editor, partner, school):
    engagement_factories.engagement(
        session, partner=partner, school=None, school_name_other="<img src=x onerror=alert(1)>"
    )
    response = client_for(editor).get("/workspace/engagements")
    assert "<img src=x" not in response.text
    assert soup(response).select_one("tbody th a").get_text() == "<img src=x onerror=alert(1)>"


def test_other_roles_are_refused_the_workspace(session, client_for):
    reviewer = factories.user(session, role=Role.reviewer)
    assert client_for(reviewer).get("/workspace/engagements").status_code == 403


def test_the_list_shows_the_public_track_record_with_small_groups_suppressed(
    session, client_for, editor, partner, school
):
    engagement_factories.engagement(
        session,
        partner=partner,
        school=school,
        status=ConfirmationStatus.confirmed,
        outcomes=[
            engagement_factories.measure(name="ELA", baseline=20, later=[26.0, 32.5]),
            engagement_factories.measure(name="Tiny group", students=6, position=1),
        ],
    )
    page = soup(client_for(editor).get("/workspace/engagements"))
    section = page.select_one("section.pp-track-record")
    figures = [li.select_one(".pp-figure").get_text() for li in section.select(".pp-track-figures li")]
    assert figures == ["1", "2", "+12.5", "+11.5", "100%"]
    rows = {tr.select_one("th").get_text(): tr for tr in section.select("table tbody tr")}
    cells = [td.get_text() for td in section.select("table tbody tr")[1].select("td")]
    assert "Suppressed: fewer than 10 students" in cells
    assert section.select_one("svg[role=img] title").get_text().startswith("Change in each outcome")
    assert len(section.select("svg rect.pp-bar-school")) == 1
    assert rows
