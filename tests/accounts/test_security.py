"""CSRF on every cookie-authenticated write; passwords never stored or logged in clear."""

import logging

from bs4 import BeautifulSoup
from sqlalchemy import func, select

from app.accounts.models import AuditEvent, Organization, User
from app.notifications.models import OutboxMessage
from tests import factories

REQUEST = {
    "organization_name": "Clear Path Tutoring (fictional)",
    "full_name": "Pat Example",
    "email": "pat@clearpath.example.org",
    "password": "violet tandem orchard lamp",
    "password_confirm": "violet tandem orchard lamp",
}


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_missing_or_wrong_csrf_token_is_403_and_writes_nothing(client, session):
    before = (_count(session, Organization), _count(session, AuditEvent))
    missing = client.post("/request-account", data=REQUEST)
    wrong = client.post("/request-account", data={**REQUEST, "csrf_token": "forged"})
    assert missing.status_code == wrong.status_code == 403
    heading = BeautifulSoup(wrong.text, "html.parser").select_one("h1").get_text(strip=True)
    assert heading == "You do not have permission to do that"
    assert (_count(session, Organization), _count(session, AuditEvent)) == before


def test_csrf_header_works_for_htmx_and_cross_site_origin_is_refused(client_for, session):
    user = factories.user(session)
    browser = client_for(user)
    ok = browser.post(
        "/account/tokens",
        data={"name": "sync"},
        headers={"X-CSRF-Token": browser.csrf_token, "HX-Request": "true"},
    )
    assert ok.status_code == 200
    cross = browser.post(
        "/account/tokens",
        data={"name": "sync", "csrf_token": browser.csrf_token},
        headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    )
    assert cross.status_code == 403


def test_another_sessions_token_does_not_pass(client_for, session):
    first = client_for(factories.user(session))
    second = client_for(factories.user(session))
    response = second.post("/account/tokens", data={"name": "x", "csrf_token": first.csrf_token})
    assert response.status_code == 403


def test_bearer_api_requests_are_exempt_from_csrf_and_carry_owner_permissions(client_for, client, session):
    user = factories.user(session)
    browser = client_for(user)
    page = browser.post_form("/account/tokens", {"name": "reports"})
    raw = BeautifulSoup(page.text, "html.parser").select_one("#new-token").get_text(strip=True)
    api = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert api.status_code == 200 and api.json()["email"] == user.email
    # The same token cannot reach an admin page: it carries exactly the owner's permissions.
    assert client.get("/admin/users", headers={"Authorization": f"Bearer {raw}"}).status_code == 404
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_revoked_api_token_stops_working(client_for, client, session):
    from app.accounts.models import ApiToken

    browser = client_for(factories.user(session))
    page = browser.post_form("/account/tokens", {"name": "reports"})
    raw = BeautifulSoup(page.text, "html.parser").select_one("#new-token").get_text(strip=True)
    token = session.scalar(select(ApiToken).where(ApiToken.name == "reports"))
    assert token.token_hash != raw and raw not in token.prefix + "x"
    browser.post_form(f"/account/tokens/{token.id}/revoke")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_passwords_are_argon2id_and_never_logged_or_audited(client, session, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.post_form("/request-account", REQUEST)
    assert response.status_code == 303
    user = session.scalar(select(User).where(User.email == REQUEST["email"]))
    assert user.password_hash.startswith("$argon2id$")
    assert REQUEST["password"] not in user.password_hash
    assert REQUEST["password"] not in caplog.text
    for event in session.scalars(select(AuditEvent)):
        assert REQUEST["password"] not in str(event.changes)
    for message in session.scalars(select(OutboxMessage)):
        assert REQUEST["password"] not in message.body


def test_every_state_change_leaves_exactly_one_audit_event(client, client_for, session):
    from app.accounts.models import Role

    before = _count(session, AuditEvent)
    client.post_form("/request-account", REQUEST)
    org = session.scalar(select(Organization).where(Organization.name == REQUEST["organization_name"]))
    assert _count(session, AuditEvent) == before + 1
    admin = client_for(factories.user(session, role=Role.state_admin))
    before = _count(session, AuditEvent)
    admin.post_form(f"/admin/organizations/{org.id}/approve")
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(2)).all()
    assert _count(session, AuditEvent) == before + 1
    assert events[0].action == "organization.approved"
    assert events[0].changes == {"status": ["pending", "active"]}


def test_audit_rows_cannot_be_updated_or_deleted(session):
    import pytest
    from sqlalchemy import delete, update
    from sqlalchemy.exc import DatabaseError

    from app.accounts import audit

    event = audit.record(
        session, actor=factories.actor(None), action="test.happened", object_type="test", object_id=1
    )
    session.flush()
    with pytest.raises(DatabaseError, match="append-only"), session.begin_nested():
        session.execute(update(AuditEvent).where(AuditEvent.id == event.id).values(action="test.rewritten"))
    with pytest.raises(DatabaseError, match="append-only"), session.begin_nested():
        session.execute(delete(AuditEvent).where(AuditEvent.id == event.id))
    assert session.scalar(select(AuditEvent.action).where(AuditEvent.id == event.id)) == "test.happened"
