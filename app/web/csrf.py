"""CSRF for cookie-authenticated writes: same-origin check plus a per-session token.

The token is derived from the sign-in session (or, before sign-in, a random anonymous
cookie), so nothing extra is stored and any worker can check it.
"""

import hmac

from starlette.requests import Request

from app.errors import Forbidden
from app.web import signing

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
HEADER = "X-CSRF-Token"
FIELD = "csrf_token"
PURPOSE = "csrf"


def token_for(secret: bytes, binding: str) -> str:
    return signing.derive(secret, PURPOSE, binding)


def _same_origin(request: Request, allowed_origin: str) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    if origin is None:
        # Older browsers and non-browser clients send none; the token check still applies.
        return True
    own_origin = f"{request.url.scheme}://{request.url.netloc}"
    return origin in (allowed_origin, own_origin)


async def verify(request: Request, *, expected: str, allowed_origin: str) -> None:
    """Raise Forbidden unless the request carries the expected token from our own pages."""
    message = (
        "This form has expired or did not come from this portal. Go back, reload the page and try again."
    )
    if not _same_origin(request, allowed_origin):
        raise Forbidden(message)
    sent = request.headers.get(HEADER)
    if sent is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(FIELD)
            sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent, expected):
        raise Forbidden(message)
