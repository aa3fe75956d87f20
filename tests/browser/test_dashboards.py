"""The administration home, the partner workspace home and the district's navigation."""

import pytest
from playwright.sync_api import expect

from tests.browser.support import check_accessibility, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_admin_home_reaches_every_area(page, portal):
    sign_in(page, portal, "state_admin")
    page.goto(portal.url + "/admin")
    check_accessibility(page)
    screenshot(page, "admin-home")
    for name in ("Review cycles and applications", "Designations", "Profile changes to review", "Audit log"):
        expect(page.locator("main").get_by_role("link", name=name)).to_be_visible()
    page.locator("main").get_by_role("link", name="Designations").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Designations")
    check_accessibility(page)


def test_workspace_home_says_what_is_left_to_do(page, portal):
    sign_in(page, portal, "partner_editor", 1)
    page.get_by_role("link", name="Your workspace", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("your workspace")
    expect(page.get_by_role("heading", name="Evidence of impact")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "workspace-home")


def test_district_member_moves_between_their_pages(page, portal):
    sign_in(page, portal, "district_member")
    page.get_by_role("link", name="Your district").click()
    nav = page.get_by_role("navigation", name="Your district")
    expect(nav.get_by_role("link", name="Engagements to confirm")).to_have_attribute("aria-current", "page")
    check_accessibility(page)
    screenshot(page, "district-engagements")
    nav.get_by_role("link", name="Shortlists").click()
    expect(
        page.get_by_role("navigation", name="Your district").get_by_role("link", name="Shortlists")
    ).to_have_attribute("aria-current", "page")
    check_accessibility(page)
