"""partners

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 06:44:55.967756
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "partners",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("contact_name", sa.String(length=200), nullable=True),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("contact_phone", sa.String(length=40), nullable=True),
        sa.Column("headquarters", sa.String(length=200), nullable=True),
        sa.Column("services", sa.JSON(), nullable=False),
        sa.Column("delivery_model", sa.String(length=60), nullable=True),
        sa.Column("capacity_schools_per_year", sa.Integer(), nullable=True),
        sa.Column("accepting_new_districts", sa.Boolean(), nullable=False),
        sa.Column("cost_min_cents", sa.Integer(), nullable=True),
        sa.Column("cost_max_cents", sa.Integer(), nullable=True),
        sa.Column("pricing_model", sa.String(length=60), nullable=True),
        sa.Column("years_operating", sa.Integer(), nullable=True),
        sa.Column("is_designated", sa.Boolean(), nullable=False),
        sa.Column("logo_storage_key", sa.String(length=64), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", app.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organizations.id"], name=op.f("fk_partners_organization_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partners")),
        sa.UniqueConstraint("organization_id", name=op.f("uq_partners_organization_id")),
        sa.UniqueConstraint("slug", name=op.f("uq_partners_slug")),
    )
    op.create_table(
        "documents",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", app.db.UTCDateTime(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partners.id"], name=op.f("fk_documents_partner_id_partners"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_documents_uploaded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("partner_id", "storage_key", name=op.f("uq_documents_partner_id_storage_key")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_partner_id"), ["partner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_storage_key"), ["storage_key"], unique=False)

    op.create_table(
        "partner_focus_areas",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("focus_area", sa.String(length=40), nullable=False),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_partner_focus_areas_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("partner_id", "focus_area", name=op.f("pk_partner_focus_areas")),
    )
    with op.batch_alter_table("partner_focus_areas", schema=None) as batch_op:
        batch_op.create_index(
            "ix_partner_focus_areas_focus_area_partner_id", ["focus_area", "partner_id"], unique=False
        )

    op.create_table(
        "partner_grade_bands",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("grade_band", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_partner_grade_bands_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("partner_id", "grade_band", name=op.f("pk_partner_grade_bands")),
    )
    with op.batch_alter_table("partner_grade_bands", schema=None) as batch_op:
        batch_op.create_index(
            "ix_partner_grade_bands_grade_band_partner_id", ["grade_band", "partner_id"], unique=False
        )

    op.create_table(
        "partner_regions",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_partner_regions_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("partner_id", "region", name=op.f("pk_partner_regions")),
    )
    with op.batch_alter_table("partner_regions", schema=None) as batch_op:
        batch_op.create_index("ix_partner_regions_region_partner_id", ["region", "partner_id"], unique=False)

    op.create_table(
        "partner_revisions",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("proposed", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "accepted",
                "rejected",
                "withdrawn",
                name="revisionstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", app.db.UTCDateTime(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", app.db.UTCDateTime(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_partner_revisions_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_partner_revisions_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"], ["users.id"], name=op.f("fk_partner_revisions_submitted_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_revisions")),
    )
    with op.batch_alter_table("partner_revisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_revisions_partner_id"), ["partner_id"], unique=False)

    op.create_table(
        "partner_school_types",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("school_type", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_partner_school_types_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("partner_id", "school_type", name=op.f("pk_partner_school_types")),
    )
    with op.batch_alter_table("partner_school_types", schema=None) as batch_op:
        batch_op.create_index(
            "ix_partner_school_types_school_type_partner_id", ["school_type", "partner_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("partner_school_types", schema=None) as batch_op:
        batch_op.drop_index("ix_partner_school_types_school_type_partner_id")

    op.drop_table("partner_school_types")
    with op.batch_alter_table("partner_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_revisions_partner_id"))

    op.drop_table("partner_revisions")
    with op.batch_alter_table("partner_regions", schema=None) as batch_op:
        batch_op.drop_index("ix_partner_regions_region_partner_id")

    op.drop_table("partner_regions")
    with op.batch_alter_table("partner_grade_bands", schema=None) as batch_op:
        batch_op.drop_index("ix_partner_grade_bands_grade_band_partner_id")

    op.drop_table("partner_grade_bands")
    with op.batch_alter_table("partner_focus_areas", schema=None) as batch_op:
        batch_op.drop_index("ix_partner_focus_areas_focus_area_partner_id")

    op.drop_table("partner_focus_areas")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_storage_key"))
        batch_op.drop_index(batch_op.f("ix_documents_partner_id"))

    op.drop_table("documents")
    op.drop_table("partners")
