"""evidence

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 06:44:41.412089
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _enum(*values: str, name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=32)


def upgrade() -> None:
    op.create_table(
        "evidence_items",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("lineage_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("previous_id", sa.Integer(), nullable=True),
        sa.Column("is_latest", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            _enum("draft", "submitted", "verified", "returned", name="evidencestatus"),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column(
            "evidence_type",
            _enum("independent_evaluation", "internal_analysis", "case_study", name="evidencetype"),
            nullable=False,
        ),
        sa.Column(
            "study_design",
            _enum(
                "rct",
                "quasi_experimental",
                "correlational_controls",
                "correlational",
                "pre_post",
                "logic_model_only",
                "descriptive",
                name="studydesign",
            ),
            nullable=False,
        ),
        sa.Column("conducted_by", sa.String(length=200), nullable=False),
        sa.Column("study_year", sa.Integer(), nullable=True),
        sa.Column("grades", sa.String(length=60), nullable=False),
        sa.Column("locale", sa.String(length=40), nullable=False),
        sa.Column("school_count", sa.Integer(), nullable=True),
        sa.Column("student_count", sa.Integer(), nullable=True),
        sa.Column("site_count", sa.Integer(), nullable=True),
        sa.Column("attrition", _enum("low", "high", "unknown", name="attrition"), nullable=True),
        sa.Column("baseline_equivalence", sa.Boolean(), nullable=False),
        sa.Column(
            "wwc_rating",
            _enum(
                "not_reviewed", "without_reservations", "with_reservations", "does_not_meet", name="wwcrating"
            ),
            nullable=False,
        ),
        sa.Column("has_logic_model", sa.Boolean(), nullable=False),
        sa.Column("study_under_way", sa.Boolean(), nullable=False),
        sa.Column("citation", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=False),
        sa.Column("claimed_tier", sa.String(length=16), nullable=False),
        sa.Column("verified_tier", sa.String(length=16), nullable=True),
        sa.Column("staff_reason", sa.Text(), nullable=True),
        sa.Column("submitted_at", app.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", app.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_evidence_items_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_evidence_items_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["previous_id"],
            ["evidence_items.id"],
            name=op.f("fk_evidence_items_previous_id_evidence_items"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["users.id"],
            name=op.f("fk_evidence_items_submitted_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_items")),
        sa.UniqueConstraint("lineage_id", "version", name=op.f("uq_evidence_items_lineage_id_version")),
    )
    op.create_index(op.f("ix_evidence_items_lineage_id"), "evidence_items", ["lineage_id"], unique=False)
    op.create_index(
        "ix_evidence_items_partner_id_is_latest", "evidence_items", ["partner_id", "is_latest"], unique=False
    )
    op.create_index(
        "ix_evidence_items_status_partner_id", "evidence_items", ["status", "partner_id"], unique=False
    )
    op.create_table(
        "evidence_findings",
        sa.Column("evidence_item_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("outcome_domain", sa.String(length=40), nullable=False),
        sa.Column("measure", sa.String(length=200), nullable=False),
        sa.Column("effect_size", sa.Float(), nullable=True),
        sa.Column("before_value", sa.Float(), nullable=True),
        sa.Column("after_value", sa.Float(), nullable=True),
        sa.Column("comparison_before", sa.Float(), nullable=True),
        sa.Column("comparison_after", sa.Float(), nullable=True),
        sa.Column("p_value", sa.Float(), nullable=True),
        sa.Column("reported_significant", sa.Boolean(), nullable=False),
        sa.Column("direction", _enum("positive", "negative", "none", name="direction"), nullable=False),
        sa.Column("sample_size", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_item_id"],
            ["evidence_items.id"],
            name=op.f("fk_evidence_findings_evidence_item_id_evidence_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_findings")),
    )
    op.create_index(
        op.f("ix_evidence_findings_evidence_item_id"), "evidence_findings", ["evidence_item_id"], unique=False
    )
    op.create_table(
        "evidence_attachments",
        sa.Column("evidence_item_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_evidence_attachments_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["evidence_item_id"],
            ["evidence_items.id"],
            name=op.f("fk_evidence_attachments_evidence_item_id_evidence_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_attachments")),
        sa.UniqueConstraint(
            "evidence_item_id",
            "document_id",
            name=op.f("uq_evidence_attachments_evidence_item_id_document_id"),
        ),
    )
    op.create_index(
        op.f("ix_evidence_attachments_document_id"), "evidence_attachments", ["document_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_evidence_attachments_document_id"), table_name="evidence_attachments")
    op.drop_table("evidence_attachments")
    op.drop_index(op.f("ix_evidence_findings_evidence_item_id"), table_name="evidence_findings")
    op.drop_table("evidence_findings")
    op.drop_index("ix_evidence_items_status_partner_id", table_name="evidence_items")
    op.drop_index("ix_evidence_items_partner_id_is_latest", table_name="evidence_items")
    op.drop_index(op.f("ix_evidence_items_lineage_id"), table_name="evidence_items")
    op.drop_table("evidence_items")
