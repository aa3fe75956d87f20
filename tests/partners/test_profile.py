"""The profile form: good and bad input, values kept, no mass assignment, service rows."""

from bs4 import BeautifulSoup
from sqlalchemy import select

from app.accounts.models import AuditEvent, OrganizationKind, Role
from app.errors import Forbidden, NotAuthenticated
from app.partners import queries, service
from app.partners.models import Partner
from tests import factories

GOOD = {
    "name": "Brightpath Learning Partners (fictional)",
    "summary": "Leadership coaching for turnaround schools.",
    "description": "We coach principals and teacher leaders.",
    "website": "https://brightpath.example.org",
    "contact_name": "Jordan Lee",
    "contact_email": "jordan@brightpath.example.org",
    "contact_phone": "617-555-0100",
    "headquarters": "Worcester, MA",
    "regions": ["central", "western"],
    "primary_focus_areas": ["leadership"],
    "secondary_focus_areas": ["data_assessment"],
    "grade_bands": ["elementary", "middle"],
    "school_types": ["district"],
    "service_row": ["a1", "b2"],
    "service_name": ["Principal coaching", "Data teams"],
    "service_description": ["Weekly on-site coaching.", ""],
    "delivery_model": "hybrid",
    "capacity_schools_per_year": "12",
    "accepting_new_districts": "no",
    "cost_min_dollars": "$25,000",
    "cost_max_dollars": "80000.50",
    "pricing_model": "per_school",
    "years_operating": "9",
}


def _page(response):
    return BeautifulSoup(response.text, "html.parser")


def test_partner_for_actor_creates_the_profile_once_with_a_unique_slug(session):
    org = factories.organization(session, name="Same Name (fictional)", kind=OrganizationKind.partner)
    other = factories.organization(session, name="Same Name (fictional)", kind=OrganizationKind.partner)
    first = service.partner_for_actor(
        session=session, actor=factories.actor(factories.user(session, organization=org))
    )
    second = service.partner_for_actor(
        session=session, actor=factories.actor(factories.user(session, organization=other))
    )
    again = service.partner_for_actor(
        session=session, actor=factories.actor(factories.user(session, organization=org))
    )
    assert first.id == again.id
    assert first.slug == "same-name-fictional" and second.slug == "same-name-fictional-2"
    assert first.name == "Same Name (fictional)" and not first.is_designated


def test_partner_for_actor_refuses_other_users(session):
    district_user = factories.user(session, role=Role.district_member)
    try:
        service.partner_for_actor(session=session, actor=factories.actor(district_user))
    except Forbidden:
        pass
    else:
        raise AssertionError("a district user has no partner workspace")
    try:
        service.partner_for_actor(session=session, actor=factories.actor(None))
    except NotAuthenticated:
        pass
    else:
        raise AssertionError("anonymous users must sign in")


def test_workspace_is_refused_to_other_roles(client_for, session):
    reviewer = factories.user(session, role=Role.reviewer)
    assert client_for(reviewer).get("/workspace/profile").status_code == 403


def test_good_profile_is_saved_with_facets_and_cents(client_for, session, editor, partner):
    client = client_for(editor)
    response = client.post_form("/workspace/profile", GOOD)
    assert response.status_code == 303
    saved = queries.partner_with_facets(session, partner.id)
    assert saved.name == GOOD["name"]
    assert saved.cost_min_cents == 2_500_000 and saved.cost_max_cents == 8_000_050
    assert saved.accepting_new_districts is False
    assert saved.capacity_schools_per_year == 12 and saved.years_operating == 9
    assert saved.services == [
        {"name": "Principal coaching", "description": "Weekly on-site coaching."},
        {"name": "Data teams", "description": ""},
    ]
    assert {(f.focus_area, f.is_primary) for f in saved.focus_areas} == {
        ("leadership", True),
        ("data_assessment", False),
    }
    assert {r.region for r in saved.regions} == {"central", "western"}
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "partner.update")).all()
    assert len(events) == 1 and "summary" in events[0].changes

    page = _page(client.get("/workspace/profile"))
    assert page.select_one("#field-cost_min_dollars")["value"] == "25000"
    assert page.select_one("#field-cost_max_dollars")["value"] == "80000.50"
    assert [i["value"] for i in page.select("input[name=service_name]")] == [
        "Principal coaching",
        "Data teams",
    ]
    assert page.select_one("#field-accepting_new_districts-2").has_attr("checked")


def test_bad_profile_shows_errors_next_to_fields_and_keeps_values(client_for, session, editor, partner):
    bad = {
        **GOOD,
        "name": "  ",
        "summary": "x" * 301,
        "website": "not a site",
        "contact_email": "nobody",
        "primary_focus_areas": [],
        "cost_min_dollars": "9000",
        "cost_max_dollars": "100",
        "service_name": ["", "Data teams"],
        "service_description": ["Described but unnamed", ""],
        "capacity_schools_per_year": "lots",
    }
    response = client_for(editor).post_form("/workspace/profile", bad)
    assert response.status_code == 422
    page = _page(response)
    summary_links = {a["href"] for a in page.select("#error-summary a")}
    for field in ("name", "summary", "website", "contact_email", "primary_focus_areas", "services"):
        assert f"#field-{field}" in summary_links, field
    assert "#field-capacity_schools_per_year" in summary_links
    assert page.select_one("#error-website").get_text(strip=True).startswith("Enter the full web address")
    assert "primary focus area" in page.select_one("#error-primary_focus_areas").get_text()
    assert page.select_one("#field-summary")["aria-invalid"] == "true"
    # What the user typed is still there.
    assert page.select_one("#field-website")["value"] == "not a site"
    assert page.select_one("#field-summary").get_text() == "x" * 301
    assert page.select_one("#field-cost_min_dollars")["value"] == "9000"
    descriptions = [t.get_text() for t in page.select("textarea[name=service_description]")]
    assert descriptions == ["Described but unnamed", ""]
    assert session.get(Partner, partner.id).summary == "Coaching for school leadership teams."


def test_cost_range_must_be_ordered(client_for, editor, partner):
    response = client_for(editor).post_form(
        "/workspace/profile", {**GOOD, "cost_min_dollars": "5000", "cost_max_dollars": "100"}
    )
    assert response.status_code == 422
    error = _page(response).select_one("#error-cost_max_dollars").get_text()
    assert "at least the lowest" in error


def test_mass_assignment_is_ignored(client_for, session, editor, partner):
    other_org = factories.organization(session, kind=OrganizationKind.partner)
    posted = {
        **GOOD,
        "is_designated": "true",
        "slug": "hijacked",
        "organization_id": str(other_org.id),
        "logo_storage_key": "0" * 64,
    }
    assert client_for(editor).post_form("/workspace/profile", posted).status_code == 303
    session.expire_all()
    saved = session.get(Partner, partner.id)
    assert saved.is_designated is False
    assert saved.slug != "hijacked"
    assert saved.organization_id == editor.organization_id
    assert saved.logo_storage_key is None


def test_service_rows_without_javascript(client_for, editor, partner):
    client = client_for(editor)
    added = client.post_form("/workspace/profile", {**GOOD, "action": "add_service"})
    assert added.status_code == 200
    rows = _page(added).select(".pp-service-row")
    assert len(rows) == 3
    assert rows[-1].select_one("input[name=service_name]").has_attr("autofocus")
    removed = client.post_form("/workspace/profile", {**GOOD, "remove_service": "a1"})
    names = [i["value"] for i in _page(removed).select("input[name=service_name]")]
    assert names == ["Data teams"]


def test_htmx_service_row_is_one_blank_row(client_for, editor, partner):
    response = client_for(editor).get("/workspace/profile/service-row", headers={"HX-Request": "true"})
    page = _page(response)
    assert len(page.select("fieldset.pp-service-row")) == 1
    assert page.select_one("input[name=service_name]")["value"] == ""
    assert page.select_one("html") is None


def test_summary_has_a_character_count_that_works_as_a_hint(client_for, editor, partner):
    page = _page(client_for(editor).get("/workspace/profile"))
    field = page.select_one(".usa-character-count textarea#field-summary")
    assert field["maxlength"] == "300"
    assert "summary-info" in field["aria-describedby"]
    assert "300 characters" in page.select_one("#summary-info").get_text()


def test_partner_text_is_escaped(client_for, editor, partner):
    response = client_for(editor).post_form(
        "/workspace/profile", {**GOOD, "name": "<script>alert(1)</script>", "primary_focus_areas": []}
    )
    assert "<script>alert(1)</script>" not in response.text
    assert _page(response).select_one("#field-name")["value"] == "<script>alert(1)</script>"


def test_logo_must_be_a_real_image(client_for, session, editor, partner, store):
    from tests.partners.factories import PDF, PNG

    client = client_for(editor)
    data = {**GOOD, "csrf_token": client.csrf_token}
    bad = client.post("/workspace/profile", data=data, files={"logo": ("logo.png", PDF, "image/png")})
    assert bad.status_code == 422
    assert "PNG, JPG" in _page(bad).select_one("#error-logo").get_text()
    good = client.post(
        "/workspace/profile",
        data=data,
        files={"logo": ("logo.png", PNG, "image/png")},
        follow_redirects=False,
    )
    assert good.status_code == 303
    session.expire_all()
    key = session.get(Partner, partner.id).logo_storage_key
    assert key and store.exists(key)
    logo = client.get("/workspace/profile/logo")
    assert logo.headers["content-type"] == "image/png" and logo.content == PNG
    assert client.get(f"/partners/{partner.id}/logo").content == PNG
