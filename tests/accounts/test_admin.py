"""Administration: partner requests, users, roles, the audit log and the outbox."""

from bs4 import BeautifulSoup
from sqlalchemy import select

from app.accounts.models import Organization, OrganizationStatus, Role, SignInSession, User
from app.notifications.models import OutboxMessage
from tests import factories

REQUEST = {
    "organization_name": "Northwind Learning (fictional)",
    "full_name": "Morgan Example",
    "email": "morgan@northwind.example.org",
    "password": "harbor violet pencil cloud",
    "password_confirm": "harbor violet pencil cloud",
    "note": "We coach principals.",
}


def _rows(response, selector="tbody tr th"):
    return [el.get_text(strip=True) for el in BeautifulSoup(response.text, "html.parser").select(selector)]


def test_partner_request_then_approval_tells_the_requester_and_lets_them_in(client, client_for, session):
    factories.user(session, role=Role.state_admin, email="boss@example.org")
    assert client.post_form("/request-account", REQUEST).headers["location"] == "/request-account/sent"
    org = session.scalar(select(Organization).where(Organization.name == REQUEST["organization_name"]))
    assert org.status is OrganizationStatus.pending
    recipients = session.scalars(select(OutboxMessage.recipient)).all()
    assert REQUEST["email"] in recipients and "boss@example.org" in recipients
    admin = client_for(session.scalar(select(User).where(User.email == "boss@example.org")))
    queue = admin.get("/admin/organizations?status=pending")
    assert REQUEST["organization_name"] in _rows(queue)
    admin.post_form(f"/admin/organizations/{org.id}/approve")
    session.refresh(org)
    assert org.status is OrganizationStatus.active
    approval = session.scalar(select(OutboxMessage).where(OutboxMessage.subject.like("%approved%")))
    assert approval.recipient == REQUEST["email"]
    assert (
        client.post_form("/sign-in", {"email": REQUEST["email"], "password": REQUEST["password"]}).status_code
        == 303
    )


def test_rejection_needs_a_reason_and_emails_it(client, client_for, session):
    client.post_form("/request-account", REQUEST)
    org = session.scalar(select(Organization).where(Organization.name == REQUEST["organization_name"]))
    admin = client_for(factories.user(session, role=Role.state_admin))
    missing = admin.post_form(f"/admin/organizations/{org.id}/reject", {"reason": "  "})
    assert missing.status_code == 422
    assert BeautifulSoup(missing.text, "html.parser").select_one("#error-reason") is not None
    admin.post_form(
        f"/admin/organizations/{org.id}/reject", {"reason": "We could not verify the organization."}
    )
    session.refresh(org)
    assert org.status is OrganizationStatus.rejected
    email = session.scalar(
        select(OutboxMessage)
        .where(OutboxMessage.recipient == REQUEST["email"])
        .order_by(OutboxMessage.id.desc())
    )
    assert "We could not verify the organization." in email.body
    again = admin.post_form(f"/admin/organizations/{org.id}/approve")
    assert again.status_code == 409


def test_a_request_with_a_known_email_looks_the_same_and_tells_the_owner(client, session):
    owner = factories.user(session, email=REQUEST["email"])
    response = client.post_form("/request-account", {**REQUEST, "email": REQUEST["email"].upper()})
    assert response.headers["location"] == "/request-account/sent"  # no hint that the account exists
    assert (
        session.scalar(select(Organization).where(Organization.name == REQUEST["organization_name"])) is None
    )
    email = session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == owner.email))
    assert "already has an account" in email.body


def test_users_search_and_filter_by_role_and_status(client_for, session):
    admin = factories.user(session, role=Role.state_admin, email="zz-admin@example.org")
    factories.user(session, role=Role.reviewer, email="alice.reviewer@example.org")
    factories.user(session, role=Role.partner_editor, email="bob.partner@example.org")
    browser = client_for(admin)
    assert _rows(browser.get("/admin/users?role=reviewer")) == ["alice.reviewer@example.org"]
    assert _rows(browser.get("/admin/users?q=BOB")) == ["bob.partner@example.org"]
    fragment = browser.get("/admin/users?q=alice", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and _rows(fragment) == ["alice.reviewer@example.org"]


def test_admin_changes_a_role_and_the_user_is_signed_out(client_for, session):
    admin = factories.user(session, role=Role.state_admin)
    colleague = factories.user(session, role=Role.reviewer, organization=admin.organization)
    their_browser = client_for(colleague)
    client_for(admin).post_form(f"/admin/users/{colleague.id}/role", {"role": "state_admin"})
    session.refresh(colleague)
    assert colleague.role is Role.state_admin
    assert their_browser.get("/account", follow_redirects=False).status_code == 303


def test_admin_cannot_disable_or_demote_themselves(client_for, session):
    admin = factories.user(session, role=Role.state_admin)
    browser = client_for(admin)
    assert browser.post_form(f"/admin/users/{admin.id}/disable").status_code == 403
    assert browser.post_form(f"/admin/users/{admin.id}/role", {"role": "reviewer"}).status_code == 403
    assert admin.role is Role.state_admin


def test_revoke_sessions_signs_a_user_out_everywhere(client_for, session):
    admin = factories.user(session, role=Role.state_admin)
    user = factories.user(session)
    first, second = client_for(user), client_for(user)
    client_for(admin).post_form(f"/admin/users/{user.id}/revoke-sessions")
    assert first.get("/account", follow_redirects=False).status_code == 303
    assert second.get("/account", follow_redirects=False).status_code == 303
    assert all(
        s.revoked_at for s in session.scalars(select(SignInSession).where(SignInSession.user_id == user.id))
    )


def test_disabling_an_organization_signs_out_its_users(client_for, session):
    admin = factories.user(session, role=Role.state_admin)
    user = factories.user(session)
    browser = client_for(user)
    client_for(admin).post_form(f"/admin/organizations/{user.organization_id}/disable")
    assert browser.get("/account", follow_redirects=False).status_code == 303


def test_audit_log_filters_by_object(client_for, session):
    admin = factories.user(session, role=Role.state_admin)
    user = factories.user(session)
    browser = client_for(admin)
    browser.post_form(f"/admin/users/{user.id}/disable")
    page = browser.get(f"/admin/audit?object_type=user&object_id={user.id}")
    actions = _rows(page)
    assert actions == ["user.disabled"]


def test_outbox_page_shows_messages_and_their_links(client_for, client, session):
    admin = factories.user(session, role=Role.state_admin)
    user = factories.user(session)
    client.post_form("/password-reset", {"email": user.email})
    browser = client_for(admin)
    listing = BeautifulSoup(browser.get(f"/admin/outbox?recipient={user.email}").text, "html.parser")
    link = listing.select_one("tbody a")
    detail = BeautifulSoup(browser.get(link["href"]).text, "html.parser")
    assert "/password-reset/" in detail.select_one("#message-body").get_text()


def test_outbox_hides_single_use_links_once_mail_is_really_sent(client_for, client, session, app):
    admin = factories.user(session, role=Role.state_admin)
    user = factories.user(session)
    client.post_form("/password-reset", {"email": user.email})
    message = session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == user.email))
    app.state.settings = app.state.settings.model_copy(update={"smtp_url": "smtp://127.0.0.1:1"})
    body = BeautifulSoup(client_for(admin).get(f"/admin/outbox/{message.id}").text, "html.parser")
    text = body.select_one("#message-body").get_text()
    assert "/password-reset/[link sent to the recipient]" in text
    assert message.body.split("/password-reset/")[1][:10] not in text
