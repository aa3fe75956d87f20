"""Cookies queued during a request and attached to whatever response goes out.

Dependencies cannot touch a Response that a route returns, so sign-in, flash messages and
the anonymous CSRF cookie queue their Set-Cookie headers here; CookieQueueMiddleware sends them.
"""

from http.cookies import SimpleCookie
from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_STATE_KEY = "queued_cookies"


def queue_cookie(
    request: Request,
    name: str,
    value: str,
    *,
    max_age: int | None = None,
    secure: bool = False,
    http_only: bool = True,
) -> None:
    cookie: SimpleCookie = SimpleCookie()
    cookie[name] = value
    morsel = cookie[name]
    morsel["path"] = "/"
    morsel["samesite"] = "Lax"
    if max_age is not None:
        morsel["max-age"] = max_age
    if secure:
        morsel["secure"] = True
    if http_only:
        morsel["httponly"] = True
    queued: dict[str, str] = request.scope.setdefault("state", {}).setdefault(_STATE_KEY, {})
    queued[name] = morsel.OutputString()


def expire_cookie(request: Request, name: str, *, secure: bool = False) -> None:
    queue_cookie(request, name, "", max_age=0, secure=secure)


class CookieQueueMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_cookies(message: Message) -> None:
            if message["type"] == "http.response.start":
                queued: dict[str, Any] = scope.get("state", {}).get(_STATE_KEY, {})
                if queued:
                    headers = list(message.get("headers", []))
                    headers += [(b"set-cookie", v.encode("latin-1")) for v in queued.values()]
                    message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_cookies)
