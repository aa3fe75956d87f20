"""Post-redirect-get that also works for htmx requests."""

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from app.web.templating import flash, is_htmx


def redirect(request: Request, url: str, *, message: str | None = None, kind: str = "success") -> Response:
    if message:
        flash(request, message, kind=kind)
    if request.headers.get("HX-Request") == "true":
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


__all__ = ["is_htmx", "redirect"]
