"""Authorization expectations for accounts routes."""

from app.accounts.models import ApiToken
from app.notifications.service import message_enqueue
from app.web.signing import sha256_hex
from tests.access import World


def build(world: World) -> dict[str, int | str]:
    token = ApiToken(
        name="sync", token_hash=sha256_hex("matrix-token"), prefix="ppt_matrix", user_id=world.partner_user.id
    )
    world.session.add(token)
    message = message_enqueue(
        session=world.session, recipient="someone@example.org", subject="Hello", body="Hi"
    )
    world.session.flush()
    return {
        "token": "not-a-real-token",
        "token_id": token.id,
        "organization_id": world.partner_org.id,
        "user_id": world.partner_user.id,
        "message_id": message.id,
    }


PUBLIC = {"*": "ok"}
SIGNED_IN = {"*": "ok", "anonymous": "login"}
ADMIN_ONLY = {"*": "hidden", "anonymous": "login", "admin": "ok"}
BAD_LINK = {"*": "hidden"}

RULES: dict[str, dict[str, str]] = {
    "GET /sign-in": PUBLIC,
    "POST /sign-in": PUBLIC,
    "POST /sign-out": PUBLIC,
    "GET /request-account": PUBLIC,
    "POST /request-account": PUBLIC,
    "POST /request-account/validate": PUBLIC,
    "GET /request-account/sent": PUBLIC,
    "GET /invitations/{token}": BAD_LINK,
    "POST /invitations/{token}": BAD_LINK,
    "GET /password-reset": PUBLIC,
    "POST /password-reset": PUBLIC,
    "GET /password-reset/{token}": BAD_LINK,
    "POST /password-reset/{token}": BAD_LINK,
    "GET /account": SIGNED_IN,
    "POST /account/password": SIGNED_IN,
    "POST /account/tokens": SIGNED_IN,
    "POST /account/tokens/{token_id}/revoke": {"*": "hidden", "anonymous": "login", "partner": "ok"},
    "POST /account/sessions/revoke": SIGNED_IN,
    "GET /api/v1/me": SIGNED_IN,
    "GET /admin/organizations": ADMIN_ONLY,
    "POST /admin/organizations": ADMIN_ONLY,
    "GET /admin/organizations/{organization_id}": ADMIN_ONLY,
    "POST /admin/organizations/{organization_id}/approve": ADMIN_ONLY,
    "POST /admin/organizations/{organization_id}/reject": ADMIN_ONLY,
    "POST /admin/organizations/{organization_id}/disable": ADMIN_ONLY,
    "POST /admin/organizations/{organization_id}/enable": ADMIN_ONLY,
    "GET /admin/users": ADMIN_ONLY,
    "GET /admin/users/invite": ADMIN_ONLY,
    "POST /admin/users/invite": ADMIN_ONLY,
    "GET /admin/users/{user_id}": ADMIN_ONLY,
    "POST /admin/users/{user_id}/disable": ADMIN_ONLY,
    "POST /admin/users/{user_id}/enable": ADMIN_ONLY,
    "POST /admin/users/{user_id}/role": ADMIN_ONLY,
    "POST /admin/users/{user_id}/revoke-sessions": ADMIN_ONLY,
    "GET /admin/audit": ADMIN_ONLY,
    "GET /admin/outbox": ADMIN_ONLY,
    "GET /admin/outbox/{message_id}": ADMIN_ONLY,
}
