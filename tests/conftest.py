"""Test database: migrated once per run; every test runs inside a transaction rolled back at the end.

PORTAL_TEST_DATABASE_URL picks the database (default: a temporary SQLite file).
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session

from app import schema
from app.accounts import service as account_service
from app.accounts.deps import SESSION_PURPOSE
from app.accounts.models import User
from app.config import Settings, load_settings
from app.db import make_engine
from app.main import create_app
from app.web import csrf, signing
from tests import factories

TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"
BASE_URL = "http://testserver"


def _test_database_url(tmp_root: Path) -> str:
    url = os.environ.get("PORTAL_TEST_DATABASE_URL")
    if url:
        return Settings(database_url=url).resolved_database_url
    return f"sqlite:///{tmp_root / 'test.sqlite3'}"


def _empty_database(url: str) -> None:
    """PostgreSQL test databases are reused between runs: start from an empty schema."""
    if not url.startswith("postgresql"):
        return
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = _test_database_url(tmp_path_factory.mktemp("db"))
    _empty_database(url)
    schema.upgrade(url)
    return url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    connection = engine.connect()
    transaction = connection.begin()
    yield connection
    transaction.rollback()
    connection.close()


def _session_on(connection: Connection) -> Session:
    # Commits inside the code under test release a savepoint; the outer transaction rolls back.
    return Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)


@pytest.fixture
def session(connection: Connection) -> Iterator[Session]:
    session = _session_on(connection)
    yield session
    session.close()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return load_settings(
        data_dir=tmp_path / "data", database_url=database_url, secret_key=TEST_SECRET, base_url=BASE_URL
    )


@pytest.fixture
def app(settings: Settings, connection: Connection):
    app = create_app(settings)
    app.state.session_factory = lambda: _session_on(connection)
    return app


class PortalClient(TestClient):
    """A browser-like client: keeps cookies, knows its CSRF token, posts forms with it."""

    csrf_token: str = ""

    def post_form(self, url: str, data: dict | None = None, **kwargs):  # type: ignore[no-untyped-def]
        form = {"csrf_token": self.csrf_token, **(data or {})}
        return self.post(url, data=form, follow_redirects=False, **kwargs)


def _anonymous_client(app) -> PortalClient:  # type: ignore[no-untyped-def]
    client = PortalClient(app, base_url=BASE_URL)
    client.get("/sign-in")
    anonymous = signing.unsign(TEST_SECRET.encode(), "anonymous", client.cookies.get("pp_anon"))
    client.csrf_token = csrf.token_for(TEST_SECRET.encode(), f"anonymous:{anonymous}")
    return client


@pytest.fixture
def client(app) -> Iterator[PortalClient]:  # type: ignore[no-untyped-def]
    with _anonymous_client(app) as client:
        yield client


@pytest.fixture
def client_for(app, session: Session):  # type: ignore[no-untyped-def]
    """client_for(user) -> a client signed in as that user (a real session row and cookie)."""
    clients: list[PortalClient] = []

    def make(user: User) -> PortalClient:
        result = account_service.sign_in(
            session=session,
            email=user.email,
            password=factories.PASSWORD,
            actor=factories.actor(None),
            user_agent="pytest",
            lifetime=factories.SESSION_LIFETIME,
        )
        assert result.token is not None, result.error
        session.flush()
        client = PortalClient(app, base_url=BASE_URL)
        client.cookies.set("pp_session", signing.sign(TEST_SECRET.encode(), SESSION_PURPOSE, result.token))
        client.csrf_token = csrf.token_for(TEST_SECRET.encode(), result.token)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
