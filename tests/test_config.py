"""Settings: one clear line naming a bad setting; the secret key is never a constant."""

import subprocess
import sys

import pytest

from app.config import ConfigError, load_settings


def test_secret_key_is_generated_once_into_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    first = load_settings(data_dir=tmp_path)
    second = load_settings(data_dir=tmp_path)
    assert len(first.secret) >= 32
    assert first.secret == second.secret
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_refuses_a_missing_secret_key_and_plain_http(tmp_path, monkeypatch):
    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match=r"^PORTAL_SECRET_KEY: required"):
        load_settings(data_dir=tmp_path, env="production", base_url="https://portal.example.gov")
    with pytest.raises(ConfigError, match=r"^PORTAL_BASE_URL: must be an https"):
        load_settings(data_dir=tmp_path, env="production", secret_key="k" * 40)
    assert not (tmp_path / "secret_key").exists()


def test_short_secret_key_and_bad_values_are_named(tmp_path):
    with pytest.raises(ConfigError, match=r"^PORTAL_SECRET_KEY: must be at least 32"):
        load_settings(data_dir=tmp_path, secret_key="short")
    with pytest.raises(ConfigError, match=r"^PORTAL_ENV: "):
        load_settings(data_dir=tmp_path, env="staging")
    with pytest.raises(ConfigError, match=r"^PORTAL_DATABASE_URL: must be a sqlite"):
        load_settings(data_dir=tmp_path, database_url="mysql://x")
    with pytest.raises(ConfigError, match=r"^PORTAL_SMTP_URL: must be an smtp"):
        load_settings(data_dir=tmp_path, smtp_url="foo://mail.example.org")


def test_default_database_is_sqlite_in_the_data_dir_and_postgres_uses_psycopg3(tmp_path):
    settings = load_settings(data_dir=tmp_path)
    assert settings.resolved_database_url == f"sqlite:///{(tmp_path / 'portal.sqlite3').resolve()}"
    pg = load_settings(data_dir=tmp_path, database_url="postgresql://postgres@127.0.0.1:5432/test")
    assert pg.resolved_database_url.startswith("postgresql+psycopg://")


def test_bad_setting_stops_the_command_with_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "check"],
        env={
            "PORTAL_DATA_DIR": str(tmp_path),
            "PORTAL_SESSION_IDLE_MINUTES": "an hour or so, whatever is usual for a long reading session",
            "PATH": "/usr/bin:/bin",
            "COLUMNS": "40",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "PORTAL_SESSION_IDLE_MINUTES" in lines[0]
