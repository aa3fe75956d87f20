"""Authorization expectations for reviews routes."""

from datetime import date, timedelta

from app.reviews import queries, service
from app.reviews.models import ConflictKind
from app.reviews.schemas import AssignmentForm, ConflictForm, DecisionForm, InformationRequestForm
from tests import factories
from tests.access import World
from tests.reviews import factories as rf
from tests.reviews.test_journey import _sheet


def build(world: World) -> dict[str, int | str]:
    session = world.session
    admin = factories.actor(world.admin)
    partner = world.objects.get("partner") or rf.partner(session, organization=world.partner_org)
    world.objects.setdefault("partner", partner)
    if "other_partner" not in world.objects:
        world.objects["other_partner"] = rf.partner(session, organization=world.other_partner_org)
    cycle = rf.cycle(session, world.admin)
    application = rf.submitted_application(session, cycle, partner, world.partner_user)
    service.conflict_declare(
        session=session,
        form=ConflictForm(partner_id=partner.id, kind=ConflictKind.employment),
        actor=factories.actor(world.conflicted_reviewer),
    )
    conflict_id = queries.my_conflicts(session, factories.actor(world.conflicted_reviewer))[0].id
    assignment = service.assignment_create(
        session=session,
        application=application,
        actor=admin,
        form=AssignmentForm(reviewer_id=world.reviewer.id, due_date=date.today() + timedelta(days=7)),
    )
    application = rf.load_application(session, application.id)
    service.score_sheet_save(
        session=session,
        assignment=assignment,
        application=application,
        form=_sheet(application, assignment, 3, submit=True),
        actor=factories.actor(world.reviewer),
    )
    request = service.information_request_create(
        session=session,
        application=application,
        is_assigned=False,
        actor=admin,
        form=InformationRequestForm(question="Please describe your staffing.", due_date=date.today()),
    )
    # The partner attached a document to an answer; reviewers reach it only through the application.
    request.document_ids = [world.objects["document"].id]
    service.cycle_transition(session=session, cycle=cycle, target="in_review", actor=admin)
    application = rf.load_application(session, application.id)
    service.decision_record(
        session=session,
        application=application,
        actor=admin,
        form=DecisionForm(
            outcomes={"leadership": "approved", "instruction": "approved_with_conditions"},
            rationale="Sound.",
            conditions="Report quarterly.",
            start_date=date.today(),
        ),
    )
    designation = queries.partner_designations(session, partner.id)[0]
    world.objects["review_cycle"] = cycle
    world.objects["application"] = application
    world.objects["designation"] = designation
    return {
        "cycle_id": cycle.id,
        "rubric_id": cycle.rubric_id,
        "application_id": application.id,
        "assignment_id": assignment.id,
        "conflict_id": conflict_id,
        "information_request_id": request.id,
        "designation_id": designation.id,
    }


ADMIN_ONLY = {"*": "hidden", "anonymous": "login", "admin": "ok"}
STAFF = {"*": "hidden", "anonymous": "login", "reviewer": "ok", "conflicted_reviewer": "ok", "admin": "ok"}
ASSIGNED_REVIEWER = {"*": "hidden", "anonymous": "login", "reviewer": "ok"}
PARTNERS = {"*": "hidden", "anonymous": "login", "partner": "ok", "other_partner": "ok"}
OWN_PARTNER = {"*": "hidden", "anonymous": "login", "partner": "ok"}

RULES: dict[str, dict[str, str]] = {
    "GET /admin/cycles": ADMIN_ONLY,
    "GET /admin/cycles/new": ADMIN_ONLY,
    "POST /admin/cycles/new": ADMIN_ONLY,
    "GET /admin/cycles/{cycle_id}": ADMIN_ONLY,
    "GET /admin/cycles/{cycle_id}/edit": ADMIN_ONLY,
    "POST /admin/cycles/{cycle_id}/edit": ADMIN_ONLY,
    "POST /admin/cycles/{cycle_id}/transition": ADMIN_ONLY,
    "POST /admin/cycles/{cycle_id}/auto-assign": ADMIN_ONLY,
    "GET /admin/rubrics": ADMIN_ONLY,
    "GET /admin/rubrics/{rubric_id}": ADMIN_ONLY,
    "POST /admin/rubrics/{rubric_id}": ADMIN_ONLY,
    "POST /admin/rubrics/{rubric_id}/copy": ADMIN_ONLY,
    "GET /admin/applications/{application_id}": ADMIN_ONLY,
    "POST /admin/applications/{application_id}/assignments": ADMIN_ONLY,
    "POST /admin/applications/{application_id}/assignments/{assignment_id}/remove": ADMIN_ONLY,
    "POST /admin/applications/{application_id}/discussion": ADMIN_ONLY,
    "POST /admin/applications/{application_id}/information-requests": ADMIN_ONLY,
    "GET /admin/applications/{application_id}/decision": ADMIN_ONLY,
    "POST /admin/applications/{application_id}/decision": ADMIN_ONLY,
    "GET /admin/designations": ADMIN_ONLY,
    "GET /admin/designations/{designation_id}": ADMIN_ONLY,
    "POST /admin/designations/{designation_id}/suspend": ADMIN_ONLY,
    "POST /admin/designations/{designation_id}/revoke": ADMIN_ONLY,
    "POST /admin/designations/{designation_id}/reinstate": ADMIN_ONLY,
    "GET /reviews": STAFF,
    "GET /reviews/conflicts": STAFF,
    "POST /reviews/conflicts": STAFF,
    "POST /reviews/conflicts/{conflict_id}/remove": {
        "*": "hidden",
        "anonymous": "login",
        "conflicted_reviewer": "ok",
    },
    "GET /reviews/applications/{application_id}": ASSIGNED_REVIEWER,
    "GET /reviews/applications/{application_id}/documents/{document_id}": ASSIGNED_REVIEWER,
    "POST /reviews/applications/{application_id}/score-sheet": ASSIGNED_REVIEWER,
    "POST /reviews/applications/{application_id}/conflict": ASSIGNED_REVIEWER,
    "POST /reviews/applications/{application_id}/information-requests": ASSIGNED_REVIEWER,
    "GET /workspace/applications": PARTNERS,
    "POST /workspace/applications": PARTNERS,
    "GET /workspace/applications/{application_id}": OWN_PARTNER,
    "POST /workspace/applications/{application_id}": OWN_PARTNER,
    "POST /workspace/applications/{application_id}/withdraw": OWN_PARTNER,
    "POST /workspace/applications/{application_id}/information-requests/{information_request_id}": (
        OWN_PARTNER
    ),
    "GET /workspace/applications/{application_id}/decision-letter": OWN_PARTNER,
}
