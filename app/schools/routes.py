"""School registry pages: the picker's search fragment and the admin registry."""

import contextlib
import re

from fastapi import APIRouter, Request

from app.accounts import permissions as perms
from app.accounts.deps import CurrentActor
from app.errors import Conflict, NotFound, ValidationFailed
from app.schools import queries, service
from app.schools.models import AccountabilityLevel, PovertyBand
from app.schools.schemas import DistrictLinkForm
from app.taxonomy import REGIONS, SCHOOL_TYPES, options
from app.web.deps import DbSession, Form
from app.web.forms import enum_or_none, form_dict, parse
from app.web.pagination import paginate
from app.web.responses import redirect
from app.web.templating import render

router = APIRouter(include_in_schema=False)

LEVEL_OPTIONS = [(level.value, level.label) for level in AccountabilityLevel]
POVERTY_OPTIONS = [(band.value, band.label) for band in PovertyBand]
LINKED_OPTIONS = [("yes", "Linked to an organization"), ("no", "Not linked")]
DISTRICT_SORTS = [("name", "Name"), ("code", "State code"), ("region", "Region")]
SCHOOL_SORTS = [
    ("name", "Name"),
    ("town", "Town"),
    ("enrollment", "Enrollment"),
    ("low_income", "Low income"),
]


@router.get("/schools/search")
def school_search(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    q: str = "",
    school_q: str = "",
    field: str = "",
):
    """Radio options for the school picker (an htmx fragment). `field` names the radios; the
    school already chosen (sent under that name) stays first in the list."""
    perms.require(perms.can_search_schools(actor), actor)
    # Only plain identifiers, so the name is safe in the markup.
    name = field if re.fullmatch(r"[a-z_]{1,40}", field) else "school_id"
    text = (q or school_q).strip()
    selected = None
    chosen = request.query_params.get(name, "")
    if chosen.isdigit():
        with contextlib.suppress(NotFound):
            selected = queries.school(session, int(chosen))
    context = {
        "results": queries.school_search(session, text),
        "q": text,
        "field_name": name,
        "selected": selected,
    }
    return render(request, "schools/_options.html", context)


@router.get("/admin/schools")
def admin_schools(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    view: str = "districts",
    q: str = "",
    region: str = "",
    linked: str = "",
    level: str = "",
    poverty: str = "",
    sort: str = "name",
    page: int = 1,
):
    perms.require(perms.can_manage_school_registry(actor), actor, hide=True)
    view = "schools" if view == "schools" else "districts"
    region = region if region in REGIONS else ""
    if view == "schools":
        statement = queries.schools(
            text=q,
            region=region,
            level=enum_or_none(AccountabilityLevel, level),
            poverty=enum_or_none(PovertyBand, poverty),
            sort=sort,
        )
        params = {"view": view, "q": q, "region": region, "level": level, "poverty": poverty, "sort": sort}
    else:
        statement = queries.districts(text=q, region=region, linked=linked, sort=sort)
        params = {"view": view, "q": q, "region": region, "linked": linked, "sort": sort}
    district_count, school_count = queries.counts(session)
    context = {
        "view": view,
        "page": paginate(session, statement, page=page),
        "params": params,
        "region_options": options(REGIONS),
        "regions": REGIONS,
        "school_types": SCHOOL_TYPES,
        "level_options": LEVEL_OPTIONS,
        "poverty_options": POVERTY_OPTIONS,
        "linked_options": LINKED_OPTIONS,
        "sort_options": SCHOOL_SORTS if view == "schools" else DISTRICT_SORTS,
        "district_count": district_count,
        "school_count": school_count,
    }
    return render(request, "schools/admin_schools.html", context, block="results")


def _district_context(session, district, *, values=None, errors=None, page=1) -> dict:  # type: ignore[no-untyped-def]
    return {
        "district": district,
        "regions": REGIONS,
        "school_types": SCHOOL_TYPES,
        "schools": paginate(session, queries.schools(district_id=district.id), page=page, per_page=50),
        "organization_options": [(o.id, o.name) for o in queries.linkable_organizations(session)],
        "values": values if values is not None else {"organization_id": district.organization_id or ""},
        "errors": errors or {},
    }


@router.get("/admin/schools/districts/{district_id}")
def admin_district(
    request: Request, session: DbSession, actor: CurrentActor, district_id: int, page: int = 1
):
    perms.require(perms.can_manage_school_registry(actor), actor, hide=True)
    district = queries.district(session, district_id)
    return render(request, "schools/admin_district.html", _district_context(session, district, page=page))


@router.post("/admin/schools/districts/{district_id}/organization")
def admin_district_link(
    request: Request, session: DbSession, actor: CurrentActor, district_id: int, form: Form
):
    perms.require(perms.can_manage_school_registry(actor), actor, hide=True)
    district = queries.district(session, district_id)
    values = form_dict(form)
    data, errors = parse(DistrictLinkForm, values)
    if data is not None:
        try:
            service.district_link(
                session=session, district=district, organization_id=data.organization_id, actor=actor
            )
        except (ValidationFailed, Conflict) as exc:
            errors = exc.field_errors or {"organization_id": exc.message}
    if errors:
        context = _district_context(session, district, values=values, errors=errors)
        return render(request, "schools/admin_district.html", context, status_code=422)
    message = (
        f"{district.name} is now linked to its district organization."
        if district.organization_id
        else f"{district.name} has no district organization now."
    )
    return redirect(request, f"/admin/schools/districts/{district.id}", message=message)
