"""Engagement test data: plain functions with keyword overrides; each flushes."""

from datetime import date

from sqlalchemy.orm import Session

from app.engagements.models import (
    ConfirmationStatus,
    Engagement,
    EngagementFocusArea,
    FundingSource,
    Intensity,
    MeasureUnit,
    OutcomeMeasure,
    OutcomeValue,
)
from app.partners.models import Partner
from app.schools.models import School


def engagement(
    session: Session,
    *,
    partner: Partner,
    school: School | None,
    status: ConfirmationStatus = ConfirmationStatus.unconfirmed,
    outcomes: list[OutcomeMeasure] | None = None,
    **overrides,
) -> Engagement:  # type: ignore[no-untyped-def]
    values = {
        "partner_id": partner.id,
        "school_id": school.id if school else None,
        "district_id": school.district_id if school else None,
        "start_date": date(2015, 8, 1),
        "end_date": date(2017, 6, 30),
        "services": "Leadership coaching",
        "intensity": Intensity.moderate,
        "funding_source": FundingSource.title_i,
        "cost_cents": 1_000_000,
        "status": status,
    }
    values.update(overrides)
    created = Engagement(**values)
    created.focus_areas = [EngagementFocusArea(focus_area="leadership")]
    created.outcomes = outcomes or []
    session.add(created)
    session.flush()
    return created


def measure(
    *, students: int | None = 100, baseline: float = 20.0, later: list[float] | None = None, **overrides
) -> OutcomeMeasure:  # type: ignore[no-untyped-def]
    values = {
        "name": "ELA % proficient",
        "unit": MeasureUnit.percent,
        "students_count": students,
        "baseline_year": 2015,
        "baseline_value": baseline,
        "state_baseline_value": 60.0,
        "position": 0,
    }
    values.update(overrides)
    created = OutcomeMeasure(**values)
    created.values = [
        OutcomeValue(school_year=2015 + n, value=v, state_value=61.0)
        for n, v in enumerate(later or [30.0], 1)
    ]
    return created
