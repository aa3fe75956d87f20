"""Partner workspace (profile, documents), document downloads, state staff's partner pages."""

import secrets
from typing import Any

from fastapi import APIRouter, Request
from starlette.datastructures import FormData, UploadFile
from starlette.responses import Response

from app import taxonomy
from app.accounts.deps import CurrentActor
from app.errors import DomainError, NotFound, ValidationFailed
from app.partners import profile as profiles
from app.partners import queries, service
from app.partners.downloads import download_response
from app.partners.schemas import (
    DELIVERY_MODELS,
    LIST_FIELDS,
    PRICING_MODELS,
    SUMMARY_MAX,
    DocumentUploadForm,
    PartnerSearch,
    ProfileForm,
    RevisionRejectForm,
)
from app.storage import FileStore, detect_kind, file_store
from app.web.deps import DbSession, Form
from app.web.forms import form_dict, parse
from app.web.pagination import paginate
from app.web.responses import field_check, redirect
from app.web.templating import render

router = APIRouter(include_in_schema=False)

OPTIONS = {
    "focus_areas": taxonomy.options(taxonomy.FOCUS_AREAS),
    "regions": taxonomy.options(taxonomy.REGIONS),
    "grade_bands": taxonomy.options(taxonomy.GRADE_BANDS),
    "school_types": taxonomy.options(taxonomy.SCHOOL_TYPES),
    "delivery_models": [(k.value, v) for k, v in DELIVERY_MODELS.items()],
    "pricing_models": [(k.value, v) for k, v in PRICING_MODELS.items()],
    "yes_no": [("yes", "Yes, we are taking on new districts"), ("no", "No, not at the moment")],
}
# The profile's labels, plus the form's own fields (dollars, uploads, reasons).
FIELD_LABELS = {
    **profiles.LABELS,
    "capacity_schools_per_year": "Schools per year",
    "cost_min_dollars": "Lowest cost",
    "cost_max_dollars": "Highest cost",
    "logo": "Logo",
    "file": "File",
    "title": "Title",
    "reason": "Reason",
}
DOCUMENT_SORT_OPTIONS = [("newest", "Newest first"), ("oldest", "Oldest first"), ("name", "File name")]
PARTNER_SORT_OPTIONS = [("name", "Name"), ("updated", "Recently updated")]
REVISION_STATUS_TAGS = {"pending": "warning", "accepted": "success", "rejected": "error", "withdrawn": ""}


def _store(request: Request) -> FileStore:
    return file_store(request.app.state.settings.data_dir)


def _base_url(request: Request) -> str:
    return str(request.app.state.settings.base_url).rstrip("/")


def _row_id() -> str:
    return secrets.token_hex(4)


def _read_upload(value: Any, limit: int) -> tuple[str, bytes] | None:
    """(name, bytes) of a chosen file; at most limit + 1 bytes are read so the size check holds."""
    if not isinstance(value, UploadFile) or not value.filename:
        return None
    return value.filename, value.file.read(limit + 1)


# --- workspace: profile ---------------------------------------------------------------------


def _service_rows(form: FormData) -> list[dict[str, str]]:
    names = form.getlist("service_name")
    descriptions = form.getlist("service_description")
    row_ids = form.getlist("service_row")
    rows = []
    for i, name in enumerate(names):
        rows.append(
            {
                "name": str(name),
                "description": str(descriptions[i]) if i < len(descriptions) else "",
                "row_id": str(row_ids[i]) if i < len(row_ids) and row_ids[i] else _row_id(),
            }
        )
    return rows


def _profile_context(session, partner, values: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    services = [
        {
            "name": s.get("name", ""),
            "description": s.get("description", ""),
            "row_id": s.get("row_id") or _row_id(),
        }
        for s in values.get("services") or []
    ]
    if not services:
        services = [{"name": "", "description": "", "row_id": _row_id()}]
    return {
        "workspace_section": "profile",
        "partner": partner,
        "values": {**values, "services": services},
        "errors": errors,
        "labels": FIELD_LABELS,
        "options": OPTIONS,
        "summary_max": SUMMARY_MAX,
        "pending": queries.pending_revision(session, partner.id),
        "last_decision": queries.latest_decided_revision(session, partner.id),
    }


@router.get("/workspace/profile")
def profile_page(request: Request, session: DbSession, actor: CurrentActor):
    partner = queries.partner_with_facets(session, service.partner_for_actor(session=session, actor=actor).id)
    pending = queries.pending_revision(session, partner.id)
    stored = dict(pending.proposed) if pending is not None else profiles.profile_values(partner)
    context = _profile_context(session, partner, profiles.form_values(stored), {})
    return render(request, "partners/profile.html", context)


@router.post("/workspace/profile")
def profile_save(request: Request, session: DbSession, actor: CurrentActor, form: Form):
    partner = queries.partner_with_facets(session, service.partner_for_actor(session=session, actor=actor).id)
    values = form_dict(form, lists=LIST_FIELDS)
    values.pop("logo", None)
    rows = _service_rows(form)
    action = form.get("action")
    remove = form.get("remove_service")
    # Without JavaScript, adding or removing a service row re-renders the form unsaved.
    if action == "add_service" or remove:
        if remove:
            rows = [row for row in rows if row["row_id"] != remove]
        else:
            rows.append({"name": "", "description": "", "row_id": _row_id()})
        context = _profile_context(session, partner, {**values, "services": rows}, {})
        context["focus_row"] = rows[-1]["row_id"] if action == "add_service" else None
        return render(request, "partners/profile.html", context)

    data, errors = parse(ProfileForm, {**values, "services": rows})
    logo = _read_upload(form.get("logo"), service.LOGO_MAX_BYTES)
    if data is not None:
        try:
            revision = service.partner_profile_update(
                session=session, partner=partner, form=data, actor=actor, store=_store(request), logo=logo
            )
        except ValidationFailed as exc:
            errors = exc.field_errors or {"__all__": exc.message}
        else:
            if revision is not None:
                message = (
                    "Your changes are saved and sent to state staff. The directory shows them once accepted."
                )
            else:
                message = "Your profile is saved."
            return redirect(request, "/workspace/profile", message=message)
    context = _profile_context(session, partner, {**values, "services": rows}, errors)
    return render(request, "partners/profile.html", context, status_code=422)


@router.get("/workspace/profile/service-row")
def profile_service_row(request: Request, session: DbSession, actor: CurrentActor):
    """One blank service row, added in place by htmx (the form's no-JS button re-renders)."""
    service.partner_for_actor(session=session, actor=actor)
    row = {"name": "", "description": "", "row_id": _row_id()}
    return render(request, "partners/_service_row.html", {"row": row, "errors": {}, "autofocus": True})


@router.post("/workspace/profile/validate")
def profile_validate(request: Request, session: DbSession, actor: CurrentActor, form: Form):
    service.partner_for_actor(session=session, actor=actor)
    values = form_dict(form, lists=LIST_FIELDS)
    values.pop("logo", None)
    return field_check(ProfileForm, {**values, "services": _service_rows(form)}, str(form.get("field", "")))


@router.post("/workspace/profile/revision/withdraw")
def profile_revision_withdraw(request: Request, session: DbSession, actor: CurrentActor):
    partner = service.partner_for_actor(session=session, actor=actor)
    pending = queries.pending_revision(session, partner.id)
    if pending is None:
        return redirect(
            request, "/workspace/profile", message="There are no pending changes to withdraw.", kind="info"
        )
    revision = queries.revision_for_partner(session, actor, partner, pending.id)
    service.revision_withdraw(session=session, revision=revision, actor=actor)
    return redirect(request, "/workspace/profile", message="Your pending changes are withdrawn.")


def _image_response(content: bytes) -> Response:
    kind = detect_kind(content)
    media_type = {"png": "image/png", "jpg": "image/jpeg"}.get(kind or "", "application/octet-stream")
    return Response(content, media_type=media_type, headers={"Cache-Control": "private, max-age=300"})


@router.get("/workspace/profile/logo")
def profile_logo(request: Request, session: DbSession, actor: CurrentActor):
    """The partner's own logo: the pending one if a revision proposes one, else the published."""
    partner = service.partner_for_actor(session=session, actor=actor)
    key = queries.logo_key_for_viewer(session, actor, partner.id, proposed=True)
    store = _store(request)
    if not store.exists(key):
        return Response(status_code=404)
    return _image_response(store.read(key))


@router.get("/partners/{partner_id}/logo")
def partner_logo(request: Request, session: DbSession, actor: CurrentActor, partner_id: int):
    """A partner's published logo (public, like the rest of the accepted profile)."""
    key = queries.logo_key_for_viewer(session, actor, partner_id)
    store = _store(request)
    if not store.exists(key):
        return Response(status_code=404)
    return _image_response(store.read(key))


# --- workspace: documents -------------------------------------------------------------------


def _documents_context(
    session,
    partner,
    *,
    sort: str,
    q: str,
    page: int,
    errors: dict[str, str],
    values: dict[str, Any],
    max_bytes: int,
) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        "workspace_section": "documents",
        "partner": partner,
        "page": paginate(session, queries.documents(partner, sort=sort, q=q), page=page),
        "params": {"sort": sort, "q": q},
        "sort_options": DOCUMENT_SORT_OPTIONS,
        "errors": errors,
        "values": values,
        "labels": FIELD_LABELS,
        "max_megabytes": max_bytes // (1024 * 1024),
    }


@router.get("/workspace/documents")
def documents_page(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    sort: str = "newest",
    q: str = "",
    page: int = 1,
):
    partner = service.partner_for_actor(session=session, actor=actor)
    context = _documents_context(
        session,
        partner,
        sort=sort,
        q=q,
        page=page,
        errors={},
        values={},
        max_bytes=request.app.state.settings.upload_max_bytes,
    )
    return render(request, "partners/documents.html", context, block="results")


@router.post("/workspace/documents")
def documents_upload(request: Request, session: DbSession, actor: CurrentActor, form: Form):
    partner = service.partner_for_actor(session=session, actor=actor)
    max_bytes = request.app.state.settings.upload_max_bytes
    values = form_dict(form)
    values.pop("file", None)
    data, errors = parse(DocumentUploadForm, values)
    upload = _read_upload(form.get("file"), max_bytes)
    if upload is None:
        errors["file"] = "Choose a PDF, CSV or XLSX file to upload."
    if data is not None and upload is not None:
        try:
            document = service.document_upload(
                session=session,
                partner=partner,
                filename=upload[0],
                content=upload[1],
                title=data.title,
                store=_store(request),
                max_bytes=max_bytes,
                actor=actor,
            )
        except DomainError as exc:
            if not isinstance(exc, ValidationFailed) and not exc.field_errors:
                raise
            errors = exc.field_errors or {"file": exc.message}
        else:
            return redirect(request, "/workspace/documents", message=f"{document.filename} is uploaded.")
    context = _documents_context(
        session, partner, sort="newest", q="", page=1, errors=errors, values=values, max_bytes=max_bytes
    )
    return render(request, "partners/documents.html", context, status_code=422)


@router.get("/documents/{document_id}")
def document_download(request: Request, session: DbSession, actor: CurrentActor, document_id: int):
    """The file itself, as an attachment, to the owning partner's editors and state admins."""
    return download_response(request, queries.document_for_viewer(session, actor, document_id))


def _own_document(session, actor, document_id: int):  # type: ignore[no-untyped-def]
    partner = service.partner_for_actor(session=session, actor=actor)
    document = queries.document_for_viewer(session, actor, document_id)
    if document.partner_id != partner.id:
        raise NotFound()
    return partner, document


@router.get("/workspace/documents/{document_id}/delete")
def document_delete_confirm(request: Request, session: DbSession, actor: CurrentActor, document_id: int):
    partner, document = _own_document(session, actor, document_id)
    return render(
        request,
        "partners/document_delete.html",
        {"workspace_section": "documents", "partner": partner, "document": document},
    )


@router.post("/workspace/documents/{document_id}/delete")
def document_delete(request: Request, session: DbSession, actor: CurrentActor, document_id: int):
    partner, document = _own_document(session, actor, document_id)
    filename = document.filename
    try:
        service.document_delete(
            session=session, document=document, partner=partner, store=_store(request), actor=actor
        )
    except DomainError as exc:
        if exc.status_code != 409:
            raise
        return redirect(request, "/workspace/documents", message=exc.message, kind="error")
    return redirect(request, "/workspace/documents", message=f"{filename} is deleted.")


# --- state staff: partners and revisions ----------------------------------------------------


@router.get("/admin/partners")
def admin_partners(
    request: Request, session: DbSession, actor: CurrentActor, q: str = "", sort: str = "name", page: int = 1
):
    search, _ = parse(PartnerSearch, {"q": q, "sort": sort, "page": page})
    search = search or PartnerSearch()
    statement = queries.partners(actor, q=search.q, sort=search.sort)
    context = {
        "page": paginate(session, statement, page=search.page),
        "params": {"q": search.q, "sort": search.sort},
        "sort_options": PARTNER_SORT_OPTIONS,
        "pending_ids": queries.partners_with_pending_revision(session),
    }
    return render(request, "partners/admin_partners.html", context, block="results")


def _profile_display(values: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (label, profiles.display(field, values.get(field)))
        for field, label in profiles.LABELS.items()
        if field not in ("logo_storage_key",)
    ]


@router.get("/admin/partners/{partner_id}")
def admin_partner(request: Request, session: DbSession, actor: CurrentActor, partner_id: int):
    partner = queries.partner_for_staff(session, actor, partner_id)
    context = {
        "partner": partner,
        "fields": _profile_display(profiles.profile_values(partner)),
        "pending": queries.pending_revision(session, partner.id),
        "documents": queries.partner_documents(session, partner),
        "organization": queries.organization_of(session, partner),
    }
    return render(request, "partners/admin_partner.html", context)


@router.get("/admin/revisions")
def admin_revisions(request: Request, session: DbSession, actor: CurrentActor, page: int = 1):
    context = {"page": paginate(session, queries.pending_revisions(actor), page=page), "params": {}}
    return render(request, "partners/admin_revisions.html", context, block="results")


def _revision_context(revision, errors: dict[str, str], values: dict[str, Any]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    current = profiles.profile_values(revision.partner)
    return {
        "revision": revision,
        "partner": revision.partner,
        "changes": profiles.changes(current, revision.proposed),
        "errors": errors,
        "values": values,
        "labels": FIELD_LABELS,
        "status_tags": REVISION_STATUS_TAGS,
    }


@router.get("/admin/revisions/{revision_id}")
def admin_revision(request: Request, session: DbSession, actor: CurrentActor, revision_id: int):
    revision = queries.revision_for_staff(session, actor, revision_id)
    return render(request, "partners/admin_revision.html", _revision_context(revision, {}, {}))


@router.get("/admin/revisions/{revision_id}/logo")
def admin_revision_logo(request: Request, session: DbSession, actor: CurrentActor, revision_id: int):
    revision = queries.revision_for_staff(session, actor, revision_id)
    key = revision.proposed.get("logo_storage_key")
    store = _store(request)
    if not key or not store.exists(key):
        return Response(status_code=404)
    return _image_response(store.read(key))


@router.post("/admin/revisions/{revision_id}/accept")
def admin_revision_accept(request: Request, session: DbSession, actor: CurrentActor, revision_id: int):
    revision = queries.revision_for_staff(session, actor, revision_id)
    service.revision_accept(session=session, revision=revision, actor=actor, base_url=_base_url(request))
    return redirect(
        request, "/admin/revisions", message=f"The changes to {revision.partner.name} are published."
    )


@router.post("/admin/revisions/{revision_id}/reject")
def admin_revision_reject(
    request: Request, session: DbSession, actor: CurrentActor, revision_id: int, form: Form
):
    revision = queries.revision_for_staff(session, actor, revision_id)
    values = form_dict(form)
    data, errors = parse(RevisionRejectForm, values)
    if data is None:
        errors = (
            {"reason": "Say why the changes are rejected: the partner reads this."}
            if "reason" in errors
            else errors
        )
        context = _revision_context(revision, errors, values)
        return render(request, "partners/admin_revision.html", context, status_code=422)
    service.revision_reject(
        session=session, revision=revision, reason=data.reason, actor=actor, base_url=_base_url(request)
    )
    return redirect(
        request,
        "/admin/revisions",
        message=f"The changes to {revision.partner.name} are rejected; the partner is told.",
    )
