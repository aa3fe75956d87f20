"""The shell every page shares: health, errors, headers, layout landmarks."""

from bs4 import BeautifulSoup

from app import schema


def test_healthz_reports_database_and_revision(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["migration_revision"] == schema.head_revision()


def test_home_page_has_landmarks_and_an_entry_point_per_user(client):
    response = client.get("/")
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    assert page.select_one("a.usa-skipnav")["href"] == "#main-content"
    assert page.select_one("main#main-content") is not None
    assert page.select_one("section.usa-banner") is not None
    nav_links = [a.get_text(strip=True) for a in page.select("nav.usa-nav a")]
    assert nav_links[:4] == ["Directory", "For partners", "For reviewers", "Sign in"]
    cards = [h.get_text(strip=True) for h in page.select(".usa-card__heading")]
    assert cards == ["Districts and schools", "Partner organizations", "State reviewers and staff"]
    assert page.select_one(".usa-identifier") is not None


def test_unknown_page_is_a_styled_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = BeautifulSoup(response.text, "html.parser")
    assert page.select_one("h1").get_text(strip=True) == "Page not found"
    assert page.select_one("nav.usa-nav") is not None


def test_api_errors_are_problem_json(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 404 and body["title"] == "Page not found"


def test_unexpected_error_is_a_500_page_and_problem_json(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    @app.get("/api/v1/boom")
    def api_boom():
        raise RuntimeError("kaboom")

    with client.__class__(app, raise_server_exceptions=False, base_url="http://testserver") as quiet:
        page = quiet.get("/boom")
        api = quiet.get("/api/v1/boom")
    assert page.status_code == 500
    assert "Something went wrong" in BeautifulSoup(page.text, "html.parser").select_one("h1").get_text()
    assert "kaboom" not in page.text
    assert api.status_code == 500 and api.headers["content-type"] == "application/problem+json"


def test_security_headers_on_pages_and_static_files(client):
    for url in ("/", "/static/css/portal.css", "/no-such-page"):
        headers = client.get(url).headers
        csp = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp
        assert "'unsafe-inline'" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
        assert "permissions-policy" in headers
        assert "strict-transport-security" not in headers  # only under https


def test_htmx_requests_get_vary_header(client):
    assert client.get("/").headers["vary"] == "HX-Request"


def test_https_base_url_turns_on_hsts_and_secure_cookies(tmp_path, database_url):
    from fastapi.testclient import TestClient

    from app.config import load_settings
    from app.main import create_app

    settings = load_settings(
        data_dir=tmp_path,
        database_url=database_url,
        secret_key="s" * 40,
        base_url="https://portal.example.gov",
    )
    with TestClient(create_app(settings), base_url="https://portal.example.gov") as secure:
        response = secure.get("/sign-in")
    assert response.headers["strict-transport-security"].startswith("max-age=")
    cookie = response.headers["set-cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_htmx_history_restore_gets_the_whole_page(client_for, session):
    from app.accounts.models import Role
    from tests import factories

    admin = client_for(factories.user(session, role=Role.state_admin))
    fragment = admin.get("/admin/users", headers={"HX-Request": "true"})
    restored = admin.get("/admin/users", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" not in fragment.text
    assert "<html" in restored.text


def test_uptime_probes_may_use_head(client):
    assert client.head("/").status_code == 200
    assert client.head("/healthz").status_code == 200
