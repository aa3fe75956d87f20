"""Every reviews SELECT, with visibility built into the SQL.

A reviewer sees an application only while assigned to it and not conflicted with its
partner; anything else behaves as if it did not exist (404, absent from lists and counts).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, not_, or_, select
from sqlalchemy.orm import Session, selectinload

from app.accounts import permissions as perms
from app.accounts.actor import Actor
from app.accounts.models import Role, User, UserStatus
from app.errors import NotFound
from app.evidence import models as evidence_models
from app.partners.models import Document, Partner
from app.reviews.models import (
    EXPIRING_WITHIN_DAYS,
    Application,
    ApplicationStatus,
    Assignment,
    Conflict,
    Cycle,
    CycleStatus,
    Decision,
    Designation,
    DesignationStatus,
    DiscussionComment,
    InformationRequest,
    Rubric,
)
from app.reviews.snapshot import Engagement


def _user_id(actor: Actor) -> int:
    return actor.user.id if actor.user is not None else -1


def not_conflicted(reviewer_id: Any, partner_id: Any) -> Any:
    """SQL: no standing conflict between this reviewer and this partner."""
    return not_(exists().where(Conflict.reviewer_id == reviewer_id, Conflict.partner_id == partner_id))


# --- rubrics and cycles -----------------------------------------------------------------


def rubrics(session: Session, actor: Actor) -> list[Rubric]:
    perms.require(perms.can_run_reviews(actor), actor, hide=True)
    return list(
        session.scalars(select(Rubric).options(selectinload(Rubric.criteria)).order_by(Rubric.id.desc()))
    )


def rubric(session: Session, actor: Actor, rubric_id: int) -> Rubric:
    perms.require(perms.can_run_reviews(actor), actor, hide=True)
    found = session.scalar(
        select(Rubric).where(Rubric.id == rubric_id).options(selectinload(Rubric.criteria))
    )
    if found is None:
        raise NotFound()
    return found


def cycles(actor: Actor, *, status: CycleStatus | None = None, sort: str = "newest") -> Select[tuple[Cycle]]:
    statement = select(Cycle).options(selectinload(Cycle.rubric))
    if status is not None:
        statement = statement.where(Cycle.status == status)
    order = {
        "newest": (Cycle.opens_on.desc(), Cycle.id.desc()),
        "oldest": (Cycle.opens_on, Cycle.id),
        "name": (Cycle.name, Cycle.id),
    }.get(sort, (Cycle.opens_on.desc(), Cycle.id.desc()))
    return statement.order_by(*order)


def cycle(session: Session, actor: Actor, cycle_id: int) -> Cycle:
    perms.require(perms.can_run_reviews(actor), actor, hide=True)
    found = session.scalar(
        select(Cycle)
        .where(Cycle.id == cycle_id)
        .options(selectinload(Cycle.rubric).selectinload(Rubric.criteria))
    )
    if found is None:
        raise NotFound()
    return found


def open_cycles(session: Session) -> list[Cycle]:
    return list(
        session.scalars(select(Cycle).where(Cycle.status == CycleStatus.open).order_by(Cycle.closes_on))
    )


@dataclass(frozen=True)
class Pipeline:
    by_status: dict[str, int]
    info_requested: int
    lacking_reviewers: int
    overdue_reviews: int
    sheets_submitted: int
    sheets_total: int


def pipeline(session: Session, cycle_id: int, *, today: date, needed: int = 2) -> Pipeline:
    by_status = dict(
        session.execute(
            select(Application.status, func.count())
            .where(Application.cycle_id == cycle_id)
            .group_by(Application.status)
        ).all()
    )
    active = and_(
        Application.cycle_id == cycle_id,
        Application.status.in_([ApplicationStatus.submitted, ApplicationStatus.decided]),
    )
    assigned = (
        select(func.count(Assignment.id)).where(Assignment.application_id == Application.id).scalar_subquery()
    )
    lacking = session.scalar(
        select(func.count(Application.id)).where(
            Application.cycle_id == cycle_id,
            Application.status == ApplicationStatus.submitted,
            assigned < needed,
        )
    )
    overdue = session.scalar(
        select(func.count(Assignment.id))
        .join(Application, Application.id == Assignment.application_id)
        .where(active, Assignment.submitted_at.is_(None), Assignment.due_date < today)
    )
    info = session.scalar(
        select(func.count(func.distinct(InformationRequest.application_id)))
        .join(Application, Application.id == InformationRequest.application_id)
        .where(active, InformationRequest.answered_at.is_(None))
    )
    sheets = session.execute(
        select(func.count(Assignment.id), func.count(Assignment.submitted_at))
        .join(Application, Application.id == Assignment.application_id)
        .where(active)
    ).one()
    return Pipeline(
        by_status={str(k.value if hasattr(k, "value") else k): v for k, v in by_status.items()},
        info_requested=info or 0,
        lacking_reviewers=lacking or 0,
        overdue_reviews=overdue or 0,
        sheets_submitted=sheets[1] or 0,
        sheets_total=sheets[0] or 0,
    )


# --- applications -------------------------------------------------------------------------


def _application_options() -> list[Any]:
    return [
        selectinload(Application.cycle).selectinload(Cycle.rubric).selectinload(Rubric.criteria),
        selectinload(Application.partner),
        selectinload(Application.information_requests),
        selectinload(Application.decision),
        selectinload(Application.assignments).selectinload(Assignment.reviewer),
    ]


def cycle_applications(
    actor: Actor, cycle_id: int, *, status: ApplicationStatus | None = None, sort: str = "partner"
) -> Select[tuple[Application]]:
    """An admin's list of a cycle's applications (drafts included)."""
    statement = (
        select(Application)
        .join(Partner, Partner.id == Application.partner_id)
        .where(Application.cycle_id == cycle_id)
        .options(
            selectinload(Application.partner),
            selectinload(Application.assignments),
            selectinload(Application.information_requests),
            selectinload(Application.decision),
        )
    )
    if not perms.can_run_reviews(actor):
        statement = statement.where(False)
    if status is not None:
        statement = statement.where(Application.status == status)
    order = {
        "partner": (Partner.name, Application.id),
        "submitted": (Application.submitted_at.desc(), Application.id),
        "status": (Application.status, Partner.name),
    }.get(sort, (Partner.name, Application.id))
    return statement.order_by(*order)


def application_for_admin(session: Session, actor: Actor, application_id: int) -> Application:
    perms.require(perms.can_run_reviews(actor), actor, hide=True)
    found = session.scalar(
        select(Application).where(Application.id == application_id).options(*_application_options())
    )
    if found is None:
        raise NotFound()
    return found


def application_for_reviewer(session: Session, actor: Actor, application_id: int) -> Application:
    """Only while assigned and not conflicted; otherwise it does not exist."""
    perms.require(perms.can_review(actor), actor, hide=True)
    reviewer_id = _user_id(actor)
    found = session.scalar(
        select(Application)
        .where(
            Application.id == application_id,
            Application.status.in_([ApplicationStatus.submitted, ApplicationStatus.decided]),
            exists().where(
                Assignment.application_id == Application.id, Assignment.reviewer_id == reviewer_id
            ),
            not_conflicted(reviewer_id, Application.partner_id),
        )
        .options(*_application_options())
    )
    if found is None:
        raise NotFound()
    return found


def partner_of(session: Session, actor: Actor) -> Partner:
    """The signed-in partner editor's own partner profile."""
    if actor.user is None:
        perms.require(False, actor)
    found = session.scalar(select(Partner).where(Partner.organization_id == actor.organization_id))
    if found is None or not perms.can_apply_for(actor, found):
        raise NotFound()
    return found


def partner_applications(session: Session, actor: Actor, partner: Partner) -> list[Application]:
    perms.require(perms.can_apply_for(actor, partner), actor, hide=True)
    return list(
        session.scalars(
            select(Application)
            .where(Application.partner_id == partner.id)
            .options(
                selectinload(Application.cycle),
                selectinload(Application.information_requests),
                selectinload(Application.decision),
            )
            .order_by(Application.created_at.desc(), Application.id.desc())
        )
    )


def application_for_partner(session: Session, actor: Actor, application_id: int) -> Application:
    found = session.scalar(
        select(Application)
        .join(Partner, Partner.id == Application.partner_id)
        .where(Application.id == application_id, Partner.organization_id == _org(actor))
        .options(
            selectinload(Application.cycle),
            selectinload(Application.partner),
            selectinload(Application.information_requests),
            selectinload(Application.decision),
        )
    )
    if found is None or not perms.can_apply_for(actor, found.partner):
        perms.require(False, actor, hide=True)
    assert found is not None
    return found


def _org(actor: Actor) -> int:
    return actor.organization_id if actor.organization_id is not None else -1


def attachable_evidence(session: Session, partner_id: int) -> list[Any]:
    item = evidence_models.EvidenceItem
    return list(
        session.scalars(
            select(item)
            .where(
                item.partner_id == partner_id,
                item.is_latest.is_(True),
                item.status != evidence_models.EvidenceStatus.draft,
            )
            .order_by(item.title)
        )
    )


def attachable_engagements(session: Session, partner_id: int) -> list[Any]:
    if Engagement is None:
        return []
    return list(
        session.scalars(select(Engagement).where(Engagement.partner_id == partner_id).order_by(Engagement.id))
    )


def partner_documents(session: Session, partner_id: int) -> list[Document]:
    return list(
        session.scalars(
            select(Document).where(Document.partner_id == partner_id).order_by(Document.uploaded_at.desc())
        )
    )


def application_document(session: Session, application: Application, document_id: int) -> Document:
    """A document attached to one of this application's information-request answers."""
    attached = {d for request in application.information_requests for d in request.document_ids}
    document = session.get(Document, document_id)
    if document is None or document_id not in attached or document.partner_id != application.partner_id:
        raise NotFound()
    return document


def documents_by_id(session: Session, ids: list[int], partner_id: int) -> dict[int, Document]:
    if not ids:
        return {}
    rows = session.scalars(select(Document).where(Document.id.in_(ids), Document.partner_id == partner_id))
    return {d.id: d for d in rows}


def information_request_for_partner(
    session: Session, actor: Actor, application_id: int, information_request_id: int
) -> InformationRequest:
    application = application_for_partner(session, actor, application_id)
    for request in application.information_requests:
        if request.id == information_request_id:
            return request
    raise NotFound()


# --- reviewers ------------------------------------------------------------------------------


def my_assignments(actor: Actor, *, show: str = "open", sort: str = "due") -> Select[tuple[Assignment]]:
    reviewer_id = _user_id(actor)
    statement = (
        select(Assignment)
        .join(Application, Application.id == Assignment.application_id)
        .join(Partner, Partner.id == Application.partner_id)
        .where(
            Assignment.reviewer_id == reviewer_id,
            Application.status.in_([ApplicationStatus.submitted, ApplicationStatus.decided]),
            not_conflicted(reviewer_id, Application.partner_id),
        )
        .options(
            selectinload(Assignment.application).selectinload(Application.partner),
            selectinload(Assignment.application).selectinload(Application.cycle),
            selectinload(Assignment.application).selectinload(Application.information_requests),
        )
    )
    if show == "open":
        statement = statement.where(Assignment.submitted_at.is_(None))
    elif show == "submitted":
        statement = statement.where(Assignment.submitted_at.is_not(None))
    order = {
        "due": (Assignment.due_date, Assignment.id),
        "partner": (Partner.name, Assignment.id),
        "assigned": (Assignment.assigned_at.desc(), Assignment.id),
    }.get(sort, (Assignment.due_date, Assignment.id))
    return statement.order_by(*order)


def my_assignment_counts(session: Session, actor: Actor, today: date) -> dict[str, int]:
    reviewer_id = _user_id(actor)
    visible = and_(
        Assignment.reviewer_id == reviewer_id,
        Application.status.in_([ApplicationStatus.submitted, ApplicationStatus.decided]),
        not_conflicted(reviewer_id, Application.partner_id),
    )
    row = session.execute(
        select(
            func.count(Assignment.id),
            func.count(Assignment.submitted_at),
            func.count(Assignment.saved_at),
            func.count(case((and_(Assignment.submitted_at.is_(None), Assignment.due_date < today), 1))),
        )
        .join(Application, Application.id == Assignment.application_id)
        .where(visible)
    ).one()
    return {
        "total": row[0] or 0,
        "submitted": row[1] or 0,
        "started": row[2] or 0,
        "overdue": int(row[3] or 0),
    }


def assignment_for(session: Session, actor: Actor, application: Application) -> Assignment:
    for assignment in application.assignments:
        if assignment.reviewer_id == _user_id(actor):
            return assignment
    raise NotFound()


def my_conflicts(session: Session, actor: Actor) -> list[Conflict]:
    perms.require(perms.can_review(actor), actor, hide=True)
    return list(
        session.scalars(
            select(Conflict)
            .where(Conflict.reviewer_id == _user_id(actor))
            .options(selectinload(Conflict.partner))
            .order_by(Conflict.created_at.desc())
        )
    )


def my_conflict(session: Session, actor: Actor, conflict_id: int) -> Conflict:
    perms.require(perms.can_review(actor), actor, hide=True)
    found = session.get(Conflict, conflict_id)
    if found is None or found.reviewer_id != _user_id(actor):
        raise NotFound()
    return found


def partners_for_conflicts(session: Session) -> list[Partner]:
    return list(session.scalars(select(Partner).order_by(Partner.name)))


def reviewers(session: Session) -> list[User]:
    return list(
        session.scalars(
            select(User)
            .where(User.role == Role.reviewer, User.status == UserStatus.active)
            .order_by(User.full_name, User.id)
        )
    )


def assignable_reviewers(session: Session, application: Application) -> list[User]:
    """Active reviewers not conflicted with the partner and not yet assigned."""
    return list(
        session.scalars(
            select(User)
            .where(
                User.role == Role.reviewer,
                User.status == UserStatus.active,
                not_conflicted(User.id, application.partner_id),
                not_(
                    exists().where(
                        Assignment.application_id == application.id, Assignment.reviewer_id == User.id
                    )
                ),
            )
            .order_by(User.full_name, User.id)
        )
    )


def reviewer_loads(session: Session, reviewer_ids: list[int]) -> dict[int, int]:
    """Open (unsubmitted) assignments per reviewer, for balancing."""
    if not reviewer_ids:
        return {}
    rows = session.execute(
        select(Assignment.reviewer_id, func.count(Assignment.id))
        .where(Assignment.reviewer_id.in_(reviewer_ids), Assignment.submitted_at.is_(None))
        .group_by(Assignment.reviewer_id)
    ).all()
    loads = dict.fromkeys(reviewer_ids, 0)
    loads.update({reviewer_id: count for reviewer_id, count in rows})
    return loads


def conflicted_reviewer_ids(session: Session, partner_id: int) -> set[int]:
    return set(session.scalars(select(Conflict.reviewer_id).where(Conflict.partner_id == partner_id)))


def discussion(session: Session, application_id: int) -> list[DiscussionComment]:
    return list(
        session.scalars(
            select(DiscussionComment)
            .where(DiscussionComment.application_id == application_id)
            .order_by(DiscussionComment.created_at, DiscussionComment.id)
        )
    )


# --- decisions and designations -------------------------------------------------------------


def decision_for_partner(session: Session, actor: Actor, application_id: int) -> tuple[Application, Decision]:
    application = application_for_partner(session, actor, application_id)
    if application.decision is None:
        raise NotFound()
    return application, application.decision


def designations(
    actor: Actor, *, show: str = "", today: date, sort: str = "end"
) -> Select[tuple[Designation]]:
    statement = (
        select(Designation)
        .join(Partner, Partner.id == Designation.partner_id)
        .options(selectinload(Designation.partner), selectinload(Designation.focus_areas))
    )
    if not perms.can_run_reviews(actor):
        statement = statement.where(False)
    soon = date.fromordinal(today.toordinal() + EXPIRING_WITHIN_DAYS)
    active = Designation.status == DesignationStatus.active
    filters = {
        "active": and_(active, Designation.end_date > soon),
        "expiring": and_(active, Designation.end_date >= today, Designation.end_date <= soon),
        "expired": and_(active, Designation.end_date < today),
        "suspended": Designation.status == DesignationStatus.suspended,
        "revoked": Designation.status == DesignationStatus.revoked,
    }
    if show in filters:
        statement = statement.where(filters[show])
    order = {
        "end": (Designation.end_date, Designation.id),
        "partner": (Partner.name, Designation.id),
        "start": (Designation.start_date.desc(), Designation.id),
    }.get(sort, (Designation.end_date, Designation.id))
    return statement.order_by(*order)


def designation(session: Session, actor: Actor, designation_id: int) -> Designation:
    perms.require(perms.can_run_reviews(actor), actor, hide=True)
    found = session.scalar(
        select(Designation)
        .where(Designation.id == designation_id)
        .options(selectinload(Designation.partner), selectinload(Designation.focus_areas))
    )
    if found is None:
        raise NotFound()
    return found


def partner_designations(session: Session, partner_id: int) -> list[Designation]:
    return list(
        session.scalars(
            select(Designation)
            .where(Designation.partner_id == partner_id)
            .options(selectinload(Designation.focus_areas))
            .order_by(Designation.end_date.desc())
        )
    )


def has_listed_designation(session: Session, partner_id: int, today: date) -> bool:
    return (
        session.scalar(
            select(func.count(Designation.id)).where(
                Designation.partner_id == partner_id,
                Designation.status == DesignationStatus.active,
                Designation.start_date <= today,
                Designation.end_date >= today,
            )
        )
        or 0
    ) > 0


def designations_ending_between(session: Session, start: date, end: date) -> list[Designation]:
    return list(
        session.scalars(
            select(Designation)
            .where(
                Designation.status == DesignationStatus.active,
                Designation.end_date >= start,
                Designation.end_date <= end,
            )
            .options(selectinload(Designation.partner), selectinload(Designation.focus_areas))
        )
    )


def partners_listing_out_of_date(session: Session, today: date) -> list[Partner]:
    """Partners whose is_designated flag disagrees with their designations today."""
    listed = exists().where(
        Designation.partner_id == Partner.id,
        Designation.status == DesignationStatus.active,
        Designation.start_date <= today,
        Designation.end_date >= today,
    )
    return list(
        session.scalars(
            select(Partner).where(
                or_(
                    and_(Partner.is_designated.is_(True), not_(listed)),
                    and_(Partner.is_designated.is_(False), listed),
                )
            )
        )
    )
