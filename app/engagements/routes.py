"""Engagement pages: the partner's list, form, CSV import and export; the district's confirmation."""

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile
from starlette.responses import Response

from app.accounts import permissions as perms
from app.accounts.deps import CurrentActor
from app.engagements import csv_io, queries, service
from app.engagements.forms import outcome_rows, parse_engagement
from app.engagements.models import (
    FUNDING_LABELS,
    INTENSITY_LABELS,
    UNIT_LABELS,
    ConfirmationStatus,
    Engagement,
    school_year_label,
)
from app.engagements.schemas import MAX_LATER_YEARS, MAX_OUTCOMES, DisputeForm
from app.errors import NotFound, ValidationFailed
from app.partners import service as partner_service
from app.schools import queries as school_queries
from app.schools.csv_import import ImportRejected
from app.taxonomy import FOCUS_AREAS, options
from app.web.deps import DbSession, Form
from app.web.forms import form_dict, parse
from app.web.pagination import paginate
from app.web.responses import field_error, redirect
from app.web.templating import is_htmx, render

router = APIRouter(include_in_schema=False)

STATUS_OPTIONS = [(s.value, s.label) for s in ConfirmationStatus]
SORT_OPTIONS = [
    ("start", "Newest start date"),
    ("start_asc", "Oldest start date"),
    ("status", "Status"),
    ("updated", "Recently changed"),
]
FORM_LABELS = {
    "school_id": "School",
    "district_id": "Whole district",
    "school_name_other": "School outside the registry",
    "start_date": "Start date",
    "end_date": "End date",
    "focus_areas": "Focus areas",
    "services": "Services",
    "intensity": "Intensity",
    "funding_source": "Funding source",
    "cost": "Cost",
}


def _status(value: str) -> ConfirmationStatus | None:
    try:
        return ConfirmationStatus(value) if value else None
    except ValueError:
        return None


def focus_labels(codes: list[str]) -> str:
    return ", ".join(FOCUS_AREAS.get(code, code) for code in codes)


def _common() -> dict[str, Any]:
    return {
        "focus_labels": focus_labels,
        "workspace_section": "engagements",
        "focus_areas": FOCUS_AREAS,
        "intensity_labels": INTENSITY_LABELS,
        "funding_labels": FUNDING_LABELS,
        "unit_labels": UNIT_LABELS,
        "school_year_label": school_year_label,
    }


# --- partner: list -------------------------------------------------------------------------


@router.get("/workspace/engagements")
def engagement_list(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    status: str = "",
    sort: str = "start",
    page: int = 1,
):
    partner = partner_service.partner_for_actor(session=session, actor=actor)
    sort = sort if sort in queries.PARTNER_SORTS else "start"
    statement = queries.partner_engagements(partner.id, status=_status(status), sort=sort)
    context = {
        **_common(),
        "partner": partner,
        "page": paginate(session, statement, page=page),
        "params": {"status": status, "sort": sort},
        "status_options": STATUS_OPTIONS,
        "sort_options": SORT_OPTIONS,
        "track_record": queries.track_record_for_partner(session, partner.id),
    }
    return render(request, "engagements/list.html", context, block="results")


# --- partner: CSV ---------------------------------------------------------------------------


@router.get("/workspace/engagements/template.csv")
def engagement_template(request: Request, session: DbSession, actor: CurrentActor):
    partner_service.partner_for_actor(session=session, actor=actor)
    return _csv_response(csv_io.template_csv(), "engagements-template.csv")


@router.get("/workspace/engagements/export.csv")
def engagement_export(request: Request, session: DbSession, actor: CurrentActor):
    partner = partner_service.partner_for_actor(session=session, actor=actor)
    perms.require(perms.can_read_engagements(actor, partner), actor, hide=True)
    engagements = queries.engagements_for_partner(session, partner.id)
    return _csv_response(csv_io.export_csv(engagements), f"engagements-{date.today().isoformat()}.csv")


def _csv_response(text: str, filename: str) -> Response:
    return Response(
        content=("\ufeff" + text).encode(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


@router.get("/workspace/engagements/import")
def engagement_import_page(request: Request, session: DbSession, actor: CurrentActor):
    partner = partner_service.partner_for_actor(session=session, actor=actor)
    context = {**_common(), "partner": partner, "errors": {}, "problems": [], "columns": csv_io.COLUMNS}
    return render(request, "engagements/import.html", context)


@router.post("/workspace/engagements/import")
def engagement_import_upload(request: Request, session: DbSession, actor: CurrentActor, form: Form):
    partner = partner_service.partner_for_actor(session=session, actor=actor)
    upload = form.get("file")
    # Starlette spooled the upload already; reading its file object here does not block the loop.
    content = upload.file.read(service.MAX_IMPORT_BYTES + 1) if isinstance(upload, UploadFile) else b""
    context = {**_common(), "partner": partner, "errors": {}, "problems": [], "columns": csv_io.COLUMNS}
    try:
        created = service.engagements_import(session=session, partner=partner, content=content, actor=actor)
    except ImportRejected as exc:
        context.update(problems=exc.problems, message=exc.message)
        return render(request, "engagements/import.html", context, status_code=422)
    except ValidationFailed as exc:
        context.update(errors=exc.field_errors or {"file": exc.message})
        return render(request, "engagements/import.html", context, status_code=422)
    count = len(created)
    return redirect(
        request,
        "/workspace/engagements",
        message=f"Imported {count} engagement{'s' if count != 1 else ''}. "
        "Each district will be asked to confirm.",
    )


# --- partner: form --------------------------------------------------------------------------


def _values_of(engagement: Engagement) -> tuple[dict[str, Any], list[dict[str, str]]]:
    values = {
        "school_id": engagement.school_id or "",
        "district_id": engagement.district_id if engagement.school_id is None else "",
        "school_name_other": engagement.school_name_other or "",
        "start_date": engagement.start_date.isoformat(),
        "end_date": engagement.end_date.isoformat() if engagement.end_date else "",
        "focus_areas": engagement.focus_area_codes,
        "services": engagement.services,
        "intensity": engagement.intensity.value,
        "funding_source": engagement.funding_source.value,
        "cost": f"{engagement.cost_cents / 100:.2f}" if engagement.cost_cents is not None else "",
    }
    rows = []
    for measure in engagement.outcomes:
        row = {
            "name": measure.name,
            "unit": measure.unit.value,
            "students_count": "" if measure.students_count is None else str(measure.students_count),
            "baseline_year": str(measure.baseline_year),
            "baseline_value": f"{measure.baseline_value:g}",
            "state_baseline_value": ""
            if measure.state_baseline_value is None
            else f"{measure.state_baseline_value:g}",
        }
        for value in measure.values:
            n = value.school_year - measure.baseline_year
            if 1 <= n <= MAX_LATER_YEARS:
                row[f"value_{n}"] = f"{value.value:g}"
                row[f"state_value_{n}"] = "" if value.state_value is None else f"{value.state_value:g}"
        rows.append(row)
    return values, rows


def _form_context(
    session: Any,
    *,
    engagement: Engagement | None,
    values: dict[str, Any],
    rows: list[dict[str, str]],
    errors: dict[str, str] | None = None,
    school_q: str = "",
) -> dict[str, Any]:
    selected = None
    school_id = str(values.get("school_id") or "")
    if school_id.isdigit():
        try:
            selected = school_queries.school(session, int(school_id))
        except NotFound:
            selected = None
    return {
        **_common(),
        "engagement": engagement,
        "form_action": f"/workspace/engagements/{engagement.id}/edit"
        if engagement
        else "/workspace/engagements/new",
        "values": values,
        "rows": rows or [{}],
        "max_outcomes": MAX_OUTCOMES,
        "later_years": range(1, MAX_LATER_YEARS + 1),
        "errors": errors or {},
        "labels": FORM_LABELS,
        "school_q": school_q,
        "school_results": school_queries.school_search(session, school_q) if school_q else [],
        "selected_school": selected,
        "district_options": school_queries.district_options(session),
        "focus_options": options(FOCUS_AREAS),
        "intensity_options": list(INTENSITY_LABELS.items()),
        "funding_options": list(FUNDING_LABELS.items()),
        "unit_options": list(UNIT_LABELS.items()),
    }


def _submit(
    request: Request, session: Any, actor: Any, form: Any, partner: Any, engagement: Engagement | None
):
    """Save, or (for the form's own buttons) find a school or add/remove an outcome row."""
    values = form_dict(form, lists=("focus_areas",))
    rows = outcome_rows(form)
    action = str(values.get("action") or "save")
    school_q = str(values.get("school_q") or "").strip()
    if action == "add_outcome" or action.startswith("remove_outcome:"):
        if action == "add_outcome":
            if len(rows) < MAX_OUTCOMES:
                rows.append({})
        else:
            index = action.split(":", 1)[1]
            if index.isdigit() and int(index) < len(rows):
                rows.pop(int(index))
        context = _form_context(session, engagement=engagement, values=values, rows=rows, school_q=school_q)
        context["focus_row"] = len(rows) - 1 if action == "add_outcome" else None
        block = "outcomes" if is_htmx(request) else None
        return render(request, "engagements/form.html", context, block=block)
    if action == "find_school":
        context = _form_context(session, engagement=engagement, values=values, rows=rows, school_q=school_q)
        return render(request, "engagements/form.html", context)
    data, outcomes, errors = parse_engagement(values, rows)
    if data is not None and not errors:
        try:
            if engagement is None:
                engagement = service.engagement_create(
                    session=session, partner=partner, form=data, outcomes=outcomes, actor=actor
                )
                return redirect(
                    request,
                    f"/workspace/engagements/{engagement.id}",
                    message="Engagement added. The district will be asked to confirm it.",
                )
            reset = service.engagement_update(
                session=session, engagement=engagement, form=data, outcomes=outcomes, actor=actor
            )
            message = (
                "Engagement saved. Because its facts changed, it is unconfirmed "
                "until the district confirms it again."
                if reset
                else "Engagement saved."
            )
            return redirect(request, f"/workspace/engagements/{engagement.id}", message=message)
        except ValidationFailed as exc:
            errors = exc.field_errors or {"__all__": exc.message}
    context = _form_context(
        session, engagement=engagement, values=values, rows=rows, errors=errors, school_q=school_q
    )
    return render(request, "engagements/form.html", context, status_code=422)


@router.post("/workspace/engagements/validate")
def engagement_validate(request: Request, session: DbSession, actor: CurrentActor, form: Form):
    partner_service.partner_for_actor(session=session, actor=actor)
    _, _, errors = parse_engagement(form_dict(form, lists=("focus_areas",)), outcome_rows(form))
    return field_error(errors, str(form.get("field", "")))


@router.get("/workspace/engagements/new")
def engagement_new(request: Request, session: DbSession, actor: CurrentActor):
    partner_service.partner_for_actor(session=session, actor=actor)
    values = {"intensity": "moderate", "focus_areas": []}
    return render(
        request, "engagements/form.html", _form_context(session, engagement=None, values=values, rows=[])
    )


@router.post("/workspace/engagements/new")
def engagement_create(request: Request, session: DbSession, actor: CurrentActor, form: Form):
    partner = partner_service.partner_for_actor(session=session, actor=actor)
    return _submit(request, session, actor, form, partner, None)


@router.get("/workspace/engagements/{engagement_id}")
def engagement_detail(request: Request, session: DbSession, actor: CurrentActor, engagement_id: int):
    partner = partner_service.partner_for_actor(session=session, actor=actor)
    engagement = queries.partner_engagement(session, partner.id, engagement_id)
    return render(
        request, "engagements/detail.html", {**_common(), "engagement": engagement, "partner": partner}
    )


@router.get("/workspace/engagements/{engagement_id}/edit")
def engagement_edit(request: Request, session: DbSession, actor: CurrentActor, engagement_id: int):
    partner = partner_service.partner_for_actor(session=session, actor=actor)
    engagement = queries.partner_engagement(session, partner.id, engagement_id)
    values, rows = _values_of(engagement)
    context = _form_context(session, engagement=engagement, values=values, rows=rows)
    return render(request, "engagements/form.html", context)


@router.post("/workspace/engagements/{engagement_id}/edit")
def engagement_update(
    request: Request, session: DbSession, actor: CurrentActor, engagement_id: int, form: Form
):
    partner = partner_service.partner_for_actor(session=session, actor=actor)
    engagement = queries.partner_engagement(session, partner.id, engagement_id)
    return _submit(request, session, actor, form, partner, engagement)


@router.post("/workspace/engagements/{engagement_id}/delete")
def engagement_delete(request: Request, session: DbSession, actor: CurrentActor, engagement_id: int):
    partner = partner_service.partner_for_actor(session=session, actor=actor)
    engagement = queries.partner_engagement(session, partner.id, engagement_id)
    place = engagement.place_name
    service.engagement_delete(session=session, engagement=engagement, actor=actor)
    return redirect(request, "/workspace/engagements", message=f"The engagement at {place} is deleted.")


# --- district -------------------------------------------------------------------------------


def _district(session: Any, actor: Any) -> Any:
    """The signed-in district member's district; anyone else sees nothing here (404)."""
    district = school_queries.district_for_organization(session, actor.organization_id)
    perms.require(district is not None and perms.can_confirm_engagements(actor, district), actor, hide=True)
    return district


@router.get("/district/engagements")
def district_engagement_list(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    status: str = "",
    sort: str = "needs_review",
    page: int = 1,
):
    district = _district(session, actor)
    sort = sort if sort in queries.PARTNER_SORTS else "needs_review"
    statement = queries.district_engagements(district.id, status=_status(status), sort=sort)
    context = {
        **_common(),
        "district": district,
        "page": paginate(session, statement, page=page),
        "params": {"status": status, "sort": sort},
        "status_options": STATUS_OPTIONS,
        "sort_options": [("needs_review", "Needing an answer first"), *SORT_OPTIONS],
    }
    return render(request, "engagements/district_list.html", context, block="results")


def _district_detail(request: Request, session: Any, district: Any, engagement: Engagement, **extra: Any):
    context = {
        **_common(),
        "district": district,
        "engagement": engagement,
        "values": {},
        "errors": {},
        **extra,
    }
    return render(
        request, "engagements/district_detail.html", context, status_code=422 if extra.get("errors") else 200
    )


@router.get("/district/engagements/{engagement_id}")
def district_engagement_detail(request: Request, session: DbSession, actor: CurrentActor, engagement_id: int):
    district = _district(session, actor)
    engagement = queries.district_engagement(session, district.id, engagement_id)
    return _district_detail(request, session, district, engagement)


@router.post("/district/engagements/{engagement_id}/confirm")
def district_engagement_confirm(
    request: Request, session: DbSession, actor: CurrentActor, engagement_id: int
):
    district = _district(session, actor)
    engagement = queries.district_engagement(session, district.id, engagement_id)
    service.engagement_confirm(session=session, engagement=engagement, district=district, actor=actor)
    return redirect(
        request,
        "/district/engagements",
        message=f"Confirmed {engagement.partner.name}’s engagement at {engagement.place_name}.",
    )


@router.post("/district/engagements/{engagement_id}/dispute")
def district_engagement_dispute(
    request: Request, session: DbSession, actor: CurrentActor, engagement_id: int, form: Form
):
    district = _district(session, actor)
    engagement = queries.district_engagement(session, district.id, engagement_id)
    values = form_dict(form)
    data, errors = parse(DisputeForm, values)
    if data is None:
        return _district_detail(request, session, district, engagement, values=values, errors=errors)
    service.engagement_dispute(
        session=session, engagement=engagement, district=district, form=data, actor=actor
    )
    return redirect(
        request,
        "/district/engagements",
        message=f"Disputed {engagement.partner.name}’s engagement at {engagement.place_name}. "
        "They are told why.",
    )
