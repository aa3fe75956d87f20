"""A partner adds evidence with two findings and a PDF, watching the proposed tier as they type."""

import secrets

import pytest
from playwright.sync_api import Page, expect

from app.evidence.demo import report_pdf
from tests.browser.support import check_accessibility, screenshot, sign_in, sign_out

pytestmark = pytest.mark.browser


def _new_partner(page: Page, portal) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A partner organization of this test's own: requested, then approved by the demo admin."""
    token = secrets.token_hex(4)
    name = f"Evidence Test Partner {token} (fictional)"
    email, password = f"evidence-{token}@example.org", "maple orbit canyon 7 lantern"
    page.goto(portal.url + "/request-account")
    page.get_by_label("Organization name").fill(name)
    page.get_by_label("Full name").fill("Robin Evidence (fictional)")
    page.get_by_label("Work email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Type the password again").fill(password)
    page.get_by_role("button", name="Send request").click()
    sign_in(page, portal, "state_admin")
    page.goto(portal.url + f"/admin/organizations?status=pending&q={token}")
    page.get_by_role("link", name=name).click()
    page.get_by_role("button", name="Approve").click()
    sign_out(page)
    page.goto(portal.url + "/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#page-alerts")).to_contain_text(f"Signed in as {email}")
    return name, email


def test_partner_adds_evidence_with_two_findings_and_a_pdf(page: Page, portal, tmp_path):  # type: ignore[no-untyped-def]
    _new_partner(page, portal)
    page.goto(portal.url + "/workspace/evidence")
    expect(page.get_by_role("heading", name="No evidence yet")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Add evidence", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add evidence of impact")
    check_accessibility(page)
    # Saving with nothing filled in explains each problem next to its field.
    page.get_by_role("button", name="Save draft").last.click()
    expect(page.locator("#error-summary")).to_contain_text("Title: This field is required.")
    expect(page.locator("#error-study_design")).to_be_visible()
    check_accessibility(page)

    page.get_by_label("Title", exact=True).fill("Coaching trial in twelve schools (fictional)")
    page.get_by_label("Type of evidence").select_option("independent_evaluation")
    page.get_by_label("Study design").select_option("rct")
    page.get_by_label("Number of students").fill("349")
    page.get_by_label("Number of sites").fill("12")
    page.get_by_label("Attrition").select_option("low")
    page.locator("#field-findings-0-outcome_domain").select_option("math")
    page.locator("#field-findings-0-measure").fill("State math test")
    page.locator("#field-findings-0-direction").select_option("positive")
    page.locator("#field-findings-0-effect_size").fill("0.25")
    page.locator("#field-findings-0-p_value").fill("0.01")
    page.locator("#field-findings-0-p_value").blur()
    preview = page.locator("#tier-preview")
    # 349 students: one short of Tier 1, and the explanation says so.
    expect(preview).to_contain_text("Tier 3: promising evidence")
    expect(preview).to_contain_text("349 students; 1 more needed")

    page.get_by_label("Number of students").fill("350")
    page.get_by_label("Number of students").blur()
    expect(preview).to_contain_text("Tier 1: strong evidence")

    # A second finding, added in place; a third added and removed again.
    page.get_by_role("button", name="Add another finding").click()
    expect(page.locator("#field-findings-1-outcome_domain")).to_be_focused()
    page.locator("#field-findings-1-outcome_domain").select_option("attendance")
    page.locator("#field-findings-1-measure").fill("Chronic absence rate")
    page.locator("#field-findings-1-direction").select_option("positive")
    page.locator("#field-findings-1-before_value").fill("31")
    page.locator("#field-findings-1-after_value").fill("24")
    page.get_by_role("button", name="Add another finding").click()
    expect(page.locator("fieldset.pp-finding")).to_have_count(3)
    page.get_by_role("button", name="Remove finding 3").click()
    expect(page.locator("fieldset.pp-finding")).to_have_count(2)
    expect(page.locator("#field-findings-1-measure")).to_have_value("Chronic absence rate")
    expect(preview).to_contain_text("Tier 1: strong evidence")
    check_accessibility(page)
    screenshot(page, "evidence-form")

    page.get_by_role("button", name="Save draft").last.click()
    expect(page.locator("#page-alerts")).to_contain_text("saved as a draft")
    expect(page.get_by_role("heading", level=1)).to_have_text("Coaching trial in twelve schools (fictional)")
    expect(page.locator(".pp-tier__result")).to_contain_text("Tier 1: strong evidence")
    expect(page.locator("table.pp-findings tbody tr")).to_have_count(2)
    expect(page.locator("table.pp-findings")).to_contain_text("+10 percentile points")
    check_accessibility(page)

    pdf = tmp_path / "coaching-trial-report.pdf"
    pdf.write_bytes(report_pdf("Coaching trial report (fictional)", ["Effect size 0.25, p = .01."]))
    page.get_by_label("Report or data file").set_input_files(str(pdf))
    page.get_by_label("Title of the file").fill("Final report (fictional)")
    page.get_by_role("button", name="Attach file").click()
    expect(page.locator("#page-alerts")).to_contain_text("The file is attached")
    expect(page.locator("#attachments").get_by_role("link", name="Final report (fictional)")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "evidence-detail")

    page.get_by_role("link", name="Submit for verification").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Submit")
    check_accessibility(page)
    page.get_by_role("button", name="Yes, submit version 1").click()
    expect(page.locator("#page-alerts")).to_contain_text(
        "The claimed tier is frozen: Tier 1: strong evidence"
    )
    expect(page.get_by_role("link", name="Edit draft")).to_have_count(0)
    expect(page.get_by_role("button", name="Correct this evidence (new version)")).to_be_visible()
    check_accessibility(page)

    page.goto(portal.url + "/workspace/evidence")
    row = page.locator("tbody tr").first
    expect(row).to_contain_text("Submitted")
    expect(row).to_contain_text("Tier 1")
    check_accessibility(page)
    screenshot(page, "evidence-list")

    # State staff verify the claimed tier, with a reason the partner will read.
    sign_out(page)
    sign_in(page, portal, "state_admin")
    page.goto(portal.url + "/admin/evidence?q=twelve+schools")
    check_accessibility(page)
    page.get_by_role("link", name="Coaching trial in twelve schools (fictional)").first.click()
    expect(
        page.get_by_role("heading", level=2, name="Tier claimed by the partner: Tier 1: strong evidence")
    ).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Verified tier").select_option("tier_2")
    page.get_by_label("Reason", exact=True).fill("Attrition figures are not reported by school (fictional).")
    page.get_by_role("button", name="Record verified tier").click()
    expect(page.locator("#page-alerts")).to_contain_text("Verified as Tier 2: moderate evidence")
    expect(page.locator("main .usa-alert--success").last).to_contain_text(
        "State staff changed the claimed tier"
    )
    check_accessibility(page)
    screenshot(page, "evidence-admin")
