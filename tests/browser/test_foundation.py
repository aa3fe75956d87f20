"""The public pages in a real browser: they render, they are accessible, errors are styled."""

import pytest
from playwright.sync_api import expect

from tests.browser.support import check_accessibility, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "path", ["/", "/about", "/for-partners", "/for-reviewers", "/accessibility", "/privacy", "/sign-in"]
)
def test_public_pages_are_accessible(page, portal, path):
    page.goto(portal.url + path)
    expect(page.locator("h1")).to_have_count(1)
    check_accessibility(page)


def test_home_page_and_404_look_right(page, portal):
    page.goto(portal.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find vetted partners for school turnaround")
    screenshot(page, "home")
    page.goto(portal.url + "/no-such-page")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_accessibility(page)
    screenshot(page, "not-found")


def test_skip_link_moves_focus_to_main_content(page, portal):
    page.goto(portal.url + "/")
    page.keyboard.press("Tab")
    expect(page.locator("a.usa-skipnav")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(portal.url + "/#main-content")


def test_menu_opens_on_a_phone(page, portal):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(portal.url + "/")
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("link", name="Directory")).to_be_visible()
    check_accessibility(page)
