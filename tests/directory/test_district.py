"""Profiles, compare, export, and signed-in districts' shortlists and inquiries."""

import csv
import io

from bs4 import BeautifulSoup
from sqlalchemy import select

from app.accounts.models import AuditEvent, OrganizationKind, Role
from app.notifications.models import OutboxMessage
from tests import factories
from tests.directory import factories as df


def _soup(response):
    return BeautifulSoup(response.text, "html.parser")


def _district_user(session):
    org = factories.organization(session, kind=OrganizationKind.district)
    return factories.user(session, role=Role.district_member, organization=org)


def test_profile_shows_designation_evidence_and_track_record(session, client):
    partner = df.partner(
        session,
        name="Profile Partner (fictional)",
        services=[{"name": "Coaching", "description": "Weekly"}],
        cost_min_cents=4_000_000,
        cost_max_cents=9_000_000,
        capacity_schools_per_year=12,
    )
    df.evidence(session, partner, verified_tier="tier_1")
    page = _soup(client.get(f"/directory/{partner.slug}"))
    assert page.select_one("h1").get_text(strip=True) == "Profile Partner (fictional)"
    text = page.get_text(" ", strip=True)
    assert "Active Priority Partner" in text and "Tier 1: strong evidence" in text
    assert "$40,000–$90,000" in text and "12 schools a year" in text
    assert "No engagements confirmed by districts yet." in text
    # Anonymous visitors are invited to sign in rather than shown district actions.
    assert page.select_one('form[action="/directory/shortlist-items"]') is None


def test_compare_two_to_four_listed_partners(session, client):
    a = df.partner(session, name="Compare A (fictional)")
    b = df.partner(session, name="Compare B (fictional)")
    hidden = df.partner(session, name="Compare Hidden (fictional)", designation="revoked")
    page = _soup(client.get(f"/directory/compare?partner={a.slug}&partner={b.slug}&partner={hidden.slug}"))
    headers = [th.get_text(strip=True) for th in page.select("thead th")]
    assert headers == ["Compare A (fictional)", "Compare B (fictional)"]
    assert page.select_one("table caption").get_text(strip=True) == "2 Priority Partners side by side"
    one = _soup(client.get(f"/directory/compare?partner={a.slug}"))
    assert "Choose 2 to 4 partners" in one.get_text()


def test_export_csv_and_json_use_the_same_filters(session, client):
    df.partner(session, name="=Export Literacy (fictional)", focus_areas=("instruction",))
    df.partner(session, name="Export Leaders (fictional)", focus_areas=("leadership",))
    rows = list(
        csv.DictReader(io.StringIO(client.get("/directory/export.csv?focus_area=instruction&q=export").text))
    )
    assert [r["name"] for r in rows] == ["'=Export Literacy (fictional)"]
    data = client.get("/directory/export.json?focus_area=leadership&q=export").json()
    assert data["count"] == 1 and data["partners"][0]["name"] == "Export Leaders (fictional)"


def test_shortlist_from_profile_with_note_then_edit_and_remove(session, client_for):
    user = _district_user(session)
    partner = df.partner(session, name="Shortlisted (fictional)")
    client = client_for(user)
    profile = _soup(client.get(f"/directory/{partner.slug}"))
    assert profile.select_one('form[action="/directory/shortlist-items"]') is not None
    response = client.post_form(
        "/directory/shortlist-items",
        {"partner_slug": partner.slug, "new_shortlist_name": "Literacy 2027", "note": "Strong in grade 3"},
    )
    assert response.status_code == 303
    url = response.headers["location"]
    page = _soup(client.get(url))
    assert page.select_one("h1").get_text(strip=True) == "Literacy 2027"
    assert page.select_one("textarea").get_text() == "Strong in grade 3"
    # Saving the same partner twice is refused with a message next to the field.
    shortlist_id = url.rsplit("/", 1)[1]
    again = client.post_form(
        "/directory/shortlist-items", {"partner_slug": partner.slug, "shortlist_id": shortlist_id}
    )
    assert again.status_code == 422
    assert "already on" in _soup(again).select_one("#error-shortlist_id").get_text()
    item_form = page.select_one("form.usa-form")["action"]
    assert client.post_form(item_form, {"note": "Call in March"}).status_code == 303
    assert _soup(client.get(url)).select_one("textarea").get_text() == "Call in March"
    assert client.post_form(item_form + "/remove").status_code == 303
    assert _soup(client.get(url)).select_one(".pp-empty") is not None
    actions = set(session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "shortlist")))
    assert {
        "shortlist.create",
        "shortlist.add_partner",
        "shortlist.update_note",
        "shortlist.remove_partner",
    } <= actions


def test_shortlists_are_private_to_the_district(session, client_for):
    user = _district_user(session)
    other = _district_user(session)
    client = client_for(user)
    response = client.post_form("/directory/shortlists", {"name": "Ours"})
    url = response.headers["location"]
    assert client_for(other).get(url).status_code == 404
    assert client_for(other).post_form(url + "/delete").status_code == 404
    blank = client.post_form("/directory/shortlists", {"name": ""})
    assert blank.status_code == 422 and _soup(blank).select_one("#error-name")
    assert client.post_form(url + "/delete").status_code == 303
    assert client.get(url).status_code == 404


def test_inquiry_reaches_partner_inbox_and_email_and_replies_thread(session, client_for):
    district_user = _district_user(session)
    partner_org = factories.organization(session, kind=OrganizationKind.partner)
    editor = factories.user(session, role=Role.partner_editor, organization=partner_org)
    partner = df.partner(
        session, name="Inquired (fictional)", organization=partner_org, contact_email="hello@inquired.example"
    )
    district = client_for(district_user)
    invalid = district.post_form(f"/directory/{partner.slug}/inquire", {"subject": "", "body": "short"})
    assert invalid.status_code == 422
    assert _soup(invalid).select_one("#field-body").get_text() == "short"
    sent = district.post_form(
        f"/directory/{partner.slug}/inquire",
        {"subject": "Grade 6 math support", "body": "We have three middle schools interested."},
    )
    assert sent.status_code == 303
    thread_url = sent.headers["location"]
    recipients = set(session.scalars(select(OutboxMessage.recipient)))
    assert {"hello@inquired.example", editor.email} <= recipients

    partner_client = client_for(editor)
    inbox = _soup(partner_client.get("/workspace/inbox"))
    link = inbox.select_one("tbody a")
    assert link.get_text(strip=True) == "Grade 6 math support"
    assert (
        partner_client.post_form(
            f"{thread_url}/replies".replace("/directory/inquiries", "/directory/inquiries"),
            {"body": "Happy to talk."},
        ).status_code
        == 303
    )
    thread = _soup(district.get(thread_url))
    bodies = [p.get_text(strip=True) for p in thread.select(".pp-thread__body")]
    assert bodies == ["We have three middle schools interested.", "Happy to talk."]
    assert district_user.email in set(session.scalars(select(OutboxMessage.recipient)))
    # Outsiders: another district and another partner get 404.
    assert client_for(_district_user(session)).get(thread_url).status_code == 404
    assert partner_client.get(thread_url).status_code == 404
    assert partner_client.get(link["href"]).status_code == 200
