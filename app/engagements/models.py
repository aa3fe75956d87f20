"""Engagements (a partner's work with a school or a whole district) and their outcome measures."""

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, IdMixin, TimestampMixin, str_enum


class ConfirmationStatus(enum.StrEnum):
    unconfirmed = "unconfirmed"
    confirmed = "confirmed"
    disputed = "disputed"

    @property
    def label(self) -> str:
        return {"unconfirmed": "Awaiting district", "confirmed": "Confirmed", "disputed": "Disputed"}[
            self.value
        ]


class Intensity(enum.StrEnum):
    light = "light"
    moderate = "moderate"
    intensive = "intensive"

    @property
    def label(self) -> str:
        return INTENSITY_LABELS[self]


INTENSITY_LABELS = {
    Intensity.light: "Light (under 10 days on site a year)",
    Intensity.moderate: "Moderate (10 to 40 days on site a year)",
    Intensity.intensive: "Intensive (more than 40 days, or embedded staff)",
}


class FundingSource(enum.StrEnum):
    title_i = "title_i"
    section_1003 = "section_1003"
    district_general = "district_general"
    state_grant = "state_grant"
    foundation = "foundation"
    other = "other"

    @property
    def label(self) -> str:
        return FUNDING_LABELS[self]


FUNDING_LABELS = {
    FundingSource.title_i: "Title I",
    FundingSource.section_1003: "ESEA section 1003 school improvement",
    FundingSource.district_general: "District general funds",
    FundingSource.state_grant: "State grant",
    FundingSource.foundation: "Foundation or private",
    FundingSource.other: "Other",
}


class MeasureUnit(enum.StrEnum):
    """Track records compare changes in points, so only 0-100 scales count there."""

    percent = "percent"
    index_points = "index_points"
    other = "other"

    @property
    def label(self) -> str:
        return UNIT_LABELS[self]


UNIT_LABELS = {
    MeasureUnit.percent: "Percent of students (0–100)",
    MeasureUnit.index_points: "Index points (0–100, e.g. CPI)",
    MeasureUnit.other: "Other scale",
}


class Engagement(IdMixin, TimestampMixin, Base):
    __tablename__ = "engagements"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    # A school from the registry; or only a district (whole-district work); or a free-text name
    # for a school outside the registry (district optional then).
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"), index=True)
    school_name_other: Mapped[str | None] = mapped_column(String(200))
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    services: Mapped[str] = mapped_column(Text, default="")
    intensity: Mapped[Intensity] = mapped_column(str_enum(Intensity))
    funding_source: Mapped[FundingSource] = mapped_column(str_enum(FundingSource))
    cost_cents: Mapped[int | None]
    status: Mapped[ConfirmationStatus] = mapped_column(
        str_enum(ConfirmationStatus), default=ConfirmationStatus.unconfirmed
    )
    district_comment: Mapped[str | None] = mapped_column(Text)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[datetime | None]

    partner: Mapped["Partner"] = relationship(lazy="raise")  # type: ignore[name-defined]  # noqa: F821
    school: Mapped["School | None"] = relationship(lazy="raise")  # type: ignore[name-defined]  # noqa: F821
    district: Mapped["District | None"] = relationship(lazy="raise")  # type: ignore[name-defined]  # noqa: F821
    focus_areas: Mapped[list["EngagementFocusArea"]] = relationship(
        back_populates="engagement", lazy="raise", cascade="all, delete-orphan"
    )
    outcomes: Mapped[list["OutcomeMeasure"]] = relationship(
        back_populates="engagement",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="OutcomeMeasure.position",
    )

    __table_args__ = (
        # The directory asks "which partners have confirmed engagements" and counts them.
        Index("ix_engagements_status_partner_id", "status", "partner_id"),
        Index("ix_engagements_district_id_status", "district_id", "status"),
    )

    @property
    def place_name(self) -> str:
        """What the engagement is at, for lists: the school, the whole district, or the free name."""
        if self.school is not None:
            return self.school.name
        if self.school_name_other:
            return self.school_name_other
        if self.district is not None:
            return f"{self.district.name} (whole district)"
        return "Unknown school"

    @property
    def focus_area_codes(self) -> list[str]:
        return [f.focus_area for f in self.focus_areas]


class EngagementFocusArea(Base):
    __tablename__ = "engagement_focus_areas"

    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagements.id", ondelete="CASCADE"), primary_key=True
    )
    focus_area: Mapped[str] = mapped_column(String(40), primary_key=True)

    engagement: Mapped[Engagement] = relationship(back_populates="focus_areas", lazy="raise")

    __table_args__ = (
        Index("ix_engagement_focus_areas_focus_area_engagement_id", "focus_area", "engagement_id"),
    )


class OutcomeMeasure(IdMixin, Base):
    """One measure at one engagement: a baseline school year and value, then later years."""

    __tablename__ = "outcome_measures"

    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagements.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[MeasureUnit] = mapped_column(str_enum(MeasureUnit))
    # Students the figures are about; under 10 are suppressed in public views.
    students_count: Mapped[int | None]
    # School years are named by the calendar year they end in: 2016 is 2015-16.
    baseline_year: Mapped[int]
    baseline_value: Mapped[float]
    # The state's figure for the same measure and year, for comparison (optional).
    state_baseline_value: Mapped[float | None]

    engagement: Mapped[Engagement] = relationship(back_populates="outcomes", lazy="raise")
    values: Mapped[list["OutcomeValue"]] = relationship(
        back_populates="measure",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="OutcomeValue.school_year",
    )


class OutcomeValue(Base):
    """The measure in a school year after the baseline, with the state's figure that year."""

    __tablename__ = "outcome_values"

    measure_id: Mapped[int] = mapped_column(
        ForeignKey("outcome_measures.id", ondelete="CASCADE"), primary_key=True
    )
    school_year: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[float]
    state_value: Mapped[float | None]

    measure: Mapped[OutcomeMeasure] = relationship(back_populates="values", lazy="raise")


def school_year_label(year: int) -> str:
    """2016 -> "2015-16" (with an en dash)."""
    return f"{year - 1}–{year % 100:02d}"
