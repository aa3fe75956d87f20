"""Partner profile and documents in a real browser, and state staff's revision pages."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.support import check_accessibility, screenshot, sign_in

pytestmark = pytest.mark.browser

# A demo partner account that other browser tests leave alone.
PARTNER_INDEX = 10


def _pdf(marker: str) -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
        b"% " + marker.encode() + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def test_partner_completes_profile_with_an_htmx_service_row_and_uploads_a_pdf(page, portal):
    marker = uuid.uuid4().hex[:8]
    sign_in(page, portal, "partner_editor", PARTNER_INDEX)
    page.goto(portal.url + "/workspace/profile")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your organization's profile")
    check_accessibility(page)

    # A mistake first: the error summary and the field message, accessible too.
    page.get_by_label("Organization name").fill("")
    page.get_by_role("button", name=re.compile("Save profile|Send changes for review")).click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#error-name")).to_contain_text("required")
    check_accessibility(page)
    screenshot(page, "partners-profile-errors")

    page.get_by_label("Organization name").fill("Evergreen Early Literacy Alliance (fictional)")
    summary = page.locator("#field-summary")
    summary.fill(f"Early literacy coaching and family reading nights ({marker}).")
    # USWDS's character count replaces the static hint with a live count.
    expect(page.locator(".usa-character-count__status")).to_contain_text("characters left")
    # USWDS hides the real checkbox; people click its label.
    page.locator("#field-secondary_focus_areas").get_by_text("Climate, culture & student supports").click()
    expect(page.locator("#field-secondary_focus_areas input[value=climate_supports]")).to_be_checked()

    rows = page.locator(".pp-service-row")
    before = rows.count()
    page.get_by_role("button", name="Add another service").click()
    expect(rows).to_have_count(before + 1)
    expect(rows.nth(before).get_by_label("Service name")).to_be_focused()
    # A row added by mistake goes again, in place.
    page.get_by_role("button", name="Add another service").click()
    expect(rows).to_have_count(before + 2)
    rows.nth(before + 1).get_by_role("button", name="Remove this service").click()
    expect(rows).to_have_count(before + 1)
    new_row = rows.nth(before)
    new_row.get_by_label("Service name").fill(f"Reading tutoring {marker}")
    new_row.get_by_label("What the service includes").fill("Small-group tutoring for grades 1 and 2.")
    check_accessibility(page)
    page.get_by_label("Lowest cost (dollars)").fill("20000")
    page.get_by_label("Highest cost (dollars)").fill("55000")
    page.get_by_role("button", name=re.compile("Save profile|Send changes for review")).click()
    expect(page.locator("#page-alerts")).to_contain_text(
        re.compile("Your profile is saved|sent to state staff")
    )
    # Whether published at once or pending review, the form shows what was entered.
    names = page.locator("input[name=service_name]")
    expect(names.nth(names.count() - 1)).to_have_value(f"Reading tutoring {marker}")
    expect(page.locator("#field-summary")).to_have_value(re.compile(marker))
    check_accessibility(page)
    screenshot(page, "partners-profile")

    page.get_by_role("link", name="Documents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents")
    check_accessibility(page)
    filename = f"evaluation-{marker}.pdf"
    page.get_by_label("File", exact=True).set_input_files(
        {"name": filename, "mimeType": "application/pdf", "buffer": _pdf(marker)}
    )
    page.get_by_role("textbox", name="Title (optional)").fill("Independent evaluation (fictional)")
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#page-alerts")).to_contain_text(f"{filename} is uploaded")
    expect(page.locator("table.pp-documents")).to_contain_text(filename)
    check_accessibility(page)
    screenshot(page, "partners-documents")

    page.get_by_role("link", name=f"Delete {filename}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Delete {filename}?")
    check_accessibility(page)
    page.get_by_role("link", name="Keep it").click()
    expect(page.locator("table.pp-documents")).to_contain_text(filename)


def test_spoofed_upload_is_refused_in_the_browser(page, portal):
    sign_in(page, portal, "partner_editor", PARTNER_INDEX)
    page.goto(portal.url + "/workspace/documents")
    page.get_by_label("File", exact=True).set_input_files(
        {"name": "setup.pdf", "mimeType": "application/pdf", "buffer": b"\x7fELF\x02\x01\x01" + b"\x00" * 64}
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#error-file")).to_contain_text("not a real")
    check_accessibility(page)


def test_state_admin_reviews_partner_pages_and_a_revision_diff(page, portal):
    sign_in(page, portal, "state_admin")
    page.goto(portal.url + "/admin/partners")
    expect(page.get_by_role("heading", level=1)).to_have_text("Partners")
    check_accessibility(page)
    screenshot(page, "partners-admin-list")
    page.get_by_label("Name or summary contains").fill("Brightpath")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Brightpath Learning Partners (fictional)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Brightpath Learning Partners (fictional)")
    check_accessibility(page)
    screenshot(page, "partners-admin-profile")

    page.goto(portal.url + "/admin/revisions")
    check_accessibility(page)
    page.locator("main").get_by_role("link", name=re.compile("Review")).first.click()
    expect(page.locator("table.pp-diff")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "partners-admin-revision")
    # Rejecting needs a reason: the error is shown next to the field.
    page.get_by_role("button", name="Reject the changes").click()
    expect(page.locator("#error-reason")).to_be_visible()
    check_accessibility(page)
