"""Read-only JSON API over the directory (/api/v1/directory)."""

import hashlib
import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from starlette.responses import Response

from app.accounts.deps import CurrentActor
from app.directory import export, queries, search
from app.directory.schemas import filters_from_query
from app.evidence import queries as evidence_queries
from app.web.deps import DbSession

router = APIRouter(prefix="/api/v1/directory", tags=["directory"])

API_PER_PAGE = 25
API_MAX_PER_PAGE = 100


class PartnerSummary(BaseModel):
    name: str
    slug: str
    summary: str
    focus_areas: list[str]
    regions: list[str]
    grade_bands: list[str]
    school_types: list[str]
    best_verified_tier: str = Field(description="tier_1..tier_4, none, or unverified")
    designation_status: str = Field(description="active or expiring (within 90 days)")
    designation_end: date
    accepting_new_districts: bool
    confirmed_engagements: int
    confirmed_schools: int
    capacity_schools_per_year: int | None
    cost_min_dollars: int | None
    cost_max_dollars: int | None
    website: str | None
    profile_url: str


class PartnerPage(BaseModel):
    count: int = Field(description="Matches (bounded: at most 10,000 are counted)")
    page: int
    per_page: int
    pages: int
    next: str | None
    previous: str | None
    facets: dict[str, dict[str, int]]
    partners: list[PartnerSummary]


class Finding(BaseModel):
    outcome_domain: str
    measure: str
    effect_size: float | None
    direction: str
    significant: bool


class Evidence(BaseModel):
    title: str
    study_design: str
    tier: str
    verified: bool
    study_year: int | None
    student_count: int | None
    site_count: int | None
    findings: list[Finding]


class PartnerDetail(PartnerSummary):
    description: str
    services: list[dict[str, Any]]
    delivery_model: str | None
    pricing_model: str | None
    designation_start: date
    designated_focus_areas: list[str]
    evidence: list[Evidence]


SUMMARY_EXAMPLE = {
    "name": "Harborview Learning Partners (fictional)",
    "slug": "harborview-learning-partners",
    "summary": "Instructional coaching and tiered supports for middle schools.",
    "focus_areas": ["instruction", "data_assessment"],
    "regions": ["greater_boston", "southeast"],
    "grade_bands": ["middle"],
    "school_types": ["district"],
    "best_verified_tier": "tier_2",
    "designation_status": "active",
    "designation_end": "2029-06-30",
    "accepting_new_districts": True,
    "confirmed_engagements": 12,
    "confirmed_schools": 9,
    "capacity_schools_per_year": 15,
    "cost_min_dollars": 40000,
    "cost_max_dollars": 120000,
    "website": "https://example.org",
    "profile_url": "/directory/harborview-learning-partners",
}


def _page_link(request: Request, page: int) -> str:
    url = request.url.include_query_params(page=page)
    return f"{url.path}?{url.query}"


def _conditional(request: Request, body: Any) -> Response:
    """JSON with a strong ETag; If-None-Match with the same tag answers 304 with no body."""
    payload = json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=str).encode()
    etag = '"' + hashlib.sha256(payload).hexdigest()[:32] + '"'
    # no-cache: clients may keep a copy but revalidate (cheap 304s), so a suspension shows at once.
    headers = {"ETag": etag, "Cache-Control": "no-cache", "Vary": "Accept"}
    wanted = [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]
    if etag in wanted or "*" in wanted:
        return Response(status_code=304, headers=headers)
    return Response(payload, media_type="application/json", headers=headers)


@router.get(
    "/partners",
    response_model=PartnerPage,
    summary="Search listed Priority Partners",
    description=(
        "The directory's search as JSON: the same filters and sorts as /directory. Repeat a "
        "parameter to choose several values (OR within a facet, AND across facets). Responses "
        "carry an ETag; send it back in If-None-Match to get 304 Not Modified."
    ),
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {
                        "count": 1,
                        "page": 1,
                        "per_page": 25,
                        "pages": 1,
                        "next": None,
                        "previous": None,
                        "facets": {"focus_area": {"instruction": 1}},
                        "partners": [SUMMARY_EXAMPLE],
                    }
                }
            }
        },
        304: {"description": "Not modified (the ETag matched)"},
    },
)
def partners(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    q: Annotated[
        str | None, Query(description="Words (all must match, as prefixes)", examples=["literacy coaching"])
    ] = None,
    focus_area: Annotated[list[str] | None, Query(examples=[["instruction"]])] = None,
    region: Annotated[list[str] | None, Query(examples=[["western"]])] = None,
    grade_band: Annotated[list[str] | None, Query(examples=[["middle"]])] = None,
    school_type: Annotated[list[str] | None, Query()] = None,
    tier: Annotated[
        list[str] | None, Query(description="Best verified tier", examples=[["tier_1", "tier_2"]])
    ] = None,
    status: Annotated[list[str] | None, Query(description="active or expiring")] = None,
    accepting: Annotated[bool | None, Query(description="Only partners accepting new districts")] = None,
    confirmed: Annotated[bool | None, Query(description="Only partners with confirmed engagements")] = None,
    like_school: Annotated[
        int | None, Query(description="Engagements in schools like this school id")
    ] = None,
    sort: Annotated[str, Query(description="relevance, name, evidence or schools")] = "relevance",
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=API_MAX_PER_PAGE)] = API_PER_PAGE,
) -> Response:
    filters, page, _ = filters_from_query(request.query_params)
    result = search.search(session, filters, today=date.today(), page=page, per_page=per_page)
    body = {
        "count": result.total,
        "page": result.page,
        "per_page": result.per_page,
        "pages": result.pages,
        "next": _page_link(request, result.page + 1) if result.page < result.pages else None,
        "previous": _page_link(request, result.page - 1) if result.page > 1 else None,
        "facets": result.counts,
        "partners": [export.row(hit) for hit in result.hits],
    }
    return _conditional(request, body)


@router.get(
    "/partners/{slug}",
    response_model=PartnerDetail,
    summary="One listed Priority Partner's public profile",
    responses={
        200: {
            "content": {
                "application/json": {"example": {**SUMMARY_EXAMPLE, "description": "…", "services": []}}
            }
        },
        304: {"description": "Not modified (the ETag matched)"},
        404: {"description": "No listed partner has this slug", "content": {"application/problem+json": {}}},
    },
)
def partner(request: Request, session: DbSession, actor: CurrentActor, slug: str) -> Response:
    today = date.today()
    found, designation = queries.listed_partner(session, slug, today)
    hits = queries.listed_partners_by_slug(session, [slug], today)
    body = export.row(hits[0])
    evidence = evidence_queries.public_evidence_for_partner(session, found.id)
    body.update(
        {
            "description": found.description,
            "services": found.services,
            "delivery_model": found.delivery_model,
            "pricing_model": found.pricing_model,
            "designation_start": designation.start_date.isoformat(),
            "designated_focus_areas": sorted(f.focus_area for f in designation.focus_areas),
            "evidence": [
                {
                    "title": item.title,
                    "study_design": item.study_design.value,
                    "tier": item.tier,
                    "verified": item.verified_tier is not None,
                    "study_year": item.study_year,
                    "student_count": item.student_count,
                    "site_count": item.site_count,
                    "findings": [
                        {
                            "outcome_domain": f.outcome_domain,
                            "measure": f.measure,
                            "effect_size": f.effect_size,
                            "direction": f.direction.value,
                            "significant": f.reported_significant
                            or (f.p_value is not None and f.p_value < 0.05),
                        }
                        for f in item.findings
                    ],
                }
                for item in evidence
            ],
        }
    )
    return _conditional(request, body)
