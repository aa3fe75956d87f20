"""Authorization expectations for the site's own pages (all public)."""

from tests.access import World


def build(world: World) -> dict[str, int | str]:
    return {}


RULES: dict[str, dict[str, str]] = {
    f"GET {path}": {"*": "ok"}
    for path in ("/", "/about", "/for-partners", "/for-reviewers", "/accessibility", "/privacy", "/healthz")
}
