"""Review cycles, rubrics, applications, conflicts, assignments, score sheets, decisions, designations."""

import enum
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, IdMixin, utcnow

EXPIRING_WITHIN_DAYS = 90


class DesignationStatus(enum.StrEnum):
    """Stored status. "Expiring" and "expired" are derived from the dates (see display_status)."""

    active = "active"
    suspended = "suspended"
    revoked = "revoked"


class Designation(IdMixin, Base):
    """A partner's Priority Partner status for some focus areas, for a term."""

    __tablename__ = "designations"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[date]
    end_date: Mapped[date]
    status: Mapped[DesignationStatus] = mapped_column(
        Enum(DesignationStatus, native_enum=False, length=32, validate_strings=True)
    )
    status_reason: Mapped[str | None] = mapped_column(Text)
    status_changed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    focus_areas: Mapped[list["DesignationFocusArea"]] = relationship(
        back_populates="designation", lazy="raise", cascade="all, delete-orphan"
    )

    __table_args__ = (Index("ix_designations_status_end_date", "status", "end_date"),)

    def display_status(self, today: date) -> str:
        """active, expiring (within 90 days), expired, suspended or revoked."""
        if self.status is not DesignationStatus.active:
            return self.status.value
        if self.end_date < today:
            return "expired"
        if (self.end_date - today).days <= EXPIRING_WITHIN_DAYS:
            return "expiring"
        return "active"

    def is_listed(self, today: date) -> bool:
        """Only an active, unexpired designation puts a partner in the directory."""
        return self.status is DesignationStatus.active and self.start_date <= today <= self.end_date


class DesignationFocusArea(Base):
    __tablename__ = "designation_focus_areas"

    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="CASCADE"), primary_key=True
    )
    focus_area: Mapped[str] = mapped_column(String(40), primary_key=True)

    designation: Mapped[Designation] = relationship(back_populates="focus_areas", lazy="raise")
