"""Migrations as functions: the CLI, /healthz, `portal check` and the tests use these."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Autogenerate's filter: leave out objects that migrations create with raw SQL and no
    model can describe (full-text search tables, their shadow tables, expression indexes);
    they are not drift. A domain registers their name prefix in
    ``Base.metadata.info["unmapped_prefixes"]``."""
    from app.models import metadata

    prefixes = tuple(metadata.info.get("unmapped_prefixes", ()))
    return not (prefixes and (name or "").startswith(prefixes))


def alembic_config(database_url: str, connection: Connection | None = None) -> Config:
    config = Config(toml_file=str(PROJECT_ROOT / "pyproject.toml"))
    config.attributes["database_url"] = database_url
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(database_url), revision)


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("")).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def pending_operations(database_url: str) -> str:
    """Alembic ops (as Python) that would bring this database to the models: a developer aid.

    Upgrade a scratch database to the revision before yours, then print what your models add.
    """
    from alembic.autogenerate import produce_migrations, render_python_code
    from alembic.runtime.migration import MigrationContext

    from app.db import make_engine
    from app.models import metadata

    engine = make_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"render_as_batch": True, "compare_type": True, "include_name": include_name}
        )
        code = render_python_code(produce_migrations(context, metadata).upgrade_ops)
    engine.dispose()
    return code
