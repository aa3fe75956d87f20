"""Rendering: full pages, or one block of the same template for htmx requests."""

import json
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
    # A boosted navigation wants the whole page; only targeted requests get a fragment.
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true"


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


def _context(request: Request) -> dict[str, Any]:
    state = request.state
    return {
        "current_user": getattr(state, "user", None),
        "csrf_token": getattr(state, "csrf_token", ""),
        "settings": request.app.state.settings,
        "flashes": _take_flashes(request),
    }


templates = Jinja2Blocks(directory=str(TEMPLATES_DIR), context_processors=[_context])
templates.env.globals["is_htmx"] = is_htmx
templates.env.globals["page_url"] = page_url


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
    response = templates.TemplateResponse(
        request, template, dict(context or {}), status_code=status_code, headers=headers, **kwargs
    )
    response.headers["Vary"] = "HX-Request"
    response.headers.setdefault("Cache-Control", "no-store")
    return response
