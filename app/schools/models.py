"""Districts and schools from the state's school directory (imported from CSV)."""

import enum

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, IdMixin, TimestampMixin, str_enum


class AccountabilityLevel(enum.StrEnum):
    level_1 = "level_1"
    level_2 = "level_2"
    level_3 = "level_3"
    level_4 = "level_4"
    level_5 = "level_5"
    insufficient_data = "insufficient_data"
    none = "none"

    @property
    def label(self) -> str:
        if self.value.startswith("level_"):
            return f"Level {self.value[-1]}"
        return {"insufficient_data": "Insufficient data", "none": "No level"}[self.value]


class PovertyBand(enum.StrEnum):
    """Share of economically disadvantaged students, in bands the directory matches on."""

    under_40 = "under_40"
    from_40_to_60 = "from_40_to_60"
    from_60_to_80 = "from_60_to_80"
    from_80 = "from_80"
    unknown = "unknown"

    @property
    def label(self) -> str:
        return {
            "under_40": "Under 40% low income",
            "from_40_to_60": "40–60% low income",
            "from_60_to_80": "60–80% low income",
            "from_80": "80% or more low income",
            "unknown": "Low-income share unknown",
        }[self.value]


class District(IdMixin, TimestampMixin, Base):
    __tablename__ = "districts"

    # DESE district code, 8 digits with leading zeros restored.
    state_code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    # A code from app.taxonomy.REGIONS.
    region: Mapped[str] = mapped_column(String(40), index=True)
    # The district organization whose members act for this district (confirm engagements...).
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), unique=True)

    schools: Mapped[list["School"]] = relationship(back_populates="district", lazy="raise")
    organization: Mapped["Organization | None"] = relationship(lazy="raise")  # type: ignore[name-defined]  # noqa: F821


class School(IdMixin, TimestampMixin, Base):
    __tablename__ = "schools"

    state_code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    town: Mapped[str] = mapped_column(String(100))
    zip_code: Mapped[str] = mapped_column(String(5))
    region: Mapped[str] = mapped_column(String(40), index=True)
    # Lowest and highest grade served: "PK", "K", "01" ... "12", "SP".
    grade_low: Mapped[str | None] = mapped_column(String(4))
    grade_high: Mapped[str | None] = mapped_column(String(4))
    # Codes from app.taxonomy.GRADE_BANDS.
    grade_bands: Mapped[list[str]] = mapped_column(JSON, default=list)
    # A code from app.taxonomy.SCHOOL_TYPES.
    school_type: Mapped[str] = mapped_column(String(40))
    enrollment: Mapped[int | None]
    # Percent of students economically disadvantaged (0-100).
    low_income_share: Mapped[float | None]
    accountability_level: Mapped[AccountabilityLevel] = mapped_column(str_enum(AccountabilityLevel))
    poverty_band: Mapped[PovertyBand] = mapped_column(str_enum(PovertyBand))

    district: Mapped[District] = relationship(back_populates="schools", lazy="raise")

    __table_args__ = (
        # "Schools like this one": same accountability level and poverty band.
        Index("ix_schools_accountability_level_poverty_band", "accountability_level", "poverty_band"),
    )

    @property
    def grades_label(self) -> str:
        if not self.grade_low:
            return ""
        if self.grade_low == self.grade_high:
            return self.grade_low
        return f"{self.grade_low}–{self.grade_high}"
