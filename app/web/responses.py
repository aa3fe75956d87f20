"""Responses every form needs: post-redirect-get (htmx-aware) and inline field checks."""

from typing import Any

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from app.web.forms import parse
from app.web.templating import flash


def redirect(request: Request, url: str, *, message: str | None = None, kind: str = "success") -> Response:
    if message:
        flash(request, message, kind=kind)
    if request.headers.get("HX-Request") == "true":
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


def field_check(model: type[BaseModel], data: dict[str, Any], field: str) -> JSONResponse:
    """Inline validation: the one message the full submit would show for this field, or "".

    The form posts itself as the user leaves a field (static/js/portal.js); the same Pydantic
    model that guards the real submit decides, so the two can never disagree.
    """
    _, errors = parse(model, data)
    return field_error(errors, field)


def field_error(errors: dict[str, str], field: str) -> JSONResponse:
    """Inline validation's answer for forms with their own parser (rows of findings, outcomes)."""
    return JSONResponse(
        {"field": field, "error": errors.get(field, "")}, headers={"Cache-Control": "no-store"}
    )
