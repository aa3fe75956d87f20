"""Journey 3 in a real browser: search, compare, shortlist and inquire; the URL keeps the state."""

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import check_accessibility, screenshot, sign_in

pytestmark = pytest.mark.browser


def _names(page: Page) -> list[str]:
    return page.locator(".pp-result__title a").all_inner_texts()


def test_district_searches_compares_shortlists_and_inquires(page: Page, portal):  # type: ignore[no-untyped-def]
    sign_in(page, portal, "district_member")
    page.goto(portal.url + "/directory")
    expect(page.get_by_role("heading", level=1)).to_have_text("Priority Partners directory")
    check_accessibility(page)
    everyone = _names(page)
    assert len(everyone) >= 3

    # Words, then a facet: htmx swaps results and counts in place and the URL follows.
    page.get_by_label("Search by words").fill("school")
    page.wait_for_url(re.compile(r"q=school"))
    page.locator("label[for=facet-focus_area-instruction]").click()
    page.wait_for_url(re.compile(r"focus_area=instruction"))
    expect(page.locator(".pp-results-summary")).to_contain_text("partners")
    filtered = _names(page)
    assert filtered and len(filtered) < len(everyone)
    check_accessibility(page)
    screenshot(page, "directory-search")

    # Reload restores the same results from the URL alone.
    filtered_url = page.url
    page.reload()
    expect(page.locator(".pp-result__title a")).to_have_text(filtered)
    expect(page.get_by_label("Search by words")).to_have_value("school")
    expect(page.locator("#facet-focus_area-instruction")).to_be_checked()

    # A second facet value, then Back returns to the first state.
    page.locator("label[for=facet-focus_area-leadership]").click()
    page.wait_for_url(re.compile(r"focus_area=leadership"))
    widened = _names(page)
    assert len(widened) >= len(filtered)
    page.go_back()
    page.wait_for_url(filtered_url)
    # htmx restores the page from the server after the URL changes: wait for the content.
    expect(page.locator(".pp-result__title a")).to_have_text(filtered)
    expect(page.locator("#facet-focus_area-leadership")).not_to_be_checked()

    # Compare up to three partners side by side.
    page.goto(portal.url + "/directory")
    chosen = _names(page)[:3]
    for name in chosen:
        # USWDS draws its own box; people click the label.
        page.locator(".pp-result").filter(has_text=name).locator(".pp-compare label").click()
        expect(page.get_by_label(f"Compare {name}")).to_be_checked()
    page.get_by_role("button", name="Compare selected partners").click()
    page.wait_for_url(re.compile(r"/directory/compare"))
    expect(page.locator("table caption")).to_have_text(f"{len(chosen)} Priority Partners side by side")
    assert page.locator("thead th").all_inner_texts() == chosen
    check_accessibility(page)
    screenshot(page, "directory-compare")

    # Shortlist two partners with notes.
    list_name = f"Browser shortlist {uuid.uuid4().hex[:6]}"
    page.get_by_role("link", name=chosen[0]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(chosen[0])
    check_accessibility(page)
    screenshot(page, "directory-profile")
    if page.locator("#field-shortlist_id").count():
        page.locator("#field-shortlist_id").select_option(label="A new shortlist")
    page.get_by_label("Name for a new shortlist").fill(list_name)
    page.get_by_label("Note for your team").fill("First choice for grade 6.")
    page.get_by_role("button", name="Save to shortlist").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(list_name)
    page.goto(portal.url + "/directory")
    page.get_by_role("link", name=chosen[1]).click()
    page.locator("#field-shortlist_id").select_option(label=list_name)
    page.get_by_label("Note for your team").fill("Second choice.")
    page.get_by_role("button", name="Save to shortlist").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(list_name)
    expect(page.locator(".pp-result__title")).to_have_text(chosen[:2])
    check_accessibility(page)
    screenshot(page, "directory-shortlist")

    # Send an inquiry to the first partner; the thread shows it.
    page.goto(portal.url + "/directory")
    page.get_by_role("link", name=chosen[0]).click()
    page.get_by_role("link", name=f"Send an inquiry to {chosen[0]}").click()
    check_accessibility(page)
    subject = f"Grade 6 math support {uuid.uuid4().hex[:6]}"
    page.get_by_label("Subject").fill(subject)
    page.get_by_label("Message").fill("We have two middle schools interested in starting next fall.")
    page.get_by_role("button", name="Send inquiry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(subject)
    expect(page.locator(".pp-thread__body")).to_have_text(
        ["We have two middle schools interested in starting next fall."]
    )
    check_accessibility(page)
    screenshot(page, "directory-inquiry")


def test_district_records_school_needs_and_reads_explained_recommendations(page: Page, portal):  # type: ignore[no-untyped-def]
    sign_in(page, portal, "district_member")
    page.goto(portal.url + "/directory/needs")
    expect(page.get_by_role("heading", level=1)).to_have_text("School needs and recommended partners")
    check_accessibility(page)
    page.locator("#field-school_id").select_option(index=1)
    page.locator("label[for=need-instruction-high]").click()
    page.locator("label[for=need-data_assessment-medium]").click()
    page.get_by_label("Yearly budget in dollars").fill("120000")
    page.get_by_role("button", name="Show recommended partners").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Recommended partners for")
    expect(page.locator(".pp-result").first.locator(".pp-reasons")).to_contain_text("high-need areas")
    check_accessibility(page)
    screenshot(page, "directory-needs")
