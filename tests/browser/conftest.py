"""A live portal on a free loopback port, with demo data, driven by Debian's Chromium.

Without Chromium the browser tests skip with how to install it, except under CI=true,
where a missing browser fails the run.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    if Path(CHROMIUM).exists():
        return
    message = f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium`"
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(message + " (required under CI=true)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=message))


@dataclass
class LivePortal:
    url: str
    data_dir: Path
    accounts: list[tuple[str, str, str]]

    def account(self, role: str, index: int = 0) -> tuple[str, str]:
        """(email, password) of the index-th demo account with this role."""
        matching = [(email, password) for r, email, password in self.accounts if r == role]
        return matching[index]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _browser_database(tmp: Path) -> tuple[str, str | None]:
    """A fresh database for the live server: a SQLite file, or a new PostgreSQL database."""
    base = os.environ.get("PORTAL_TEST_DATABASE_URL")
    if not base or not base.startswith("postgresql"):
        return f"sqlite:///{tmp / 'browser.sqlite3'}", None
    base = base.replace("postgresql://", "postgresql+psycopg://", 1)
    name = f"portal_browser_{os.getpid()}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.rsplit("/", 1)[0] + "/" + name, name


def _drop_database(base: str, name: str) -> None:
    admin = create_engine(
        base.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LivePortal]:
    tmp = tmp_path_factory.mktemp("live")
    database_url, pg_name = _browser_database(tmp)
    port = _free_port()
    env = {
        **os.environ,
        "PORTAL_DATA_DIR": str(tmp / "data"),
        "PORTAL_DATABASE_URL": database_url,
        "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
        "PORTAL_ENV": "development",
    }
    env.pop("PORTAL_SMTP_URL", None)
    portal_command = [sys.executable, "-m", "app.cli"]
    subprocess.run([*portal_command, "demo-data"], env=env, check=True, cwd=PROJECT_ROOT, capture_output=True)
    log = (tmp / "server.log").open("w")
    server = subprocess.Popen(
        [*portal_command, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            raise RuntimeError("The live portal did not start:\n" + (tmp / "server.log").read_text()[-3000:])
        time.sleep(0.2)
    accounts_file = tmp / "data" / "demo-accounts.txt"
    accounts = [tuple(line.split()) for line in accounts_file.read_text().splitlines() if line.strip()]
    try:
        yield LivePortal(url=url, data_dir=tmp / "data", accounts=accounts)  # type: ignore[arg-type]
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        if pg_name is not None:
            _drop_database(os.environ["PORTAL_TEST_DATABASE_URL"], pg_name)


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def pytest_configure(config):  # type: ignore[no-untyped-def]
    shutil.rmtree(PROJECT_ROOT / "test-artifacts" / "failed", ignore_errors=True)
