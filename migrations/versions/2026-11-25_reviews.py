"""reviews

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 06:44:42.467597
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "designations",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("active", "suspended", "revoked", name="designationstatus", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("status_changed_at", app.db.UTCDateTime(), nullable=True),
        sa.Column("created_at", app.db.UTCDateTime(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_designations_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_designations")),
    )
    op.create_index(op.f("ix_designations_partner_id"), "designations", ["partner_id"], unique=False)
    op.create_index("ix_designations_status_end_date", "designations", ["status", "end_date"], unique=False)
    op.create_table(
        "designation_focus_areas",
        sa.Column("designation_id", sa.Integer(), nullable=False),
        sa.Column("focus_area", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["designation_id"],
            ["designations.id"],
            name=op.f("fk_designation_focus_areas_designation_id_designations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("designation_id", "focus_area", name=op.f("pk_designation_focus_areas")),
    )


def downgrade() -> None:
    op.drop_table("designation_focus_areas")
    op.drop_index("ix_designations_status_end_date", table_name="designations")
    op.drop_index(op.f("ix_designations_partner_id"), table_name="designations")
    op.drop_table("designations")
