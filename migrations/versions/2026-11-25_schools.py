"""schools

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 06:44:40.886335
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "districts",
        sa.Column("state_code", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organizations.id"], name=op.f("fk_districts_organization_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_districts")),
        sa.UniqueConstraint("organization_id", name=op.f("uq_districts_organization_id")),
        sa.UniqueConstraint("state_code", name=op.f("uq_districts_state_code")),
    )
    op.create_index(op.f("ix_districts_name"), "districts", ["name"], unique=False)
    op.create_index(op.f("ix_districts_region"), "districts", ["region"], unique=False)
    op.create_table(
        "schools",
        sa.Column("state_code", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("town", sa.String(length=100), nullable=False),
        sa.Column("zip_code", sa.String(length=5), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=False),
        sa.Column("grade_low", sa.String(length=4), nullable=True),
        sa.Column("grade_high", sa.String(length=4), nullable=True),
        sa.Column("grade_bands", sa.JSON(), nullable=False),
        sa.Column("school_type", sa.String(length=40), nullable=False),
        sa.Column("enrollment", sa.Integer(), nullable=True),
        sa.Column("low_income_share", sa.Double(), nullable=True),
        sa.Column(
            "accountability_level",
            sa.Enum(
                "level_1",
                "level_2",
                "level_3",
                "level_4",
                "level_5",
                "insufficient_data",
                "none",
                name="accountabilitylevel",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "poverty_band",
            sa.Enum(
                "under_40",
                "from_40_to_60",
                "from_60_to_80",
                "from_80",
                "unknown",
                name="povertyband",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_id"], ["districts.id"], name=op.f("fk_schools_district_id_districts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schools")),
        sa.UniqueConstraint("state_code", name=op.f("uq_schools_state_code")),
    )
    op.create_index(
        "ix_schools_accountability_level_poverty_band",
        "schools",
        ["accountability_level", "poverty_band"],
        unique=False,
    )
    op.create_index(op.f("ix_schools_district_id"), "schools", ["district_id"], unique=False)
    op.create_index(op.f("ix_schools_name"), "schools", ["name"], unique=False)
    op.create_index(op.f("ix_schools_region"), "schools", ["region"], unique=False)


def downgrade() -> None:
    op.drop_table("schools")
    op.drop_table("districts")
