"""Every engagement SELECT, with who may see what built into the query."""

from datetime import date

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, selectinload

from app.engagements import track_record
from app.engagements.models import ConfirmationStatus, Engagement, OutcomeMeasure
from app.errors import NotFound
from app.schools.models import School

PARTNER_SORTS = {
    "start": (Engagement.start_date.desc(), Engagement.id.desc()),
    "start_asc": (Engagement.start_date, Engagement.id),
    "status": (Engagement.status, Engagement.start_date.desc(), Engagement.id),
    "updated": (Engagement.updated_at.desc(), Engagement.id.desc()),
    # For districts: what still needs an answer first.
    "needs_review": (
        case(
            (Engagement.status == ConfirmationStatus.unconfirmed, 0),
            (Engagement.status == ConfirmationStatus.disputed, 1),
            else_=2,
        ),
        Engagement.start_date.desc(),
        Engagement.id,
    ),
}


def _list_options() -> tuple:
    return (
        selectinload(Engagement.school).selectinload(School.district),
        selectinload(Engagement.district),
        selectinload(Engagement.focus_areas),
    )


def _full_options() -> tuple:
    return (
        *_list_options(),
        selectinload(Engagement.partner),
        selectinload(Engagement.outcomes).selectinload(OutcomeMeasure.values),
    )


def partner_engagements(
    partner_id: int, *, status: ConfirmationStatus | None = None, sort: str = "start"
) -> Select[tuple[Engagement]]:
    statement = select(Engagement).where(Engagement.partner_id == partner_id).options(*_list_options())
    if status is not None:
        statement = statement.where(Engagement.status == status)
    return statement.order_by(*PARTNER_SORTS.get(sort, PARTNER_SORTS["start"]))


def partner_engagement(session: Session, partner_id: int, engagement_id: int) -> Engagement:
    """One of this partner's engagements; anyone else's is NotFound."""
    found = session.scalar(
        select(Engagement)
        .where(Engagement.id == engagement_id, Engagement.partner_id == partner_id)
        .options(*_full_options())
    )
    if found is None:
        raise NotFound()
    return found


def engagements_for_partner(session: Session, partner_id: int) -> list[Engagement]:
    """All of a partner's engagements with outcomes (exports, application snapshots)."""
    statement = (
        select(Engagement)
        .where(Engagement.partner_id == partner_id)
        .options(*_full_options())
        .order_by(Engagement.start_date, Engagement.id)
    )
    return list(session.scalars(statement))


def district_engagements(
    district_id: int, *, status: ConfirmationStatus | None = None, sort: str = "needs_review"
) -> Select[tuple[Engagement]]:
    """Engagements at a district's schools (or with the whole district)."""
    statement = (
        select(Engagement)
        .where(Engagement.district_id == district_id)
        .options(*_list_options(), selectinload(Engagement.partner))
    )
    if status is not None:
        statement = statement.where(Engagement.status == status)
    return statement.order_by(*PARTNER_SORTS.get(sort, PARTNER_SORTS["needs_review"]))


def district_engagement(session: Session, district_id: int, engagement_id: int) -> Engagement:
    found = session.scalar(
        select(Engagement)
        .where(Engagement.id == engagement_id, Engagement.district_id == district_id)
        .options(*_full_options())
    )
    if found is None:
        raise NotFound()
    return found


def confirmed_partner_ids() -> Select[tuple[int]]:
    """Partners with at least one confirmed engagement, as a subquery:
    ``Partner.id.in_(confirmed_partner_ids())`` (uses ix_engagements_status_partner_id)."""
    return select(Engagement.partner_id).where(Engagement.status == ConfirmationStatus.confirmed).distinct()


def partners_with_confirmed_engagements(session: Session, partner_ids: list[int] | None = None) -> set[int]:
    statement = confirmed_partner_ids()
    if partner_ids is not None:
        statement = statement.where(Engagement.partner_id.in_(partner_ids))
    return set(session.scalars(statement))


def _school_key(engagement: Engagement) -> str:
    if engagement.school_id is not None:
        return f"school:{engagement.school_id}"
    if engagement.school_name_other:
        return f"named:{engagement.school_name_other.strip().lower()}"
    return f"district:{engagement.district_id}"


def figures(engagement: Engagement) -> track_record.EngagementFigures:
    return track_record.EngagementFigures(
        school_key=_school_key(engagement),
        school_label=engagement.place_name,
        start_date=engagement.start_date,
        end_date=engagement.end_date,
        measures=tuple(
            track_record.MeasureFigures(
                name=m.name,
                unit=m.unit.value,
                students_count=m.students_count,
                baseline_year=m.baseline_year,
                baseline_value=m.baseline_value,
                state_baseline_value=m.state_baseline_value,
                later=tuple((v.school_year, v.value, v.state_value) for v in m.values),
            )
            for m in engagement.outcomes
        ),
    )


def track_record_for_partner(
    session: Session, partner_id: int, *, as_of: date | None = None
) -> track_record.TrackRecord:
    """The partner's public track record: confirmed engagements only."""
    statement = (
        select(Engagement)
        .where(Engagement.partner_id == partner_id, Engagement.status == ConfirmationStatus.confirmed)
        .options(*_full_options())
        .order_by(Engagement.start_date, Engagement.id)
    )
    engagements = [figures(e) for e in session.scalars(statement)]
    return track_record.compute(engagements, as_of=as_of or date.today())


def status_counts(session: Session, partner_id: int) -> dict[str, int]:
    """How many of a partner's engagements are unconfirmed, confirmed or disputed."""
    rows = session.execute(
        select(Engagement.status, func.count())
        .where(Engagement.partner_id == partner_id)
        .group_by(Engagement.status)
    ).all()
    return {str(status): count for status, count in rows}
