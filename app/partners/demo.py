"""Twelve fictional partner organizations with complete profiles, one editor account each.

Every organization, person, web address and figure here is invented. The web addresses use
the reserved `.example` domain so none can belong to a real organization.
"""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import demo as accounts_demo
from app.accounts.actor import SYSTEM
from app.accounts.demo import EMAIL_DOMAIN, DemoAccount
from app.accounts.models import Organization, OrganizationKind, Role
from app.db import utcnow
from app.partners import queries, service
from app.partners.models import Partner, PartnerRevision, RevisionStatus
from app.partners.profile import profile_values
from app.partners.schemas import ProfileForm


def _services(*rows: tuple[str, str]) -> list[dict[str, str]]:
    return [{"name": name, "description": description} for name, description in rows]


# (organization name, editor's name, profile form values)
PARTNERS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    (
        "Brightpath Learning Partners (fictional)",
        "Jordan Ellery (fictional)",
        {
            "summary": "Leadership coaching and school-system redesign for principals leading a turnaround.",
            "description": (
                "Brightpath coaches principals and their leadership teams through the first three years "
                "of a turnaround: a 90-day entry plan, a weekly cycle of instructional rounds, and a "
                "shared data meeting routine. Coaches are former turnaround principals."
            ),
            "headquarters": "Worcester, MA",
            "regions": ["central", "northeast", "greater_boston"],
            "primary_focus_areas": ["leadership"],
            "secondary_focus_areas": ["data_assessment", "staffing"],
            "grade_bands": ["elementary", "middle"],
            "school_types": ["district", "charter"],
            "services": _services(
                (
                    "Principal coaching",
                    "Two days a month on site with the principal and assistant principals.",
                ),
                (
                    "Leadership team design",
                    "Roles, meeting routines and a 90-day plan for the school's team.",
                ),
                ("Instructional rounds", "Monthly walkthroughs with the district's school support staff."),
            ),
            "delivery_model": "hybrid",
            "capacity_schools_per_year": 12,
            "accepting_new_districts": True,
            "cost_min_dollars": 45000,
            "cost_max_dollars": 120000,
            "pricing_model": "per_school",
            "years_operating": 11,
        },
    ),
    (
        "Cornerstone Talent Collaborative (fictional)",
        "Priya Ransome (fictional)",
        {
            "summary": "Recruits, prepares and keeps strong teachers and leaders in hard-to-staff schools.",
            "description": (
                "We run a residency for career changers, a hiring calendar that moves offers to spring, "
                "and a teacher-leader ladder that keeps strong teachers in their schools."
            ),
            "headquarters": "Springfield, MA",
            "regions": ["western", "central"],
            "primary_focus_areas": ["staffing"],
            "secondary_focus_areas": ["leadership"],
            "grade_bands": ["elementary", "middle", "high"],
            "school_types": ["district"],
            "services": _services(
                ("Teacher residency", "A year-long residency alongside a mentor teacher, with licensure."),
                ("Early hiring", "A hiring calendar and screening tools so offers go out by April."),
                ("Teacher-leader ladder", "Paid roles for strong teachers who coach their peers."),
            ),
            "delivery_model": "in_person",
            "capacity_schools_per_year": 20,
            "accepting_new_districts": True,
            "cost_min_dollars": 30000,
            "cost_max_dollars": 90000,
            "pricing_model": "per_school",
            "years_operating": 8,
        },
    ),
    (
        "Extra Hour Learning Network (fictional)",
        "Sam Okafor (fictional)",
        {
            "summary": "Redesigns the school day and year to add purposeful learning time for every student.",
            "description": (
                "Extra Hour helps schools add 300 hours a year: schedule design, community partners for "
                "enrichment blocks, and teacher planning time built into the longer day."
            ),
            "headquarters": "Lowell, MA",
            "regions": ["northeast", "greater_boston"],
            "primary_focus_areas": ["learning_time"],
            "secondary_focus_areas": ["family_community"],
            "grade_bands": ["elementary", "middle"],
            "school_types": ["district", "charter"],
            "services": _services(
                ("Expanded day design", "A schedule that adds learning time and teacher collaboration."),
                (
                    "Enrichment partners",
                    "Matching schools with community organizations for afternoon blocks.",
                ),
            ),
            "delivery_model": "in_person",
            "capacity_schools_per_year": 8,
            "accepting_new_districts": True,
            "cost_min_dollars": 60000,
            "cost_max_dollars": 150000,
            "pricing_model": "per_school",
            "years_operating": 14,
        },
    ),
    (
        "Tiered Steps Instruction Group (fictional)",
        "Alex Brennan (fictional)",
        {
            "summary": "Builds tiered systems of support so every student gets the instruction they need.",
            "description": (
                "Tiered Steps sets up universal screening, intervention blocks and data teams, and coaches "
                "teachers on core instruction in reading and mathematics."
            ),
            "headquarters": "Brockton, MA",
            "regions": ["southeast", "greater_boston"],
            "primary_focus_areas": ["instruction"],
            "secondary_focus_areas": ["data_assessment"],
            "grade_bands": ["early", "elementary"],
            "school_types": ["district"],
            "services": _services(
                ("Tiered support design", "Screening, an intervention block and entry and exit rules."),
                ("Literacy coaching", "Classroom coaching for K-3 teachers on foundational reading."),
                ("Math intervention", "Small-group intervention materials and training for grades 3-5."),
            ),
            "delivery_model": "hybrid",
            "capacity_schools_per_year": 15,
            "accepting_new_districts": True,
            "cost_min_dollars": 25000,
            "cost_max_dollars": 75000,
            "pricing_model": "per_school",
            "years_operating": 10,
        },
    ),
    (
        "Clearview Data Partners (fictional)",
        "Morgan Achebe (fictional)",
        {
            "summary": "Helps teachers use assessment data weekly to adjust instruction and track progress.",
            "description": (
                "Clearview sets up common formative assessments, a data calendar and teacher data "
                "meetings, and trains school data leads to run them."
            ),
            "headquarters": "Framingham, MA",
            "regions": ["central", "greater_boston", "northeast", "southeast", "western"],
            "primary_focus_areas": ["data_assessment"],
            "secondary_focus_areas": ["instruction"],
            "grade_bands": ["elementary", "middle", "high"],
            "school_types": ["district", "charter", "vocational"],
            "services": _services(
                ("Assessment calendar", "Common formative assessments aligned to the curriculum."),
                ("Data meeting coaching", "Coaching data leads to run weekly teacher data meetings."),
            ),
            "delivery_model": "virtual",
            "capacity_schools_per_year": 40,
            "accepting_new_districts": True,
            "cost_min_dollars": 12000,
            "cost_max_dollars": 40000,
            "pricing_model": "per_school",
            "years_operating": 6,
        },
    ),
    (
        "Harbor Light Student Supports (fictional)",
        "Riley Nakamura (fictional)",
        {
            "summary": "School climate, social-emotional learning and student health supports in one team.",
            "description": (
                "Harbor Light places a student support coordinator in each school, sets up a student "
                "support team, and trains staff in restorative practices."
            ),
            "headquarters": "New Bedford, MA",
            "regions": ["southeast"],
            "primary_focus_areas": ["climate_supports"],
            "secondary_focus_areas": ["family_community"],
            "grade_bands": ["elementary", "middle", "high"],
            "school_types": ["district", "alternative"],
            "services": _services(
                ("Student support coordinator", "A full-time coordinator who links students to services."),
                ("Restorative practices", "Staff training and coaching on restorative circles."),
                ("Attendance teams", "Weekly attendance reviews and family outreach."),
            ),
            "delivery_model": "in_person",
            "capacity_schools_per_year": 10,
            "accepting_new_districts": False,
            "cost_min_dollars": 70000,
            "cost_max_dollars": 110000,
            "pricing_model": "per_school",
            "years_operating": 17,
        },
    ),
    (
        "Kinship Family Engagement Project (fictional)",
        "Dana Villanueva (fictional)",
        {
            "summary": "Builds two-way partnerships between families, schools and community organizations.",
            "description": (
                "Kinship trains family liaisons, runs home visits and academic parent-teacher teams, and "
                "connects schools with local community organizations."
            ),
            "headquarters": "Holyoke, MA",
            "regions": ["western", "central"],
            "primary_focus_areas": ["family_community"],
            "secondary_focus_areas": ["climate_supports"],
            "grade_bands": ["early", "elementary", "middle"],
            "school_types": ["district"],
            "services": _services(
                ("Family liaison training", "Training and coaching for bilingual family liaisons."),
                ("Academic parent-teacher teams", "Three family meetings a year around student data."),
            ),
            "delivery_model": "in_person",
            "capacity_schools_per_year": 14,
            "accepting_new_districts": True,
            "cost_min_dollars": 15000,
            "cost_max_dollars": 45000,
            "pricing_model": "per_school",
            "years_operating": 9,
        },
    ),
    (
        "Summit Turnaround Associates (fictional)",
        "Casey Lindqvist (fictional)",
        {
            "summary": "Whole-school turnaround partner: leadership, instruction and culture in one plan.",
            "description": (
                "Summit acts as a lead partner for schools in the state's most intensive support, "
                "coordinating leadership coaching, instructional coaching and climate work."
            ),
            "headquarters": "Boston, MA",
            "regions": ["greater_boston", "southeast", "northeast"],
            "primary_focus_areas": ["leadership", "instruction"],
            "secondary_focus_areas": ["climate_supports", "learning_time"],
            "grade_bands": ["middle", "high"],
            "school_types": ["district", "charter"],
            "services": _services(
                ("Lead partner", "A single plan and team across leadership, instruction and culture."),
                ("Instructional coaching", "Weekly coaching cycles for teachers in core subjects."),
                ("Culture launch", "Summer training and a first-30-days culture plan."),
            ),
            "delivery_model": "in_person",
            "capacity_schools_per_year": 5,
            "accepting_new_districts": True,
            "cost_min_dollars": 250000,
            "cost_max_dollars": 600000,
            "pricing_model": "fixed_contract",
            "years_operating": 15,
        },
    ),
    (
        "Northstar Math Acceleration (fictional)",
        "Jamie Castellanos (fictional)",
        {
            "summary": "High-dosage math tutoring during the school day for grades 6 to 9.",
            "description": (
                "Northstar tutors work with two or three students at a time, every day, in a scheduled "
                "period, using the school's curriculum and weekly progress checks."
            ),
            "headquarters": "Lawrence, MA",
            "regions": ["northeast", "greater_boston"],
            "primary_focus_areas": ["instruction"],
            "secondary_focus_areas": ["learning_time", "data_assessment"],
            "grade_bands": ["middle", "high"],
            "school_types": ["district", "charter"],
            "services": _services(
                ("In-school tutoring", "Daily tutoring in groups of two or three students."),
                ("Tutor recruitment", "Recruiting and training tutors from the community."),
            ),
            "delivery_model": "in_person",
            "capacity_schools_per_year": 18,
            "accepting_new_districts": True,
            "cost_min_dollars": 1200,
            "cost_max_dollars": 2000,
            "pricing_model": "per_student",
            "years_operating": 7,
        },
    ),
    (
        "Open Door Alternative Pathways (fictional)",
        "Taylor Oyelaran (fictional)",
        {
            "summary": "Re-engages students who are off track to graduate, in alternative and high schools.",
            "description": (
                "Open Door runs credit-recovery programs, early-warning systems and mentoring for students "
                "who have left or are about to leave school."
            ),
            "headquarters": "Fall River, MA",
            "regions": ["southeast"],
            "primary_focus_areas": ["climate_supports"],
            "secondary_focus_areas": ["learning_time", "data_assessment"],
            "grade_bands": ["high"],
            "school_types": ["alternative", "vocational", "district"],
            "services": _services(
                ("Early warning system", "Attendance, behavior and course data flags reviewed weekly."),
                ("Credit recovery", "Competency-based courses with a teacher on site."),
                ("Mentoring", "A mentor for each student for the whole school year."),
            ),
            "delivery_model": "hybrid",
            "capacity_schools_per_year": 6,
            "accepting_new_districts": True,
            "cost_min_dollars": 40000,
            "cost_max_dollars": 95000,
            "pricing_model": "per_school",
            "years_operating": 12,
        },
    ),
    (
        "Evergreen Early Literacy Alliance (fictional)",
        "Quinn Abernathy (fictional)",
        {
            "summary": "Early literacy for pre-K to grade 2: curriculum, coaching and family reading nights.",
            "description": (
                "Evergreen helps schools adopt a knowledge-rich early literacy curriculum, coaches "
                "teachers on phonics instruction, and runs family reading nights."
            ),
            "headquarters": "Pittsfield, MA",
            "regions": ["western"],
            "primary_focus_areas": ["instruction"],
            "secondary_focus_areas": ["family_community"],
            "grade_bands": ["early", "elementary"],
            "school_types": ["district"],
            "services": _services(
                ("Curriculum adoption", "Selecting and launching a knowledge-rich literacy curriculum."),
                ("Phonics coaching", "Classroom coaching for pre-K to grade 2 teachers."),
                ("Family reading nights", "Monthly evenings with books to take home."),
            ),
            "delivery_model": "hybrid",
            "capacity_schools_per_year": 10,
            "accepting_new_districts": True,
            "cost_min_dollars": 20000,
            "cost_max_dollars": 55000,
            "pricing_model": "per_school",
            "years_operating": 5,
        },
    ),
    (
        "Meridian School Systems Institute (fictional)",
        "Reese Dubois (fictional)",
        {
            "summary": "District-level systems for supporting struggling schools: staffing, budgets, data.",
            "description": (
                "Meridian works with district offices to give turnaround schools the autonomy, staffing "
                "priority and data systems they need, and trains district school support staff."
            ),
            "headquarters": "Boston, MA",
            "regions": ["greater_boston", "central", "western", "northeast", "southeast"],
            "primary_focus_areas": ["leadership", "staffing"],
            "secondary_focus_areas": ["data_assessment"],
            "grade_bands": ["elementary", "middle", "high"],
            "school_types": ["district", "vocational"],
            "services": _services(
                ("District turnaround office", "Designing the district team that supports its schools."),
                ("Staffing priority", "Hiring and transfer rules that put strong staff in priority schools."),
            ),
            "delivery_model": "hybrid",
            "capacity_schools_per_year": 4,
            "accepting_new_districts": False,
            "cost_min_dollars": 150000,
            "cost_max_dollars": 350000,
            "pricing_model": "fixed_contract",
            "years_operating": 20,
        },
    ),
)


def _website(name: str) -> str:
    return f"https://{service.slugify(name).removesuffix('-fictional')}.example"


def load(session: Session) -> list[DemoAccount]:
    accounts: list[DemoAccount] = []
    for number, (name, person, values) in enumerate(PARTNERS, start=1):
        organization = accounts_demo.organization(session, name=name, kind=OrganizationKind.partner)
        email = f"partner{number}@{EMAIL_DOMAIN}"
        accounts.append(
            accounts_demo.account(
                session, email=email, full_name=person, role=Role.partner_editor, organization=organization
            )
        )
        partner = service.partner_create(session=session, organization=organization, actor=SYSTEM)
        partner = queries.partner_with_facets(session, partner.id)
        form = ProfileForm.model_validate(
            {
                "name": name,
                "website": _website(name),
                "contact_name": person,
                "contact_email": email,
                "contact_phone": f"555-01{number:02d}",
                **values,
            }
        )
        service.partner_profile_update(session=session, partner=partner, form=form, actor=SYSTEM)

    # Partner organizations created elsewhere (the pending account request) get a profile too.
    have = select(Partner.organization_id)
    for organization in session.scalars(
        select(Organization).where(
            Organization.kind == OrganizationKind.partner, Organization.id.not_in(have)
        )
    ):
        service.partner_create(session=session, organization=organization, actor=SYSTEM)

    _pending_revision(session)
    return accounts


def _pending_revision(session: Session) -> None:
    """One proposed change waiting for state staff, so the review queue shows how it works.

    The reviews demo designates the first partner, which is when such changes wait for review.
    """
    first = session.scalar(select(Partner).where(Partner.name == PARTNERS[0][0]))
    if first is None:
        return
    partner = queries.partner_with_facets(session, first.id)
    proposed = profile_values(partner)
    proposed["summary"] = (
        "Leadership coaching, school-system redesign and data coaching for principals in a turnaround."
    )
    proposed["secondary_focus_areas"] = ["data_assessment", "staffing", "instruction"]
    proposed["capacity_schools_per_year"] = 15
    session.add(
        PartnerRevision(
            partner_id=partner.id, proposed=proposed, status=RevisionStatus.pending, submitted_at=utcnow()
        )
    )
    session.flush()
