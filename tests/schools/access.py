"""Authorization expectations for the school registry's routes."""

from tests.access import World
from tests.schools import factories as school_factories


def build(world: World) -> dict[str, int | str]:
    district = school_factories.district(
        world.session, name="Matrix District A", organization_id=world.district_org.id
    )
    other_district = school_factories.district(
        world.session, name="Matrix District B", organization_id=world.other_district_org.id
    )
    school = school_factories.school(world.session, district=district, name="Matrix School A")
    other_school = school_factories.school(world.session, district=other_district, name="Matrix School B")
    world.objects.update(
        district=district, other_district=other_district, school=school, other_school=other_school
    )
    return {"district_id": district.id, "school_id": school.id}


ADMIN_ONLY = {"*": "hidden", "anonymous": "login", "admin": "ok"}

RULES: dict[str, dict[str, str]] = {
    "GET /schools/search": {"*": "ok", "anonymous": "login"},
    "GET /admin/schools": ADMIN_ONLY,
    "GET /admin/schools/districts/{district_id}": ADMIN_ONLY,
    "POST /admin/schools/districts/{district_id}/organization": ADMIN_ONLY,
}
