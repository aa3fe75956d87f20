"""Every state-changing route refuses a cookie-authenticated request without its CSRF token.

Generated from the route table like the authorization matrix: each POST route is tried by a
persona who may use it, so the 403 comes from the CSRF check and not from authorization.
"""

import pytest
from sqlalchemy import func, select

from app.accounts.models import AuditEvent
from app.notifications.models import OutboxMessage
from tests.access import PERSONAS, build_world
from tests.test_authorization_matrix import ROUTES, RULES, build_params, signed_in_client, url_for

POST_ROUTES = [(method, path) for method, path in ROUTES if method != "GET"]


def _allowed_persona(rule: dict[str, str]) -> str:
    # Routes that are open to nobody in the matrix world (links with bad tokens) are tried anonymously.
    return next((p for p in PERSONAS if rule.get(p, rule.get("*")) == "ok"), "anonymous")


def _written(session) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    return (
        session.scalar(select(func.count()).select_from(AuditEvent)),
        session.scalar(select(func.count()).select_from(OutboxMessage)),
    )


@pytest.mark.parametrize(("method", "path"), POST_ROUTES, ids=[f"{m} {p}" for m, p in POST_ROUTES])
def test_state_change_without_csrf_token_is_refused_and_writes_nothing(method, path, app, session):
    world = build_world(session)
    url = url_for(path, build_params(world, session))
    persona = _allowed_persona(RULES[f"{method} {path}"])
    before = _written(session)
    with signed_in_client(app, session, world.user_for(persona)) as client:
        missing = client.request(method, url, data={"anything": "x"}, follow_redirects=False)
        forged = client.request(method, url, data={"csrf_token": "forged"}, follow_redirects=False)
        cross_site = client.request(
            method,
            url,
            data={"csrf_token": client.csrf_token},
            headers={"Origin": "https://elsewhere.example", "Sec-Fetch-Site": "cross-site"},
            follow_redirects=False,
        )
    assert (missing.status_code, forged.status_code, cross_site.status_code) == (403, 403, 403)
    assert _written(session) == before
