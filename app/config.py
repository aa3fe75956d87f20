"""Settings from the environment (prefix PORTAL_), validated once at start-up."""

import secrets
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import AnyHttpUrl, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SECRET_KEY_FILE = "secret_key"
MIN_SECRET_KEY_LENGTH = 32


class Environment(StrEnum):
    development = "development"
    production = "production"


class ConfigError(Exception):
    """A setting is missing or unusable; the message names it in one line."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PORTAL_", extra="ignore")

    env: Environment = Environment.development
    data_dir: Path = Path("var")
    database_url: str | None = None
    secret_key: SecretStr | None = None
    base_url: AnyHttpUrl = AnyHttpUrl("http://127.0.0.1:8000")
    smtp_url: str | None = None
    mail_from: str = "Priority Partners <no-reply@priority-partners.example.gov>"
    agency_name: str = "State Department of Elementary and Secondary Education (fictional)"
    upload_max_bytes: int = Field(default=20 * 1024 * 1024, gt=0)
    session_idle_minutes: int = Field(default=60, gt=0)
    session_absolute_hours: int = Field(default=12, gt=0)

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("must be a sqlite:/// or postgresql+psycopg:// URL")
        if value.startswith(("postgresql://", "postgres://")):
            # psycopg 3 is the driver we ship; the bare scheme would pick psycopg2.
            value = "postgresql+psycopg://" + value.split("://", 1)[1]
        return value

    @field_validator("smtp_url")
    @classmethod
    def _known_mail_scheme(cls, value: str | None) -> str | None:
        if value and not value.startswith(("smtp://", "smtps://", "smtp+starttls://")):
            raise ValueError("must be an smtp://, smtp+starttls:// or smtps:// URL")
        return value or None

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'portal.sqlite3').resolve()}"

    @property
    def is_https(self) -> bool:
        return self.base_url.scheme == "https"

    @cached_property
    def base_origin(self) -> str:
        parts = urlsplit(str(self.base_url))
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def secret(self) -> bytes:
        if self.secret_key is None:
            raise ConfigError("PORTAL_SECRET_KEY: not loaded; build settings with load_settings()")
        return self.secret_key.get_secret_value().encode()


def _ensure_secret_key(settings: Settings) -> Settings:
    """Development generates a key once into the data dir; production must be given one."""
    if settings.secret_key is not None:
        if len(settings.secret_key.get_secret_value()) < MIN_SECRET_KEY_LENGTH:
            raise ConfigError(f"PORTAL_SECRET_KEY: must be at least {MIN_SECRET_KEY_LENGTH} characters")
        return settings
    if settings.env is Environment.production:
        raise ConfigError("PORTAL_SECRET_KEY: required when PORTAL_ENV=production")
    key_file = settings.data_dir / SECRET_KEY_FILE
    if not key_file.exists():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return settings.model_copy(update={"secret_key": SecretStr(key_file.read_text().strip())})


def _refuse_unsafe_production(settings: Settings) -> None:
    if settings.env is not Environment.production:
        return
    if not settings.is_https:
        raise ConfigError("PORTAL_BASE_URL: must be an https:// URL when PORTAL_ENV=production")


def load_settings(**overrides: object) -> Settings:
    """Read and check every setting; raise ConfigError with one line naming the bad one."""
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "PORTAL_" + str(first["loc"][0]).upper() if first["loc"] else "PORTAL_*"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{name}: {message}") from None
    settings = _ensure_secret_key(settings)
    _refuse_unsafe_production(settings)
    return settings
