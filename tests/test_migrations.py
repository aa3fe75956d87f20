"""Migrations: upgrade, downgrade, upgrade again, and no drift from the models."""

import os

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from app import schema
from app.db import make_engine
from app.models import metadata


def _scratch_url(tmp_path) -> str:
    """A database of its own: the shared test database stays at head for the other tests."""
    base = os.environ.get("PORTAL_TEST_DATABASE_URL", "")
    if not base.startswith("postgresql"):
        return f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    base = base.replace("postgresql://", "postgresql+psycopg://", 1)
    admin = make_engine(base).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS portal_migrations_test WITH (FORCE)"))
        connection.execute(text("CREATE DATABASE portal_migrations_test"))
    admin.dispose()
    return base.rsplit("/", 1)[0] + "/portal_migrations_test"


def test_upgrade_downgrade_upgrade_and_no_drift(tmp_path):
    url = _scratch_url(tmp_path)
    config = schema.alembic_config(url)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    engine = make_engine(url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    command.upgrade(config, "head")
    assert schema.current_revision(engine) == schema.head_revision()
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": schema.include_name}
        )
        drift = compare_metadata(context, metadata)
    engine.dispose()
    assert drift == []


def test_every_model_table_is_created_by_the_migrations(engine):
    assert set(metadata.tables) <= set(inspect(engine).get_table_names())
