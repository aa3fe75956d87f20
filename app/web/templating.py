"""Rendering: full pages, or one block of the same template for htmx requests."""

import json
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from jinja2_fragments.fastapi import Jinja2Blocks
from starlette.requests import Request
from starlette.responses import HTMLResponse

from app.web import cookies, signing
from app.web.pagination import page_url

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES_DIR = PROJECT_ROOT / "templates"
STATIC_DIR = PROJECT_ROOT / "static"

FLASH_COOKIE = "pp_flash"
FLASH_PURPOSE = "flash"


def is_htmx(request: Request) -> bool:
    """A targeted htmx request, which gets a fragment. Boosted navigation and history
    restoration (after a reload, htmx re-fetches the URL) want the whole page."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-History-Restore-Request") != "true"
    )


def flash(request: Request, message: str, *, kind: str = "success") -> None:
    """Show a message on the next page this browser renders (survives the redirect)."""
    messages = [*_pending_flashes(request), {"kind": kind, "message": message}]
    request.state.pending_flashes = messages
    value = signing.sign(request.app.state.settings.secret, FLASH_PURPOSE, _encode(messages))
    cookies.queue_cookie(request, FLASH_COOKIE, value, secure=request.app.state.settings.is_https)


def _encode(messages: list[dict[str, str]]) -> str:
    return json.dumps(messages, separators=(",", ":")).encode().hex()


def _pending_flashes(request: Request) -> list[dict[str, str]]:
    return list(getattr(request.state, "pending_flashes", []))


def _take_flashes(request: Request) -> list[dict[str, str]]:
    settings = request.app.state.settings
    raw = signing.unsign(settings.secret, FLASH_PURPOSE, request.cookies.get(FLASH_COOKIE))
    if raw is None:
        return []
    cookies.expire_cookie(request, FLASH_COOKIE, secure=settings.is_https)
    try:
        return list(json.loads(bytes.fromhex(raw)))
    except ValueError:
        return []


_rendering_request: ContextVar[Request | None] = ContextVar("rendering_request", default=None)


class _CurrentCsrfToken:
    """`{{ csrf_token }}` for macros too: Jinja imports macros without the render context,
    so the token is looked up from the request being rendered."""

    def __str__(self) -> str:
        request = _rendering_request.get()
        return getattr(request.state, "csrf_token", "") if request is not None else ""

    def __html__(self) -> str:
        return str(self)


def _context(request: Request) -> dict[str, Any]:
    state = request.state
    return {
        "current_user": getattr(state, "user", None),
        "settings": request.app.state.settings,
        "flashes": _take_flashes(request),
    }


templates = Jinja2Blocks(directory=str(TEMPLATES_DIR), context_processors=[_context])
templates.env.globals["is_htmx"] = is_htmx
templates.env.globals["page_url"] = page_url
templates.env.globals["csrf_token"] = _CurrentCsrfToken()
# The macro sets are globals too, so a block rendered alone for htmx (which skips the
# template's top-level imports) can still use `f.` and `ui.`.
templates.env.globals["f"] = templates.env.get_template("_macros/forms.html").module
templates.env.globals["ui"] = templates.env.get_template("_macros/ui.html").module


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    block: str | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render a page; an htmx request for a page with a `block` gets just that block."""
    kwargs: dict[str, Any] = {}
    if block is not None and is_htmx(request):
        kwargs["block_name"] = block
    reset = _rendering_request.set(request)
    try:
        response = templates.TemplateResponse(
            request, template, dict(context or {}), status_code=status_code, headers=headers, **kwargs
        )
    finally:
        _rendering_request.reset(reset)
    response.headers["Vary"] = "HX-Request"
    response.headers.setdefault("Cache-Control", "no-store")
    return response
