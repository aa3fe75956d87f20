"""Authorization expectations for evidence routes (partner workspace and staff review)."""

from app.evidence.models import EvidenceAttachment, EvidenceStatus
from tests.access import World
from tests.evidence import factories as evidence_factories
from tests.partners import factories as partner_factories


def build(world: World) -> dict[str, int | str]:
    """A draft and a submitted item for world.partner_org's partner; the draft carries a PDF."""
    partner = world.objects["partner"]
    draft = evidence_factories.evidence_item(world.session, partner=partner, title="Draft study")
    submitted = evidence_factories.evidence_item(
        world.session, partner=partner, title="Submitted study", status=EvidenceStatus.submitted
    )
    document = partner_factories.document(world.session, partner=partner, content=b"%PDF-1.4 evidence")
    draft.attachments.append(EvidenceAttachment(document_id=document.id))
    world.session.flush()
    world.objects["evidence"] = draft
    world.objects["submitted_evidence"] = submitted
    return {"evidence_id": draft.id, "attachment_id": document.id}


WORKSPACE = {"*": "forbidden", "anonymous": "login", "partner": "ok", "other_partner": "ok"}
OWN_ITEM = {"*": "forbidden", "anonymous": "login", "partner": "ok", "other_partner": "hidden"}
ADMIN_ONLY = {"*": "hidden", "anonymous": "login", "admin": "ok"}

RULES: dict[str, dict[str, str]] = {
    "GET /workspace/evidence": WORKSPACE,
    "GET /workspace/evidence/new": WORKSPACE,
    "POST /workspace/evidence/new": WORKSPACE,
    "POST /workspace/evidence/preview": WORKSPACE,
    "POST /workspace/evidence/validate": WORKSPACE,
    "GET /workspace/evidence/{evidence_id}": OWN_ITEM,
    "GET /workspace/evidence/{evidence_id}/edit": OWN_ITEM,
    "POST /workspace/evidence/{evidence_id}/edit": OWN_ITEM,
    "GET /workspace/evidence/{evidence_id}/submit": OWN_ITEM,
    "POST /workspace/evidence/{evidence_id}/submit": OWN_ITEM,
    "POST /workspace/evidence/{evidence_id}/delete": OWN_ITEM,
    "POST /workspace/evidence/{evidence_id}/correct": OWN_ITEM,
    "POST /workspace/evidence/{evidence_id}/attachments": OWN_ITEM,
    "POST /workspace/evidence/{evidence_id}/attachments/{attachment_id}/remove": OWN_ITEM,
    "GET /admin/evidence": ADMIN_ONLY,
    "GET /admin/evidence/{evidence_id}": ADMIN_ONLY,
    "POST /admin/evidence/{evidence_id}/verify": ADMIN_ONLY,
    "POST /admin/evidence/{evidence_id}/return": ADMIN_ONLY,
}
