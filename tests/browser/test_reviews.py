"""Journey 2 of PRODUCT.md in a real browser, every page checked with axe-core."""

import secrets
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import check_accessibility, screenshot, sign_in

pytestmark = pytest.mark.browser


def _visit(page: Page, portal, path: str, name: str | None = None) -> None:  # type: ignore[no-untyped-def]
    page.goto(portal.url + path)
    expect(page.locator("h1")).to_have_count(1)
    check_accessibility(page)
    if name:
        screenshot(page, name)


def _as(browser, portal, role: str, index: int = 0) -> Page:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, portal, role, index)
    return page


def _score_everything(page: Page, level: int, comment: str) -> None:
    for fieldset in page.locator("fieldset[id^='field-score_']").all():
        fieldset.locator("label").nth(level - 1).click()
    for area in page.locator("textarea[id^='field-comment_']").all():
        area.fill(comment)
    for select in page.locator("select[id^='field-tier_']").all():
        select.select_option("tier_2")
    for area in page.locator("textarea[id^='field-tier_reason_']").all():
        area.fill("Quasi-experimental with baseline equivalence, 800 students at 4 sites.")
    page.get_by_text("Approve", exact=True).click()


def test_journey_two_in_the_browser(browser, portal):  # type: ignore[no-untyped-def]
    cycle_name = f"Browser review cycle {secrets.token_hex(3)}"
    admin = _as(browser, portal, "state_admin")

    # The admin creates and opens a cycle.
    _visit(admin, portal, "/admin/cycles", "reviews-admin-cycles")
    _visit(admin, portal, "/admin/cycles/new")
    admin.get_by_label("Cycle name").fill(cycle_name)
    admin.get_by_label("Rubric").select_option(index=1)
    admin.get_by_label("Prompt 1", exact=True).fill("Describe your turnaround approach.")
    admin.get_by_role("button", name="Create cycle").click()
    expect(admin.locator("#page-alerts")).to_contain_text("created as a draft")
    admin.get_by_role("button", name="Open for applications").click()
    expect(admin.locator("#page-alerts")).to_contain_text("The cycle is now open")
    check_accessibility(admin)
    cycle_url = admin.url

    # A partner applies: the checklist shows what is missing until everything is there.
    partner = _as(browser, portal, "partner_editor", 3)
    _visit(partner, portal, "/workspace/applications", "reviews-partner-applications")
    partner.get_by_role("button", name=f"Apply to {cycle_name}").click()
    expect(partner.locator("#page-alerts")).to_contain_text("Application started")
    check_accessibility(partner)
    partner.get_by_role("button", name="Submit application").click()
    expect(partner.locator("#error-summary")).to_contain_text("not complete")
    check_accessibility(partner)
    partner.locator("#field-focus_areas label", has_text="Leadership & school systems").click()
    partner.locator("#field-focus_areas label", has_text="Instruction & tiered support").click()
    partner.get_by_label("Describe your turnaround approach.").fill("We coach leadership teams every week.")
    partner.locator("#field-evidence_item_ids label").first.click()
    partner.locator("#field-engagement_ids label").first.click()
    partner.get_by_label("Name", exact=True).first.fill("Jordan Example (fictional)")
    partner.get_by_label("District", exact=True).first.fill("Example District (fictional)")
    partner.get_by_label("Email", exact=True).first.fill("jordan@example.org")
    screenshot(partner, "reviews-partner-application-form")
    partner.get_by_role("button", name="Submit application").click()
    expect(partner.locator("#page-alerts")).to_contain_text("Application submitted")
    check_accessibility(partner)
    application_url = partner.url
    application_id = application_url.rstrip("/").split("/")[-1]

    # The admin starts the review and auto-assigns two reviewers.
    admin.goto(cycle_url)
    admin.get_by_role("button", name="Close applications and start review").click()
    expect(admin.locator("#page-alerts")).to_contain_text("in review")
    admin.get_by_label("Reviews due by").fill((date.today() + timedelta(days=14)).isoformat())
    admin.get_by_role("button", name="Auto-assign").click()
    expect(admin.locator("#page-alerts")).to_contain_text("assignments made")
    check_accessibility(admin)
    screenshot(admin, "reviews-admin-cycle")
    _visit(admin, portal, f"/admin/applications/{application_id}")
    expect(admin.locator("#assignments tbody tr")).to_have_count(2)

    # Reviewer 1 scores and submits.
    first = _as(browser, portal, "reviewer", 0)
    _visit(first, portal, "/reviews", "reviews-reviewer-dashboard")
    _visit(first, portal, f"/reviews/applications/{application_id}", "reviews-score-sheet")
    _score_everything(first, 4, "Strong coaching model.")
    first.get_by_role("button", name="Submit score sheet").click()
    expect(first.locator("#page-alerts")).to_contain_text("Score sheet submitted")
    check_accessibility(first)

    # Reviewer 2 asks for information; the partner answers.
    second = _as(browser, portal, "reviewer", 1)
    _visit(second, portal, f"/reviews/applications/{application_id}")
    expect(second.locator("#score-sheet")).not_to_contain_text("Strong coaching model.")
    second.get_by_label("Question").fill("How many full-time coaches do you employ?")
    second.get_by_role("button", name="Send question").click()
    expect(second.locator("#page-alerts")).to_contain_text("Question sent")
    partner.goto(application_url)
    expect(partner.locator("main")).to_contain_text("Information requested")
    check_accessibility(partner)
    partner.get_by_label("Your answer").fill("Twelve full-time coaches.")
    partner.get_by_role("button", name="Send answer").click()
    expect(partner.locator("#page-alerts")).to_contain_text("Answer sent")
    check_accessibility(partner)

    second.reload()
    expect(second.locator("#information")).to_contain_text("Twelve full-time coaches.")
    _score_everything(second, 2, "Thin staffing for new schools.")
    second.get_by_role("button", name="Submit score sheet").click()
    expect(second.locator("#page-alerts")).to_contain_text("Score sheet submitted")
    expect(second.locator("main")).to_contain_text("Strong coaching model.")
    check_accessibility(second)

    # The admin reads the consensus view (spread flagged) and approves two focus areas.
    _visit(admin, portal, f"/admin/applications/{application_id}", "reviews-consensus")
    expect(admin.locator(".pp-consensus tr.pp-flagged").first).to_be_visible()
    admin.get_by_role("link", name="Decide").click()
    check_accessibility(admin)
    for fieldset in admin.locator("fieldset[id^='field-outcome_']").all():
        fieldset.get_by_text("Approved", exact=True).click()
    admin.get_by_label("Rationale (released to the partner)").fill("Credible evidence and strong references.")
    admin.locator("#field-release label", has_text="Strong coaching model.").first.click()
    admin.get_by_label("Internal note (never released)").fill("Watch staffing closely.")
    screenshot(admin, "reviews-decision-form")
    admin.get_by_role("button", name="Record and release decision").click()
    expect(admin.locator("#page-alerts")).to_contain_text("Decision recorded")
    check_accessibility(admin)

    # The partner sees the decision, the released feedback, and a printable letter.
    partner.goto(application_url)
    check_accessibility(partner)
    expect(partner.locator("main")).to_contain_text("Strong coaching model.")
    expect(partner.locator("main")).not_to_contain_text("Thin staffing")
    expect(partner.locator("main")).not_to_contain_text("Watch staffing closely.")
    partner.get_by_role("link", name="Decision letter (printable)").click()
    check_accessibility(partner)
    screenshot(partner, "reviews-decision-letter")
    partner.emulate_media(media="print")
    expect(partner.locator("header.usa-header")).to_be_hidden()
    partner.emulate_media(media="screen")

    # The partner holds an active designation, so the directory lists it.
    _visit(admin, portal, "/admin/designations?show=active&sort=start", "reviews-designations")
    for page in (admin, partner, first, second):
        page.context.close()


def test_conflicts_page_and_suspension(browser, portal):  # type: ignore[no-untyped-def]
    reviewer = _as(browser, portal, "reviewer", 1)
    _visit(reviewer, portal, "/reviews/conflicts", "reviews-conflicts")
    expect(reviewer.locator("table")).to_contain_text("Employment or contract")
    admin = _as(browser, portal, "state_admin")
    _visit(admin, portal, "/admin/designations?show=expiring")
    expect(admin.locator("#results tbody tr")).not_to_have_count(0)
    _visit(admin, portal, "/admin/designations?show=suspended")
    admin.locator("#results tbody a").first.click()
    check_accessibility(admin)
    expect(admin.locator("main")).to_contain_text("complaint")
    _visit(admin, portal, "/admin/rubrics")
    admin.locator("tbody a").first.click()
    check_accessibility(admin)
    for page in (admin, reviewer):
        page.context.close()
