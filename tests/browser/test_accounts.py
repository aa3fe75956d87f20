"""Signing in and out, and the invitation flow, in a real browser with axe on every page."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from app.schools.demo import DEMO_DISTRICTS
from tests.browser.support import check_accessibility, screenshot, sign_in, sign_out

pytestmark = pytest.mark.browser
DISTRICT = DEMO_DISTRICTS[0][1]


def test_sign_in_error_then_success_then_sign_out(page, portal):
    email, _password = portal.account("state_admin")
    page.goto(portal.url + "/sign-in")
    check_accessibility(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill("definitely not it")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert").first).to_contain_text("The email or password is not right")
    check_accessibility(page)
    sign_in(page, portal, "state_admin")
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")
    check_accessibility(page)
    sign_out(page)
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_admin_invites_a_district_member_who_sets_a_password_and_signs_in(page, portal):
    # A district member, not a reviewer: the live server is shared, and a new reviewer with
    # no load would change whom the reviews test's auto-assignment picks.
    invitee = f"invited-{uuid.uuid4().hex[:8]}@example.org"
    sign_in(page, portal, "state_admin")
    page.get_by_role("link", name="Users").click()
    check_accessibility(page)
    page.get_by_role("link", name="Invite a user").click()
    page.get_by_role("button", name="Send invitation").click()  # empty form: errors, nothing sent
    expect(page.locator("#error-summary")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "invite-errors")
    page.get_by_label("Full name").fill("Invited District Member")
    page.get_by_label("Email address").fill(invitee)
    page.get_by_label("Organization").select_option(label=f"{DISTRICT} (district)")
    page.get_by_label("Role").select_option("district_member")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator("#page-alerts")).to_contain_text(f"Invitation sent to {invitee}")
    check_accessibility(page)

    page.goto(portal.url + f"/admin/outbox?recipient={invitee}")
    check_accessibility(page)
    page.get_by_role("link", name="You are invited to the Priority Partners portal").click()
    check_accessibility(page)
    link = re.search(
        r"http://127\.0\.0\.1:\d+/invitations/[\w-]+", page.locator("#message-body").inner_text()
    )
    assert link is not None
    sign_out(page)

    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to Priority Partners")
    check_accessibility(page)
    page.get_by_label("Password", exact=True).fill("amber lighthouse journal creek")
    page.get_by_label("Type the password again").fill("amber lighthouse journal creek")
    page.get_by_role("button", name="Create my account").click()
    expect(page.locator("#page-alerts")).to_contain_text("Your password is set")
    page.get_by_label("Email address").fill(invitee)
    page.get_by_label("Password").fill("amber lighthouse journal creek")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#page-alerts")).to_contain_text(f"Signed in as {invitee}")
    check_accessibility(page)
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")  # single use


def test_account_page_creates_an_api_token_shown_once(page, portal):
    sign_in(page, portal, "reviewer")
    page.goto(portal.url + "/account")
    check_accessibility(page)
    page.get_by_label("Token name").fill("weekly export")
    page.get_by_role("button", name="Create token").click()
    token = page.locator("#new-token").inner_text()
    assert token.startswith("ppt_")
    check_accessibility(page)
    screenshot(page, "account-token")
    page.goto(portal.url + "/account")
    expect(page.locator("#new-token")).to_have_count(0)
    expect(page.get_by_role("row", name=re.compile("weekly export"))).to_be_visible()


def test_request_form_validates_a_field_as_soon_as_it_is_left(page, portal):
    page.goto(portal.url + "/request-account")
    page.get_by_role("textbox", name="Website").fill("northwind.example.org")
    page.get_by_label("Full name").focus()
    expect(page.locator("#error-website")).to_have_text("Enter the full web address, starting with https://.")
    check_accessibility(page)
    page.get_by_role("textbox", name="Website").fill("https://northwind.example.org")
    page.get_by_label("Full name").focus()
    expect(page.locator("#error-website")).to_have_count(0)
    page.get_by_label("Password", exact=True).fill("password1234")
    page.get_by_label("Type the password again").focus()
    expect(page.locator("#error-password")).to_contain_text("too common")
    screenshot(page, "request-account-inline")
