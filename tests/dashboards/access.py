"""Authorization expectations for the administration and workspace homes."""

from tests.access import World


def build(world: World) -> dict[str, int | str]:
    return {}


RULES: dict[str, dict[str, str]] = {
    "GET /admin": {"*": "hidden", "anonymous": "login", "admin": "ok"},
    "GET /workspace": {"*": "forbidden", "anonymous": "login", "partner": "ok", "other_partner": "ok"},
}
