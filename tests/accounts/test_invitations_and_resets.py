"""Invitation and password-reset links: single use, expiring, same answer for unknown emails."""

import re
from datetime import timedelta

from bs4 import BeautifulSoup
from sqlalchemy import select, update

from app.accounts.models import OneTimeToken, Role, User, UserStatus
from app.db import utcnow
from app.notifications.models import OutboxMessage
from tests import factories

NEW_PASSWORD = "marble kettle sunrise ladder"


def _link_in_latest_email(session, recipient: str, path: str) -> str:
    message = session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == recipient).order_by(OutboxMessage.id.desc())
    )
    assert message is not None, f"no email to {recipient}"
    match = re.search(rf"http://testserver({path}/[\w-]+)", message.body)
    assert match, message.body
    return match.group(1)


def _invite(session, client_for, email="new.reviewer@example.org"):
    admin = factories.user(session, role=Role.state_admin)
    browser = client_for(admin)
    response = browser.post_form(
        "/admin/users/invite",
        {
            "email": email,
            "full_name": "New Reviewer",
            "role": "reviewer",
            "organization_id": admin.organization_id,
        },
    )
    assert response.status_code == 303
    return _link_in_latest_email(session, email, "/invitations")


def test_invitation_sets_password_once_then_the_link_is_dead(client, client_for, session):
    link = _invite(session, client_for)
    page = client.get(link)
    assert page.status_code == 200
    assert "new.reviewer@example.org" in BeautifulSoup(page.text, "html.parser").select_one("main").get_text()
    response = client.post_form(link, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert response.status_code == 303
    user = session.scalar(select(User).where(User.email == "new.reviewer@example.org"))
    assert user.status is UserStatus.active and user.password_hash.startswith("$argon2id$")
    assert client.get(link).status_code == 404
    again = client.post_form(
        link, {"password": "another fine password", "password_confirm": "another fine password"}
    )
    assert again.status_code == 404


def test_invitation_expires(client, client_for, session):
    link = _invite(session, client_for)
    session.execute(update(OneTimeToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    session.flush()
    assert client.get(link).status_code == 404


def test_invitation_refuses_weak_password_and_mismatch_with_messages(client, client_for, session):
    link = _invite(session, client_for)
    weak = client.post_form(link, {"password": "password1234", "password_confirm": "password1234"})
    assert weak.status_code == 422
    page = BeautifulSoup(weak.text, "html.parser")
    assert "too common" in page.select_one("#error-password").get_text()
    assert page.select_one("#error-summary a[href='#field-password']") is not None
    mismatch = client.post_form(link, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD + "x"})
    assert (
        "do not match"
        in BeautifulSoup(mismatch.text, "html.parser").select_one("#error-password_confirm").text
    )


def test_invite_refuses_a_role_that_does_not_fit_the_organization(client_for, session):
    admin = factories.user(session, role=Role.state_admin)
    partner_org = factories.organization(session)
    response = client_for(admin).post_form(
        "/admin/users/invite",
        {"email": "x@example.org", "full_name": "X", "role": "reviewer", "organization_id": partner_org.id},
    )
    assert response.status_code == 422
    page = BeautifulSoup(response.text, "html.parser")
    assert "Partner editor" in page.select_one("#error-role").get_text()
    assert page.select_one("#field-email")["value"] == "x@example.org"  # what was typed is kept


def test_password_reset_answers_the_same_whether_or_not_the_email_exists(client, session):
    user = factories.user(session)
    known = client.post_form("/password-reset", {"email": user.email})
    unknown = client.post_form("/password-reset", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 303
    assert known.headers["location"] == unknown.headers["location"]
    assert (
        session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "nobody@example.org")) is None
    )
    assert session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == user.email)) is not None


def test_password_reset_is_single_use_expires_in_an_hour_and_signs_out_everywhere(
    client, client_for, session
):
    user = factories.user(session)
    other_browser = client_for(user)
    client.post_form("/password-reset", {"email": user.email})
    token = session.scalar(select(OneTimeToken).where(OneTimeToken.user_id == user.id))
    lifetime = token.expires_at - token.created_at
    assert timedelta(minutes=59) < lifetime <= timedelta(hours=1)
    link = _link_in_latest_email(session, user.email, "/password-reset")
    assert (
        client.post_form(link, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}).status_code
        == 303
    )
    assert client.get(link).status_code == 404
    assert other_browser.get("/account", follow_redirects=False).status_code == 303
    signed_in = client.post_form("/sign-in", {"email": user.email, "password": NEW_PASSWORD})
    assert signed_in.status_code == 303


def test_a_newer_reset_link_replaces_the_older_one(client, session):
    user = factories.user(session)
    client.post_form("/password-reset", {"email": user.email})
    first = _link_in_latest_email(session, user.email, "/password-reset")
    client.post_form("/password-reset", {"email": user.email})
    second = _link_in_latest_email(session, user.email, "/password-reset")
    assert first != second
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


def test_a_disabled_invitee_cannot_come_back_through_the_old_link(client, client_for, session):
    link = _invite(session, client_for)
    invitee = session.scalar(select(User).where(User.email == "new.reviewer@example.org"))
    admin = factories.user(session, role=Role.state_admin)
    client_for(admin).post_form(f"/admin/users/{invitee.id}/disable")
    response = client.post_form(link, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert response.status_code == 404
    session.refresh(invitee)
    assert invitee.status is UserStatus.disabled


def test_reset_and_password_change_end_api_tokens_and_other_sessions(client, client_for, session):
    from app.accounts.models import ApiToken

    user = factories.user(session)
    browser, other_browser = client_for(user), client_for(user)
    browser.post_form("/account/tokens", {"name": "sync"})
    changed = browser.post_form(
        "/account/password",
        {"current_password": factories.PASSWORD, "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    )
    assert changed.status_code == 303
    assert browser.get("/account").status_code == 200  # this browser stays signed in
    assert other_browser.get("/account", follow_redirects=False).status_code == 303
    assert all(
        t.revoked_at is not None for t in session.scalars(select(ApiToken).where(ApiToken.user_id == user.id))
    )


def test_reset_emails_are_limited_per_hour(client, session):
    from app.accounts import service

    user = factories.user(session)
    for _ in range(service.MAX_RESET_EMAILS_PER_HOUR + 2):
        client.post_form("/password-reset", {"email": user.email})
    sent = session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == user.email)).all()
    assert len(sent) == service.MAX_RESET_EMAILS_PER_HOUR
