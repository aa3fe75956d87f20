"""Every error rendered in one place: an HTML page, an htmx fragment, or problem+json."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, RedirectResponse, Response

from app.errors import DomainError, NotAuthenticated, TooManyRequests
from app.web.templating import is_htmx, render

log = logging.getLogger("app.errors")

_TITLES = {
    400: "Bad request",
    401: "Sign in to continue",
    403: "You do not have permission to do that",
    404: "Page not found",
    405: "That action is not available here",
    409: "This changed since you loaded it",
    413: "That upload is too large",
    422: "Check what you entered",
    429: "Too many attempts",
    500: "Something went wrong on our side",
}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def problem(
    request: Request,
    status: int,
    detail: str,
    *,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    extra: dict | None = None,
) -> Response:
    """RFC 9457 problem details for the JSON API, an error page for everything else."""
    title = title or _TITLES.get(status, "Error")
    if wants_json(request):
        body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
        body["instance"] = request.url.path
        body.update(extra or {})
        return JSONResponse(body, status_code=status, media_type="application/problem+json", headers=headers)
    template = "errors/_message.html" if is_htmx(request) else "errors/error.html"
    response = render(
        request,
        template,
        {"status": status, "title": title, "detail": detail},
        status_code=status,
        headers=headers,
    )
    if is_htmx(request):
        # htmx 2 ignores 4xx/5xx bodies by default; tell it where the message goes.
        response.headers["HX-Retarget"] = "#page-alerts"
        response.headers["HX-Reswap"] = "innerHTML"
    return response


def install(app: FastAPI) -> None:
    @app.exception_handler(NotAuthenticated)
    async def _not_authenticated(request: Request, exc: NotAuthenticated) -> Response:
        if wants_json(request):
            return problem(request, 401, exc.message, headers={"WWW-Authenticate": "Bearer"})
        next_url = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        target = f"/sign-in?next={next_url}"
        if request.headers.get("HX-Request") == "true":
            return Response(status_code=204, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    @app.exception_handler(TooManyRequests)
    async def _too_many(request: Request, exc: TooManyRequests) -> Response:
        return problem(request, 429, exc.message, headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> Response:
        extra = {"errors": exc.field_errors} if exc.field_errors else None
        return problem(request, exc.status_code, exc.message, title=exc.title, extra=extra)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else _TITLES.get(exc.status_code, "Error")
        if exc.status_code == 404:
            detail = (
                "We could not find the page you asked for. "
                "Check the address, or start again from the home page."
            )
        return problem(request, exc.status_code, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"location": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()]
        detail = "; ".join(f"{e['location']}: {e['message']}" for e in errors)
        return problem(request, 422 if wants_json(request) else 400, detail, extra={"errors": errors})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("Unhandled error on %s %s", request.method, request.url.path)
        return problem(
            request,
            500,
            "The error has been logged. Nothing you submitted was half-saved: try again in a moment.",
        )
