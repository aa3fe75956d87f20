"""The site's own pages: home, program information, health check."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from app import schema
from app.web.templating import render

router = APIRouter(include_in_schema=False)

INFO_PAGES = {
    "about": "About the Priority Partners program",
    "for-partners": "For partner organizations",
    "for-reviewers": "For state reviewers",
    "accessibility": "Accessibility statement",
    "privacy": "Privacy policy",
}


@router.api_route("/", methods=["GET", "HEAD"])
def home(request: Request):
    return render(request, "pages/home.html")


@router.get("/about")
def about(request: Request):
    return render(request, "pages/about.html", {"title": INFO_PAGES["about"]})


@router.get("/for-partners")
def for_partners(request: Request):
    return render(request, "pages/for_partners.html", {"title": INFO_PAGES["for-partners"]})


@router.get("/for-reviewers")
def for_reviewers(request: Request):
    return render(request, "pages/for_reviewers.html", {"title": INFO_PAGES["for-reviewers"]})


@router.get("/accessibility")
def accessibility(request: Request):
    return render(request, "pages/accessibility.html", {"title": INFO_PAGES["accessibility"]})


@router.get("/privacy")
def privacy(request: Request):
    return render(request, "pages/privacy.html", {"title": INFO_PAGES["privacy"]})


@router.api_route("/healthz", methods=["GET", "HEAD"])
def healthz(request: Request) -> JSONResponse:
    """Database reachability and migration state, for load balancers and `make run`."""
    head = schema.head_revision()
    try:
        current = schema.current_revision(request.app.state.engine)
    except SQLAlchemyError as exc:
        body = {
            "status": "error",
            "database": "unreachable",
            "detail": type(exc).__name__,
            "head_revision": head,
        }
        return JSONResponse(body, status_code=503)
    at_head = current == head
    body = {
        "status": "ok" if at_head else "degraded",
        "database": "ok",
        "migration_revision": current,
        "head_revision": head,
    }
    return JSONResponse(body, status_code=200 if at_head else 503, headers={"Cache-Control": "no-store"})
