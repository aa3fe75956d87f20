"""Pages that gather several domains: the administration home and the partner workspace home.

They sit above every domain (they read partners, evidence, engagements, reviews and the
directory), so no domain has to import another one upward.
"""

from fastapi import APIRouter, Request

from app.accounts import permissions as perms
from app.accounts import queries as account_queries
from app.accounts.deps import CurrentActor
from app.accounts.models import OrganizationStatus
from app.engagements import queries as engagement_queries
from app.evidence import queries as evidence_queries
from app.partners import profile as partner_profile
from app.partners import queries as partner_queries
from app.partners import service as partner_service
from app.reviews import queries as review_queries
from app.web.deps import DbSession
from app.web.pagination import paginate
from app.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/admin")
def admin_home(request: Request, session: DbSession, actor: CurrentActor):
    perms.require(perms.is_state_admin(actor), actor, hide=True)
    statement = account_queries.organizations(actor, status=OrganizationStatus.pending)
    context = {
        "pending": paginate(session, statement, page=1, per_page=5),
        "pending_revisions": partner_queries.pending_revision_count(session, actor),
    }
    return render(request, "dashboards/admin.html", context)


@router.get("/workspace")
def workspace_home(request: Request, session: DbSession, actor: CurrentActor):
    partner = partner_service.partner_for_actor(session=session, actor=actor)
    partner = partner_queries.partner_with_facets(session, partner.id)
    context = {
        "partner": partner,
        "workspace_section": "home",
        "incomplete": partner_profile.incomplete_fields(partner_profile.profile_values(partner)),
        "pending_revision": partner_queries.pending_revision(session, partner.id),
        "evidence_counts": evidence_queries.status_counts(session, partner.id),
        "engagement_counts": engagement_queries.status_counts(session, partner.id),
        "applications": review_queries.partner_applications(session, actor, partner),
    }
    return render(request, "dashboards/workspace.html", context)
