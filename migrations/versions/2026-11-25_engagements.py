"""engagements

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 06:44:41.929951
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "engagements",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("school_name_other", sa.String(length=200), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("services", sa.Text(), nullable=False),
        sa.Column(
            "intensity",
            sa.Enum("light", "moderate", "intensive", name="intensity", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column(
            "funding_source",
            sa.Enum(
                "title_i",
                "section_1003",
                "district_general",
                "state_grant",
                "foundation",
                "other",
                name="fundingsource",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("cost_cents", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "unconfirmed",
                "confirmed",
                "disputed",
                name="confirmationstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("district_comment", sa.Text(), nullable=True),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", app.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"], ["users.id"], name=op.f("fk_engagements_confirmed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["district_id"], ["districts.id"], name=op.f("fk_engagements_district_id_districts")
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_engagements_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["school_id"], ["schools.id"], name=op.f("fk_engagements_school_id_schools")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engagements")),
    )
    op.create_index(op.f("ix_engagements_district_id"), "engagements", ["district_id"], unique=False)
    op.create_index(
        "ix_engagements_district_id_status", "engagements", ["district_id", "status"], unique=False
    )
    op.create_index(op.f("ix_engagements_partner_id"), "engagements", ["partner_id"], unique=False)
    op.create_index(op.f("ix_engagements_school_id"), "engagements", ["school_id"], unique=False)
    op.create_index("ix_engagements_status_partner_id", "engagements", ["status", "partner_id"], unique=False)
    op.create_table(
        "engagement_focus_areas",
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("focus_area", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagements.id"],
            name=op.f("fk_engagement_focus_areas_engagement_id_engagements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("engagement_id", "focus_area", name=op.f("pk_engagement_focus_areas")),
    )
    op.create_index(
        "ix_engagement_focus_areas_focus_area_engagement_id",
        "engagement_focus_areas",
        ["focus_area", "engagement_id"],
        unique=False,
    )
    op.create_table(
        "outcome_measures",
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "unit",
            sa.Enum("percent", "index_points", "other", name="measureunit", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("students_count", sa.Integer(), nullable=True),
        sa.Column("baseline_year", sa.Integer(), nullable=False),
        sa.Column("baseline_value", sa.Double(), nullable=False),
        sa.Column("state_baseline_value", sa.Double(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagements.id"],
            name=op.f("fk_outcome_measures_engagement_id_engagements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_measures")),
    )
    op.create_index(
        op.f("ix_outcome_measures_engagement_id"), "outcome_measures", ["engagement_id"], unique=False
    )
    op.create_table(
        "outcome_values",
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("school_year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("state_value", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["outcome_measures.id"],
            name=op.f("fk_outcome_values_measure_id_outcome_measures"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("measure_id", "school_year", name=op.f("pk_outcome_values")),
    )


def downgrade() -> None:
    op.drop_table("outcome_values")
    op.drop_table("outcome_measures")
    op.drop_table("engagement_focus_areas")
    op.drop_table("engagements")
