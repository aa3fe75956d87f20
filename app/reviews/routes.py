"""Reviews pages: admin cycles, rubrics, assignment, consensus, decisions and designations;
reviewers' assignments and score sheets; partners' applications."""

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from starlette.datastructures import FormData

from app import taxonomy
from app.accounts import permissions as perms
from app.accounts.deps import CurrentActor
from app.errors import DomainError, InvalidTransition, ValidationFailed
from app.partners.downloads import download_response
from app.reviews import queries, scoring, service
from app.reviews.models import (
    CONFLICT_KIND_LABELS,
    ApplicationStatus,
    CycleStatus,
    DesignationStatus,
    Outcome,
    Recommendation,
)
from app.reviews.schemas import (
    AnswerForm,
    ApplicationForm,
    AssignmentForm,
    AutoAssignForm,
    ConflictForm,
    CycleForm,
    DecisionForm,
    DiscussionForm,
    InformationRequestForm,
    ReasonForm,
    RubricForm,
    ScoreSheetForm,
    TransitionForm,
)
from app.reviews.snapshot import label as snapshot_label
from app.web.deps import DbSession, Form
from app.web.forms import form_dict, parse
from app.web.pagination import paginate
from app.web.responses import redirect
from app.web.templating import render

router = APIRouter(include_in_schema=False)

PROMPT_ROWS = 5
REFERENCE_ROWS = 3
FOCUS_OPTIONS = taxonomy.options(taxonomy.FOCUS_AREAS)
TIER_OPTIONS = taxonomy.options(taxonomy.ESSA_TIERS)
CONFLICT_OPTIONS = [(k.value, v) for k, v in CONFLICT_KIND_LABELS.items()]
RECOMMENDATION_OPTIONS = [(r.value, r.label) for r in Recommendation]
OUTCOME_OPTIONS = [(o.value, o.label) for o in Outcome]
DESIGNATION_FILTERS = [
    ("active", "Active"),
    ("expiring", "Expiring within 90 days"),
    ("expired", "Expired"),
    ("suspended", "Suspended"),
    ("revoked", "Revoked"),
]


def _page_number(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def _common() -> dict[str, Any]:
    return {
        "focus_labels": taxonomy.FOCUS_AREAS,
        "tier_labels": taxonomy.ESSA_TIERS,
        "status_labels": scoring.STATUS_LABELS,
        "today": date.today(),
        "snapshot_label": snapshot_label,
    }


# --- admin: cycles ---------------------------------------------------------------------------


@router.get("/admin/cycles")
def cycles_page(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    status: str = "",
    sort: str = "newest",
    page: str = "1",
):
    perms.require(perms.can_run_reviews(actor), actor, hide=True)
    chosen = CycleStatus(status) if status in CycleStatus.__members__ else None
    results = paginate(session, queries.cycles(actor, status=chosen, sort=sort), page=_page_number(page))
    pipelines = {c.id: queries.pipeline(session, c.id, today=date.today()) for c in results.items}
    context = {
        **_common(),
        "page": results,
        "pipelines": pipelines,
        "params": {"status": status, "sort": sort},
        "status_options": [(s.value, s.label) for s in CycleStatus],
    }
    return render(request, "reviews/admin_cycles.html", context, block="results")


def _cycle_form_context(
    session, actor, values: dict[str, Any], errors: dict[str, str], cycle=None
) -> dict[str, Any]:
    service.rubric_default_ensure(session=session, actor=actor)
    rubrics = queries.rubrics(session, actor)
    return {
        **_common(),
        "values": values,
        "errors": errors,
        "cycle": cycle,
        "rubric_options": [(r.id, r.name + (" (frozen)" if r.is_frozen else "")) for r in rubrics],
        "focus_options": FOCUS_OPTIONS,
        "prompt_rows": PROMPT_ROWS,
    }


def _cycle_values(cycle) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": cycle.name,
        "description": cycle.description,
        "opens_on": cycle.opens_on.isoformat(),
        "closes_on": cycle.closes_on.isoformat(),
        "term_years": cycle.term_years,
        "rubric_id": cycle.rubric_id,
        "focus_areas": cycle.focus_areas,
    }
    for i, prompt in enumerate(cycle.prompts):
        values[f"prompt_{i}_question"] = prompt["question"]
        values[f"prompt_{i}_limit"] = prompt["word_limit"]
    return values


def _cycle_input(form: FormData) -> tuple[dict[str, Any], dict[str, Any]]:
    values = form_dict(form, lists=("focus_areas",))
    prompts = []
    for i in range(PROMPT_ROWS):
        question = str(values.get(f"prompt_{i}_question") or "").strip()
        limit = str(values.get(f"prompt_{i}_limit") or "").strip()
        if question or limit:
            prompts.append({"question": question, "word_limit": limit or None})
    data = {**values, "prompts": prompts}
    return values, data


def _with_prompt_errors(errors: dict[str, str], values: dict[str, Any]) -> dict[str, str]:
    """Put prompt problems next to the row they belong to."""
    if "prompts" not in errors:
        return errors
    message = errors.pop("prompts")
    for i in range(PROMPT_ROWS):
        question = str(values.get(f"prompt_{i}_question") or "").strip()
        limit = str(values.get(f"prompt_{i}_limit") or "").strip()
        if question and not limit.isdigit():
            errors[f"prompt_{i}_limit"] = "Give a word limit from 10 to 5000."
            return errors
        if limit and not question:
            errors[f"prompt_{i}_question"] = "Write the prompt, or clear its word limit."
            return errors
        if limit.isdigit() and not 10 <= int(limit) <= 5000:
            errors[f"prompt_{i}_limit"] = "Give a word limit from 10 to 5000."
            return errors
    errors["prompt_0_question"] = message
    return errors


@router.get("/admin/cycles/new")
def cycle_new_page(request: Request, session: DbSession, actor: CurrentActor):
    perms.require(perms.can_run_reviews(actor), actor, hide=True)
    today = date.today()
    values = {
        "term_years": 3,
        "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(days=30)).isoformat(),
        "focus_areas": list(taxonomy.FOCUS_AREAS),
        "prompt_0_limit": 500,
    }
    return render(request, "reviews/admin_cycle_form.html", _cycle_form_context(session, actor, values, {}))


@router.post("/admin/cycles/new")
def cycle_create(request: Request, session: DbSession, actor: CurrentActor, form: Form):
    perms.require(perms.can_run_reviews(actor), actor, hide=True)
    values, data = _cycle_input(form)
    parsed, errors = parse(CycleForm, data)
    if parsed is not None:
        try:
            cycle = service.cycle_create(session=session, form=parsed, actor=actor)
        except ValidationFailed as exc:
            errors = exc.field_errors
        else:
            return redirect(
                request, f"/admin/cycles/{cycle.id}", message=f"Cycle “{cycle.name}” created as a draft."
            )
    context = _cycle_form_context(session, actor, values, _with_prompt_errors(errors, values))
    return render(request, "reviews/admin_cycle_form.html", context, status_code=422)


@router.get("/admin/cycles/{cycle_id}")
def cycle_page(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    cycle_id: int,
    status: str = "",
    sort: str = "partner",
    page: str = "1",
):
    cycle = queries.cycle(session, actor, cycle_id)
    chosen = ApplicationStatus(status) if status in ApplicationStatus.__members__ else None
    results = paginate(
        session,
        queries.cycle_applications(actor, cycle.id, status=chosen, sort=sort),
        page=_page_number(page),
    )
    context = {
        **_common(),
        "cycle": cycle,
        "pipeline": queries.pipeline(session, cycle.id, today=date.today()),
        "transitions": scoring.CYCLE_TRANSITIONS[cycle.status.value],
        "page": results,
        "params": {"status": status, "sort": sort},
        "application_status_options": [(s.value, s.label) for s in ApplicationStatus],
        "auto_values": {
            "reviewers_per_application": 2,
            "due_date": (date.today() + timedelta(days=21)).isoformat(),
        },
        "errors": {},
    }
    return render(request, "reviews/admin_cycle.html", context, block="results")


@router.get("/admin/cycles/{cycle_id}/edit")
def cycle_edit_page(request: Request, session: DbSession, actor: CurrentActor, cycle_id: int):
    cycle = queries.cycle(session, actor, cycle_id)
    return render(
        request,
        "reviews/admin_cycle_form.html",
        _cycle_form_context(session, actor, _cycle_values(cycle), {}, cycle),
    )


@router.post("/admin/cycles/{cycle_id}/edit")
def cycle_edit(request: Request, session: DbSession, actor: CurrentActor, cycle_id: int, form: Form):
    cycle = queries.cycle(session, actor, cycle_id)
    values, data = _cycle_input(form)
    parsed, errors = parse(CycleForm, data)
    if parsed is not None:
        try:
            service.cycle_update(session=session, cycle=cycle, form=parsed, actor=actor)
        except ValidationFailed as exc:
            errors = exc.field_errors
        else:
            return redirect(request, f"/admin/cycles/{cycle.id}", message="Cycle saved.")
    context = _cycle_form_context(session, actor, values, _with_prompt_errors(errors, values), cycle)
    return render(request, "reviews/admin_cycle_form.html", context, status_code=422)


@router.post("/admin/cycles/{cycle_id}/transition")
def cycle_transition(request: Request, session: DbSession, actor: CurrentActor, cycle_id: int, form: Form):
    cycle = queries.cycle(session, actor, cycle_id)
    parsed, _errors = parse(TransitionForm, form_dict(form))
    target = parsed.to if parsed else ""
    try:
        service.cycle_transition(session=session, cycle=cycle, target=target, actor=actor)
    except DomainError as exc:
        return redirect(request, f"/admin/cycles/{cycle.id}", message=exc.message, kind="error")
    return redirect(
        request,
        f"/admin/cycles/{cycle.id}",
        message=f"The cycle is now {scoring.STATUS_LABELS[cycle.status.value].lower()}.",
    )


@router.post("/admin/cycles/{cycle_id}/auto-assign")
def cycle_auto_assign(request: Request, session: DbSession, actor: CurrentActor, cycle_id: int, form: Form):
    cycle = queries.cycle(session, actor, cycle_id)
    parsed, errors = parse(AutoAssignForm, form_dict(form))
    if parsed is None:
        message = "Auto-assignment needs " + "; ".join(
            f"{k.replace('_', ' ')}: {v}" for k, v in errors.items()
        )
        return redirect(request, f"/admin/cycles/{cycle.id}", message=message, kind="error")
    try:
        created = service.assignments_auto(session=session, cycle=cycle, form=parsed, actor=actor)
    except DomainError as exc:
        return redirect(request, f"/admin/cycles/{cycle.id}", message=exc.message, kind="error")
    return redirect(request, f"/admin/cycles/{cycle.id}", message=f"{created} assignments made.")


# --- admin: rubrics --------------------------------------------------------------------------


@router.get("/admin/rubrics")
def rubrics_page(request: Request, session: DbSession, actor: CurrentActor):
    perms.require(perms.can_run_reviews(actor), actor, hide=True)
    service.rubric_default_ensure(session=session, actor=actor)
    return render(
        request, "reviews/admin_rubrics.html", {**_common(), "rubrics": queries.rubrics(session, actor)}
    )


def _rubric_values(rubric) -> dict[str, Any]:
    values: dict[str, Any] = {"name": rubric.name}
    for i, c in enumerate(rubric.criteria):
        values[f"criterion_{i}_title"] = c.title
        values[f"criterion_{i}_weight"] = c.weight
        for level in range(4):
            values[f"criterion_{i}_level_{level + 1}"] = c.levels[level] if level < len(c.levels) else ""
    return values


def _rubric_context(rubric, values, errors) -> dict[str, Any]:
    return {
        **_common(),
        "rubric": rubric,
        "values": values,
        "errors": errors,
        "rows": max(len(rubric.criteria), 1) + (0 if rubric.is_frozen else 2),
    }


@router.get("/admin/rubrics/{rubric_id}")
def rubric_page(request: Request, session: DbSession, actor: CurrentActor, rubric_id: int):
    rubric = queries.rubric(session, actor, rubric_id)
    return render(request, "reviews/admin_rubric.html", _rubric_context(rubric, _rubric_values(rubric), {}))


@router.post("/admin/rubrics/{rubric_id}")
def rubric_save(request: Request, session: DbSession, actor: CurrentActor, rubric_id: int, form: Form):
    rubric = queries.rubric(session, actor, rubric_id)
    values = form_dict(form)
    criteria = []
    for i in range(40):
        title = str(values.get(f"criterion_{i}_title") or "").strip()
        if f"criterion_{i}_title" not in values:
            break
        if not title:
            continue
        criteria.append(
            {
                "title": title,
                "weight": values.get(f"criterion_{i}_weight") or None,
                "levels": [values.get(f"criterion_{i}_level_{n}") or "" for n in range(1, 5)],
            }
        )
    parsed, errors = parse(RubricForm, {"name": values.get("name", ""), "criteria": criteria})
    if parsed is not None:
        try:
            service.rubric_update(session=session, rubric=rubric, form=parsed, actor=actor)
        except DomainError as exc:
            errors = {"__all__": exc.message}
        else:
            return redirect(request, f"/admin/rubrics/{rubric.id}", message="Rubric saved.")
    if "criteria" in errors:
        errors["__all__"] = "Each criterion needs a title and a weight from 1 to 100. " + errors.pop(
            "criteria"
        )
    return render(
        request, "reviews/admin_rubric.html", _rubric_context(rubric, values, errors), status_code=422
    )


@router.post("/admin/rubrics/{rubric_id}/copy")
def rubric_copy(request: Request, session: DbSession, actor: CurrentActor, rubric_id: int):
    rubric = queries.rubric(session, actor, rubric_id)
    copy = service.rubric_copy(session=session, rubric=rubric, actor=actor)
    return redirect(
        request, f"/admin/rubrics/{copy.id}", message="Copy made: edit it, then choose it for a new cycle."
    )


# --- admin: applications ---------------------------------------------------------------------


def _consensus(application) -> dict[str, Any]:
    criteria = application.cycle.rubric.criteria
    sheets = sorted((a for a in application.assignments if a.submitted_at), key=lambda a: a.id)
    weights = [scoring.CriterionWeight(c.id, c.weight) for c in criteria]
    rows = []
    for c in criteria:
        values = [(s.scores.get(str(c.id)) or {}).get("score") for s in sheets]
        rows.append(
            {
                "criterion": c,
                "scores": values,
                "spread": scoring.spread(values),
                "flagged": scoring.is_flagged(values),
            }
        )
    totals = [scoring.weighted_total(weights, s.scores) for s in sheets]
    return {"sheets": sheets, "rows": rows, "totals": totals}


def _admin_application_context(session, actor, application, **extra) -> dict[str, Any]:
    return {
        **_common(),
        "application": application,
        "snapshot": application.snapshot or {},
        "consensus": _consensus(application),
        "discussion": queries.discussion(session, application.id),
        "reviewer_options": [(r.id, r.full_name) for r in queries.assignable_reviewers(session, application)],
        "recommendation_labels": {r.value: r.label for r in Recommendation},
        "values": {"due_date": (date.today() + timedelta(days=21)).isoformat()},
        "errors": {},
        "ir_values": {"due_date": (date.today() + timedelta(days=14)).isoformat()},
        "ir_errors": {},
        "discussion_errors": {},
        **extra,
    }


@router.get("/admin/applications/{application_id}")
def admin_application_page(request: Request, session: DbSession, actor: CurrentActor, application_id: int):
    application = queries.application_for_admin(session, actor, application_id)
    return render(
        request, "reviews/admin_application.html", _admin_application_context(session, actor, application)
    )


@router.post("/admin/applications/{application_id}/assignments")
def assignment_create(
    request: Request, session: DbSession, actor: CurrentActor, application_id: int, form: Form
):
    application = queries.application_for_admin(session, actor, application_id)
    values = form_dict(form)
    parsed, errors = parse(AssignmentForm, values)
    if parsed is not None:
        try:
            service.assignment_create(session=session, application=application, form=parsed, actor=actor)
        except ValidationFailed as exc:
            errors = exc.field_errors
        except DomainError as exc:
            errors = {"__all__": exc.message}
        else:
            return redirect(
                request, f"/admin/applications/{application.id}#assignments", message="Reviewer assigned."
            )
    context = _admin_application_context(session, actor, application, values=values, errors=errors)
    return render(request, "reviews/admin_application.html", context, status_code=422)


@router.post("/admin/applications/{application_id}/assignments/{assignment_id}/remove")
def assignment_remove(
    request: Request, session: DbSession, actor: CurrentActor, application_id: int, assignment_id: int
):
    application = queries.application_for_admin(session, actor, application_id)
    assignment = next((a for a in application.assignments if a.id == assignment_id), None)
    if assignment is None:
        perms.require(False, actor, hide=True)
    try:
        service.assignment_remove(session=session, assignment=assignment, actor=actor)
    except DomainError as exc:
        return redirect(request, f"/admin/applications/{application.id}", message=exc.message, kind="error")
    return redirect(
        request, f"/admin/applications/{application.id}#assignments", message="Assignment removed."
    )


@router.post("/admin/applications/{application_id}/discussion")
def discussion_add(
    request: Request, session: DbSession, actor: CurrentActor, application_id: int, form: Form
):
    application = queries.application_for_admin(session, actor, application_id)
    values = form_dict(form)
    parsed, errors = parse(DiscussionForm, values)
    if parsed is None:
        context = _admin_application_context(
            session, actor, application, discussion_errors=errors, discussion_values=values
        )
        return render(request, "reviews/admin_application.html", context, status_code=422)
    service.discussion_add(session=session, application=application, form=parsed, actor=actor)
    return redirect(request, f"/admin/applications/{application.id}#discussion", message="Comment added.")


@router.post("/admin/applications/{application_id}/information-requests")
def admin_information_request(
    request: Request, session: DbSession, actor: CurrentActor, application_id: int, form: Form
):
    application = queries.application_for_admin(session, actor, application_id)
    values = form_dict(form)
    parsed, errors = parse(InformationRequestForm, values)
    if parsed is not None:
        try:
            service.information_request_create(
                session=session, application=application, form=parsed, actor=actor, is_assigned=False
            )
        except DomainError as exc:
            errors = {"__all__": exc.message}
        else:
            return redirect(
                request,
                f"/admin/applications/{application.id}#information",
                message="Question sent to the partner.",
            )
    context = _admin_application_context(session, actor, application, ir_values=values, ir_errors=errors)
    return render(request, "reviews/admin_application.html", context, status_code=422)


def _decision_context(application, values, errors) -> dict[str, Any]:
    return {
        **_common(),
        "application": application,
        "values": values,
        "errors": errors,
        "outcome_options": OUTCOME_OPTIONS,
        "feedback_options": service.feedback_options(application),
        "consensus": _consensus(application),
    }


@router.get("/admin/applications/{application_id}/decision")
def decision_page(request: Request, session: DbSession, actor: CurrentActor, application_id: int):
    application = queries.application_for_admin(session, actor, application_id)
    values = {"start_date": date.today().isoformat(), "release": []}
    return render(request, "reviews/admin_decision.html", _decision_context(application, values, {}))


@router.post("/admin/applications/{application_id}/decision")
def decision_record(
    request: Request, session: DbSession, actor: CurrentActor, application_id: int, form: Form
):
    application = queries.application_for_admin(session, actor, application_id)
    values = form_dict(form, lists=("release",))
    data = {**values, "outcomes": {a: values.get(f"outcome_{a}") for a in application.focus_areas}}
    parsed, errors = parse(DecisionForm, data)
    if parsed is not None:
        try:
            service.decision_record(session=session, application=application, form=parsed, actor=actor)
        except ValidationFailed as exc:
            errors = exc.field_errors or {"__all__": exc.message}
        except DomainError as exc:
            errors = {"__all__": exc.message}
        else:
            return redirect(
                request,
                f"/admin/applications/{application.id}",
                message="Decision recorded and released to the partner.",
            )
    if "outcomes" in errors:
        errors["__all__"] = errors.pop("outcomes")
    return render(
        request,
        "reviews/admin_decision.html",
        _decision_context(application, values, errors),
        status_code=422,
    )


# --- admin: designations -----------------------------------------------------------------------


@router.get("/admin/designations")
def designations_page(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    show: str = "",
    sort: str = "end",
    page: str = "1",
):
    perms.require(perms.can_run_reviews(actor), actor, hide=True)
    today = date.today()
    results = paginate(
        session, queries.designations(actor, show=show, today=today, sort=sort), page=_page_number(page)
    )
    context = {
        **_common(),
        "page": results,
        "params": {"show": show, "sort": sort},
        "show_options": DESIGNATION_FILTERS,
    }
    return render(request, "reviews/admin_designations.html", context, block="results")


@router.get("/admin/designations/{designation_id}")
def designation_page(request: Request, session: DbSession, actor: CurrentActor, designation_id: int):
    designation = queries.designation(session, actor, designation_id)
    return render(
        request,
        "reviews/admin_designation.html",
        {**_common(), "designation": designation, "values": {}, "errors": {}},
    )


def _designation_change(
    request, session, actor, designation_id: int, form: FormData, status: DesignationStatus, done: str
):
    designation = queries.designation(session, actor, designation_id)
    field = f"{status.value}_reason"
    values = form_dict(form)
    parsed, errors = parse(ReasonForm, {"reason": values.get(field, "")})
    if parsed is not None:
        try:
            service.designation_change(
                session=session, designation=designation, status=status, reason=parsed.reason, actor=actor
            )
        except DomainError as exc:
            errors = {"__all__": exc.message}
        else:
            return redirect(request, f"/admin/designations/{designation.id}", message=done)
    errors = {field if k == "reason" else k: v for k, v in errors.items()}
    return render(
        request,
        "reviews/admin_designation.html",
        {**_common(), "designation": designation, "values": values, "errors": errors},
        status_code=422,
    )


@router.post("/admin/designations/{designation_id}/suspend")
def designation_suspend(
    request: Request, session: DbSession, actor: CurrentActor, designation_id: int, form: Form
):
    return _designation_change(
        request,
        session,
        actor,
        designation_id,
        form,
        DesignationStatus.suspended,
        "Designation suspended: the partner left the directory and was told why.",
    )


@router.post("/admin/designations/{designation_id}/revoke")
def designation_revoke(
    request: Request, session: DbSession, actor: CurrentActor, designation_id: int, form: Form
):
    return _designation_change(
        request,
        session,
        actor,
        designation_id,
        form,
        DesignationStatus.revoked,
        "Designation revoked: the partner left the directory and was told why.",
    )


@router.post("/admin/designations/{designation_id}/reinstate")
def designation_reinstate(
    request: Request, session: DbSession, actor: CurrentActor, designation_id: int, form: Form
):
    return _designation_change(
        request, session, actor, designation_id, form, DesignationStatus.active, "Designation reinstated."
    )


# --- reviewers ---------------------------------------------------------------------------------


@router.get("/reviews")
def reviewer_dashboard(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    show: str = "open",
    sort: str = "due",
    page: str = "1",
):
    perms.require(perms.can_review(actor), actor, hide=True)
    today = date.today()
    results = paginate(session, queries.my_assignments(actor, show=show, sort=sort), page=_page_number(page))
    context = {
        **_common(),
        "page": results,
        "counts": queries.my_assignment_counts(session, actor, today),
        "params": {"show": show, "sort": sort},
    }
    return render(request, "reviews/reviewer_dashboard.html", context, block="results")


@router.get("/reviews/conflicts")
def conflicts_page(request: Request, session: DbSession, actor: CurrentActor):
    perms.require(perms.can_review(actor), actor, hide=True)
    return render(request, "reviews/reviewer_conflicts.html", _conflicts_context(session, actor, {}, {}))


def _conflicts_context(session, actor, values, errors) -> dict[str, Any]:
    conflicts = queries.my_conflicts(session, actor)
    declared = {c.partner_id for c in conflicts}
    return {
        **_common(),
        "conflicts": conflicts,
        "values": values,
        "errors": errors,
        "partner_options": [
            (p.id, p.name) for p in queries.partners_for_conflicts(session) if p.id not in declared
        ],
        "kind_options": CONFLICT_OPTIONS,
    }


@router.post("/reviews/conflicts")
def conflict_declare(request: Request, session: DbSession, actor: CurrentActor, form: Form):
    perms.require(perms.can_review(actor), actor, hide=True)
    values = form_dict(form)
    parsed, errors = parse(ConflictForm, values)
    if parsed is not None:
        try:
            service.conflict_declare(session=session, form=parsed, actor=actor)
        except ValidationFailed as exc:
            errors = exc.field_errors
        else:
            return redirect(request, "/reviews/conflicts", message="Conflict declared.")
    return render(
        request,
        "reviews/reviewer_conflicts.html",
        _conflicts_context(session, actor, values, errors),
        status_code=422,
    )


@router.post("/reviews/conflicts/{conflict_id}/remove")
def conflict_remove(request: Request, session: DbSession, actor: CurrentActor, conflict_id: int):
    conflict = queries.my_conflict(session, actor, conflict_id)
    service.conflict_remove(session=session, conflict=conflict, actor=actor)
    return redirect(request, "/reviews/conflicts", message="Conflict withdrawn.")


def _sheet_values(assignment) -> dict[str, Any]:
    values: dict[str, Any] = {
        "version": assignment.version,
        "recommendation": assignment.recommendation.value if assignment.recommendation else "",
        "comment_to_partner": assignment.comment_to_partner,
        "internal_comment": assignment.internal_comment,
    }
    for cid, entry in (assignment.scores or {}).items():
        values[f"score_{cid}"] = "" if entry.get("score") is None else str(entry.get("score"))
        values[f"comment_{cid}"] = entry.get("comment", "")
    for eid, entry in (assignment.tiers or {}).items():
        values[f"tier_{eid}"] = entry.get("tier", "")
        values[f"tier_reason_{eid}"] = entry.get("reason", "")
    return values


def _reviewer_context(session, actor, application, values=None, errors=None, **extra) -> dict[str, Any]:
    assignment = queries.assignment_for(session, actor, application)
    others = []
    if assignment.submitted_at is not None:
        others = sorted(
            (a for a in application.assignments if a.submitted_at and a.id != assignment.id),
            key=lambda a: a.id,
        )
    return {
        **_common(),
        "application": application,
        "snapshot": application.snapshot or {},
        "assignment": assignment,
        "others": others,
        "criteria": application.cycle.rubric.criteria,
        "values": values if values is not None else _sheet_values(assignment),
        "errors": errors or {},
        "tier_options": TIER_OPTIONS,
        "recommendation_options": RECOMMENDATION_OPTIONS,
        "recommendation_labels": {r.value: r.label for r in Recommendation},
        "kind_options": CONFLICT_OPTIONS,
        "ir_values": {"due_date": (date.today() + timedelta(days=14)).isoformat()},
        "ir_errors": {},
        **extra,
    }


@router.get("/reviews/applications/{application_id}/documents/{document_id}")
def reviewer_document(
    request: Request, session: DbSession, actor: CurrentActor, application_id: int, document_id: int
):
    """A document the partner attached to this application, for its assigned, unconflicted reviewers."""
    application = queries.application_for_reviewer(session, actor, application_id)
    return download_response(request, queries.application_document(session, application, document_id))


@router.get("/reviews/applications/{application_id}")
def reviewer_application(request: Request, session: DbSession, actor: CurrentActor, application_id: int):
    application = queries.application_for_reviewer(session, actor, application_id)
    return render(
        request, "reviews/reviewer_application.html", _reviewer_context(session, actor, application)
    )


@router.post("/reviews/applications/{application_id}/score-sheet")
def score_sheet_save(
    request: Request, session: DbSession, actor: CurrentActor, application_id: int, form: Form
):
    application = queries.application_for_reviewer(session, actor, application_id)
    assignment = queries.assignment_for(session, actor, application)
    values = form_dict(form)
    criteria = application.cycle.rubric.criteria
    evidence = (application.snapshot or {}).get("evidence", [])
    data = {
        **values,
        "version": values.get("version") or -1,
        "submit": values.get("action") == "submit",
        "scores": {str(c.id): values.get(f"score_{c.id}") for c in criteria},
        "comments": {str(c.id): values.get(f"comment_{c.id}") or "" for c in criteria},
        "tiers": {str(e["id"]): values.get(f"tier_{e['id']}") or "" for e in evidence},
        "tier_reasons": {str(e["id"]): values.get(f"tier_reason_{e['id']}") or "" for e in evidence},
    }
    parsed, errors = parse(ScoreSheetForm, data)
    status = 422
    if parsed is not None:
        try:
            service.score_sheet_save(
                session=session, assignment=assignment, application=application, form=parsed, actor=actor
            )
        except ValidationFailed as exc:
            errors = exc.field_errors or {"__all__": exc.message}
            # The draft part was kept; the form shows the new version so a retry is not a conflict.
            values["version"] = assignment.version
        except DomainError as exc:
            errors = {"__all__": exc.message}
            status = exc.status_code
        else:
            message = (
                "Score sheet submitted. Other reviewers' score sheets are now visible."
                if parsed.submit
                else "Draft saved."
            )
            return redirect(request, f"/reviews/applications/{application.id}", message=message)
    return render(
        request,
        "reviews/reviewer_application.html",
        _reviewer_context(session, actor, application, values=values, errors=errors),
        status_code=status,
    )


@router.post("/reviews/applications/{application_id}/conflict")
def reviewer_declare_conflict(
    request: Request, session: DbSession, actor: CurrentActor, application_id: int, form: Form
):
    application = queries.application_for_reviewer(session, actor, application_id)
    values = {**form_dict(form), "partner_id": application.partner_id}
    parsed, errors = parse(ConflictForm, values)
    if parsed is None:
        return render(
            request,
            "reviews/reviewer_application.html",
            _reviewer_context(session, actor, application, conflict_errors=errors),
            status_code=422,
        )
    service.conflict_declare(session=session, form=parsed, actor=actor)
    return redirect(
        request, "/reviews", message="Conflict declared: the application was removed from your reviews."
    )


@router.post("/reviews/applications/{application_id}/information-requests")
def reviewer_information_request(
    request: Request, session: DbSession, actor: CurrentActor, application_id: int, form: Form
):
    application = queries.application_for_reviewer(session, actor, application_id)
    values = form_dict(form)
    parsed, errors = parse(InformationRequestForm, values)
    if parsed is not None:
        try:
            service.information_request_create(
                session=session, application=application, form=parsed, actor=actor, is_assigned=True
            )
        except DomainError as exc:
            errors = {"__all__": exc.message}
        else:
            return redirect(
                request,
                f"/reviews/applications/{application.id}#information",
                message="Question sent to the partner.",
            )
    return render(
        request,
        "reviews/reviewer_application.html",
        _reviewer_context(session, actor, application, ir_values=values, ir_errors=errors),
        status_code=422,
    )


# --- partners ------------------------------------------------------------------------------------


@router.get("/workspace/applications")
def partner_applications(request: Request, session: DbSession, actor: CurrentActor):
    partner = queries.partner_of(session, actor)
    applications = queries.partner_applications(session, actor, partner)
    applied = {a.cycle_id for a in applications}
    open_cycles = [c for c in queries.open_cycles(session) if c.id not in applied]
    today = date.today()
    context = {
        **_common(),
        "partner": partner,
        "applications": applications,
        "open_cycles": open_cycles,
        "window_problems": {
            c.id: scoring.window_problem(c.opens_on, c.closes_on, today) for c in open_cycles
        },
        "designations": queries.partner_designations(session, partner.id),
        "workspace_section": "applications",
    }
    return render(request, "reviews/partner_applications.html", context)


@router.post("/workspace/applications")
def partner_application_start(request: Request, session: DbSession, actor: CurrentActor, form: Form):
    partner = queries.partner_of(session, actor)
    try:
        cycle_id = int(str(form.get("cycle_id") or "0"))
    except ValueError:
        cycle_id = 0
    cycle = next((c for c in queries.open_cycles(session) if c.id == cycle_id), None)
    if cycle is None:
        return redirect(
            request,
            "/workspace/applications",
            message="Choose a cycle that is open for applications.",
            kind="error",
        )
    try:
        application = service.application_start(session=session, cycle=cycle, partner=partner, actor=actor)
    except InvalidTransition as exc:
        return redirect(request, "/workspace/applications", message=exc.message, kind="error")
    return redirect(
        request,
        f"/workspace/applications/{application.id}",
        message="Application started. It saves as a draft until you submit it.",
    )


def _application_values(application) -> dict[str, Any]:
    values: dict[str, Any] = {
        "focus_areas": application.focus_areas,
        "evidence_item_ids": [str(i) for i in application.evidence_item_ids],
        "engagement_ids": [str(i) for i in application.engagement_ids],
    }
    for key, text in (application.answers or {}).items():
        values[f"answer_{key}"] = text
    for i, ref in enumerate(application.references or []):
        for field in ("name", "title", "district", "email"):
            values[f"ref_{i}_{field}"] = ref.get(field, "")
    return values


def _partner_application_context(
    session, actor, application, values=None, errors=None, **extra
) -> dict[str, Any]:
    evidence = queries.attachable_evidence(session, application.partner_id)
    engagements = queries.attachable_engagements(session, application.partner_id)
    documents = queries.partner_documents(session, application.partner_id)
    return {
        **_common(),
        "application": application,
        "values": values if values is not None else _application_values(application),
        "errors": errors or {},
        "checklist": service.application_checklist(application),
        "window_problem": scoring.window_problem(
            application.cycle.opens_on, application.cycle.closes_on, date.today()
        ),
        "evidence_options": [(str(e.id), e.title) for e in evidence],
        "engagement_options": [(str(e.id), _engagement_label(e)) for e in engagements],
        "cycle_focus_options": [(a, taxonomy.FOCUS_AREAS.get(a, a)) for a in application.cycle.focus_areas],
        "reference_rows": REFERENCE_ROWS,
        "documents": {d.id: d for d in documents},
        "document_options": [(str(d.id), d.title or d.filename) for d in documents],
        "answer_values": {},
        "answer_errors": {},
        "workspace_section": "applications",
        **extra,
    }


def _engagement_label(engagement) -> str:
    for key in ("title", "name", "school_name_other", "services"):
        value = getattr(engagement, key, None)
        if value:
            return str(value)
    start = getattr(engagement, "start_date", None)
    return f"Engagement {engagement.id}" + (f" from {start}" if start else "")


@router.get("/workspace/applications/{application_id}")
def partner_application(request: Request, session: DbSession, actor: CurrentActor, application_id: int):
    application = queries.application_for_partner(session, actor, application_id)
    return render(
        request, "reviews/partner_application.html", _partner_application_context(session, actor, application)
    )


def _application_input(form: FormData, application) -> tuple[dict[str, Any], dict[str, Any]]:
    values = form_dict(form, lists=("focus_areas", "evidence_item_ids", "engagement_ids"))
    data = {
        "focus_areas": values["focus_areas"],
        "evidence_item_ids": values["evidence_item_ids"],
        "engagement_ids": values["engagement_ids"],
        "answers": {
            str(i): str(values.get(f"answer_{i}") or "") for i in range(len(application.cycle.prompts))
        },
        "references": [
            {f: values.get(f"ref_{i}_{f}") or "" for f in ("name", "title", "district", "email")}
            for i in range(REFERENCE_ROWS)
        ],
    }
    return values, data


def _flatten_reference_errors(errors: dict[str, str], data: dict[str, Any]) -> dict[str, str]:
    if "references" in errors:
        message = errors.pop("references")
        for i, ref in enumerate(data["references"]):
            if ref["email"] and "@" not in ref["email"]:
                errors[f"ref_{i}_email"] = message
                break
        else:
            errors["ref_0_email"] = message
    return errors


@router.post("/workspace/applications/{application_id}")
def partner_application_save(
    request: Request, session: DbSession, actor: CurrentActor, application_id: int, form: Form
):
    application = queries.application_for_partner(session, actor, application_id)
    values, data = _application_input(form, application)
    parsed, errors = parse(ApplicationForm, data)
    if parsed is not None:
        try:
            service.application_update(session=session, application=application, form=parsed, actor=actor)
            if values.get("action") == "submit":
                service.application_submit(session=session, application=application, actor=actor)
        except ValidationFailed as exc:
            errors = exc.field_errors or {"__all__": exc.message}
        except DomainError as exc:
            errors = {"__all__": exc.message}
        else:
            message = (
                "Application submitted. Reviewers will read the copy frozen now."
                if values.get("action") == "submit"
                else "Draft saved."
            )
            return redirect(request, f"/workspace/applications/{application.id}", message=message)
    context = _partner_application_context(
        session, actor, application, values=values, errors=_flatten_reference_errors(errors, data)
    )
    return render(request, "reviews/partner_application.html", context, status_code=422)


@router.post("/workspace/applications/{application_id}/withdraw")
def partner_application_withdraw(
    request: Request, session: DbSession, actor: CurrentActor, application_id: int
):
    application = queries.application_for_partner(session, actor, application_id)
    try:
        service.application_withdraw(session=session, application=application, actor=actor)
    except DomainError as exc:
        return redirect(
            request, f"/workspace/applications/{application.id}", message=exc.message, kind="error"
        )
    return redirect(request, f"/workspace/applications/{application.id}", message="Application withdrawn.")


@router.post("/workspace/applications/{application_id}/information-requests/{information_request_id}")
def partner_answer(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    application_id: int,
    information_request_id: int,
    form: Form,
):
    ir = queries.information_request_for_partner(session, actor, application_id, information_request_id)
    application = queries.application_for_partner(session, actor, application_id)
    values = form_dict(form, lists=("document_ids",))
    parsed, errors = parse(AnswerForm, values)
    if parsed is not None:
        try:
            service.information_request_answer(
                session=session, application=application, request=ir, form=parsed, actor=actor
            )
        except ValidationFailed as exc:
            errors = exc.field_errors
        except DomainError as exc:
            errors = {"__all__": exc.message}
        else:
            return redirect(
                request, f"/workspace/applications/{application.id}#information", message="Answer sent."
            )
    context = _partner_application_context(
        session, actor, application, answer_values={ir.id: values}, answer_errors={ir.id: errors}
    )
    return render(request, "reviews/partner_application.html", context, status_code=422)


@router.get("/workspace/applications/{application_id}/decision-letter")
def decision_letter(request: Request, session: DbSession, actor: CurrentActor, application_id: int):
    application, decision = queries.decision_for_partner(session, actor, application_id)
    designations = [
        d
        for d in queries.partner_designations(session, application.partner_id)
        if d.application_id == application.id
    ]
    context = {
        **_common(),
        "application": application,
        "decision": decision,
        "designations": designations,
        "outcome_labels": {o.value: o.label for o in Outcome},
    }
    return render(request, "reviews/decision_letter.html", context)
