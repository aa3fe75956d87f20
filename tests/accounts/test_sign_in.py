"""Signing in and out, session lifetime, throttling, no enumeration."""

from datetime import timedelta

from bs4 import BeautifulSoup
from sqlalchemy import func, select

from app.accounts import service
from app.accounts.models import AuditEvent, Role, SignInFailure, SignInSession, UserStatus
from app.db import utcnow
from tests import factories


def _sign_in(client, email, password, **extra):
    return client.post_form("/sign-in", {"email": email, "password": password, **extra})


def _error_text(response) -> str:
    page = BeautifulSoup(response.text, "html.parser")
    return " ".join(el.get_text(" ", strip=True) for el in page.select(".usa-alert--error"))


def test_sign_in_sets_an_httponly_lax_cookie_and_rotates_it(client, session):
    user = factories.user(session, role=Role.reviewer, email="Reviewer@Example.org".lower())
    first = _sign_in(client, "REVIEWER@example.org", factories.PASSWORD)
    assert first.status_code == 303
    cookie = next(h for h in first.headers.get_list("set-cookie") if h.startswith("pp_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    first_token = client.cookies.get("pp_session")
    client.csrf_token = _csrf_after_sign_in(client)
    second = _sign_in(client, user.email, factories.PASSWORD)
    assert second.status_code == 303
    assert client.cookies.get("pp_session") != first_token
    live = session.scalar(
        select(func.count()).where(SignInSession.user_id == user.id, SignInSession.revoked_at.is_(None))
    )
    assert live == 1  # the earlier session was ended at the second sign-in


def _csrf_after_sign_in(client) -> str:
    page = BeautifulSoup(client.get("/account").text, "html.parser")
    return page.select_one("input[name=csrf_token]")["value"]


def test_wrong_password_and_unknown_email_get_the_same_answer(client, session):
    user = factories.user(session)
    wrong = _sign_in(client, user.email, "not the right password")
    unknown = _sign_in(client, "nobody@example.org", "not the right password")
    assert wrong.status_code == unknown.status_code == 400
    assert _error_text(wrong) == _error_text(unknown) != ""
    assert "pp_session" not in client.cookies


def test_signed_in_user_reaches_account_and_sign_out_ends_the_session(client, session):
    user = factories.user(session)
    _sign_in(client, user.email, factories.PASSWORD)
    client.csrf_token = _csrf_after_sign_in(client)
    assert client.get("/account").status_code == 200
    response = client.post_form("/sign-out")
    assert response.status_code == 303
    assert (
        client.get("/account", follow_redirects=False)
        .headers["location"]
        .startswith("/sign-in?next=/account")
    )
    assert session.scalar(select(func.count()).where(SignInSession.revoked_at.is_(None))) == 0


def test_next_parameter_only_allows_local_paths(client, session):
    user = factories.user(session)
    response = _sign_in(client, user.email, factories.PASSWORD, next="https://evil.example/phish")
    assert response.headers["location"] == "/for-partners"


def test_disabled_user_is_signed_out_at_once(client_for, session, client):
    admin = factories.user(session, role=Role.state_admin)
    user = factories.user(session)
    browser = client_for(user)
    assert browser.get("/account").status_code == 200
    service.user_set_enabled(session=session, user=user, enabled=False, actor=factories.actor(admin))
    session.flush()
    assert browser.get("/account", follow_redirects=False).status_code == 303
    assert user.status is UserStatus.disabled
    assert "disabled" in _error_text(_sign_in(client, user.email, factories.PASSWORD))


def test_idle_and_absolute_timeouts_end_sessions(client_for, session):
    user = factories.user(session)
    browser = client_for(user)
    live = session.scalar(select(SignInSession).where(SignInSession.user_id == user.id))
    live.last_seen_at = utcnow() - timedelta(hours=2)
    session.flush()
    assert browser.get("/account", follow_redirects=False).status_code == 303
    browser = client_for(user)
    live = session.scalar(
        select(SignInSession)
        .where(SignInSession.user_id == user.id)
        .order_by(SignInSession.id.desc())
        .limit(1)
    )
    live.expires_at = utcnow() - timedelta(seconds=1)
    session.flush()
    assert browser.get("/account", follow_redirects=False).status_code == 303


def test_pending_partner_cannot_sign_in_until_approved(client, session):
    from app.accounts.models import OrganizationStatus

    org = factories.organization(session, status=OrganizationStatus.pending)
    user = factories.user(session, organization=org)
    response = _sign_in(client, user.email, factories.PASSWORD)
    assert "waiting for approval" in _error_text(response)


def test_throttling_answers_429_with_retry_after_and_audits(client, session):
    user = factories.user(session)
    for _ in range(service.MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS):
        assert _sign_in(client, user.email, "wrong password guess").status_code == 400
    blocked = _sign_in(client, user.email, factories.PASSWORD)  # even the right password waits
    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["retry-after"]) <= 15 * 60
    assert "Too many failed attempts" in _error_text(blocked)
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("sign_in.%"))).all()
    assert actions.count("sign_in.failed") == service.MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS
    assert "sign_in.throttled" in actions


def test_throttling_per_client_address_spans_accounts(client, session):
    for n in range(service.MAX_FAILURES_PER_ADDRESS):
        session.add(SignInFailure(email=f"guess{n}@example.org", client_address="testclient"))
    session.flush()
    user = factories.user(session)
    assert _sign_in(client, user.email, factories.PASSWORD).status_code == 429


def test_old_failures_stop_counting(client, session):
    user = factories.user(session)
    for _ in range(service.MAX_FAILURES_PER_ACCOUNT):
        session.add(
            SignInFailure(
                email=user.email, client_address="elsewhere", failed_at=utcnow() - timedelta(minutes=16)
            )
        )
    session.flush()
    assert _sign_in(client, user.email, factories.PASSWORD).status_code == 303


def test_failures_from_elsewhere_do_not_lock_the_owner_out(client, session):
    user = factories.user(session)
    for _ in range(service.MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS * 2):
        session.add(SignInFailure(email=user.email, client_address="203.0.113.9"))
    session.flush()
    assert _sign_in(client, user.email, factories.PASSWORD).status_code == 303


def test_a_distributed_guess_at_one_account_is_still_stopped(client, session):
    user = factories.user(session)
    for n in range(service.MAX_FAILURES_PER_ACCOUNT):
        session.add(SignInFailure(email=user.email, client_address=f"198.51.100.{n % 250}"))
    session.flush()
    assert _sign_in(client, user.email, factories.PASSWORD).status_code == 429


def test_a_signed_in_request_resolves_its_session_in_one_query(client_for, session, engine):
    from sqlalchemy import event

    browser = client_for(factories.user(session))
    statements: list[str] = []

    def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        if "sign_in_sessions" in statement or "FROM users" in statement or "FROM organizations" in statement:
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert browser.get("/for-partners").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 1
