"""Every route x every persona, generated from the application's route table.

A route without an expectation fails here, so no route can be forgotten. Expectations live
next to each domain's tests in tests/<domain>/access.py (RULES and build()).
"""

import importlib
import re

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import SecretStr

from app.accounts.deps import SESSION_PURPOSE
from app.config import Settings
from app.main import create_app
from app.web import csrf, signing
from tests.access import OUTCOMES, PERSONAS, build_world, session_token_for
from tests.conftest import BASE_URL, TEST_SECRET, PortalClient

DOMAINS = (
    "web",
    "accounts",
    "schools",
    "partners",
    "evidence",
    "engagements",
    "reviews",
    "directory",
    "dashboards",
)


def _access_modules():
    modules = []
    for domain in DOMAINS:
        try:
            modules.append(importlib.import_module(f"tests.{domain}.access"))
        except ModuleNotFoundError as exc:
            if exc.name != f"tests.{domain}.access":
                raise
    return modules


ACCESS_MODULES = _access_modules()
RULES: dict[str, dict[str, str]] = {}
for _module in ACCESS_MODULES:
    RULES.update(_module.RULES)


def _routes() -> list[tuple[str, str]]:
    settings = Settings(secret_key=SecretStr(TEST_SECRET), database_url="sqlite://")
    found = set()
    # Included routers are resolved lazily in recent FastAPI; walk their effective routes.
    for context in iter_route_contexts(create_app(settings).routes):
        if isinstance(context.route, APIRoute):
            for method in set(context.methods or ()) - {"HEAD"}:
                found.add((method, context.path))
    return sorted(found, key=lambda pair: (pair[1], pair[0]))


ROUTES = _routes()


def test_every_rule_names_a_real_route_and_known_personas():
    keys = {f"{method} {path}" for method, path in ROUTES}
    for key, rule in RULES.items():
        assert key in keys, f"{key} has an access rule but no such route exists"
        for persona, outcome in rule.items():
            assert persona == "*" or persona in PERSONAS, f"{key}: unknown persona {persona}"
            assert outcome in OUTCOMES, f"{key}: unknown outcome {outcome}"


def build_params(world, session) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Every domain builds its objects into the world; their ids fill path parameters by name."""
    params: dict[str, object] = {}
    for module in ACCESS_MODULES:
        params.update(module.build(world) or {})
    session.flush()
    return params


def url_for(path: str, params: dict[str, object]) -> str:
    def fill(match: re.Match) -> str:
        name = match.group(1)
        assert name in params, f"{path}: no value for path parameter {{{name}}}; return it from a build()"
        return str(params[name])

    return re.sub(r"\{(\w+)(?::\w+)?\}", fill, path)


def signed_in_client(app, session, user) -> PortalClient:  # type: ignore[no-untyped-def]
    client = PortalClient(app, base_url=BASE_URL)
    if user is None:
        client.get("/sign-in")
        anonymous = signing.unsign(TEST_SECRET.encode(), "anonymous", client.cookies.get("pp_anon"))
        client.csrf_token = csrf.token_for(TEST_SECRET.encode(), f"anonymous:{anonymous}")
    else:
        raw = session_token_for(session, user)
        client.cookies.set("pp_session", signing.sign(TEST_SECRET.encode(), SESSION_PURPOSE, raw))
        client.csrf_token = csrf.token_for(TEST_SECRET.encode(), raw)
    return client


def _outcome(response) -> str:
    location = response.headers.get("location", "") or response.headers.get("hx-redirect", "")
    # Only the sign-in prompt carries ?next=; a successful action may also land on /sign-in.
    if response.status_code == 401 or location.startswith("/sign-in?next="):
        return "login"
    if response.status_code == 403:
        return "forbidden"
    if response.status_code == 404:
        return "hidden"
    return "ok"


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_route_access_for_every_persona(method, path, app, session):
    key = f"{method} {path}"
    assert key in RULES, f"No access rule for {key}: add it to tests/<domain>/access.py RULES"
    rule = RULES[key]
    world = build_world(session)
    url = url_for(path, build_params(world, session))
    outcomes = {}
    for persona in PERSONAS:
        client = signed_in_client(app, session, world.user_for(persona))
        with client:
            if method == "GET":
                response = client.get(url, follow_redirects=False)
            else:
                response = client.request(
                    method, url, data={"csrf_token": client.csrf_token}, follow_redirects=False
                )
        outcomes[persona] = _outcome(response)
    expected = {persona: rule.get(persona, rule.get("*")) for persona in PERSONAS}
    assert outcomes == expected
