"""The directory on a phone: the long filter list can be skipped."""

import pytest
from playwright.sync_api import expect

from tests.browser.support import check_accessibility, screenshot

pytestmark = pytest.mark.browser


def test_phone_users_can_skip_past_the_filters_to_the_results(page, portal):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(portal.url + "/directory")
    skip = page.get_by_role("link", name="Skip to the")
    expect(skip).to_be_visible()
    check_accessibility(page)
    skip.click()
    expect(page.get_by_role("heading", name="Results")).to_be_in_viewport()
    screenshot(page, "directory-phone-results")
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(skip).to_be_hidden()  # on wider screens results sit beside the filters
