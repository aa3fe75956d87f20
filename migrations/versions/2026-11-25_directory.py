"""directory: shortlists, inquiries, and full-text search over partner profiles

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 06:44:43.000912

Search structures are per database: an FTS5 table kept current by triggers on SQLite, a
weighted tsvector GIN expression index on PostgreSQL. Both are named directory_fts* so
autogenerate leaves them alone (app.schema.include_name).
"""

# ruff: noqa: S608  (SQL below is built from constants in this file, never from input)
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Keep identical to app.directory.search.PG_DOCUMENT: PostgreSQL uses the index only for
# the very same expression.
PG_DOCUMENT = (
    "setweight(to_tsvector('english'::regconfig, name), 'A') || "
    "setweight(to_tsvector('english'::regconfig, summary), 'B') || "
    "setweight(to_tsvector('english'::regconfig, description || ' ' || "
    "jsonb_path_query_array(services::jsonb, '$[*].*')::text), 'C')"
)

SQLITE_SERVICES = (
    "(SELECT coalesce(group_concat(coalesce(json_extract(value, '$.name'), '') || ' ' || "
    "coalesce(json_extract(value, '$.description'), ''), ' '), '') FROM json_each({row}.services))"
)


def _sqlite_row(row: str) -> str:
    return f"{row}.id, {row}.name, {row}.summary, {row}.description, " + SQLITE_SERVICES.format(row=row)


# Every SQL string below is built from constants in this file, never from input.
def _create_search() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(f"CREATE INDEX directory_fts_partners ON partners USING gin (({PG_DOCUMENT}))")
        return
    op.execute(
        "CREATE VIRTUAL TABLE directory_fts USING fts5("
        "name, summary, description, services, tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER directory_fts_partners_insert AFTER INSERT ON partners BEGIN "
        f"INSERT INTO directory_fts(rowid, name, summary, description, services) VALUES ({_sqlite_row('new')}); "
        "END"
    )
    op.execute(
        "CREATE TRIGGER directory_fts_partners_delete AFTER DELETE ON partners BEGIN "
        "DELETE FROM directory_fts WHERE rowid = old.id; END"
    )
    op.execute(
        "CREATE TRIGGER directory_fts_partners_update AFTER UPDATE OF name, summary, description, services "
        "ON partners BEGIN "
        "DELETE FROM directory_fts WHERE rowid = old.id; "
        f"INSERT INTO directory_fts(rowid, name, summary, description, services) VALUES ({_sqlite_row('new')}); "
        "END"
    )
    op.execute(
        "INSERT INTO directory_fts(rowid, name, summary, description, services) "
        f"SELECT {_sqlite_row('partners')} FROM partners"
    )


def _drop_search() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS directory_fts_partners")
        return
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS directory_fts_partners_{trigger}")
    op.execute("DROP TABLE IF EXISTS directory_fts")


def upgrade() -> None:
    op.create_table(
        "shortlists",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_shortlists_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_shortlists_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shortlists")),
    )
    op.create_index(
        "ix_shortlists_organization_id_name", "shortlists", ["organization_id", "name"], unique=False
    )
    op.create_table(
        "shortlist_items",
        sa.Column("shortlist_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["users.id"],
            name=op.f("fk_shortlist_items_added_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_shortlist_items_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["shortlist_id"],
            ["shortlists.id"],
            name=op.f("fk_shortlist_items_shortlist_id_shortlists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shortlist_items")),
        sa.UniqueConstraint(
            "shortlist_id", "partner_id", name=op.f("uq_shortlist_items_shortlist_id_partner_id")
        ),
    )
    op.create_index(op.f("ix_shortlist_items_partner_id"), "shortlist_items", ["partner_id"], unique=False)
    op.create_table(
        "inquiries",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("district_organization_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_message_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_inquiries_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["district_organization_id"],
            ["organizations.id"],
            name=op.f("fk_inquiries_district_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partners.id"], name=op.f("fk_inquiries_partner_id_partners"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inquiries")),
    )
    op.create_index(
        "ix_inquiries_district_organization_id_last_message_at",
        "inquiries",
        ["district_organization_id", "last_message_at"],
        unique=False,
    )
    op.create_index(
        "ix_inquiries_partner_id_last_message_at",
        "inquiries",
        ["partner_id", "last_message_at"],
        unique=False,
    )
    op.create_table(
        "inquiry_messages",
        sa.Column("inquiry_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("side", sa.String(length=16), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_inquiry_messages_author_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["inquiry_id"],
            ["inquiries.id"],
            name=op.f("fk_inquiry_messages_inquiry_id_inquiries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inquiry_messages")),
    )
    op.create_index(op.f("ix_inquiry_messages_inquiry_id"), "inquiry_messages", ["inquiry_id"], unique=False)
    op.create_table(
        "directory_listings",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("listed_from", sa.Date(), nullable=False),
        sa.Column("listed_until", sa.Date(), nullable=False),
        sa.Column("tier_rank", sa.Integer(), nullable=False),
        sa.Column("confirmed_schools", sa.Integer(), nullable=False),
        sa.Column("confirmed_engagements", sa.Integer(), nullable=False),
        sa.Column("accepting", sa.Boolean(), nullable=False),
        sa.Column("focus_mask", sa.Integer(), nullable=False),
        sa.Column("region_mask", sa.Integer(), nullable=False),
        sa.Column("grade_mask", sa.Integer(), nullable=False),
        sa.Column("type_mask", sa.Integer(), nullable=False),
        sa.Column("sort_name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_directory_listings_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("partner_id", name=op.f("pk_directory_listings")),
    )
    op.create_index(
        "ix_directory_listings_confirmed_schools", "directory_listings", ["confirmed_schools"], unique=False
    )
    op.create_index(
        "ix_directory_listings_listed_until_listed_from",
        "directory_listings",
        ["listed_until", "listed_from"],
        unique=False,
    )
    op.create_index("ix_directory_listings_sort_name", "directory_listings", ["sort_name"], unique=False)
    op.create_index(
        "ix_directory_listings_tier_rank_confirmed_schools",
        "directory_listings",
        ["tier_rank", "confirmed_schools"],
        unique=False,
    )
    op.create_table(
        "school_needs_profiles",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("needs", sa.JSON(), nullable=False),
        sa.Column("budget_max_cents", sa.Integer(), nullable=True),
        sa.Column("constraints", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_school_needs_profiles_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_school_needs_profiles_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_school_needs_profiles_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_needs_profiles")),
    )
    op.create_index(
        op.f("ix_school_needs_profiles_organization_id"),
        "school_needs_profiles",
        ["organization_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_school_needs_profiles_school_id"), "school_needs_profiles", ["school_id"], unique=False
    )
    _create_search()
    # Partners designated before this migration get their listing rows.
    from app.directory.listings import refresh

    refresh(op.get_bind(), None)


def downgrade() -> None:
    _drop_search()
    op.drop_index(op.f("ix_school_needs_profiles_school_id"), table_name="school_needs_profiles")
    op.drop_index(op.f("ix_school_needs_profiles_organization_id"), table_name="school_needs_profiles")
    op.drop_table("school_needs_profiles")
    op.drop_index("ix_directory_listings_tier_rank_confirmed_schools", table_name="directory_listings")
    op.drop_index("ix_directory_listings_sort_name", table_name="directory_listings")
    op.drop_index("ix_directory_listings_listed_until_listed_from", table_name="directory_listings")
    op.drop_index("ix_directory_listings_confirmed_schools", table_name="directory_listings")
    op.drop_table("directory_listings")
    op.drop_index(op.f("ix_inquiry_messages_inquiry_id"), table_name="inquiry_messages")
    op.drop_table("inquiry_messages")
    op.drop_index("ix_inquiries_partner_id_last_message_at", table_name="inquiries")
    op.drop_index("ix_inquiries_district_organization_id_last_message_at", table_name="inquiries")
    op.drop_table("inquiries")
    op.drop_index(op.f("ix_shortlist_items_partner_id"), table_name="shortlist_items")
    op.drop_table("shortlist_items")
    op.drop_index("ix_shortlists_organization_id_name", table_name="shortlists")
    op.drop_table("shortlists")
