"""Authorization expectations for directory routes."""

from datetime import date

from app.directory import search, service
from tests import factories
from tests.access import World
from tests.directory import factories as df


def build(world: World) -> dict[str, int | str]:
    session = world.session
    partner = world.objects.get("partner") or df.partner(session, organization=world.partner_org)
    world.objects.setdefault("partner", partner)
    if search.listed_partner(session, partner.slug, date.today()) is None:
        df.designate(session, partner)
    district = factories.actor(world.district_user)
    shortlist = service.shortlist_create(session=session, name="Matrix shortlist", actor=district)
    item = service.shortlist_add(
        session=session, partner=partner, shortlist=shortlist, new_name="", note="Note", actor=district
    )
    inquiry = service.inquiry_send(
        session=session,
        partner=partner,
        subject="Matrix inquiry",
        body="A question for the partner.",
        actor=district,
        base_url="http://testserver",
    )
    school = world.objects.get("school") or df.school(
        session, district=df.district(session, organization=world.district_org)
    )
    needs_profile = service.needs_profile_create(
        session=session,
        school=school,
        needs={"instruction": "high"},
        budget_max_cents=None,
        constraints="",
        actor=district,
    )
    world.objects["shortlist"] = shortlist
    world.objects["inquiry"] = inquiry
    return {
        "slug": partner.slug,
        "shortlist_id": shortlist.id,
        "shortlist_item_id": item.id,
        "inquiry_id": inquiry.id,
        "needs_profile_id": needs_profile.id,
    }


PUBLIC = {"*": "ok"}
DISTRICTS = {"*": "hidden", "anonymous": "login", "district": "ok", "other_district": "ok"}
OWN_DISTRICT = {"*": "hidden", "anonymous": "login", "district": "ok"}

RULES: dict[str, dict[str, str]] = {
    "GET /directory": PUBLIC,
    "GET /directory/export.csv": PUBLIC,
    "GET /directory/export.json": PUBLIC,
    "GET /directory/compare": PUBLIC,
    "GET /directory/{slug}": PUBLIC,
    "GET /api/v1/directory/partners": PUBLIC,
    "GET /api/v1/directory/partners/{slug}": PUBLIC,
    "GET /directory/{slug}/inquire": DISTRICTS,
    "POST /directory/{slug}/inquire": DISTRICTS,
    "GET /directory/shortlists": DISTRICTS,
    "POST /directory/shortlists": DISTRICTS,
    "POST /directory/shortlist-items": DISTRICTS,
    "GET /directory/shortlists/{shortlist_id}": OWN_DISTRICT,
    "POST /directory/shortlists/{shortlist_id}/delete": OWN_DISTRICT,
    "POST /directory/shortlists/{shortlist_id}/items/{shortlist_item_id}": OWN_DISTRICT,
    "POST /directory/shortlists/{shortlist_id}/items/{shortlist_item_id}/remove": OWN_DISTRICT,
    "GET /directory/inquiries": DISTRICTS,
    "GET /directory/inquiries/{inquiry_id}": OWN_DISTRICT,
    "POST /directory/inquiries/{inquiry_id}/replies": {**OWN_DISTRICT, "partner": "ok"},
    "GET /directory/needs": DISTRICTS,
    "POST /directory/needs": DISTRICTS,
    "GET /directory/needs/{needs_profile_id}": OWN_DISTRICT,
    "POST /directory/needs/{needs_profile_id}/delete": OWN_DISTRICT,
    "GET /workspace/inbox": {"*": "forbidden", "anonymous": "login", "partner": "ok", "other_partner": "ok"},
    "GET /workspace/inbox/{inquiry_id}": {"*": "hidden", "anonymous": "login", "partner": "ok"},
}
