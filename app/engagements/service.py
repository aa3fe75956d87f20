"""Every engagement write: partner edits and imports, district confirmation, and notices."""

from typing import Any

from sqlalchemy.orm import Session

from app.accounts import audit
from app.accounts import permissions as perms
from app.accounts import queries as account_queries
from app.accounts.actor import Actor
from app.db import utcnow
from app.engagements import csv_io
from app.engagements.models import (
    ConfirmationStatus,
    Engagement,
    EngagementFocusArea,
    OutcomeMeasure,
    OutcomeValue,
)
from app.engagements.schemas import DisputeForm, EngagementForm, OutcomeForm
from app.errors import InvalidTransition, NotFound, ValidationFailed
from app.notifications import service as notifications
from app.schools import queries as school_queries
from app.schools.csv_import import ImportRejected, RowProblem, decode, header, read_rows


def _place(session: Session, form: EngagementForm) -> tuple[Any, Any, str | None]:
    """(school, district, free-text name): a registry school brings its district."""
    if form.school_id is not None:
        try:
            school = school_queries.school(session, form.school_id)
        except NotFound:
            raise ValidationFailed(
                field_errors={"school_id": "That school is not in the registry. Search again."}
            ) from None
        return school, school.district, None
    district = None
    if form.district_id is not None:
        try:
            district = school_queries.district(session, form.district_id)
        except NotFound:
            raise ValidationFailed(field_errors={"district_id": "Choose a district from the list."}) from None
    return None, district, form.school_name_other or None


def _facts(engagement: Engagement) -> dict[str, Any]:
    """What the district confirms: any change to these returns a confirmation to unconfirmed."""
    return {
        "school_id": engagement.school_id,
        "district_id": engagement.district_id,
        "school_name_other": engagement.school_name_other,
        "start_date": engagement.start_date,
        "end_date": engagement.end_date,
        "focus_areas": sorted(f.focus_area for f in engagement.focus_areas),
        "services": engagement.services,
        "intensity": engagement.intensity,
        "funding_source": engagement.funding_source,
        "cost_cents": engagement.cost_cents,
        "outcomes": [
            [
                m.name,
                m.unit,
                m.students_count,
                m.baseline_year,
                m.baseline_value,
                m.state_baseline_value,
                [[v.school_year, v.value, v.state_value] for v in m.values],
            ]
            for m in engagement.outcomes
        ],
    }


def _apply(
    session: Session, engagement: Engagement, form: EngagementForm, outcomes: list[OutcomeForm]
) -> None:
    # Objects, not ids: pages and notices read engagement.school and .district afterwards.
    engagement.school, engagement.district, engagement.school_name_other = _place(session, form)
    engagement.start_date = form.start_date
    engagement.end_date = form.end_date
    engagement.services = form.services
    engagement.intensity = form.intensity
    engagement.funding_source = form.funding_source
    engagement.cost_cents = form.cost_cents
    wanted = list(dict.fromkeys(form.focus_areas))
    engagement.focus_areas = [f for f in engagement.focus_areas if f.focus_area in wanted] + [
        EngagementFocusArea(focus_area=code)
        for code in wanted
        if code not in {f.focus_area for f in engagement.focus_areas}
    ]
    engagement.outcomes = [
        OutcomeMeasure(
            position=position,
            name=outcome.name,
            unit=outcome.unit,
            students_count=outcome.students_count,
            baseline_year=outcome.baseline_year,
            baseline_value=outcome.baseline_value,
            state_baseline_value=outcome.state_baseline_value,
            values=[
                OutcomeValue(school_year=year, value=value, state_value=state)
                for year, value, state in outcome.later()
            ],
        )
        for position, outcome in enumerate(outcomes)
    ]


def engagement_create(
    *, session: Session, partner: Any, form: EngagementForm, outcomes: list[OutcomeForm], actor: Actor
) -> Engagement:
    perms.require(perms.can_manage_engagements(actor, partner), actor, hide=True)
    engagement = Engagement(partner=partner, status=ConfirmationStatus.unconfirmed)
    engagement.focus_areas = []
    engagement.outcomes = []
    _apply(session, engagement, form, outcomes)
    session.add(engagement)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="engagement.created",
        object_type="engagement",
        object_id=engagement.id,
        changes=_facts(engagement),
    )
    return engagement


def engagement_update(
    *,
    session: Session,
    engagement: Engagement,
    form: EngagementForm,
    outcomes: list[OutcomeForm],
    actor: Actor,
) -> bool:
    """Save the partner's changes. True when a confirmation or dispute was reset by them."""
    perms.require(perms.can_manage_engagements(actor, engagement.partner), actor, hide=True)
    before = _facts(engagement)
    _apply(session, engagement, form, outcomes)
    session.flush()
    after = _facts(engagement)
    changes = audit.diff(before, after)
    if not changes:
        return False
    reset = engagement.status is not ConfirmationStatus.unconfirmed
    if reset:
        changes["status"] = [engagement.status, ConfirmationStatus.unconfirmed]
        engagement.status = ConfirmationStatus.unconfirmed
        engagement.confirmed_by_id = None
        engagement.confirmed_at = None
        engagement.district_comment = None
    engagement.updated_at = utcnow()
    audit.record(
        session,
        actor=actor,
        action="engagement.updated",
        object_type="engagement",
        object_id=engagement.id,
        changes=changes,
    )
    return reset


def engagement_delete(*, session: Session, engagement: Engagement, actor: Actor) -> None:
    perms.require(perms.can_manage_engagements(actor, engagement.partner), actor, hide=True)
    audit.record(
        session,
        actor=actor,
        action="engagement.deleted",
        object_type="engagement",
        object_id=engagement.id,
        changes={"place": engagement.place_name, "status": engagement.status},
    )
    session.delete(engagement)
    session.flush()


def _notify_partner(session: Session, engagement: Engagement, subject: str, body: str) -> None:
    recipients = account_queries.active_member_emails(session, engagement.partner.organization_id)
    for email in recipients:
        notifications.message_enqueue(session=session, recipient=email, subject=subject, body=body)


def _describe(engagement: Engagement) -> str:
    end = engagement.end_date.isoformat() if engagement.end_date else "ongoing"
    return f"{engagement.place_name}, {engagement.start_date.isoformat()} to {end}"


def engagement_confirm(*, session: Session, engagement: Engagement, district: Any, actor: Actor) -> None:
    """The district confirms the engagement happened as described."""
    perms.require(
        perms.can_confirm_engagements(actor, district) and engagement.district_id == district.id,
        actor,
        hide=True,
    )
    if engagement.status is ConfirmationStatus.confirmed:
        raise InvalidTransition("This engagement is already confirmed.")
    before = engagement.status
    engagement.status = ConfirmationStatus.confirmed
    engagement.district_comment = None
    engagement.confirmed_by_id = actor.user.id if actor.user else None
    engagement.confirmed_at = utcnow()
    audit.record(
        session,
        actor=actor,
        action="engagement.confirmed",
        object_type="engagement",
        object_id=engagement.id,
        changes={"status": [before, engagement.status]},
    )
    _notify_partner(
        session,
        engagement,
        "A district confirmed your engagement",
        f"The district confirmed your engagement at {_describe(engagement)}.\n"
        "Confirmed engagements count in your public track record.\n",
    )


def engagement_dispute(
    *, session: Session, engagement: Engagement, district: Any, form: DisputeForm, actor: Actor
) -> None:
    """The district says the engagement is not as described; its comment goes to the partner."""
    perms.require(
        perms.can_confirm_engagements(actor, district) and engagement.district_id == district.id,
        actor,
        hide=True,
    )
    if engagement.status is ConfirmationStatus.disputed:
        raise InvalidTransition("This engagement is already disputed.")
    before = engagement.status
    engagement.status = ConfirmationStatus.disputed
    engagement.district_comment = form.comment
    engagement.confirmed_by_id = actor.user.id if actor.user else None
    engagement.confirmed_at = utcnow()
    audit.record(
        session,
        actor=actor,
        action="engagement.disputed",
        object_type="engagement",
        object_id=engagement.id,
        changes={"status": [before, engagement.status], "district_comment": form.comment},
    )
    _notify_partner(
        session,
        engagement,
        "A district disputed your engagement",
        f"The district disputed your engagement at {_describe(engagement)}.\n\n"
        f"Their comment:\n{form.comment}\n\nCorrect the engagement in your workspace; "
        "the district will be asked to confirm it again.\n",
    )


MAX_IMPORT_BYTES = 2 * 1024 * 1024


def engagements_import(*, session: Session, partner: Any, content: bytes, actor: Actor) -> list[Engagement]:
    """Create engagements from a CSV file: every row good, or nothing (ImportRejected)."""
    perms.require(perms.can_manage_engagements(actor, partner), actor, hide=True)
    if not content.strip():
        raise ValidationFailed(field_errors={"file": "Choose a CSV file to import."})
    if len(content) > MAX_IMPORT_BYTES:
        raise ValidationFailed(field_errors={"file": "The file is larger than 2 MB. Split it in parts."})
    if b"\x00" in content[:4096]:
        raise ValidationFailed(field_errors={"file": "This is not a CSV file. Save the sheet as CSV."})
    text = decode(content)
    rows = list(read_rows(text))
    schools = school_queries.school_ids_by_code(session, csv_io.codes_in(rows, "school_code"))
    districts = school_queries.district_ids_by_code(session, csv_io.codes_in(rows, "district_code"))
    parsed, problems = csv_io.parse_rows(
        rows, schools=schools, districts=districts, present_columns=header(text)
    )
    if problems:
        raise ImportRejected(problems)
    created = []
    # A savepoint, so a row that fails only now (a school deleted meanwhile) undoes the others.
    with session.begin_nested():
        for item in parsed:
            try:
                created.append(
                    engagement_create(
                        session=session, partner=partner, form=item.form, outcomes=item.outcomes, actor=actor
                    )
                )
            except ValidationFailed as exc:
                problems.extend(
                    RowProblem(item.line, key, message) for key, message in exc.field_errors.items()
                )
        if problems:
            raise ImportRejected(problems)
    audit.record(
        session,
        actor=actor,
        action="engagements.imported",
        object_type="partner",
        object_id=partner.id,
        changes={"engagements": [e.id for e in created]},
    )
    return created
