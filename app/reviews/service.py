"""Every reviews write: cycles, rubrics, applications, conflicts, assignment, scoring,
information requests, decisions, designations and reminders."""

import logging
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import taxonomy
from app.accounts import audit
from app.accounts import permissions as perms
from app.accounts import queries as account_queries
from app.accounts.actor import SYSTEM, Actor
from app.accounts.models import User
from app.db import utcnow
from app.errors import Conflict as ConflictError
from app.errors import DomainError, InvalidTransition, ValidationFailed
from app.notifications.service import message_enqueue
from app.partners.models import Partner
from app.reviews import queries, scoring, snapshot
from app.reviews.models import (
    Application,
    ApplicationStatus,
    Assignment,
    Conflict,
    Cycle,
    CycleStatus,
    Decision,
    Designation,
    DesignationFocusArea,
    DesignationStatus,
    DiscussionComment,
    InformationRequest,
    Outcome,
    Rubric,
    RubricCriterion,
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
    RubricForm,
    ScoreSheetForm,
)

log = logging.getLogger("app.reviews")

DEFAULT_RUBRIC_NAME = "Priority Partners default rubric"
DEFAULT_CRITERIA: list[tuple[str, int, list[str]]] = [
    (
        "Evidence of impact",
        25,
        [
            "No study or only anecdotes of results.",
            "Tier 4 rationale or internal analyses without comparison.",
            "Tier 3 evidence or a Tier 1-2 design lacking sample or sites.",
            "Tier 1 or Tier 2 evidence of significant positive effects.",
        ],
    ),
    (
        "Track record in similar schools",
        20,
        [
            "No confirmed engagements in low-performing schools.",
            "Few confirmed engagements, mixed or unknown outcomes.",
            "Several confirmed engagements with gains in most schools.",
            "Sustained, confirmed gains across many similar schools.",
        ],
    ),
    (
        "Capacity and staffing",
        15,
        [
            "Cannot show staff or capacity for new schools.",
            "Thin staffing; capacity depends on new hires.",
            "Experienced staff and a realistic capacity plan.",
            "Deep, experienced bench and proven ability to scale.",
        ],
    ),
    (
        "Alignment with turnaround practices",
        15,
        [
            "Services not connected to turnaround practices.",
            "Partial alignment; generic services.",
            "Clear alignment with most turnaround practices.",
            "Services designed around turnaround practices with clear logic.",
        ],
    ),
    (
        "Organizational and financial soundness",
        15,
        [
            "Serious governance or financial concerns.",
            "Some concerns about stability or transparency.",
            "Sound governance and finances.",
            "Strong, transparent governance and diversified finances.",
        ],
    ),
    (
        "District references",
        10,
        [
            "No references or negative references.",
            "References lukewarm or not from similar districts.",
            "Positive references from similar districts.",
            "Strong references describing measurable results.",
        ],
    ),
]


def _who(actor: Actor) -> str:
    return actor.user.full_name if actor.user is not None else actor.label


def _notify(
    session: Session, recipients: list[str], subject: str, body: str, dedupe_key: str | None = None
) -> None:
    for recipient in sorted(set(recipients)):
        key = f"{dedupe_key}:{recipient}" if dedupe_key else None
        message_enqueue(session=session, recipient=recipient, subject=subject, body=body, dedupe_key=key)


# --- rubrics -----------------------------------------------------------------------------


def rubric_default_ensure(*, session: Session, actor: Actor) -> Rubric:
    """The default rubric of the program, created the first time it is needed."""
    perms.require(perms.can_run_reviews(actor), actor, hide=True)
    existing = session.scalar(select(Rubric).where(Rubric.name == DEFAULT_RUBRIC_NAME).order_by(Rubric.id))
    if existing is not None:
        return existing
    rubric = Rubric(name=DEFAULT_RUBRIC_NAME, is_frozen=False)
    rubric.criteria = [
        RubricCriterion(position=i, title=title, weight=weight, levels=levels)
        for i, (title, weight, levels) in enumerate(DEFAULT_CRITERIA)
    ]
    session.add(rubric)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="rubric.create",
        object_type="rubric",
        object_id=rubric.id,
        changes={"name": rubric.name, "default": True},
    )
    return rubric


def rubric_update(*, session: Session, rubric: Rubric, form: RubricForm, actor: Actor) -> Rubric:
    perms.require(perms.can_run_reviews(actor), actor, hide=True)
    if rubric.is_frozen:
        raise InvalidTransition(
            "This rubric is frozen because a cycle using it has opened. Copy it to make changes."
        )
    rubric.name = form.name
    rubric.criteria.clear()
    session.flush()
    rubric.criteria.extend(
        RubricCriterion(position=i, title=c.title, weight=c.weight, levels=list(c.levels))
        for i, c in enumerate(form.criteria)
    )
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="rubric.update",
        object_type="rubric",
        object_id=rubric.id,
        changes={"name": form.name, "criteria": [c.title for c in form.criteria]},
    )
    return rubric


def rubric_copy(*, session: Session, rubric: Rubric, actor: Actor) -> Rubric:
    perms.require(perms.can_run_reviews(actor), actor, hide=True)
    copy = Rubric(name=f"Copy of {rubric.name}"[:200], is_frozen=False)
    copy.criteria = [
        RubricCriterion(position=c.position, title=c.title, weight=c.weight, levels=list(c.levels))
        for c in rubric.criteria
    ]
    session.add(copy)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="rubric.copy",
        object_type="rubric",
        object_id=copy.id,
        changes={"copied_from": rubric.id},
    )
    return copy


# --- cycles -------------------------------------------------------------------------------


def _cycle_values(cycle: Cycle, form: CycleForm) -> None:
    cycle.name = form.name
    cycle.description = form.description
    cycle.opens_on = form.opens_on
    cycle.closes_on = form.closes_on
    cycle.term_years = form.term_years
    cycle.focus_areas = list(form.focus_areas)
    cycle.prompts = [p.model_dump() for p in form.prompts]
    cycle.rubric_id = form.rubric_id


def cycle_create(*, session: Session, form: CycleForm, actor: Actor) -> Cycle:
    perms.require(perms.can_run_reviews(actor), actor, hide=True)
    if session.get(Rubric, form.rubric_id) is None:
        raise ValidationFailed(field_errors={"rubric_id": "Choose a rubric."})
    cycle = Cycle(status=CycleStatus.draft)
    _cycle_values(cycle, form)
    session.add(cycle)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="cycle.create",
        object_type="cycle",
        object_id=cycle.id,
        changes=form.model_dump(mode="json"),
    )
    return cycle


def cycle_update(*, session: Session, cycle: Cycle, form: CycleForm, actor: Actor) -> Cycle:
    perms.require(perms.can_run_reviews(actor), actor, hide=True)
    if cycle.status is not CycleStatus.draft:
        raise InvalidTransition("Only a draft cycle can be edited; this one has already opened.")
    if session.get(Rubric, form.rubric_id) is None:
        raise ValidationFailed(field_errors={"rubric_id": "Choose a rubric."})
    before = {"name": cycle.name, "closes_on": cycle.closes_on.isoformat()}
    _cycle_values(cycle, form)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="cycle.update",
        object_type="cycle",
        object_id=cycle.id,
        changes={"before": before, "after": form.model_dump(mode="json")},
    )
    return cycle


def cycle_transition(*, session: Session, cycle: Cycle, target: str, actor: Actor) -> Cycle:
    """Move a cycle along draft -> open -> in review -> decided -> closed, checking each step."""
    perms.require(perms.can_run_reviews(actor), actor, hide=True)
    problem = scoring.transition_problem(cycle.status.value, target)
    if problem:
        raise InvalidTransition(problem)
    new = CycleStatus(target)
    if new is CycleStatus.open:
        rubric = session.scalar(select(Rubric).where(Rubric.id == cycle.rubric_id))
        criteria = session.scalars(
            select(RubricCriterion).where(RubricCriterion.rubric_id == cycle.rubric_id)
        ).all()
        if rubric is None or not criteria:
            raise InvalidTransition("The cycle cannot open: its rubric has no criteria.")
        if not cycle.focus_areas or not cycle.prompts:
            raise InvalidTransition("The cycle cannot open: it needs focus areas and at least one prompt.")
        rubric.is_frozen = True
    if new is CycleStatus.decided:
        undecided = session.scalar(
            select(Application.id)
            .where(Application.cycle_id == cycle.id, Application.status == ApplicationStatus.submitted)
            .limit(1)
        )
        if undecided is not None:
            raise InvalidTransition(
                "The cycle cannot be marked decided while submitted applications await a decision."
            )
    before = cycle.status
    cycle.status = new
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="cycle.transition",
        object_type="cycle",
        object_id=cycle.id,
        changes={"status": [before.value, new.value]},
    )
    return cycle


# --- applications -------------------------------------------------------------------------


def _within_window(cycle: Cycle, today: date) -> None:
    problem = scoring.window_problem(cycle.opens_on, cycle.closes_on, today)
    if problem:
        raise InvalidTransition(problem)


def application_start(
    *, session: Session, cycle: Cycle, partner: Partner, actor: Actor, today: date | None = None
) -> Application:
    """Start (or return the existing) draft; only while the cycle is open and within its dates."""
    perms.require(perms.can_apply_for(actor, partner), actor, hide=True)
    if cycle.status is not CycleStatus.open:
        raise InvalidTransition("This cycle is not open for applications.")
    _within_window(cycle, today or date.today())
    existing = session.scalar(
        select(Application).where(Application.cycle_id == cycle.id, Application.partner_id == partner.id)
    )
    if existing is not None:
        return existing
    application = Application(
        cycle_id=cycle.id,
        partner_id=partner.id,
        status=ApplicationStatus.draft,
        focus_areas=[],
        answers={},
        evidence_item_ids=[],
        engagement_ids=[],
        references=[],
    )
    session.add(application)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="application.start",
        object_type="application",
        object_id=application.id,
        changes={"cycle_id": cycle.id, "partner_id": partner.id},
    )
    return application


def _editable(application: Application) -> None:
    if application.status is not ApplicationStatus.draft:
        raise InvalidTransition(f"A {application.status.value} application cannot be edited.")
    if application.cycle.status is not CycleStatus.open:
        raise InvalidTransition("The cycle is no longer open for applications.")


def application_update(
    *, session: Session, application: Application, form: ApplicationForm, actor: Actor
) -> Application:
    """Save a draft. Word limits and unknown attachments are refused; completeness is only
    required to submit."""
    perms.require(perms.can_apply_for(actor, application.partner), actor, hide=True)
    _editable(application)
    cycle = application.cycle
    errors: dict[str, str] = {}
    bad_areas = [a for a in form.focus_areas if a not in cycle.focus_areas]
    if bad_areas:
        errors["focus_areas"] = "Choose focus areas this cycle covers."
    for index, prompt in enumerate(cycle.prompts):
        limit = int(prompt.get("word_limit") or 0)
        words = scoring.word_count(form.answers.get(str(index)))
        if limit and words > limit:
            errors[f"answer_{index}"] = f"Use at most {limit} words (this answer has {words})."
    evidence_ids = {e.id for e in queries.attachable_evidence(session, application.partner_id)}
    if any(i not in evidence_ids for i in form.evidence_item_ids):
        errors["evidence_item_ids"] = "Choose from your submitted evidence items."
    engagement_ids = {e.id for e in queries.attachable_engagements(session, application.partner_id)}
    if any(i not in engagement_ids for i in form.engagement_ids):
        errors["engagement_ids"] = "Choose from your engagements."
    if errors:
        raise ValidationFailed(field_errors=errors)
    application.focus_areas = list(form.focus_areas)
    application.answers = {str(i): form.answers.get(str(i), "") for i in range(len(cycle.prompts))}
    application.evidence_item_ids = list(form.evidence_item_ids)
    application.engagement_ids = list(form.engagement_ids)
    application.references = [r.model_dump() for r in form.references if r.name or r.email or r.district]
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="application.update",
        object_type="application",
        object_id=application.id,
        changes={
            "focus_areas": application.focus_areas,
            "evidence_item_ids": application.evidence_item_ids,
            "engagement_ids": application.engagement_ids,
        },
    )
    return application


def application_checklist(application: Application) -> list[scoring.ChecklistItem]:
    return scoring.checklist(
        focus_areas=application.focus_areas,
        cycle_focus_areas=application.cycle.focus_areas,
        prompts=application.cycle.prompts,
        answers=application.answers,
        evidence_count=len(application.evidence_item_ids),
        engagement_count=len(application.engagement_ids),
        references=application.references,
    )


def application_submit(
    *, session: Session, application: Application, actor: Actor, today: date | None = None
) -> Application:
    perms.require(perms.can_apply_for(actor, application.partner), actor, hide=True)
    _editable(application)
    _within_window(application.cycle, today or date.today())
    missing = [item.label for item in application_checklist(application) if not item.done]
    if missing:
        raise ValidationFailed("The application is not complete: " + "; ".join(missing) + ".")
    application.snapshot = snapshot.build(
        session,
        partner_id=application.partner_id,
        evidence_item_ids=list(application.evidence_item_ids),
        engagement_ids=list(application.engagement_ids),
    )
    application.status = ApplicationStatus.submitted
    application.submitted_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="application.submit",
        object_type="application",
        object_id=application.id,
        changes={"status": ["draft", "submitted"]},
    )
    name = application.partner.name
    _notify(
        session,
        account_queries.active_member_emails(session, application.partner.organization_id),
        f"Application submitted: {application.cycle.name}",
        f"{name}'s application to {application.cycle.name} was submitted. Reviewers will read the "
        "copy frozen at submission.",
    )
    _notify(
        session,
        account_queries.active_admin_emails(session),
        f"New application from {name}",
        f"{name} submitted an application to {application.cycle.name}. Assign reviewers in the portal.",
    )
    return application


def application_withdraw(*, session: Session, application: Application, actor: Actor) -> Application:
    perms.require(perms.can_apply_for(actor, application.partner), actor, hide=True)
    if application.status not in (ApplicationStatus.draft, ApplicationStatus.submitted):
        raise InvalidTransition(f"A {application.status.value} application cannot be withdrawn.")
    before = application.status
    application.status = ApplicationStatus.withdrawn
    application.withdrawn_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="application.withdraw",
        object_type="application",
        object_id=application.id,
        changes={"status": [before.value, "withdrawn"]},
    )
    return application


# --- conflicts ----------------------------------------------------------------------------


def conflict_declare(*, session: Session, form: ConflictForm, actor: Actor) -> Conflict:
    """A standing declaration: also ends the reviewer's assignments on that partner's applications."""
    perms.require(perms.can_review(actor), actor, hide=True)
    assert actor.user is not None
    if session.get(Partner, form.partner_id) is None:
        raise ValidationFailed(field_errors={"partner_id": "Choose a partner."})
    existing = session.scalar(
        select(Conflict).where(Conflict.reviewer_id == actor.user.id, Conflict.partner_id == form.partner_id)
    )
    if existing is not None:
        return existing
    conflict = Conflict(reviewer_id=actor.user.id, partner_id=form.partner_id, kind=form.kind, note=form.note)
    session.add(conflict)
    assignments = session.scalars(
        select(Assignment)
        .join(Application, Application.id == Assignment.application_id)
        .where(Assignment.reviewer_id == actor.user.id, Application.partner_id == form.partner_id)
    ).all()
    for assignment in assignments:
        session.delete(assignment)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="conflict.declare",
        object_type="conflict",
        object_id=conflict.id,
        changes={
            "partner_id": form.partner_id,
            "kind": form.kind.value,
            "assignments_removed": [a.id for a in assignments],
        },
    )
    return conflict


def conflict_remove(*, session: Session, conflict: Conflict, actor: Actor) -> None:
    perms.require(
        perms.can_review(actor) and actor.user is not None and conflict.reviewer_id == actor.user.id,
        actor,
        hide=True,
    )
    audit.record(
        session,
        actor=actor,
        action="conflict.remove",
        object_type="conflict",
        object_id=conflict.id,
        changes={"partner_id": conflict.partner_id},
    )
    session.delete(conflict)
    session.flush()


# --- assignment -----------------------------------------------------------------------------


def _assign(
    session: Session, application: Application, reviewer: User, due_date: date, actor: Actor
) -> Assignment:
    assignment = Assignment(
        application_id=application.id, reviewer_id=reviewer.id, due_date=due_date, scores={}, tiers={}
    )
    session.add(assignment)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="assignment.create",
        object_type="assignment",
        object_id=assignment.id,
        changes={"application_id": application.id, "reviewer_id": reviewer.id, "due_date": due_date},
    )
    _notify(
        session,
        [reviewer.email],
        f"New review assigned: {application.partner.name}",
        f"You are assigned to review {application.partner.name}'s application to {application.cycle.name}. "
        f"Due {due_date.isoformat()}.",
    )
    return assignment


def _assignable(application: Application) -> None:
    if application.status is not ApplicationStatus.submitted:
        raise InvalidTransition(
            "Reviewers can be assigned only to submitted applications awaiting a decision."
        )
    if application.cycle.status not in (CycleStatus.open, CycleStatus.in_review):
        raise InvalidTransition("Reviewers can be assigned only while the cycle is open or in review.")


def assignment_create(
    *, session: Session, application: Application, form: AssignmentForm, actor: Actor
) -> Assignment:
    perms.require(perms.can_run_reviews(actor), actor, hide=True)
    _assignable(application)
    reviewer = session.get(User, form.reviewer_id)
    if reviewer is None or not perms.is_assignable_reviewer(reviewer):
        raise ValidationFailed(field_errors={"reviewer_id": "Choose an active reviewer."})
    if reviewer.id in queries.conflicted_reviewer_ids(session, application.partner_id):
        raise ValidationFailed(
            field_errors={"reviewer_id": "This reviewer declared a conflict of interest with this partner."}
        )
    if any(a.reviewer_id == reviewer.id for a in application.assignments):
        raise ValidationFailed(field_errors={"reviewer_id": "This reviewer is already assigned."})
    return _assign(session, application, reviewer, form.due_date, actor)


def assignment_remove(*, session: Session, assignment: Assignment, actor: Actor) -> None:
    perms.require(perms.can_run_reviews(actor), actor, hide=True)
    if assignment.submitted_at is not None:
        raise InvalidTransition("A submitted score sheet cannot be removed.")
    audit.record(
        session,
        actor=actor,
        action="assignment.remove",
        object_type="assignment",
        object_id=assignment.id,
        changes={"application_id": assignment.application_id, "reviewer_id": assignment.reviewer_id},
    )
    session.delete(assignment)
    session.flush()


def assignments_auto(*, session: Session, cycle: Cycle, form: AutoAssignForm, actor: Actor) -> int:
    """Give every submitted application `per_application` reviewers: skip conflicts, least loaded first."""
    perms.require(perms.can_run_reviews(actor), actor, hide=True)
    if cycle.status not in (CycleStatus.open, CycleStatus.in_review):
        raise InvalidTransition("Reviewers can be assigned only while the cycle is open or in review.")
    applications = session.scalars(
        queries.cycle_applications(
            actor, cycle.id, status=ApplicationStatus.submitted, sort="submitted"
        ).execution_options(populate_existing=True)
    ).all()
    reviewers = queries.reviewers(session)
    loads = queries.reviewer_loads(session, [r.id for r in reviewers])
    created = 0
    for application in applications:
        application.cycle = cycle
        conflicted = queries.conflicted_reviewer_ids(session, application.partner_id)
        assigned = {a.reviewer_id for a in application.assignments}
        candidates = [r for r in reviewers if r.id not in conflicted and r.id not in assigned]
        candidates.sort(key=lambda r: (loads[r.id], r.id))
        for reviewer in candidates[: max(0, form.reviewers_per_application - len(assigned))]:
            _assign(session, application, reviewer, form.due_date, actor)
            loads[reviewer.id] += 1
            created += 1
    audit.record(
        session,
        actor=actor,
        action="assignment.auto",
        object_type="cycle",
        object_id=cycle.id,
        changes={"per_application": form.reviewers_per_application, "created": created},
    )
    return created


# --- score sheets ---------------------------------------------------------------------------


def score_sheet_save(
    *, session: Session, assignment: Assignment, application: Application, form: ScoreSheetForm, actor: Actor
) -> Assignment:
    """Save a draft or submit. A save from a stale copy (another tab) is refused, never merged."""
    perms.require(perms.can_score(actor, assignment), actor, hide=True)
    if assignment.submitted_at is not None:
        raise InvalidTransition("This score sheet was submitted and is locked.")
    if application.status is not ApplicationStatus.submitted:
        raise InvalidTransition("This application is no longer open for scoring.")
    if form.version != assignment.version:
        raise ConflictError(
            "This score sheet was saved from another tab or window after you opened it. "
            "Your changes were not saved: reload the page to see the latest version, "
            "then make your changes again."
        )
    criteria = application.cycle.rubric.criteria
    evidence = (application.snapshot or {}).get("evidence", [])
    scores = {
        str(c.id): {"score": form.scores.get(str(c.id)), "comment": form.comments.get(str(c.id), "")}
        for c in criteria
    }
    tiers = {
        str(e["id"]): {
            "tier": form.tiers.get(str(e["id"])) or "",
            "reason": form.tier_reasons.get(str(e["id"]), ""),
        }
        for e in evidence
    }
    assignment.scores = scores
    assignment.tiers = tiers
    assignment.recommendation = form.recommendation
    assignment.comment_to_partner = form.comment_to_partner
    assignment.internal_comment = form.internal_comment
    assignment.saved_at = utcnow()
    if form.submit:
        errors: dict[str, str] = {}
        for c in criteria:
            if scores[str(c.id)]["score"] is None:
                errors[f"score_{c.id}"] = f"Score “{c.title}” from 1 to 4."
        for e in evidence:
            entry = tiers[str(e["id"])]
            if not entry["tier"]:
                errors[f"tier_{e['id']}"] = "Choose the tier this study supports."
            elif not entry["reason"]:
                errors[f"tier_reason_{e['id']}"] = "Give the reason for the tier."
        if form.recommendation is None:
            errors["recommendation"] = "Choose a recommendation."
        if errors:
            # What was entered is kept as a draft, so a corrected submit is not a version conflict.
            assignment.version += 1
            session.flush()
            audit.record(
                session,
                actor=actor,
                action="score_sheet.save",
                object_type="assignment",
                object_id=assignment.id,
                changes={"submit_refused": sorted(errors)},
            )
            raise ValidationFailed(field_errors=errors)
        assignment.submitted_at = utcnow()
    assignment.version += 1
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="score_sheet.submit" if form.submit else "score_sheet.save",
        object_type="assignment",
        object_id=assignment.id,
        changes={"scores": {k: v["score"] for k, v in scores.items()}, "recommendation": form.recommendation},
    )
    if form.submit:
        _verify_tiers(session, tiers, actor)
    return assignment


def _verify_tiers(session: Session, tiers: dict[str, Any], actor: Actor) -> None:
    """Record the reviewer's tier on the live evidence item too, when the evidence domain allows."""
    try:
        from app.evidence import service as evidence_service
        from app.evidence.models import EvidenceItem
    except ImportError:  # pragma: no cover
        return
    verify = getattr(evidence_service, "evidence_verify", None)
    if verify is None:
        return
    for item_id, entry in tiers.items():
        item = session.get(EvidenceItem, int(item_id))
        if item is None or not entry.get("tier"):
            continue
        try:
            with session.begin_nested():
                verify(session=session, item=item, tier=entry["tier"], reason=entry["reason"], actor=actor)
        except DomainError as exc:
            log.info("Tier of evidence item %s not recorded on the item: %s", item_id, exc)


# --- discussion, information requests --------------------------------------------------------


def discussion_add(
    *, session: Session, application: Application, form: DiscussionForm, actor: Actor
) -> DiscussionComment:
    perms.require(perms.can_run_reviews(actor), actor, hide=True)
    assert actor.user is not None
    comment = DiscussionComment(
        application_id=application.id, author_id=actor.user.id, author_name=_who(actor), body=form.body
    )
    session.add(comment)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="discussion.add",
        object_type="application",
        object_id=application.id,
        changes={"comment_id": comment.id},
    )
    return comment


def information_request_create(
    *,
    session: Session,
    application: Application,
    form: InformationRequestForm,
    actor: Actor,
    is_assigned: bool,
) -> InformationRequest:
    perms.require(perms.can_request_information(actor, is_assigned=is_assigned), actor, hide=True)
    if application.status is not ApplicationStatus.submitted:
        raise InvalidTransition(
            "Information can be requested only on a submitted application awaiting a decision."
        )
    request = InformationRequest(
        application_id=application.id,
        question=form.question,
        due_date=form.due_date,
        asked_by_id=actor.user.id if actor.user else None,
        asked_by_name=_who(actor),
        document_ids=[],
    )
    session.add(request)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="information_request.create",
        object_type="information_request",
        object_id=request.id,
        changes={"application_id": application.id, "due_date": form.due_date},
    )
    _notify(
        session,
        account_queries.active_member_emails(session, application.partner.organization_id),
        f"Information requested: {application.cycle.name}",
        f"State reviewers have a question about your application to {application.cycle.name}:\n\n"
        f"{form.question}\n\nPlease answer in the portal by {form.due_date.isoformat()}.",
    )
    return request


def information_request_answer(
    *, session: Session, application: Application, request: InformationRequest, form: AnswerForm, actor: Actor
) -> InformationRequest:
    perms.require(perms.can_apply_for(actor, application.partner), actor, hide=True)
    if not request.is_open:
        raise InvalidTransition("This question was already answered.")
    if application.status is not ApplicationStatus.submitted:
        raise InvalidTransition("This application no longer accepts answers.")
    documents = queries.documents_by_id(session, form.document_ids, application.partner_id)
    if len(documents) != len(set(form.document_ids)):
        raise ValidationFailed(field_errors={"document_ids": "Choose from your documents."})
    request.answer = form.answer
    request.document_ids = sorted(documents)
    request.answered_by_id = actor.user.id if actor.user else None
    request.answered_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="information_request.answer",
        object_type="information_request",
        object_id=request.id,
        changes={"document_ids": request.document_ids},
    )
    recipients = account_queries.active_admin_emails(session)
    if request.asked_by_id is not None:
        asker = session.get(User, request.asked_by_id)
        # A reviewer who has since declared a conflict hears nothing more about it.
        conflicted = queries.conflicted_reviewer_ids(session, application.partner_id)
        if asker is not None and asker.is_active and asker.id not in conflicted:
            recipients.append(asker.email)
    _notify(
        session,
        recipients,
        f"Information request answered: {application.partner.name}",
        f"{application.partner.name} answered a question on its application to {application.cycle.name}.",
    )
    return request


# --- decisions and designations --------------------------------------------------------------


def feedback_options(application: Application) -> list[dict[str, str]]:
    """Reviewer comments an admin may choose to release (internal comments are never offered)."""
    options: list[dict[str, str]] = []
    titles = {str(c.id): c.title for c in application.cycle.rubric.criteria}
    submitted = sorted((a for a in application.assignments if a.submitted_at), key=lambda a: a.id)
    for number, assignment in enumerate(submitted, start=1):
        for criterion_id, entry in (assignment.scores or {}).items():
            comment = (entry or {}).get("comment") or ""
            if comment.strip():
                options.append(
                    {
                        "key": f"{assignment.id}:{criterion_id}",
                        "label": f"Reviewer {number}, {titles.get(criterion_id, 'criterion')}",
                        "comment": comment,
                    }
                )
        if assignment.comment_to_partner.strip():
            options.append(
                {
                    "key": f"{assignment.id}:overall",
                    "label": f"Reviewer {number}, overall",
                    "comment": assignment.comment_to_partner,
                }
            )
    return options


def decision_record(
    *, session: Session, application: Application, form: DecisionForm, actor: Actor, today: date | None = None
) -> Decision:
    """Decide per focus area, release chosen feedback, and grant a designation for approvals."""
    perms.require(perms.can_run_reviews(actor), actor, hide=True)
    today = today or date.today()
    if application.status is not ApplicationStatus.submitted:
        raise InvalidTransition(f"A {application.status.value} application cannot be decided.")
    if application.cycle.status is not CycleStatus.in_review:
        raise InvalidTransition("Decisions are made while the cycle is in review.")
    errors: dict[str, str] = {}
    outcomes = {area: form.outcomes.get(area) for area in application.focus_areas}
    for area, outcome in outcomes.items():
        if outcome is None:
            errors[f"outcome_{area}"] = "Choose an outcome for this focus area."
    granted = [area for area, outcome in outcomes.items() if outcome is not None and outcome.grants]
    if any(o is Outcome.approved_with_conditions for o in outcomes.values()) and not form.conditions:
        errors["conditions"] = "Describe the conditions of approval."
    if granted and form.start_date is None:
        errors["start_date"] = "Give the date the designation starts."
    options = {o["key"]: o for o in feedback_options(application)}
    if any(key not in options for key in form.release):
        errors["release"] = "Choose feedback from the submitted score sheets."
    if errors:
        raise ValidationFailed(field_errors=errors)
    decision = Decision(
        application_id=application.id,
        outcomes={area: outcome.value for area, outcome in outcomes.items() if outcome is not None},
        rationale=form.rationale,
        conditions=form.conditions,
        released_feedback=[
            {"label": options[k]["label"], "comment": options[k]["comment"]} for k in form.release
        ],
        internal_note=form.internal_note,
        start_date=form.start_date if granted else None,
        decided_by_id=actor.user.id if actor.user else None,
        decided_by_name=_who(actor),
    )
    session.add(decision)
    application.status = ApplicationStatus.decided
    application.decision = decision
    session.flush()
    designation = None
    if granted:
        assert form.start_date is not None
        designation = Designation(
            partner_id=application.partner_id,
            start_date=form.start_date,
            end_date=scoring.add_years(form.start_date, application.cycle.term_years),
            status=DesignationStatus.active,
            application_id=application.id,
        )
        designation.focus_areas = [DesignationFocusArea(focus_area=a) for a in granted]
        session.add(designation)
        session.flush()
        _refresh_listing(session, application.partner, today)
    audit.record(
        session,
        actor=actor,
        action="decision.record",
        object_type="application",
        object_id=application.id,
        changes={
            "outcomes": decision.outcomes,
            "released": form.release,
            "designation_id": designation.id if designation else None,
        },
    )
    _notify(
        session,
        account_queries.active_member_emails(session, application.partner.organization_id),
        f"Decision on your application: {application.cycle.name}",
        f"A decision on {application.partner.name}'s application to {application.cycle.name} is ready. "
        "Read it, with the feedback released to you, in the portal.",
    )
    return decision


def _refresh_listing(session: Session, partner: Partner, today: date) -> None:
    """Keep Partner.is_designated equal to "holds a listed designation today"."""
    listed = queries.has_listed_designation(session, partner.id, today)
    if partner.is_designated != listed:
        partner.is_designated = listed
        session.flush()


def designation_change(
    *,
    session: Session,
    designation: Designation,
    status: DesignationStatus,
    reason: str,
    actor: Actor,
    today: date | None = None,
) -> Designation:
    """Suspend or revoke (with a reason) or reinstate a suspended designation."""
    perms.require(perms.can_run_reviews(actor), actor, hide=True)
    today = today or date.today()
    allowed = {
        DesignationStatus.suspended: {DesignationStatus.active},
        DesignationStatus.revoked: {DesignationStatus.active, DesignationStatus.suspended},
        DesignationStatus.active: {DesignationStatus.suspended},
    }[status]
    if designation.status not in allowed:
        verb = {"suspended": "suspended", "revoked": "revoked", "active": "reinstated"}[status.value]
        raise InvalidTransition(f"A {designation.status.value} designation cannot be {verb}.")
    before = designation.status
    designation.status = status
    designation.status_reason = reason
    designation.status_changed_at = utcnow()
    session.flush()
    partner = designation.partner
    _refresh_listing(session, partner, today)
    audit.record(
        session,
        actor=actor,
        action=f"designation.{status.value}",
        object_type="designation",
        object_id=designation.id,
        changes={
            "status": [before.value, status.value],
            "reason": reason,
            "partner_listed": partner.is_designated,
        },
    )
    verb = {"suspended": "suspended", "revoked": "revoked", "active": "reinstated"}[status.value]
    _notify(
        session,
        account_queries.active_member_emails(session, partner.organization_id),
        f"Your Priority Partner designation was {verb}",
        f"The state agency {verb} {partner.name}'s Priority Partner designation "
        f"({designation.start_date.isoformat()} to {designation.end_date.isoformat()}).\n\nReason: {reason}",
    )
    return designation


def reminders_send(*, session: Session, today: date | None = None) -> int:
    """Designation expiry reminders at 90 and 30 days, and directory listing upkeep.

    Safe to run any number of times from any host: each reminder has a dedupe key.
    """
    today = today or date.today()
    queued = 0
    for days in (90, 30):
        # The 90-day notice covers 31 to 90 days ahead; the 30-day one the last 30 days.
        window_start = today if days == 30 else today + timedelta(days=31)
        for designation in queries.designations_ending_between(
            session, window_start, today + timedelta(days=days)
        ):
            partner = designation.partner
            areas = ", ".join(
                taxonomy.FOCUS_AREAS.get(f.focus_area, f.focus_area) for f in designation.focus_areas
            )
            for recipient in account_queries.active_member_emails(session, partner.organization_id):
                message = message_enqueue(
                    session=session,
                    recipient=recipient,
                    subject=f"Your Priority Partner designation ends on {designation.end_date.isoformat()}",
                    body=(
                        f"{partner.name}'s designation ({areas}) ends on {designation.end_date.isoformat()}. "
                        "To renew, apply to the next open review cycle in the portal."
                    ),
                    dedupe_key=f"designation-expiry:{designation.id}:{days}:{recipient}",
                )
                queued += message is not None
    # Designations that ended (or began) today take their partners out of (or into) the directory.
    for partner in queries.partners_listing_out_of_date(session, today):
        _refresh_listing(session, partner, today)
        audit.record(
            session,
            actor=SYSTEM,
            action="partner.listing_refresh",
            object_type="partner",
            object_id=partner.id,
            changes={"is_designated": partner.is_designated},
        )
    return queued
