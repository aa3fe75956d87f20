"""Evidence pages: the partner's workspace (/workspace/evidence) and staff review (/admin/evidence)."""

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile
from starlette.responses import Response

from app.accounts import permissions as perms
from app.accounts.actor import Actor
from app.accounts.deps import CurrentActor
from app.errors import Conflict, NotFound, ValidationFailed
from app.evidence import queries, service
from app.evidence.facts import form_facts, item_facts
from app.evidence.models import (
    ATTRITION_LABELS,
    DIRECTION_LABELS,
    EVIDENCE_TYPE_LABELS,
    LOCALES,
    OUTCOME_DOMAINS,
    STUDY_DESIGN_LABELS,
    WWC_RATING_LABELS,
    EvidenceItem,
    EvidenceStatus,
)
from app.evidence.schemas import (
    MAX_FINDINGS,
    AttachmentForm,
    ReturnForm,
    VerifyForm,
    finding_rows,
    item_values,
    parse_evidence,
)
from app.evidence.tiers import TIER_LABELS, assess, improvement_index
from app.partners import service as partner_service
from app.partners.models import Partner
from app.storage import file_store
from app.web.deps import DbSession, Form
from app.web.forms import form_dict, parse
from app.web.pagination import paginate
from app.web.responses import field_error, redirect
from app.web.templating import is_htmx, render, templates

router = APIRouter(include_in_schema=False)

STATUS_TAGS = {"draft": "", "submitted": "info", "verified": "success", "returned": "warning"}
OPTIONS = {
    "evidence_type": [(k.value, v) for k, v in EVIDENCE_TYPE_LABELS.items()],
    "study_design": [(k.value, v) for k, v in STUDY_DESIGN_LABELS.items()],
    "attrition": [(k.value, v) for k, v in ATTRITION_LABELS.items()],
    "wwc_rating": [(k.value, v) for k, v in WWC_RATING_LABELS.items()],
    "direction": [(k.value, v) for k, v in DIRECTION_LABELS.items()],
    "outcome_domain": list(OUTCOME_DOMAINS.items()),
    "locale": list(LOCALES.items()),
    "tier": list(TIER_LABELS.items()),
    "status": [(s.value, s.label) for s in EvidenceStatus],
}
LABELS = {
    "title": "Title",
    "summary": "Plain-language summary",
    "evidence_type": "Type of evidence",
    "study_design": "Study design",
    "conducted_by": "Who ran the study",
    "study_year": "Year",
    "grades": "Grades",
    "locale": "Locale",
    "school_count": "Number of schools",
    "student_count": "Number of students",
    "site_count": "Number of sites",
    "attrition": "Attrition",
    "wwc_rating": "What Works Clearinghouse rating",
    "citation": "Citation",
    "link": "Link",
    "findings": "Findings",
    "tier": "Verified tier",
    "reason": "Reason",
    "file": "File",
}
FINDING_LABELS = {
    "outcome_domain": "outcome domain",
    "measure": "measure",
    "effect_size": "effect size",
    "before_value": "value before",
    "after_value": "value after",
    "comparison_before": "comparison group before",
    "comparison_after": "comparison group after",
    "p_value": "p-value",
    "direction": "direction",
    "sample_size": "sample size",
}

templates.env.globals["evidence_tier_label"] = service.tier_label
templates.env.globals["evidence_improvement_index"] = improvement_index
templates.env.globals["evidence_options"] = OPTIONS


# --- helpers ------------------------------------------------------------------------------------


def _own_partner(session: Session, actor: Actor) -> Partner:
    """The signed-in partner editor's partner (others: sign in, or 403 like the whole workspace)."""
    return partner_service.partner_for_actor(session=session, actor=actor)


def _own_item(session: Session, actor: Actor, evidence_id: int) -> tuple[Partner, EvidenceItem]:
    partner = _own_partner(session, actor)
    item = queries.item_for_viewer(session, actor, evidence_id)
    if item.partner_id != partner.id:
        raise NotFound()
    return partner, item


def _labels(rows: list[dict[str, str]]) -> dict[str, str]:
    labels = dict(LABELS)
    for n in range(len(rows) + 1):
        for field, label in FINDING_LABELS.items():
            labels[f"findings-{n}-{field}"] = f"Finding {n + 1}, {label}"
    return labels


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _item_form_values(item: EvidenceItem) -> tuple[dict[str, Any], list[dict[str, str]]]:
    values: dict[str, Any] = {name: getattr(item, name) for name in service.ITEM_FIELDS}
    for name in ("study_year", "school_count", "student_count", "site_count"):
        values[name] = _number(values[name])
    for name in ("evidence_type", "study_design", "attrition", "wwc_rating"):
        values[name] = values[name].value if values[name] is not None else ""
    for name in ("baseline_equivalence", "has_logic_model", "study_under_way"):
        values[name] = "yes" if values[name] else ""
    rows = []
    for finding in item.findings:
        row = {c: _number(getattr(finding, c)) for c in service.FINDING_FIELDS}
        row["outcome_domain"] = finding.outcome_domain
        row["measure"] = finding.measure
        row["direction"] = finding.direction.value
        row["reported_significant"] = "yes" if finding.reported_significant else ""
        rows.append(row)
    return values, rows


def _row_action(rows: list[dict[str, str]], action: str) -> tuple[list[dict[str, str]], int | None]:
    """Apply "add another finding" or "remove finding n"; returns the rows and the row to focus."""
    if action == "add_finding" and len(rows) < MAX_FINDINGS:
        return [*rows, {}], len(rows)
    if action.startswith("remove_finding-"):
        try:
            index = int(action.removeprefix("remove_finding-"))
        except ValueError:
            return rows, None
        return [row for n, row in enumerate(rows) if n != index], None
    return rows, None


def _form_page(
    request: Request,
    *,
    values: dict[str, Any],
    rows: list[dict[str, str]],
    errors: dict[str, str],
    item: EvidenceItem | None,
    status_code: int = 200,
    focus_row: int | None = None,
    row_message: str = "",
    block: str | None = None,
) -> Response:
    display_rows = rows or [{}]
    context = {
        "values": values,
        "rows": display_rows,
        "errors": errors,
        "labels": _labels(display_rows),
        "item": item,
        "assessment": assess(form_facts(values, rows)),
        "form_url": f"/workspace/evidence/{item.id}/edit" if item else "/workspace/evidence/new",
        "max_findings": MAX_FINDINGS,
        "focus_row": focus_row,
        "row_message": row_message,
        "oob_tier": block == "findings" and is_htmx(request),
        "workspace_section": "evidence",
    }
    return render(request, "evidence/form.html", context, status_code=status_code, block=block)


def _save(
    request: Request, session: Session, actor: Actor, form: Any, partner: Partner, item: EvidenceItem | None
) -> Response:
    values = item_values(form)
    rows = finding_rows(form)
    action = str(form.get("form_action") or "save")
    if action != "save":
        # "Add another finding" / "Remove": the same form again, nothing saved (works without JS).
        was = len(rows)
        rows, focus = _row_action(rows, action)
        message = "A finding row was added." if len(rows) > was else "The finding was removed."
        return _form_page(
            request,
            values=values,
            rows=rows,
            errors={},
            item=item,
            focus_row=focus,
            row_message=message,
            block="findings",
        )
    data, errors = parse_evidence(values, rows)
    if data is None:
        return _form_page(request, values=values, rows=rows, errors=errors, item=item, status_code=422)
    if item is None:
        item = service.evidence_create(session=session, partner=partner, form=data, actor=actor)
        message = "The evidence is saved as a draft."
    else:
        service.evidence_update(session=session, item=item, form=data, actor=actor)
        message = "Your changes are saved."
    return redirect(request, f"/workspace/evidence/{item.id}", message=message)


def _detail_context(session: Session, item: EvidenceItem, **extra: Any) -> dict[str, Any]:
    return {
        "item": item,
        "assessment": assess(item_facts(item)),
        "versions": queries.versions(session, item),
        "status_tags": STATUS_TAGS,
        "errors": {},
        "values": {},
        **extra,
    }


def _sort_params(sort: str, order: str) -> tuple[str, bool]:
    sort = sort if sort in queries.SORTS else "updated"
    return sort, order != "asc"


def _status(value: str | None) -> EvidenceStatus | None:
    try:
        return EvidenceStatus(value) if value else None
    except ValueError:
        return None


# --- partner workspace ---------------------------------------------------------------------------


@router.get("/workspace/evidence")
def evidence_list(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    status: str | None = None,
    sort: str = "updated",
    order: str = "desc",
    page: int = 1,
):
    partner = _own_partner(session, actor)
    sort, descending = _sort_params(sort, order)
    results = paginate(
        session,
        queries.items_for_partner(partner.id, status=_status(status), sort=sort, descending=descending),
        page=page,
        per_page=20,
    )
    params = {"status": status or "", "sort": sort, "order": "desc" if descending else "asc"}
    context = {
        "page": results,
        "params": params,
        "partner": partner,
        "status_tags": STATUS_TAGS,
        "workspace_section": "evidence",
    }
    return render(request, "evidence/list.html", context, block="results")


@router.post("/workspace/evidence/validate")
def evidence_validate(request: Request, session: DbSession, actor: CurrentActor, form: Form):
    _own_partner(session, actor)
    _, errors = parse_evidence(item_values(form), finding_rows(form))
    return field_error(errors, str(form.get("field", "")))


@router.get("/workspace/evidence/new")
def evidence_new(request: Request, session: DbSession, actor: CurrentActor):
    _own_partner(session, actor)
    return _form_page(request, values={}, rows=[], errors={}, item=None)


@router.post("/workspace/evidence/new")
def evidence_create(request: Request, session: DbSession, actor: CurrentActor, form: Form):
    partner = _own_partner(session, actor)
    return _save(request, session, actor, form, partner, None)


@router.post("/workspace/evidence/preview")
def evidence_preview(request: Request, session: DbSession, actor: CurrentActor, form: Form):
    """The proposed tier for what the form holds now (htmx, as the partner types)."""
    _own_partner(session, actor)
    assessment = assess(form_facts(item_values(form), finding_rows(form)))
    return render(request, "evidence/_tier.html", {"assessment": assessment, "live": True})


@router.get("/workspace/evidence/{evidence_id}")
def evidence_detail(request: Request, session: DbSession, actor: CurrentActor, evidence_id: int):
    _partner, item = _own_item(session, actor, evidence_id)
    context = _detail_context(session, item, workspace_section="evidence")
    return render(request, "evidence/detail.html", context)


@router.get("/workspace/evidence/{evidence_id}/edit")
def evidence_edit(request: Request, session: DbSession, actor: CurrentActor, evidence_id: int):
    _partner, item = _own_item(session, actor, evidence_id)
    if not item.is_draft:
        return redirect(
            request, f"/workspace/evidence/{item.id}", message=service.NOT_EDITABLE, kind="warning"
        )
    values, rows = _item_form_values(item)
    return _form_page(request, values=values, rows=rows, errors={}, item=item)


@router.post("/workspace/evidence/{evidence_id}/edit")
def evidence_update(request: Request, session: DbSession, actor: CurrentActor, evidence_id: int, form: Form):
    partner, item = _own_item(session, actor, evidence_id)
    return _save(request, session, actor, form, partner, item)


@router.get("/workspace/evidence/{evidence_id}/submit")
def evidence_submit_page(request: Request, session: DbSession, actor: CurrentActor, evidence_id: int):
    _partner, item = _own_item(session, actor, evidence_id)
    context = _detail_context(session, item, workspace_section="evidence")
    return render(request, "evidence/submit.html", context)


@router.post("/workspace/evidence/{evidence_id}/submit")
def evidence_submit(request: Request, session: DbSession, actor: CurrentActor, evidence_id: int):
    _partner, item = _own_item(session, actor, evidence_id)
    try:
        service.evidence_submit(session=session, item=item, actor=actor)
    except ValidationFailed as exc:
        context = _detail_context(session, item, workspace_section="evidence", submit_error=exc.message)
        return render(request, "evidence/submit.html", context, status_code=422)
    return redirect(
        request,
        f"/workspace/evidence/{item.id}",
        message=f"Submitted. The claimed tier is frozen: {TIER_LABELS[item.claimed_tier]}.",
    )


@router.post("/workspace/evidence/{evidence_id}/delete")
def evidence_delete(request: Request, session: DbSession, actor: CurrentActor, evidence_id: int):
    _partner, item = _own_item(session, actor, evidence_id)
    previous_id = item.previous_id
    service.evidence_delete(session=session, item=item, actor=actor)
    target = f"/workspace/evidence/{previous_id}" if previous_id else "/workspace/evidence"
    return redirect(request, target, message="The draft is deleted.")


@router.post("/workspace/evidence/{evidence_id}/correct")
def evidence_correct(request: Request, session: DbSession, actor: CurrentActor, evidence_id: int):
    _partner, item = _own_item(session, actor, evidence_id)
    correction = service.evidence_correct(session=session, item=item, actor=actor)
    return redirect(
        request,
        f"/workspace/evidence/{correction.id}/edit",
        message=(
            f"Version {correction.version} is a new draft. Version {item.version} stays on record as it was."
        ),
    )


@router.post("/workspace/evidence/{evidence_id}/attachments")
def evidence_attach(request: Request, session: DbSession, actor: CurrentActor, evidence_id: int, form: Form):
    _partner, item = _own_item(session, actor, evidence_id)
    settings = request.app.state.settings
    upload = form.get("file")
    data, errors = parse(AttachmentForm, form_dict(form))
    if not isinstance(upload, UploadFile) or not upload.filename:
        errors["file"] = "Choose a PDF, CSV or XLSX file to upload."
    if data is not None and not errors:
        assert isinstance(upload, UploadFile)
        content = upload.file.read(settings.upload_max_bytes + 1)
        try:
            service.evidence_attach(
                session=session,
                item=item,
                filename=upload.filename or "file",
                content=content,
                title=data.title,
                store=file_store(settings.data_dir),
                max_bytes=settings.upload_max_bytes,
                actor=actor,
            )
        except (ValidationFailed, Conflict) as exc:
            errors = exc.field_errors or {"file": exc.message}
        else:
            return redirect(
                request, f"/workspace/evidence/{item.id}#attachments", message="The file is attached."
            )
    context = _detail_context(
        session,
        queries.item_for_viewer(session, actor, evidence_id),
        workspace_section="evidence",
        errors=errors,
        values={"title": str(form.get("title") or "")},
    )
    return render(request, "evidence/detail.html", context, status_code=422)


@router.post("/workspace/evidence/{evidence_id}/attachments/{attachment_id}/remove")
def evidence_detach(
    request: Request, session: DbSession, actor: CurrentActor, evidence_id: int, attachment_id: int
):
    _partner, item = _own_item(session, actor, evidence_id)
    service.evidence_detach(session=session, item=item, document_id=attachment_id, actor=actor)
    return redirect(
        request,
        f"/workspace/evidence/{item.id}#attachments",
        message="The file is removed from this evidence.",
    )


# --- state staff ------------------------------------------------------------------------------


@router.get("/admin/evidence")
def admin_evidence_list(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    status: str | None = None,
    q: str = "",
    sort: str = "updated",
    order: str = "desc",
    page: int = 1,
):
    perms.require(perms.can_browse_all_evidence(actor), actor, hide=True)
    sort, descending = _sort_params(sort, order)
    statement = queries.all_items(
        actor, status=_status(status), q=q.strip(), sort=sort, descending=descending
    )
    results = paginate(session, statement, page=page, per_page=25)
    params = {"status": status or "", "q": q, "sort": sort, "order": "desc" if descending else "asc"}
    status_options = [o for o in OPTIONS["status"] if o[0] != "draft"]
    context = {
        "page": results,
        "params": params,
        "status_tags": STATUS_TAGS,
        "status_options": status_options,
    }
    return render(request, "evidence/admin_list.html", context, block="results")


def _admin_item(session: Session, actor: Actor, evidence_id: int) -> EvidenceItem:
    perms.require(perms.can_browse_all_evidence(actor), actor, hide=True)
    return queries.item_for_viewer(session, actor, evidence_id)


@router.get("/admin/evidence/{evidence_id}")
def admin_evidence_detail(request: Request, session: DbSession, actor: CurrentActor, evidence_id: int):
    item = _admin_item(session, actor, evidence_id)
    return render(request, "evidence/admin_detail.html", _detail_context(session, item))


@router.post("/admin/evidence/{evidence_id}/verify")
def admin_evidence_verify(
    request: Request, session: DbSession, actor: CurrentActor, evidence_id: int, form: Form
):
    item = _admin_item(session, actor, evidence_id)
    values = form_dict(form)
    data, errors = parse(VerifyForm, values)
    if data is not None:
        try:
            service.evidence_verify(
                session=session, item=item, tier=data.tier, reason=data.reason, actor=actor
            )
        except ValidationFailed as exc:
            errors = exc.field_errors or {"reason": exc.message}
        else:
            return redirect(
                request, f"/admin/evidence/{item.id}", message=f"Verified as {TIER_LABELS[data.tier]}."
            )
    context = _detail_context(session, item, errors=errors, values=values, form_name="verify")
    return render(request, "evidence/admin_detail.html", context, status_code=422)


@router.post("/admin/evidence/{evidence_id}/return")
def admin_evidence_return(
    request: Request, session: DbSession, actor: CurrentActor, evidence_id: int, form: Form
):
    item = _admin_item(session, actor, evidence_id)
    # The verify form on the same page has its own "reason" field; this one is "return_reason".
    reason = str(form_dict(form).get("return_reason") or "")
    data, errors = parse(ReturnForm, {"reason": reason})
    if data is not None:
        service.evidence_return(session=session, item=item, reason=data.reason, actor=actor)
        return redirect(
            request, f"/admin/evidence/{item.id}", message="Returned to the partner with your reason."
        )
    renamed = {"return_reason": errors["reason"]} if "reason" in errors else {}
    context = _detail_context(
        session, item, errors=renamed, values={"return_reason": reason}, form_name="return"
    )
    return render(request, "evidence/admin_detail.html", context, status_code=422)
