"""Who is asking: resolved once per request from a bearer token or the session cookie.

Installed as an app-wide dependency, so every route, including ones that forget to ask,
has its CSRF check done and `request.state.user` set for templates.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request

from app.accounts import service
from app.accounts.actor import Actor
from app.accounts.models import Role, User
from app.config import Settings
from app.errors import NotAuthenticated
from app.web import cookies, csrf, signing
from app.web.deps import DbSession, client_address

ANONYMOUS_COOKIE = "pp_anon"
SESSION_PURPOSE = "session"


@dataclass(frozen=True)
class SignedInUser:
    """What templates show of the signed-in user: plain values that survive a rollback."""

    id: int
    email: str
    full_name: str
    role: Role
    organization_id: int

    @classmethod
    def of(cls, user: User) -> "SignedInUser":
        return cls(user.id, user.email, user.full_name, user.role, user.organization_id)


ANONYMOUS_PURPOSE = "anonymous"


def session_cookie_name(settings: Settings) -> str:
    # The __Host- prefix pins the cookie to this host and path, which browsers allow on https.
    return "__Host-pp_session" if settings.is_https else "pp_session"


def start_browser_session(request: Request, raw_token: str) -> None:
    settings: Settings = request.app.state.settings
    cookies.queue_cookie(
        request,
        session_cookie_name(settings),
        signing.sign(settings.secret, SESSION_PURPOSE, raw_token),
        secure=settings.is_https,
    )


def end_browser_session(request: Request) -> None:
    settings: Settings = request.app.state.settings
    cookies.expire_cookie(request, session_cookie_name(settings), secure=settings.is_https)


def session_token(request: Request) -> str | None:
    settings: Settings = request.app.state.settings
    return signing.unsign(
        settings.secret, SESSION_PURPOSE, request.cookies.get(session_cookie_name(settings))
    )


def _authenticate(request: Request, session: DbSession) -> Actor:
    settings: Settings = request.app.state.settings
    address = client_address(request)
    authorization = request.headers.get("Authorization", "")
    if authorization[:7].lower() == "bearer ":
        user = service.api_token_authenticate(session=session, raw=authorization[7:].strip())
        if user is None:
            raise NotAuthenticated("The API token is missing, revoked or not valid.")
        request.state.user = SignedInUser.of(user)
        return Actor(user=user, client_address=address, via="token")

    raw = session_token(request)
    user = None
    if raw is not None:
        live = service.session_resume(
            session=session, raw=raw, idle_timeout=timedelta(minutes=settings.session_idle_minutes)
        )
        if live is None:
            end_browser_session(request)
        else:
            user = live.user
    if user is not None and raw is not None:
        binding = raw
    else:
        anonymous = signing.unsign(settings.secret, ANONYMOUS_PURPOSE, request.cookies.get(ANONYMOUS_COOKIE))
        if anonymous is None:
            anonymous = secrets.token_urlsafe(18)
            cookies.queue_cookie(
                request,
                ANONYMOUS_COOKIE,
                signing.sign(settings.secret, ANONYMOUS_PURPOSE, anonymous),
                secure=settings.is_https,
            )
        binding = f"anonymous:{anonymous}"
    request.state.user = SignedInUser.of(user) if user is not None else None
    request.state.csrf_token = csrf.token_for(settings.secret, binding)
    return Actor(user=user, client_address=address, via="cookie")


async def _protect(request: Request, actor: Annotated[Actor, Depends(_authenticate)]) -> Actor:
    if request.method not in csrf.SAFE_METHODS and actor.via == "cookie":
        await csrf.verify(
            request, expected=request.state.csrf_token, allowed_origin=request.app.state.settings.base_origin
        )
    return actor


authenticate = _protect
CurrentActor = Annotated[Actor, Depends(_protect)]
