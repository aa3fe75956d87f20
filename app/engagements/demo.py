"""Demo engagements: the demo partners' work at real schools of the two demo districts.

Schools and districts are real (from the state's 2017 directory); every outcome figure is
invented and says so in the measure's name.
"""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.actor import SYSTEM, Actor
from app.accounts.demo import EMAIL_DOMAIN, DemoAccount
from app.accounts.models import User
from app.engagements import service
from app.engagements.schemas import DisputeForm, EngagementForm, OutcomeForm
from app.partners.models import Partner
from app.schools import queries as school_queries

FICTIONAL = "(fictional demo figures)"

# (school state code or None, district name for whole-district work, start, end, focus areas,
#  services, intensity, funding, cost dollars, outcome rows, what the district does)
PLAN = (
    (
        "01370025",
        None,
        date(2014, 8, 1),
        date(2017, 6, 30),
        ["leadership", "instruction"],
        "Turnaround operator support: leadership coaching, instructional rounds, extended learning time.",
        "intensive",
        "section_1003",
        "480000",
        [
            (
                "Grade 3–8 ELA, % proficient or advanced",
                230,
                2014,
                18.0,
                60.0,
                [24.0, 29.5, 31.0],
                [61.0, 60.0, 60.5],
            ),
            (
                "Grade 3–8 math, % proficient or advanced",
                230,
                2014,
                15.0,
                52.0,
                [19.0, 22.0, 27.5],
                [52.5, 53.0, 53.0],
            ),
        ],
        "confirm",
    ),
    (
        "02010115",
        None,
        date(2014, 9, 1),
        date(2017, 6, 30),
        ["climate_supports", "family_community"],
        "Attendance teams, family outreach coordinators and a student support center.",
        "moderate",
        "title_i",
        "150000",
        [
            (
                "Chronic absence, % of students (lower is better)",
                290,
                2014,
                24.0,
                13.0,
                [20.0, 17.0],
                [13.0, 12.5],
            )
        ],
        "confirm",
    ),
    (
        "02010078",
        None,
        date(2016, 1, 15),
        date(2017, 12, 31),
        ["data_assessment"],
        "Interim assessment cycles and data meetings for grade-level teams.",
        "light",
        "district_general",
        "45000",
        [("Grade 4 math, % proficient or advanced", 8, 2016, 30.0, None, [41.0], [None])],
        "dispute",
    ),
    (
        "01370605",
        None,
        date(2017, 8, 20),
        None,
        ["staffing"],
        "Teacher residency placements and new-teacher mentoring.",
        "moderate",
        "state_grant",
        "90000",
        [],
        None,
    ),
    (
        None,
        "Holyoke",
        date(2015, 7, 1),
        date(2018, 6, 30),
        ["leadership", "data_assessment"],
        "District-wide principal supervisor coaching and a common data system.",
        "moderate",
        "foundation",
        "210000",
        [
            (
                "District CPI, ELA (index points)",
                5200,
                2015,
                71.0,
                86.0,
                [73.5, 76.0, 78.0],
                [86.5, 86.0, 87.0],
            )
        ],
        "confirm",
    ),
)

DISPUTE_COMMENT = (
    "Our records show the data meetings ran only from September to December 2016, not through 2017. "
    "Please correct the dates. (Fictional demo comment.)"
)


def _district_actor(session: Session, district_name: str) -> Actor:
    from app.schools.demo import DEMO_DISTRICTS

    for number, (name, _org, _person) in enumerate(DEMO_DISTRICTS, start=1):
        if name == district_name:
            user = session.scalar(select(User).where(User.email == f"district{number}@{EMAIL_DOMAIN}"))
            if user is not None:
                return Actor(user=user, client_address="demo data")
    return SYSTEM


def load(session: Session) -> list[DemoAccount]:
    partners = list(session.scalars(select(Partner).order_by(Partner.id)))
    if not partners:
        return []
    for index, (
        code,
        district_name,
        start,
        end,
        focus,
        services,
        intensity,
        funding,
        cost,
        rows,
        action,
    ) in enumerate(PLAN):
        partner = partners[index % len(partners)]
        school = school_queries.school_by_code(session, code) if code else None
        district = (
            school.district if school else school_queries.district_by_name(session, district_name or "")
        )
        if district is None:
            continue
        form = EngagementForm(
            school_id=school.id if school else None,
            district_id=None if school else district.id,
            start_date=start,
            end_date=end,
            focus_areas=focus,
            services=services,
            intensity=intensity,
            funding_source=funding,
            cost=cost,
        )
        outcomes = [
            OutcomeForm(
                name=f"{name} {FICTIONAL}",
                students_count=students,
                baseline_year=baseline_year,
                baseline_value=baseline,
                state_baseline_value=state_baseline,
                **{f"value_{n}": value for n, value in enumerate(later, start=1)},
                **{f"state_value_{n}": value for n, value in enumerate(state_later, start=1)},
            )
            for name, students, baseline_year, baseline, state_baseline, later, state_later in rows
        ]
        engagement = service.engagement_create(
            session=session, partner=partner, form=form, outcomes=outcomes, actor=SYSTEM
        )
        actor = _district_actor(session, district.name)
        if action == "confirm":
            service.engagement_confirm(session=session, engagement=engagement, district=district, actor=actor)
        elif action == "dispute":
            service.engagement_dispute(
                session=session,
                engagement=engagement,
                district=district,
                form=DisputeForm(comment=DISPUTE_COMMENT),
                actor=actor,
            )
    session.flush()
    return []
