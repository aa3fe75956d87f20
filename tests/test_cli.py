"""The portal command, run as a user would run it."""

import os
import subprocess
import sys

from sqlalchemy import create_engine, text

from app.accounts.models import Role


def _portal(tmp_path, *args, stdin: str | None = None):
    env = {
        **os.environ,
        "PORTAL_DATA_DIR": str(tmp_path),
        "PORTAL_DATABASE_URL": f"sqlite:///{tmp_path}/cli.sqlite3",
    }
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def test_demo_data_is_idempotent_and_writes_every_roles_sign_in(tmp_path):
    first = _portal(tmp_path, "demo-data")
    assert first.returncode == 0, first.stderr
    lines = (tmp_path / "demo-accounts.txt").read_text().splitlines()
    roles = {line.split()[0] for line in lines}
    assert roles == {role.value for role in Role}
    assert all(len(line.split()) == 3 for line in lines)
    second = _portal(tmp_path, "demo-data")
    assert second.returncode == 0 and "already loaded" in second.stdout
    assert (tmp_path / "demo-accounts.txt").read_text().splitlines() == lines
    check = _portal(tmp_path, "check")
    assert check.returncode == 0 and "migrations: ok" in check.stdout


def test_create_user_reads_the_password_from_stdin_and_refuses_weak_ones(tmp_path):
    assert _portal(tmp_path, "db", "upgrade").returncode == 0
    engine = create_engine(f"sqlite:///{tmp_path}/cli.sqlite3")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO organizations (name, kind, status, created_at, updated_at) "
                "VALUES ('Agency', 'state_agency', 'active', '2026-01-01', '2026-01-01')"
            )
        )
    engine.dispose()
    args = (
        "create-user",
        "--email",
        "Ops@Example.org",
        "--name",
        "Ops",
        "--role",
        "state_admin",
        "--organization",
        "1",
    )
    weak = _portal(tmp_path, *args, stdin="password1234\n")
    assert weak.returncode == 1 and "too common" in weak.stderr
    made = _portal(tmp_path, *args, stdin="quiet river lantern stone\n")
    assert made.returncode == 0, made.stderr
    assert "quiet river" not in made.stdout + made.stderr


def test_check_reports_a_database_behind_on_migrations(tmp_path):
    assert _portal(tmp_path, "db", "upgrade", "0001").returncode == 0
    result = _portal(tmp_path, "check")
    assert result.returncode == 1 and "portal db upgrade" in result.stderr


def test_db_diff_reports_nothing_to_do_at_head(tmp_path):
    assert _portal(tmp_path, "db", "upgrade").returncode == 0
    result = _portal(tmp_path, "db", "diff")
    assert result.returncode == 0
    assert [line.strip() for line in result.stdout.splitlines() if not line.strip().startswith("#")] == [
        "pass"
    ]
