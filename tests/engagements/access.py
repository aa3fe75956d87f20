"""Authorization expectations for engagement routes (partner workspace and district side)."""

from tests.access import World
from tests.engagements import factories as engagement_factories


def build(world: World) -> dict[str, int | str]:
    partner = world.objects["partner"]
    other_partner = world.objects["other_partner"]
    engagement = engagement_factories.engagement(
        world.session, partner=partner, school=world.objects["school"]
    )
    engagement_factories.engagement(
        world.session, partner=other_partner, school=world.objects["other_school"]
    )
    world.objects["engagement"] = engagement
    return {"engagement_id": engagement.id}


WORKSPACE = {"*": "forbidden", "anonymous": "login", "partner": "ok", "other_partner": "ok"}
OWN_ENGAGEMENT = {"*": "forbidden", "anonymous": "login", "partner": "ok", "other_partner": "hidden"}
DISTRICT = {"*": "hidden", "anonymous": "login", "district": "ok", "other_district": "ok"}
OWN_DISTRICT = {"*": "hidden", "anonymous": "login", "district": "ok"}

RULES: dict[str, dict[str, str]] = {
    "GET /workspace/engagements": WORKSPACE,
    "GET /workspace/engagements/template.csv": WORKSPACE,
    "GET /workspace/engagements/export.csv": WORKSPACE,
    "GET /workspace/engagements/import": WORKSPACE,
    "POST /workspace/engagements/import": WORKSPACE,
    "GET /workspace/engagements/new": WORKSPACE,
    "POST /workspace/engagements/new": WORKSPACE,
    "POST /workspace/engagements/validate": WORKSPACE,
    "GET /workspace/engagements/{engagement_id}": OWN_ENGAGEMENT,
    "GET /workspace/engagements/{engagement_id}/edit": OWN_ENGAGEMENT,
    "POST /workspace/engagements/{engagement_id}/edit": OWN_ENGAGEMENT,
    "POST /workspace/engagements/{engagement_id}/delete": OWN_ENGAGEMENT,
    "GET /district/engagements": DISTRICT,
    "GET /district/engagements/{engagement_id}": OWN_DISTRICT,
    "POST /district/engagements/{engagement_id}/confirm": OWN_DISTRICT,
    "POST /district/engagements/{engagement_id}/dispute": OWN_DISTRICT,
}
