"""A partner adds an engagement with the school picker and outcome rows; the district confirms it."""

import random
import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import check_accessibility, screenshot, sign_in, sign_out

pytestmark = pytest.mark.browser

# A demo partner account that other browser tests leave alone.
PARTNER_INDEX = 7
SCHOOL = "Kelly Elementary"  # a Holyoke school; the first demo district member acts for Holyoke


def test_partner_adds_an_engagement_and_the_district_confirms_it(page, portal):
    # A start date no other run uses, so the district finds this engagement among the rest.
    start = f"2019-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}"
    sign_in(page, portal, "partner_editor", PARTNER_INDEX)
    page.goto(portal.url + "/workspace/engagements")
    expect(page.get_by_role("heading", level=1)).to_have_text("Engagements")
    check_accessibility(page)
    screenshot(page, "engagements-list")

    page.get_by_role("link", name="Add an engagement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an engagement")
    check_accessibility(page)

    # Search as you type: the registry answers with radio options.
    page.get_by_label("Search the school registry").press_sequentially("kelly holyoke", delay=30)
    option = page.locator("#school-results").get_by_label(re.compile(f"^{SCHOOL}"))
    expect(option).to_be_visible()
    # USWDS hides the real radio; people click its label.
    page.locator("#school-results label").filter(has_text=SCHOOL).click()
    expect(option).to_be_checked()

    page.get_by_label("Start date").fill(start)
    page.get_by_label("End date").fill("2021-06-30")
    page.locator("#field-focus_areas").get_by_text("Instruction & tiered support").click()
    page.get_by_label("Services").fill("Tiered reading support and coaching for grade 3 teachers.")
    page.locator("#field-intensity").get_by_text(re.compile("^Moderate")).click()
    page.get_by_label("Funding source").select_option("title_i")
    page.get_by_label("Cost in US dollars").fill("64,000")

    first = page.locator("#outcome-0")
    first.get_by_label("Measure name").fill("Grade 3 ELA, % meeting expectations (browser test)")
    first.get_by_label("Students measured").fill("84")
    first.get_by_label("Baseline school year (year it ends)").fill("2019")
    first.get_by_label("School: baseline").fill("31")
    first.get_by_label("School: 1 year later").fill("38.5")
    first.get_by_label("State: baseline").fill("52")
    first.get_by_label("State: 1 year later").fill("53")

    # Another outcome row, added in place with htmx; what was typed stays.
    page.get_by_role("button", name="Add another outcome measure").click()
    second = page.locator("#outcome-1")
    expect(second).to_be_visible()
    expect(second.get_by_label("Measure name")).to_be_focused()
    expect(first.get_by_label("Measure name")).to_have_value(
        "Grade 3 ELA, % meeting expectations (browser test)"
    )
    second.get_by_label("Measure name").fill("Chronic absence, % of students (browser test)")
    second.get_by_label("Students measured").fill("410")
    second.get_by_label("Baseline school year (year it ends)").fill("2019")
    second.get_by_label("School: baseline").fill("22")
    second.get_by_label("School: 1 year later").fill("18")
    check_accessibility(page)
    screenshot(page, "engagements-form")

    page.get_by_role("button", name="Add engagement", exact=True).click()
    expect(page.locator("#page-alerts")).to_contain_text("Engagement added")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Engagement at {SCHOOL}")
    expect(page.locator("#status-heading")).to_contain_text("Awaiting district")
    check_accessibility(page)
    screenshot(page, "engagements-detail")
    sign_out(page)

    sign_in(page, portal, "district_member", 0)
    page.goto(portal.url + "/district/engagements")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Holyoke")
    check_accessibility(page)
    screenshot(page, "engagements-district-list")
    row = page.locator("tbody tr").filter(has_text=SCHOOL).filter(has_text=start)
    row.get_by_role("link", name=re.compile("^Review")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(SCHOOL)
    check_accessibility(page)
    screenshot(page, "engagements-district-review")
    page.get_by_role("button", name="Confirm engagement").click()
    expect(page.locator("#page-alerts")).to_contain_text("Confirmed")
    check_accessibility(page)
    confirmed = page.locator("tbody tr").filter(has_text=SCHOOL).filter(has_text=start)
    expect(confirmed).to_contain_text("Confirmed")
    sign_out(page)

    sign_in(page, portal, "partner_editor", PARTNER_INDEX)
    page.goto(portal.url + "/workspace/engagements?status=confirmed")
    expect(page.locator("section.pp-track-record svg")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "engagements-track-record")
    page.locator("tbody tr").filter(has_text=start).get_by_role("link").click()
    expect(page.locator("#status-heading")).to_contain_text("Confirmed")
    check_accessibility(page)


def test_admin_browses_the_school_registry(page, portal):
    sign_in(page, portal, "state_admin")
    page.goto(portal.url + "/admin/schools")
    expect(page.get_by_role("heading", level=1)).to_have_text("School registry")
    check_accessibility(page)
    page.get_by_label("Name contains").fill("holyoke")
    expect(page.locator("#results .usa-hint").first).to_contain_text("of 2 districts")
    page.locator("#results").get_by_role("link", name="Holyoke", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Holyoke district")
    expect(page.locator("#field-organization_id")).to_have_value(re.compile(r"\d+"))
    check_accessibility(page)
    screenshot(page, "schools-admin-district")
    page.goto(portal.url + "/admin/schools?view=schools&level=level_5")
    expect(page.locator("#results tbody tr")).to_have_count(4)
    check_accessibility(page)
    screenshot(page, "schools-admin-level-5")
