"""Partner profiles (the accepted public version), their facets, pending revisions, documents."""

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, IdMixin, TimestampMixin, str_enum, utcnow


class RevisionStatus(enum.StrEnum):
    pending = "pending"
    accepted = "accepted"
    rejected = "rejected"
    withdrawn = "withdrawn"


class Partner(IdMixin, TimestampMixin, Base):
    """One partner organization's profile. The row holds what the public may see.

    Facets (focus areas, regions, grade bands, school types) live in their own tables so the
    directory can filter and count them with indexes.
    """

    __tablename__ = "partners"

    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), unique=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(300))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    headquarters: Mapped[str | None] = mapped_column(String(200))
    # [{"name": ..., "description": ...}, ...] in the partner's order.
    services: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    delivery_model: Mapped[str | None] = mapped_column(String(60))
    capacity_schools_per_year: Mapped[int | None]
    accepting_new_districts: Mapped[bool] = mapped_column(default=True)
    cost_min_cents: Mapped[int | None]
    cost_max_cents: Mapped[int | None]
    pricing_model: Mapped[str | None] = mapped_column(String(60))
    years_operating: Mapped[int | None]
    # Set by the reviews domain while the partner holds a designation: from then on, changes
    # to public fields wait for state staff as a PartnerRevision.
    is_designated: Mapped[bool] = mapped_column(default=False)
    # Content key of the logo image in the file store (see app.storage); checked PNG or JPEG.
    logo_storage_key: Mapped[str | None] = mapped_column(String(64))

    organization: Mapped["Organization"] = relationship(lazy="raise")  # type: ignore[name-defined]  # noqa: F821
    focus_areas: Mapped[list["PartnerFocusArea"]] = relationship(
        back_populates="partner", lazy="raise", cascade="all, delete-orphan"
    )
    regions: Mapped[list["PartnerRegion"]] = relationship(
        back_populates="partner", lazy="raise", cascade="all, delete-orphan"
    )
    grade_bands: Mapped[list["PartnerGradeBand"]] = relationship(
        back_populates="partner", lazy="raise", cascade="all, delete-orphan"
    )
    school_types: Mapped[list["PartnerSchoolType"]] = relationship(
        back_populates="partner", lazy="raise", cascade="all, delete-orphan"
    )


class PartnerFocusArea(Base):
    __tablename__ = "partner_focus_areas"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True)
    focus_area: Mapped[str] = mapped_column(String(40), primary_key=True)
    is_primary: Mapped[bool] = mapped_column(default=True)

    partner: Mapped[Partner] = relationship(back_populates="focus_areas", lazy="raise")

    __table_args__ = (Index("ix_partner_focus_areas_focus_area_partner_id", "focus_area", "partner_id"),)


class PartnerRegion(Base):
    __tablename__ = "partner_regions"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True)
    region: Mapped[str] = mapped_column(String(40), primary_key=True)

    partner: Mapped[Partner] = relationship(back_populates="regions", lazy="raise")

    __table_args__ = (Index("ix_partner_regions_region_partner_id", "region", "partner_id"),)


class PartnerGradeBand(Base):
    __tablename__ = "partner_grade_bands"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True)
    grade_band: Mapped[str] = mapped_column(String(40), primary_key=True)

    partner: Mapped[Partner] = relationship(back_populates="grade_bands", lazy="raise")

    __table_args__ = (Index("ix_partner_grade_bands_grade_band_partner_id", "grade_band", "partner_id"),)


class PartnerSchoolType(Base):
    __tablename__ = "partner_school_types"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True)
    school_type: Mapped[str] = mapped_column(String(40), primary_key=True)

    partner: Mapped[Partner] = relationship(back_populates="school_types", lazy="raise")

    __table_args__ = (Index("ix_partner_school_types_school_type_partner_id", "school_type", "partner_id"),)


class PartnerRevision(IdMixin, Base):
    """Proposed changes to a designated partner's public fields, waiting for state staff."""

    __tablename__ = "partner_revisions"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    # The complete proposed public profile (same keys as the profile form).
    proposed: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[RevisionStatus] = mapped_column(str_enum(RevisionStatus))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(Text)

    partner: Mapped[Partner] = relationship(lazy="raise")


class Document(IdMixin, Base):
    """An uploaded file (PDF, CSV, XLSX, or a logo image) owned by one partner."""

    __tablename__ = "documents"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    storage_key: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(8))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int]
    title: Mapped[str | None] = mapped_column(String(200))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("partner_id", "storage_key"),)
