"""Authorization expectations for partners routes (profile, documents, revisions)."""

from app.partners.models import PartnerRevision, RevisionStatus
from tests.access import World
from tests.partners import factories as partner_factories


def build(world: World) -> dict[str, int | str]:
    partner = partner_factories.partner(world.session, organization=world.partner_org, is_designated=True)
    other_partner = partner_factories.partner(world.session, organization=world.other_partner_org)
    document = partner_factories.document(world.session, partner=partner)
    partner_factories.document(world.session, partner=other_partner)
    revision = PartnerRevision(
        partner_id=partner.id,
        proposed={"name": partner.name, "summary": "A proposed summary."},
        status=RevisionStatus.pending,
    )
    world.session.add(revision)
    world.session.flush()
    world.objects["partner"] = partner
    world.objects["other_partner"] = other_partner
    world.objects["document"] = document
    return {"partner_id": partner.id, "document_id": document.id, "revision_id": revision.id}


WORKSPACE = {"*": "forbidden", "anonymous": "login", "partner": "ok", "other_partner": "ok"}
OWN_DOCUMENT = {"*": "forbidden", "anonymous": "login", "partner": "ok", "other_partner": "hidden"}
ADMIN_ONLY = {"*": "hidden", "anonymous": "login", "admin": "ok"}
STAFF_AND_OWNER = {
    "*": "hidden",
    "anonymous": "login",
    "partner": "ok",
    "reviewer": "ok",
    "conflicted_reviewer": "ok",
    "admin": "ok",
}

RULES: dict[str, dict[str, str]] = {
    "GET /workspace/profile": WORKSPACE,
    "POST /workspace/profile": WORKSPACE,
    "POST /workspace/profile/validate": WORKSPACE,
    "GET /workspace/profile/service-row": WORKSPACE,
    "POST /workspace/profile/revision/withdraw": WORKSPACE,
    # Neither world partner has a logo: nobody finds one; the workspace route still refuses others.
    "GET /workspace/profile/logo": {**WORKSPACE, "partner": "hidden", "other_partner": "hidden"},
    "GET /partners/{partner_id}/logo": {"*": "hidden"},
    "GET /workspace/documents": WORKSPACE,
    "POST /workspace/documents": WORKSPACE,
    "GET /documents/{document_id}": {"*": "hidden", "anonymous": "login", "partner": "ok", "admin": "ok"},
    "GET /workspace/documents/{document_id}/delete": OWN_DOCUMENT,
    "POST /workspace/documents/{document_id}/delete": OWN_DOCUMENT,
    "GET /admin/partners": ADMIN_ONLY,
    "GET /admin/partners/{partner_id}": ADMIN_ONLY,
    "GET /admin/revisions": ADMIN_ONLY,
    "GET /admin/revisions/{revision_id}": ADMIN_ONLY,
    "GET /admin/revisions/{revision_id}/logo": {"*": "hidden", "anonymous": "login"},
    "POST /admin/revisions/{revision_id}/accept": ADMIN_ONLY,
    "POST /admin/revisions/{revision_id}/reject": ADMIN_ONLY,
}
