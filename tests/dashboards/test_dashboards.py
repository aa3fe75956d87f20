"""The administration home leads everywhere an admin works; the workspace home says what is left."""

from bs4 import BeautifulSoup

from app.accounts.models import Role
from tests import factories


def test_every_link_on_the_administration_home_works(client_for, session):
    admin = client_for(factories.user(session, role=Role.state_admin))
    page = BeautifulSoup(admin.get("/admin").text, "html.parser")
    links = {a["href"] for a in page.select("main a") if a["href"].startswith("/admin/")}
    assert {"/admin/organizations", "/admin/users", "/admin/audit", "/admin/partners"} <= links
    for href in sorted(links):
        assert admin.get(href).status_code == 200, href


def test_workspace_home_lists_what_the_profile_lacks(client_for, session):
    partner_user = factories.user(session, role=Role.partner_editor)
    page = BeautifulSoup(client_for(partner_user).get("/workspace").text, "html.parser")
    missing = [li.get_text(strip=True) for li in page.select("#profile-heading ~ ul li")]
    assert "Summary" in missing
    assert page.select_one("a[href='/workspace/evidence/new']") is not None
    assert (
        page.select_one("nav[aria-label='Partner workspace'] a[aria-current='page']").get_text(strip=True)
        == "Overview"
    )
