"""Directory pages: search, profiles, compare, export, shortlists, inquiries, the partner inbox."""

import csv
import io
import json
from datetime import date

from fastapi import APIRouter, Request
from starlette.responses import Response

from app import taxonomy
from app.accounts import permissions as perms
from app.accounts.deps import CurrentActor
from app.directory import export, matching, queries, search, service
from app.directory.schemas import (
    InquiryForm,
    NeedsProfileForm,
    ReplyForm,
    ShortlistAddForm,
    ShortlistForm,
    ShortlistNoteForm,
    filters_from_query,
)
from app.engagements import queries as engagement_queries
from app.errors import Conflict, NotFound, ValidationFailed
from app.evidence import queries as evidence_queries
from app.evidence.tiers import improvement_index
from app.partners import profile as partner_profile
from app.partners import service as partner_service
from app.web.deps import DbSession, Form
from app.web.forms import form_dict, parse
from app.web.responses import redirect
from app.web.templating import render, templates

# Profile values as people read them (labels, not stored codes), shared with the partner pages.
templates.env.globals["profile_display"] = partner_profile.display

MAX_PER_PAGE = 100

router = APIRouter(include_in_schema=False)

PER_PAGE = 20
COMPARE_MAX = 4

FACETS = [
    ("focus_area", "Focus area", taxonomy.options(taxonomy.FOCUS_AREAS)),
    ("tier", "Best verified ESSA evidence", list(search.TIER_LABELS.items())),
    ("grade_band", "Grade band", taxonomy.options(taxonomy.GRADE_BANDS)),
    ("region", "Region served", taxonomy.options(taxonomy.REGIONS)),
    ("school_type", "School type", taxonomy.options(taxonomy.SCHOOL_TYPES)),
    ("status", "Designation status", list(search.STATUS_LABELS.items())),
]


def today() -> date:
    return date.today()


def _base_url(request: Request) -> str:
    return str(request.app.state.settings.base_url).rstrip("/")


# --- search -----------------------------------------------------------------------------


@router.get("/directory")
def directory(request: Request, session: DbSession, actor: CurrentActor):
    filters, page, per_page = filters_from_query(request.query_params)
    # Pages are for people; exports and the API serve bulk reads.
    per_page = min(per_page or PER_PAGE, MAX_PER_PAGE)
    result = search.search(session, filters, today=today(), page=page, per_page=per_page)
    context = {
        "result": result,
        "export_limit": search.EXPORT_LIMIT,
        "filters": filters,
        "params": filters.params(),
        "facets": FACETS,
        "sorts": list(search.SORTS.items()),
        "tier_labels": search.TIER_LABELS,
        "focus_labels": taxonomy.FOCUS_AREAS,
        "like_school": queries.school_or_none(session, filters.like_school),
        "district_schools": queries.comparison_schools(session, actor),
        "query_string": request.url.query,
    }
    return render(request, "directory/search.html", context, block="live")


@router.get("/directory/export.csv")
def export_csv(request: Request, session: DbSession, actor: CurrentActor):
    filters, _, _ = filters_from_query(request.query_params)
    rows = export.rows(session, filters, today=today())
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=export.COLUMNS)
    writer.writeheader()
    writer.writerows(export.csv_safe(row) for row in rows)
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="priority-partners.csv"'},
    )


@router.get("/directory/export.json")
def export_json(request: Request, session: DbSession, actor: CurrentActor):
    filters, _, _ = filters_from_query(request.query_params)
    rows = export.rows(session, filters, today=today())
    body = {"filters": filters.params(), "count": len(rows), "partners": rows}
    return Response(
        json.dumps(body, ensure_ascii=False, indent=1),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="priority-partners.json"'},
    )


@router.get("/directory/compare")
def compare(request: Request, session: DbSession, actor: CurrentActor):
    slugs = list(dict.fromkeys(s for s in request.query_params.getlist("partner") if s))
    hits = queries.listed_partners_by_slug(session, slugs[:COMPARE_MAX], today())
    error = None
    if len(slugs) > COMPARE_MAX:
        error = f"You can compare up to {COMPARE_MAX} partners. The first {COMPARE_MAX} are shown."
    elif len(hits) < 2:
        error = "Choose 2 to 4 partners to compare: tick “Compare” next to them in the directory."
    records = {
        hit.partner.id: engagement_queries.track_record_for_partner(session, hit.partner.id) for hit in hits
    }
    context = {
        "hits": hits,
        "records": records,
        "error": error,
        "tier_labels": search.TIER_LABELS,
        "labels": _labels(),
        "back": request.query_params.get("back", ""),
    }
    return render(request, "directory/compare.html", context)


def _labels() -> dict[str, dict[str, str]]:
    return {
        "focus_area": taxonomy.FOCUS_AREAS,
        "region": taxonomy.REGIONS,
        "grade_band": taxonomy.GRADE_BANDS,
        "school_type": taxonomy.SCHOOL_TYPES,
    }


# --- shortlists -------------------------------------------------------------------------


@router.get("/directory/shortlists")
def shortlists_page(request: Request, session: DbSession, actor: CurrentActor):
    lists = queries.shortlists(session, actor)
    return render(request, "directory/shortlists.html", {"shortlists": lists, "values": {}, "errors": {}})


@router.post("/directory/shortlists")
def shortlist_create(request: Request, session: DbSession, actor: CurrentActor, form: Form):
    perms.require(perms.can_use_shortlists(actor), actor, hide=True)
    values = form_dict(form)
    data, errors = parse(ShortlistForm, values)
    if data is not None:
        try:
            created = service.shortlist_create(session=session, name=data.name, actor=actor)
        except ValidationFailed as exc:
            errors = exc.field_errors
        else:
            return redirect(
                request, f"/directory/shortlists/{created.id}", message=f"Created “{created.name}”."
            )
    lists = queries.shortlists(session, actor)
    context = {"shortlists": lists, "values": values, "errors": errors}
    return render(request, "directory/shortlists.html", context, status_code=422)


@router.post("/directory/shortlist-items")
def shortlist_add(request: Request, session: DbSession, actor: CurrentActor, form: Form):
    perms.require(perms.can_use_shortlists(actor), actor, hide=True)
    values = form_dict(form)
    data, errors = parse(ShortlistAddForm, values)
    slug = str(values.get("partner_slug") or "")
    if not slug:
        raise ValidationFailed("Choose a partner from the directory to save it to a shortlist.")
    partner, _designation = queries.listed_partner(session, slug, today())
    if data is None:
        return _profile(request, session, actor, slug, errors=errors, values=values, status_code=422)
    chosen = queries.shortlist(session, actor, data.shortlist_id) if data.shortlist_id else None
    try:
        item = service.shortlist_add(
            session=session,
            partner=partner,
            shortlist=chosen,
            new_name=data.new_shortlist_name,
            note=data.note,
            actor=actor,
        )
    except (ValidationFailed, Conflict) as exc:
        errors = exc.field_errors or {"shortlist_id": exc.message}
        return _profile(request, session, actor, slug, errors=errors, values=values, status_code=422)
    return redirect(
        request,
        f"/directory/shortlists/{item.shortlist_id}",
        message=f"Saved {partner.name} to your shortlist.",
    )


@router.get("/directory/shortlists/{shortlist_id}")
def shortlist_page(request: Request, session: DbSession, actor: CurrentActor, shortlist_id: int):
    found = queries.shortlist(session, actor, shortlist_id)
    listed = queries.listed_slugs(session, [item.partner_id for item in found.items], today())
    context = {"shortlist": found, "listed": listed, "focus_labels": taxonomy.FOCUS_AREAS, "errors": {}}
    return render(request, "directory/shortlist.html", context)


@router.post("/directory/shortlists/{shortlist_id}/delete")
def shortlist_delete(request: Request, session: DbSession, actor: CurrentActor, shortlist_id: int):
    found = queries.shortlist(session, actor, shortlist_id)
    service.shortlist_delete(session=session, shortlist=found, actor=actor)
    return redirect(request, "/directory/shortlists", message=f"Deleted “{found.name}”.")


@router.post("/directory/shortlists/{shortlist_id}/items/{shortlist_item_id}")
def shortlist_note(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    shortlist_id: int,
    shortlist_item_id: int,
    form: Form,
):
    item = queries.shortlist_item(session, actor, shortlist_id, shortlist_item_id)
    data, errors = parse(ShortlistNoteForm, form_dict(form))
    if data is None:
        found = queries.shortlist(session, actor, shortlist_id)
        listed = queries.listed_slugs(session, [i.partner_id for i in found.items], today())
        context = {
            "shortlist": found,
            "listed": listed,
            "focus_labels": taxonomy.FOCUS_AREAS,
            "errors": errors,
        }
        return render(request, "directory/shortlist.html", context, status_code=422)
    service.shortlist_item_note(session=session, item=item, note=data.note, actor=actor)
    return redirect(request, f"/directory/shortlists/{shortlist_id}", message="Note saved.")


@router.post("/directory/shortlists/{shortlist_id}/items/{shortlist_item_id}/remove")
def shortlist_remove(
    request: Request, session: DbSession, actor: CurrentActor, shortlist_id: int, shortlist_item_id: int
):
    item = queries.shortlist_item(session, actor, shortlist_id, shortlist_item_id)
    service.shortlist_item_remove(session=session, item=item, actor=actor)
    return redirect(request, f"/directory/shortlists/{shortlist_id}", message="Removed from the shortlist.")


# --- inquiries --------------------------------------------------------------------------


@router.get("/directory/inquiries")
def inquiries_page(request: Request, session: DbSession, actor: CurrentActor):
    return render(
        request, "directory/inquiries.html", {"inquiries": queries.district_inquiries(session, actor)}
    )


@router.get("/directory/inquiries/{inquiry_id}")
def inquiry_page(request: Request, session: DbSession, actor: CurrentActor, inquiry_id: int):
    found, side = queries.inquiry(session, actor, inquiry_id)
    if side != "district":
        raise NotFound()
    return render(
        request, "directory/inquiry.html", {"inquiry": found, "side": side, "errors": {}, "values": {}}
    )


@router.post("/directory/inquiries/{inquiry_id}/replies")
def inquiry_reply(request: Request, session: DbSession, actor: CurrentActor, inquiry_id: int, form: Form):
    found, side = queries.inquiry(session, actor, inquiry_id)
    values = form_dict(form)
    data, errors = parse(ReplyForm, values)
    if data is None:
        context = {"inquiry": found, "side": side, "errors": errors, "values": values}
        return render(request, "directory/inquiry.html", context, status_code=422)
    service.inquiry_reply(
        session=session, inquiry=found, side=side, body=data.body, actor=actor, base_url=_base_url(request)
    )
    target = f"/directory/inquiries/{found.id}" if side == "district" else f"/workspace/inbox/{found.id}"
    return redirect(request, target, message="Reply sent.")


@router.get("/workspace/inbox")
def inbox(request: Request, session: DbSession, actor: CurrentActor):
    partner = partner_service.partner_for_actor(session=session, actor=actor)
    items = queries.inbox(session, actor, partner)
    return render(
        request,
        "directory/inbox.html",
        {"inquiries": items, "partner": partner, "workspace_section": "inbox"},
    )


@router.get("/workspace/inbox/{inquiry_id}")
def inbox_thread(request: Request, session: DbSession, actor: CurrentActor, inquiry_id: int):
    found, side = queries.inquiry(session, actor, inquiry_id)
    if side != "partner":
        raise NotFound()
    context = {"inquiry": found, "side": side, "errors": {}, "values": {}, "workspace_section": "inbox"}
    return render(request, "directory/inquiry.html", context)


# --- school needs profiles and recommendations -------------------------------------------


def _needs_values(form) -> dict:  # type: ignore[no-untyped-def]
    values = form_dict(form)
    values["needs"] = {code: str(values.get(f"need_{code}") or "") for code in taxonomy.FOCUS_AREAS}
    return values


def _needs_page(request, session, actor, values, errors, status_code=200):  # type: ignore[no-untyped-def]
    context = {
        "profiles": queries.needs_profiles(session, actor),
        "schools": queries.district_schools(session, actor),
        "focus_areas": taxonomy.options(taxonomy.FOCUS_AREAS),
        "levels": list(matching.NEED_LEVELS.items()),
        "values": values,
        "errors": errors,
    }
    return render(request, "directory/needs.html", context, status_code=status_code)


@router.get("/directory/needs")
def needs_page(request: Request, session: DbSession, actor: CurrentActor):
    return _needs_page(request, session, actor, {"needs": {}}, {})


@router.post("/directory/needs")
def needs_create(request: Request, session: DbSession, actor: CurrentActor, form: Form):
    perms.require(perms.can_use_needs_profiles(actor), actor, hide=True)
    values = _needs_values(form)
    data, errors = parse(NeedsProfileForm, values)
    if data is None:
        return _needs_page(request, session, actor, values, errors, status_code=422)
    school = queries.district_school(session, actor, data.school_id)
    profile = service.needs_profile_create(
        session=session,
        school=school,
        needs=data.needs,
        budget_max_cents=None if data.budget_max_dollars is None else data.budget_max_dollars * 100,
        constraints=data.constraints,
        actor=actor,
    )
    return redirect(request, f"/directory/needs/{profile.id}", message=f"Needs recorded for {school.name}.")


@router.get("/directory/needs/{needs_profile_id}")
def needs_recommendations(request: Request, session: DbSession, actor: CurrentActor, needs_profile_id: int):
    profile = queries.needs_profile(session, actor, needs_profile_id)
    school = profile.school
    facts = matching.SchoolFacts(
        region=school.region, grade_bands=tuple(school.grade_bands or ()), school_type=school.school_type
    )
    recommendations = matching.recommend(
        profile.needs,
        facts,
        queries.recommendation_candidates(session, profile, today()),
        budget_max_cents=profile.budget_max_cents,
    )
    context = {
        "profile": profile,
        "recommendations": recommendations,
        "levels": matching.NEED_LEVELS,
        "focus_labels": taxonomy.FOCUS_AREAS,
        "tier_labels": search.TIER_LABELS,
    }
    return render(request, "directory/needs_profile.html", context)


@router.post("/directory/needs/{needs_profile_id}/delete")
def needs_delete(request: Request, session: DbSession, actor: CurrentActor, needs_profile_id: int):
    profile = queries.needs_profile(session, actor, needs_profile_id)
    service.needs_profile_delete(session=session, profile=profile, actor=actor)
    return redirect(request, "/directory/needs", message="Needs profile deleted.")


# --- profile ----------------------------------------------------------------------------


def _profile(request, session, actor, slug, *, errors=None, values=None, status_code=200):  # type: ignore[no-untyped-def]
    partner, designation = queries.listed_partner(session, slug, today())
    context = {
        "partner": partner,
        "designation": designation,
        "status": designation.display_status(today()),
        "figures": queries.partner_figures(session, partner, today()),
        "evidence": evidence_queries.public_evidence_for_partner(session, partner.id),
        "track_record": engagement_queries.track_record_for_partner(session, partner.id),
        "tier_labels": search.TIER_LABELS,
        "labels": _labels(),
        "improvement_index": improvement_index,
        "shortlists": queries.shortlists(session, actor) if perms.can_use_shortlists(actor) else [],
        "can_shortlist": perms.can_use_shortlists(actor),
        "can_inquire": perms.can_send_inquiry(actor),
        "errors": errors or {},
        "values": values or {},
    }
    return render(request, "directory/profile.html", context, status_code=status_code)


@router.get("/directory/{slug}")
def profile(request: Request, session: DbSession, actor: CurrentActor, slug: str):
    return _profile(request, session, actor, slug)


@router.get("/directory/{slug}/inquire")
def inquiry_new(request: Request, session: DbSession, actor: CurrentActor, slug: str):
    perms.require(perms.can_send_inquiry(actor), actor, hide=True)
    partner, _ = queries.listed_partner(session, slug, today())
    return render(request, "directory/inquiry_form.html", {"partner": partner, "values": {}, "errors": {}})


@router.post("/directory/{slug}/inquire")
def inquiry_create(request: Request, session: DbSession, actor: CurrentActor, slug: str, form: Form):
    perms.require(perms.can_send_inquiry(actor), actor, hide=True)
    partner, _ = queries.listed_partner(session, slug, today())
    values = form_dict(form)
    data, errors = parse(InquiryForm, values)
    if data is None:
        context = {"partner": partner, "values": values, "errors": errors}
        return render(request, "directory/inquiry_form.html", context, status_code=422)
    created = service.inquiry_send(
        session=session,
        partner=partner,
        subject=data.subject,
        body=data.body,
        actor=actor,
        base_url=_base_url(request),
    )
    return redirect(
        request, f"/directory/inquiries/{created.id}", message=f"Your inquiry was sent to {partner.name}."
    )
