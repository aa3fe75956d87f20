"""Evidence items (versioned claims of impact), their findings and attached documents."""

import enum
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, IdMixin, TimestampMixin, str_enum


class EvidenceStatus(enum.StrEnum):
    draft = "draft"
    submitted = "submitted"
    verified = "verified"
    returned = "returned"

    @property
    def label(self) -> str:
        return {
            "draft": "Draft",
            "submitted": "Submitted",
            "verified": "Verified",
            "returned": "Returned",
        }[self.value]


class EvidenceType(enum.StrEnum):
    independent_evaluation = "independent_evaluation"
    internal_analysis = "internal_analysis"
    case_study = "case_study"

    @property
    def label(self) -> str:
        return EVIDENCE_TYPE_LABELS[self]


EVIDENCE_TYPE_LABELS = {
    EvidenceType.independent_evaluation: "Independent evaluation",
    EvidenceType.internal_analysis: "Internal outcome analysis",
    EvidenceType.case_study: "Case study",
}


class StudyDesign(enum.StrEnum):
    rct = "rct"
    quasi_experimental = "quasi_experimental"
    correlational_controls = "correlational_controls"
    correlational = "correlational"
    pre_post = "pre_post"
    logic_model_only = "logic_model_only"
    descriptive = "descriptive"

    @property
    def label(self) -> str:
        return STUDY_DESIGN_LABELS[self]


STUDY_DESIGN_LABELS = {
    StudyDesign.rct: "Randomized controlled trial (experimental)",
    StudyDesign.quasi_experimental: "Quasi-experimental (matched comparison group)",
    StudyDesign.correlational_controls: "Correlational with statistical controls for selection bias",
    StudyDesign.correlational: "Correlational without statistical controls",
    StudyDesign.pre_post: "Before and after, without a comparison group",
    StudyDesign.logic_model_only: "Logic model only (no outcome study yet)",
    StudyDesign.descriptive: "Descriptive or anecdotal",
}


class Attrition(enum.StrEnum):
    low = "low"
    high = "high"
    unknown = "unknown"


ATTRITION_LABELS = {
    Attrition.low: "Low (within WWC's boundary)",
    Attrition.high: "High",
    Attrition.unknown: "Not known",
}


class WwcRating(enum.StrEnum):
    not_reviewed = "not_reviewed"
    without_reservations = "without_reservations"
    with_reservations = "with_reservations"
    does_not_meet = "does_not_meet"


WWC_RATING_LABELS = {
    WwcRating.not_reviewed: "Not reviewed by the What Works Clearinghouse",
    WwcRating.without_reservations: "Meets WWC standards without reservations",
    WwcRating.with_reservations: "Meets WWC standards with reservations",
    WwcRating.does_not_meet: "Does not meet WWC standards",
}


class Direction(enum.StrEnum):
    positive = "positive"
    negative = "negative"
    none = "none"


DIRECTION_LABELS = {
    Direction.positive: "Positive (favorable)",
    Direction.negative: "Negative (unfavorable)",
    Direction.none: "No difference",
}


OUTCOME_DOMAINS: dict[str, str] = {
    "math": "Mathematics achievement",
    "ela": "English language arts and literacy",
    "science": "Science achievement",
    "attendance": "Attendance and chronic absence",
    "behavior": "Behavior and discipline",
    "graduation": "Graduation and progression",
    "social_emotional": "Social-emotional learning",
    "climate": "School climate",
    "teacher_practice": "Teacher practice and retention",
    "other": "Other outcome",
}

LOCALES: dict[str, str] = {
    "urban": "Urban",
    "suburban": "Suburban",
    "town": "Town",
    "rural": "Rural",
    "mixed": "Mixed",
}


class EvidenceItem(IdMixin, TimestampMixin, Base):
    """One version of a partner's claim of impact. Submitted versions are never changed.

    A correction is a new row with the same `lineage_id` and `version` + 1, pointing at the
    version it corrects; `is_latest` marks the newest row of each lineage.
    """

    __tablename__ = "evidence_items"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    lineage_id: Mapped[int | None] = mapped_column(index=True)
    version: Mapped[int] = mapped_column(default=1)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("evidence_items.id", ondelete="SET NULL"))
    is_latest: Mapped[bool] = mapped_column(default=True)
    status: Mapped[EvidenceStatus] = mapped_column(str_enum(EvidenceStatus), default=EvidenceStatus.draft)

    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    evidence_type: Mapped[EvidenceType] = mapped_column(str_enum(EvidenceType))
    study_design: Mapped[StudyDesign] = mapped_column(str_enum(StudyDesign))
    conducted_by: Mapped[str] = mapped_column(String(200), default="")
    study_year: Mapped[int | None]
    grades: Mapped[str] = mapped_column(String(60), default="")
    locale: Mapped[str] = mapped_column(String(40), default="")
    school_count: Mapped[int | None]
    student_count: Mapped[int | None]
    site_count: Mapped[int | None]
    attrition: Mapped[Attrition | None] = mapped_column(str_enum(Attrition))
    baseline_equivalence: Mapped[bool] = mapped_column(default=False)
    wwc_rating: Mapped[WwcRating] = mapped_column(str_enum(WwcRating), default=WwcRating.not_reviewed)
    has_logic_model: Mapped[bool] = mapped_column(default=False)
    study_under_way: Mapped[bool] = mapped_column(default=False)
    citation: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(500), default="")

    # The tier the rules propose: recomputed on every draft save, frozen on submission.
    claimed_tier: Mapped[str] = mapped_column(String(16), default="none")
    verified_tier: Mapped[str | None] = mapped_column(String(16))
    staff_reason: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    partner: Mapped["Partner"] = relationship(lazy="raise")  # type: ignore[name-defined]  # noqa: F821
    findings: Mapped[list["Finding"]] = relationship(
        back_populates="item", lazy="raise", cascade="all, delete-orphan", order_by="Finding.position"
    )
    attachments: Mapped[list["EvidenceAttachment"]] = relationship(
        back_populates="item", lazy="raise", cascade="all, delete-orphan", order_by="EvidenceAttachment.id"
    )

    __table_args__ = (
        Index("ix_evidence_items_partner_id_is_latest", "partner_id", "is_latest"),
        Index("ix_evidence_items_status_partner_id", "status", "partner_id"),
        UniqueConstraint("lineage_id", "version"),
    )

    @property
    def is_draft(self) -> bool:
        return self.status is EvidenceStatus.draft

    @property
    def tier(self) -> str:
        """The verified tier when staff have set one, else the claimed tier."""
        return self.verified_tier or self.claimed_tier


class Finding(IdMixin, Base):
    """One result of a study: an outcome, its measure, and the effect found."""

    __tablename__ = "evidence_findings"

    evidence_item_id: Mapped[int] = mapped_column(
        ForeignKey("evidence_items.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    outcome_domain: Mapped[str] = mapped_column(String(40))
    measure: Mapped[str] = mapped_column(String(200))
    effect_size: Mapped[float | None] = mapped_column(Float)
    before_value: Mapped[float | None] = mapped_column(Float)
    after_value: Mapped[float | None] = mapped_column(Float)
    comparison_before: Mapped[float | None] = mapped_column(Float)
    comparison_after: Mapped[float | None] = mapped_column(Float)
    p_value: Mapped[float | None] = mapped_column(Float)
    reported_significant: Mapped[bool] = mapped_column(default=False)
    direction: Mapped[Direction] = mapped_column(str_enum(Direction))
    sample_size: Mapped[int | None]

    item: Mapped[EvidenceItem] = relationship(back_populates="findings", lazy="raise")


class EvidenceAttachment(IdMixin, Base):
    """A partner document (report, data file) attached to one evidence version."""

    __tablename__ = "evidence_attachments"

    evidence_item_id: Mapped[int] = mapped_column(ForeignKey("evidence_items.id", ondelete="CASCADE"))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)

    item: Mapped[EvidenceItem] = relationship(back_populates="attachments", lazy="raise")
    document: Mapped["Document"] = relationship(lazy="raise")  # type: ignore[name-defined]  # noqa: F821

    __table_args__ = (UniqueConstraint("evidence_item_id", "document_id"),)
