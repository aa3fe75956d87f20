"""Directory tables: district shortlists and inquiries (search reads the partner tables).

Full-text search needs one structure per database that the models cannot describe: an FTS5
table on SQLite, a GIN expression index on PostgreSQL. Both are created by the directory
migration and named with SEARCH_OBJECT_PREFIX so autogenerate can be told to leave them alone
(see app.schema.include_name).
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, IdMixin, TimestampMixin, utcnow

SEARCH_OBJECT_PREFIX = "directory_fts"


# The search structures are written by hand in the migration; autogenerate must not see them
# as drift (see app.schema.include_name).
Base.metadata.info.setdefault("unmapped_prefixes", set()).add(SEARCH_OBJECT_PREFIX)


class Shortlist(IdMixin, TimestampMixin, Base):
    """A district's named list of partners it is considering; every member of the district sees it."""

    __tablename__ = "shortlists"

    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(120))

    items: Mapped[list["ShortlistItem"]] = relationship(
        back_populates="shortlist", lazy="raise", cascade="all, delete-orphan", order_by="ShortlistItem.id"
    )

    __table_args__ = (Index("ix_shortlists_organization_id_name", "organization_id", "name"),)


class ShortlistItem(IdMixin, Base):
    __tablename__ = "shortlist_items"

    shortlist_id: Mapped[int] = mapped_column(ForeignKey("shortlists.id", ondelete="CASCADE"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    shortlist: Mapped[Shortlist] = relationship(back_populates="items", lazy="raise")
    partner: Mapped["Partner"] = relationship(lazy="raise")  # type: ignore[name-defined]  # noqa: F821

    __table_args__ = (UniqueConstraint("shortlist_id", "partner_id"),)


class Inquiry(IdMixin, Base):
    """A district's message thread with one partner."""

    __tablename__ = "inquiries"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    district_organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    subject: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_message_at: Mapped[datetime] = mapped_column(default=utcnow)

    partner: Mapped["Partner"] = relationship(lazy="raise")  # type: ignore[name-defined]  # noqa: F821
    district_organization: Mapped["Organization"] = relationship(lazy="raise")  # type: ignore[name-defined]  # noqa: F821
    messages: Mapped[list["InquiryMessage"]] = relationship(
        back_populates="inquiry", lazy="raise", cascade="all, delete-orphan", order_by="InquiryMessage.id"
    )

    __table_args__ = (
        Index("ix_inquiries_partner_id_last_message_at", "partner_id", "last_message_at"),
        Index(
            "ix_inquiries_district_organization_id_last_message_at",
            "district_organization_id",
            "last_message_at",
        ),
    )


class InquiryMessage(IdMixin, Base):
    __tablename__ = "inquiry_messages"

    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(200))
    # "district" or "partner": which side of the thread wrote it.
    side: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    inquiry: Mapped[Inquiry] = relationship(back_populates="messages", lazy="raise")


class DirectoryListing(Base):
    """One row per partner holding an active designation: what search filters, counts and sorts.

    Derived from the partner, designation, evidence and engagement tables and kept current by
    app.directory.listings (session events), so a search reads one narrow table. Facets are
    bit masks over the taxonomy's codes (see listings.MASKS): counting every facet value is
    one pass over the matching rows.
    """

    __tablename__ = "directory_listings"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True)
    listed_from: Mapped[date]
    listed_until: Mapped[date]
    tier_rank: Mapped[int] = mapped_column(default=5)
    confirmed_schools: Mapped[int] = mapped_column(default=0)
    confirmed_engagements: Mapped[int] = mapped_column(default=0)
    accepting: Mapped[bool] = mapped_column(default=True)
    focus_mask: Mapped[int] = mapped_column(default=0)
    region_mask: Mapped[int] = mapped_column(default=0)
    grade_mask: Mapped[int] = mapped_column(default=0)
    type_mask: Mapped[int] = mapped_column(default=0)
    sort_name: Mapped[str] = mapped_column(String(200))

    __table_args__ = (
        Index("ix_directory_listings_listed_until_listed_from", "listed_until", "listed_from"),
        Index("ix_directory_listings_tier_rank_confirmed_schools", "tier_rank", "confirmed_schools"),
        Index("ix_directory_listings_confirmed_schools", "confirmed_schools"),
        Index("ix_directory_listings_sort_name", "sort_name"),
    )


class SchoolNeedsProfile(IdMixin, TimestampMixin, Base):
    """A district's rating of one school's needs by focus area, for ranked recommendations."""

    __tablename__ = "school_needs_profiles"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # {focus_area code: "high" | "medium" | "low"}
    needs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    budget_max_cents: Mapped[int | None]
    constraints: Mapped[str] = mapped_column(Text, default="")

    school: Mapped["School"] = relationship(lazy="raise")  # type: ignore[name-defined]  # noqa: F821
